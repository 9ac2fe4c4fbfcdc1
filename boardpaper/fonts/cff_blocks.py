"""TrueType fonts made from a PostScript-outline (CFF) font, one per block of 256 code points.

reportlab embeds TrueType outlines only; Noto Sans CJK (Debian ``fonts-noto-cjk``) has CFF
outlines. When no CJK font with TrueType outlines is installed, the glyphs a document needs are
converted block by block (cubic curves to quadratic with fontTools' ``cu2qu``, 1 unit tolerance)
into small TrueType fonts that reportlab can embed. Each block is converted once per process
(about 0.3 s for 256 glyphs, plus about 1 s to open the collection the first time), so install
``fonts-droid-fallback`` for speed. The output is deterministic: no timestamps.
"""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

FIXED_TIME = 0  # head.created/modified: seconds since 1904, fixed so the same input gives the same PDF
PREFERRED_FACE = "SC"  # of a CJK collection (JP, KR, SC, TC, HK): Simplified Chinese


def is_cff(path: Path) -> bool:
    """Whether the (first) font at ``path`` has PostScript (CFF) outlines."""
    return _face(path)[1]


@lru_cache(maxsize=None)
def _face(path: Path) -> tuple[int, bool]:
    """The face to use in ``path`` (the preferred one of a collection) and whether it is CFF."""
    from fontTools.ttLib import TTCollection, TTFont

    if path.suffix.lower() in (".ttc", ".otc"):
        faces = TTCollection(str(path), lazy=True).fonts
        index = next((i for i, f in enumerate(faces)
                      if f["name"].getDebugName(1).endswith(f" {PREFERRED_FACE}")), 0)
        return index, "CFF " in faces[index]
    font = TTFont(str(path), lazy=True)
    return 0, "CFF " in font


@lru_cache(maxsize=2)
def _source(path: Path):
    from fontTools.ttLib import TTFont

    return TTFont(str(path), fontNumber=_face(path)[0], lazy=True)


@lru_cache(maxsize=None)
def block_font(path: Path, block: int) -> bytes:
    """A TrueType font holding the glyphs of code points ``block * 256`` … ``block * 256 + 255``
    of the CFF font at ``path``."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    src = _source(path)
    cmap, glyph_set, hmtx = src.getBestCmap(), src.getGlyphSet(), src["hmtx"]
    codes = {c: cmap[c] for c in range(block << 8, (block + 1) << 8) if c in cmap}
    order = [".notdef"] + sorted(set(codes.values()) - {".notdef"})
    glyphs, metrics = {}, {}
    for name in order:
        pen = TTGlyphPen(None)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyphs[name], metrics[name] = pen.glyph(), hmtx[name]
    units = src["head"].unitsPerEm
    fb = FontBuilder(units, isTTF=True)
    fb.setupGlyphOrder(order)
    fb.setupCharacterMap(codes)
    fb.setupGlyf(glyphs)
    fb.setupHorizontalMetrics(metrics)
    fb.setupHorizontalHeader(ascent=src["hhea"].ascent, descent=src["hhea"].descent)
    family = src["name"].getDebugName(1) or path.stem
    fb.setupNameTable({"familyName": family, "styleName": "Regular",
                       "psName": f"{family.replace(' ', '')}-U{block:03X}"})
    os2 = src["OS/2"]
    fb.setupOS2(sTypoAscender=os2.sTypoAscender, sTypoDescender=os2.sTypoDescender,
                usWinAscent=os2.usWinAscent, usWinDescent=os2.usWinDescent)
    fb.setupPost()
    fb.setupHead(unitsPerEm=units, created=FIXED_TIME, modified=FIXED_TIME)
    fb.font.recalcTimestamp = False
    out = io.BytesIO()
    fb.save(out)
    return out.getvalue()
