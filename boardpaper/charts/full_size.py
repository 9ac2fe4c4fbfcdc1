"""The full-size chart of an exception report: the same primitives as :mod:`.scene`, laid out for a
chart the width of the text, so the PNG, vector and SVG painters draw it alike.

Unlike the small chart in a table cell it has a value axis with ticks and labels, period labels
along the bottom (as many as fit), light gridlines, every point, the mean (solid) and process
limits (dotted) and the target (dashed), each named at its right end with its value, and every
special-cause point as a diamond coloured by what it means, with the rule it broke written beside
its run ("8 points below the mean", "outside a limit"). No text is smaller than ``MIN_TEXT`` points.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ..model import ChartSpec
from .scene import (LIMIT_DASH, MM, PROCESS_COLOUR, TARGET_DASH, Line, Mark, Measure, Style, Text, _spread, fit,
                    looks, y_limits)
from .spec import points, special_points
from .words import series_name, short_number

if TYPE_CHECKING:  # pragma: no cover
    from ..layout import Layout

MIN_TEXT = 7.0  # every label, pt (the print floor is 6.5)
TICK_SIZE = MIN_TEXT
LABEL_SIZE = MIN_TEXT
GRID = "E3E3E3"
AXIS = "8C8C8C"
DOT_R = 1.5
SPECIAL_R = 3.2
LINE_W = 1.2
PAD = 2.0


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """About ``count`` round values (1, 2, 2.5 or 5 × 10ⁿ apart) covering ``[lo, hi]``."""
    span = hi - lo
    if not (span > 0 and math.isfinite(span)):
        return [lo]
    raw = span / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.ceil(lo / step - 1e-9) * step
    out, v = [], first
    while v <= hi + step * 1e-9:
        out.append(0.0 if abs(v) < step * 1e-9 else v)
        v += step
    return out


def rule_runs(spec: ChartSpec) -> list[tuple[int, int, str, str]]:
    """``(first, last, rule, side)`` for each run of consecutive special-cause points of the first
    series flagged by one rule (each rule's runs separately), in order."""
    if spec.limits is None:
        return []
    runs: list[tuple[int, int, str, str]] = []
    for rule in ("limit", "trend", "two-of-three", "shift"):
        flagged = sorted((c.index, c.side) for c in spec.limits.special if rule in c.rules)
        for index, side in flagged:
            # one label for a run; "2 of 3" points a point or two apart are one episode
            reach = 3 if rule == "two-of-three" else 1
            if runs and runs[-1][2] == rule and runs[-1][3] == side and index - runs[-1][1] <= reach:
                runs[-1] = (runs[-1][0], index, rule, side)
            else:
                runs.append((index, index, rule, side))
    return sorted(runs)


def rule_label(spec: ChartSpec, first: int, last: int, rule: str, side: str) -> str:
    """A run's rule in words, e.g. ``8 points below the mean``."""
    count = sum(1 for i in range(first, last + 1) if spec.series[0].values[i] is not None)
    if rule == "limit":
        return "outside a limit" if count == 1 else f"{count} points outside a limit"
    if rule == "two-of-three":
        return "2 of 3 points near a limit"
    if rule == "shift":
        return f"{count} points {'above' if side == 'high' else 'below'} the mean"
    if rule == "trend":
        return f"{count} points {'rising' if side == 'high' else 'falling'}"
    return rule


def chart_key(spec: ChartSpec) -> tuple[str, ...]:
    """What the full-size chart's marks mean, in words (printed under it)."""
    out = []
    lim = _latest(spec)
    if lim is not None:
        out.append(f"Solid grey line: the mean ({short_number(lim.mean, spec.percent)}); dotted grey lines: the "
                   f"process limits ({short_number(lim.lower, spec.percent)} and "
                   f"{short_number(lim.upper, spec.percent)})"
                   + (", each process's own" if len(spec.limits.segments) > 1 else "") + ".")
    if spec.target is not None:
        out.append(f"Dashed line: the target ({short_number(spec.target, spec.percent)}).")
    if special_points(spec):
        out.append("Diamonds: special-cause points, coloured by whether they are improving or concerning, "
                   "with the rule they broke written beside them.")
    return tuple(out)


def full_scene(spec: ChartSpec, style: Style, measure: Measure) -> tuple:
    """Every mark of the full-size chart, in points, origin at the bottom left of ``spec.size`` mm."""
    if not spec.periods or any(len(s.values) != len(spec.periods) for s in spec.series):
        raise ValueError(f"chart {spec.kpi_id!r}: every series needs one value per period")
    W, H = spec.size[0] * MM, spec.size[1] * MM
    n = len(spec.periods)
    lo, hi = y_limits(spec)
    ticks = nice_ticks(lo, hi)
    lo, hi = min(lo, ticks[0]), max(hi, ticks[-1])
    legend = len(spec.series) > 1
    out: list = []

    labels = _rule_rows(spec, measure)
    high_rows = 1 + max((row for _, _, _, side, row in labels if side == "high"), default=-1)
    low_rows = 1 + max((row for _, _, _, side, row in labels if side == "low"), default=-1)
    tick_texts = [short_number(v, spec.percent) for v in ticks]
    left = PAD + max(measure(t, TICK_SIZE) for t in tick_texts) + 3.0
    names = _line_labels(spec)
    right = W - PAD - max((measure(t, LABEL_SIZE) for t, _ in names), default=0.0) - 4.0
    axis = PAD + TICK_SIZE * 1.4 + (LABEL_SIZE * 1.6 if legend else 0.0)  # the value axis's foot
    band = LABEL_SIZE * 1.25  # one row of rule labels
    bottom = axis + low_rows * band + (2.0 if low_rows else 0.0)
    top = H - PAD - LABEL_SIZE * 0.6 - high_rows * band - (SPECIAL_R if high_rows else 0.0)
    if right - left < 20 or top - bottom < 20:  # too small for bands: labels may then overlap the plot
        right, top, bottom = W - PAD, H - PAD, axis

    def y(v: float) -> float:
        return bottom + (v - lo) / (hi - lo) * (top - bottom)

    step = (right - left - 2 * SPECIAL_R) / (n - 1) if n > 1 else 0.0

    def x(p: int) -> float:
        return left + SPECIAL_R + p * step if n > 1 else (left + right) / 2

    # Gridlines and value ticks; the axes.
    for v, text in zip(ticks, tick_texts):
        out.append(Line(((left, y(v)), (right, y(v))), GRID, 0.4))
        out.append(Text(left - 3.0 - measure(text, TICK_SIZE), y(v) - TICK_SIZE * 0.35, text, TICK_SIZE, style.text))
    out.append(Line(((left, axis), (left, H - PAD)), AXIS, 0.6))
    out.append(Line(((left, axis), (right, axis)), AXIS, 0.6))
    # Period labels: as many as fit, always the first and the last.
    widest = max(measure(p, TICK_SIZE) for p in spec.periods) + 6.0
    every = max(1, math.ceil(widest / step)) if step else 1
    shown = sorted(set(range(0, n, every)) | {n - 1})
    if n - 1 - (shown[-2] if len(shown) > 1 else -every) < every and len(shown) > 1 and shown[-2] != 0:
        shown.pop(-2)  # the last label would crowd the one before it
    for p in shown:
        text = fit(spec.periods[p], TICK_SIZE, max(widest, 12.0), measure)
        w = measure(text, TICK_SIZE)
        out.append(Line(((x(p), axis), (x(p), axis - 2.0)), AXIS, 0.6))
        out.append(Text(min(max(PAD, x(p) - w / 2), W - PAD - w), axis - 2.0 - TICK_SIZE, text, TICK_SIZE,
                        style.text))

    # Each process's mean and limits over its periods, the target (or its trajectory); the latest
    # process's lines and the latest target named at the right end.
    for seg in spec.limits.segments if spec.limits is not None else ():
        x0 = left if seg.start == 0 else (x(seg.start - 1) + x(seg.start)) / 2
        x1 = right if seg.end >= n else (x(seg.end - 1) + x(seg.end)) / 2
        out.append(Line(((x0, y(seg.mean)), (x1, y(seg.mean))), PROCESS_COLOUR, 0.7))
        for limit in (seg.lower, seg.upper):
            out.append(Line(((x0, y(limit)), (x1, y(limit))), PROCESS_COLOUR, 0.7, (0.7, 1.4)))
    dash = tuple(d * 1.6 for d in TARGET_DASH)
    if spec.targets:
        for p, v in enumerate(spec.targets):
            if v is not None:
                x0 = left if p == 0 else (x(p - 1) + x(p)) / 2
                x1 = right if p == n - 1 else (x(p) + x(p + 1)) / 2
                out.append(Line(((x0, y(v)), (x1, y(v))), style.target, 0.9, dash))
    elif spec.target is not None:
        out.append(Line(((left, y(spec.target)), (right, y(spec.target))), style.target, 0.9, dash))
    wanted = sorted((y(v) - LABEL_SIZE * 0.35, t) for t, v in names)
    ys = _spread([w for w, _ in wanted], LABEL_SIZE * 1.15, PAD, H - PAD - LABEL_SIZE)
    for ty, (_, text) in zip(ys, wanted):
        out.append(Text(right + 3.0, ty, text, LABEL_SIZE, style.text))

    # The data: each series' line, every point a dot.
    look = looks(len(spec.series), "line", style.series)
    for i, s in enumerate(spec.series):
        run: list[tuple[float, float]] = []
        for p, v in list(enumerate(s.values)) + [(n, None)]:
            if v is not None:
                run.append((x(p), y(v)))
                continue
            if len(run) > 1:
                out.append(Line(tuple(run), look[i].colour, LINE_W, look[i].dash))
            run = []
        out.extend(Mark(x(p), y(v), DOT_R, "dot", look[i].colour) for p, v in points(s.values))

    # Special-cause points and the rule each run broke.
    for p, meaning in special_points(spec):
        out.append(Mark(x(p), y(spec.series[0].values[p]), SPECIAL_R, "diamond", getattr(style, meaning)))
    # Rule labels in bands above (high runs) and below (low runs) the plot, each over its run.
    for first, last, text, side, row in labels:
        w = measure(text, LABEL_SIZE)
        tx = min(max(left + 1.0, (x(first) + x(last)) / 2 - w / 2), W - PAD - w)
        ty = (top + SPECIAL_R + 1.0 + row * band) if side == "high" else (bottom - 2.0 - (row + 1) * band + 1.5)
        colour = getattr(style, {"concerning": "worsening", "improving": "improving"}.get(
            _meaning(spec, first), "text"))
        out.append(Line(((x(first), ty - 1.0), (x(last), ty - 1.0)) if side == "high" else
                        ((x(first), ty + LABEL_SIZE), (x(last), ty + LABEL_SIZE)), colour, 0.6))
        out.append(Text(tx, ty, text, LABEL_SIZE, colour))

    # Series names, when there are several.
    if legend:
        lx, ly = left, PAD + 1.0
        for i in range(len(spec.series)):
            name = series_name(spec, i)
            out.append(Line(((lx, ly + LABEL_SIZE * 0.35), (lx + 12.0, ly + LABEL_SIZE * 0.35)), look[i].colour,
                            LINE_W, look[i].dash))
            out.append(Text(lx + 14.0, ly, name, LABEL_SIZE, style.text))
            lx += 14.0 + measure(name, LABEL_SIZE) + 8.0
    return tuple(out)


def _rule_rows(spec: ChartSpec, measure: Measure) -> list[tuple[int, int, str, str, int]]:
    """``(first, last, words, side, row)`` for each rule label: runs in order, each in the first row
    of its side's band where it overlaps no other label (positions estimated on the period scale)."""
    n = max(len(spec.periods) - 1, 1)
    rows: dict[str, list[list[tuple[float, float]]]] = {"high": [], "low": []}
    out = []
    for first, last, rule, side in rule_runs(spec):
        text = rule_label(spec, first, last, rule, side)
        width = measure(text, LABEL_SIZE) / max(spec.size[0] * MM * 0.8, 1.0) * n + 0.6  # in periods
        mid = (first + last) / 2
        span = (mid - width / 2, mid + width / 2)
        for r, taken in enumerate(rows[side] + [[]]):
            if all(span[1] < a or span[0] > b for a, b in taken):
                if r == len(rows[side]):
                    rows[side].append([])
                rows[side][r].append(span)
                out.append((first, last, text, side, r))
                break
    return out


def _latest(spec: ChartSpec):
    """The latest process's segment of ``spec.limits`` (its mean and limits), or ``None``."""
    return spec.limits.segments[-1] if spec.limits is not None and spec.limits.segments else None


def _meaning(spec: ChartSpec, index: int) -> str:
    return next((c.meaning for c in spec.limits.special if c.index == index), "neither") if spec.limits else "neither"


def _line_labels(spec: ChartSpec) -> list[tuple[str, float]]:
    """(label, value) of each horizontal line named at the right end."""
    out = []
    lim = _latest(spec)
    if lim is not None:
        out += [(f"Upper limit {short_number(lim.upper, spec.percent)}", lim.upper),
                (f"Mean {short_number(lim.mean, spec.percent)}", lim.mean),
                (f"Lower limit {short_number(lim.lower, spec.percent)}", lim.lower)]
    if spec.target is not None:
        out.append((f"Target {short_number(spec.target, spec.percent)}", spec.target))
    return out


FULL_DPI = 200  # a chart the text's width: 2,100 pixels across on A4 landscape, sharp in print
FULL_SUPERSAMPLE = 2


def full_png(spec: ChartSpec, layout: Layout) -> bytes:
    """The full-size chart as PNG bytes at ``FULL_DPI`` (for the DOCX): painted by the PNG painter
    of the small charts, at a lower resolution than they need (its lines and text are larger)."""
    import io

    from reportlab.pdfbase.pdfmetrics import stringWidth

    from .png import _chart_font, paint

    style = Style.of(layout)
    name, font_file = _chart_font(style.font)
    items = full_scene(spec, style, lambda text, size: stringWidth(text, name, size))
    img, _ = paint(items, (spec.size[0] * MM, spec.size[1] * MM), font_file, FULL_DPI, FULL_SUPERSAMPLE)
    buf = io.BytesIO()
    img.save(buf, format="PNG", dpi=(FULL_DPI, FULL_DPI), compress_level=1)  # encoding was most of the time
    return buf.getvalue()


def full_drawing(spec: ChartSpec, layout: Layout, font: str):
    """The full-size chart as a reportlab Drawing (vector, for the PDF); ``font`` is registered."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from .vector import paint

    style = Style.of(layout, font)
    items = full_scene(spec, style, lambda text, size: stringWidth(text, font, size))
    return paint(items, (spec.size[0] * MM, spec.size[1] * MM), font)


__all__ = ["full_scene", "full_png", "full_drawing", "chart_key", "nice_ticks", "rule_runs", "LIMIT_DASH"]
