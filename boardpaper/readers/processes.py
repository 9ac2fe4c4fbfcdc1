"""The checks of a KPI's processes: its ``baseline`` (kpis sheet), and its rebases, target
trajectory and notes (series sheet).

Pure: each returns problems as words (:func:`problems`: ``(message, row, column key)``); the sheet
check (:mod:`.workbook`) reports them like every other, naming sheet, row and column.
"""
from __future__ import annotations

from typing import Protocol, Sequence


MIN_BASELINE = 12  # fewest points a fixed baseline may hold (Making Data Count: at least 12)


class _Row(Protocol):  # a readers.workbook.Point
    period: str
    value: float | None
    series: str
    rebase: str
    target: float | None


def problems(rows: Sequence[tuple[object, _Row, str, bool]], percent: set[bool]) -> list[tuple[str, object, str]]:
    """The problems of one KPI's ``series`` rows ``(row, point, target as typed, target is a
    percentage)``, whose values are percentages or not as ``percent`` says (empty: no values): a
    period with two rebase reasons or two targets; a target written unlike the values; a rebase
    leaving a process (first period to a rebase, rebase to rebase, rebase to the end) with fewer than
    2 numbers of the first series."""
    out = _once(rows, "rebase", "the rebase") + _once(rows, "target", "the target")
    for row, p, typed, in_percent in rows:
        if p.target is not None and percent and in_percent not in percent:
            kind = ("a percentage", "plain numbers") if in_percent else ("a plain number", "percentages")
            out.append((f"the target {typed!r} is {kind[0]} but the KPI's values are {kind[1]}, so its line would "
                        "be wrong: write the targets as the values are written", row, "target"))
    return out + _short_processes(rows)


def _once(rows, attr: str, what: str) -> list[tuple[str, object, str]]:
    """A problem for each row giving a period a second, different ``attr``."""
    out, seen = [], {}
    for row, p, _, _ in rows:
        v = getattr(p, attr)
        if v in ("", None):
            continue
        first = seen.setdefault(p.period, (row, v))
        if first[1] != v:
            out.append((f"period {p.period!r} already has {what} {first[1]!r} (row {first[0]}): give one per period",
                        row, attr))
    return out


def _short_processes(rows) -> list[tuple[str, object, str]]:
    """A problem for each process with fewer than 2 numbers of the first series, at the rebase that
    starts it (the first process: at the first rebase)."""
    order: list[str] = []
    for _, p, _, _ in rows:
        if p.period not in order:
            order.append(p.period)
    first = rows[0][1].series if rows else ""
    has_number = {p.period for _, p, _, _ in rows if p.series == first and p.value is not None}
    starts: dict[str, object] = {}
    for row, p, _, _ in rows:
        if p.rebase:
            starts.setdefault(p.period, row)
    cuts = sorted(order.index(period) for period in starts)
    bounds = [0] + cuts + [len(order)]
    out = []
    for i, (a, b) in enumerate(zip(bounds, bounds[1:])):
        count = sum(period in has_number for period in order[a:b])
        if count >= 2 or not cuts:
            continue
        period = order[cuts[0] if i == 0 else a]
        where = "before it" if i == 0 else "from it to the next rebase" if i < len(cuts) else "from it to the end"
        series = f" of the first series ({first!r})" if first else ""
        out.append((f"the rebase at {period!r} leaves {count} point{'' if count == 1 else 's'}{series} {where}: "
                    "a process needs at least 2, so move the rebase or remove it", starts[period], "rebase"))
    return out


def baseline(text: str, parsed: tuple[float, bool] | None) -> tuple[int | None, str]:
    """A ``baseline`` cell as typed (``text``) and as a number (``parsed``: value, is a percentage):
    its whole number of points (``None`` when blank or bad), and the problem (``""`` when none)."""
    if not text:
        return None, ""
    if parsed is None or parsed[1] or parsed[0] != int(parsed[0]):
        return None, (f"{text!r} is not a whole number of points: `baseline` is how many points the limits are "
                      f"fixed from, {MIN_BASELINE} or more (blank: computed from every point)")
    if parsed[0] < MIN_BASELINE:
        return None, (f"a baseline of {int(parsed[0])} points is too few: fixed limits need at least {MIN_BASELINE} "
                      "(blank: computed from every point)")
    return int(parsed[0]), ""


def unshown_notes(kpi_id: str, chart: str, points: Sequence) -> str:
    """The warning for a KPI without a chart (``chart`` none) whose rows have notes ('' otherwise):
    notes are printed under the chart."""
    notes = sum(1 for p in points if p.note)
    if not notes or chart != "none":
        return ""
    return (f"KPI {kpi_id!r} has {notes} note{'' if notes == 1 else 's'} in the series sheet but no chart, and notes "
            "are printed under the chart: they are not shown")
