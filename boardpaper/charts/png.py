"""The PNG painter (matplotlib, object API, Agg) and :class:`ChartImages`, the PNGs of one build.

A writer that embeds PNGs (the DOCX) is handed a :class:`ChartImages`; it never reads a
module-level cache. matplotlib is imported on first use only.
"""
from __future__ import annotations

import io
import threading
from typing import TYPE_CHECKING, Callable, Iterable

from ..model import ChartSpec
from .scene import BAR_EDGE_W, Line, Mark, Rect, Style, marker_polygon, scene

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from ..layout import Layout

PNG_DPI = 300


class _Painter:
    """What rendering in this process reuses: one bare Figure (no Axes: an Axes costs ~60% of a
    render) and the fonts resolved per family. Not a cache of results: the same input paints the
    same pixels whatever was painted before. One per process, used under its lock."""

    def __init__(self):
        self.lock = threading.Lock()
        self.fig: Figure | None = None
        self.families: dict[str, list[str]] = {}

    def font(self, name: str):
        """FontProperties for ``name`` with glyph fallback; Arial/Helvetica fall back to the metric-
        compatible Liberation Sans, then DejaVu Sans (bundled with matplotlib). Never logs a warning."""
        from matplotlib import font_manager

        if name not in self.families:
            families = []
            for fam in (name, "Liberation Sans", "Arimo", "DejaVu Sans"):
                try:
                    font_manager.findfont(font_manager.FontProperties(family=[fam]),
                                          fallback_to_default=False)
                except ValueError:
                    continue
                if fam not in families:
                    families.append(fam)
            self.families[name] = families or ["DejaVu Sans"]
        return font_manager.FontProperties(family=self.families[name])

    def figure(self) -> Figure:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        if self.fig is None:
            self.fig = Figure(dpi=PNG_DPI)
            FigureCanvasAgg(self.fig)
        return self.fig


_PAINTER = _Painter()


def _measure(prop) -> Callable[[str, float], float]:
    from matplotlib.textpath import text_to_path

    def measure(text: str, size: float) -> float:
        if not text:
            return 0.0
        p = prop.copy()
        p.set_size(size)
        return text_to_path.get_text_width_height_descent(text, p, ismath=False)[0]
    return measure


def _dashes(dash: tuple[float, ...], width: float) -> list[float]:
    """A dash pattern in points as matplotlib wants it (it scales dashes by the line width)."""
    from matplotlib import rcParams

    scale = width if rcParams["lines.scale_dashes"] and width else 1.0
    return [d / scale for d in dash]


def paint(fig: Figure, items: tuple, size_pt: tuple[float, float], prop) -> Figure:
    """``fig`` cleared and given one artist per scene primitive (``fig.artists``, in order)."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Circle, Polygon, Rectangle
    from matplotlib.text import Text
    from matplotlib.transforms import Affine2D

    fig.clear()
    fig.set_size_inches(size_pt[0] / 72, size_pt[1] / 72)
    fig.patch.set_alpha(0.0)
    pt = Affine2D().scale(1 / 72) + fig.dpi_scale_trans  # scene points -> device pixels
    for item in items:
        if isinstance(item, Line):
            kw = {"dashes": _dashes(item.dash, item.width)} if item.dash else {}
            art = Line2D(*zip(*item.points), color="#" + item.colour, linewidth=item.width,
                         solid_capstyle="round", solid_joinstyle="round", dash_capstyle="butt", **kw)
        elif isinstance(item, Rect):
            if item.filled:
                art = Rectangle((item.x, item.y), item.w, item.h, facecolor="#" + item.colour,
                                edgecolor="none", linewidth=0)
            else:
                art = Rectangle((item.x, item.y), item.w, item.h, facecolor="none",
                                edgecolor="#" + item.colour, linewidth=BAR_EDGE_W,
                                linestyle=(0, _dashes(item.dash, BAR_EDGE_W)) if item.dash else "solid")
        elif isinstance(item, Mark):
            edge = {"edgecolor": "white", "linewidth": 0.4 if item.shape != "dot" else 0}
            if item.shape in ("circle", "dot"):
                art = Circle((item.x, item.y), item.r * (0.85 if item.shape == "circle" else 1),
                             facecolor="#" + item.colour, **edge)
            else:
                art = Polygon(marker_polygon(item), closed=True, facecolor="#" + item.colour, **edge)
        else:
            p = prop.copy()
            p.set_size(item.size)
            art = Text(item.x, item.y, item.text, fontproperties=p, color="#" + item.colour,
                       ha="left", va="baseline", parse_math=False)
        art.set_transform(pt)
        fig.add_artist(art)
    return fig


def render_png(spec: ChartSpec, style: Style) -> bytes:
    """One chart as PNG bytes at ``spec.size`` and 300 dpi, transparent; the same arguments give
    the same bytes (no timestamps, no software tag). Thread-safe (renders one at a time)."""
    import warnings

    W, H = spec.size[0] * 72 / 25.4, spec.size[1] * 72 / 25.4
    with _PAINTER.lock, warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph .* missing from")
        prop = _PAINTER.font(style.font)
        fig = paint(_PAINTER.figure(), scene(spec, style, _measure(prop)), (W, H), prop)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=PNG_DPI, facecolor="none", edgecolor="none",
                    metadata={"Software": None})
        fig.clear()
    return buf.getvalue()


def chart_png(spec: ChartSpec, layout: Layout) -> bytes:
    """The chart as PNG bytes in ``layout``'s style (rendered now; see :class:`ChartImages`)."""
    return render_png(spec, Style.of(layout))


class ChartImages:
    """The PNGs of one build's charts in one layout's style, by spec: what ``write_docx`` embeds.

    ``png(spec)`` returns the PNG, rendering it in this process (and keeping it) when it was not
    handed in; ``add`` takes PNGs rendered elsewhere (a :class:`~.worker.ChartWorker`). Holds
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
