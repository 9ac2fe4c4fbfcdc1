"""Embedded TrueType fonts for the PDF, chosen deterministically.

The files come from :mod:`boardpaper.fonts.coverage` (the layout's family or its free twin, then the
fallbacks: DejaVu Sans and an installed CJK font). Each family is registered with reportlab under
names of its own (``BP-DejaVuSans``, ``BP-DejaVuSans-Bold``, …), so builds with different
layouts in one process each embed their own font (reportlab keeps the first font registered
under a name). Characters the main font lacks are drawn from the first fallback that has them
(see :func:`markup`); which characters no font has is decided before the writers, by
:func:`boardpaper.fonts.coverage.undrawable`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from .coverage import DEJAVU, coverage, fallback_fonts, find_family, invisible, shape

FACES = ("regular", "bold", "italic", "bolditalic")


@dataclass(frozen=True)
class Fonts:
    """The registered font family: ``name`` (and ``bold``) for reportlab, ``files`` as found,
    ``covered`` the code points the main face can draw, ``fallbacks`` the fallback font files in
    the order tried (registered when a text first needs one)."""

    name: str
    bold: str
    files: tuple[str, ...]
    covered: frozenset[int]
    fallbacks: tuple[Path, ...] = ()


def _font_name(path: Path) -> str:
    """A reportlab name unique to a font file: ``BP-`` and the file's stem."""
    return "BP-" + re.sub(r"[^A-Za-z0-9-]", "", path.stem)


@lru_cache(maxsize=None)
def _register_file(path: Path) -> str:
    """Register one font file with reportlab (once per process); its reportlab name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    name = _font_name(path)
    pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=0) if path.suffix.lower() == ".ttc"
                            else TTFont(name, str(path)))
    return name


@lru_cache(maxsize=None)
def _register_fallback(path: Path) -> str:
    """Register a fallback face (DejaVu Sans with its bold, so bold text stays bold)."""
    from reportlab.pdfbase import pdfmetrics

    name = _register_file(path)
    if path.name.lower() == DEJAVU[0].lower():
        bold = _register_file(find_family("dejavu sans")[1])
        pdfmetrics.registerFontFamily(name, normal=name, bold=bold, italic=name, boldItalic=bold)
    return name


@lru_cache(maxsize=None)
def _register_block(path: Path, block: int) -> str:
    """Register the TrueType font made of one 256-code-point block of a CFF font."""
    import io

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from .cff_blocks import block_font

    name = f"{_font_name(path)}-U{block:03X}"
    pdfmetrics.registerFont(TTFont(name, io.BytesIO(block_font(path, block))))
    return name


def _fallback_name(path: Path, code: int) -> str:
    from .cff_blocks import is_cff

    return _register_block(path, code >> 8) if is_cff(path) else _register_fallback(path)


@lru_cache(maxsize=None)
def register(family: str) -> Fonts:
    """Register ``family`` (four faces) with reportlab, once per family; the fallbacks are
    registered when a text first needs them (see :func:`markup`)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics

    paths = find_family(family)
    names = [_register_file(p) for p in paths]
    pdfmetrics.registerFontFamily(names[0], normal=names[0], bold=names[1], italic=names[2],
                                  boldItalic=names[3])
    for (b, i), n in zip(((0, 0), (1, 0), (0, 1), (1, 1)), names):
        addMapping(names[0], b, i, n)
    # glyph 0 is no drawing: keep_in_text maps the characters no font has to it
    covered = frozenset(c for c, g in pdfmetrics.getFont(names[0]).face.charToGlyph.items() if g)
    return Fonts(names[0], names[1], tuple(str(p) for p in paths), covered, fallback_fonts())


def markup(text: str, fonts: Fonts, *, bold: bool = False) -> str:
    """``text`` as reportlab paragraph markup that prints literally: ``&``, ``<`` and ``>`` are
    escaped, line breaks kept, Arabic-script text shaped (still in logical order: the paragraph
    puts each wrapped line in visual order, :mod:`boardpaper.writers.pdf.bidi`), and characters the main font
    lacks drawn from the first fallback font that has them; ``bold`` (a paragraph in a bold
    style): in the fallback's bold face where it has one (a ``<font>`` tag would drop the bold)."""
    text = shape(text)
    if fonts.covered.issuperset(map(ord, text.replace("\n", "").replace("\t", " "))):
        return escape(text).replace("\n", "<br/>")  # the common case: the main font has every glyph
    out: list[str] = []
    run: list[str] = []
    run_font = ""

    def flush() -> None:
        if run:
            body = escape("".join(run))
            out.append(f'<font name="{run_font}">{f"<b>{body}</b>" if bold and _has_bold(run_font) else body}</font>')
            run.clear()

    for ch in text:
        if ch == "\n":
            flush()
            out.append("<br/>")
        elif ord(ch) in fonts.covered or ch in " \t":
            flush()
            out.append(escape(ch))
        elif invisible(ch):
            continue
        else:
            path = next((p for p in fonts.fallbacks if ord(ch) in coverage(p)), None)
            if path:
                font = _fallback_name(path, ord(ch))
            else:  # drawn as a box (reported by glyphs.undrawable), still named in the text
                font = _register_fallback(fonts.fallbacks[0]) if fonts.fallbacks else fonts.name
                for face in {font, _bold_of(font)}:
                    _keep_in_text(face, ord(ch))
            if font != run_font:
                flush()
                run_font = font
            run.append(ch)
    flush()
    return "".join(out)


def _keep_in_text(font_name: str, code: int) -> None:
    """Let the registered TrueType font ``font_name`` draw the character ``code``, which it lacks,
    as its .notdef box *and* name it in the text. reportlab gives every character a font lacks
    the one code 0, whose ``ToUnicode`` entry is U+0000, so extractors read nothing (pypdf a NUL)
    where the box is; a character mapped to glyph 0 in the face gets a code of its own in the
    subset instead, drawn with the same glyph and width, whose ``ToUnicode`` entry is the character."""
    from reportlab.pdfbase import pdfmetrics

    pdfmetrics.getFont(font_name).face.charToGlyph.setdefault(code, 0)


def _bold_of(name: str) -> str:
    """The registered bold face of the font ``name`` (``name`` itself when it has none)."""
    from reportlab.lib.fonts import tt2ps

    try:
        return tt2ps(name, 1, 0)
    except ValueError:
        return name


@lru_cache(maxsize=None)
def _has_bold(name: str) -> bool:
    """Whether the registered font ``name`` has a bold face mapped (DejaVu Sans does)."""
    return _bold_of(name) != name


def measuring_fallback(fonts: Fonts) -> str | None:
    """The reportlab name of the first fallback face (registered now), in which line-breaking
    measures the characters the main font lacks (an approximation for later fallbacks)."""
    return _register_fallback(Path(fonts.fallbacks[0])) if fonts.fallbacks else None
