"""The document model: one closed set of frozen values that every writer renders.

Readers produce a :class:`Document`; writers (``boardpaper.writers``) turn it into bytes.
Nothing in here knows about DOCX or PDF, and nothing in a writer decides content.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

POLARITIES = ("up", "down", "monitor")
CHART_KINDS = ("line", "bar", "none")


@dataclass(frozen=True)
class Source:
    """A publication cited by KPIs. ``url`` is an http(s) URL or ``None``."""

    id: str
    text: str
    url: str | None = None


@dataclass(frozen=True)
class Note:
    """One footnote: the ``number``-th citation in reading order, citing ``source``."""

    number: int
    source: Source


@dataclass(frozen=True)
class Series:
    """One named line of a chart; ``values`` aligns with the chart's periods, ``None`` = gap."""

    name: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class ChartSpec:
    """Everything needed to draw a KPI's trend chart, computed once from the input.

    ``kind`` is ``line`` or ``bar``; ``polarity`` is which direction is improvement.
    ``label`` is the short name used in alt text (usually the KPI text).
    """

    kpi_id: str
    label: str
    periods: tuple[str, ...]
    series: tuple[Series, ...]
    kind: str = "line"
    polarity: str = "monitor"
    target: float | None = None
    percent: bool = False


@dataclass(frozen=True)
class Column:
    """A table column: ``key`` names the KPI field it shows (``sub_objective``, ``kpi``,
    ``current``, ``benchmark``, ``target``), ``label`` its header text, ``width`` a relative weight."""

    key: str
    label: str
    width: float = 1.0


@dataclass(frozen=True)
class Row:
    """One KPI as a table row. ``values`` maps each non-KPI column key to its display text."""

    id: str
    kpi: str
    sub_objective: str
    values: tuple[tuple[str, str], ...]
    notes: tuple[Note, ...] = ()
    chart: ChartSpec | None = None
    origin: str = ""  # where the row came from, e.g. "kpis sheet, row 7"

    def value(self, key: str) -> str:
        """The display text for column ``key`` ('' when the KPI has none)."""
        return dict(self.values).get(key, "")


@dataclass(frozen=True)
class Group:
    """A run of consecutive rows sharing a sub-objective (a merged cell, a contents entry)."""

    title: str
    anchor: str
    first: int  # index of the first row in the section
    count: int


@dataclass(frozen=True)
class Section:
    """A plan priority: one heading, one table."""

    title: str
    anchor: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    groups: tuple[Group, ...] = ()

    def group_at(self, index: int) -> Group | None:
        """The group whose first row is ``index``, if any."""
        for g in self.groups:
            if g.first == index:
                return g
        return None


@dataclass(frozen=True)
class Cover:
    """The cover block at the top of the paper."""

    board: str
    meeting: str
    title: str
    agenda_item: str = ""
    appendix: str = ""
    plan_priority: str = ""
    presented_by: str = ""
    purpose: tuple[str, ...] = ()


@dataclass(frozen=True)
class ContentsEntry:
    """A line of the contents: level 1 = section, level 2 = sub-objective."""

    level: int
    title: str
    anchor: str


@dataclass(frozen=True)
class Document:
    """The whole paper. ``created`` is the build timestamp written into both files."""

    cover: Cover
    sections: tuple[Section, ...]
    created: datetime
    language: str = "en-GB"
    author: str = ""
    keywords: tuple[str, ...] = ()
    name: str = "paper"  # the input's name, used for output files
    extra: tuple[tuple[str, str], ...] = field(default=())

    @property
    def notes(self) -> tuple[Note, ...]:
        """Every footnote in reading order."""
        return tuple(n for s in self.sections for r in s.rows for n in r.notes)

    @property
    def charts(self) -> tuple[ChartSpec, ...]:
        return tuple(r.chart for s in self.sections for r in s.rows if r.chart is not None)

    @property
    def contents(self) -> tuple[ContentsEntry, ...]:
        """Sections and their sub-objectives, in reading order."""
        out: list[ContentsEntry] = []
        for s in self.sections:
            out.append(ContentsEntry(1, s.title, s.anchor))
            out.extend(ContentsEntry(2, g.title, g.anchor) for g in s.groups)
        return tuple(out)

    @property
    def kpi_count(self) -> int:
        return sum(len(s.rows) for s in self.sections)
