"""The exception reports and the summary matrix: frozen values of the document model
(:mod:`boardpaper.model` re-exports them). Nothing here knows a format."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .model import ChartSpec, Reading


@dataclass(frozen=True)
class MatrixEntry:
    """A KPI in a cell of the summary matrix, linked to its row (``anchor``)."""

    kpi_id: str
    kpi: str
    anchor: str
    report: str = ""  # its exception report's anchor, when it has one


@dataclass(frozen=True)
class SummaryMatrix:
    """Making Data Count's summary: the variation readings as columns, the assurance readings (and
    "no target") as rows; ``cells[r][c]`` lists the KPIs read so. A real table: ``corner`` labels
    the header cell over the row headers; ``description`` is its summary for assistive technology."""

    title: str
    anchor: str
    columns: tuple[str, ...]
    rows: tuple[str, ...]
    cells: tuple[tuple[tuple[MatrixEntry, ...], ...], ...]
    corner: str = ""
    description: str = ""
    icons: tuple[tuple[str, str], ...] = ()  # header text -> icon key (a header may carry its icon)


@dataclass(frozen=True)
class NarrativeBlock:
    """Part of a narrative paragraph as printed: ``kind`` ``para`` (its ``lines`` joined by line
    breaks) or ``list`` (one item per line, the ``markers`` the officer typed: ``•`` or ``-``)."""

    kind: str
    lines: tuple[str, ...]
    markers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Narrative:
    """One row of the ``commentary`` sheet as printed: the ``index``-th row of ``kpi_id`` under
    ``heading`` (how the monthly cycle finds it again), its ``text`` as read, and its blocks."""

    kpi_id: str
    heading: str
    index: int
    text: str
    blocks: tuple[NarrativeBlock, ...]


@dataclass(frozen=True)
class NarrativeSection:
    """A narrative heading of a report and its paragraphs (never empty: an empty heading is left out)."""

    heading: str
    entries: tuple[Narrative, ...]


@dataclass(frozen=True)
class Fact:
    """A labelled line of a report (``Owner: Jane Smith``); ``field`` names the ``kpis`` column the
    text shows ('' = wording decided by compose)."""

    label: str
    text: str
    field: str = ""


@dataclass(frozen=True)
class ExceptionReport:
    """The exception report of one KPI: its ``title`` (the KPI text, a level-2 heading), ``facts``
    (owner, latest figure, target), the reading with ``reasons`` it was chosen, a full-width
    ``chart`` (``chart_key``: what its marks mean, in words), the narrative or, without one,
    ``placeholder``; links back to the row (``row_anchor``) and the summary line (``line_anchor``)."""

    kpi_id: str
    title: str
    anchor: str
    row_anchor: str
    facts: tuple[Fact, ...]
    reading: Reading | None
    reasons: str
    chart: ChartSpec | None
    chart_key: tuple[str, ...]
    narrative: tuple[NarrativeSection, ...]
    placeholder: str = ""
    line_anchor: str = ""
    back_to_row: str = "Back to the KPI's row"
    back_to_summary: str = "Back to the summary"


@dataclass(frozen=True)
class Exceptions:
    """The section of exception reports after the KPI tables, reports in table order; ``link``
    is what a KPI row and its summary line say when linking to the report."""

    title: str
    anchor: str
    intro: str
    reports: tuple[ExceptionReport, ...]
    link: str = "Exception report"
    headings: tuple[str, ...] = ()  # the layout's narrative headings, in order (an added paragraph's default)
