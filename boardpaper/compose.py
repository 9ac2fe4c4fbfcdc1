"""From a checked input and a layout to the :class:`~boardpaper.model.Document` every writer renders."""
from __future__ import annotations

import os
from datetime import datetime, timezone

from . import charts
from .layout import Layout
from .model import Column, Cover, Document, Group, Note, Row, Section, Source
from .readers.workbook import Kpi, PaperInput

DEFAULT_LABELS = {"sub_objective": "Sub-Objective", "kpi": "Key Performance Indicator",
                  "current": "Current", "benchmark": "Historical Performance / Benchmark", "target": "Target"}
FALLBACK_CREATED = datetime(2000, 1, 1, tzinfo=timezone.utc)


def build_time(paper: PaperInput) -> datetime:
    """The timestamp written into the outputs: ``SOURCE_DATE_EPOCH`` when set, else a fixed value
    (so the same input always gives the same bytes)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return FALLBACK_CREATED


def with_period(text: str, period: str) -> str:
    """``1,017`` and ``Mar 22`` → ``1,017 [Mar 22]``."""
    if text and period:
        return f"{text} [{period}]"
    return text or (f"[{period}]" if period else "")


def _values(k: Kpi) -> tuple[tuple[str, str], ...]:
    return (("current", with_period(k.current, k.current_period)),
            ("benchmark", with_period(k.benchmark, k.benchmark_period)),
            ("target", k.target))


def _columns(layout: Layout, title: str, rows: list[Row], has_groups: bool) -> tuple[Column, ...]:
    """The layout's columns for this section, with nothing the input holds left out: a value
    column the layout lacks is added when any row fills it; an empty sub-objective column is dropped."""
    cols = list(layout.columns_for(title))
    keys = {c.key for c in cols}
    if "kpi" not in keys:
        cols.insert(1 if cols and cols[0].key == "sub_objective" else 0, Column("kpi", DEFAULT_LABELS["kpi"], 38))
    for key in ("current", "benchmark", "target"):
        if key not in keys and any(r.value(key) for r in rows):
            cols.append(Column(key, DEFAULT_LABELS[key], 12 if key == "target" else 22))
    if not has_groups:
        cols = [c for c in cols if c.key != "sub_objective"]
    elif "sub_objective" not in keys:
        cols.insert(0, Column("sub_objective", DEFAULT_LABELS["sub_objective"], 18))
    return tuple(cols)


def compose(paper: PaperInput, layout: Layout) -> Document:
    """The document for ``paper`` in ``layout``: sections in order of first appearance, rows in
    input order within each, sub-objective groups over consecutive rows, notes numbered in reading order."""
    by_section: dict[str, list[Kpi]] = {}
    for k in paper.kpis:
        by_section.setdefault(k.section, []).append(k)
    sources = {s.id: Source(s.id, s.text, s.url or None) for s in paper.sources.values()}
    note_number = 0
    sections = []
    for si, (title, kpis) in enumerate(by_section.items(), start=1):
        anchor = f"bp_s{si}"
        rows: list[Row] = []
        groups: list[Group] = []
        for i, k in enumerate(kpis):
            notes = []
            for sid in k.sources:
                note_number += 1
                notes.append(Note(note_number, sources[sid]))
            points = [(p.period, p.value, p.series) for p in paper.series.get(k.id, [])]
            spec = charts.make_spec(k.id, k.kpi, points, chart=k.chart, polarity=k.polarity,
                                    target=k.target_value,
                                    percent=any(p.percent for p in paper.series.get(k.id, []))) if points else None
            rows.append(Row(k.id, k.kpi, k.sub_objective, _values(k), tuple(notes), spec,
                            f"kpis sheet, row {k.row}"))
            if k.sub_objective and (i == 0 or kpis[i - 1].sub_objective != k.sub_objective):
                groups.append(Group(k.sub_objective, f"{anchor}_g{len(groups) + 1}", i, 1))
            elif k.sub_objective:
                g = groups[-1]
                groups[-1] = Group(g.title, g.anchor, g.first, g.count + 1)
        sections.append(Section(title, anchor, _columns(layout, title, rows, bool(groups)), tuple(rows),
                                tuple(groups)))
    f = paper.fields
    cover = Cover(board=f.get("board", ""), meeting=f.get("meeting", ""), title=f.get("title", ""),
                  agenda_item=f.get("agenda_item", ""), appendix=f.get("appendix", ""),
                  plan_priority=f.get("plan_priority", ""), presented_by=f.get("presented_by", ""),
                  purpose=tuple(paper.purpose))
    keywords = tuple(w.strip() for w in f.get("keywords", "").split(";") if w.strip()) or (
        "scorecard", "performance", f.get("board", ""))
    return Document(cover=cover, sections=tuple(sections), created=build_time(paper),
                    author=f.get("author") or layout.author, keywords=tuple(k for k in keywords if k),
                    name=paper.name)
