"""Every reportlab platypus internal the PDF writer relies on, in one place.

Checked against reportlab 5.1.0 (the ``reportlab>=5.1,<5.2`` pin in ``pyproject.toml``);
``tests/writers/pdf/test_platypus.py`` tests each behaviour relied on, so an upgrade that breaks one fails
there first. Outside this module :mod:`boardpaper.writers.pdf.writer` uses platypus's public API only.

What is relied on:

- ``Frame``: ``_y`` (the cursor, falling as flowables are placed), ``_y1p`` (the lowest point a
  flowable may reach), ``_atTop`` (nothing placed yet), ``_x1``/``_y1``/``_width``/``_height``
  with ``_geom()`` recomputing the derived values, ``_getAvailableWidth()``, and ``add`` being
  the method ``BaseDocTemplate.handle_flowable`` calls (``Frame.add`` is an alias of
  ``Frame._add``, so a subclass rebinds both).
- ``Table``: ``_cellvalues`` (rows of cell values), ``_rowHeights`` (after ``wrap``), ``_argH``
  (the row heights asked for; ``None`` = measure), and that a split part is a new instance of
  the table's class made from those values.
- ``BaseDocTemplate._endBuild`` saving the canvas unless ``_doSave`` is false.
- ``reportlab.pdfbase.ttfonts.makeToUnicodeCMap(fontname, subset)``, the module-level function
  that writes a TrueType subset's ToUnicode map, called through the module's globals: reportlab
  writes a character beyond U+FFFF (an emoji drawn by DejaVu Sans) as five hex digits, which text
  extraction reads as a different character; :func:`_to_unicode_cmap` writes UTF-16, as the PDF
  reference asks, and replaces it when this module is imported.

The lines of a wrapped ``Paragraph`` (``blPara``), which right-to-left text is reordered in, are
used by :mod:`.bidi` alone (tested in ``tests/writers/test_rtl.py``).
"""
from __future__ import annotations

from typing import Callable

from reportlab.platypus import BaseDocTemplate, Frame, Table

FUZZ = 1e-6


# ---------------------------------------------------------------------------- frames
def space_left(frame: Frame) -> float:
    """The height still free in ``frame`` (from the cursor to the raised bottom)."""
    return frame._y - frame._y1p


def cursor(frame: Frame) -> float:
    """The y of the frame's cursor: the bottom of what has been placed (the top when nothing has)."""
    return frame._y


def at_top(frame: Frame) -> bool:
    """True while nothing has been placed in ``frame`` on this page."""
    return bool(frame._atTop)


def available_width(frame: Frame) -> float:
    return frame._getAvailableWidth()


def set_bottom(frame: Frame, y1: float, height: float) -> None:
    """Give ``frame`` a new bottom edge and height (at the start of a page)."""
    frame._y1, frame._height = y1, height
    frame._geom()


def geometry(frame: Frame) -> tuple[float, float]:
    """``(y1, height)`` of ``frame`` as made."""
    return frame._y1, frame._height


class ReservingFrame(Frame):
    """A frame that asks ``reserve(flowable, space_left, at_top)`` before placing a flowable: the
    answer is how much to raise the frame's bottom (space kept for footnotes), or ``None`` to
    refuse the flowable here (platypus then splits it or moves it on). ``placed(flowable, raised)``
    is called when it was placed. The raise lasts until :func:`set_bottom` (a new page does not
    undo it: ``Frame._reset`` leaves ``_y1p`` alone)."""

    reserve: Callable | None = None
    placed: Callable | None = None

    def add(self, flowable, canv, trySplit=0):
        if self.reserve is None:
            return Frame.add(self, flowable, canv, trySplit)
        flowable.canv = canv
        raised = self.reserve(flowable, space_left(self), at_top(self))
        if raised is None:
            return 0
        self._y1p += raised
        ok = Frame.add(self, flowable, canv, trySplit)
        if ok:
            if self.placed is not None:
                self.placed(flowable, raised)
        else:
            self._y1p -= raised
        return ok

    _add = add


# ---------------------------------------------------------------------------- tables
def table_rows(table: Table) -> list[list]:
    """The cell values of ``table`` (a split part holds only its own rows, header first)."""
    return table._cellvalues


def row_heights(table: Table) -> list[float]:
    """Each row's height; valid after ``table.wrap``."""
    return list(table._rowHeights)


def replace_cell(table: Table, row: int, col: int, value) -> None:
    """Put ``value`` in a cell of a table not yet wrapped, and let that row be measured anew
    (a split part inherits measured heights)."""
    table._cellvalues[row][col] = value
    heights = list(table._argH)
    heights[row] = None
    table._argH = heights


# ---------------------------------------------------------------------------- documents
class FinishingDocTemplate(BaseDocTemplate):
    """A doc template that calls ``finish(canv)`` after the last page and before saving, so
    forms referenced while drawing (page numbers) can be defined once every page is known."""

    def finish(self, canv) -> None:  # pragma: no cover - overridden
        pass

    def _endBuild(self):
        self._doSave = 0
        super()._endBuild()
        self.finish(self.canv)
        self.canv.save()


# ---------------------------------------------------------------------------- fonts
def _utf16_hex(code: int) -> str:
    """``code`` as the UTF-16BE hex a ToUnicode map holds (a surrogate pair beyond U+FFFF)."""
    return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()


def _to_unicode_cmap(fontname: str, subset) -> str:
    """reportlab's ToUnicode CMap for a subset, line for line, with each character in UTF-16."""
    lines = _REPORTLAB_CMAP(fontname, subset).split("\n")
    first = next(i for i, line in enumerate(lines) if line.endswith(" beginbfchar")) + 1
    lines[first:first + len(subset)] = [f"<{i:02X}> <{_utf16_hex(v)}>" for i, v in enumerate(subset)]
    return "\n".join(lines)


def _install_to_unicode_fix() -> Callable:
    """Put :func:`_to_unicode_cmap` in reportlab's place (once); returns reportlab's own."""
    from reportlab.pdfbase import ttfonts

    current = ttfonts.makeToUnicodeCMap
    original = getattr(current, "reportlab_own", current)  # this module imported again: keep reportlab's
    _to_unicode_cmap.reportlab_own = original  # type: ignore[attr-defined]
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    return original


_REPORTLAB_CMAP = _install_to_unicode_fix()
