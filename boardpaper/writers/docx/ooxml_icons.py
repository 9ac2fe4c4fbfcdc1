"""Raw WordprocessingML for the status icons (kept apart from :mod:`.ooxml`, already long): an
inline picture without LibreOffice's default text distance, and words centred on it."""
from __future__ import annotations

from docx.oxml.ns import qn

from .ooxml import PPR_SEQ, el, put


def set_picture_margins(run_, emu: int = 0) -> None:
    """Give every inline picture of ``run_`` explicit text distances (``distT/B/L/R``): without them
    LibreOffice puts 0.125 in (9 pt) of space beside an inline picture."""
    for inline in run_._r.iter(qn("wp:inline")):
        for side in ("distT", "distB", "distL", "distR"):
            inline.set(side, str(emu))


def set_text_alignment(paragraph, value: str = "center") -> None:
    """The vertical alignment of characters on a line (``w:textAlignment``): ``center`` centres the
    words beside an inline icon on it, in Word and LibreOffice alike."""
    put(paragraph._p.get_or_add_pPr(), el("w:textAlignment", {"val": value}), PPR_SEQ)
