"""Right-to-left text in the PDF: wrapped in logical order, then each line put in visual order.

:func:`._fonts.markup` gives reportlab Arabic-script text shaped but in logical order (as typed),
so reportlab breaks it into lines word by word from the start of the sentence. When a paragraph
is drawn, :class:`BidiParagraph` puts each line in visual order by the Unicode bidirectional
algorithm: embedding levels resolved for the line with the paragraph's base direction
(``python-bidi``, the Rust ``unicode-bidi`` crate), then rules L1–L2 (trailing spaces at the base
level, runs reversed from the highest level down) and L4 (brackets mirrored in right-to-left runs).
It works character by character across reportlab's fragments, so fonts, links, superscript
markers and colours stay with their characters, and numbers ("2,345", "12%") and Latin runs keep
their reading order.

A paragraph whose first letter with a strong direction is right-to-left (Arabic, Urdu, Hebrew,
Persian) is right-aligned. A paragraph without right-to-left letters takes reportlab's own path
unchanged (one regular-expression search when it is made).

reportlab internals used (checked against 5.1.0, tested in ``tests/writers/test_rtl.py``): after ``wrap``
a paragraph's ``blPara`` holds its lines, ``kind`` 0 as ``(extraSpace, words)`` tuples of strings
joined by spaces when drawn, ``kind`` 1 as ``FragLine``\\ s whose ``words`` are fragments
(``text`` and style; callbacks carry ``cbDefn``) drawn one after another; ``split`` makes its parts
with ``self.__class__``; ``draw`` draws ``blPara``, the first baseline ``fontSize`` (or ``ascent``,
as ``rl_config.paraFontSizeHeightOffset`` says) below the top.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from itertools import accumulate

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph
from reportlab.rl_config import paraFontSizeHeightOffset

from ...fonts.coverage import direction, has_rtl

LTR, RTL = 0, 1  # paragraph embedding levels
_TRAILING = ("WS", "B", "S", "BN", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI")


def base_level(text: str) -> int | None:
    """``RTL`` or ``LTR`` for text holding right-to-left letters (by its first strong letter;
    ``RTL`` when only right-to-left letters are strong), ``None`` for text without any."""
    if not has_rtl(text):
        return None
    return LTR if direction(text) == "ltr" else RTL


def levels(text: str, base: int) -> list[int]:
    """The resolved embedding level of each character of ``text``, one paragraph whose base level is
    ``base`` (rules up to I2, before line rules). python-bidi's ``debug`` answer lists the Rust
    crate's levels, one per UTF-8 byte; the last list in it is the levels."""
    return list(_levels(text, base))


@lru_cache(maxsize=4096)
def _levels(text: str, base: int) -> tuple[int, ...]:
    from bidi import get_display

    if not text:
        return ()
    answer = get_display(text, base_dir="R" if base == RTL else "L", debug=True)
    start = answer.rfind("levels: [")  # "levels: [ Level( 1, ), Level( 2, ), … ]"
    listed = answer[start:answer.find("]", start)].split("Level(")[1:] if start >= 0 else []
    per_byte = [int(item.split(",", 1)[0]) for item in listed]
    sizes = [len(ch.encode("utf-8")) for ch in text]
    if sum(sizes) != len(per_byte):
        raise RuntimeError("python-bidi's debug answer no longer lists one level per byte of the text")
    return tuple(per_byte[at] for at in accumulate([0] + sizes[:-1]))


def visual_order(text: str, base: int) -> tuple[list[int], list[int]]:
    """The indices of ``text``'s characters in drawing order (left to right) for one line of a
    paragraph with base level ``base``, and each character's level (odd: drawn right to left)."""
    lv = levels(text, base)
    end = len(text)
    while end and unicodedata.bidirectional(text[end - 1]) in _TRAILING:  # L1: trailing white space
        end -= 1
        lv[end] = base
    order = list(range(len(text)))
    odd = [v for v in lv if v % 2]
    if not odd:
        return order, lv
    for level in range(max(lv), min(odd) - 1, -1):  # L2: reverse every run at this level or higher
        i = 0
        while i < len(order):
            if lv[order[i]] < level:
                i += 1
                continue
            j = i
            while j < len(order) and lv[order[j]] >= level:
                j += 1
            order[i:j] = order[i:j][::-1]
            i = j
    return order, lv


def _mirrored(ch: str, level: int) -> str:
    """L4: a bracket in a right-to-left run is drawn as its mirror image."""
    if level % 2 and unicodedata.mirrored(ch):
        from bidi.mirror import MIRRORED

        return MIRRORED.get(ch, ch)
    return ch


def visual_text(text: str, base: int) -> str:
    """One line of text as drawn left to right."""
    order, lv = visual_order(text, base)
    return "".join(_mirrored(text[i], lv[i]) for i in order)


def visual_fragments(fragments: list, base: int) -> list:
    """One line of reportlab fragments in drawing order: each fragment cut where the visual order
    leaves it, the pieces put in place (clones carrying the same style); fragments that draw
    nothing (callbacks, ``cbDefn``; a line break) go at the end of the line."""
    chars: list[str] = []
    owner: list[int] = []
    for k, f in enumerate(fragments):
        if not hasattr(f, "cbDefn"):
            chars.extend(f.text)
            owner.extend([k] * len(f.text))
    text = "".join(chars)
    if not text or (base == LTR and not has_rtl(text)):
        return fragments
    order, lv = visual_order(text, base)
    runs: list[tuple[int, list[str]]] = []
    for i in order:
        ch = _mirrored(chars[i], lv[i])
        if runs and runs[-1][0] == owner[i]:
            runs[-1][1].append(ch)
        else:
            runs.append((owner[i], [ch]))
    out = [fragments[k].clone(text="".join(cs)) for k, cs in runs]
    return out + [f for f in fragments if hasattr(f, "cbDefn") or not f.text]


def visual_lines(bl_para, base: int):
    """A copy of a wrapped paragraph's lines (``blPara``) with each line in drawing order."""
    if bl_para.kind == 0:
        lines = [(space, [visual_text(" ".join(words), base)]) for space, words in bl_para.lines]
    else:
        lines = [line.clone(words=visual_fragments(line.words, base)) for line in bl_para.lines]
    return bl_para.clone(lines=lines)


class BidiParagraph(Paragraph):
    """A reportlab ``Paragraph`` that lays out right-to-left text: wrapped in logical order, each
    line drawn in visual order; when its base direction is right-to-left it is right-aligned, its
    indents mirrored and its bullet (a note's number, a list number) drawn at its right.
    ``bp_base`` is the base level (``None``: no right-to-left letters, reportlab's own path)."""

    bp_base: int | None = None
    bp_bullet: str | None = None  # the bullet of a right-to-left paragraph, drawn by draw()

    def __init__(self, text, style=None, *args, **kwargs):
        super().__init__(text, style, *args, **kwargs)
        plain = "".join(getattr(f, "text", "") or "" for f in self.frags)
        self.bp_base = base_level(plain)
        if self.bp_base == RTL:
            self.style = right_to_left(self.style)
            if isinstance(self.bulletText, str):
                self.bp_bullet, self.bulletText = self.bulletText, None

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        for i, part in enumerate(parts):  # later parts keep the paragraph's direction, whatever their first word
            if part is not self:
                part.bp_base, part.bp_bullet = self.bp_base, self.bp_bullet if i == 0 else None
                if self.bp_base != RTL and part.style.name.endswith("-rtl"):
                    part.style = part.style.parent
        return parts

    def draw(self):
        if self.bp_base is None:
            return super().draw()
        logical = self.blPara
        self.blPara = visual_lines(logical, self.bp_base)
        try:
            super().draw()
        finally:
            self.blPara = logical
        if self.bp_bullet and self.blPara.lines:
            self._draw_bullet()

    def _draw_bullet(self) -> None:
        """The bullet at the right of the first line, ``bulletIndent`` in from the right edge."""
        style, canv = self.style, self.canv
        canv.saveState()
        canv.setFont(style.bulletFontName, style.bulletFontSize)
        canv.setFillColor(getattr(style, "bulletColor", None) or style.textColor)
        y = self.height - first_baseline_drop(self) + getattr(style, "bulletOffsetY", 0)
        canv.drawRightString(self.width - style.bulletIndent, y, visual_text(self.bp_bullet, RTL))
        canv.restoreState()


def right_to_left(style: ParagraphStyle) -> ParagraphStyle:
    """``style`` for a right-to-left paragraph: aligned right where it says left (its start), the
    left and right indents swapped. Already such a style (a split part's): returned as it is."""
    if style.name.endswith("-rtl"):
        return style
    return ParagraphStyle(f"{style.name}-rtl", parent=style, leftIndent=style.rightIndent,
                          rightIndent=style.leftIndent,
                          alignment=TA_RIGHT if style.alignment == TA_LEFT else style.alignment)


def running_line(canv, text: str, fonts, style: ParagraphStyle, x: float, y: float, *, right: bool = False) -> None:
    """One line of page furniture (a running header or footer) with its baseline at ``y``, ending at
    ``x`` (``right``) or starting there. Without right-to-left letters it is drawn as a plain string,
    as before; with them as a :class:`BidiParagraph` of :func:`._fonts.markup` text (shaped, in the
    fallback font where the main one lacks the letters, in visual order)."""
    if not has_rtl(text):
        (canv.drawRightString if right else canv.drawString)(x, y, text)
        return
    from ...fonts.embedded import markup

    para = BidiParagraph(markup(text, fonts), ParagraphStyle("running", style, alignment=TA_LEFT))
    para.wrap(10_000, 1_000)
    width = max(para.getActualLineWidths0() or [0.0]) + 0.5
    height = para.wrap(width, 1_000)[1]
    para.drawOn(canv, x - width if right else x, y - height + first_baseline_drop(para))


def first_baseline_drop(para: Paragraph) -> float:
    """How far below a wrapped paragraph's top reportlab puts its first baseline."""
    first = para.blPara if para.blPara.kind == 0 else para.blPara.lines[0]
    return first.fontSize if paraFontSizeHeightOffset else getattr(first, "ascent", first.fontSize)
