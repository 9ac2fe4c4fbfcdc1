"""Which fonts the PDF embeds and which characters they can draw, decided before any writer runs.

The font files are found on this machine (``find_family``): the layout's family or its
metric-compatible free twin (Liberation Sans for Arial/Helvetica, Debian ``fonts-liberation2``),
else DejaVu Sans, whose regular and bold faces boardpaper carries (``boardpaper/fonts/data``, with
their licence; found before the machine's copies, so the font of last resort is the same file on
every machine; a missing oblique face is drawn upright). Characters the main font lacks are drawn from the
fallbacks (``fallback_fonts``): DejaVu Sans, then the first installed CJK font with TrueType
outlines (Droid Sans Fallback, Debian ``fonts-droid-fallback``; WenQuanYi Zen Hei; AR PL UMing),
else Noto Sans CJK (Debian ``fonts-noto-cjk``), whose PostScript (CFF) outlines the PDF writer
converts block by block (:mod:`boardpaper.fonts.cff_blocks`: slower, so a TrueType CJK font is
preferred). Colour emoji fonts have no outlines at all: emoji are reported.

Arabic-script text (Arabic, Urdu, Persian) is shaped (joined letter forms, ``arabic-reshaper``)
by :func:`shape`, which the PDF's text goes through: the PDF wraps it in logical order and puts each
line in visual order (the Unicode bidirectional algorithm, ``python-bidi``; see
:mod:`boardpaper.writers.pdf.bidi`). :func:`undrawable` checks the shaped text, so what it
reports is exactly what the PDF would miss.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

FONT_DIRS = (Path("/usr/share/fonts/truetype"), Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
             Path.home() / ".fonts")
LIBERATION = ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf", "LiberationSans-Italic.ttf",
              "LiberationSans-BoldItalic.ttf")
DEJAVU = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf")
CANDIDATES = {
    "arial": (("arial.ttf", "arialbd.ttf", "ariali.ttf", "arialbi.ttf"), LIBERATION),
    "helvetica": (LIBERATION,),
    "liberation sans": (LIBERATION,),
    "dejavu sans": (DEJAVU,),
}
CJK_FONTS = ("DroidSansFallbackFull.ttf", "DroidSansFallback.ttf", "wqy-zenhei.ttc", "uming.ttc")
CFF_CJK_FONTS = ("NotoSansCJK-Regular.ttc", "NotoSansCJK-Regular.otc", "NotoSansCJKsc-Regular.otf")
FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")
_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]")
_ARABIC = re.compile(r"[\u0600-\u08ff\ufb50-\ufdff\ufe70-\ufefc]")
_BEYOND_LATIN = re.compile(r"[^\x00-\u024f]")  # DejaVu Sans draws all of Basic Latin … Latin Extended-B
_INVISIBLE_CATEGORIES = ("Cf",)  # format characters (ZWJ, RLM, …): invisible, nothing to draw


# DejaVu Sans and Bold, with LICENSE-DejaVu.txt (package data: in the wheel)
BUNDLED = Path(str(files("boardpaper").joinpath("fonts", "data")))


@lru_cache(maxsize=None)
def _index() -> dict[str, Path]:
    """File name (lower case) → path for every font file in the bundled folder, then the usual
    font folders (the first file of a name wins)."""
    found: dict[str, Path] = {}
    for d in (BUNDLED, *FONT_DIRS):
        if d.is_dir():
            for p in sorted(d.rglob("*")):
                if p.suffix.lower() in FONT_SUFFIXES:
                    found.setdefault(p.name.lower(), p)
    return found


def find_family(family: str) -> tuple[Path, ...]:
    """Paths of the four faces (regular, bold, italic, bold italic) to use for ``family``; a
    family found without its italic faces (the bundled DejaVu Sans) gives its upright ones."""
    index = _index()
    for names in CANDIDATES.get(family.lower(), ()) + (LIBERATION, DEJAVU):
        paths = [index.get(n.lower()) for n in names]
        if paths[0] and paths[1]:
            return (paths[0], paths[1], paths[2] or paths[0], paths[3] or paths[1])
    raise RuntimeError(f"no usable TrueType font found (not even DejaVu Sans, bundled in {BUNDLED})")


def fallback_fonts() -> tuple[Path, ...]:
    """The fallback faces, in the order they are tried: DejaVu Sans, then a CJK font if installed
    (one with TrueType outlines if there is one, else Noto Sans CJK)."""
    index = _index()
    cjk = next((index[n.lower()] for n in CJK_FONTS + CFF_CJK_FONTS if n.lower() in index), None)
    return (find_family("dejavu sans")[0],) + ((cjk,) if cjk else ())


@lru_cache(maxsize=None)
def coverage(path: Path) -> frozenset[int]:
    """The code points the font at ``path`` (the first font of a collection) maps to glyphs."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), lazy=True, fontNumber=0)
    try:
        return frozenset(font["cmap"].getBestCmap() or ())
    finally:
        font.close()


def invisible(ch: str) -> bool:
    """Characters with nothing to draw: format controls and variation selectors."""
    return unicodedata.category(ch) in _INVISIBLE_CATEGORIES or "\ufe00" <= ch <= "\ufe0f"


def has_rtl(text: str) -> bool:
    """Whether ``text`` holds right-to-left letters (Hebrew, Arabic, Urdu, …)."""
    return bool(_RTL.search(text))


def direction(text: str) -> str:
    """``"rtl"`` or ``"ltr"`` after the first letter with a strong direction (the paragraph's base
    direction, Unicode bidi rules P2–P3); ``""`` when there is none."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return ""


def shape(text: str) -> str:
    """``text`` with Arabic letters joined (presentation forms), still in logical order: what the
    PDF wraps into lines before each line is put in visual order. Text without right-to-left
    letters is returned unchanged."""
    if not has_rtl(text):
        return text
    import arabic_reshaper

    lines = []
    for line in text.split("\n"):
        shaped = arabic_reshaper.reshape(line) if _ARABIC.search(line) else line
        lines.append("".join(_drawable_form(ch) for ch in shaped))
    return "\n".join(lines)


def _drawable_form(ch: str) -> str:
    """A joined form no installed font has (some Urdu final forms) falls back to the plain
    letter, drawn unjoined rather than not at all."""
    if "\ufb50" <= ch <= "\ufefc" and not _covered(ord(ch)):
        plain = unicodedata.normalize("NFKC", ch)
        if plain and all(_covered(ord(c)) for c in plain):
            return plain
    return ch


def _covered(code: int) -> bool:
    return any(code in coverage(p) for p in fallback_fonts())


def undrawable(text: str) -> str:
    """The characters of ``text`` (in order of first appearance) that no embedded font can draw.
    Cheap for Latin text: the fonts are only opened when a character beyond Latin appears."""
    if not _BEYOND_LATIN.search(text):
        return ""
    shaped = shape(text)
    missing: dict[str, None] = {}
    for ch in shaped:
        if ch in "\n\t" or ord(ch) < 0x250 or invisible(ch) or ch in missing:
            continue
        if not _covered(ord(ch)):
            missing[ch] = None
    return "".join(missing)


def chart_fonts() -> tuple[Path, ...]:
    """The regular faces a chart's labels may be drawn with: charts use the layout's font alone
    (Liberation Sans or DejaVu Sans here), without fallbacks or shaping."""
    index = _index()
    found = tuple(index[n.lower()] for n in (LIBERATION[0], DEJAVU[0]) if n.lower() in index)
    return found or (find_family("dejavu sans")[0],)


def undrawable_in_charts(text: str) -> str:
    """The characters of ``text`` a chart label cannot show: those some possible layout font
    lacks, and right-to-left letters (chart labels are not shaped)."""
    if not _BEYOND_LATIN.search(text):
        return ""
    missing: dict[str, None] = {}
    for ch in text:
        if ch in "\n\t" or ord(ch) < 0x250 or invisible(ch) or ch in missing:
            continue
        if _RTL.match(ch) or not all(ord(ch) in coverage(p) for p in chart_fonts()):
            missing[ch] = None
    return "".join(missing)
