"""Statistical process control: the NHS "Making Data Count" reading of each KPI (XmR charts).

A KPI is read from its **first series**, in the chart's period order; a missing value (a gap) is
skipped, not read as zero, so "consecutive" means consecutive numbers. Arithmetic is exact
(fractions of the numbers as typed), so a point typed equal to a limit or to the mean *is* on it.

With at least ``min_points`` numbers (default 15, ``[status] min_points`` in the layout):

* mean of the points; moving ranges |x[i] − x[i−1]|; process limits = mean ± 2.66 × mean moving range;
* special cause (every point of a flagged run is flagged):
  - ``limit``: a point strictly above the upper or below the lower limit (one *on* a limit is not);
  - ``shift``: 7 or more consecutive points strictly on one side of the mean; a point on the mean
    ends the run;
  - ``trend``: 7 or more consecutive points each strictly higher (or each strictly lower) than the
    one before, i.e. 6 rises or 6 falls in a row; an equal value ends the run;
  - ``two-of-three``: in 3 consecutive points, 2 or 3 lie strictly beyond two-thirds of the way from
    the mean to a limit, on the same side (beyond the limit included); those points are flagged;
* a special point's side (high/low) comes from the first rule in the order limit, trend,
  two-of-three, shift (a rising trend is high even below the mean);
* **variation** from the latest point: ``Common cause`` when it is not flagged, else ``Special cause –
  improving`` / ``– concerning`` by polarity (high is improving for ``up``, low for ``down``), or
  ``Special cause – neither`` for ``monitor``;
* **assurance**, only with a numeric target and polarity ``up``/``down``: for ``up`` ``Consistently
  passing`` when target < lower limit, ``Consistently failing`` when target > upper limit; for ``down``
  passing when target > upper and failing when target < lower; otherwise (including a target exactly
  on a limit) ``Hit and miss``.

With 2 to ``min_points − 1`` numbers: the **direction** of the latest against the one before:
``Improved`` / ``Deteriorated`` / ``No change`` (``Up`` / ``Down`` / ``No change`` for ``monitor``).
With fewer: no reading. :data:`KEY` (or :func:`key_lines`) states these rules for readers.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Sequence

from .. import markers
from ..model import (ASSURANCES, COMMON, CONCERNING, DETERIORATED, DIRECTIONS, DOWN, FAILING,  # noqa: F401 (re-exported)
                     HIT_AND_MISS, ICONS, IMPROVED, IMPROVING, NEITHER, NO_CHANGE, NO_READING, PASSING, UP,
                     VARIATIONS, WORDS, ProcessLimits, ProcessSegment, Reading, SpecialCause)

MIN_POINTS = 15
LIMIT_FACTOR = Fraction(266, 100)  # 2.66 = 3 / d2 (1.128) for moving ranges of 2
NEAR_FRACTION = Fraction(2, 3)  # "beyond two-thirds of the way to a limit"
SHIFT_LENGTH = 7
TREND_LENGTH = 7  # points, i.e. TREND_LENGTH - 1 rises or falls in a row
RULES = ("limit", "trend", "two-of-three", "shift")  # also the precedence of a point's side

_MEANING = {"improving": IMPROVING, "concerning": CONCERNING, "neither": NEITHER}
_ASSURANCE_ICON = {PASSING: "assurance-passing", FAILING: "assurance-failing", HIT_AND_MISS: "assurance-hit-and-miss"}


FEATURES = ("rebase", "baseline", "trajectory", "note")  # what a paper may use, each explained in the key


def key_lines(min_points: int = MIN_POINTS, features: Sequence[str] = ()) -> tuple[str, ...]:
    """The rules as readers are told them (the summary's key), built from the parameters; with a
    line on how to read each of ``features`` (of :data:`FEATURES`) that the paper uses."""
    return _rule_lines(min_points) + tuple(line for f, line in _feature_lines(min_points) if f in features)


def _feature_lines(min_points: int) -> tuple[tuple[str, str], ...]:
    return (
        ("rebase", "A rebase, marked by an upright bar on a chart's axis with its reason under the chart, starts "
         "a new process: the mean, moving ranges and limits are worked out for each process on its own (the "
         "lines step there), and the reading is of the latest process alone, by the same rules; with fewer "
         f"than {min_points} points since the rebase, its direction."),
        ("baseline", "A KPI with a baseline of n points has each process's mean and limits worked out from its "
         "first n points and then held fixed: later points are read against them."),
        ("trajectory", "A target that changes over time (a trajectory) is drawn as a stepped dashed line; the "
         "assurance compares the latest target with the process limits."),
        ("note", "A small number on a chart marks the point a note is about; the note of that number is printed "
         "under the chart."),
    )


def _rule_lines(min_points: int) -> tuple[str, ...]:
    near = f"{NEAR_FRACTION.numerator}/{NEAR_FRACTION.denominator}"
    return (
        "Each KPI is read from its first series in period order; a missing period is skipped.",
        f"With {min_points} or more points: an XmR chart. Process limits = mean ± {float(LIMIT_FACTOR):g} × "
        "the mean moving range (the mean difference between consecutive points).",
        f"Special cause: a point outside the process limits (a point on a limit is inside); "
        f"{SHIFT_LENGTH} or more consecutive points above the mean, or below it (a point on the mean "
        f"ends the run); {TREND_LENGTH} or more consecutive points each higher, or each lower, than the "
        f"one before (an equal value ends the run); 2 of 3 consecutive points beyond {near} of the way "
        "from the mean to a process limit, on the same side.",
        f"Variation, read from the latest point: {COMMON} (no special cause); {IMPROVING} or "
        f"{CONCERNING}, by whether higher or lower is better; {NEITHER} for KPIs that are monitored only. "
        "When the latest point breaks more than one rule, its side (high or low) is that of the first "
        "in this order: outside a limit, trend, 2 of 3, run (a rising trend is high even below the mean).",
        f"Assurance, for KPIs with a numeric target where higher or lower is better: {PASSING} when the "
        f"target lies beyond the process limit on the failing side; {FAILING} when it lies beyond the "
        f"limit on the passing side; {HIT_AND_MISS} when it lies between the limits or on one.",
        f"With 2 to {min_points - 1} points: the direction of the latest point against the one before: "
        f"{IMPROVED}, {DETERIORATED} or {NO_CHANGE} ({UP}, {DOWN} or {NO_CHANGE} for KPIs that are "
        "monitored only). With fewer points: no reading.",
    )


KEY = key_lines()


@dataclass(frozen=True)
class XmR:
    """An XmR chart of the numbers of a series: exact ``mean``, ``moving_range`` (mean moving
    range) and limits; ``special`` maps each flagged position (in the series, gaps counted) to
    ``(side, rules)``."""

    points: int
    mean: Fraction
    moving_range: Fraction
    lower: Fraction
    upper: Fraction
    special: dict[int, tuple[str, tuple[str, ...]]]
    latest: int  # position of the latest number


def _ratio(v: float) -> tuple[int, int]:
    """``v`` as typed, as ``(numerator, denominator)``: the shortest decimal that round-trips
    (``0.1`` is 1/10, not the binary fraction nearest it)."""
    return Decimal(repr(float(v))).as_integer_ratio()


def _exact(v: float) -> Fraction:
    return Fraction(*_ratio(v))


def _ratios(values: Sequence[float | None]) -> list[tuple[int, int, int]]:
    """``(position, numerator, denominator)`` of every number; gaps and non-finite values skipped."""
    return [(i, *_ratio(v)) for i, v in enumerate(values)
            if v is not None and not isinstance(v, bool) and math.isfinite(float(v))]


def numbers(values: Sequence[float | None]) -> list[tuple[int, Fraction]]:
    """``(position, exact value)`` of every number in ``values``; gaps and non-finite values are skipped."""
    return [(i, Fraction(a, b)) for i, a, b in _ratios(values)]


def xmr(values: Sequence[float | None], baseline: int | None = None) -> XmR | None:
    """The XmR chart of ``values`` (``None`` = gap, skipped), or ``None`` with fewer than 2 numbers.

    With ``baseline`` (n), the mean and limits come from the first n numbers (all of them when
    there are no more than n) and hold for every point: the rules read every point against them."""
    pts = _ratios(values)
    n = len(pts)
    if n < 2:
        return None
    m = min(n, baseline) if baseline else n  # the points the lines are computed from
    # Exact and fast: every value, the mean and the lines are scaled by one common integer factor
    # (m (m-1) q D, D the common denominator of the values), so all comparisons are integer ones.
    d = math.lcm(*(den for _, _, den in pts))
    xs = [num * (d // den) for _, num, den in pts]  # value × d
    total = sum(xs[:m])
    moving = sum(abs(b - a) for a, b in zip(xs[:m], xs[1:m]))
    q = LIMIT_FACTOR.denominator * NEAR_FRACTION.denominator
    scale = m * (m - 1) * q
    centre = total * (m - 1) * q  # mean × scale × d
    width = LIMIT_FACTOR.numerator * (q // LIMIT_FACTOR.denominator) * moving * m  # 2.66 × mean MR, same scale
    near = NEAR_FRACTION.numerator * LIMIT_FACTOR.numerator * moving * m * (
        q // (LIMIT_FACTOR.denominator * NEAR_FRACTION.denominator))  # two-thirds of the way
    scaled = [x * scale for x in xs]
    flags: dict[int, dict[str, str]] = {}  # point number -> rule -> side

    def flag(j: int, rule: str, side: str) -> None:
        flags.setdefault(j, {}).setdefault(rule, side)

    for j, x in enumerate(scaled):
        if x > centre + width:
            flag(j, "limit", "high")
        elif x < centre - width:
            flag(j, "limit", "low")
    sides = [(x > centre) - (x < centre) for x in scaled]
    for start, end, side in _runs(sides):
        if side and end - start >= SHIFT_LENGTH:
            for j in range(start, end):
                flag(j, "shift", "high" if side > 0 else "low")
    steps = [(b > a) - (b < a) for a, b in zip(xs, xs[1:])]  # steps[j] is from point j to j + 1
    for start, end, step in _runs(steps):
        if step and end - start >= TREND_LENGTH - 1:
            for j in range(start, end + 1):
                flag(j, "trend", "high" if step > 0 else "low")
    beyond = {"high": [x > centre + near for x in scaled], "low": [x < centre - near for x in scaled]}
    for j in range(n - 2):
        for side, marks in beyond.items():
            hits = [k for k in range(j, j + 3) if marks[k]]
            if len(hits) >= 2:
                for k in hits:
                    flag(k, "two-of-three", side)
    special = {pts[j][0]: (next(rules[r] for r in RULES if r in rules), tuple(r for r in RULES if r in rules))
               for j, rules in sorted(flags.items())}
    mean = Fraction(total, m * d)
    mr = Fraction(moving, (m - 1) * d)
    return XmR(n, mean, mr, mean - LIMIT_FACTOR * mr, mean + LIMIT_FACTOR * mr, special, pts[-1][0])


def _runs(signs: list[int]) -> list[tuple[int, int, int]]:
    """Maximal runs of equal values: ``(start, end exclusive, value)``."""
    out, start = [], 0
    for i in range(1, len(signs) + 1):
        if i == len(signs) or signs[i] != signs[start]:
            out.append((start, i, signs[start]))
            start = i
    return out


def meaning(side: str, polarity: str) -> str:
    """``improving``, ``concerning`` or ``neither`` for a signal on ``side`` of a KPI of ``polarity``."""
    if polarity not in ("up", "down"):
        return "neither"
    return "improving" if (side == "high") == (polarity == "up") else "concerning"


def assurance(chart: XmR, polarity: str, target: float | None) -> str | None:
    """The assurance word, or ``None`` without a numeric target or with polarity ``monitor``."""
    if target is None or polarity not in ("up", "down") or not math.isfinite(float(target)):
        return None
    t = _exact(target)
    below, above = t < chart.lower, t > chart.upper
    if polarity == "up":
        return PASSING if below else FAILING if above else HIT_AND_MISS
    return PASSING if above else FAILING if below else HIT_AND_MISS


def direction(values: Sequence[float | None], polarity: str) -> tuple[str, str] | None:
    """``(word, icon)`` of the latest number against the one before, or ``None`` with fewer than 2:
    the convention of :mod:`boardpaper.markers` (the arrow's way is the move, its colour and word
    whether that is an improvement)."""
    way = markers.moved([v for _, v in numbers(values)])
    if way is None:
        return None
    tone = markers.tone(way, polarity)
    if way == "same":
        return NO_CHANGE, "direction-no-change"
    if tone == "neither":
        return (UP, "direction-up") if way == "up" else (DOWN, "direction-down")
    word = IMPROVED if tone == "improving" else DETERIORATED
    return word, f"direction-{word.lower()}-{way}"


def segments(count: int, rebases: Sequence[tuple[int, str]] = ()) -> list[tuple[int, int, str]]:
    """The processes of a series of ``count`` periods, split at each rebase ``(period index,
    reason)``: ``(start, end exclusive, reason)`` each, in order (the first one's reason ``""``).
    A rebase at period 0 or past the end starts nothing and is ignored; of two at one period the
    first counts."""
    cuts: dict[int, str] = {}
    for i, reason in rebases:
        if 0 < i < count:
            cuts.setdefault(i, reason)
    starts = [(0, "")] + sorted(cuts.items())
    ends = [i for i, _ in starts[1:]] + [count]
    return [(a, end, reason) for (a, reason), end in zip(starts, ends)]


def reading(values: Sequence[float | None], polarity: str = "monitor", target: float | None = None,
            min_points: int = MIN_POINTS, *, rebases: Sequence[tuple[int, str]] = (),
            baseline: int | None = None) -> Reading | None:
    """The reading of one series (``None`` = gap) from its latest process: the periods from its
    last rebase ``(period index, reason)``, all of them without one. ``target`` is the latest
    target; ``baseline`` fixes the limits from the process's first n points. ``None`` with fewer
    than 2 numbers in that process."""
    start, _, reason = segments(len(values), rebases)[-1]
    part = values[start:]
    chart = xmr(part, baseline)
    if chart is None:
        return None
    where = dict(points=chart.points, segment_start=start, rebase_reason=reason,
                 target=None if target is None or not math.isfinite(float(target)) else float(target))
    if chart.points < min_points:
        word, icon = direction(part, polarity)  # type: ignore[misc]  # 2+ numbers
        return Reading(direction=word, icon=icon, **where)
    latest = chart.special.get(chart.latest)
    if latest is None:
        variation, icon = COMMON, "variation-common"
    else:
        m = meaning(latest[0], polarity)
        variation, icon = _MEANING[m], f"variation-{m}-{latest[0]}"
    word = assurance(chart, polarity, target)
    return Reading(variation=variation, assurance=word, mean=_float(chart.mean),
                   lower=_float(chart.lower), upper=_float(chart.upper),
                   special=tuple(start + i for i in chart.special),
                   icon=icon, assurance_icon=_ASSURANCE_ICON.get(word, ""), **where)


def _float(q: Fraction) -> float:
    """``q`` as a float; ±inf past the float range (values near 1.8e308 give limits beyond it)."""
    try:
        return float(q)
    except OverflowError:
        return math.inf if q > 0 else -math.inf


def limits(values: Sequence[float | None], polarity: str, min_points: int = MIN_POINTS, *,
           rebases: Sequence[tuple[int, str]] = (), baseline: int | None = None) -> ProcessLimits | None:
    """What a chart draws for ``values``: the mean, limits and special causes of each process
    (see :func:`segments`) with ``min_points``+ numbers, each read on its own; ``None`` when none has
    (or their limits are beyond what a float, and so a chart, can hold)."""
    drawn, special = [], []
    for start, end, reason in segments(len(values), rebases):
        chart = xmr(values[start:end], baseline)
        if chart is None or chart.points < min_points or not math.isfinite(_float(chart.upper) - _float(chart.lower)):
            continue
        drawn.append(ProcessSegment(start, end, _float(chart.mean), _float(chart.lower), _float(chart.upper),
                                    reason, baseline if baseline and chart.points > baseline else None))
        special += [SpecialCause(start + i, side, meaning(side, polarity), rules)
                    for i, (side, rules) in chart.special.items()]
    return ProcessLimits(tuple(drawn), tuple(special)) if drawn else None

