"""The vector painter: a chart as a native reportlab ``Drawing`` for the PDF (no raster).

reportlab is imported on first use only.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import ChartSpec
from .scene import BAR_EDGE_W, MM, VALUE_SIZE, Line, Mark, Rect, Style, marker_polygon, scene

if TYPE_CHECKING:  # pragma: no cover
    from reportlab.graphics.shapes import Drawing

    from ..layout import Layout


def paint(items: tuple, size_pt: tuple[float, float], font: str) -> Drawing:
    """A new ``Drawing`` of ``size_pt`` with one shape per scene primitive, in order."""
    # lazy: reportlab only for PDF pages, vector charts, metrics
    from reportlab.graphics.shapes import Circle, Drawing, Polygon, PolyLine, Rect as RLRect, String
    from reportlab.lib.colors import HexColor, white  # lazy: reportlab only for PDF pages, vector charts, metrics

    # The initial font is set on the canvas when the Drawing is drawn, text or not: make it ours,
    # or every PDF page with a chart would also reference (unembedded) Helvetica.
    d = Drawing(*size_pt, initialFontName=font, initialFontSize=VALUE_SIZE)

    def colour(hex_: str):
        return HexColor("#" + hex_)

    for item in items:
        if isinstance(item, Line):
            d.add(PolyLine([c for pt in item.points for c in pt], strokeColor=colour(item.colour),
                           strokeWidth=item.width, strokeDashArray=list(item.dash) if item.dash
                           else None, strokeLineCap=0 if item.dash else 1, strokeLineJoin=1))
        elif isinstance(item, Rect):
            if item.filled:
                d.add(RLRect(item.x, item.y, item.w, item.h, fillColor=colour(item.colour),
                             strokeColor=None, strokeWidth=0))
            else:
                d.add(RLRect(item.x, item.y, item.w, item.h, fillColor=None, strokeColor=colour(item.colour),
                             strokeWidth=BAR_EDGE_W, strokeDashArray=list(item.dash) if item.dash else None))
        elif isinstance(item, Mark):
            edge = dict(strokeColor=white if item.shape != "dot" else None,
                        strokeWidth=0.4 if item.shape != "dot" else 0)
            if item.shape in ("circle", "dot"):
                d.add(Circle(item.x, item.y, item.r * (0.85 if item.shape == "circle" else 1.0),
                             fillColor=colour(item.colour), **edge))
            else:
                d.add(Polygon([c for pt in marker_polygon(item) for c in pt],
                              fillColor=colour(item.colour), **edge))
        else:
            d.add(String(item.x, item.y, item.text, fontName=font, fontSize=item.size,
                         fillColor=colour(item.colour), textAnchor="start"))
    return d


def chart_drawing(spec: ChartSpec, layout: Layout, font: str = "Helvetica") -> Drawing:
    """The chart as a native reportlab ``Drawing`` (vector, no raster) of ``spec.size``.

    ``font`` must be a font name reportlab knows (a standard font or one registered with
    ``pdfmetrics.registerFont``); text is measured and drawn in it. A new Drawing each call.
    (reportlab 5.1 Drawings carry no description attribute; put :func:`~.words.alt_text` on the
    surrounding PDF structure instead.)
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth  # lazy: reportlab only for PDF pages, vector charts, metrics

    style = Style.of(layout, font)
    items = scene(spec, style, lambda text, size: stringWidth(text, font, size))
    return paint(items, (spec.size[0] * MM, spec.size[1] * MM), font)
