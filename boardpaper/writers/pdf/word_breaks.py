"""Line breaks inside words too long for their line, decided at paint time.

reportlab breaks lines only at spaces (its own long-word splitting fails when a zero-width
fragment precedes the word and splits a URL only once), so a token wider than its box is cut
here into pieces that each fit, joined by a line break: at URL punctuation (``/ . ? & = - _``)
when there is one, else anywhere. Nothing is added to the text a reader extracts but the line
ends any wrapped text has; no hyphen is drawn.
"""
from __future__ import annotations

import re

from reportlab.pdfbase.pdfmetrics import stringWidth

PUNCTUATION = frozenset("/.?&=-_")
SAFETY = 0.97
WIDEST = 1.25  # no glyph of a text font is wider than this many ems: shorter tokens are not measured  # measured widths may differ from drawn ones by kerning and rounding
_TOKENS = re.compile(r"(\s+)")


def break_long_words(text: str, width: float, font: str, size: float, *, fallback: str | None = None,
                     covered: frozenset[int] | None = None) -> str:
    """``text`` with a ``\\n`` inside every whitespace-free token wider than ``width`` points, so
    that each piece fits. Characters outside ``covered`` are measured in ``fallback``."""
    if width <= 0 or not text:
        return text
    limit = width * SAFETY
    if len(text) * size * WIDEST <= limit:
        return text
    parts = _TOKENS.split(text)
    changed = False
    for i, token in enumerate(parts):
        if i % 2 or len(token) * size * WIDEST <= limit or _width(token, font, size, fallback, covered) <= limit:
            continue
        parts[i] = "\n".join(_pieces(token, limit, font, size, fallback, covered))
        changed = True
    return "".join(parts) if changed else text


def _width(s: str, font: str, size: float, fallback: str | None, covered) -> float:
    if covered is None or fallback is None or all(ord(c) in covered for c in s):
        return stringWidth(s, font, size)
    return sum(stringWidth(c, font if ord(c) in covered else fallback, size) for c in s)


def _pieces(token: str, limit: float, font: str, size: float, fallback, covered) -> list[str]:
    widths = [_width(c, font, size, fallback, covered) for c in token]
    out: list[str] = []
    start, used, last_mark = 0, 0.0, -1
    i = 0
    while i < len(token):
        if used + widths[i] > limit and i > start:
            cut = last_mark + 1 if last_mark >= start else i
            out.append(token[start:cut])
            start, used, last_mark = cut, sum(widths[cut:i]), -1
            for j in range(cut, i):
                if token[j] in PUNCTUATION:
                    last_mark = j
            continue
        used += widths[i]
        if token[i] in PUNCTUATION:
            last_mark = i
        i += 1
    out.append(token[start:])
    return out
