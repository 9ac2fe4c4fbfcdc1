"""What every writer paints for the statistical process control status, decided once.

The readings, counts and key come from the model (:class:`~boardpaper.model.Reading`,
:class:`~boardpaper.model.Summary`); this module only arranges them the same way for every format:
the icons of a reading with their words, the summary table's columns and rows, and the count lines.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..spc import xmr as spc
from ..model import Document, Reading, Summary, SummaryEntry

STATUS_KEY = "status"  # the column key of the status column
COUNT_GROUPS = (("Variation", spc.VARIATIONS), ("Assurance", spc.ASSURANCES), ("Direction", spc.DIRECTIONS),
                ("No reading", (spc.NO_READING,)))


def icons(reading: Reading | None) -> tuple[tuple[str, str], ...]:
    """``(icon key, words)`` of a reading in print order: variation then assurance, or the direction;
    empty without a reading. The words are ``spc.ICONS[key]``, the icon's alt text."""
    if reading is None:
        return ()
    out = []
    if reading.icon:
        out.append((reading.icon, reading.variation or reading.direction or ""))
    if reading.assurance_icon and reading.assurance:
        out.append((reading.assurance_icon, reading.assurance))
    return tuple(out)


@dataclass(frozen=True)
class SummaryColumns:
    """Header labels of the summary table: the section (printed on the first row of each run), the
    KPI, its latest figure, its variation or direction, and its assurance (``None``: no KPI has one,
    so no column); ``widths`` are relative."""

    kpi: str
    latest: str
    section: str = "Section"
    variation: str = "Variation / direction"
    assurance: str | None = "Assurance"

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.section, self.kpi, self.latest, self.variation) + ((self.assurance,) if self.assurance else ())

    @property
    def widths(self) -> tuple[float, ...]:
        return (11.0, 42.0, 12.0, 19.0, 16.0) if self.assurance else (12.0, 46.0, 20.0, 22.0)


def summary_columns(doc: Document) -> SummaryColumns:
    """The summary's columns, the KPI and latest-figure labels as the paper's tables name them; the
    reading column named for what the KPIs have (variation, direction or both)."""
    labels = {c.key: c.label for s in doc.sections for c in reversed(s.columns)}
    entries = doc.summary.entries if doc.summary else ()
    variation, direction = any(e.variation for e in entries), any(e.direction for e in entries)
    reading = "Variation / direction" if variation == direction else "Variation" if variation else "Direction"
    return SummaryColumns(labels.get("kpi", "Key Performance Indicator"), labels.get("current", "Latest"),
                          variation=reading, assurance="Assurance" if any(e.assurance for e in entries) else None)


def summary_runs(summary: Summary) -> list[tuple[str, list[SummaryEntry]]]:
    """The entries as runs of consecutive entries of one section (each run under its section's title)."""
    runs: list[tuple[str, list[SummaryEntry]]] = []
    for e in summary.entries:
        if runs and runs[-1][0] == e.section:
            runs[-1][1].append(e)
        else:
            runs.append((e.section, [e]))
    return runs


def entry_cells(e: SummaryEntry, cols: SummaryColumns) -> tuple[tuple[tuple[str, str], ...], ...]:
    """The icons of an entry's reading cells: its variation or direction, then (when the table has
    the column) its assurance."""
    pairs = icons(e.reading)
    first = tuple(p for p in pairs if not p[0].startswith("assurance-"))
    second = tuple(p for p in pairs if p[0].startswith("assurance-"))
    return (first, second) if cols.assurance else (first,)


def count_lines(summary: Summary) -> list[tuple[str, tuple[tuple[str, int], ...]]]:
    """``(group, ((word, count), …))`` for each group of reading words that some KPI has (every word
    of such a group shown, zeros included), in ``spc`` order."""
    counts = dict(summary.counts)
    out = []
    for label, words in COUNT_GROUPS:
        got = tuple((w, counts.get(w, 0)) for w in words)
        if any(n for _, n in got):
            out.append((label, got))
    return out


def count_text(counts: tuple[tuple[str, int], ...]) -> str:
    """A group's counts in words: ``Common cause 12 · Special cause – improving 3 · …``."""
    return " · ".join(f"{w} {n}" for w, n in counts)
