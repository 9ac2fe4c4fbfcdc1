"""Line breaks inside words too long for their line, decided at paint time.

reportlab breaks lines only at spaces (its own long-word splitting fails when a zero-width
fragment precedes the word and splits a URL only once), so a token wider than its box is cut
here into pieces that each fit, joined by a line break: a word at the hyphenation points of the
paper's language (pyphen's dictionaries, as LibreOffice's), with a hyphen drawn at the end of the
line; else at URL punctuation (``/ . ? & = - _``) when there is one; only a token that neither
breaks to fit (a single syllable, a code) is cut anywhere. A word that fits its line is never split.
"""
from __future__ import annotations

import re
from functools import lru_cache

from reportlab.pdfbase.pdfmetrics import stringWidth

PUNCTUATION = frozenset("/.?&=-_")
SAFETY = 0.97
WIDEST = 1.25  # no glyph of a text font is wider than this many ems: shorter tokens are not measured
_TOKENS = re.compile(r"(\s+)")


_WORD = re.compile(r"^([\W_]*)([^\W\d_]{4,})([\W_]*)$")  # a word of letters, with punctuation around it


@lru_cache(maxsize=16)
def _hyphenator(lang: str):
    """pyphen's dictionary for ``lang`` (``en-GB`` → ``en_GB``, else its nearest), or ``None``."""
    try:
        import pyphen  # lazy: the hyphenation dictionaries load only when a word is too wide
    except ImportError:  # pragma: no cover - a dependency; without it words break anywhere
        return None
    name = (lang or "en_GB").replace("-", "_")
    found = pyphen.language_fallback(name) or pyphen.language_fallback(name.split("_")[0])
    return pyphen.Pyphen(lang=found) if found else None


def break_long_words(text: str, width: float, font: str, size: float, *, fallback: str | None = None,
                     covered: frozenset[int] | None = None, lang: str = "en-GB") -> str:
    """``text`` with a ``\\n`` inside every whitespace-free token wider than ``width`` points, so
    that each piece fits: a word hyphenated by ``lang``'s rules where it can be. Characters
    outside ``covered`` are measured in ``fallback``."""
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
        hyphenated = _hyphenated(token, limit, font, size, fallback, covered, lang)
        parts[i] = "\n".join(hyphenated or _pieces(token, limit, font, size, fallback, covered))
        changed = True
    return "".join(parts) if changed else text


def _hyphenated(token: str, limit: float, font: str, size: float, fallback, covered, lang: str) -> list[str] | None:
    """``token`` (a word) in lines that each fit, broken only at its hyphenation points, each line
    but the last ending in a hyphen (a syllable wider than ``limit`` is cut where it must be);
    ``None`` when it is no word of a language with a dictionary."""
    m = _WORD.match(token)
    dic = _hyphenator(lang) if m else None
    if dic is None:
        return None
    lead, word, tail = m.groups()
    points = [p + len(lead) for p in dic.positions(word)]
    lines, start = [], 0
    while _width(token[start:], font, size, fallback, covered) > limit:
        fits = [p for p in points if p > start and
                _width(token[start:p] + "-", font, size, fallback, covered) <= limit]
        if not fits:  # a syllable wider than the column: only it is cut anywhere
            cut = start + 1
            while cut < len(token) and _width(token[start:cut + 1], font, size, fallback, covered) <= limit:
                cut += 1
            lines.append(token[start:cut])
            start = cut
            continue
        lines.append(token[start:fits[-1]] + "-")
        start = fits[-1]
    return lines + [token[start:]]


def _width(s: str, font: str, size: float, fallback: str | None, covered) -> float:
    if covered is None or fallback is None or all(ord(c) in covered for c in s):
        return stringWidth(s, font, size)
    return sum(stringWidth(c, font if ord(c) in covered else fallback, size) for c in s)


def _pieces(token: str, limit: float, font: str, size: float, fallback, covered) -> list[str]:
    return _cut([_width(c, font, size, fallback, covered) for c in token], token, limit, limit)


def flow_token(token: str, first: float, width: float, font: str, size: float) -> list[str]:
    """``token`` (a web address, say) cut after punctuation into lines: the first piece fits the
    ``first`` points left on the line it starts on (``""`` when nothing fits there), each other
    piece ``width``. How a word processor flows a long address on after the text before it."""
    return _cut([stringWidth(c, font, size) for c in token], token, first * SAFETY, width * SAFETY)


def _cut(widths: list[float], token: str, first: float, rest: float) -> list[str]:
    """``token`` cut into pieces after punctuation where it can, else anywhere: the first piece at
    most ``first`` points wide (``""`` when less than a character fits there), the others ``rest``;
    ``widths`` holds each character's width."""
    out: list[str] = []
    start, used, mark, limit = 0, 0.0, -1, first
    i = 0
    while i < len(token):
        if used + widths[i] > limit and (i > start or limit < rest):
            cut = mark + 1 if mark >= start else (i if limit >= rest else start)
            out.append(token[start:cut])
            start, used, mark, limit = cut, sum(widths[cut:i]), -1, rest
            for j in range(cut, i):
                if token[j] in PUNCTUATION:
                    mark = j
            continue
        used += widths[i]
        if token[i] in PUNCTUATION:
            mark = i
        i += 1
    out.append(token[start:])
    return out
