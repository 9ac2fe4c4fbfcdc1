"""A KPI's figure and its chart: how the KPI writes numbers (read from its Current figure), and
whether the Current figure agrees with the chart's latest point.

* :func:`number_style`: the number format of the Current text (``29,381``, ``5.17``, ``30%``),
  which chart labels use; in a free-text Current (``643 (non-crime); 1,156 (crime)``) the figure
  nearest the chart's latest point sets it.
* :func:`disagreements`: a warning for each KPI whose Current figure has the same period as its
  chart's latest point and a different number (``check`` and ``build`` print them).
* :func:`follow_current`: the ``series`` edits that keep a chart in step when ``harvest --into``
  changes such a Current figure.

A Current figure is compared only when it is one number (as ``1,020`` or ``30%``) and exactly one
series has a point in the latest period; numbers are compared at the Current's own decimals
(``5.2`` agrees with ``5.17``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from .errors import Problem
from .model import NumberStyle
from .number_words import _round, figure
from .readers.numbers import parse_number

if TYPE_CHECKING:  # pragma: no cover
    from .readers.workbook import Kpi, Point

_TOKEN = re.compile(r"(?<![\w.,])([-−]?)([£$€]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(%?)(?![\w])")
MAX_DECIMALS = 10


def _style_of(match: re.Match) -> tuple[float, NumberStyle]:
    sign, prefix, whole, frac, pct = match.groups()
    value = float(whole.replace(",", "") + (frac or ""))
    grouping = "," in whole or value < 1000
    decimals = min(len(frac) - 1 if frac else 0, MAX_DECIMALS)
    return (-value if sign else value), NumberStyle(decimals, grouping, prefix, pct)


def number_style(current: str, near: float | None = None, values: Sequence[float | None] = ()) -> NumberStyle:
    """How the KPI writes figures: from the figure in ``current`` (the one nearest ``near``, the
    chart's latest number, when it holds several); without one, as the series values are typed
    (the most decimals any has, at most 2; thousands grouped)."""
    found = [_style_of(m) for m in _TOKEN.finditer(current or "")]
    if found:
        if near is not None and len(found) > 1:
            found.sort(key=lambda f: abs(abs(f[0]) - abs(near)))
        return found[0][1]
    decimals = 0
    for v in values:
        if v is not None:
            text = repr(float(v))
            if "e" not in text and "." in text:
                decimals = max(decimals, min(len(text.split(".")[1].rstrip("0")), 2))
    return NumberStyle(decimals, True, "")


def _same_period(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


@dataclass(frozen=True)
class LatestPoint:
    """The series point of a KPI in its chart's latest period: the ``point`` and its place among
    the KPI's points (``index``, in sheet order)."""

    period: str
    point: Point
    index: int


def latest_point(points: Sequence[Point], order: Sequence[str] = ()) -> LatestPoint | None:
    """The one point in the latest period of a KPI's chart (its periods in ``order``, the reader's
    time order, then any other in order of first appearance, as the chart orders them); ``None``
    when that period has no number or several series have one."""
    periods = list(dict.fromkeys([" ".join(str(p).split()) for p in order] +
                                 [" ".join(p.period.split()) for p in points]))
    if not periods:
        return None
    last = periods[-1]
    hits = [(i, p) for i, p in enumerate(points) if _same_period(p.period, last) and p.value is not None]
    if len({p.series.strip() for _, p in hits}) != 1:
        return None
    i, p = hits[-1]
    return LatestPoint(p.period, p, i)


_BRACKETED = re.compile(r"^(?P<figure>[^\[\]]*?)\s*\[(?P<period>[^\[\]]+)\]\s*$")


def current_number(text: str) -> tuple[float, NumberStyle] | None:
    """The Current figure when it is exactly one number (``1,020``, ``30%``, ``£5.17``)."""
    m = _TOKEN.fullmatch((text or "").strip())
    if m is None or parse_number(text) is None:
        return None
    return _style_of(m)


def current_figure(text: str, period: str) -> tuple[float, NumberStyle, str] | None:
    """``(number, style, period)`` of a Current figure that is one number: ``1,020`` with its
    ``current_period``, or, with that blank, a figure typed with its period (``1,020 [Mar 25]``,
    as the paper prints it); ``None`` for anything else."""
    got = current_number(text)
    if got is not None:
        return (*got, period)
    m = _BRACKETED.match(text or "")
    if m and not period.strip():
        got = current_number(m["figure"])
        if got is not None:
            return (*got, m["period"].strip())
    return None


def current_text(text: str) -> str:
    """The figure of a Current text (``1,020 [Mar 25]`` -> ``1,020``)."""
    m = _BRACKETED.match(text or "")
    return m["figure"].strip() if m else text


def _differs(current: float, style: NumberStyle, value: float) -> bool:
    """Whether ``value`` prints another figure than ``current`` at the Current's decimals (half-up)."""
    places = style.decimals or 0
    return abs(value) < 1e15 and _round(value, places) != _round(current, places)


def disagreement(kpi: Kpi, points: Sequence[Point], order: Sequence[str] = ()) -> str | None:
    """Why ``kpi``'s Current figure and its chart's latest point disagree, or ``None``."""
    got = current_figure(kpi.current, kpi.current_period)
    latest = latest_point(points, order)
    if got is None or latest is None or not _same_period(got[2], latest.period):
        return None
    value, style, period = got
    if not _differs(value, style, latest.point.value):
        return None
    shown = figure(latest.point.value, style, latest.point.percent)
    typed = f"{latest.point.value:.15g}" + ("%" if latest.point.percent else "")
    row = latest.point.row
    where = "series sheet" + (f", row {row}" if isinstance(row, int) and row else "") + (
        f", typed {typed}" if typed != shown else "")
    return (f"KPI {kpi.id!r}: the Current figure {current_text(kpi.current)} for {period} differs from its chart's "
            f"latest point, {shown} for {latest.period} ({where}); the chart would label {shown}: "
            "correct whichever is wrong")


def disagreements(kpis: Sequence[Kpi], series: dict[str, list[Point]], periods: dict[str, tuple[str, ...]],
                  file: str = "", sheet: str = "kpis", column: str = "current") -> list[Problem]:
    """A warning (``sheet``, the KPI's row, ``column``) for each KPI whose Current figure and
    chart's latest point disagree (``periods``: each KPI's chart axis in time order)."""
    out = []
    for k in kpis:
        why = disagreement(k, series.get(k.id, []), periods.get(k.id, ()))
        if why:
            out.append(Problem(why, file, sheet, k.row, column, warning=True))
    return out


@dataclass(frozen=True)
class SeriesEdit:
    """A series value ``harvest --into`` writes with a changed Current figure: the KPI's point in
    ``period`` (of ``series``, ``""`` unnamed) goes from ``old`` to ``new`` (texts as written)."""

    kpi: str
    period: str
    series: str
    old: str
    new: str


def follow_current(kpi: Kpi, points: Sequence[Point], new_current: str, new_period: str | None = None,
                   order: Sequence[str] = ()) -> tuple[SeriesEdit | None, str]:
    """The series edit that keeps ``kpi``'s chart in step with its Current figure changed to
    ``new_current`` (and its period to ``new_period``, when that changed too), or ``None`` and a
    note saying why the series is left as it is ('' when there is nothing to say: the Current
    is not one number, or it already agrees)."""
    got = current_figure(new_current, kpi.current_period if new_period is None else new_period)
    if got is None:
        return None, ""
    period = got[2]
    latest = latest_point(points, order)
    if latest is None or not _same_period(period, latest.period):
        if not points or not period:
            return None, ""
        has = any(_same_period(p.period, period) and p.value is not None for p in points)
        why = ("the series has no point for that period" if not has else
               "several series have a point for that period" if latest is None else
               f"that is not the chart's latest period ({latest.period})")
        return None, (f"{kpi.id}: the Current figure changed to {current_text(new_current)} [{period}], but the chart was "
                      f"left as it is: {why}")
    value, style, _ = got
    if not _differs(value, style, latest.point.value):
        return None, ""
    old = figure(latest.point.value, style, latest.point.percent)
    new = figure(value, style, latest.point.percent)
    return SeriesEdit(kpi.id, latest.period, latest.point.series, old, new), ""
