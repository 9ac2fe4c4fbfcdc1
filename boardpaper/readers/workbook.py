"""The input contract: check the sheets of a KPI workbook and collect every problem at once.

``read_paper(path)`` returns a :class:`PaperInput` or raises :class:`InputError` listing every
error (and the warnings found on the way). See ``docs/input.md`` for the contract.
``check_sheets(tables, ...)`` is the one check, whichever reader (files or DataFrames) made the sheets.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from ..errors import InputError, Problem
from ..model import CHART_KINDS, POLARITIES
from ..model import is_web_url as _is_web_url
from .excel_dates import DEFAULT_LOCALE, babel_locale, month_first
from .excel_format import format_value, has_day_without_year
from ..figures import disagreements
from .numbers import error_message, error_value, number_of, parse_number, why_not_a_number
from .processes import baseline, unshown_notes
from .series import SERIES_COLUMNS, Point, read_series
from .tables import CellText, Sheet, in_locale, normalise, printable, read_tables, sheet_files

PAPER_FIELDS = ("board", "meeting", "title", "agenda_item", "appendix", "plan_priority",
                "presented_by", "layout", "purpose", "author", "keywords", "language")
REQUIRED_PAPER = ("board", "meeting", "title")
KPI_COLUMNS = ("id", "section", "sub_objective", "kpi", "current", "current_period", "benchmark",
               "benchmark_period", "target", "target_value", "polarity", "sources", "chart", "baseline", "owner",
               "exception")
REQUIRED_KPI = ("id", "section", "kpi")
SOURCE_COLUMNS = ("id", "text", "url")
COMMENTARY_COLUMNS = ("kpi_id", "heading", "text")
EXCEPTION_CHOICES = ("yes", "no")  # the kpis `exception` column: force or suppress a report; blank = the rules
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")  # BCP 47, as en-GB or cy-GB
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
COLUMNS = {"paper": ("field", "value"), "kpis": KPI_COLUMNS, "sources": SOURCE_COLUMNS,
           "series": SERIES_COLUMNS, "commentary": COMMENTARY_COLUMNS}  # lets the reader find a header row below title rows


@dataclass(frozen=True)
class Kpi:
    """One validated row of the ``kpis`` sheet; ``row`` is its spreadsheet row number."""

    row: int
    id: str
    section: str
    sub_objective: str
    kpi: str
    current: str = ""
    current_period: str = ""
    benchmark: str = ""
    benchmark_period: str = ""
    target: str = ""
    target_value: float | None = None
    polarity: str = "monitor"
    sources: tuple[str, ...] = ()
    chart: str = ""
    owner: str = ""  # the accountable person (exception reports, the chase list)
    exception: str = ""  # "yes" forces an exception report, "no" suppresses one, "" lets the rules decide
    raw: tuple[tuple[str, str], ...] = ()  # every kpis column as read (text), for tracing edits back
    target_percent: bool = False  # whether target_value was written as a percentage
    baseline: int | None = None  # limits fixed from each process's first n points (n >= 12)


@dataclass(frozen=True)
class SourceIn:
    id: str
    text: str
    url: str


@dataclass(frozen=True)
class Commentary:
    """One row of the ``commentary`` sheet: a paragraph of a KPI's exception report under
    ``heading``; ``text`` keeps its line breaks (bullet lines ``•``/``-`` are list items).
    ``index`` counts the KPI's rows under the same heading from 1 (how harvest finds the row)."""

    row: int
    kpi_id: str
    heading: str
    text: str
    index: int = 1


@dataclass
class PaperInput:
    """Everything the input says, checked. ``warnings`` are problems that don't stop a build."""

    name: str
    file: str
    fields: dict[str, str]
    purpose: list[str]
    kpis: list[Kpi]
    sources: dict[str, SourceIn]
    series: dict[str, list[Point]]
    warnings: list[Problem] = field(default_factory=list)
    sha256: str = ""  # of the input's bytes (a CSV folder: see input_sha256)
    periods: dict[str, tuple[str, ...]] = field(default_factory=dict)  # each KPI's chart axis, in time order
    commentary: list[Commentary] = field(default_factory=list)  # in sheet order
    frames: bool = False  # read from DataFrames: problems name frames, not sheets


class _Checker:
    """Collects problems while reading; one per bad cell."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []
        self.texts: list[tuple[str, int, str, str, str]] = []  # (sheet, row, column, text, key) of each cell read
        self.errors: set[tuple[str, int, str]] = set()  # (sheet, row, key) of cells holding a formula error

    def error(self, message: str, sheet: str = "", row: int | None = None, column: str = "") -> None:
        self.problems.append(Problem(printable(message), self.file, printable(sheet), row, printable(column)))

    def known_kpi(self, kpi_id: str, kpi_ids, sheet: str, row: int) -> bool:
        """Whether a row's ``kpi_id`` names a KPI of the kpis sheet; else an error naming the cell."""
        if not kpi_id:
            self.error("blank `kpi_id`", sheet, row, "kpi_id")
        elif kpi_id not in kpi_ids:
            self.error(f"kpi_id {kpi_id!r} is not an id in the kpis sheet", sheet, row, "kpi_id")
        else:
            return True
        return False

    def warn(self, message: str, sheet: str = "", row: int | None = None, column: str = "") -> None:
        self.problems.append(Problem(printable(message), self.file, printable(sheet), row, printable(column),
                                     warning=True))

    def text(self, sheet: Sheet, row: int, record: dict[str, str], key: str) -> str:
        """The cell's text, stripped, with control characters removed (and a warning)."""
        raw = (record.get(key, "") or "").replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
        clean = _CONTROL.sub("", raw)
        if clean != raw:
            self.warn("control characters removed from the text", sheet.name, row, sheet.header.get(key, key))
        clean = unicodedata.normalize("NFC", clean).strip()
        error = error_value(clean) if clean.startswith("#") else None
        if error:  # a formula error (a cached value, or typed in a CSV): never printed, never charted
            self.error(error_message(error), sheet.name, row, sheet.header.get(key, key))
            self.errors.add((sheet.name, row, key))
            return ""
        if clean:
            self.texts.append((sheet.name, row, sheet.header.get(key, key), clean, key))
        return clean

    def failed(self, sheet: Sheet, row: int, key: str) -> bool:
        """Whether the cell held a formula error (already reported)."""
        return (sheet.name, row, key) in self.errors

    def typed_date(self, sheet: Sheet, row: int, rec: dict[str, str], key: str) -> None:
        _typed_date(self, sheet, row, rec, key)

    def columns(self, sheet: Sheet, known: tuple[str, ...], required: tuple[str, ...]) -> bool:
        """Report missing required columns (errors) and unknown ones (warnings)."""
        ok = True
        for key in required:
            if key.replace("_", "") not in sheet.header:
                self.error(f"required column `{key}` is missing (columns found: "
                           f"{', '.join(sheet.header.values()) or 'none'})", sheet.name)
                ok = False
        wanted = {k.replace("_", "") for k in known}
        for key, typed in sheet.header.items():
            if key not in wanted:
                self.warn(f"unknown column `{typed}` is ignored (known: {', '.join(known)})", sheet.name)
        return ok


def read_paper(path: Path | str) -> PaperInput:
    """Read and check the input at ``path``; raise :class:`InputError` listing every error."""
    path = Path(path)
    tables = read_tables(path, COLUMNS)  # the sheets' notes include formulas saved without a value
    name = path.stem if path.is_file() else path.name
    paper = check_sheets(tables, name=name, file=str(path))
    paper.sha256 = input_sha256(path)
    return paper


def input_sha256(path: Path) -> str:
    """SHA-256 of the input: a workbook's bytes; for a CSV folder, of each sheet file's name and
    bytes in name order (so an edit to any sheet changes it)."""
    h = hashlib.sha256()
    if path.is_dir():
        for p in sorted(sheet_files(path).values(), key=lambda q: q.name):
            h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    else:
        h.update(path.read_bytes())
    return h.hexdigest()


def check_sheets(tables: dict[str, Sheet], *, name: str, file: str,
                 problems: list[Problem] | tuple[Problem, ...] = ()) -> PaperInput:
    """Check the raw sheets of one input (from any reader), keyed by normalised sheet name.

    ``problems`` are those the reader already found; each sheet's ``notes`` (hidden rows, a title
    above the header, duplicate headers, formula cells without a value) are added. Returns a
    :class:`PaperInput` named ``name``; raises :class:`InputError` listing every error."""
    c = _Checker(file)
    c.problems.extend(problems)
    for sheet in tables.values():
        c.problems.extend(sheet.notes)
    locale = babel_locale(_language(tables.get("paper")))
    if locale != DEFAULT_LOCALE:  # dates in the short date format, as Excel shows them in the paper's language
        tables = in_locale(tables, locale)
    fields, purpose = _paper(c, tables.get("paper"))
    sources = _sources(c, tables.get("sources"))
    kpis, all_ids = _kpis(c, tables.get("kpis"), sources)
    series, periods = read_series(c, tables.get("series"), all_ids, month_first=month_first(locale))
    _target_kinds(c, kpis, series, tables.get("kpis"))
    commentary = _commentary(c, tables.get("commentary"), all_ids)
    _recurring_sections(c, kpis, tables.get("kpis"))
    _figures_agree(c, kpis, series, periods, tables.get("kpis"))
    _unshown_notes(c, kpis, series, tables.get("kpis"))
    for key, sheet in tables.items():
        if key not in ("paper", "kpis", "sources", "series", "commentary", "instructions"):  # instructions: `boardpaper new`
            c.warn(f"sheet `{sheet.name}` is not part of the contract and is ignored")
    _undrawable_characters(c)
    if any(not p.warning for p in c.problems):
        raise InputError(c.problems, file=file)
    return PaperInput(name, file, fields, purpose, kpis, sources, series,
                      [p for p in c.problems if p.warning], periods=periods, commentary=commentary)


def _undrawable_characters(c: _Checker) -> None:
    """A warning for each cell holding characters no font embedded in the PDF can draw."""
    from ..fonts.coverage import undrawable, undrawable_in_charts  # lazy: font coverage loads fontTools only when the input is checked

    def shown(chars: str) -> str:
        return " ".join(f"{ch} (U+{ord(ch):04X})" for ch in chars[:8]) + (" …" if len(chars) > 8 else "")

    for sheet, row, column, text, key in c.texts:
        missing = undrawable(text)
        if missing:
            c.warn(f"the PDF cannot draw {shown(missing)}: no installed font has them (they show as empty "
                   "boxes; the DOCX keeps them)", sheet, row, column)
        elif normalise(sheet) == "series" and key in ("period", "series"):
            in_charts = undrawable_in_charts(text)
            if in_charts:
                c.warn(f"the PDF's chart labels cannot show {shown(in_charts)}: charts use the layout's font "
                       "alone, unshaped (the table and the DOCX show them)", sheet, row, column)


def _language(sheet: Sheet | None) -> str:
    """The paper's ``language`` field as written (checked later with the other fields), or ''."""
    for _, rec in sheet.rows if sheet else ():
        if normalise(rec.get("field", "")) == "language":
            return str(rec.get("value", "")).strip()
    return ""


def _target_kinds(c: _Checker, kpis: list[Kpi], series: dict[str, list], sheet: Sheet | None) -> None:
    """An error for each ``target_value`` that is a percentage beside a series of plain numbers,
    or a plain number beside a series of percentages: its line would be drawn at the wrong height."""
    for k in kpis:
        numbers = [p for p in series.get(k.id, []) if p.value is not None]
        if k.target_value is None or not numbers or numbers[0].percent == k.target_percent:
            continue
        typed = dict(k.raw).get("target_value", "")
        example = f"{numbers[-1].value:g}%" if numbers[0].percent else f"{numbers[-1].value:g}"
        if numbers[0].percent:
            advice = (f"the series of KPI {k.id!r} is in percentages (latest {example}, series row "
                      f"{numbers[-1].row}): write the target as a percentage, e.g. "
                      f"{(k.target_value * 100 if k.target_value <= 1 else k.target_value):g}%")
        else:
            advice = (f"the series of KPI {k.id!r} is in plain numbers (latest {example}, series row "
                      f"{numbers[-1].row}): write the target as a plain number too")
        kind = "a percentage" if k.target_percent else "a plain number"
        c.error(f"{typed!r} is {kind}, but {advice}", sheet.name if sheet else "kpis", k.row,
                sheet.header.get("targetvalue", "target_value") if sheet else "target_value")


def _col(key: str) -> str:
    return key.replace("_", "")


def _paper(c: _Checker, sheet: Sheet | None) -> tuple[dict[str, str], list[str]]:
    if sheet is None:
        c.error("the `paper` sheet is missing (columns `field`, `value`: board, meeting, title, …)")
        return {}, []
    if not c.columns(sheet, ("field", "value"), ("field", "value")):
        return {}, []
    fields: dict[str, str] = {}
    purpose: list[str] = []
    failed: set[str] = set()  # fields whose cell held a formula error (reported)
    known = {_col(f): f for f in PAPER_FIELDS}
    for row, rec in sheet.rows:
        raw_name = c.text(sheet, row, rec, "field")
        name = known.get(normalise(raw_name))
        value = c.text(sheet, row, rec, "value")
        if name and c.failed(sheet, row, "value"):
            failed.add(name)
        if name is None:
            if raw_name:
                c.warn(f"unknown field {raw_name!r} is ignored (known: {', '.join(PAPER_FIELDS)})",
                       sheet.name, row, "field")
            continue
        if name == "purpose":
            if value:
                purpose.append(value)
        elif name in fields:
            c.error(f"field `{name}` is given twice (first value {fields[name]!r})", sheet.name, row, "field")
        else:
            fields[name] = value
            if name == "language" and value and not LANGUAGE_TAG.fullmatch(value):
                c.error(f"{value!r} is not a language tag such as en-GB or cy-GB (Welsh)", sheet.name, row, "value")
    for name in REQUIRED_PAPER:
        if not fields.get(name) and name not in failed:
            c.error(f"required field `{name}` is missing or blank", sheet.name, None, "field")
    return fields, purpose


def _sources(c: _Checker, sheet: Sheet | None) -> dict[str, SourceIn]:
    out: dict[str, SourceIn] = {}
    if sheet is None or not c.columns(sheet, SOURCE_COLUMNS, ("id", "text")):
        return out
    for row, rec in sheet.rows:
        sid, text, url = (c.text(sheet, row, rec, k) for k in ("id", "text", "url"))
        if not sid:
            c.error("blank `id`", sheet.name, row, "id")
            continue
        if sid in out:
            c.error(f"duplicate id {sid!r}", sheet.name, row, "id")
            continue
        if not text:
            c.error(f"source {sid!r} has no `text`", sheet.name, row, "text")
        if url and not _is_web_url(url):
            c.error(f"{url[:120]!r} is not an http:// or https:// web address", sheet.name, row, "url")
            url = ""
        out[sid] = SourceIn(sid, text, url)
    return out


def _kpis(c: _Checker, sheet: Sheet | None, sources: dict[str, SourceIn]) -> tuple[list[Kpi], set[str]]:
    """The valid KPI rows, and every id the sheet holds (so series rows of a KPI with another
    problem are not reported twice)."""
    if sheet is None:
        c.error("the `kpis` sheet is missing")
        return [], set()
    if not c.columns(sheet, KPI_COLUMNS, REQUIRED_KPI):
        return [], set()
    out: list[Kpi] = []
    seen: dict[str, int] = {}
    titles: dict[str, dict[str, tuple[str, int]]] = {"section": {}, "sub_objective": {}}
    for row, rec in sheet.rows:
        v = {k: c.text(sheet, row, rec, _col(k)) for k in KPI_COLUMNS}
        for k in ("current_period", "benchmark_period"):
            c.typed_date(sheet, row, rec, k)
        for k, spellings in titles.items():
            _same_title(c, sheet, row, k, v[k], spellings)
        ok = True
        for k in REQUIRED_KPI:
            if c.failed(sheet, row, _col(k)):
                ok = False
            elif not v[k]:
                c.error(f"`{k}` is blank; every KPI needs one", sheet.name, row, k)
                ok = False
        if v["id"] in seen:
            c.error(f"duplicate id {v['id']!r} (also on row {seen[v['id']]})", sheet.name, row, "id")
            ok = False
        elif v["id"]:
            seen[v["id"]] = row
        polarity = (v["polarity"] or "monitor").lower()
        if polarity not in POLARITIES:
            c.error(f"{v['polarity']!r} is not one of {', '.join(POLARITIES)}", sheet.name, row, "polarity")
            ok = False
        chart = v["chart"].lower()
        if chart and chart not in CHART_KINDS:
            c.error(f"{v['chart']!r} is not one of {', '.join(CHART_KINDS)} (or blank for automatic)",
                    sheet.name, row, "chart")
            ok = False
        target_value, target_percent = None, False
        if v["target_value"]:
            raw = rec.get(_col("target_value"), "")
            parsed = number_of(raw) if isinstance(raw, CellText) else parse_number(v["target_value"])
            if parsed is None:
                reason = why_not_a_number(v["target_value"])
                c.error(f"{v['target_value']!r} is not a number{' (' + reason + ')' if reason else ''} (write e.g. "
                        "1200, 1,200 or 45%)", sheet.name, row, "target_value")
                ok = False
            else:
                target_value, target_percent = parsed
        exception = v["exception"].lower()
        if exception not in EXCEPTION_CHOICES + ("",):
            c.error(f"{v['exception']!r} is not yes or no (yes forces an exception report, no suppresses one, "
                    "blank lets the layout's rules decide)", sheet.name, row, "exception")
            ok = False
        listed = [s.strip() for s in v["sources"].split(";") if s.strip()]
        cited = tuple(dict.fromkeys(listed))
        if len(cited) < len(listed):
            twice = ", ".join(repr(s) for s in cited if listed.count(s) > 1)
            c.warn(f"source {twice} is cited more than once; the KPI gets one note for it", sheet.name, row, "sources")
        baseline, good = _baseline(c, sheet, row, rec, v["baseline"])
        ok = ok and good
        for s in cited:
            if s not in sources:
                c.error(f"source id {s!r} is not in the sources sheet", sheet.name, row, "sources")
                ok = False
        if ok:
            out.append(Kpi(row, v["id"], v["section"], v["sub_objective"], v["kpi"], v["current"],
                           v["current_period"], v["benchmark"], v["benchmark_period"], v["target"],
                           target_value, polarity, cited, chart, v["owner"], exception, tuple(v.items()),
                           target_percent, baseline))
    if not sheet.rows:
        c.error("there are no KPIs: the kpis sheet has a header but no rows", sheet.name)
    return out, set(seen)


def _baseline(c: _Checker, sheet: Sheet, row: int, rec: dict[str, str], text: str) -> tuple[int | None, bool]:
    """The ``baseline`` cell (:func:`.processes.baseline`), and whether it is good."""
    raw = rec.get(_col("baseline"), "")
    value, problem = baseline(text, number_of(raw) if isinstance(raw, CellText) else parse_number(text))
    if problem:
        c.error(problem, sheet.name, row, sheet.header.get("baseline", "baseline"))
    return value, not problem


def _typed_date(c: _Checker, sheet: Sheet, row: int, rec: dict[str, str], key: str) -> None:
    """Warn when a period cell holds a date Excel made of a typed "Mar 22" (22 March, this year)."""
    cell = rec.get(_col(key))
    if isinstance(cell, CellText) and isinstance(cell.value, (datetime, date)) and has_day_without_year(
            cell.number_format):
        when = cell.value
        c.warn(f"Excel turned '{when.strftime('%b')} {when.day}' into {when.day} {when.strftime('%B')} {when.year} "
               f"(shown {format_value(when, cell.number_format)!r}, as printed); format the column as Text and "
               f"retype, or write '{when.strftime('%b')} 20{when.day:02d}'", sheet.name, row,
               sheet.header.get(_col(key), key))


def _same_title(c: _Checker, sheet: Sheet, row: int, key: str, title: str,
                spellings: dict[str, tuple[str, int]]) -> None:
    """Warn when a section or sub-objective title differs from an earlier one only in case or spacing."""
    if not title:
        return
    folded = " ".join(title.split()).casefold()
    first = spellings.setdefault(folded, (title, row))
    if first[0] != title:
        c.warn(f"{key.replace('_', '-')} {title!r} differs from {first[0]!r} (row {first[1]}) only in case or "
               "spacing, so they print as two different titles: spell them the same", sheet.name, row,
               sheet.header.get(_col(key), key))


def _figures_agree(c: _Checker, kpis: list[Kpi], series: dict[str, list[Point]],
                   periods: dict[str, tuple[str, ...]], sheet: Sheet | None) -> None:
    """Warn when a KPI's Current figure has its chart's latest period and another number
    (:func:`boardpaper.figures.disagreements`)."""
    if sheet is not None:
        column = sheet.header.get(_col("current"), "current")
        c.problems.extend(disagreements(kpis, series, periods, c.file, sheet.name, column))


def _commentary(c: _Checker, sheet: Sheet | None, kpi_ids: set[str]) -> list[Commentary]:
    """The ``commentary`` rows, in order; a row's heading is checked against the layout in compose
    (the reader does not know the layout). A row with a heading and no text is kept (it prints nothing)."""
    out: list[Commentary] = []
    if sheet is None or not c.columns(sheet, COMMENTARY_COLUMNS, COMMENTARY_COLUMNS[:2]):
        return out
    seen: dict[tuple[str, str], int] = {}
    for row, rec in sheet.rows:
        kpi_id, heading = c.text(sheet, row, rec, "kpiid"), c.text(sheet, row, rec, "heading")
        text = c.text(sheet, row, rec, "text")
        if not c.known_kpi(kpi_id, kpi_ids, sheet.name, row):
            continue
        if not heading:
            c.error("blank `heading`: name one of the layout's exception report headings", sheet.name, row, "heading")
            continue
        key = (kpi_id, " ".join(heading.split()).casefold())  # as compose and --into match headings
        seen[key] = seen.get(key, 0) + 1
        out.append(Commentary(row, kpi_id, heading, text, seen[key]))
    return out


def _unshown_notes(c: _Checker, kpis: list[Kpi], series: dict[str, list[Point]], sheet: Sheet | None) -> None:
    """Warn when a KPI without a chart has notes: they are printed under its chart."""
    for k in kpis:
        problem = unshown_notes(k.id, k.chart, series.get(k.id, []))
        if problem:
            c.warn(problem, sheet.name if sheet else "kpis", k.row,
                   sheet.header.get("chart", "chart") if sheet else "chart")


def _recurring_sections(c: _Checker, kpis: list[Kpi], sheet: Sheet | None) -> None:
    """Warn when a section comes back after another one: it becomes a second table with the same
    title (as in a paper that returns to a priority), which a mistyped section would do silently."""
    seen: dict[str, int] = {}
    previous = None
    for k in kpis:
        if k.section != previous and k.section in seen:
            c.warn(f"section {k.section!r} comes back after another section (first at row {seen[k.section]}): "
                   "its rows from here form a further table with the same title; keep a section's rows "
                   "together unless that is meant", sheet.name if sheet else "kpis", k.row, "section")
        seen.setdefault(k.section, k.row)
        previous = k.section
