"""The scene: every mark of a chart as a primitive in points, decided once for both painters.

:func:`scene` places everything (limits, positions, colours, dashes, marker shapes, labels, the
target line, the process limits, gaps, the legend) on a canvas of the chart's drawn size; the PNG
painter (:mod:`.png`) and the vector painter (:mod:`.vector`) only paint the primitives it returns,
so the two formats cannot drift apart.

Design for a table cell (default 35 x 12 mm): no frame, no gridlines, no axes; a light baseline;
first and last period labels only; the latest value labelled; the latest point coloured *and*
shaped by its status (improving ``▲``, worsening ``▼``, neutral ``●``) so colour is never the only
signal; a dashed target line; gaps left as gaps. Several series: each has its own colour and dash
(bars: fill or outline) combination, and a legend names them all, on as many rows as it takes
(:func:`drawn_size` makes the chart that much taller). With process limits (``spec.limits``): a
thin solid mean line, dotted limits (each process over its own periods: they step at a rebase),
and special-cause points marked by a diamond coloured by what they mean. A rebase is an upright bar
across the axis where the new process starts; a target trajectory a stepped dashed line; a note a
number on a white disc by its point (its text is printed under the chart, :func:`~.words.chart_notes`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from ..model import ChartSpec
from .spec import points, special_points, status
from .words import series_name, short_number

if TYPE_CHECKING:  # pragma: no cover
    from ..layout import Layout

MM = 72 / 25.4  # points per millimetre
FLAT = 0.1  # the y-range always spans at least this fraction of the largest |value| (or 1 if 0)

PAD = 1.0            # white edge, pt
PERIOD_SIZE = 5.0    # first/last period labels, pt
VALUE_SIZE = 5.0     # latest-value labels, pt
LEGEND_SIZE = 4.5    # legend text, pt
LEGEND_ROW = LEGEND_SIZE * 1.3
MARK_R = 2.3         # status marker radius, pt
SPECIAL_R = 1.7      # special-cause diamond, pt
DOT_R = 0.8          # a lone point between gaps, pt
LINE_W = 0.9
BAR_EDGE_W = 0.5     # outline of a hollow bar
BASE_W = 0.4
BASE_COLOUR = "BFBFBF"
TARGET_W = 0.6
TARGET_DASH = (1.6, 1.2)
PROCESS_COLOUR = "595959"  # mean and process limits: grey, unlike the target's colour
MEAN_W = 0.45
LIMIT_W = 0.45
LIMIT_DASH = (0.45, 0.9)   # dotted, unlike the target's dashes
BAR_MAX = 8.0        # widest bar, pt
REBASE_W = 0.9       # the rebase bar across the axis
REBASE_ABOVE, REBASE_BELOW = 4.0, 1.5  # how far it reaches above and below the baseline, pt
NOTE_SIZE = 6.5      # a note's number: the smallest text legible in print
ELLIPSIS = "…"
# Line patterns cycled once the layout's series colours run out: colour x pattern is unique for
# up to len(series colours) x len(DASHES) series (bars: fill, then outlines in these patterns).
DASHES: tuple[tuple[float, ...] | None, ...] = (
    None, (2.4, 1.0), (0.6, 0.9), (2.4, 0.9, 0.6, 0.9), (4.0, 1.4), (1.2, 1.2),
    (4.0, 1.0, 0.6, 1.0, 0.6, 1.0), (0.6, 2.2), (3.0, 2.6), (1.6, 0.6))
LINE_SWATCH = 6.0    # legend sample of a line, pt
BOX_SWATCH = LEGEND_SIZE * 0.7
ESTIMATE_EM = 0.62   # average glyph width in ems, for sizing before a font is known

MARKERS = {"improving": "up", "worsening": "down", "neutral": "circle"}
Measure = Callable[[str, float], float]


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
    series: tuple[str, ...]
    font: str

    @classmethod
    def of(cls, layout: Layout, font: str | None = None) -> Style:
        c = layout.colours
        return cls(c["text"], c["improving"], c["worsening"], c["neutral"], c["target"],
                   tuple(layout.series_colours) or ("000000",), font if font is not None else layout.font)


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


def y_limits(spec: ChartSpec) -> tuple[float, float]:
    """The value range ``(lo, hi)`` mapped onto the plot height, ``lo < hi``.

    It holds every number, the target, the mean and process limits if any, and 0 for bars. A flat
    or near-flat series is not stretched into a slope: the range is at least ``FLAT`` x the
    largest |value| (1 when all are 0), centred on the data but never crossing 0 when the data do not.
    """
    data = [v for s in spec.series for v in s.values if v is not None]
    if not data:
        return 0.0, 1.0
    lim = spec.limits
    extra = [spec.target, *spec.targets]
    extra += [v for g in (lim.segments if lim else ()) for v in (g.mean, g.lower, g.upper)]
    data += [v for v in extra if v is not None and math.isfinite(v)]
    if spec.kind == "bar":
        data.append(0.0)
    lo, hi = min(data), max(data)
    biggest = max(abs(lo), abs(hi))
    need = FLAT * biggest if biggest > 0 else 1.0
    if hi - lo < need:
        mid = (lo + hi) / 2
        new_lo, new_hi = mid - need / 2, mid + need / 2
        if lo >= 0 > new_lo:
            new_lo, new_hi = 0.0, need
        elif hi <= 0 < new_hi and lo < 0:
            new_lo, new_hi = -need, 0.0
        lo, hi = new_lo, new_hi
    if not hi > lo:  # float underflow with absurd values; never divide by zero
        lo, hi = lo - 1.0, hi + 1.0
    return lo, hi


def fit(text: str, size: float, room: float, measure: Measure) -> str:
    """``text`` cut with ``…`` to fit ``room`` points ('' if not even the ellipsis fits)."""
    if measure(text, size) <= room:
        return text
    for n in range(len(text) - 1, 0, -1):
        cut = text[:n].rstrip() + ELLIPSIS
        if measure(cut, size) <= room:
            return cut
    return ELLIPSIS if measure(ELLIPSIS, size) <= room else ""


def _spread(wanted: list[float], gap: float, lo: float, hi: float) -> list[float]:
    """Positions near ``wanted`` (sorted ascending) at least ``gap`` apart within ``[lo, hi]``."""
    out: list[float] = []
    for y in wanted:
        out.append(max(y, lo, out[-1] + gap if out else lo))
    over = out[-1] - hi if out else 0
    if over > 0:
        out[-1] -= over
        for i in range(len(out) - 2, -1, -1):
            out[i] = min(out[i], out[i + 1] - gap)
    return out


def legend_rows(spec: ChartSpec, width: float, measure: Measure) -> list[list[tuple[int, str, float]]]:
    """The legend entries ``(series, name, entry width)`` flowed into rows ``width`` points wide;
    a name longer than a whole row is cut with ``…``. No legend (``[]``) for a single series."""
    if len(spec.series) < 2:
        return []
    swatch = (BOX_SWATCH if spec.kind == "bar" else LINE_SWATCH) + 1.2
    gap, rows, x = 3.0, [[]], 0.0
    for i in range(len(spec.series)):
        name = fit(series_name(spec, i), LEGEND_SIZE, max(width - swatch, 0.0), measure)
        w = swatch + measure(name, LEGEND_SIZE)
        if rows[-1] and x + gap + w > width:
            rows.append([])
            x = 0.0
        x += (gap if rows[-1] else 0.0) + w
        rows[-1].append((i, name, w))
    return rows


def period_spans(at: list[float], plot: tuple[float, float]) -> list[tuple[float, float]]:
    """The stretch of the plot each period owns: from half-way to the period before to half-way to
    the one after (the plot's ends for the first and last)."""
    edges = [plot[0]] + [(a + b) / 2 for a, b in zip(at, at[1:])] + [plot[1]]
    return list(zip(edges, edges[1:]))


def rebase_marks(spec: ChartSpec, spans: list[tuple[float, float]], base: float) -> list:
    """A rebase on the axis: a short upright bar across the baseline where the new process starts
    (between its first period and the one before), in the process lines' grey."""
    return [Line(((spans[r.index][0], base - REBASE_BELOW), (spans[r.index][0], base + REBASE_ABOVE)),
                 PROCESS_COLOUR, REBASE_W) for r in spec.rebases if 0 < r.index < len(spans)]


def target_lines(spec: ChartSpec, spans: list[tuple[float, float]], y: Callable[[float], float],
                 style: Style) -> list:
    """The dashed target: one level line, or (a trajectory) a stepped line over the periods that
    have a target, rising or falling where it changes."""
    if not spec.targets:
        if spec.target is None:
            return []
        t = y(spec.target)
        return [Line(((spans[0][0], t), (spans[-1][1], t)), style.target, TARGET_W, TARGET_DASH)]
    out, run = [], []
    for (a, b), v in list(zip(spans, spec.targets)) + [((0.0, 0.0), None)]:
        if v is not None:
            run += [(a, y(v)), (b, y(v))]
            continue
        if run:
            out.append(Line(tuple(run), style.target, TARGET_W, TARGET_DASH))
        run = []
    return out


def process_lines(spec: ChartSpec, spans: list[tuple[float, float]], y: Callable[[float], float]) -> list:
    """Each process's mean (thin, solid) and limits (dotted) over its own periods only, so the lines
    step where a rebase starts a new process."""
    out = []
    for g in spec.limits.segments if spec.limits is not None else ():
        if not 0 <= g.start < g.end <= len(spans):
            continue
        a, b = spans[g.start][0], spans[g.end - 1][1]
        out.append(Line(((a, y(g.mean)), (b, y(g.mean))), PROCESS_COLOUR, MEAN_W))
        out += [Line(((a, y(v)), (b, y(v))), PROCESS_COLOUR, LIMIT_W, LIMIT_DASH) for v in (g.lower, g.upper)]
    return out


def note_marks(spec: ChartSpec, px: Callable[[int, int], float], y: Callable[[float], float],
               band: tuple[float, float], width: float, style: Style, measure: Measure) -> list:
    """Each note's number on a white disc just above the point it is about (below when there is no
    room above; at the top of the plot for a period without a figure), never under ``NOTE_SIZE``;
    discs closer than their width are moved apart sideways, in number order, so none hides another."""
    r = NOTE_SIZE * 0.62
    found = []
    for a in spec.annotations:
        if not (0 <= a.index < len(spec.periods) and 0 <= a.series < len(spec.series)):
            continue
        v = spec.series[a.series].values[a.index]
        if v is None:
            cy = band[1]
        else:
            cy = y(v) + MARK_R + r if y(v) + MARK_R + 2 * r <= band[1] + MARK_R else y(v) - MARK_R - r
        found.append((px(a.index, a.series), a.number, cy))
    found.sort()
    xs = _spread([x for x, _, _ in found], 2 * r + 0.4, r, width - r)
    out: list = []
    for cx, (_, number, cy) in zip(xs, found):
        text = str(number)
        out.append(Mark(cx, cy, r, "circle", "FFFFFF"))
        out.append(Text(cx - measure(text, NOTE_SIZE) / 2, cy - NOTE_SIZE * 0.35, text, NOTE_SIZE, style.text))
    return out


def drawn_size(spec: ChartSpec, width_mm: float, height_mm: float) -> tuple[float, float]:
    """The size in mm a chart is drawn at in a column: ``width_mm`` wide, and ``height_mm`` tall
    plus one legend row for each row its legend needs beyond the first."""
    rows = len(legend_rows(spec, width_mm * MM - 2 * PAD, estimate))
    return width_mm, height_mm + max(rows - 1, 0) * LEGEND_ROW / MM


def scene(spec: ChartSpec, style: Style, measure: Measure) -> tuple:
    """Every mark of the chart, in points with the origin at the bottom left of a canvas of
    ``spec.size`` mm.

    Deterministic for a given (spec, style, measure). ``measure(text, size)`` is the width in
    points of ``text`` in the renderer's font. Returns a tuple of ``Line``/``Rect``/``Mark``/
    ``Text`` in painting order. ``spec`` needs at least one period and every series one value
    per period (as :func:`~.spec.make_spec` guarantees).
    """
    if not spec.periods or any(len(s.values) != len(spec.periods) for s in spec.series):
        raise ValueError(f"chart {spec.kpi_id!r}: every series needs one value per period")
    W, H = spec.size[0] * MM, spec.size[1] * MM
    n, k = len(spec.periods), len(spec.series)
    look = looks(k, spec.kind, style.series)
    lo, hi = y_limits(spec)
    out: list = []

    # Vertical bands: period labels at the bottom, the legend's rows on top.
    legend = legend_rows(spec, W - 2 * PAD, measure)
    period_top = PAD + PERIOD_SIZE * 1.15
    box_bottom, box_top = period_top + 1.0, H - PAD - len(legend) * LEGEND_ROW
    y0, y1 = box_bottom + MARK_R, box_top - MARK_R
    if y1 - y0 < 2.0:  # a very short chart: keep a usable plot band
        mid = (box_bottom + box_top) / 2
        y0, y1 = mid - 1.0, mid + 1.0

    def y(v: float) -> float:
        return y0 + (v - lo) / (hi - lo) * (y1 - y0)

    # The latest figure of each series, its status and its label; the labels set the gutter.
    latest = []
    for i, s in enumerate(spec.series):
        pts = points(s.values)
        if pts:
            text = short_number(pts[-1][1], spec.percent)
            latest.append((i, pts[-1][0], pts[-1][1], status(s.values, spec.polarity), text,
                           measure(text, VALUE_SIZE)))
    label_w = max((t[5] for t in latest), default=0.0)
    if label_w > (W - 2 * PAD) / 2:  # a very narrow chart: the plot, not the labels
        latest, label_w = [t[:4] + ("", 0.0) for t in latest], 0.0
    right = W - PAD - label_w - 1.0  # where the plot (with its last marker) ends

    # Horizontal positions of each series' points.
    if spec.kind == "bar":
        left = PAD
        slot = max(right - left, 1.0) / n
        group = min(0.7 * slot, BAR_MAX * k)
        bar_w = group / k
        centres = [left + (p + 0.5) * slot for p in range(n)]

        def x(p: int, i: int) -> float:
            return centres[p] - group / 2 + (i + 0.5) * bar_w
        reach = max(MARK_R, group / 2)  # how far the last group reaches past its centre
        plot = (left, centres[-1] + group / 2)
    else:
        left = PAD + MARK_R
        stop = max(right - MARK_R, left + 1.0)
        step = (stop - left) / (n - 1) if n > 1 else 0.0

        def x(p: int, i: int) -> float:
            return left + p * step if n > 1 else (left + stop) / 2
        reach = MARK_R
        plot = (left - MARK_R, stop + MARK_R)

    # Baseline, rebase marks, target line, mean and process limits: behind the data.
    base = y(0.0) if spec.kind == "bar" or lo <= 0 <= hi else box_bottom
    out.append(Line(((plot[0], base), (plot[1], base)), BASE_COLOUR, BASE_W))
    at = [centres[p] if spec.kind == "bar" else x(p, 0) for p in range(n)]  # each period's centre
    spans = period_spans(at, plot)
    out += rebase_marks(spec, spans, base)
    out += target_lines(spec, spans, y, style)
    out += process_lines(spec, spans, y)

    # The data: bars (a hairline for a zero) or lines broken at gaps (a dot for a lone point).
    for i, s in enumerate(spec.series):
        if spec.kind == "bar":
            for p, v in points(s.values):
                top, zero = y(v), y(0.0)
                h = max(abs(top - zero), 0.5)
                out.append(Rect(x(p, i) - bar_w / 2, min(top, zero), bar_w, h, look[i].colour,
                                look[i].filled, look[i].dash))
            continue
        run: list[tuple[float, float]] = []
        for p, v in list(enumerate(s.values)) + [(n, None)]:
            if v is not None:
                run.append((x(p, i), y(v)))
                continue
            if len(run) > 1:
                out.append(Line(tuple(run), look[i].colour, LINE_W, look[i].dash))
            elif run:
                out.append(Mark(run[0][0], run[0][1], DOT_R, "dot", look[i].colour))
            run = []

    # Special-cause points of the first series: a diamond (a larger one behind a status marker).
    first_latest = latest[0][1] if latest and latest[0][0] == 0 else None
    for p, meaning in special_points(spec):
        r = MARK_R * 1.5 if p == first_latest else SPECIAL_R
        out.append(Mark(min(max(x(p, 0), r), W - r), y(spec.series[0].values[p]), r, "diamond",
                        getattr(style, meaning)))

    # Note markers: a number by the point each note is about, explained under the chart.
    out += note_marks(spec, lambda p, i: centres[p] if spec.kind == "bar" else x(p, i), y, (y0, y1), W, style,
                      measure)

    # Status markers, then the latest-value labels stacked so they never overlap.
    edge = MARK_R * 1.15  # how far a triangle reaches from its point
    for i, p, v, reading, _, _ in latest:
        out.append(Mark(min(max(x(p, i), edge), W - edge), y(v), MARK_R, MARKERS[reading], getattr(style, reading)))
    # All labels fit: stack them in the order of their markers (so the order tells which is
    # which). Too many: show only those that fit beside their own marker, in series order.
    gap = VALUE_SIZE * 1.05
    lowest, highest = period_top, max(box_top - VALUE_SIZE * 0.75, period_top)
    wanted = {t[0]: min(max(y(t[2]) - VALUE_SIZE * 0.35, lowest), highest) for t in latest}
    if (len(latest) - 1) * gap <= highest - lowest:
        shown = sorted(latest, key=lambda t: (wanted[t[0]], t[0]))
        ys = _spread([wanted[t[0]] for t in shown], gap, lowest, highest)
    else:
        shown, ys = [], []
        for t in latest:
            if all(abs(wanted[t[0]] - other) >= gap for other in ys):
                shown.append(t)
                ys.append(wanted[t[0]])
    for (i, p, v, _, text, w), ty in zip(shown, ys):
        if not text:
            continue
        tx = (centres[p] if spec.kind == "bar" else x(p, i)) + reach + 1.0
        out.append(Text(max(PAD, min(tx, W - PAD - w)), ty, text, VALUE_SIZE, style.text))

    # First and last period labels, centred under their points; if they would collide, pushed
    # to the two ends (each is cut to half the width, so they then always fit).
    first = centres[0] if spec.kind == "bar" else x(0, 0)
    last = centres[-1] if spec.kind == "bar" else x(n - 1, 0)
    ty = PAD + PERIOD_SIZE * 0.25
    half = (W - 2 * PAD - 2.0) / (2 if n > 1 else 1)
    labels = []
    for period, at in ((spec.periods[0], first), (spec.periods[-1], last))[:2 if n > 1 else 1]:
        text = fit(period, PERIOD_SIZE, half, measure)
        w = measure(text, PERIOD_SIZE)
        labels.append([min(max(PAD, at - w / 2), W - PAD - w), text, w])
    if len(labels) == 2 and labels[1][0] < labels[0][0] + labels[0][2] + 2.0:
        labels[0][0], labels[1][0] = PAD, W - PAD - labels[1][2]
    out.extend(Text(lx, ty, text, PERIOD_SIZE, style.text) for lx, text, _ in labels if text)

    # Legend: a swatch in each series' look and its name, rows from the top down.
    for row, entries in enumerate(legend):
        ly = H - PAD - (row + 1) * LEGEND_ROW + LEGEND_SIZE * 0.45
        lx = PAD
        for i, name, w in entries:
            if spec.kind == "bar":
                out.append(Rect(lx, ly, BOX_SWATCH, BOX_SWATCH, look[i].colour, look[i].filled, look[i].dash))
                sw = BOX_SWATCH
            else:
                mid = ly + BOX_SWATCH / 2
                out.append(Line(((lx, mid), (lx + LINE_SWATCH, mid)), look[i].colour, LINE_W, look[i].dash))
                sw = LINE_SWATCH
            if name:
                out.append(Text(lx + sw + 1.2, ly, name, LEGEND_SIZE, style.text))
            lx += w + 3.0
    return tuple(out)
