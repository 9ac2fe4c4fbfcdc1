"""Raw WordprocessingML for the status icons (kept apart from :mod:`._ooxml`, already long): an
inline picture without LibreOffice's default text distance, and a run raised beside it."""
from __future__ import annotations

from docx.oxml.ns import qn

from ._ooxml import RPR_SEQ, el, put


def set_run_position(run_, half_points: int) -> None:
    """Raise (positive) or lower (negative) ``run_`` from the baseline by ``half_points``
    (``w:position``), e.g. to centre the words beside an inline icon on it."""
    put(run_._r.get_or_add_rPr(), el("w:position", {"val": half_points}), RPR_SEQ)


def set_picture_margins(run_, emu: int = 0) -> None:
    """Give every inline picture of ``run_`` explicit text distances (``distT/B/L/R``): without them
    LibreOffice puts 0.125 in (9 pt) of space beside an inline picture."""
    for inline in run_._r.iter(qn("wp:inline")):
        for side in ("distT", "distB", "distL", "distR"):
            inline.set(side, str(emu))
