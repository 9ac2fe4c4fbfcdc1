"""Embedded TrueType fonts for the PDF, chosen deterministically.

The layout names a family (e.g. Arial). We use the first installed match from
``CANDIDATES``: the family itself when a file for it is known, else its metric-compatible free
twin (Liberation Sans for Arial/Helvetica, Debian package ``fonts-liberation2``), else DejaVu
Sans, which matplotlib ships and so is always present. Characters the chosen font lacks are drawn
from DejaVu Sans (see :func:`markup`), so any text an input holds can be shown.
"""
from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

FONT_DIRS = (Path("/usr/share/fonts/truetype"), Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
             Path.home() / ".fonts")
FACES = ("regular", "bold", "italic", "bolditalic")
LIBERATION = ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf", "LiberationSans-Italic.ttf",
              "LiberationSans-BoldItalic.ttf")
DEJAVU = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf")
CANDIDATES = {
    "arial": (("arial.ttf", "arialbd.ttf", "ariali.ttf", "arialbi.ttf"), LIBERATION),
    "helvetica": (LIBERATION,),
    "liberation sans": (LIBERATION,),
    "dejavu sans": (DEJAVU,),
}
FAMILY = "BPSans"
FALLBACK = "BPFallback"


@dataclass(frozen=True)
class Fonts:
    """The registered font family: ``name`` for reportlab, ``files`` as found, ``covered`` the
    code points the main face can draw."""

    name: str
    bold: str
    files: tuple[str, ...]
    covered: frozenset[int]


def _matplotlib_fonts() -> Path | None:
    spec = importlib.util.find_spec("matplotlib")  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(spec.submodule_search_locations[0]) / "mpl-data" / "fonts" / "ttf"


@lru_cache(maxsize=None)
def _index() -> dict[str, Path]:
    """File name (lower case) → path for every TrueType file in the usual font folders."""
    found: dict[str, Path] = {}
    dirs = list(FONT_DIRS)
    mpl = _matplotlib_fonts()
    if mpl:
        dirs.append(mpl)
    for d in dirs:
        if d.is_dir():
            for p in sorted(d.rglob("*.ttf")):
                found.setdefault(p.name.lower(), p)
    return found


def find_family(family: str) -> tuple[Path, ...]:
    """Paths of the four faces (regular, bold, italic, bold italic) to use for ``family``."""
    index = _index()
    for names in CANDIDATES.get(family.lower(), ()) + (LIBERATION, DEJAVU):
        paths = [index.get(n.lower()) for n in names]
        if all(paths):
            return tuple(paths)  # type: ignore[arg-type]
    raise RuntimeError("no usable TrueType font found (not even matplotlib's DejaVu Sans)")


@lru_cache(maxsize=None)
def register(family: str) -> Fonts:
    """Register ``family`` (and the DejaVu fallback) with reportlab, once per process."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    paths = find_family(family)
    names = [FAMILY, f"{FAMILY}-Bold", f"{FAMILY}-Italic", f"{FAMILY}-BoldItalic"]
    for n, p in zip(names, paths):
        pdfmetrics.registerFont(TTFont(n, str(p)))
    pdfmetrics.registerFontFamily(FAMILY, normal=names[0], bold=names[1], italic=names[2], boldItalic=names[3])
    for (b, i), n in zip(((0, 0), (1, 0), (0, 1), (1, 1)), names):
        addMapping(FAMILY, b, i, n)
    fb = find_family("dejavu sans")
    pdfmetrics.registerFont(TTFont(FALLBACK, str(fb[0])))
    pdfmetrics.registerFont(TTFont(f"{FALLBACK}-Bold", str(fb[1])))
    pdfmetrics.registerFontFamily(FALLBACK, normal=FALLBACK, bold=f"{FALLBACK}-Bold", italic=FALLBACK,
                                  boldItalic=f"{FALLBACK}-Bold")
    covered = frozenset(pdfmetrics.getFont(FAMILY).face.charToGlyph)
    return Fonts(FAMILY, names[1], tuple(str(p) for p in paths), covered)


def markup(text: str, fonts: Fonts) -> str:
    """``text`` as reportlab paragraph markup that prints literally: ``&``, ``<`` and ``>`` are
    escaped, line breaks kept, and characters the main font lacks drawn from the fallback font."""
    if fonts.covered.issuperset(map(ord, text.replace("\n", "").replace("\t", " "))):
        return escape(text).replace("\n", "<br/>")  # the common case: the main font has every glyph
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            out.append(f'<font name="{FALLBACK}">{escape("".join(run))}</font>')
            run.clear()

    for ch in text:
        if ch == "\n":
            flush()
            out.append("<br/>")
        elif ord(ch) in fonts.covered or ch in " \t":
            flush()
            out.append(escape(ch))
        else:
            run.append(ch)
    flush()
    return "".join(out)
