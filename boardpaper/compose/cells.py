"""The text of a table cell and of a table, decided once: a figure with its period, the column that
carries the charts, and the table description read out by assistive technology."""
from __future__ import annotations

from ..layout import Layout
from ..model import Column, Segment


def with_period(text: str, period: str) -> str:
    """``1,017`` and ``Mar 22`` → ``1,017 [Mar 22]`` (the text of :func:`period_segments`)."""
    return "".join(piece for piece, _ in period_segments(text, period, "", ""))


def period_segments(text: str, period: str, text_field: str, period_field: str) -> tuple[Segment, ...]:
    """:func:`with_period` as segments naming the field each part shows."""
    if text and period:
        return ((text, text_field), (" [", ""), (period, period_field), ("]", ""))
    if text:
        return ((text, text_field),)
    return (("[", ""), (period, period_field), ("]", "")) if period else ()


def chart_column(layout: Layout, columns: tuple[Column, ...]) -> str | None:
    """The column whose cells carry the charts: the layout's choice when the section shows it,
    else the last value column, else the KPI column (so a chart is never dropped)."""
    keys = [c.key for c in columns]
    if layout.chart_column in keys:
        return layout.chart_column
    values = [k for k in keys if k not in ("sub_objective", "kpi")]
    if values:
        return values[-1]
    return "kpi" if "kpi" in keys else None


def table_description(title: str, rows: int, columns: tuple[Column, ...]) -> str:
    """The table summary read out by assistive technology."""
    return (f"Scorecard for {title}: one row per key performance indicator ({rows} rows), "
            "with columns " + ", ".join(c.label for c in columns) + ".")
