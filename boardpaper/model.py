"""The document model: one closed set of frozen values that every writer renders.

Readers produce a :class:`Document`; writers (``boardpaper.writers``) turn it into bytes.
Nothing in here knows about DOCX or PDF, and nothing in a writer decides content.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import quote, urlsplit, urlunsplit

from .errors import Problem
from .model_status import (  # noqa: F401 (re-exported: one model)
    SpecialCause, COMMON, IMPROVING, CONCERNING, NEITHER, VARIATIONS, PASSING, FAILING, HIT_AND_MISS,
    ASSURANCES, IMPROVED, DETERIORATED, NO_CHANGE, UP, DOWN, DIRECTIONS, NO_READING, STATUS_KEY, WORDS,
    ICONS, ProcessLimits, ProcessSegment, Reading, SummaryEntry, SummaryColumns, Summary, MatrixEntry,
    SummaryMatrix)

POLARITIES = ("up", "down", "monitor")
CHART_KINDS = ("line", "bar", "none")


def is_web_url(url: str) -> bool:
    """True when ``url`` is an absolute http:// or https:// address with a host, no control
    characters, line breaks or tabs, and no space at either end: the only links a paper may carry.
    Spaces and non-ASCII letters inside it are accepted, as browsers accept them (:func:`web_href`
    encodes them)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return False
    return (parts.scheme.lower() in ("http", "https") and bool(host) and url == url.strip()
            and not any(ord(ch) < 32 or ord(ch) == 127 or (ch.isspace() and ch != " ") for ch in url)
            and " " not in parts.netloc and _idna(host or "") is not None)


def _idna(host: str) -> str | None:
    """``host`` in ASCII (``bücher.example`` → ``xn--bcher-kva.example``), or ``None`` if it cannot be."""
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return None


def web_href(url: str) -> str:
    """``url`` as every output writes its link: ASCII only, a non-ASCII host in its IDNA form,
    spaces, non-ASCII letters and characters not allowed in a URL percent-encoded as UTF-8
    (``…/my report (final).pdf`` → ``…/my%20report%20(final).pdf``); ``%XX`` escapes already in it
    are kept."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if parts.hostname and not parts.hostname.isascii():
        netloc = netloc.replace(parts.hostname, _idna(parts.hostname) or parts.hostname)
    safe = "/:@!$&'()*+,;=~-._%"

    def encode(text: str, extra: str = "") -> str:
        text = re.sub(r"%(?![0-9A-Fa-f]{2})", "%25", text)  # a lone % is a character, not an escape
        return quote(text, safe=safe + extra)

    return urlunsplit((parts.scheme.lower(), netloc, encode(parts.path), encode(parts.query, "?"),
                       encode(parts.fragment, "?#")))


@dataclass(frozen=True)
class Source:
    """A publication cited by KPIs. ``url`` is an http(s) URL or ``None``; anything else is refused
    (``ValueError``), so no writer ever links to ``javascript:``, ``file:`` or ``data:``."""

    id: str
    text: str
    url: str | None = None

    def __post_init__(self):
        if self.url is not None and not is_web_url(self.url):
            raise ValueError(f"source {self.id!r}: {self.url[:120]!r} is not an http(s) web address")

    @property
    def href(self) -> str | None:
        """The link target every output writes (:func:`web_href`); ``url`` is what is shown."""
        return web_href(self.url) if self.url else None


@dataclass(frozen=True)
class Note:
    """One footnote: the ``number``-th citation in reading order, citing ``source``."""

    number: int
    source: Source

    @staticmethod
    def anchor_of(number: int) -> str:
        """The anchor of note ``number`` (where its text is), in every format."""
        return f"bp_fn{number}"

    @property
    def anchor(self) -> str:
        return Note.anchor_of(self.number)

    @property
    def ref_anchor(self) -> str:
        """The anchor of the note's first marker (where the HTML's back link returns)."""
        return f"bp_fnref{self.number}"


@dataclass(frozen=True)
class Series:
    """One named line of a chart; ``values`` aligns with the chart's periods, ``None`` = gap.
    ``gaps`` aligns with them too: why a figure is missing (``[c]: confidential``), ``""`` when
    it has a figure or no reason was given (empty when no gap has a reason)."""

    name: str
    values: tuple[float | None, ...]
    gaps: tuple[str, ...] = ()

    def gap(self, index: int) -> str:
        """Why the figure at ``index`` is missing, or ``""``."""
        return self.gaps[index] if index < len(self.gaps) else ""


@dataclass(frozen=True)
class NumberStyle:
    """How a KPI writes its figures, as its Current figure prints them (``29,381``: grouping, no
    decimals; ``5.17``: 2 decimals; ``£1,200``: a prefix). ``decimals`` ``None``: as typed (at most
    2 decimals). A percentage series (``ChartSpec.percent``) always ends in ``%``."""

    decimals: int | None = None
    grouping: bool = True
    prefix: str = ""
    suffix: str = ""  # "%" when the Current writes one and the series values are plain numbers


@dataclass(frozen=True)
class ChartSpec:
    """Everything needed to draw a KPI's trend chart, computed once from the input.

    ``kind`` is ``line`` or ``bar``; ``polarity`` is which direction is improvement.
    ``label`` is the short name used in alt text (usually the KPI text).
    ``size`` is the drawn size in mm (width, height), decided by compose from the chart's column.
    ``limits`` is the process-control overlay of the first series, drawn when set.
    """

    kpi_id: str
    label: str
    periods: tuple[str, ...]
    series: tuple[Series, ...]
    kind: str = "line"
    polarity: str = "monitor"
    target: float | None = None
    percent: bool = False
    limits: ProcessLimits | None = None  # XmR mean, limits and special causes of the first series
    size: tuple[float, float] = (50.0, 20.0)  # drawn size in mm (width, height), decided by compose
    number: NumberStyle = NumberStyle()  # how its labels write figures: as the KPI's Current figure
    targets: tuple[float | None, ...] = ()  # a target trajectory: one per period (``target`` is its last)
    rebases: tuple[Rebase, ...] = ()  # where a new process starts, in period order
    annotations: tuple[Annotation, ...] = ()  # the notes on points, numbered in period order


@dataclass(frozen=True)
class Rebase:
    """A new process from period ``index`` of a chart (never 0), and why (``reason``, as typed)."""

    index: int
    reason: str


@dataclass(frozen=True)
class Annotation:
    """A note on a chart: its ``number`` (1, 2, … per chart), the period ``index`` and ``series``
    (index in ``ChartSpec.series``) of the point it is about, and its ``text`` as typed."""

    number: int
    index: int
    series: int
    text: str


@dataclass(frozen=True)
class Column:
    """A table column: ``key`` names the KPI field it shows (``sub_objective``, ``kpi``,
    ``current``, ``benchmark``, ``target``), ``label`` its header text, ``width`` a relative weight."""

    key: str
    label: str
    width: float = 1.0


Segment = tuple[str, str]  # (text as printed, the input field it shows, or "" for wording around it)


@dataclass(frozen=True)
class Row:
    """One KPI as a table row. ``values`` maps each non-KPI column key to its display text.

    ``fields`` holds every ``kpis`` column of the input row as read (``current``, ``current_period``,
    …); ``segments`` splits each value column's display text into the fields it shows
    (``1,017 [Mar 22]`` → ``current``, `` [``, ``current_period``, ``]``), so an edit to the
    printed text maps back to one field."""

    id: str
    kpi: str
    sub_objective: str
    values: tuple[tuple[str, str], ...]
    notes: tuple[Note, ...] = ()
    chart: ChartSpec | None = None
    origin: str = ""  # where the row came from, e.g. "kpis sheet, row 7"
    reading: Reading | None = None  # the SPC status, when the layout turns it on (boardpaper.spc.xmr)
    anchor: str = ""  # a stable, unique bookmark name for the row, e.g. "bp_k_RCP_01"
    report: str = ""  # the anchor of the row's exception report ('' = none): the row links to it
    fields: tuple[tuple[str, str], ...] = ()
    segments: tuple[tuple[str, tuple[Segment, ...]], ...] = ()
    may_split: bool = False  # taller than a page (estimated): a writer lets it break across pages
    link_target: bool = False  # something in the paper links to the row (the status summary): writers mark `anchor`
    estimated_mm: float = 0.0  # its height estimated from text lengths (compose.row_sizes), for page guesses

    @property
    def icons(self) -> tuple[tuple[str, str], ...]:
        """The status icons of the row's reading with their words (empty without a reading)."""
        return self.reading.icons if self.reading else ()

    def value(self, key: str) -> str:
        """The display text for column ``key`` ('' when the KPI has none)."""
        return dict(self.values).get(key, "")

    def field(self, name: str) -> str:
        """The input's text for ``kpis`` column ``name`` ('' when blank or unknown)."""
        return dict(self.fields).get(name, "")

    def segments_of(self, key: str) -> tuple[Segment, ...]:
        """Column ``key``'s display text as segments (one unnamed segment when not split)."""
        found = dict(self.segments).get(key)
        if found is not None:
            return found
        text = self.kpi if key == "kpi" else self.value(key)
        return ((text, key if key == "kpi" else ""),) if text else ()


@dataclass(frozen=True)
class Group:
    """A run of consecutive rows sharing a sub-objective (a merged cell, a contents entry)."""

    title: str
    anchor: str
    first: int  # index of the first row in the section
    count: int
    repeat_label: bool = False  # taller than a page (estimated): the label shows in every row, not merged
    continued: str = ""  # the label at the top of a page the group continues onto, e.g. "Access (continued)"


@dataclass(frozen=True)
class Section:
    """A plan priority: one heading, one table. A title may recur (a later run of rows with the
    same section); each run is its own ``Section`` with its own ``anchor``.

    ``columns`` are the columns every writer shows (an empty sub-objective column is already
    dropped); ``chart_column`` is the key of the column whose cells carry the charts (``None``:
    no column can); ``caption`` and ``description`` are the table's title and its summary for
    assistive technology."""

    title: str
    anchor: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    groups: tuple[Group, ...] = ()
    chart_column: str | None = None
    caption: str = ""
    description: str = ""

    def group_at(self, index: int) -> Group | None:
        """The group whose first row is ``index``, if any."""
        for g in self.groups:
            if g.first == index:
                return g
        return None


@dataclass(frozen=True)
class CoverLine:
    """One line of the cover block, in reading order; writers map ``role`` to a style and paint
    ``label`` (bold lead-in, may be empty) then ``text``.

    Roles: ``reference`` (agenda item – appendix), ``meeting`` (board and meeting), ``plan_priority``,
    ``title``, ``presented_by``, ``purpose_heading``, ``purpose`` (``number`` is the point's number).
    ``fields`` names the ``paper`` fields the text shows, for tracing edits back to the workbook."""

    role: str
    text: str
    label: str = ""
    fields: tuple[str, ...] = ()
    number: int = 0
    segments: tuple[Segment, ...] = ()  # ``text`` split into the fields it shows (see Row)


@dataclass(frozen=True)
class Cover:
    """The cover block at the top of the paper: the ``paper`` fields, and ``lines`` as printed."""

    board: str
    meeting: str
    title: str
    agenda_item: str = ""
    appendix: str = ""
    plan_priority: str = ""
    presented_by: str = ""
    purpose: tuple[str, ...] = ()
    lines: tuple[CoverLine, ...] = ()


@dataclass(frozen=True)
class Wording:
    """Words the writers print that belong to no one block, from the layout's ``[labels]``: the
    notes heading (HTML), what a link says it does (a PDF link's ``/Contents``), a picture's name
    and title (DOCX). Templates name their ``{fields}``; :meth:`say` fills them."""

    notes: str = "Notes"
    go_to: str = "Go to {target}"
    go_to_note: str = "Go to footnote {number}: {text}"
    go_to_summary_line: str = "Go to {kpi} in the {summary}"  # an exception report's link back to the summary
    go_to_report: str = "Go to the exception report on {title}"
    open_link: str = "Open {url}"
    chart_title: str = "Trend: {kpi}"
    chart_name: str = "Chart {n}"
    icon_name: str = "Status icon {n}"
    key_sample_name: str = "Chart key {n}"  # a chart key sample's picture name (DOCX)

    def say(self, name: str, **values) -> str:
        """Template ``name`` with each ``{field}`` given in ``values`` filled literally (braces in a
        value are not read again; a field not given is left as written)."""
        return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0),
                      getattr(self, name))


@dataclass(frozen=True)
class Furniture:
    """Page furniture as printed: header and footer text (templates already filled), and the page
    number wording ``before`` N ``middle`` M ``after`` (e.g. "Page ", " of ", "")."""

    header: str = ""
    footer: str = ""
    page_before: str = "Page "
    page_middle: str = " of "
    page_after: str = ""


@dataclass(frozen=True)
class Look:
    """How the paper looks, decided once from the layout (``[furniture]``, ``[cover]``,
    ``[contents]``, ``[spacing]``, ``[footnotes]``); every edition paints it alike. Sizes in
    points, colours ``RRGGBB``.

    ``header_align``: ``left``, ``center`` or ``right`` (the running header); the footer text is at
    the left, the page number at the right. ``cover_size``: the cover lines other than the title;
    ``cover_bold``: the cover roles printed in bold (labels always are). ``contents_leader``:
    ``dots`` or ``none`` between an entry and its page number; ``contents_bold``: sections in bold;
    ``contents_colour``: the entries' colour (they are links in every edition). ``title_space``
    and ``heading_space``: (before, after) the title and each section heading (the space before
    is dropped at the top of a page, as Word and reportlab do). ``rule``: the width of table
    rules. ``note_url``: a footnote prints its source's web address after its text. ``cell_size``,
    ``note_size``, ``furniture_size``: the sizes of table text, footnotes and page furniture."""

    header_align: str = "right"
    cover_size: float = 9.0
    cover_bold: tuple[str, ...] = ("reference", "meeting")
    contents_size: float = 9.0
    contents_leader: str = "dots"
    contents_bold: bool = True
    contents_colour: str = "0B4F9C"
    title_space: tuple[float, float] = (10.0, 8.0)
    heading_space: tuple[float, float] = (18.0, 6.0)
    rule: float = 0.5
    note_url: bool = True
    cell_size: float = 8.5  # table text
    note_size: float = 7.5  # footnotes
    furniture_size: float = 8.0  # running header and footer
    leading: float = 1.15  # line height as a multiple of the size: Word's single spacing of Arial


@dataclass(frozen=True)
class Properties:
    """Document properties both files carry (title shown by viewers, language, …)."""

    title: str = ""
    subject: str = ""
    author: str = ""
    language: str = "en-GB"
    keywords: tuple[str, ...] = ()
    contents_label: str = "Contents"


@dataclass(frozen=True)
class ContentsEntry:
    """A line of the contents: level 1 = section, level 2 = sub-objective."""

    level: int
    title: str
    anchor: str


@dataclass(frozen=True)
class InputFile:
    """The input a paper was built from: its file (or folder) name and SHA-256."""

    name: str = ""
    sha256: str = ""


@dataclass(frozen=True)
class Document:
    """The whole paper. ``created`` is the build timestamp written into both files; ``source``
    names the input (for the DOCX manifest that traces officers' edits back to it)."""

    cover: Cover
    sections: tuple[Section, ...]
    created: datetime
    name: str = "paper"  # the input's name, used for output files
    extra: tuple[tuple[str, str], ...] = field(default=())
    furniture: Furniture = field(default_factory=Furniture)
    look: Look = field(default_factory=Look)  # the look every edition paints
    properties: Properties = field(default_factory=Properties)
    summary: Summary | None = None  # the status summary page, when the layout turns it on
    exceptions: Exceptions | None = None  # the exception reports after the tables ([exceptions] on)
    notices: tuple[Problem, ...] = ()  # warnings about what compose decided (e.g. a chart narrowed)
    source: InputFile = field(default_factory=InputFile)
    wording: Wording = field(default_factory=Wording)
    chart_key: ChartKey | None = None  # how to read the charts (after the contents), when any has a chart

    @property
    def language(self) -> str:
        return self.properties.language

    @property
    def notes(self) -> tuple[Note, ...]:
        """Every footnote in reading order."""
        return tuple(n for s in self.sections for r in s.rows for n in r.notes)

    def note_text(self, note: Note) -> tuple[str, str]:
        """What note ``note`` prints, in every edition: its text (the source's, else its web
        address) and the web address printed after it (``""`` when the look leaves it out or the
        text already holds it); the text links to the address when there is one."""
        s = note.source
        text = s.text or s.url or ""
        return text, (s.url if self.look.note_url and s.url and s.url not in text else "")

    @property
    def charts(self) -> tuple[ChartSpec, ...]:
        return tuple(r.chart for s in self.sections for r in s.rows if r.chart is not None)

    @property
    def contents(self) -> tuple[ContentsEntry, ...]:
        """The chart key and the status summary with its key (when there are), then sections and
        their sub-objectives, in reading order."""
        out: list[ContentsEntry] = []
        if self.chart_key is not None and self.chart_key.entries:
            out.append(ContentsEntry(1, self.chart_key.title, self.chart_key.anchor))
        if self.summary is not None:
            out.append(ContentsEntry(1, self.summary.title, self.summary.anchor))
            if self.summary.matrix is not None:
                out.append(ContentsEntry(2, self.summary.matrix.title, self.summary.matrix.anchor))
            out.append(ContentsEntry(2, self.summary.key_title, self.summary.key_anchor))
        for s in self.sections:
            out.append(ContentsEntry(1, s.title, s.anchor))
            out.extend(ContentsEntry(2, g.title, g.anchor) for g in s.groups)
        if self.exceptions is not None:
            out.append(ContentsEntry(1, self.exceptions.title, self.exceptions.anchor))
            out.extend(ContentsEntry(2, r.title, r.anchor) for r in self.exceptions.reports)
        return tuple(out)

    @property
    def link_words(self) -> dict[str, str]:
        """What a link to each place in the paper says it does (a PDF link's ``/Contents``, read
        by screen readers), by anchor: contents entries, KPI rows (the status summary links
        there) and footnotes."""
        say = self.wording.say
        words = {e.anchor: say("go_to", target=e.title) for e in self.contents}
        words.update({r.anchor: say("go_to", target=r.kpi) for s in self.sections for r in s.rows if r.anchor})
        words.update({n.anchor: say("go_to_note", number=n.number, text=n.source.text) for n in self.notes})
        if self.summary is not None:
            words.update({e.line_anchor: say("go_to_summary_line", kpi=e.kpi, summary=self.summary.title)
                          for e in self.summary.entries if e.line_anchor})
        if self.exceptions is not None:
            words.update({r.anchor: say("go_to_report", title=r.title) for r in self.exceptions.reports})
        return words

    @property
    def kpi_count(self) -> int:
        return sum(len(s.rows) for s in self.sections)


# The exception reports and the summary matrix (in a module of their own, for size); part of this model.
from .model_reports import (ExceptionReport, Exceptions, Fact, Narrative,  # noqa: E402,F401
                            NarrativeBlock, NarrativeSection)
from .model_key import ChartKey, KeyEntry  # noqa: E402,F401 (the chart key; part of this model)
