"""The statistical process control readings in the paper, decided once: every KPI read
(:func:`boardpaper.spc.xmr.reading`) from its first series with its rebases, target trajectory and
baseline, every row's bookmark, the status column and the summary (:func:`spc_for`)."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Sequence

from ..charts.spec import kpi_spec
from ..charts.words import _num
from ..layout import DEFAULT_LABELS, Layout
from ..charts.status_icons import LEGEND
from ..model import (ASSURANCES, DIRECTIONS, ICONS, NO_READING, VARIATIONS, WORDS, ChartSpec, Column, ProcessLimits,
                     Reading, Section, Summary, SummaryColumns, SummaryEntry)
from ..readers.series import Point
from ..readers.workbook import Kpi, PaperInput
from ..spc.xmr import FEATURES, MIN_POINTS, key_lines, limits, reading
from .cells import chart_column, table_description, with_period

COUNT_GROUPS = (("count_variation", VARIATIONS), ("count_assurance", ASSURANCES), ("count_direction", DIRECTIONS),
                ("count_no_reading", (NO_READING,)))  # [labels] key of each group's name, its words


def first_series(kpi: Kpi, points: Sequence[Point], periods: Sequence[str] = ()) -> ChartSpec | None:
    """A KPI's chart data as a line (whatever its chart kind): its first series, aligned with the
    chart's ``periods`` (the input's axis of the KPI, in time order), with its rebases and targets
    (the same derivation as the chart's, :func:`boardpaper.charts.spec.kpi_spec`); ``None`` when
    it has no numbers."""
    return kpi_spec(kpi, points, periods, chart="line")


def kpi_reading(kpi: Kpi, line: ChartSpec | None, min_points: int = MIN_POINTS) -> Reading | None:
    """The reading of ``kpi`` from its :func:`first_series` (its latest process, against its
    latest target and its ``baseline``)."""
    if line is None:
        return None
    return reading(line.series[0].values, kpi.polarity, line.target, min_points,
                   rebases=[(r.index, r.reason) for r in line.rebases], baseline=kpi.baseline)


def kpi_limits(kpi: Kpi, line: ChartSpec | None, min_points: int = MIN_POINTS) -> ProcessLimits | None:
    """What the chart of ``kpi`` draws from its :func:`first_series`: :func:`~boardpaper.spc.xmr.limits`
    per process."""
    if line is None:
        return None
    return limits(line.series[0].values, kpi.polarity, min_points,
                  rebases=[(r.index, r.reason) for r in line.rebases], baseline=kpi.baseline)


def readings(paper: PaperInput, min_points: int = MIN_POINTS) -> list[tuple[str, Reading | None]]:
    """``(kpi id, reading)`` of every KPI of ``paper``, in input order."""
    return [(k.id, kpi_reading(k, first_series(k, paper.series.get(k.id, []), paper.periods.get(k.id, ())),
                               min_points)) for k in paper.kpis]


def features_of(paper: PaperInput) -> tuple[str, ...]:
    """Which of :data:`~boardpaper.spc.xmr.FEATURES` the KPIs of ``paper`` use (so the key explains them)."""
    points = [p for k in paper.kpis for p in paper.series.get(k.id, [])]
    used = {"rebase": any(p.rebase for p in points), "baseline": any(k.baseline for k in paper.kpis),
            "trajectory": any(p.target is not None for p in points), "note": any(p.note for p in points)}
    return tuple(f for f in FEATURES if used[f])


def row_anchors(ids: Sequence[str]) -> dict[str, str]:
    """A stable, unique bookmark name per KPI id: ``bp_k_`` + the id with anything but letters and
    digits as ``_`` (cut to 30 characters, Word's limit is 40); a clash gets ``_2``, ``_3``… in order."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for kpi in ids:
        base = "bp_k_" + re.sub(r"[^A-Za-z0-9]", "_", kpi)[:30]
        name, n = base, 1
        while name in used:
            n += 1
            name = f"{base}_{n}"
        used.add(name)
        out.setdefault(kpi, name)
    return out


def _latest_text(row, periods: tuple[str, ...], values: tuple[float | None, ...], percent: bool) -> str:
    """The row's Current text, else the latest number of its first series with its period."""
    if row.value("current"):
        return row.value("current")
    for period, v in zip(reversed(periods), reversed(values)):
        if v is not None:
            return with_period(_num(v, percent), period)
    return ""


def _with_status_column(section: Section, layout: Layout) -> Section:
    """``section`` with one status column (the layout's own place for it, else last) when ``[status]
    column`` is on, none when off; its chart column and table description follow the columns."""
    opts = layout.status
    columns = tuple(c for c in section.columns if c.key != "status")
    if opts.column:
        given = any(c.key == "status" for c in section.columns)
        columns = section.columns if given else columns + (Column("status", opts.label, opts.width),)
    if columns == section.columns:
        return section
    charts_in = chart_column(layout, tuple(c for c in columns if c.key != "status"))  # never the status column
    return replace(section, columns=columns, chart_column=charts_in,
                   description=table_description(section.title, len(section.rows), columns))


def spc_for(sections: Sequence[Section], paper: PaperInput, layout: Layout) -> tuple[tuple[Section, ...], Summary | None]:
    """``sections`` with every row's ``anchor`` set and, when the layout's ``[status]`` is on, each
    row's ``reading``, its chart's process limits, the status column and value (``status`` = the
    reading's words, one per line), and the summary (``None`` when ``summary`` is off)."""
    opts = layout.status
    labels = DEFAULT_LABELS | layout.labels
    kpis = {k.id: k for k in paper.kpis}
    anchors = row_anchors([r.id for s in sections for r in s.rows])
    out, entries = [], []
    for s in sections:
        rows = []
        for r in s.rows:
            r = replace(r, anchor=anchors[r.id])
            if opts.on:
                k = kpis[r.id]
                points = paper.series.get(r.id, [])
                line = first_series(k, points, paper.periods.get(r.id, ()))
                got = kpi_reading(k, line, opts.min_points)
                periods, values = (line.periods, line.series[0].values) if line else ((), ())
                chart = r.chart
                if chart is not None:
                    chart = replace(chart, limits=kpi_limits(k, line, opts.min_points))
                extra = (("status", got.text if got else ""),) if opts.column else ()
                r = replace(r, reading=got, chart=chart, values=r.values + extra)
                entries.append(SummaryEntry(r.id, r.kpi, s.title, r.anchor,
                                            _latest_text(r, periods, values, any(p.percent for p in points)),
                                            got, line_anchor="bp_m_" + r.anchor.removeprefix("bp_k_")))
            rows.append(r)
        out.append(_with_status_column(replace(s, rows=tuple(rows)), layout))
    summary = None
    if opts.summary:
        words = [w for e in entries for w in (e.reading.words if e.reading else (NO_READING,))]
        counts = tuple((w, words.count(w)) for w in WORDS + (NO_READING,))
        summary = Summary(opts.summary_title, "bp_summary", tuple(entries), counts, opts.key_title,
                          key_lines(opts.min_points, features_of(paper)), summary_columns(out, entries, labels),
                          count_lines(counts, labels),
                          tuple((k, ICONS[k], text) for k, text in LEGEND.items()))
        out = [replace(s, rows=tuple(replace(r, link_target=bool(r.anchor)) for r in s.rows)) for s in out]
    return tuple(out), summary


def summary_columns(sections: Sequence[Section], entries: Sequence[SummaryEntry],
                    words: dict[str, str] = DEFAULT_LABELS) -> SummaryColumns:
    """The summary's columns, the KPI and latest-figure labels as the paper's tables name them (else
    ``[labels] summary_kpi``, ``summary_latest``); the reading column named for what the KPIs have
    (variation, direction or both); the other headers from ``[labels]`` (``summary_…``)."""
    labels = {c.key: c.label for s in sections for c in reversed(s.columns)}
    variation, direction = any(e.variation for e in entries), any(e.direction for e in entries)
    reading = words["summary_variation_direction"] if variation == direction else \
        words["summary_variation"] if variation else words["summary_direction"]
    return SummaryColumns(labels.get("kpi", words["summary_kpi"]), labels.get("current", words["summary_latest"]),
                          section=words["summary_section"], variation=reading,
                          assurance=words["summary_assurance"] if any(e.assurance for e in entries) else None)


def count_lines(counts: tuple[tuple[str, int], ...], words: dict[str, str] = DEFAULT_LABELS) -> tuple[tuple[str, str], ...]:
    """``(group, counts in words)`` for each group of reading words that some KPI has (every word of
    such a group shown, zeros included), in ``spc`` order: ``Common cause 12 · Special cause – improving 3 · …``."""
    got = dict(counts)
    out = []
    for key, group in COUNT_GROUPS:
        line = tuple((w, got.get(w, 0)) for w in group)
        if any(n for _, n in line):
            out.append((words[key], " · ".join(f"{w} {n}" for w, n in line)))
    return tuple(out)
