"""A frozen copy of boardpaper.spc's readings as they were before rebases, baselines and
target trajectories (issue #28), kept so a property test can check that a series without them
reads exactly as it did. Do not edit: it is the reference, not the implementation."""
from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Sequence

from boardpaper.model import Reading

MIN_POINTS = 15
LIMIT_FACTOR = Fraction(266, 100)  # 2.66 = 3 / d2 (1.128) for moving ranges of 2
NEAR_FRACTION = Fraction(2, 3)  # "beyond two-thirds of the way to a limit"
SHIFT_LENGTH = 7
TREND_LENGTH = 7  # points, i.e. TREND_LENGTH - 1 rises or falls in a row
RULES = ("limit", "trend", "two-of-three", "shift")  # also the precedence of a point's side

COMMON = "Common cause"
IMPROVING = "Special cause – improving"
CONCERNING = "Special cause – concerning"
NEITHER = "Special cause – neither"
VARIATIONS = (COMMON, IMPROVING, CONCERNING, NEITHER)
PASSING = "Consistently passing"
FAILING = "Consistently failing"
HIT_AND_MISS = "Hit and miss"
ASSURANCES = (PASSING, FAILING, HIT_AND_MISS)
IMPROVED, DETERIORATED, NO_CHANGE, UP, DOWN = "Improved", "Deteriorated", "No change", "Up", "Down"
DIRECTIONS = (IMPROVED, DETERIORATED, NO_CHANGE, UP, DOWN)
NO_READING = "Fewer than 2 points"  # the summary's count of KPIs without a reading
WORDS = VARIATIONS + ASSURANCES + DIRECTIONS

_MEANING = {"improving": IMPROVING, "concerning": CONCERNING, "neither": NEITHER}
_ASSURANCE_ICON = {PASSING: "assurance-passing", FAILING: "assurance-failing", HIT_AND_MISS: "assurance-hit-and-miss"}
# icon key -> the words it stands for (its alt text); writers map every key to a drawing
ICONS = {
    "variation-common": COMMON,
    "variation-improving-high": IMPROVING, "variation-improving-low": IMPROVING,
    "variation-concerning-high": CONCERNING, "variation-concerning-low": CONCERNING,
    "variation-neither-high": NEITHER, "variation-neither-low": NEITHER,
    "assurance-passing": PASSING, "assurance-failing": FAILING, "assurance-hit-and-miss": HIT_AND_MISS,
    "direction-improved-up": IMPROVED, "direction-improved-down": IMPROVED,
    "direction-deteriorated-up": DETERIORATED, "direction-deteriorated-down": DETERIORATED,
    "direction-no-change": NO_CHANGE, "direction-up": UP, "direction-down": DOWN,
}


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


def xmr(values: Sequence[float | None]) -> XmR | None:
    """The XmR chart of ``values`` (``None`` = gap, skipped), or ``None`` with fewer than 2 numbers."""
    pts = _ratios(values)
    n = len(pts)
    if n < 2:
        return None
    # Exact and fast: every value, the mean and the lines are scaled by one common integer factor
    # (n (n-1) q D, D the common denominator of the values), so all comparisons are integer ones.
    d = math.lcm(*(den for _, _, den in pts))
    xs = [num * (d // den) for _, num, den in pts]  # value × d
    total = sum(xs)
    moving = sum(abs(b - a) for a, b in zip(xs, xs[1:]))
    q = LIMIT_FACTOR.denominator * NEAR_FRACTION.denominator
    scale = n * (n - 1) * q
    centre = total * (n - 1) * q  # mean × scale × d
    width = LIMIT_FACTOR.numerator * (q // LIMIT_FACTOR.denominator) * moving * n  # 2.66 × mean MR, same scale
    near = NEAR_FRACTION.numerator * LIMIT_FACTOR.numerator * moving * n * (
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
    mean = Fraction(total, n * d)
    mr = Fraction(moving, (n - 1) * d)
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
    """``(word, icon)`` of the latest number against the one before, or ``None`` with fewer than 2."""
    pts = numbers(values)
    if len(pts) < 2:
        return None
    step = (pts[-1][1] > pts[-2][1]) - (pts[-1][1] < pts[-2][1])
    if step == 0:
        return NO_CHANGE, "direction-no-change"
    way = "up" if step > 0 else "down"
    if polarity not in ("up", "down"):
        return (UP, "direction-up") if step > 0 else (DOWN, "direction-down")
    word = IMPROVED if way == polarity else DETERIORATED
    return word, f"direction-{word.lower()}-{way}"


def reading(values: Sequence[float | None], polarity: str = "monitor", target: float | None = None,
            min_points: int = MIN_POINTS) -> Reading | None:
    """The reading of one series (``None`` = gap); ``None`` with fewer than 2 numbers."""
    chart = xmr(values)
    if chart is None:
        return None
    if chart.points < min_points:
        word, icon = direction(values, polarity)  # type: ignore[misc]  # 2+ numbers
        return Reading(points=chart.points, direction=word, icon=icon)
    latest = chart.special.get(chart.latest)
    if latest is None:
        variation, icon = COMMON, "variation-common"
    else:
        m = meaning(latest[0], polarity)
        variation, icon = _MEANING[m], f"variation-{m}-{latest[0]}"
    word = assurance(chart, polarity, target)
    return Reading(points=chart.points, variation=variation, assurance=word, mean=_float(chart.mean),
                   lower=_float(chart.lower), upper=_float(chart.upper), special=tuple(chart.special),
                   icon=icon, assurance_icon=_ASSURANCE_ICON.get(word, ""))


def _float(q: Fraction) -> float:
    """``q`` as a float; ±inf past the float range (values near 1.8e308 give limits beyond it)."""
    try:
        return float(q)
    except OverflowError:
        return math.inf if q > 0 else -math.inf


