"""The PDF scorecard table: a platypus ``Table`` that splits where the page and its footnotes
allow, labels each continuation of a sub-objective, and never refuses to be laid out.

The table asks its document (:class:`Placement`) how much footnote space a run of rows needs on
the current page. A "merged" sub-objective is painted as one cell (one fill, no rules between
its rows) but is not a reportlab span, so the table may split between any two rows; the first
row of every part that continues a group shows the group's ``continued`` label.
"""
from __future__ import annotations

from typing import Protocol

from reportlab.platypus import Table, TableStyle

from ...model import Group, Section
from . import platypus as _platypus
from .bidi import BidiParagraph as Paragraph  # right-to-left lines in visual order


MIN_ROW_PART = 36.0  # points: less room than this, and a row taller than a page starts on the next page


class Placement(Protocol):
    """What a table asks of the document it is laid out in."""

    frame_height: float

    def reserve_for(self, height: float, notes, space: float, top: bool, *, overflow: bool = True) -> float | None:
        """Footnote space to add for a part of ``height`` carrying ``notes`` (None: not here)."""

    def at_top(self) -> bool:
        """True while nothing has been placed on the current page."""


class Marked(Paragraph):
    """A paragraph that carries what the layout records about it: ``bp_anchor`` (level, key, title),
    drawn as a bookmark and outline entry at its top; ``bp_dest``, a destination alone; ``bp_notes``, the footnote numbers whose
    markers it shows (at its end, so they stay with its last part when it splits)."""

    bp_anchor: tuple[int, str, str] | None = None
    bp_notes: tuple[int, ...] = ()
    bp_dest: str = ""  # a named destination at its top, without an outline entry (a KPI row's)

    def draw(self):
        if self.bp_dest:
            self.canv.bookmarkHorizontal(self.bp_dest, 0, self.height)
        if self.bp_anchor is not None:
            record = getattr(self.canv, "bp_anchor", None)
            if record is not None:
                record(self.canv, *self.bp_anchor, self.height)
        super().draw()

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        for i, p in enumerate(parts):
            p.bp_anchor = self.bp_anchor if i == 0 else None
            p.bp_dest = self.bp_dest if i == 0 else ""
            p.bp_notes = self.bp_notes if i == len(parts) - 1 else ()
        return parts


def notes_in_cells(row) -> tuple[int, ...]:
    """The footnote numbers whose markers a table row's cells carry."""
    out: list[int] = []
    for cell in row:
        for item in cell if isinstance(cell, (list, tuple)) else (cell,):
            out.extend(getattr(item, "bp_notes", ()))
    return tuple(out)


def notes_in(flowable) -> tuple[int, ...]:
    """The footnote numbers whose markers ``flowable`` (a scorecard table or a part) carries."""
    if not isinstance(flowable, Table):
        return tuple(getattr(flowable, "bp_notes", ()))
    return tuple(n for row in _platypus.table_rows(flowable) for n in notes_in_cells(row))


class ScorecardTable(Table):
    """A Table of one section's rows (header row first, repeated on every page).

    ``bp_rows`` maps each table row to its row index in ``bp_section`` (None: the header);
    ``bp_place`` is the document; ``bp_label(group)`` makes a continuation label cell;
    ``bp_sub_col`` is the sub-objective column (None: none)."""

    bp_place: Placement | None = None
    bp_section: Section | None = None
    bp_rows: list = []
    bp_label = None
    bp_sub_col: int | None = None
    bp_rule: tuple | None = None  # (width, colour) of the rule that closes a part at a page break

    _bp_wrapped: float | None = None
    _bp_size: tuple[float, float] = (0.0, 0.0)

    def wrap(self, availWidth, availHeight):
        """Measured once per width: the cells never change after the table is made (the row
        heights do not depend on ``availHeight`` in a table without spans)."""
        if self._bp_wrapped != availWidth:
            self._bp_size = super().wrap(availWidth, availHeight)
            self._bp_wrapped = availWidth
        return self._bp_size

    def split(self, availWidth, availHeight):
        place = self.bp_place
        if place is None:
            return super().split(availWidth, availHeight)
        self.wrap(availWidth, availHeight)
        heights = _platypus.row_heights(self)
        rows = _platypus.table_rows(self)
        top = place.at_top()
        best, best_height, best_notes, total, notes = 0, 0.0, [], heights[0], []
        for k in range(1, len(heights)):
            total += heights[k]
            if total > availHeight + _platypus.FUZZ:
                break
            notes.extend(notes_in_cells(rows[k]))
            if place.reserve_for(total, notes, availHeight, top, overflow=False) is not None:
                best, best_height, best_notes = k, total, list(notes)
        overflow = False
        if not best and len(heights) > 1 and heights[0] + heights[1] <= availHeight + _platypus.FUZZ:
            # the first row fits but not with all its notes: they may continue on the next page
            row_notes = notes_in_cells(rows[1])
            if place.reserve_for(heights[0] + heights[1], row_notes, availHeight, top) is not None:
                best, best_height, overflow = 1, heights[0] + heights[1], True
                # rows with no notes that still fit go below it in this part, rather than in the
                # rest of the table placed on this page under a second header row
                while (best + 1 < len(heights) and not notes_in_cells(rows[best + 1])
                       and best_height + heights[best + 1] <= availHeight + _platypus.FUZZ
                       and place.reserve_for(best_height + heights[best + 1], row_notes, availHeight, top)
                       is not None):
                    best += 1
                    best_height += heights[best]
        if best:
            following = best + 1
            if not overflow and following < len(heights) and heights[0] + heights[following] > place.frame_height:
                # the next row is taller than a page: it starts here, below the rows that fit
                reserve = place.reserve_for(best_height, best_notes, availHeight, top, overflow=False) or 0.0
                if availHeight - reserve - best_height >= MIN_ROW_PART:
                    parts = self._parts(availWidth, availHeight - reserve, in_row=True)
                    if len(parts) == 2 and self._fits(parts[0], availWidth, availHeight, top, False):
                        return parts
            return self._flag(self._parts(availWidth, best_height + 0.01, in_row=False), overflow)
        too_tall = len(heights) > 1 and heights[0] + heights[1] > place.frame_height
        if not (top or (too_tall and availHeight >= place.frame_height / 2)):
            return []  # the next row moves to the next page, where it fits
        row_notes = notes_in_cells(rows[1]) if len(rows) > 1 else ()
        for share in (1 / 3, 0.0):  # keep room for the row's notes if it can
            reserve = place.reserve_for(0.0, row_notes, availHeight, True) if row_notes else 0.0
            parts = self._parts(availWidth, availHeight - min(reserve or 0.0, share * place.frame_height),
                                in_row=True)
            if parts and self._fits(parts[0], availWidth, availHeight, top, True):
                return self._flag(parts, True)
        return []

    def _fits(self, part, availWidth, availHeight, top: bool, overflow: bool) -> bool:
        """True when the document will place ``part`` here (with its notes' space)."""
        height = part.wrap(availWidth, availHeight)[1]
        return self.bp_place.reserve_for(height, notes_in(part), availHeight, top, overflow=overflow) is not None

    def starts_in(self, availWidth, availHeight) -> bool:
        """True when the table's first row (or the start of one taller than a page) would be
        placed in ``availHeight`` below what is on the page now, with its notes."""
        place = self.bp_place
        self.wrap(availWidth, availHeight)
        heights = _platypus.row_heights(self)
        if len(heights) < 2 or place is None:
            return True
        first = heights[0] + heights[1]
        if first > place.frame_height:
            return availHeight >= place.frame_height / 2
        notes = notes_in_cells(_platypus.table_rows(self)[1])
        return first <= availHeight and place.reserve_for(first, notes, availHeight, False) is not None

    @staticmethod
    def _flag(parts: list, overflow: bool) -> list:
        """Mark the first part as one whose notes may continue on the next page."""
        if parts and overflow:
            parts[0].bp_overflow = True
        return parts

    def _parts(self, availWidth, availHeight, *, in_row: bool) -> list:
        """Split at ``availHeight`` (inside a row when ``in_row`` and no whole row fits), carrying
        the row map over and labelling a continued group."""
        self.splitInRow, self.splitByRow = (1, 0) if in_row else (0, 1)
        try:
            parts = super().split(availWidth, availHeight)
        finally:
            self.splitInRow, self.splitByRow = 0, 1
        if len(parts) != 2:
            return parts
        first, rest = parts
        if self.bp_rule is not None:  # close the part: reportlab loses its 'splitlast' rules in later parts
            first.setStyle(TableStyle([("LINEBELOW", (0, -1), (-1, -1), *self.bp_rule)]))
        n0 = len(_platypus.table_rows(first))
        split_row = n0 + len(_platypus.table_rows(rest)) - 1 > len(self.bp_rows)
        first_map = self.bp_rows[:n0]
        rest_map = [None] + self.bp_rows[n0 - 1 if split_row else n0:]
        for part, mapping in ((first, first_map), (rest, rest_map)):
            part.bp_place, part.bp_section, part.bp_rows = self.bp_place, self.bp_section, mapping
            part.bp_label, part.bp_sub_col, part.bp_rule = self.bp_label, self.bp_sub_col, self.bp_rule
        if len(rest_map) == len(_platypus.table_rows(rest)) and len(rest_map) > 1:
            self._label_continuation(rest, rest_map[1], split_row)
        return parts

    def _label_continuation(self, part: Table, index: int, split_row: bool) -> None:
        """Show the group's continuation label at the top of ``part``, unless the row split in
        the middle of the label itself: the rest of the label goes on instead (putting the whole
        label back would never end when the label is taller than a page)."""
        group = _group_of(self.bp_section, index)
        if group is None or self.bp_sub_col is None or self.bp_label is None:
            return
        if split_row and _holds_content(_platypus.table_rows(part)[1][self.bp_sub_col]):
            return
        if split_row or index > group.first:
            _platypus.replace_cell(part, 1, self.bp_sub_col, self.bp_label(group))


def _holds_content(cell) -> bool:
    """True when a table cell value (a string, a flowable or a sequence of them) draws anything."""
    if isinstance(cell, (list, tuple)):
        return any(_holds_content(c) for c in cell)
    if isinstance(cell, str):
        return bool(cell.strip())
    return cell is not None


def _group_of(section: Section | None, index: int) -> Group | None:
    if section is None or index is None:
        return None
    for g in section.groups:
        if g.first <= index < g.first + g.count:
            return g
    return None
