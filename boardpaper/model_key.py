"""The chart key of the document model: how to read the charts (:mod:`boardpaper.model` re-exports it)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KeyEntry:
    """One line of the chart key: ``sample`` names what a writer draws (a key of
    :data:`boardpaper.charts.key.SAMPLES`, drawn as the charts draw it) and ``words`` explain it."""

    sample: str
    words: str


@dataclass(frozen=True)
class ChartKey:
    """How to read the charts: a title, the entries (only what the paper's charts draw), and the
    bookmark of its heading."""

    title: str
    entries: tuple[KeyEntry, ...]
    anchor: str = "bp_chart_key"
