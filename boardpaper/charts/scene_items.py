"""The scene's primitives (lines, rectangles, marks, text), its sizes in points and its style
from the layout: what :mod:`.scene` places and every painter paints (re-exported by :mod:`.scene`)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from ..markers import NEITHER_COLOUR

if TYPE_CHECKING:  # pragma: no cover
    from ..layout import Layout


MM = 72 / 25.4  # points per millimetre
FLAT = 0.1  # the y-range always spans at least this fraction of the largest |value| (or 1 if 0)

PAD = 1.0            # white edge, pt
MIN_TEXT = 6.5       # no chart text is smaller (print legibility)
PERIOD_SIZE = 6.5    # period labels, pt
VALUE_SIZE = 7.0     # value labels, pt
LEGEND_SIZE = 6.5    # legend text, pt
LINE_H = 1.15        # a line of text, in ems
LEGEND_ROW = LEGEND_SIZE * LINE_H
MARK_R = 2.6         # status marker radius, pt
SPECIAL_R = 2.0      # special-cause diamond, pt
DOT_R = 0.9          # a lone point between gaps, pt
LINE_W = 1.0
BAR_EDGE_W = 0.6     # outline of a hollow bar
BASE_W = 0.4
BASE_COLOUR = "BFBFBF"
TARGET_W = 1.1       # the target: the heaviest reference line, dashed, in the target colour
TARGET_DASH = (3.0, 1.6)
MEAN_COLOUR = "595959"  # the mean: thin, solid, dark grey
MEAN_W = 0.6
LIMIT_COLOUR = "8C8C8C"  # process limits: thin dots, lighter grey
LIMIT_W = 0.7
LIMIT_DASH = (0.7, 1.1)
BAR_MAX = 14.0       # widest bar, pt
BAR_GAP = 1.0        # white between two bars of a period, pt
PROCESS_COLOUR = MEAN_COLOUR  # the rebase bar: the process lines' grey
REBASE_W = 0.9       # the rebase bar across the axis
REBASE_ABOVE, REBASE_BELOW = 4.0, 1.5  # how far it reaches above and below the baseline, pt
NOTE_SIZE = 6.5      # a note's number: the smallest text legible in print
# Line patterns cycled once the layout's series colours run out: colour x pattern is unique for
# up to len(series colours) x len(DASHES) series (bars: fill, then outlines in these patterns).
DASHES: tuple[tuple[float, ...] | None, ...] = (
    None, (2.4, 1.0), (0.6, 0.9), (2.4, 0.9, 0.6, 0.9), (4.0, 1.4), (1.2, 1.2),
    (4.0, 1.0, 0.6, 1.0, 0.6, 1.0), (0.6, 2.2), (3.0, 2.6), (1.6, 0.6))
LINE_SWATCH = 8.0    # legend sample of a line, pt
BOX_SWATCH = LEGEND_SIZE * 0.75
ESTIMATE_EM = 0.56   # average glyph width in ems, for sizing before a font is known

Measure = Callable[[str, float], float]
NEITHER = NEITHER_COLOUR  # a monitored KPI's move: the status icons' purple, unless the layout names `neither`


@dataclass(frozen=True)
class Line:
    points: tuple[tuple[float, float], ...]
    colour: str
    width: float
    dash: tuple[float, ...] | None = None


@dataclass(frozen=True)
class Rect:
    """A bar or legend box: filled, or (``filled`` false) an outline ``BAR_EDGE_W`` wide."""
    x: float
    y: float
    w: float
    h: float
    colour: str
    filled: bool = True
    dash: tuple[float, ...] | None = None


@dataclass(frozen=True)
class Mark:
    """A filled marker: ``shape`` ``up``/``down`` triangle, ``diamond``, ``circle`` or ``dot``;
    white-edged except a dot."""
    x: float
    y: float
    r: float
    shape: str
    colour: str


@dataclass(frozen=True)
class Text:
    """Text whose left end of baseline is at ``(x, y)``."""
    x: float
    y: float
    text: str
    size: float
    colour: str


@dataclass(frozen=True)
class Look:
    """How one series is told apart: its colour, its line dash, and (bars) filled or outlined."""
    colour: str
    dash: tuple[float, ...] | None
    filled: bool = True


@dataclass(frozen=True)
class Style:
    """Everything from a Layout that changes a chart's marks; hashable, so it can key a cache."""
    text: str
    improving: str
    worsening: str
    neutral: str
    target: str
    neither: str
    series: tuple[str, ...]
    font: str

    @classmethod
    def of(cls, layout: Layout, font: str | None = None) -> Style:
        c = layout.colours
        return cls(c["text"], c["improving"], c["worsening"], c["neutral"], c["target"],
                   c.get("neither", NEITHER), tuple(layout.series_colours) or ("000000",),
                   font if font is not None else layout.font)

    def tone(self, name: str) -> str:
        """The colour of a marker tone (:data:`boardpaper.markers.TONES`)."""
        return getattr(self, name)


def looks(count: int, kind: str, colours: tuple[str, ...]) -> list[Look]:
    """One look per series: colours first, then the next pattern with every colour again."""
    out = []
    for i in range(count):
        colour, pattern = colours[i % len(colours)], i // len(colours)
        if kind == "bar":
            out.append(Look(colour, None if pattern == 0 else DASHES[(pattern - 1) % len(DASHES)],
                            filled=pattern == 0))
        else:
            out.append(Look(colour, DASHES[pattern % len(DASHES)]))
    return out


def marker_polygon(m: Mark) -> list[tuple[float, float]]:
    """The corners of an ``up``/``down`` triangle (centroid on the point) or a ``diamond``."""
    if m.shape == "diamond":
        return [(m.x, m.y + m.r), (m.x + m.r, m.y), (m.x, m.y - m.r), (m.x - m.r, m.y)]
    r = m.r * 1.15
    dy = -1 if m.shape == "down" else 1
    return [(m.x, m.y + dy * r), (m.x - r * 0.866, m.y - dy * r * 0.5),
            (m.x + r * 0.866, m.y - dy * r * 0.5)]


def estimate(text: str, size: float) -> float:
    """A font-independent text width, for sizing a chart before it is drawn."""
    return len(text) * size * ESTIMATE_EM
