"""KPI trend charts: derive a :class:`~boardpaper.model.ChartSpec`, describe it in words, draw it.

One chart is drawn in two formats: a PNG for the DOCX (:func:`chart_png`, matplotlib) and a
native vector :class:`reportlab.graphics.shapes.Drawing` for the PDF (:func:`chart_drawing`).
Both renderers draw the *same scene*: :func:`_scene` decides every mark (limits, positions,
colours, marker shapes, labels, target line, gaps, legend) in points on a page-sized canvas, and
each renderer only paints those primitives. So the two formats cannot drift apart.

Design for a table cell (default 35 x 12 mm): no frame, no gridlines, no axes; a light baseline;
first and last period labels only; the latest value labelled; the latest point coloured *and*
shaped by its status (improving ``▲``, worsening ``▼``, neutral ``●``) so colour is never the only
signal; a dashed target line; gaps left as gaps; a tiny legend when there is more than one series.

Importing this module imports neither matplotlib nor reportlab; both are imported on first use.
"""
from __future__ import annotations

import io
import math
import threading
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Iterable

from .model import CHART_KINDS, POLARITIES, ChartSpec, Series

if TYPE_CHECKING:  # pragma: no cover
    from reportlab.graphics.shapes import Drawing

    from .layout import Layout

__all__ = ["make_spec", "alt_text", "chart_png", "chart_drawing", "render_all"]

PNG_DPI = 300
MM = 72 / 25.4  # points per millimetre

# ---------------------------------------------------------------------------------------------
# The spec
# ---------------------------------------------------------------------------------------------


def make_spec(kpi_id: str, label: str, points: list[tuple[str, float | None, str]], *,
              chart: str = "", polarity: str = "monitor", target: float | None = None,
              percent: bool = False) -> ChartSpec | None:
    """The chart of one KPI, or ``None`` when it has no chart.

    ``points`` are ``(period, value, series)`` in input order; ``value`` ``None`` is a gap and
    ``series`` ``""`` is the unnamed series. Periods are the union of all periods in order of first
    appearance; each series (in order of first appearance) gets one value per period, ``None``
    where it has none. If a series repeats a period the later number wins, but a gap never
    replaces a number. Non-finite values (NaN, ±inf) count as gaps.

    ``chart`` is ``"line"`` or ``"bar"`` (forced), ``"none"`` (no chart), or ``""``/``"auto"``:
    a bar for 1–3 periods or when there is only one number, a line for 4 periods or more.
    Returns ``None`` for ``"none"`` and when there are no numbers at all.
    Raises ``ValueError`` for an unknown ``chart`` or ``polarity``.
    """
    kind = (chart or "").strip().lower()
    if kind in ("", "auto"):
        kind = ""
    elif kind not in CHART_KINDS:
        raise ValueError(f"chart {chart!r} is not one of {', '.join(CHART_KINDS)} or blank")
    pol = (polarity or "monitor").strip().lower()
    if pol not in POLARITIES:
        raise ValueError(f"polarity {polarity!r} is not one of {', '.join(POLARITIES)}")
    if kind == "none":
        return None

    periods: dict[str, None] = {}
    table: dict[str, dict[str, float | None]] = {}
    for period, value, name in points:
        period, name = str(period).strip(), str(name or "").strip()
        periods.setdefault(period, None)
        row = table.setdefault(name, {})
        v = _finite(value)
        if v is not None or row.get(period) is None:
            row[period] = v
    series = tuple(Series(name, tuple(row.get(p) for p in periods)) for name, row in table.items())
    numbers = sum(v is not None for s in series for v in s.values)
    if numbers == 0:
        return None
    if not kind:
        kind = "bar" if len(periods) <= 3 or numbers == 1 else "line"
    return ChartSpec(kpi_id=kpi_id, label=label, periods=tuple(periods), series=series, kind=kind,
                     polarity=pol, target=_finite(target), percent=bool(percent))


def _finite(value: float | None) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    v = float(value)
    return v if math.isfinite(v) else None


# ---------------------------------------------------------------------------------------------
# Numbers in words and labels
# ---------------------------------------------------------------------------------------------


def _round(v: float, places: int) -> Decimal:
    """``v`` rounded half-up as written (2.675 -> 2.68), at ``places`` decimals (may be negative)."""
    with localcontext() as ctx:
        ctx.prec = 80
        return Decimal(repr(float(v))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _plain(d: Decimal) -> str:
    """A Decimal with thousands separators and no trailing zeros; never ``-0``."""
    s = f"{d:,f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _num(v: float, percent: bool = False) -> str:
    """A number for reading: ``18,237``; ``2.68``; ``0.0012`` (2 significant decimals for
    fractions under 1); ``-5``; with ``%`` when ``percent`` (values are already in per cent)."""
    a = abs(v)
    if a >= 1e15:
        s = f"{v:,.0f}"
    elif a >= 1 or a == 0:
        s = _plain(_round(v, 2))
    else:
        s = _plain(_round(v, 1 - math.floor(math.log10(a))))
    return s + ("%" if percent else "")


def _short(v: float, percent: bool = False) -> str:
    """A compact value label: ``9,999``; ``18k``; ``3.4m``; ``1.2bn``; ``45.3%``; ``0.12``.

    Below 10,000 it keeps up to one decimal (two significant digits under 1); from 10,000 it uses
    k/m/bn with one decimal below 10 units and none above (99,950 -> ``100k``, 999,600 -> ``1m``).
    """
    a = abs(v)
    sign = "-" if v < 0 else ""
    pct = "%" if percent else ""
    if a < 1e4:
        if a >= 100:
            s = _plain(_round(a, 0))
        elif a >= 1 or a == 0:
            s = _plain(_round(a, 1))
        else:
            s = _plain(_round(a, 1 - math.floor(math.log10(a))))
        if s == "0":
            sign = ""
        return f"{sign}{s}{pct}"
    units = ((1e3, "k"), (1e6, "m"), (1e9, "bn"))
    i = 0
    while i + 1 < len(units) and a >= units[i + 1][0]:
        i += 1
    while True:
        x = a / units[i][0]
        r = _round(x, 1 if x < 10 else 0)
        if r >= 1000 and i + 1 < len(units):
            i += 1
            continue
        if r >= 10 and x < 10:  # 9.96 -> "10", not "10.0"
            r = _round(x, 0)
        return f"{sign}{_plain(r)}{units[i][1]}{pct}"


# ---------------------------------------------------------------------------------------------
# Alt text
# ---------------------------------------------------------------------------------------------

LABEL_LIMIT = 80
LONG_SERIES = 6


def _short_label(label: str, limit: int = LABEL_LIMIT) -> str:
    """``label`` on one line, cut at a word boundary to at most ``limit`` characters with ``…``."""
    text = " ".join(str(label or "").split()).rstrip(" .:;,")
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" .:;,-–—(") + "…"


def _points(values: Iterable[float | None]) -> list[tuple[int, float]]:
    return [(i, v) for i, v in enumerate(values) if v is not None]


def _gaps(indexes: list[int], periods: tuple[str, ...]) -> str:
    """``no figure for 2020/21``; ``no figures for A and B``; ``no figures from A to C``."""
    if len(indexes) == 1:
        return f"no figure for {periods[indexes[0]]}"
    if len(indexes) == 2:
        return f"no figures for {periods[indexes[0]]} and {periods[indexes[1]]}"
    return f"no figures from {periods[indexes[0]]} to {periods[indexes[-1]]}"


def _listing(values: tuple[float | None, ...], periods: tuple[str, ...], percent: bool) -> str:
    """Every figure in order, runs of gaps merged, the last figure marked ``(latest)``."""
    pts = _points(values)
    latest = pts[-1][0] if len(pts) > 1 else None
    parts: list[str] = []
    run: list[int] = []
    for i, v in enumerate(values):
        if v is None:
            run.append(i)
            continue
        if run:
            parts.append(_gaps(run, periods))
            run = []
        parts.append(f"{_num(v, percent)} in {periods[i]}" + (" (latest)" if i == latest else ""))
    if run:
        parts.append(_gaps(run, periods))
    return ", ".join(parts)


def _summary(values: tuple[float | None, ...], periods: tuple[str, ...], percent: bool) -> str:
    """A long series in brief: its span, then first, lowest, highest and latest figures."""
    pts = _points(values)
    head = f"{len(periods)} periods from {periods[0]} to {periods[-1]}"
    if len(pts) == 1:
        i, v = pts[0]
        parts = [f"only figure {_num(v, percent)} in {periods[i]}"]
    else:
        (fi, fv), (li, lv) = pts[0], pts[-1]
        lo = min(pts, key=lambda p: p[1])
        hi = max(pts, key=lambda p: p[1])
        parts = [f"first {_num(fv, percent)} in {periods[fi]}"]
        if lo[1] not in (fv, lv):
            parts.append(f"lowest {_num(lo[1], percent)} in {periods[lo[0]]}")
        if hi[1] not in (fv, lv):
            parts.append(f"highest {_num(hi[1], percent)} in {periods[hi[0]]}")
        parts.append(f"latest {_num(lv, percent)} in {periods[li]}")
    text = f"{head}; {', '.join(parts)}"
    missing = [i for i, v in enumerate(values) if v is None]
    if missing:
        text += "; " + (_gaps(missing, periods) if len(missing) <= 2
                        else f"no figures for {len(missing)} periods")
    return text


def _change(values: tuple[float | None, ...], periods: tuple[str, ...], percent: bool,
            polarity: str) -> str:
    """How the latest figure compares with the previous figure ('' with fewer than two)."""
    pts = _points(values)
    if len(pts) < 2:
        return ""
    (pi, prev), (li, last) = pts[-2], pts[-1]
    ref = "the previous period" if li - pi == 1 else periods[pi]
    if last == prev:
        return f"no change on {ref}"
    way = "up" if last > prev else "down"
    if percent:
        diff = _num(abs(last - prev))
        text = f"{way} {diff} percentage point{'' if diff == '1' else 's'} on {ref}"
    elif prev == 0:
        text = f"{way} from 0 in {ref}"
    elif prev < 0 or last < 0:  # a relative change across or below zero means nothing
        text = f"{way} {_num(abs(last - prev))} on {ref}"
    else:
        rel = abs(last - prev) / prev * 100
        pct = (_plain(_round(rel, 0)) if rel >= 1 else _plain(_round(rel, 1)) if rel >= 0.05
               else "less than 0.1")
        text = f"{way} {pct}% on {ref}"
    status = _status(values, polarity)
    if status == "improving":
        text += ", an improvement"
    elif status == "worsening":
        text += ", a deterioration"
    return text


def _series_name(spec: ChartSpec, index: int) -> str:
    return spec.series[index].name or f"Series {index + 1}"


def alt_text(spec: ChartSpec) -> str:
    """The chart in words, for alt text and screen readers.

    ``"Homicides: 50 in 2019/20, 45 in 2020/21, 53 in 2021/22 (latest); up 18% on the previous
    period; target 45."`` The label is cut to about 80 characters at a word boundary. Gaps are
    named ("no figure for 2020/21"); a series longer than 6 periods is summarised by its first,
    lowest, highest and latest figures. The change is relative (percentage points for a
    ``percent`` spec; absolute when the previous figure is negative; "up from 0" after a zero) and,
    for polarity ``up``/``down``, called an improvement or a deterioration. Several series give
    one sentence each.
    """
    label = _short_label(spec.label) or _short_label(spec.kpi_id) or "Chart"
    long = len(spec.periods) > LONG_SERIES

    def clause(s: Series) -> str:
        if not any(v is not None for v in s.values):
            return "no figures"
        body = (_summary if long else _listing)(s.values, spec.periods, spec.percent)
        change = _change(s.values, spec.periods, spec.percent, spec.polarity)
        return f"{body}; {change}" if change else body

    target = f"target {_num(spec.target, spec.percent)}" if spec.target is not None else ""
    if len(spec.series) == 1:
        return f"{label}: {clause(spec.series[0])}" + (f"; {target}." if target else ".")
    sentences = [label if label.endswith("…") else f"{label}."]
    sentences += [f"{_series_name(spec, i)}: {clause(s)}." for i, s in enumerate(spec.series)]
    if target:
        sentences.append(target[0].upper() + target[1:] + ".")
    return " ".join(sentences)


# ---------------------------------------------------------------------------------------------
# Shared geometry: limits, status, and the scene both renderers paint
# ---------------------------------------------------------------------------------------------

FLAT = 0.1  # the y-range always spans at least this fraction of the largest |value| (or 1 if 0)


def _y_limits(spec: ChartSpec) -> tuple[float, float]:
    """The value range ``(lo, hi)`` mapped onto the plot height, ``lo < hi``.

    It holds every number, the target if any, and 0 for bars. A flat or near-flat series is not
    stretched into a slope: the range is at least ``FLAT`` x the largest |value| (1 when all are
    0), centred on the data but never crossing 0 when the data do not.
    """
    data = [v for s in spec.series for v in s.values if v is not None]
    if not data:
        return 0.0, 1.0
    if spec.target is not None:
        data.append(spec.target)
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


def _status(values: tuple[float | None, ...], polarity: str) -> str:
    """``improving``/``worsening``/``neutral``: the latest figure against the previous figure
    (gaps skipped) by polarity; ``neutral`` for ``monitor``, no change, or a single figure."""
    pts = _points(values)
    if len(pts) < 2 or polarity not in ("up", "down") or pts[-1][1] == pts[-2][1]:
        return "neutral"
    rose = pts[-1][1] > pts[-2][1]
    return "improving" if rose == (polarity == "up") else "worsening"


MARKERS = {"improving": "up", "worsening": "down", "neutral": "circle"}

PAD = 1.0            # white edge, pt
PERIOD_SIZE = 5.0    # first/last period labels, pt
VALUE_SIZE = 5.0     # latest-value labels, pt
LEGEND_SIZE = 4.5    # legend text, pt
MARK_R = 2.3         # status marker radius, pt
DOT_R = 0.8          # a lone point between gaps, pt
LINE_W = 0.9
BASE_W = 0.4
BASE_COLOUR = "BFBFBF"
TARGET_W = 0.6
TARGET_DASH = (1.6, 1.2)
BAR_MAX = 8.0        # widest bar, pt
ELLIPSIS = "…"


@dataclass(frozen=True)
class _Line:
    points: tuple[tuple[float, float], ...]
    colour: str
    width: float
    dash: tuple[float, ...] | None = None


@dataclass(frozen=True)
class _Rect:
    x: float
    y: float
    w: float
    h: float
    colour: str


@dataclass(frozen=True)
class _Mark:
    """A filled marker: ``shape`` ``up``/``down`` triangle or ``circle``/``dot``, white-edged."""
    x: float
    y: float
    r: float
    shape: str
    colour: str


@dataclass(frozen=True)
class _Text:
    """Text whose left end of baseline is at ``(x, y)``."""
    x: float
    y: float
    text: str
    size: float
    colour: str


@dataclass(frozen=True)
class _Style:
    """Everything from a Layout that changes a chart; hashable, so it can key a cache."""
    size_pt: tuple[float, float]
    text: str
    improving: str
    worsening: str
    neutral: str
    target: str
    series: tuple[str, ...]
    font: str

    @classmethod
    def of(cls, layout: Layout, font: str | None = None) -> _Style:
        c = layout.colours
        w, h = layout.chart_size
        return cls((w * MM, h * MM), c["text"], c["improving"], c["worsening"], c["neutral"],
                   c["target"], tuple(layout.series_colours) or ("000000",),
                   font if font is not None else layout.font)


def _fit(text: str, size: float, room: float, measure: Callable[[str, float], float]) -> str:
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


def _scene(spec: ChartSpec, style: _Style, measure: Callable[[str, float], float]) -> tuple:
    """Every mark of the chart, in points with the origin at the bottom left.

    Deterministic for a given (spec, style, measure). ``measure(text, size)`` is the width in
    points of ``text`` in the renderer's font. Returns a tuple of ``_Line``/``_Rect``/``_Mark``/
    ``_Text`` in painting order. ``spec`` needs at least one period and every series one value
    per period (as :func:`make_spec` guarantees).
    """
    if not spec.periods or any(len(s.values) != len(spec.periods) for s in spec.series):
        raise ValueError(f"chart {spec.kpi_id!r}: every series needs one value per period")
    W, H = style.size_pt
    n, k = len(spec.periods), len(spec.series)
    colours = [style.series[i % len(style.series)] for i in range(k)]
    lo, hi = _y_limits(spec)
    out: list = []

    # Vertical bands: period labels at the bottom, legend on top when there are several series.
    period_top = PAD + PERIOD_SIZE * 1.15
    legend_h = LEGEND_SIZE * 1.3 if k > 1 else 0.0
    box_bottom, box_top = period_top + 1.0, H - PAD - legend_h
    y0, y1 = box_bottom + MARK_R, box_top - MARK_R
    if y1 - y0 < 2.0:  # a very short chart: keep a usable plot band
        mid = (box_bottom + box_top) / 2
        y0, y1 = mid - 1.0, mid + 1.0

    def y(v: float) -> float:
        return y0 + (v - lo) / (hi - lo) * (y1 - y0)

    # The latest figure of each series, its status and its label; the labels set the gutter.
    latest = []
    for i, s in enumerate(spec.series):
        pts = _points(s.values)
        if pts:
            status = _status(s.values, spec.polarity)
            text = _short(pts[-1][1], spec.percent)
            latest.append((i, pts[-1][0], pts[-1][1], status, text, measure(text, VALUE_SIZE)))
    label_w = max((t[5] for t in latest), default=0.0)
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

    # Target line and baseline, behind the data.
    if spec.kind == "bar" or lo <= 0 <= hi:
        base = y(0.0)
    else:
        base = box_bottom
    out.append(_Line(((plot[0], base), (plot[1], base)), BASE_COLOUR, BASE_W))
    if spec.target is not None:
        t = y(spec.target)
        out.append(_Line(((plot[0], t), (plot[1], t)), style.target, TARGET_W, TARGET_DASH))

    # The data: bars (a hairline for a zero) or lines broken at gaps (a dot for a lone point).
    for i, s in enumerate(spec.series):
        if spec.kind == "bar":
            for p, v in _points(s.values):
                top, zero = y(v), y(0.0)
                h = max(abs(top - zero), 0.5)
                out.append(_Rect(x(p, i) - bar_w / 2, min(top, zero), bar_w, h, colours[i]))
            continue
        run: list[tuple[float, float]] = []
        for p, v in list(enumerate(s.values)) + [(n, None)]:
            if v is not None:
                run.append((x(p, i), y(v)))
                continue
            if len(run) > 1:
                out.append(_Line(tuple(run), colours[i], LINE_W))
            elif run:
                out.append(_Mark(run[0][0], run[0][1], DOT_R, "dot", colours[i]))
            run = []

    # Status markers, then the latest-value labels stacked so they never overlap.
    for i, p, v, status, _, _ in latest:
        out.append(_Mark(x(p, i), y(v), MARK_R, MARKERS[status], getattr(style, status)))
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
        tx = (centres[p] if spec.kind == "bar" else x(p, i)) + reach + 1.0
        out.append(_Text(min(tx, W - PAD - w), ty, text, VALUE_SIZE, style.text))

    # First and last period labels, centred under their points; if they would collide, pushed
    # to the two ends (each is cut to half the width, so they then always fit).
    first = centres[0] if spec.kind == "bar" else x(0, 0)
    last = centres[-1] if spec.kind == "bar" else x(n - 1, 0)
    ty = PAD + PERIOD_SIZE * 0.25
    half = (W - 2 * PAD - 2.0) / (2 if n > 1 else 1)
    labels = []
    for period, at in ((spec.periods[0], first), (spec.periods[-1], last))[:2 if n > 1 else 1]:
        text = _fit(period, PERIOD_SIZE, half, measure)
        w = measure(text, PERIOD_SIZE)
        labels.append([min(max(PAD, at - w / 2), W - PAD - w), text, w])
    if len(labels) == 2 and labels[1][0] < labels[0][0] + labels[0][2] + 2.0:
        labels[0][0], labels[1][0] = PAD, W - PAD - labels[1][2]
    out.extend(_Text(lx, ty, text, PERIOD_SIZE, style.text) for lx, text, _ in labels if text)

    # Legend: swatch + name per series along the top, names cut to share the width.
    if k > 1:
        sw, gap_in, gap_out = LEGEND_SIZE * 0.7, 1.2, 3.0
        ly = H - PAD - LEGEND_SIZE * 0.85
        names = [_series_name(spec, i) for i in range(k)]
        natural = sum(sw + gap_in + measure(nm, LEGEND_SIZE) for nm in names) + gap_out * (k - 1)
        share = (W - 2 * PAD - gap_out * (k - 1)) / k
        lx = PAD
        for i, nm in enumerate(names):
            text = nm if natural <= W - 2 * PAD else _fit(nm, LEGEND_SIZE, share - sw - gap_in,
                                                          measure)
            out.append(_Rect(lx, ly, sw, sw, colours[i]))
            if text:
                out.append(_Text(lx + sw + gap_in, ly, text, LEGEND_SIZE, style.text))
            lx += (sw + gap_in + measure(text, LEGEND_SIZE) + gap_out if natural <= W - 2 * PAD
                   else share + gap_out)
    return tuple(out)


def _marker_polygon(m: _Mark) -> list[tuple[float, float]]:
    """The triangle of an ``up``/``down`` marker, centred on its point (equal area-ish to a circle)."""
    r = m.r * 1.15
    dy = -1 if m.shape == "down" else 1
    # centroid at (x, y): apex 2/3 of the height away, base 1/3 on the other side
    return [(m.x, m.y + dy * r), (m.x - r * 0.866, m.y - dy * r * 0.5),
            (m.x + r * 0.866, m.y - dy * r * 0.5)]


# ---------------------------------------------------------------------------------------------
# PNG (matplotlib, object API, Agg)
# ---------------------------------------------------------------------------------------------

_MPL_LOCK = threading.Lock()
_MPL: dict = {}  # the reused Figure/canvas and resolved fonts, created on first use


def _mpl_font(name: str):
    """FontProperties for ``name`` with glyph fallback; Arial/Helvetica fall back to the metric-
    compatible Liberation Sans, then DejaVu Sans (bundled with matplotlib). Never logs a warning."""
    from matplotlib import font_manager

    if ("font", name) not in _MPL:
        families = []
        for fam in (name, "Liberation Sans", "Arimo", "DejaVu Sans"):
            try:
                font_manager.findfont(font_manager.FontProperties(family=[fam]),
                                      fallback_to_default=False)
            except ValueError:
                continue
            if fam not in families:
                families.append(fam)
        _MPL[("font", name)] = families or ["DejaVu Sans"]
    return font_manager.FontProperties(family=_MPL[("font", name)])


def _mpl_measure(prop) -> Callable[[str, float], float]:
    from matplotlib.textpath import text_to_path

    def measure(text: str, size: float) -> float:
        if not text:
            return 0.0
        p = prop.copy()
        p.set_size(size)
        return text_to_path.get_text_width_height_descent(text, p, ismath=False)[0]
    return measure


def _png(spec: ChartSpec, style: _Style) -> bytes:
    """Render one PNG (uncached)."""
    import warnings

    from matplotlib import rcParams
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Circle, Polygon, Rectangle
    from matplotlib.text import Text
    from matplotlib.transforms import Affine2D

    W, H = style.size_pt
    with _MPL_LOCK, warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph .* missing from")
        prop = _mpl_font(style.font)
        scene = _scene(spec, style, _mpl_measure(prop))
        if "fig" not in _MPL:  # one Figure, reused: no Axes at all (an Axes costs ~60% of a render)
            fig = Figure(dpi=PNG_DPI)
            FigureCanvasAgg(fig)
            _MPL["fig"] = fig
        fig = _MPL["fig"]
        fig.clear()
        fig.set_size_inches(W / 72, H / 72)
        fig.patch.set_alpha(0.0)
        pt = Affine2D().scale(1 / 72) + fig.dpi_scale_trans  # scene points -> device pixels
        for item in scene:
            if isinstance(item, _Line):
                xs, ys = zip(*item.points)
                scale = item.width if rcParams["lines.scale_dashes"] else 1.0  # dashes in pt
                kw = {"dashes": [d / scale for d in item.dash]} if item.dash else {}
                art = Line2D(xs, ys, color="#" + item.colour, linewidth=item.width,
                             solid_capstyle="round", solid_joinstyle="round",
                             dash_capstyle="butt", **kw)
            elif isinstance(item, _Rect):
                art = Rectangle((item.x, item.y), item.w, item.h, facecolor="#" + item.colour,
                                edgecolor="none", linewidth=0)
            elif isinstance(item, _Mark):
                edge = {"edgecolor": "white", "linewidth": 0.4 if item.shape != "dot" else 0}
                if item.shape in ("circle", "dot"):
                    art = Circle((item.x, item.y), item.r * (0.85 if item.shape == "circle" else 1),
                                 facecolor="#" + item.colour, **edge)
                else:
                    art = Polygon(_marker_polygon(item), closed=True, facecolor="#" + item.colour,
                                  **edge)
            else:
                p = prop.copy()
                p.set_size(item.size)
                art = Text(item.x, item.y, item.text, fontproperties=p, color="#" + item.colour,
                           ha="left", va="baseline", parse_math=False)
            art.set_transform(pt)
            fig.add_artist(art)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=PNG_DPI, facecolor="none", edgecolor="none",
                    metadata={"Software": None})
        fig.clear()
    return buf.getvalue()


def chart_png(spec: ChartSpec, layout: Layout) -> bytes:
    """The chart as PNG bytes: ``layout.chart_size`` mm at 300 dpi, transparent background.

    Same spec and same chart-relevant layout values give the same bytes (no timestamps, no
    software tag), and repeat calls are served from a cache. Thread-safe (renders one at a time).
    """
    key = (spec, _Style.of(layout))
    png = _PNG_CACHE.get(key)
    if png is None:
        png = _remember(key, _png(*key))
    return png


_PNG_CACHE: dict[tuple[ChartSpec, _Style], bytes] = {}
PNG_CACHE_SIZE = 2048  # ~15 kB each: ~30 MB at most


_CACHE_LOCK = threading.Lock()


def _remember(key: tuple[ChartSpec, _Style], png: bytes) -> bytes:
    with _CACHE_LOCK:
        if key not in _PNG_CACHE and len(_PNG_CACHE) >= PNG_CACHE_SIZE:
            del _PNG_CACHE[next(iter(_PNG_CACHE))]  # drop the oldest
        _PNG_CACHE[key] = png
    return png


# ---------------------------------------------------------------------------------------------
# Drawing (reportlab vector graphics)
# ---------------------------------------------------------------------------------------------


def chart_drawing(spec: ChartSpec, layout: Layout, font: str = "Helvetica") -> Drawing:
    """The chart as a native reportlab ``Drawing`` (vector, no raster) of ``layout.chart_size``.

    ``font`` must be a font name reportlab knows (a standard font or one registered with
    ``pdfmetrics.registerFont``); text is measured and drawn in it. A new Drawing each call.
    (reportlab 5.1 Drawings carry no description attribute; put :func:`alt_text` on the
    surrounding PDF structure instead.)
    """
    from reportlab.graphics.shapes import Circle, Drawing, Polygon, PolyLine, Rect, String
    from reportlab.lib.colors import HexColor, white

    style = _Style.of(layout, font)
    W, H = style.size_pt
    # The initial font is set on the canvas when the Drawing is drawn, text or not: make it ours,
    # or every PDF page with a chart would also reference (unembedded) Helvetica.
    d = Drawing(W, H, initialFontName=style.font, initialFontSize=VALUE_SIZE)

    def colour(hex_: str):
        return HexColor("#" + hex_)

    for item in _rl_scene(spec, style):
        if isinstance(item, _Line):
            d.add(PolyLine([c for pt in item.points for c in pt], strokeColor=colour(item.colour),
                           strokeWidth=item.width, strokeDashArray=list(item.dash) if item.dash
                           else None, strokeLineCap=0 if item.dash else 1, strokeLineJoin=1))
        elif isinstance(item, _Rect):
            d.add(Rect(item.x, item.y, item.w, item.h, fillColor=colour(item.colour),
                       strokeColor=None, strokeWidth=0))
        elif isinstance(item, _Mark):
            edge = dict(strokeColor=white if item.shape != "dot" else None,
                        strokeWidth=0.4 if item.shape != "dot" else 0)
            if item.shape in ("circle", "dot"):
                d.add(Circle(item.x, item.y, item.r * (0.85 if item.shape == "circle" else 1.0),
                             fillColor=colour(item.colour), **edge))
            else:
                d.add(Polygon([c for pt in _marker_polygon(item) for c in pt],
                              fillColor=colour(item.colour), **edge))
        else:
            d.add(String(item.x, item.y, item.text, fontName=style.font, fontSize=item.size,
                         fillColor=colour(item.colour), textAnchor="start"))
    return d


@lru_cache(maxsize=1024)
def _rl_scene(spec: ChartSpec, style: _Style) -> tuple:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return _scene(spec, style, lambda text, size: stringWidth(text, style.font, size))


# ---------------------------------------------------------------------------------------------
# Batch
# ---------------------------------------------------------------------------------------------


# Measured on the 2-core build machine (cache cold, other jobs running, 2 runs each):
#   PNG      9.6-11 ms/chart serial; the first call adds ~0.4 s (importing matplotlib, fonts).
#   Drawing  0.3-0.4 ms/chart; the first call adds ~0.07 s (importing reportlab).
#   cached PNG ~5 us. (With an Axes a render took ~22 ms; drawing on the bare Figure halved it.)
#   render_all  30 charts: serial 0.33 s,  2 forked workers 0.20-0.30 s (gain <= 0.1 s, noisy);
#              100 charts: serial 1.0-1.3 s, 2 forked workers 0.56-0.58 s;
#              300 charts: serial 2.8-2.9 s, 2 forked workers 1.75 s.
#   forkserver/spawn workers re-import matplotlib: slower than serial at 30, no gain at 300.
# So: serial below PARALLEL_MIN uncached charts, 2 forked workers from there, and only where fork
# is safe (a "fork" start method and no other thread that could hold a lock at fork time).
PARALLEL_MIN = 100


def _render_chunk(keys: list[tuple[ChartSpec, _Style]]) -> list[bytes]:
    return [_png(*key) for key in keys]


def render_all(specs: Iterable[ChartSpec], layout: Layout, workers: int | None = None) -> None:
    """Pre-render the PNGs of ``specs`` into the cache so later :func:`chart_png` calls are instant.

    ``workers`` ``None`` = automatic: two forked processes when at least ``PARALLEL_MIN`` charts
    are not cached yet and forking is safe, otherwise serial; ``1`` = always serial; ``n > 1`` =
    up to ``n`` forked processes when forking is safe. Results are identical either way.
    """
    import multiprocessing
    import os

    style = _Style.of(layout)
    keys = list(dict.fromkeys((s, style) for s in specs if (s, style) not in _PNG_CACHE))
    if workers is None:
        workers = min(2, os.cpu_count() or 1) if len(keys) >= PARALLEL_MIN else 1
    workers = min(workers, len(keys))
    fork_safe = ("fork" in multiprocessing.get_all_start_methods()
                 and threading.active_count() == 1)
    if workers > 1 and fork_safe:
        from ._procs import worker_pool

        chunks = [keys[i::workers] for i in range(workers)]
        with worker_pool(workers, fork=True) as pool:
            for chunk, pngs in zip(chunks, pool.map(_render_chunk, chunks)):
                for key, png in zip(chunk, pngs):
                    _remember(key, png)
        return
    for key in keys:
        _remember(key, _png(*key))


def _warm_up() -> None:
    """Import what rendering needs (matplotlib and its font cache): the slow part of a first chart."""
    import importlib

    for name in ("matplotlib.font_manager", "matplotlib.backends.backend_agg", "matplotlib.figure"):
        importlib.import_module(name)


class ChartWorker:
    """One forked process that imports matplotlib at once, while the caller reads its input, and
    then renders a paper's PNGs while the caller lays out the PDF (which needs none).

    Where forking is unsafe (threads running, no fork, or inside a daemonic worker such as a batch
    build's) it does nothing, and charts render on demand. Use as a context manager.
    """

    def __init__(self):
        import multiprocessing

        self._pool = None
        if ("fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
                and not multiprocessing.current_process().daemon):
            from ._procs import worker_pool

            self._pool = worker_pool(1, fork=True)
            self._pool.submit(_warm_up)

    def render(self, specs: Iterable[ChartSpec], layout: Layout) -> Callable[[], None]:
        """Start rendering ``specs``; returns ``collect()``, which waits and fills the PNG cache."""
        style = _Style.of(layout)
        keys = list(dict.fromkeys((s, style) for s in specs if (s, style) not in _PNG_CACHE))
        if not keys or self._pool is None:
            return lambda: None
        future = self._pool.submit(_render_chunk, keys)

        def collect() -> None:
            for key, png in zip(keys, future.result()):
                _remember(key, png)

        return collect

    def __enter__(self) -> ChartWorker:
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=exc[0] is None, cancel_futures=True)
