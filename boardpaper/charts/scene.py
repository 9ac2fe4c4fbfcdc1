"""The scene: every mark of a chart as a primitive in points, decided once for every painter.

:func:`scene` places everything (limits, positions, colours, dashes, marker shapes, labels, the
target line, the process limits, gaps, the legend) on a canvas of the chart's drawn size; the PNG
(:mod:`.png`), vector (:mod:`.vector`) and SVG painters only paint the primitives it returns, so
the formats cannot drift apart.

Design for a table cell (default 50 x 20 mm), read at print size: no text under
:data:`MIN_TEXT` (6.5 pt); no frame, gridlines or axes; a light baseline. Line charts: the first
and last periods, the latest figure of each series beside its point. Bar charts: each bar's figure
at its bar (as many as fit without overlapping), and every period under its bars for up to 6
periods. Figures are written as the KPI writes them (``spec.number``). The latest point carries the
marker of :mod:`boardpaper.markers` (shape: which way it moved; colour: whether that is good).
Target: a heavier dashed line in the target colour; mean: a thin solid grey line; process
limits: lighter grey dots; special-cause points: a diamond coloured by what they mean. Several
series: each its own colour and dash (bars: fill or outline), named in a legend on as many rows
as it takes (:func:`drawn_size` makes the chart that much taller). Process lines are drawn over
each process's own periods (they step at a rebase); a rebase is an upright bar across the axis
where the new process starts; a target trajectory a stepped dashed line; a note a number on a
white disc by its point (its text is printed under the chart, :func:`~.words.chart_notes`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from ..model import ChartSpec
from . import labels as lab
from .labels import ELLIPSIS, fit  # noqa: F401  (fit: also the PDF furniture's)
from .labels import spread as _spread  # noqa: F401  (the exception reports' full-size chart)
from .spec import latest_markers, points, special_points
from .words import figure, series_name, short_number

from .scene_items import (  # noqa: F401 (re-exported: the scene's primitives and sizes)
    MM, FLAT, PAD, MIN_TEXT, PERIOD_SIZE, VALUE_SIZE, LEGEND_SIZE, LINE_H,
    LEGEND_ROW, MARK_R, SPECIAL_R, DOT_R, LINE_W, BAR_EDGE_W, BASE_W, BASE_COLOUR,
    TARGET_W, TARGET_DASH, MEAN_COLOUR, MEAN_W, LIMIT_COLOUR, LIMIT_W, LIMIT_DASH, BAR_MAX,
    BAR_GAP, PROCESS_COLOUR, REBASE_W, REBASE_ABOVE, REBASE_BELOW, NOTE_SIZE, DASHES, LINE_SWATCH,
    BOX_SWATCH, ESTIMATE_EM, Measure, NEITHER, Line, Rect, Mark, Text,
    Look, Style, looks, marker_polygon, estimate)

if TYPE_CHECKING:  # pragma: no cover
    pass

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


def _swatch(kind: str) -> float:
    """A legend entry's width before its name: the swatch, and for bars the series' latest marker
    (a line's marker is at its line's end; a bar chart of several series has no room at its bars)."""
    return (BOX_SWATCH + 1.5 + 2 * MARK_R + 1.5 if kind == "bar" else LINE_SWATCH) + 1.5


def legend_values(spec: ChartSpec, width: float) -> bool:
    """Whether a bar chart of several series gives each series' latest figure in its legend entry
    (``Burglary 3,827``) instead of at the bars: when the latest period's figures could not stand
    side by side over its bars (``width``: the chart's in points; a font-independent estimate, so
    compose sizes the chart the same way)."""
    if spec.kind != "bar" or len(spec.series) < 2:
        return False
    latest = [figures(spec, pts[-1][1])[0] for s in spec.series if (pts := points(s.values))]
    return sum(estimate(t, VALUE_SIZE) + lab.LABEL_GAP for t in latest) > group_width(spec, width)


def group_width(spec: ChartSpec, width: float) -> float:
    """The width of one period's bars in a chart ``width`` points wide: a bar is at most
    ``BAR_MAX`` wide, or as wide as its widest figure when several series stand side by side (so
    each figure can sit over its own bar), and the group never more than 0.9 of its period's slot."""
    slot = max(width - 2 * PAD, 1.0) / len(spec.periods)
    k = len(spec.series)
    if k == 1:
        return min(0.72 * slot, BAR_MAX)
    widest = max((estimate(figures(spec, v)[0], VALUE_SIZE) for s in spec.series for v in s.values
                  if v is not None), default=0.0)
    return min(0.9 * slot, max(BAR_MAX, widest + BAR_GAP + lab.LABEL_GAP) * k)


def legend_rows(spec: ChartSpec, width: float, measure: Measure) -> list[list[lab.LegendEntry]]:
    """The legend of ``spec`` flowed into rows ``width`` points wide (:func:`.labels.legend_rows`),
    each name followed by its series' latest figure when :func:`legend_values`."""
    names = [series_name(spec, i) for i in range(len(spec.series))]
    if legend_values(spec, width + 2 * PAD):
        names = [f"{name} {figures(spec, pts[-1][1])[0]}" if (pts := points(s.values)) else name
                 for name, s in zip(names, spec.series)]
    return lab.legend_rows(names, _swatch(spec.kind), width, LEGEND_SIZE, measure)


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
        out += [Line(((a, y(v)), (b, y(v))), LIMIT_COLOUR, LIMIT_W, LIMIT_DASH) for v in (g.lower, g.upper)]
        out.append(Line(((a, y(g.mean)), (b, y(g.mean))), MEAN_COLOUR, MEAN_W))
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
    xs = lab.spread([x for x, _, _ in found], 2 * r + 0.4, r, width - r)
    out: list = []
    for cx, (_, number, cy) in zip(xs, found):
        text = str(number)
        out.append(Mark(cx, cy, r, "circle", "FFFFFF"))
        out.append(Text(cx - measure(text, NOTE_SIZE) / 2, cy - NOTE_SIZE * 0.35, text, NOTE_SIZE, style.text))
    return out


def drawn_size(spec: ChartSpec, width_mm: float, height_mm: float) -> tuple[float, float]:
    """The size in mm a chart is drawn at in a column: ``width_mm`` wide, and ``height_mm`` tall
    plus one legend line for each line its legend needs beyond the first."""
    lines = lab.row_lines(legend_rows(spec, width_mm * MM - 2 * PAD, estimate))
    return width_mm, height_mm + max(lines - 1, 0) * LEGEND_ROW / MM


def figures(spec: ChartSpec, v: float) -> tuple[str, str]:
    """``v`` as the chart labels it in full (the KPI's own format) and short (``29k``)."""
    full = figure(v, spec.number, spec.percent)
    short = short_number(v, spec.percent)
    if not spec.percent:
        short = ("-" if short.startswith("-") else "") + spec.number.prefix + short.lstrip("-") + spec.number.suffix
    return full, short if len(short) < len(full) else full


@dataclass(frozen=True)
class _Frame:
    """Where things go: the plot band ``y0``..``y1``, the box around it, the value range."""

    W: float
    H: float
    y0: float
    y1: float
    lo: float
    hi: float

    def y(self, v: float) -> float:
        return self.y0 + (v - self.lo) / (self.hi - self.lo) * (self.y1 - self.y0)


def _period_band(spec: ChartSpec, W: float, measure: Measure) -> int:
    """How many lines the period labels take (1 or 2), measured as the scene will place them."""
    n = len(spec.periods)
    slot = (W - 2 * PAD) / n
    every = spec.kind == "bar" and n <= 6
    placed = lab.period_labels(spec.periods, [PAD + (p + 0.5) * slot for p in range(n)], slot, every,
                               PERIOD_SIZE, PAD, W - PAD, measure)
    return max(len(lines) for _, lines in placed)


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
    legend = legend_rows(spec, W - 2 * PAD, measure)
    period_top = PAD + _period_band(spec, W, measure) * PERIOD_SIZE * LINE_H
    box_bottom, box_top = period_top + 1.0, H - PAD - lab.row_lines(legend) * LEGEND_ROW
    if spec.kind == "bar":
        out = _bars(spec, style, measure, W, H, box_bottom, box_top)
    else:
        out = _lines(spec, style, measure, W, H, box_bottom, box_top)
    out += _legend(spec, style, legend, W, H)
    return tuple(out)


def _frame(spec: ChartSpec, W: float, H: float, y0: float, y1: float) -> _Frame:
    if y1 - y0 < 2.0:  # a very short chart: keep a usable plot band
        mid = (y0 + y1) / 2
        y0, y1 = mid - 1.0, mid + 1.0
    return _Frame(W, H, y0, y1, *y_limits(spec))


def _references(spec: ChartSpec, style: Style, f: _Frame, x0: float, x1: float, at: list[float]) -> list:
    """Baseline, rebase marks, process limits and means, target line, behind the data (``at``:
    each period's centre)."""
    base = f.y(0.0) if spec.kind == "bar" or f.lo <= 0 <= f.hi else f.y0
    out: list = [Line(((x0, base), (x1, base)), BASE_COLOUR, BASE_W)]
    spans = period_spans(at, (x0, x1))
    out += rebase_marks(spec, spans, base)
    out += process_lines(spec, spans, f.y)
    out += target_lines(spec, spans, f.y, style)
    return out


def _marker(spec: ChartSpec, style: Style, i: int, x: float, y: float, W: float) -> list:
    """Series ``i``'s latest-point marker at ``(x, y)`` (none with fewer than two figures)."""
    m = latest_markers(spec)[i]
    if m is None:
        return []
    edge = MARK_R * 1.15
    return [Mark(min(max(x, edge), W - edge), y, MARK_R, m.shape, style.tone(m.tone))]


def _specials(spec: ChartSpec, style: Style, f: _Frame, x, latest: int | None) -> list:
    """Special-cause diamonds of the first series; none under the latest marker, which takes the
    colour of the variation reading instead (:func:`~.spec.latest_markers`)."""
    out = []
    for p, meaning in special_points(spec):
        if p == latest and latest_markers(spec)[0] is not None:
            continue
        out.append(Mark(min(max(x(p), SPECIAL_R), f.W - SPECIAL_R), f.y(spec.series[0].values[p]), SPECIAL_R,
                        "diamond", style.tone(meaning)))
    return out


def _periods(spec: ChartSpec, style: Style, measure: Measure, centres: list[float], slot: float,
             W: float) -> list:
    every = spec.kind == "bar" and len(spec.periods) <= 6
    out = []
    for centre, lines in lab.period_labels(spec.periods, centres, slot, every, PERIOD_SIZE, PAD, W - PAD, measure):
        for row, line in enumerate(lines):
            w = measure(line, PERIOD_SIZE)
            y = PAD + PERIOD_SIZE * 0.25 + (len(lines) - 1 - row) * PERIOD_SIZE * LINE_H
            if line:
                out.append(Text(lab.place_centred(centre, w, PAD, W - PAD), y, line, PERIOD_SIZE, style.text))
    return out


def _lines(spec: ChartSpec, style: Style, measure: Measure, W: float, H: float, bottom: float, top: float) -> list:
    """A line chart: references, lines broken at gaps, markers, the latest figures beside their
    points (full, or short when full ones would take more than ``GUTTER_SHARE`` of the width)."""
    n = len(spec.periods)
    look = looks(len(spec.series), "line", style.series)
    latest = [(i, pts[-1]) for i, s in enumerate(spec.series) if (pts := points(s.values))]
    texts = {i: figures(spec, v) for i, (_, v) in latest}
    short = any(measure(t[0], VALUE_SIZE) > lab.GUTTER_SHARE * W for t in texts.values())
    texts = {i: t[1 if short else 0] for i, t in texts.items()}
    label_w = max((measure(t, VALUE_SIZE) for t in texts.values()), default=0.0)
    if label_w > (W - 2 * PAD) / 2:  # a very narrow chart: the plot, not the labels
        texts, label_w = {}, 0.0
    left = PAD + MARK_R
    stop = max(W - PAD - label_w - 1.5 - MARK_R * 2, left + 1.0)
    step = (stop - left) / (n - 1) if n > 1 else 0.0

    def x(p: int) -> float:
        return left + p * step if n > 1 else (left + stop) / 2
    f = _frame(spec, W, H, bottom + MARK_R, top - MARK_R)
    out = _references(spec, style, f, left - MARK_R, stop + MARK_R, [x(p) for p in range(n)])
    for i, s in enumerate(spec.series):
        run: list[tuple[float, float]] = []
        for p, v in list(enumerate(s.values)) + [(n, None)]:
            if v is not None:
                run.append((x(p), f.y(v)))
                continue
            if len(run) > 1:
                out.append(Line(tuple(run), look[i].colour, LINE_W, look[i].dash))
            elif run:
                out.append(Mark(run[0][0], run[0][1], DOT_R, "dot", look[i].colour))
            run = []
    first_latest = latest[0][1][0] if latest and latest[0][0] == 0 else None
    out += _specials(spec, style, f, x, first_latest)
    out += note_marks(spec, lambda p, i: x(p), f.y, (f.y0, f.y1), W, style, measure)
    for i, (p, v) in latest:
        out += _marker(spec, style, i, x(p), f.y(v), W)
    out += _value_column(latest, texts, f, x, measure, style, bottom - 1.0, top)
    out += _periods(spec, style, measure, [x(0), x(n - 1)] if n > 1 else [x(0)], step or W, W)
    return out


def _value_column(latest, texts, f: _Frame, x, measure: Measure, style: Style, lowest: float, top: float) -> list:
    """The latest figures right of their points, stacked in the order of their points so they
    never overlap; when too many to stack, those that fit beside their own point."""
    gap = VALUE_SIZE * 1.05
    highest = max(top - VALUE_SIZE * 0.75, lowest)
    want = {i: min(max(f.y(v) - VALUE_SIZE * 0.35, lowest), highest) for i, (_, v) in latest if texts.get(i)}
    shown = sorted(want, key=lambda i: (want[i], i))
    if (len(shown) - 1) * gap <= highest - lowest:
        ys = lab.spread([want[i] for i in shown], gap, lowest, highest)
    else:
        kept: list[int] = []
        for i in sorted(want):
            if all(abs(want[i] - want[j]) >= gap for j in kept):
                kept.append(i)
        shown, ys = kept, [want[i] for i in kept]
    out = []
    for i, ty in zip(shown, ys):
        p = dict(latest)[i][0]
        w = measure(texts[i], VALUE_SIZE)
        tx = x(p) + MARK_R * 1.2 + 1.5
        out.append(Text(max(PAD, min(tx, f.W - PAD - w)), ty, texts[i], VALUE_SIZE, style.text))
    return out


def _bars(spec: ChartSpec, style: Style, measure: Measure, W: float, H: float, bottom: float, top: float) -> list:
    """A bar chart: references, bars (a hairline for a zero), each figure at its bar with the
    latest bar's marker before it (several series: as many as fit, or, when even the latest
    period's cannot stand side by side, none: the legend gives them), and the periods."""
    n, k = len(spec.periods), len(spec.series)
    look = looks(k, "bar", style.series)
    lo, hi = y_limits(spec)
    room = VALUE_SIZE * 0.78 + lab.LABEL_GAP + 0.5
    f = _frame(spec, W, H, bottom + (room if lo < 0 else 0.0), top - (room if hi > 0 else 0.0))
    slot = max(W - 2 * PAD, 1.0) / n
    group = group_width(spec, W)
    bar_w = group / k
    centres = [PAD + (p + 0.5) * slot for p in range(n)]
    out = _references(spec, style, f, PAD, W - PAD, centres)
    bars = []
    for i, s in enumerate(spec.series):
        for p, v in points(s.values):
            top_y, zero = f.y(v), f.y(0.0)
            inset = BAR_GAP / 2 if k > 1 else 0.0  # a hair of white between the bars of a group
            box = lab.Box(centres[p] - group / 2 + i * bar_w + inset, min(top_y, zero), bar_w - 2 * inset,
                          max(abs(top_y - zero), 0.5))
            out.append(Rect(box.x, box.y, box.w, box.h, look[i].colour, look[i].filled, look[i].dash))
            bars.append((p, i, box, v))
    latest = {(pts[-1][0], i) for i, s in enumerate(spec.series) if (pts := points(s.values))}
    marked = {b for b in latest if latest_markers(spec)[b[1]] is not None} if k == 1 else set()  # else: legend
    lead = 2 * MARK_R + 1.0
    texts = {(p, i): figures(spec, v) for p, i, _, v in bars}
    frame = lab.Box(PAD, bottom - 1.0, W - 2 * PAD, top - bottom + 1.0)
    shown = [] if legend_values(spec, W) else lab.bar_labels(bars, texts, latest, marked, VALUE_SIZE, lead, frame,
                                                              measure)
    for label in shown:
        x = label.box.x
        if label.marker:
            out += _marker(spec, style, label.series, x + MARK_R, label.box.y + label.box.h * 0.45, W)
            x += lead
        out.append(Text(x, label.box.y, label.text, VALUE_SIZE, style.text))
    out += note_marks(spec, lambda p, i: centres[p] - group / 2 + (i + 0.5) * bar_w, f.y, (f.y0, f.y1), W, style,
                      measure)
    out += _periods(spec, style, measure, centres, slot, W)
    return out


def _legend(spec: ChartSpec, style: Style, legend: list[list[lab.LegendEntry]], W: float, H: float) -> list:
    """A swatch in each series' look and its name, rows from the top down."""
    look = looks(len(spec.series), spec.kind, style.series)
    out: list = []
    line = 0
    for entries in legend:
        x = PAD
        for e in entries:
            top_line = H - PAD - (line + 1) * LEGEND_ROW + LEGEND_SIZE * 0.3
            if spec.kind == "bar":
                out.append(Rect(x, top_line, BOX_SWATCH, BOX_SWATCH, look[e.series].colour,
                                look[e.series].filled, look[e.series].dash))
                out += _marker(spec, style, e.series, x + BOX_SWATCH + 1.5 + MARK_R,
                               top_line + BOX_SWATCH / 2, W)
            else:
                mid = top_line + LEGEND_SIZE * 0.33
                out.append(Line(((x, mid), (x + LINE_SWATCH, mid)), look[e.series].colour, LINE_W,
                                look[e.series].dash))
            for row, text in enumerate(e.lines):
                if text:
                    out.append(Text(x + _swatch(spec.kind), top_line - row * LEGEND_ROW, text, LEGEND_SIZE,
                                    style.text))
            x += e.width + 3.0
        line += max(len(e.lines) for e in entries)
    return out
