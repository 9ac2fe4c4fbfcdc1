"""A chart in words: numbers as a reader writes them, and the alt text that states what the chart
shows (every series by name, every figure or a summary, the change, the target, the process limits).
"""
from __future__ import annotations

import math

from ..number_words import _num, _plain, _round, figure  # noqa: F401 (re-exported: numbers in words)
from ..model import ChartSpec, Series
from .spec import points as _points
from .spec import special_points, status

LABEL_LIMIT = 80  # alt text: the label is cut to about this many characters
LONG_SERIES = 6   # alt text: a series longer than this is summarised


# ------------------------------------------------------------------------------ numbers in words


def short_number(v: float, percent: bool = False) -> str:
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


# ------------------------------------------------------------------------------ alt text


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


def _gaps(indexes: list[int], periods: tuple[str, ...], reasons: tuple[str, ...] = ()) -> str:
    """``no figure for 2020/21``; ``no figures for A and B``; ``no figures from A to C``; each
    followed by why, where the input says (``no figure for Mar 24 ([c]: confidential)``)."""
    if len(indexes) == 1:
        text = f"no figure for {periods[indexes[0]]}"
    elif len(indexes) == 2:
        text = f"no figures for {periods[indexes[0]]} and {periods[indexes[1]]}"
    else:
        text = f"no figures from {periods[indexes[0]]} to {periods[indexes[-1]]}"
    return text + _why(indexes, periods, reasons)


def _why(indexes: list[int], periods: tuple[str, ...], reasons: tuple[str, ...]) -> str:
    """Why the figures at ``indexes`` are missing, in brackets ('' when the input does not say):
    `` ([c]: confidential)`` when one reason covers them all, else each reason with its periods."""
    given = {i: reasons[i] for i in indexes if i < len(reasons) and reasons[i]}
    if not given:
        return ""
    distinct = list(dict.fromkeys(given.values()))
    if len(distinct) == 1 and len(given) == len(indexes):
        return f" ({distinct[0]})"
    parts = []
    for reason in distinct:
        named = [periods[i] for i, r in given.items() if r == reason]
        listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
        parts.append(f"{reason} for {listed}")
    return " (" + "; ".join(parts) + ")"


def _listing(values: tuple[float | None, ...], periods: tuple[str, ...], percent: bool,
             reasons: tuple[str, ...] = ()) -> str:
    """Every figure in order, runs of gaps merged (with why, where given), the last figure marked
    ``(latest)``."""
    pts = _points(values)
    latest = pts[-1][0] if len(pts) > 1 else None
    parts: list[str] = []
    run: list[int] = []
    for i, v in enumerate(values):
        if v is None:
            run.append(i)
            continue
        if run:
            parts.append(_gaps(run, periods, reasons))
            run = []
        parts.append(f"{_num(v, percent)} in {periods[i]}" + (" (latest)" if i == latest else ""))
    if run:
        parts.append(_gaps(run, periods, reasons))
    return ", ".join(parts)


def _summary(values: tuple[float | None, ...], periods: tuple[str, ...], percent: bool,
             reasons: tuple[str, ...] = ()) -> str:
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
        text += "; " + (_gaps(missing, periods, reasons) if len(missing) <= 2
                        else f"no figures for {len(missing)} periods" + _why(missing, periods, reasons))
    return text


def _change(values: tuple[float | None, ...], periods: tuple[str, ...], percent: bool,
            polarity: str, *, name_period: bool = False, judge: bool = True) -> str:
    """How a series' latest figure compares with its own previous figure ('' with fewer than two).

    The earlier figure is called "the previous period" when it is the adjacent period, else (or
    always, with ``name_period``) by its period, e.g. "up 8% on 2020". ``judge`` false: no
    "an improvement" (an XmR chart's first series, judged by its variation reading instead)."""
    pts = _points(values)
    if len(pts) < 2:
        return ""
    (pi, prev), (li, last) = pts[-2], pts[-1]
    ref = "the previous period" if li - pi == 1 and not name_period else periods[pi]
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
    reading = status(values, polarity) if judge else "neutral"
    if reading == "improving":
        text += ", an improvement"
    elif reading == "worsening":
        text += ", a deterioration"
    return text


def series_name(spec: ChartSpec, index: int) -> str:
    """The series' name as the legend and the words give it (``Series 2`` when it has none)."""
    return spec.series[index].name or f"Series {index + 1}"


def process_limits(spec: ChartSpec) -> str:
    """The process-control overlay in words ('' without limits): ``mean 52, process limits 40 to
    64, 2 special-cause points (2021/22, 2022/23); the latest point a special cause, improving``
    (periods named when there are at most 3; ``common cause`` when the latest is not special). Each
    process of a rebased series is named by its first period (``from Apr 24: mean 60, …``); limits
    fixed from a baseline say so."""
    if spec.limits is None:
        return ""
    pc, lim = spec.percent, spec.limits
    special = special_points(spec)
    count = f"{len(special) or 'no'} special-cause point{'' if len(special) == 1 else 's'}"
    if 0 < len(special) <= 3:
        count += " (" + ", ".join(spec.periods[i] for i, _ in special) + ")"
    parts = []
    for g in lim.segments:
        named = f"from {spec.periods[g.start]}: " if spec.rebases and 0 <= g.start < len(spec.periods) else ""
        fixed = f" (fixed from its first {g.baseline} points)" if g.baseline else ""
        parts.append(f"{named}mean {_num(g.mean, pc)}, process limits {_num(g.lower, pc)} to "
                     f"{_num(g.upper, pc)}{fixed}")
    return "; ".join(parts) + f", {count}; the latest point {_latest_variation(spec)}"


def target_words(spec: ChartSpec) -> str:
    """The target in words ('' without one): ``target 45``, or for a trajectory that changes
    ``target 95 in Aug 24, a trajectory from 70 in Jan 23``."""
    if spec.target is None:
        return ""
    pc, given = spec.percent, [(i, v) for i, v in enumerate(spec.targets) if v is not None]
    if len({v for _, v in given}) < 2:
        return f"target {_num(spec.target, pc)}"
    (fi, fv), (li, lv) = given[0], given[-1]
    return (f"target {_num(lv, pc)} in {spec.periods[li]}, a trajectory from {_num(fv, pc)} in "
            f"{spec.periods[fi]}")


def chart_notes(spec: ChartSpec) -> tuple[str, ...]:
    """The lines printed under a chart, in period order: each rebase (``Rebased Apr 24: new
    pathway``, the bar on the axis) and each note by its number (``(1) Mar 24: winter
    pressures``, the number on the chart)."""
    lines = [(r.index, 0, f"Rebased {spec.periods[r.index]}: {r.reason}") for r in spec.rebases
             if 0 <= r.index < len(spec.periods)]
    lines += [(a.index, 1, f"({a.number}) {spec.periods[a.index]}: {a.text}") for a in spec.annotations
              if 0 <= a.index < len(spec.periods)]
    return tuple(text for *_, text in sorted(lines, key=lambda t: t[:2]))


def _latest_variation(spec: ChartSpec) -> str:
    """The first series' latest point as the variation reading words it (the marker's colour)."""
    pts = _points(spec.series[0].values) if spec.series else []
    latest = pts[-1][0] if pts else -1
    meaning = next((c.meaning for c in spec.limits.special if c.index == latest), "")
    return f"a special cause, {meaning}" if meaning else "common cause"


def alt_text(spec: ChartSpec) -> str:
    """The chart in words, for alt text and screen readers.

    ``"Homicides: 50 in 2019/20, 45 in 2020/21, 53 in 2021/22 (latest); up 18% on the previous
    period; target 45."`` The label is cut to about 80 characters at a word boundary. Gaps are
    named ("no figure for 2020/21"); a series longer than 6 periods is summarised by its first,
    lowest, highest and latest figures. The change is relative (percentage points for a
    ``percent`` spec; absolute when the previous figure is negative; "up from 0" after a zero) and,
    for polarity ``up``/``down``, called an improvement or a deterioration.

    Several series give one sentence each, named as in the legend; each series is compared only
    with its own earlier figure, and that figure's period is named ("Oct–Dec: …; up 8% on 2020"),
    so seasons given as series are compared like with like. With process limits, the mean, the
    limits (per process) and the number of special-cause points of the first series follow, then
    the rebases and notes as :func:`chart_notes` prints them under the chart.
    """
    label = _short_label(spec.label) or _short_label(spec.kpi_id) or "Chart"
    long = len(spec.periods) > LONG_SERIES
    several = len(spec.series) > 1

    def clause(s: Series) -> str:
        if not any(v is not None for v in s.values):
            return "no figures"
        body = (_summary if long else _listing)(s.values, spec.periods, spec.percent, s.gaps)
        change = _change(s.values, spec.periods, spec.percent, spec.polarity, name_period=several,
                         judge=not (spec.limits is not None and s is spec.series[0]))
        return f"{body}; {change}" if change else body

    target = target_words(spec)
    spc = process_limits(spec)
    notes = "; ".join(line[0].lower() + line[1:] if line.startswith("Rebased") else "note " + line
                      for line in chart_notes(spec))
    if not several:
        tail = "".join(f"; {x}" for x in (target, spc, notes) if x)
        return f"{label}: {clause(spec.series[0])}{tail}."
    sentences = [label if label.endswith("…") else f"{label}."]
    sentences += [f"{series_name(spec, i)}: {clause(s)}." for i, s in enumerate(spec.series)]
    if target:
        sentences.append(target[0].upper() + target[1:] + ".")
    if spc:
        sentences.append(f"{series_name(spec, 0)}, {spc}.")
    if notes:
        sentences.append(notes[0].upper() + notes[1:] + ".")
    return " ".join(sentences)
