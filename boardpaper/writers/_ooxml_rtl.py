"""Right-to-left text in a DOCX, marked as Word expects (raw XML, like :mod:`._ooxml`).

Word shapes Arabic-script text and orders it right to left itself when the runs say so: the text
stays in logical order, as typed; only ``w:rtl`` (run) and ``w:bidi`` (paragraph) are added.
"""
from __future__ import annotations

import re
import unicodedata

from docx.oxml.ns import qn

from ._ooxml import PPR_SEQ, RPR_SEQ, el, put


def _direction(text: str) -> str:
    """``"rtl"`` or ``"ltr"`` after the first letter with a strong direction; ``""`` if none."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return ""


_RTL_LETTERS = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]")


def _has_rtl(text: str) -> bool:
    return bool(_RTL_LETTERS.search(text))


def mark_right_to_left(story) -> None:
    """Mark right-to-left text in ``story`` (any part's root element) as Word expects: ``w:rtl``
    on each run holding right-to-left letters (Arabic, Urdu, Hebrew), ``w:bidi`` on each paragraph
    whose first letter with a direction is right-to-left. The text stays in logical order; Word
    shapes and orders it."""
    w_t, w_r, w_p = qn("w:t"), qn("w:r"), qn("w:p")
    paragraphs = {}
    for t in story.iter(w_t):  # one pass over the text nodes: documents without such text cost little
        if not (t.text and _has_rtl(t.text)):
            continue
        r = t.getparent()
        if r is None or r.tag != w_r:
            continue
        put(r.get_or_add_rPr(), el("w:rtl"), RPR_SEQ)
        p = next((a for a in r.iterancestors(w_p)), None)
        if p is not None:
            paragraphs[id(p)] = p
    for p in paragraphs.values():
        if _direction("".join(t.text or "" for t in p.iter(w_t))) == "rtl":
            put(p.get_or_add_pPr(), el("w:bidi"), PPR_SEQ)


def mark_right_to_left_parts(package) -> None:
    """:func:`mark_right_to_left` on every XML part of ``package`` (body, footnotes, headers); when
    any holds right-to-left text, :func:`match_complex_script` on every part (styles too)."""
    parts = [e for e in (getattr(part, "element", None) for part in package.iter_parts()) if e is not None]
    marked = False
    for element in parts:
        if element.find(".//" + qn("w:t")) is not None:
            mark_right_to_left(element)
            marked = marked or element.find(".//" + qn("w:rtl")) is not None
    if marked:
        for element in parts:
            match_complex_script(element)


_COMPLEX_TWINS = (("w:b", "w:bCs"), ("w:i", "w:iCs"), ("w:sz", "w:szCs"))


def match_complex_script(root) -> None:
    """Give every run format in ``root`` that sets bold, italic or a size the same for complex
    scripts (``w:bCs``, ``w:iCs``, ``w:szCs``): Word and LibreOffice format Arabic, Hebrew and
    right-to-left runs by those, so without them such text is set at the default size, not bold."""
    for rpr in root.iter(qn("w:rPr")):
        for plain, complex_ in _COMPLEX_TWINS:
            given = rpr.find(qn(plain))
            if given is not None and rpr.find(qn(complex_)) is None:
                put(rpr, el(complex_, {k.split("}")[-1]: v for k, v in given.attrib.items()}), RPR_SEQ)
