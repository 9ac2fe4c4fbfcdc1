"""``harvest --into``: a copy of the source input with the officers' changes applied in place.

Only the cells a change names are written: every other cell, sheet, style and number format of a
workbook stays as it was (openpyxl rewrites the package, so Excel-only extras openpyxl does not
model may be lost; the source itself is never touched). A number cell stays a number when the new
text reads back the same under the cell's format. A CSV folder gives a folder of CSVs in the same
encoding, delimiter and line ends.
"""
from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CycleError
from .changes import ROW_DELETION_PENDING, Change
from ..readers.tables import cell_text, csv_delimiter, decode_csv, normalise, sheet_files
from ..readers.workbook import parse_number


@dataclass
class Outcome:
    """What ``apply_changes`` did: the changes written, and the rest with the reason."""

    applied: list[Change] = field(default_factory=list)
    skipped: list[tuple[Change, str]] = field(default_factory=list)


def plan_changes(changes: list[Change], *, accept_tracked: bool, apply_deletions: bool) -> Outcome:
    """Which changes ``--into`` writes, in order; the others with the reason they are not."""
    out = Outcome()
    for c in changes:
        row_deletion = is_row_deletion(c)
        state = c.officer_state
        if c.state in ("comment", "unmapped") or (c.state == "added" and c.sheet != "commentary") or (
                c.state == "tracked" and c.kpi is None and c.sheet == "kpis"):
            out.skipped.append((c, "listed only: not a change to a workbook field"))
        elif state == "tracked" and not accept_tracked:
            out.skipped.append((c, "a pending tracked change (use --accept-tracked)"))
        elif row_deletion and not apply_deletions:
            out.skipped.append((c, "a deleted row (use --apply-deletions)"))
        elif c.state == "deleted" and not row_deletion:
            out.skipped.append((c, "removed text is not applied"))
        elif c.sheet == "kpis" and c.field == "kpi" and c.new is None and not row_deletion:
            out.skipped.append((c, "a blank KPI text is not written (every KPI needs one; delete the row to drop it)"))
        else:
            out.applied.append(c)
    return out


def is_row_deletion(c: Change) -> bool:
    """A KPI row deleted in the DOCX, or whose deletion is a pending tracked change (not a KPI
    text that was emptied, which is written as a blank)."""
    return c.sheet == "kpis" and c.field == "kpi" and c.new is None and (
        c.state == "deleted" or c.state == "tracked" and c.note == ROW_DELETION_PENDING)


def apply_changes(source: Path, target: Path, changes: list[Change], *,
                  force: bool = False) -> list[tuple[Change, str]]:
    """Write ``source`` with ``changes`` applied to ``target``; return the changes not written with
    the reason (a cell holding a formula is never overwritten: ``kpis!E3 holds a formula``).
    Raises :class:`CycleError` before writing anything when ``target`` is the source or exists
    (without ``force``), or when a change names a KPI, field or source the input lacks."""
    source, target = Path(source), Path(target)
    if target.resolve() == source.resolve():
        raise CycleError(f"refusing to write over the source {source}; give another --into name")
    if target.exists() and not force:
        raise CycleError(f"{target} already exists; use --force to replace it")
    if source.is_dir():
        sheets = {key: _CsvSheet(p) for key, p in sheet_files(source).items()}
        like = next(iter(sheets.values()), None)
        held = _apply(sheets, changes, source,
                      lambda name, columns: _CsvSheet.new(source / f"{name}.csv", columns, like))
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
        try:
            for p in sorted(source.iterdir()):
                if p.is_file():
                    sheet = sheets.get(normalise(p.stem))
                    if sheet is not None and sheet.path == p and sheet.changed:
                        sheet.write_file(tmp / p.name)
                    else:
                        shutil.copy2(p, tmp / p.name)
            for sheet in sheets.values():  # a sheet the changes created (commentary)
                if not sheet.path.exists():
                    sheet.write_file(tmp / sheet.path.name)
            if target.exists():
                shutil.rmtree(target) if target.is_dir() else target.unlink()
            os.replace(tmp, target)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp)
        return held
    if target.suffix.lower() != ".xlsx":
        raise CycleError(f"--into {target}: the source is a workbook, so the copy must be an .xlsx file")
    import openpyxl  # lazy: openpyxl (~0.3 s) only for .xlsx files

    try:
        wb = openpyxl.load_workbook(source)
    except Exception as e:  # noqa: BLE001 - openpyxl raises many kinds for broken files
        raise CycleError(f"{source} cannot be read as a workbook ({type(e).__name__})") from None
    sheets = {}
    for ws in wb.worksheets:
        sheets.setdefault(normalise(ws.title), _XlsxSheet(ws))
    held = _apply(sheets, changes, source, lambda name, columns: _XlsxSheet.new(wb, name, columns))
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    try:
        wb.save(tmp)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return held


COMMENTARY_COLUMNS = ("kpi_id", "heading", "text")


def _apply(sheets: dict, changes: list[Change], source: Path, create=None) -> list[tuple[Change, str]]:
    """Write ``changes`` into ``sheets``; ``create(name, columns)`` makes a sheet the input lacks
    (the ``commentary`` sheet, for the first narrative an officer writes). Returns the changes
    not written, with the reason (a cell holding a formula)."""
    kpis, paper, sources = sheets.get("kpis"), sheets.get("paper"), sheets.get("sources")
    problems, deletions, held = [], set(), []
    for c in changes:
        if c.sheet == "commentary":
            heading = (c.field or "").removeprefix("commentary: ")
            sheet = sheets.get("commentary")
            if sheet is None and create is not None:
                sheet = sheets["commentary"] = create("commentary", COMMENTARY_COLUMNS)
            if c.old is None:  # a paragraph added under a heading: a new row
                sheet.add_row({"kpiid": c.kpi, "heading": heading, "text": c.new or ""})
                continue
            row = sheet.find_commentary(c.kpi, heading, c.index or 1) if sheet else None
            if row is not None and sheet.formula(row, "text"):
                held.append((c, sheet.formula(row, "text")))
            elif row is None or not sheet.set(row, "text", c.new or ""):
                problems.append(f"commentary of KPI {c.kpi!r} under {heading!r} (row {c.index or 1}) is not in the "
                                "commentary sheet")
        elif c.sheet == "kpis":
            row = kpis.find("id", c.kpi) if kpis else None
            if row is None:
                problems.append(f"KPI {c.kpi!r} is not in the kpis sheet")
            elif is_row_deletion(c):
                deletions.add(c.kpi)
            elif kpis.formula(row, c.field):
                held.append((c, kpis.formula(row, c.field)))
            elif not kpis.set(row, c.field, c.new or ""):
                problems.append(f"the kpis sheet has no `{c.field}` column")
        elif c.sheet == "paper":
            row = paper.find_paper(c.field, c.index) if paper else None
            if row is not None and paper.formula(row, "value"):
                held.append((c, paper.formula(row, "value")))
            elif row is None or not paper.set(row, "value", c.new or ""):
                problems.append(f"paper field `{c.field}`" + (f" point {c.index}" if c.index else "") + " is not in the paper sheet")
        elif c.sheet == "series":
            series = sheets.get("series")
            row = series.find_point(c.kpi, c.period or "", c.series or "") if series else None
            if row is None or not series.set_number(row, "value", c.new or ""):
                problems.append(f"KPI {c.kpi!r} has no series value for {c.period!r} in the series sheet")
        elif c.sheet == "sources":
            row = sources.find("id", c.source) if sources else None
            if row is not None and sources.formula(row, c.field):
                held.append((c, sources.formula(row, c.field)))
            elif row is None or not sources.set(row, c.field, c.new or ""):
                problems.append(f"source {c.source!r} (`{c.field}`) is not in the sources sheet")
    if problems:
        raise CycleError(f"{source} does not match the paper: " + "; ".join(problems[:5]) +
                         (f" and {len(problems) - 5} more" if len(problems) > 5 else ""))
    if deletions:
        kpis.delete(lambda get: get("id") in deletions)
        if sheets.get("series"):
            sheets["series"].delete(lambda get: get("kpiid") in deletions)
    return held


class _Rows:
    """Shared lookups over a sheet's header row (normalised names) and data rows."""

    header_row: int
    columns: dict[str, int]

    def find(self, column: str, value: str):
        col = self.columns.get(normalise(column))
        if col is None:
            return None
        return next((r for r in self.data_rows() if self.text(r, col).strip() == value), None)

    def find_paper(self, name: str, index: int | None):
        col = self.columns.get("field")
        seen = 0
        for r in self.data_rows():
            if col is not None and normalise(self.text(r, col)) == normalise(name):
                seen += 1
                if not index or seen == index:
                    return r
        return None

    def find_commentary(self, kpi: str, heading: str, index: int):
        """The ``index``-th row of ``kpi`` under ``heading`` (compared as the reader does)."""
        kcol, hcol = self.columns.get("kpiid"), self.columns.get("heading")
        if kcol is None or hcol is None:
            return None
        want = " ".join(heading.split()).casefold()
        seen = 0
        for r in self.data_rows():
            if self.text(r, kcol).strip() == kpi and " ".join(self.text(r, hcol).split()).casefold() == want:
                seen += 1
                if seen == index:
                    return r
        return None

    def add_row(self, values: dict[str, str]) -> None:
        """Append a row holding ``values`` (normalised column name -> text) under the header."""
        self.append({self.columns[k]: v for k, v in values.items() if k in self.columns})
        self.changed = True

    def set(self, row, column: str, text: str) -> bool:
        col = self.columns.get(normalise(column))
        if col is None:
            return False
        self.write(row, col, text)
        self.changed = True
        return True

    def formula(self, row, column: str) -> str:
        """Why the cell may not be written ('' when it may): it holds a formula."""
        col = self.columns.get(normalise(column))
        return self.formula_at(row, col) if col is not None else ""

    def formula_at(self, row, col) -> str:
        return ""

    def find_point(self, kpi: str, period: str, series: str):
        """The series row of ``kpi`` in ``period`` (spaces folded) and ``series`` (``""``: unnamed)."""
        cols = self.columns
        if "kpiid" not in cols or "period" not in cols:
            return None

        def get(r, name: str) -> str:
            return " ".join(self.text(r, cols[name]).split()) if name in cols else ""
        want = " ".join(period.split())
        return next((r for r in self.data_rows() if get(r, "kpiid") == kpi and get(r, "period") == want
                     and get(r, "series") == series.strip()), None)

    def set_number(self, row, column: str, figure: str) -> bool:
        """Write the number ``figure`` shows (``1,020``, ``47%``) as the cell's kind of value: a
        number into a number cell, else plain text (``1020``, ``47%``)."""
        col = self.columns.get(normalise(column))
        parsed = parse_number(figure)
        if col is None or parsed is None:
            return False
        value, percent = parsed
        self.write_number(row, col, value, percent)
        self.changed = True
        return True

    def delete(self, matches) -> None:
        doomed = [r for r in self.data_rows()
                  if matches(lambda name, r=r: self.text(r, self.columns[name]).strip() if name in self.columns else "")]
        for r in sorted(doomed, reverse=True):
            self.remove(r)
        self.changed = self.changed or bool(doomed)


class _XlsxSheet(_Rows):
    def __init__(self, ws):
        self.ws, self.changed = ws, False
        rows = ((row[0].row, row) for row in ws.iter_rows() if row)
        self.header_row, self.columns = _header(rows, lambda row: [cell_text(c.value, c.number_format) for c in row],
                                                lambda row, i: row[i].column)

    def data_rows(self):
        return range(self.header_row + 1, self.ws.max_row + 1)

    def text(self, r: int, col: int) -> str:
        c = self.ws.cell(r, col)
        return cell_text(c.value, c.number_format)

    def write(self, r: int, col: int, text: str) -> None:
        cell = self.ws.cell(r, col)
        cell.value = _typed(cell.value, cell.number_format, text)

    def remove(self, r: int) -> None:
        self.ws.delete_rows(r)

    def write_number(self, r: int, col: int, value: float, percent: bool) -> None:
        cell = self.ws.cell(r, col)
        if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
            number = value / 100 if "%" in (cell.number_format or "") else value
            cell.value = int(number) if float(number).is_integer() else number
        else:
            cell.value = f"{value:.15g}" + ("%" if percent else "")

    def append(self, cells: dict[int, str]) -> None:
        last = max((r for r in self.data_rows() if any(c.value not in (None, "") for c in self.ws[r])),
                   default=self.header_row)
        for col, text in cells.items():
            self.ws.cell(last + 1, col, text or None)

    @classmethod
    def new(cls, wb, name: str, columns: tuple[str, ...]) -> _XlsxSheet:
        ws = wb.create_sheet(name)
        ws.append(list(columns))
        return cls(ws)

    def formula_at(self, r: int, col: int) -> str:
        """``kpis!E3 holds a formula (=data!B2)`` for a formula cell (plain, array or data table)."""
        cell = self.ws.cell(r, col)
        value = cell.value
        text = value if isinstance(value, str) else getattr(value, "text", None)
        if cell.data_type == "f" or (isinstance(text, str) and text.startswith("=")):
            shown = text if isinstance(text, str) else "a formula"
            return f"{self.ws.title}!{cell.coordinate} holds a formula ({shown}); change what it refers to"
        return ""


HEADER_KEYS = ("id", "field", "kpiid")  # a column every sheet's header row has (kpis/sources, paper, series)


def _header(rows, texts_of, column_of=lambda row, i: i):
    """(row index, {normalised header: column}) of the header row: the first row naming one of
    :data:`HEADER_KEYS` (title rows above it are passed over, as the reader does), else the
    first non-blank row."""
    first = None
    for index, row in rows:
        texts = texts_of(row)
        if not any(str(t).strip() for t in texts):
            continue
        columns = {normalise(t): column_of(row, i) for i, t in enumerate(texts) if normalise(t)}
        if any(k in columns for k in HEADER_KEYS):
            return index, columns
        first = first or (index, columns)
    return first or (0, {})


def _typed(old, number_format: str, text: str):
    """``text`` as the cell should hold it: a number when the old value was one and the number
    reads back as ``text`` under the cell's format; else the text (``None`` when blank)."""
    if not text:
        return None
    if isinstance(old, (int, float)) and not isinstance(old, bool):
        parsed = parse_number(text)
        if parsed is not None:
            value = parsed[0] / 100 if parsed[1] else parsed[0]
            if value.is_integer() and "%" not in (number_format or ""):
                value = int(value)
            if cell_text(value, number_format) == text:
                return value
    return text


class _CsvSheet(_Rows):
    def __init__(self, path: Path):
        self.path = path
        raw = path.read_bytes()
        text, self.encoding = decode_csv(raw)
        self.bom = raw.startswith(b"\xef\xbb\xbf")
        self.newline = "\r\n" if b"\r\n" in raw else "\n"
        self.delimiter = csv_delimiter(text)
        self.rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=self.delimiter)]
        self.changed = False
        self.header_row, self.columns = _header(enumerate(self.rows), lambda r: r)

    def data_rows(self):
        return range(self.header_row + 1, len(self.rows))

    def text(self, r: int, col: int) -> str:
        return self.rows[r][col] if col < len(self.rows[r]) else ""

    def write(self, r: int, col: int, text: str) -> None:
        row = self.rows[r]
        row.extend([""] * (col + 1 - len(row)))
        row[col] = text

    def remove(self, r: int) -> None:
        del self.rows[r]

    def write_number(self, r: int, col: int, value: float, percent: bool) -> None:
        old = self.text(r, col).strip()
        self.write(r, col, f"{value:.15g}" + ("%" if percent or old.endswith("%") else ""))

    def append(self, cells: dict[int, str]) -> None:
        row = [""] * (max(cells) + 1 if cells else 0)
        for col, text in cells.items():
            row[col] = text
        self.rows.append(row)

    @classmethod
    def new(cls, path: Path, columns: tuple[str, ...], like: _CsvSheet | None) -> _CsvSheet:
        """A sheet not yet on disk, written as ``path`` in the encoding and dialect of ``like``."""
        sheet = cls.__new__(cls)
        sheet.path, sheet.rows, sheet.changed = path, [list(columns)], True
        sheet.encoding = like.encoding if like else "UTF-8"
        sheet.bom = like.bom if like else False
        sheet.newline = like.newline if like else "\n"
        sheet.delimiter = like.delimiter if like else ","
        sheet.header_row, sheet.columns = _header(enumerate(sheet.rows), lambda r: r)
        return sheet

    def write_file(self, path: Path) -> None:
        buf = io.StringIO(newline="")
        csv.writer(buf, delimiter=self.delimiter, lineterminator=self.newline).writerows(self.rows)
        encoding = {"UTF-8": "utf-8-sig" if self.bom else "utf-8", "Windows-1252": "cp1252",
                    "UTF-16": "utf-16"}.get(self.encoding, "latin-1")
        try:
            path.write_bytes(buf.getvalue().encode(encoding))
        except UnicodeEncodeError:
            raise CycleError(f"{path.name}: the new text has characters {self.encoding} cannot hold; "
                             "save the CSV files as UTF-8 first") from None
