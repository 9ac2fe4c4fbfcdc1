"""The PNG painter (Pillow) and :class:`ChartImages`, the PNGs of one build.

The scene is the very one the vector painter draws: laid out with reportlab's measure of the same
TrueType file, then painted at ``SUPERSAMPLE`` times 300 dpi and reduced by averaging each
``SUPERSAMPLE``² block, which antialiases lines, markers and bars; text is drawn by FreeType.
Pillow is imported on first use (about 10 ms, against about a second for matplotlib, which
boardpaper no longer imports). A writer that embeds PNGs (the DOCX) is handed a
:class:`ChartImages`; it never reads a module-level cache.
"""
from __future__ import annotations

import io
import math
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable

from ..model import ChartSpec
from .scene import BAR_EDGE_W, MM, Line, Mark, Rect, Style, marker_polygon, scene

if TYPE_CHECKING:  # pragma: no cover
    from PIL import Image

    from ..layout import Layout

PNG_DPI = 300
SUPERSAMPLE = 3
WHITE = (255, 255, 255)


def _rgba(hex_: str) -> tuple[int, int, int]:
    return int(hex_[0:2], 16), int(hex_[2:4], 16), int(hex_[4:6], 16)


@lru_cache(maxsize=8)
def _chart_font(family: str) -> tuple[str, str]:
    """The reportlab name and the file of the regular face the charts of ``family`` use."""
    from ..fonts.embedded import register

    fonts = register(family)
    return fonts.name, fonts.files[0]


@lru_cache(maxsize=64)
def _face(path: str, px: int):
    from PIL import ImageFont

    return ImageFont.truetype(path, px)


def _dash_segments(points, dash: tuple[float, ...]) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The visible pieces of a dashed polyline (``dash`` in the points' own unit)."""
    segments, on, i = [], True, 0
    left = dash[0]
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        length, pos = math.hypot(x1 - x0, y1 - y0), 0.0
        while pos < length - 1e-9:
            step = min(left, length - pos)
            if on:
                t0, t1 = pos / length, (pos + step) / length
                segments.append(((x0 + (x1 - x0) * t0, y0 + (y1 - y0) * t0),
                                 (x0 + (x1 - x0) * t1, y0 + (y1 - y0) * t1)))
            pos, left = pos + step, left - step
            if left <= 1e-9:
                i = (i + 1) % len(dash)
                on, left = not on, dash[i]
    return segments


def paint(items: tuple, size_pt: tuple[float, float], font_file: str, dpi: int = PNG_DPI,
          supersample: int = SUPERSAMPLE) -> tuple[Image.Image, list[str]]:
    """The scene painted on a white image of ``size_pt`` at 300 dpi (an opaque image encodes in half
    the time of a transparent one; charts sit on white table cells), and what was painted
    (one kind per primitive, in order: ``line``, ``rect``, ``mark``, ``text``)."""
    from PIL import Image, ImageDraw

    W, H = size_pt
    k = dpi / 72 * supersample  # pixels per point while painting
    out_w, out_h = max(1, round(W * dpi / 72)), max(1, round(H * dpi / 72))
    img = Image.new("RGB", (out_w * supersample, out_h * supersample), WHITE[:3])  # charts sit on white cells
    draw = ImageDraw.Draw(img)
    painted: list[str] = []

    def xy(x: float, y: float) -> tuple[float, float]:
        return x * k, (H - y) * k

    def stroke(points, colour: str, width: float, dash) -> None:
        px = max(1, round(width * k))
        if dash:
            for a, b in _dash_segments(points, dash):
                draw.line([xy(*a), xy(*b)], fill=_rgba(colour), width=px)
            return
        pts = [xy(*p) for p in points]
        draw.line(pts, fill=_rgba(colour), width=px, joint="curve")
        r = px / 2
        for cx, cy in (pts[0], pts[-1]):  # round caps
            draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=_rgba(colour))

    for item in items:
        if isinstance(item, Line):
            stroke(item.points, item.colour, item.width, item.dash)
            painted.append("line")
        elif isinstance(item, Rect):
            corners = ((item.x, item.y), (item.x + item.w, item.y), (item.x + item.w, item.y + item.h),
                       (item.x, item.y + item.h), (item.x, item.y))
            if item.filled:
                (x0, y0), (x1, y1) = xy(item.x, item.y + item.h), xy(item.x + item.w, item.y)
                draw.rectangle([x0, y0, x1, y1], fill=_rgba(item.colour))
            else:
                stroke(corners, item.colour, BAR_EDGE_W, item.dash)
            painted.append("rect")
        elif isinstance(item, Mark):
            edge = 0.4 * k if item.shape != "dot" else 0.0
            if item.shape in ("circle", "dot"):
                r = item.r * (0.85 if item.shape == "circle" else 1.0) * k
                cx, cy = xy(item.x, item.y)
                if edge:
                    draw.ellipse([cx - r - edge / 2, cy - r - edge / 2, cx + r + edge / 2, cy + r + edge / 2],
                                 fill=WHITE)
                inner = r - edge / 2
                draw.ellipse([cx - inner, cy - inner, cx + inner, cy + inner], fill=_rgba(item.colour))
            else:
                draw.polygon([xy(*p) for p in marker_polygon(item)], fill=_rgba(item.colour), outline=WHITE,
                             width=max(1, round(edge)))
            painted.append("mark")
        else:  # text: the left end of its baseline at (x, y)
            draw.text(xy(item.x, item.y), item.text, font=_face(font_file, max(1, round(item.size * k))),
                      fill=_rgba(item.colour), anchor="ls")
            painted.append("text")
    return img.reduce(supersample), painted


def render_png(spec: ChartSpec, style: Style) -> bytes:
    """One chart as PNG bytes at ``spec.size`` and 300 dpi, on white; the same arguments give
    the same bytes (no timestamps, no software tag)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    name, font_file = _chart_font(style.font)
    items = scene(spec, style, lambda text, size: stringWidth(text, name, size))
    img, _ = paint(items, (spec.size[0] * MM, spec.size[1] * MM), font_file)
    buf = io.BytesIO()
    img.save(buf, format="PNG", dpi=(PNG_DPI, PNG_DPI))
    return buf.getvalue()


def chart_png(spec: ChartSpec, layout: Layout) -> bytes:
    """The chart as PNG bytes in ``layout``'s style (rendered now; see :class:`ChartImages`)."""
    return render_png(spec, Style.of(layout))


class ChartImages:
    """The PNGs of one build's charts in one layout's style, by spec: what ``write_docx`` embeds.

    ``png(spec)`` returns the PNG, rendering it in this process (and keeping it) when it was not
    handed in; ``add`` takes PNGs rendered elsewhere. Holds
    nothing beyond the build that owns it.
    """

    def __init__(self, layout: Layout, pngs: Iterable[tuple[ChartSpec, bytes]] = ()):
        self.style = Style.of(layout)
        self._pngs: dict[ChartSpec, bytes] = dict(pngs)

    def png(self, spec: ChartSpec) -> bytes:
        got = self._pngs.get(spec)
        if got is None:
            got = self._pngs[spec] = render_png(spec, self.style)
        return got

    def add(self, spec: ChartSpec, png: bytes) -> None:
        self._pngs[spec] = png

    def missing(self, specs: Iterable[ChartSpec]) -> list[ChartSpec]:
        """``specs`` without those already held, each once, in order."""
        return [s for s in dict.fromkeys(specs) if s not in self._pngs]

    def __contains__(self, spec: ChartSpec) -> bool:
        return spec in self._pngs

    def __len__(self) -> int:
        return len(self._pngs)
