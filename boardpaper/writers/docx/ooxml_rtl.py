"""Right-to-left text in a DOCX, marked as Word expects (raw XML, like :mod:`.ooxml`).

Word shapes Arabic-script text and orders it right to left itself when the runs say so: the text
stays in logical order, as typed; only ``w:rtl`` (run) and ``w:bidi`` (paragraph) are added.
"""
from __future__ import annotations

import unicodedata
from copy import deepcopy

from docx.oxml.ns import qn

from ...fonts.coverage import direction as _direction
from ...fonts.coverage import has_rtl as _has_rtl
from .ooxml import PPR_SEQ, RPR_SEQ, el, put

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def direction_runs(text: str) -> list[tuple[str, bool]]:
    """``text`` cut where its direction changes: ``(piece, right_to_left)`` pairs. Letters decide;
    spaces, digits and punctuation between a left-to-right and a right-to-left letter go with the
    right-to-left piece (as Word keeps them when one types Arabic with English words), those at the
    start or end with their one neighbour. Text with letters of one direction is one piece."""
    strong = [_strength(ch) for ch in text]
    side = list(strong)
    i = 0
    while i < len(text):
        if strong[i] is not None:
            i += 1
            continue
        j = i
        while j < len(text) and strong[j] is None:
            j += 1
        before = strong[i - 1] if i else None
        after = strong[j] if j < len(text) else None
        if before is None or after is None:
            way = after if before is None else before
        else:
            way = before if before == after else True
        side[i:j] = [True if way is None else way] * (j - i)
        i = j
    out: list[tuple[str, bool]] = []
    for ch, rtl in zip(text, side):
        if out and out[-1][1] == rtl:
            out[-1] = (out[-1][0] + ch, rtl)
        else:
            out.append((ch, bool(rtl)))
    return out


def _strength(ch: str) -> bool | None:
    """True for a right-to-left letter, False for a left-to-right one, None for anything else."""
    kind = unicodedata.bidirectional(ch)
    return True if kind in ("R", "AL") else False if kind == "L" else None


def mark_right_to_left(story) -> None:
    """Mark right-to-left text in ``story`` (any part's root element) as Word expects: ``w:rtl``
    on each run of right-to-left letters (Arabic, Urdu, Hebrew), a run mixing them with Latin
    words being cut in two (:func:`direction_runs`), and ``w:bidi`` on each paragraph whose first
    letter with a direction is right-to-left. The text stays in logical order; Word shapes and
    orders it."""
    w_t, w_r, w_p = qn("w:t"), qn("w:r"), qn("w:p")
    paragraphs = {}
    texts = [t for t in story.iter(w_t) if t.text and _has_rtl(t.text)]  # documents without such text cost little
    for t in texts:
        r = t.getparent()
        if r is None or r.tag != w_r:
            continue
        for run in _cut_by_direction(r, t):
            put(run.get_or_add_rPr(), el("w:rtl"), RPR_SEQ)
        p = next((a for a in r.iterancestors(w_p)), None)
        if p is not None:
            paragraphs[id(p)] = p
    for p in paragraphs.values():
        if _direction("".join(t.text or "" for t in p.iter(w_t))) == "rtl":
            put(p.get_or_add_pPr(), el("w:bidi"), PPR_SEQ)


def _cut_by_direction(r, t) -> list:
    """Cut run ``r`` (its text ``t``) into runs of one direction each, same format; the right-to-left
    ones. A run holding more than its text (a tab, a field) is left whole and counts as right-to-left."""
    pieces = direction_runs(t.text)
    if len(pieces) == 1 or any(c.tag not in (qn("w:rPr"), qn("w:t")) for c in r):
        return [r]
    runs = [r]
    for _ in pieces[1:]:
        runs.append(deepcopy(r))
        runs[-2].addnext(runs[-1])
    out = []
    for run, (text, rtl) in zip(runs, pieces):
        piece = run.find(qn("w:t"))
        piece.text = text
        piece.set(XML_SPACE, "preserve")
        if rtl:
            out.append(run)
    return out


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
