"""Charts as inline SVG: a third painter of the chart scene the PNG and reportlab painters paint.

:func:`chart_svg` returns one ``<svg>`` element (a string) for an HTML page: ``role="img"``, an
``aria-label`` and a ``<title>`` holding :func:`boardpaper.charts.alt_text` (the words Word shows),
every mark of :func:`boardpaper.charts.scene.scene` painted in the same places and colours, at the
size compose decided (``ChartSpec.size``). Text is
measured in the PDF's embedded font (Liberation Sans has Arial's metrics), so labels fit as they do
in the PDF. Every string is escaped; numbers are written with at most two decimals, so the same
chart always gives the same bytes.
"""
from __future__ import annotations

from functools import lru_cache
from html import escape

from ...charts import alt_text
from ...charts.scene import BAR_EDGE_W, MM, Line, Mark, Rect, Style, marker_polygon, scene
from ...model import ChartSpec

FONT_STACK = "Arial, 'Liberation Sans', Arimo, Helvetica, sans-serif"


def _n(v: float) -> str:
    """A coordinate: two decimals at most, no trailing zeros, never ``-0``."""
    s = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _measure(font: str):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from ...fonts.embedded import register

    name = register(font).name
    return lambda text, size: stringWidth(text, name, size)


def _dash(dash) -> str:
    return f' stroke-dasharray="{" ".join(_n(d) for d in dash)}"' if dash else ""


@lru_cache(maxsize=1024)
def _painted(spec: ChartSpec, style: Style) -> str:
    return paint_items(scene(spec, style, _measure(style.font)), spec.size[1] * MM)


def paint_items(items, H: float) -> str:
    """Scene primitives as SVG elements on a canvas ``H`` points tall (y grows downwards in SVG)."""
    out: list[str] = []
    for item in items:
        if isinstance(item, Line):
            points = " ".join(f"{_n(x)},{_n(H - y)}" for x, y in item.points)
            dash = (f' stroke-dasharray="{" ".join(_n(d) for d in item.dash)}" stroke-linecap="butt"'
                    if item.dash else ' stroke-linecap="round"')
            out.append(f'<polyline points="{points}" fill="none" stroke="#{item.colour}" '
                       f'stroke-width="{_n(item.width)}" stroke-linejoin="round"{dash}/>')
        elif isinstance(item, Rect):
            box = (f'<rect x="{_n(item.x)}" y="{_n(H - item.y - item.h)}" width="{_n(item.w)}" '
                   f'height="{_n(item.h)}"')
            out.append(f'{box} fill="#{item.colour}"/>' if item.filled else
                       f'{box} fill="none" stroke="#{item.colour}" stroke-width="{_n(BAR_EDGE_W)}"'
                       f'{_dash(item.dash)}/>')
        elif isinstance(item, Mark):
            edge = ' stroke="#FFFFFF" stroke-width="0.4"' if item.shape != "dot" else ""
            if item.shape in ("circle", "dot"):
                r = item.r * (0.85 if item.shape == "circle" else 1.0)
                out.append(f'<circle cx="{_n(item.x)}" cy="{_n(H - item.y)}" r="{_n(r)}" '
                           f'fill="#{item.colour}"{edge}/>')
            else:
                points = " ".join(f"{_n(x)},{_n(H - y)}" for x, y in marker_polygon(item))
                out.append(f'<polygon points="{points}" fill="#{item.colour}"{edge}/>')
        else:
            out.append(f'<text x="{_n(item.x)}" y="{_n(H - item.y)}" font-size="{_n(item.size)}" '
                       f'fill="#{item.colour}">{escape(item.text, quote=False)}</text>')
    return "".join(out)


def chart_svg(spec: ChartSpec, layout, css_class: str = "chart", full: bool = False) -> str:
    """The chart of ``spec`` as an inline ``<svg>`` of ``spec.size`` (width and height in
    millimetres; CSS may scale it), described by its alt text for assistive technology;
    ``full``: the full-size chart of an exception report (:mod:`boardpaper.charts.full_size`)."""
    style = Style.of(layout)
    w_mm, h_mm = spec.size
    W, H = w_mm * MM, h_mm * MM
    words = escape(alt_text(spec))
    if full:
        from ...charts.full_size import full_scene

        body = paint_items(full_scene(spec, style, _measure(style.font)), H)
    else:
        body = _painted(spec, style)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" role="img" aria-label="{words}" '
            f'width="{_n(w_mm)}mm" height="{_n(h_mm)}mm" viewBox="0 0 {_n(W)} {_n(H)}" '
            f'font-family="{FONT_STACK}"><title>{words}</title>{body}</svg>')
