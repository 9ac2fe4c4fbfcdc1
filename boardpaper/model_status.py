"""The statistical process control part of the document model: the words a reading may say, the
icon keys, and the frozen values compose puts into the :class:`~boardpaper.model.Document` (a row's
:class:`Reading`, a chart's :class:`ProcessLimits`, the status :class:`Summary`). Re-exported by
:mod:`boardpaper.model`; the rules that choose among the words are :mod:`boardpaper.spc.xmr`'s."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SpecialCause:
    """A special-cause point of an XmR chart. ``index`` is its place in the chart's periods;
    ``side`` is ``high`` or ``low`` (the direction of the signal: above/below the mean, or a rising/falling
    trend); ``meaning`` is ``improving``, ``concerning`` or ``neither`` (by the KPI's polarity); ``rules``
    names every rule that flagged it (``limit``, ``trend``, ``two-of-three``, ``shift``)."""

    index: int
    side: str
    meaning: str
    rules: tuple[str, ...]


# The words of a statistical process control reading (rules in boardpaper.spc.xmr), which the
# paper prints: the statistics choose among them, writers print them.
COMMON = "Common cause"
IMPROVING = "Special cause – improving"
CONCERNING = "Special cause – concerning"
NEITHER = "Special cause – neither"
VARIATIONS = (COMMON, IMPROVING, CONCERNING, NEITHER)
PASSING = "Consistently passing"
FAILING = "Consistently failing"
HIT_AND_MISS = "Hit and miss"
ASSURANCES = (PASSING, FAILING, HIT_AND_MISS)
IMPROVED, DETERIORATED, NO_CHANGE, UP, DOWN = "Improved", "Deteriorated", "No change", "Up", "Down"
DIRECTIONS = (IMPROVED, DETERIORATED, NO_CHANGE, UP, DOWN)
NO_READING = "Fewer than 2 points"  # the summary's count of KPIs without a reading
STATUS_KEY = "status"  # the column key of the status column
WORDS = VARIATIONS + ASSURANCES + DIRECTIONS
# icon key -> the words it stands for (its alt text); boardpaper.charts.status_icons draws every key
ICONS = {
    "variation-common": COMMON,
    "variation-improving-high": IMPROVING, "variation-improving-low": IMPROVING,
    "variation-concerning-high": CONCERNING, "variation-concerning-low": CONCERNING,
    "variation-neither-high": NEITHER, "variation-neither-low": NEITHER,
    "assurance-passing": PASSING, "assurance-failing": FAILING, "assurance-hit-and-miss": HIT_AND_MISS,
    "direction-improved-up": IMPROVED, "direction-improved-down": IMPROVED,
    "direction-deteriorated-up": DETERIORATED, "direction-deteriorated-down": DETERIORATED,
    "direction-no-change": NO_CHANGE, "direction-up": UP, "direction-down": DOWN,
}


@dataclass(frozen=True)
class ProcessSegment:
    """One process of an XmR chart: periods ``start`` to ``end`` (exclusive) of the chart, its mean
    and process limits (computed from its first ``baseline`` points when that is set, else from all
    of them), and the ``reason`` it started (``""`` for the first)."""

    start: int
    end: int
    mean: float
    lower: float
    upper: float
    reason: str = ""
    baseline: int | None = None


@dataclass(frozen=True)
class ProcessLimits:
    """What a chart draws for its first series: the mean and limits of each process read as an XmR
    chart (a process with too few points has none, and is not listed), and the special-cause points
    of each, read within their own process."""

    segments: tuple[ProcessSegment, ...]
    special: tuple[SpecialCause, ...] = ()


@dataclass(frozen=True)
class Reading:
    """A KPI's statistical process control status (rules in :mod:`boardpaper.spc.xmr`).

    ``points`` is how many numbers the reading used: those of the latest process (from
    ``segment_start``, the period of the latest rebase, or 0). With enough points for an XmR chart,
    ``variation`` is set (and ``assurance`` when the KPI has a numeric target and polarity up/down),
    with ``mean``/``lower``/``upper`` and ``special`` of the latest process (indexes in the chart's
    period order);
    otherwise ``direction`` is set. ``icon`` and ``assurance_icon`` are stable keys from
    ``spc.ICONS`` that a writer maps to a drawing (``""`` = none); the words are the icon's text."""

    points: int
    variation: str | None = None
    assurance: str | None = None
    direction: str | None = None
    mean: float | None = None
    lower: float | None = None
    upper: float | None = None
    special: tuple[int, ...] = ()
    icon: str = ""
    assurance_icon: str = ""
    segment_start: int = 0  # the chart period where the process read (the latest one) starts
    rebase_reason: str = ""  # why that process started ("" for a series never rebased)
    target: float | None = None  # the latest target (a trajectory's last value), whatever the polarity

    @property
    def icons(self) -> tuple[tuple[str, str], ...]:
        """``(icon key, words)`` in print order: variation then assurance, or the direction. The
        words are ``ICONS[key]``, the icon's alt text."""
        out = []
        if self.icon:
            out.append((self.icon, self.variation or self.direction or ""))
        if self.assurance_icon and self.assurance:
            out.append((self.assurance_icon, self.assurance))
        return tuple(out)

    @property
    def words(self) -> tuple[str, ...]:
        """The reading's words in print order: variation then assurance, or the direction."""
        return tuple(w for w in (self.variation, self.assurance, self.direction) if w)

    @property
    def text(self) -> str:
        """The words, one per line (what a status cell says)."""
        return "\n".join(self.words)


@dataclass(frozen=True)
class SummaryEntry:
    """One KPI on the summary page: ``anchor`` is its row's bookmark, ``latest`` its latest figure
    as the paper shows it, ``reading`` ``None`` when it has fewer than 2 points."""

    kpi_id: str
    kpi: str
    section: str
    anchor: str
    latest: str
    reading: Reading | None = None
    line_anchor: str = ""  # the summary line's own anchor (an exception report links back to it)
    report: str = ""  # the anchor of the KPI's exception report ('' = none)

    @property
    def variation(self) -> str | None:
        return self.reading.variation if self.reading else None

    @property
    def assurance(self) -> str | None:
        return self.reading.assurance if self.reading else None

    @property
    def direction(self) -> str | None:
        return self.reading.direction if self.reading else None


@dataclass(frozen=True)
class SummaryColumns:
    """Header labels of the summary table: the section (printed on the first row of each run), the
    KPI, its latest figure, its variation or direction, and its assurance (``None``: no KPI has one,
    so no column); ``widths`` are relative."""

    kpi: str = "Key Performance Indicator"
    latest: str = "Latest"
    section: str = "Section"
    variation: str = "Variation / direction"
    assurance: str | None = "Assurance"

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.section, self.kpi, self.latest, self.variation) + ((self.assurance,) if self.assurance else ())

    @property
    def widths(self) -> tuple[float, ...]:
        return (11.0, 42.0, 12.0, 19.0, 16.0) if self.assurance else (12.0, 46.0, 20.0, 22.0)

    def cells(self, e: SummaryEntry) -> tuple[tuple[tuple[str, str], ...], ...]:
        """The icons of an entry's reading cells: its variation or direction, then (when the table has
        the column) its assurance."""
        pairs = e.reading.icons if e.reading else ()
        first = tuple(p for p in pairs if not p[0].startswith("assurance-"))
        second = tuple(p for p in pairs if p[0].startswith("assurance-"))
        return (first, second) if self.assurance else (first,)


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
class Summary:
    """The status summary: every KPI in reading order, the count of KPIs per reading word (every
    word, zeros included, in ``spc`` order), the table's ``columns``, the count lines as printed,
    the key stating the rules (``key_title``, ``key``) and the icon ``legend``."""

    title: str
    anchor: str
    entries: tuple[SummaryEntry, ...]
    counts: tuple[tuple[str, int], ...]
    key_title: str
    key: tuple[str, ...]
    columns: SummaryColumns = SummaryColumns()
    count_lines: tuple[tuple[str, str], ...] = ()  # (group, its counts in words) for each group some KPI has
    legend: tuple[tuple[str, str, str], ...] = ()  # (icon key, its words, what its shapes say)
    matrix: SummaryMatrix | None = None  # variation × assurance, when exception reports are on

    def runs(self) -> list[tuple[str, list[SummaryEntry]]]:
        """The entries as runs of consecutive entries of one section (each run under its section's title)."""
        runs: list[tuple[str, list[SummaryEntry]]] = []
        for e in self.entries:
            if runs and runs[-1][0] == e.section:
                runs[-1][1].append(e)
            else:
                runs.append((e.section, [e]))
        return runs

    @property
    def key_anchor(self) -> str:
        """The bookmark of the key (a level-2 contents entry under the summary)."""
        return self.anchor + "_key"
