"""Rough sizes of table rows, from text lengths and the layout's geometry (no font metrics).

Used by :mod:`boardpaper.compose.document` to decide, once for every writer, which rows are taller than a
page (:attr:`~boardpaper.model.Row.may_split`) and which sub-objective groups are
(:attr:`~boardpaper.model.Group.repeat_label`): a writer that cannot measure its pages (the DOCX,
laid out later by Word or LibreOffice) reads these facts instead of guessing.
"""
from __future__ import annotations

import math

from ..layout import Layout
from ..model import Column, Row

PT_MM = 25.4 / 72
CELL_MARGINS_MM = 2.4  # left and right cell margins together
ROW_PADDING_MM = 2.6  # top and bottom
TALL = 0.9  # a share of the usable page height past which a row or group counts as too tall


def line_mm(layout: Layout) -> float:
    """The height of one line of table text."""
    return layout.font_size * PT_MM * 1.15


def usable_mm(layout: Layout) -> float:
    """The page height between the margins, less a repeated header row."""
    (_, page_h), (top, _, bottom, _) = layout.page_size, layout.margins
    return page_h - top - bottom - (2 * line_mm(layout) + ROW_PADDING_MM)


def column_mm(layout: Layout, columns: tuple[Column, ...]) -> list[float]:
    """The text width of each column, in millimetres."""
    weights = [max(c.width, 0) for c in columns]
    total = sum(weights) or 1
    return [max(layout.frame_width * w / total - CELL_MARGINS_MM, 1.0) for w in weights]


def row_mm(layout: Layout, row: Row, columns: tuple[Column, ...], chart_column: str | None) -> float:
    """An estimate of ``row``'s height (its tallest cell) in millimetres."""
    char = layout.font_size * PT_MM * 0.5  # an average character, a little generous
    line = line_mm(layout)
    tallest = 0.0
    for col, width in zip(columns, column_mm(layout, columns)):
        text = {"kpi": row.kpi, "sub_objective": row.sub_objective}.get(col.key) or row.value(col.key)
        per_line = max(1, int(width / char))
        lines = sum(max(1, math.ceil(len(t) / per_line)) for t in text.split("\n"))
        chart = row.chart.size[1] + 1 + notes_mm(layout, row, width) if (
            row.chart is not None and col.key == chart_column) else 0
        tallest = max(tallest, lines * line + chart)
    return tallest + ROW_PADDING_MM


def notes_mm(layout: Layout, row: Row, width: float) -> float:
    """An estimate of the height of the lines under ``row``'s chart (its rebases and notes)."""
    from ..charts.words import chart_notes

    size = layout.chart_note_size
    per_line = max(1, int(width / (size * PT_MM * 0.5)))
    lines = sum(max(1, math.ceil(len(t) / per_line)) for t in chart_notes(row.chart)) if row.chart else 0
    return lines * size * PT_MM * 1.2


def is_tall(height_mm: float, layout: Layout) -> bool:
    """True when something of this height may not fit on one page."""
    return height_mm > TALL * usable_mm(layout)
