"""The ``series`` sheet: figures per KPI, checked, with their periods in time order.

- A value is a number (:func:`.numbers.number_of`), blank (a gap), or a symbol for a missing
  figure (``[c]``, ``[x]``, ``..``: a gap that keeps its reason); anything else is an error.
- One KPI's values are all percentages or all plain numbers.
- When every period of a KPI reads as a time of one kind (months, quarters, financial years,
  years or dates: :mod:`.periods`), its points are put in time order, whatever the rows' order,
  and periods written differently but meaning the same time (``Mar 22``, ``Mar-22``) are one
  period, named as first written; otherwise the rows' order stands.
- A period given twice in one series is an error naming both rows; series names that differ
  only in case or spacing are warned about.
- Optional ``rebase`` (a reason), ``target`` (a number: a trajectory) and ``note`` cells describe a
  process that changes; :mod:`.processes` checks them (one reason and one target per period,
  targets written like the values, no process under 2 points).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from .numbers import gap_symbol, number_of, parse_number, why_not_a_number
from .periods import period_key, time_order
from .processes import problems as process_problems
from .tables import CellText, Sheet

if TYPE_CHECKING:
    from .workbook import _Checker

SERIES_COLUMNS = ("kpi_id", "period", "value", "series", "rebase", "target", "note")


@dataclass(frozen=True)
class Point:
    """One row of the ``series`` sheet; ``gap`` says why a missing figure is missing
    (``[c]: confidential``), ``row`` is its spreadsheet row; ``rebase`` the reason a new process
    starts at this period (or ``""``), ``target`` this period's target (``None``: the one before
    carries on) and ``note`` a note on the point."""

    kpi_id: str
    period: str
    value: float | None
    series: str
    percent: bool
    gap: str = ""
    row: object = field(default=0, compare=False)  # the spreadsheet row (a frame's row label)
    rebase: str = ""
    target: float | None = None
    note: str = ""


@dataclass
class _Row:
    point: Point
    key: tuple[str, int] | None
    shown: str  # the value as written, for messages
    target_shown: str = ""  # the target as written
    target_percent: bool = False  # whether it was written as a percentage


def read_series(c: _Checker, sheet: Sheet | None, kpi_ids: set[str], *, month_first: bool = False
                ) -> tuple[dict[str, list[Point]], dict[str, tuple[str, ...]]]:
    """The points of each KPI (grouped by series, series in the order they first appear, each in
    time order where the KPI's periods are times), and each KPI's periods, the axis of its chart
    (in time order, else in order of first appearance); problems go to ``c``."""
    if sheet is None or not c.columns(sheet, SERIES_COLUMNS, ("kpi_id", "period", "value")):
        return {}, {}
    rows: dict[str, list[_Row]] = {}
    for row, rec in sheet.rows:
        kpi_id, period, value, name, rebase, target, note = (c.text(sheet, row, rec, k.replace("_", ""))
                                                             for k in SERIES_COLUMNS)
        c.typed_date(sheet, row, rec, "period")
        if any(c.failed(sheet, row, k) for k in ("kpiid", "period", "value", "target")):
            continue
        if not c.known_kpi(kpi_id, kpi_ids, sheet.name, row):
            continue
        if not period:
            c.error("blank `period`", sheet.name, row, "period")
            continue
        number, percent, gap = None, False, ""
        symbol = gap_symbol(value) if value else None
        if symbol:
            gap = f"{symbol[0]}: {symbol[1]}" if symbol[0].startswith("[") else symbol[1]  # ".." and ":": the meaning
        elif value:
            raw = rec.get("value", "")
            parsed = number_of(raw) if isinstance(raw, CellText) else parse_number(value)
            if parsed is None:
                reason = why_not_a_number(value) or _not_a_figure(raw)
                c.error(f"{value!r} is not a number{' (' + reason + ')' if reason else ''} (accepted: 1234, "
                        "1,234, -3.5, 45%, £1,234; blank, [x], [c], [z], [low], .. for a gap)", sheet.name, row, "value")
                continue
            number, percent = parsed
        goal = _target(c, sheet, row, rec, target)
        if goal is None and target:
            continue
        cell = rec.get("period", "")
        key = period_key(period, getattr(cell, "value", None), getattr(cell, "number_format", ""),
                         month_first=month_first)
        point = Point(kpi_id, period, number, name, percent, gap, row, rebase, goal[0] if goal else None, note)
        rows.setdefault(kpi_id, []).append(_Row(point, key, value, target, bool(goal and goal[1])))
    out: dict[str, list[Point]] = {}
    axes: dict[str, tuple[str, ...]] = {}
    for kpi_id, items in rows.items():
        if _mixed_percent(c, sheet, kpi_id, items) or _duplicates(c, sheet, kpi_id, items):
            continue
        _similar_names(c, sheet, items)
        in_order = _in_time_order(items)
        if _bad_processes(c, sheet, in_order):
            continue
        ordered = [item.point for item in in_order]
        axes[kpi_id] = tuple(dict.fromkeys(p.period for p in ordered))
        rank = {name: i for i, name in enumerate(dict.fromkeys(item.point.series.strip() for item in items))}
        out[kpi_id] = sorted(ordered, key=lambda p: rank[p.series.strip()])  # stable: each series in time order
    return out, axes


def _target(c: _Checker, sheet: Sheet, row: object, rec: dict, text: str) -> tuple[float, bool] | None:
    """The ``target`` cell as (number, written as a percentage); ``None`` when blank, or (with an
    error) when it is not a number."""
    if not text:
        return None
    raw = rec.get("target", "")
    parsed = number_of(raw) if isinstance(raw, CellText) else parse_number(text)
    if parsed is None:
        c.error(f"{text!r} is not a number: `target` is this period's target (e.g. 95 or 95%; blank keeps the "
                "one before)", sheet.name, row, sheet.header.get("target", "target"))
    return parsed


def _bad_processes(c: _Checker, sheet: Sheet, items: list[_Row]) -> bool:
    """Report the problems of one KPI's rebases and targets (:func:`.processes.problems`, on its
    rows in axis order); whether there were any."""
    found = process_problems([(i.point.row, i.point, i.target_shown, i.target_percent) for i in items],
                             {i.point.percent for i in items if i.point.value is not None})
    for message, row, key in found:
        c.error(message, sheet.name, row, sheet.header.get(key, key))
    return bool(found)


def _not_a_figure(cell: object) -> str:
    """Why a cell Excel holds as a date, a time or a duration is not charted ('' for others)."""
    value = getattr(cell, "value", None)
    if isinstance(value, (timedelta, time)):
        return ("a time or a duration is not charted as it is: chart it in minutes or seconds, e.g. "
                "=B2*1440 formatted as a number")
    if isinstance(value, (date, datetime)):
        return "a date is not a figure"
    return ""


def _in_time_order(items: list[_Row]) -> list[_Row]:
    """``items`` in time order when every period is a time of one kind, each time named as first
    written; else as given."""
    order = time_order([item.key for item in items])
    if order is None:
        return items
    names: dict[tuple[str, int] | None, str] = {}
    for item in items:
        names.setdefault(item.key, item.point.period)
    out = []
    for i in order:
        item = items[i]
        name = names[item.key]
        if name != item.point.period:
            item = replace(item, point=replace(item.point, period=name))
        out.append(item)
    return out


def _mixed_percent(c: _Checker, sheet: Sheet, kpi_id: str, items: list[_Row]) -> bool:
    """An error when a KPI's series mixes percentages and plain numbers (one chart axis cannot
    show both); whether it does."""
    numbers = [i for i in items if i.point.value is not None]
    percent = [(i.point.row, i.shown) for i in numbers if i.point.percent]
    plain = [(i.point.row, i.shown) for i in numbers if not i.point.percent]
    if not (percent and plain):
        return False

    def listing(found: list[tuple[int, str]]) -> str:
        shown = ", ".join(f"row {r}: {t}" for r, t in found[:6])
        return shown + (f" and {len(found) - 6} more" if len(found) > 6 else "")

    c.error(f"the series of KPI {kpi_id!r} mixes percentages ({listing(percent)}) with plain numbers "
            f"({listing(plain)}), so its chart would be wrong: write every value as a percentage "
            "(e.g. 91%) or none", sheet.name, plain[0][0], sheet.header.get("value", "value"))
    return True


def _duplicates(c: _Checker, sheet: Sheet, kpi_id: str, items: list[_Row]) -> bool:
    """An error for each period given twice in one series (the same time, however written);
    whether there was one."""
    seen: dict[tuple[str, object], _Row] = {}
    found = False
    for item in items:
        p = item.point
        ident = (p.series, item.key or " ".join(p.period.split()).casefold())
        first = seen.setdefault(ident, item)
        if first is item:
            continue
        found = True
        which = f" of series {p.series!r}" if p.series else ""
        same = "" if first.point.period == p.period else f" (written {first.point.period!r} there)"
        c.error(f"period {p.period!r}{which} of KPI {kpi_id!r} is given twice: rows {first.point.row}{same} and "
                f"{p.row} ({first.shown or 'blank'} and {item.shown or 'blank'}); delete the wrong one",
                sheet.name, p.row, sheet.header.get("period", "period"))
    return found


def _similar_names(c: _Checker, sheet: Sheet, items: list[_Row]) -> None:
    """A warning for a series name differing from an earlier one of its KPI only in case or spacing."""
    spellings: dict[str, tuple[str, int]] = {}
    warned: set[str] = set()
    for item in items:
        name = item.point.series
        folded = " ".join(name.split()).casefold()
        first = spellings.setdefault(folded, (name, item.point.row))
        if first[0] != name and name not in warned:
            warned.add(name)
            c.warn(f"series {name!r} differs from {first[0]!r} (row {first[1]}) only in case or spacing, so they "
                   "are drawn as two series: spell them the same", sheet.name, item.point.row,
                   sheet.header.get("series", "series"))
