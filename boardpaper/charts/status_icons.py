"""Making Data Count status icons: one scene per icon key, painted as vector, PNG and SVG.

Every key of :data:`boardpaper.model.ICONS` maps to a *scene* (:func:`scene`): circles, strokes and
polygons in a 100 × 100 box, origin at the bottom left. :func:`paint_icon` paints it on a
reportlab canvas (vector, for the PDF), :func:`icon_png` as a PNG with Pillow (for the
DOCX) and :func:`icon_svg` as inline SVG (for HTML), so the formats cannot drift apart. No text and no font: letters are drawn as strokes.

Meanings (NHS England "Making Data Count"), each carried by more than colour:

* variation: a ring; ``Common cause`` grey with a flat run of dots; special cause with the letter
  ``H`` (the latest point is high) or ``L`` (low), blue and a ``+`` badge when improving, orange and
  a ``!`` badge when concerning, purple and no badge for ``neither``;
* assurance: blue ``P`` (consistently passing), orange ``F`` (consistently failing), grey dots on
  both sides of a dashed target line (hit and miss);
* direction (2 to 14 points): an arrow up or down, blue with ``+`` when improved, orange with ``!``
  when deteriorated, purple without a badge for ``Up``/``Down``; grey ``=`` for ``No change``.

The words of each icon are its alt text (``model.ICONS[key]``); writers print them beside it.
"""
from __future__ import annotations

import io
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING
from xml.sax.saxutils import quoteattr

from ..markers import NEITHER_COLOUR
from ..model import ICONS

if TYPE_CHECKING:  # pragma: no cover
    from ..layout import Layout

__all__ = ["Palette", "scene", "paint_icon", "icon_png", "icon_svg", "icon_words", "LEGEND"]

BOX = 100.0  # the scene's side
NEITHER = NEITHER_COLOUR  # Making Data Count purple, when the layout names no `neither` colour
WHITE = "FFFFFF"
RING_R, RING_W = 43.0, 9.0
LETTER_W = 9.5
BADGE = (80.0, 80.0, 18.0)  # centre x, centre y, radius of the +/! badge
SUPERSAMPLE = 4  # the PNG is drawn this many times larger, then reduced (smooth edges)

# what each icon's shapes say, for the summary's key (the words come from model.ICONS)
LEGEND = {
    "variation-common": "no special cause",
    "variation-improving-high": "H: the latest point is high; + improving",
    "variation-improving-low": "L: the latest point is low; + improving",
    "variation-concerning-high": "H: the latest point is high; ! concerning",
    "variation-concerning-low": "L: the latest point is low; ! concerning",
    "variation-neither-high": "H: high, for a KPI that is monitored only",
    "variation-neither-low": "L: low, for a KPI that is monitored only",
    "assurance-passing": "P: the target lies outside the process limits, on the failing side",
    "assurance-failing": "F: the target lies outside the process limits, on the passing side",
    "assurance-hit-and-miss": "the target lies between the process limits",
    "direction-improved-up": "arrow: up on the period before; + improved",
    "direction-improved-down": "arrow: down on the period before; + improved",
    "direction-deteriorated-up": "arrow: up on the period before; ! deteriorated",
    "direction-deteriorated-down": "arrow: down on the period before; ! deteriorated",
    "direction-no-change": "=: the same as the period before",
    "direction-up": "arrow: up on the period before (monitored only)",
    "direction-down": "arrow: down on the period before (monitored only)",
}


@dataclass(frozen=True)
class Palette:
    """The four icon colours (six-digit hex): improving (blue), concerning (orange), common cause
    and hit-and-miss (grey), neither (purple)."""

    improving: str = "005EB8"
    concerning: str = "B54A00"
    neutral: str = "425563"
    neither: str = NEITHER

    @classmethod
    def of(cls, layout: Layout) -> Palette:
        """From the layout's ``improving``, ``worsening``, ``neutral`` and (optional) ``neither`` colours."""
        c = layout.colours
        return cls(c["improving"], c["worsening"], c["neutral"], c.get("neither", NEITHER))


# ---------------------------------------------------------------------------------------------
# The scene
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Disc:
    """A circle: ``fill`` ('' = none), outlined in ``stroke`` ('' = none) of ``width``."""
    x: float
    y: float
    r: float
    fill: str
    stroke: str = ""
    width: float = 0.0


@dataclass(frozen=True)
class Stroke:
    """A polyline with round caps and joins."""
    points: tuple[tuple[float, float], ...]
    colour: str
    width: float


@dataclass(frozen=True)
class Shape:
    """A filled polygon."""
    points: tuple[tuple[float, float], ...]
    fill: str


def _letter(ch: str, colour: str, x0: float = 31.0, y0: float = 28.0, h: float = 40.0) -> list:
    """``ch`` (H, L, P or F) as strokes in a box ``h`` tall from ``(x0, y0)``."""
    w = h * 0.62
    top, mid = y0 + h, y0 + h * 0.5
    if ch == "H":
        lines = [((x0, y0), (x0, top)), ((x0 + w, y0), (x0 + w, top)), ((x0, mid), (x0 + w, mid))]
    elif ch == "L":
        lines = [((x0, top), (x0, y0), (x0 + w, y0))]
    elif ch == "F":
        lines = [((x0, y0), (x0, top), (x0 + w, top)), ((x0, mid + 1), (x0 + w * 0.8, mid + 1))]
    elif ch == "P":
        r = h * 0.26
        cy = top - r
        bowl = [(x0 + w - r + r * math.cos(a), cy + r * math.sin(a))
                for a in (math.pi / 2 - math.pi * i / 12 for i in range(13))]
        lines = [((x0, y0), (x0, top), *bowl, (x0, cy - r))]
    else:  # pragma: no cover - the scene only asks for the four letters above
        raise ValueError(ch)
    return [Stroke(tuple(pts), colour, LETTER_W) for pts in lines]


def _badge(kind: str, colour: str) -> list:
    """The top-right badge: ``+`` (improving) or ``!`` (concerning), white on ``colour``."""
    x, y, r = BADGE
    out: list = [Disc(x, y, r, colour, WHITE, 4.0)]
    if kind == "+":
        out += [Stroke(((x, y - r * 0.55), (x, y + r * 0.55)), WHITE, 5.5),
                Stroke(((x - r * 0.55, y), (x + r * 0.55, y)), WHITE, 5.5)]
    else:
        out += [Stroke(((x, y - r * 0.05), (x, y + r * 0.6)), WHITE, 5.5), Disc(x, y - r * 0.5, 3.2, WHITE)]
    return out


def _arrow(up: bool, colour: str) -> list:
    sign = 1 if up else -1
    tip, base = 50 + sign * 30, 50 - sign * 28
    head = 50 + sign * 8
    return [Stroke(((47.0, base), (47.0, head)), colour, 10.0),
            Shape(((29.0, head), (47.0, tip), (65.0, head)), colour)]


def _ring(colour: str) -> Disc:
    return Disc(50.0, 50.0, RING_R, WHITE, colour, RING_W)


@lru_cache(maxsize=None)
def scene(key: str, palette: Palette) -> tuple:
    """The primitives of icon ``key`` (a key of ``model.ICONS``) in painting order. ``KeyError`` for
    an unknown key."""
    if key not in ICONS:
        raise KeyError(key)
    colour_of = {"improving": palette.improving, "concerning": palette.concerning,
                 "neither": palette.neither, "improved": palette.improving,
                 "deteriorated": palette.concerning}
    badge_of = {"improving": "+", "concerning": "!", "improved": "+", "deteriorated": "!"}
    parts = key.split("-")
    kind = parts[0]
    out: list = []
    if key == "variation-common":
        c = palette.neutral
        pts = ((22.0, 47.0), (34.0, 55.0), (46.0, 45.0), (58.0, 55.0), (70.0, 46.0), (79.0, 52.0))
        out += [_ring(c), Stroke(pts, c, 4.0)] + [Disc(x, y, 5.0, c) for x, y in pts[1:-1]]
    elif kind == "variation":
        meaning, side = parts[1], parts[2]
        c = colour_of[meaning]
        out += [_ring(c)] + _letter("H" if side == "high" else "L", c)
        if meaning in badge_of:
            out += _badge(badge_of[meaning], c)
    elif key == "assurance-hit-and-miss":
        c = palette.neutral
        out.append(_ring(c))
        out += [Stroke(((x, 50.0), (x + 8.0, 50.0)), c, 4.0) for x in (18.0, 32.0, 46.0, 60.0, 74.0)]
        out += [Disc(x, y, 6.0, c) for x, y in ((28.0, 66.0), (42.0, 34.0), (57.0, 66.0), (71.0, 34.0))]
    elif kind == "assurance":
        c = palette.improving if parts[1] == "passing" else palette.concerning
        out += [_ring(c)] + _letter("P" if parts[1] == "passing" else "F", c, x0=37.0, y0=30.0)
    elif key == "direction-no-change":
        c = palette.neutral
        out += [_ring(c), Stroke(((31.0, 41.0), (69.0, 41.0)), c, 9.0), Stroke(((31.0, 59.0), (69.0, 59.0)), c, 9.0)]
    else:  # direction-improved-up, direction-deteriorated-down, direction-up, ...
        word, way = (parts[1], parts[2]) if len(parts) == 3 else ("neither", parts[1])
        c = colour_of[word]
        out += [_ring(c)] + _arrow(way == "up", c)
        if word in badge_of:
            out += _badge(badge_of[word], c)
    return tuple(out)


def icon_words(key: str) -> str:
    """The words icon ``key`` stands for: its alt text and the text printed beside it."""
    return ICONS[key]


# ---------------------------------------------------------------------------------------------
# Vector (reportlab canvas: four times faster than a Drawing, ~0.7 ms an icon)
# ---------------------------------------------------------------------------------------------


def paint_icon(canv, key: str, palette: Palette, size: float) -> None:
    """Paint icon ``key`` on a reportlab canvas, ``size`` points square with its lower left corner
    at the canvas origin: one path per scene item, straight onto the page (vector, no font)."""
    from reportlab.lib.colors import HexColor  # lazy: reportlab only for PDF pages, vector charts, metrics

    k = size / BOX
    canv.saveState()
    canv.scale(k, k)
    canv.setLineCap(1)
    canv.setLineJoin(1)
    for item in scene(key, palette):
        if isinstance(item, Disc):
            if item.fill:
                canv.setFillColor(HexColor("#" + item.fill))
            if item.stroke:
                canv.setStrokeColor(HexColor("#" + item.stroke))
                canv.setLineWidth(item.width)
            canv.circle(item.x, item.y, item.r, stroke=int(bool(item.stroke)), fill=int(bool(item.fill)))
            continue
        path = canv.beginPath()
        path.moveTo(*item.points[0])
        for x, y in item.points[1:]:
            path.lineTo(x, y)
        if isinstance(item, Stroke):
            canv.setStrokeColor(HexColor("#" + item.colour))
            canv.setLineWidth(item.width)
            canv.drawPath(path, stroke=1, fill=0)
        else:
            path.close()
            canv.setFillColor(HexColor("#" + item.fill))
            canv.drawPath(path, stroke=0, fill=1)
    canv.restoreState()


# ---------------------------------------------------------------------------------------------
# PNG (Pillow)
# ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def icon_png(key: str, palette: Palette, pixels: int = 96) -> bytes:
    """Icon ``key`` as PNG bytes, ``pixels`` square, transparent outside the ring. Same arguments,
    same bytes (no metadata); cached."""
    from PIL import Image, ImageDraw  # lazy: Pillow only when a PNG is painted

    big = pixels * SUPERSAMPLE
    k = big / BOX
    img = Image.new("RGBA", (big, big), (255, 255, 255, 0))
    draw = ImageDraw.Draw(img)

    def at(x: float, y: float) -> tuple[float, float]:
        return x * k, (BOX - y) * k  # Pillow's y runs down

    def rgb(hex_: str) -> tuple[int, int, int, int]:
        return int(hex_[0:2], 16), int(hex_[2:4], 16), int(hex_[4:6], 16), 255

    def disc(x: float, y: float, r: float, fill: str) -> None:
        cx, cy = at(x, y)
        draw.ellipse((cx - r * k, cy - r * k, cx + r * k, cy + r * k), fill=rgb(fill))

    for item in scene(key, palette):
        if isinstance(item, Disc):
            # an outlined disc: the outline's outer edge, then the fill inside it (as reportlab draws
            # a stroke centred on the circle)
            if item.stroke:
                disc(item.x, item.y, item.r + item.width / 2, item.stroke)
            if item.fill:
                disc(item.x, item.y, item.r - (item.width / 2 if item.stroke else 0), item.fill)
        elif isinstance(item, Stroke):
            pts = [at(x, y) for x, y in item.points]
            draw.line(pts, fill=rgb(item.colour), width=max(1, round(item.width * k)), joint="curve")
            for x, y in (item.points[0], item.points[-1]):  # round caps
                disc(x, y, item.width / 2, item.colour)
        else:
            draw.polygon([at(x, y) for x, y in item.points], fill=rgb(item.fill))
    small = img.resize((pixels, pixels), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    small.save(buf, format="PNG", optimize=False)
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------
# SVG (for HTML)
# ---------------------------------------------------------------------------------------------


def _n(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


def icon_svg(key: str, palette: Palette, label: str, css_class: str = "bp-icon") -> str:
    """Icon ``key`` as an inline ``<svg role="img" aria-label="label">`` (``label`` is escaped
    here), sized by CSS through its ``viewBox``."""
    out = [f'<svg class="{css_class}" role="img" aria-label={quoteattr(label)} viewBox="0 0 100 100" '
           'xmlns="http://www.w3.org/2000/svg">']
    for item in scene(key, palette):
        if isinstance(item, Disc):
            fill = f"#{item.fill}" if item.fill else "none"
            stroke = f' stroke="#{item.stroke}" stroke-width="{_n(item.width)}"' if item.stroke else ""
            out.append(f'<circle cx="{_n(item.x)}" cy="{_n(BOX - item.y)}" r="{_n(item.r)}" fill="{fill}"{stroke}/>')
        elif isinstance(item, Stroke):
            pts = " ".join(f"{_n(x)},{_n(BOX - y)}" for x, y in item.points)
            out.append(f'<polyline points="{pts}" fill="none" stroke="#{item.colour}" '
                       f'stroke-width="{_n(item.width)}" stroke-linecap="round" stroke-linejoin="round"/>')
        else:
            pts = " ".join(f"{_n(x)},{_n(BOX - y)}" for x, y in item.points)
            out.append(f'<polygon points="{pts}" fill="#{item.fill}"/>')
    out.append("</svg>")
    return "".join(out)
