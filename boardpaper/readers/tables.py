"""Raw tables from an input: a ``.xlsx`` workbook or a folder of ``.csv`` files.

This layer only turns files into :class:`Sheet` values (rows of text keyed by normalised
header, each with its spreadsheet row number). It refuses hostile or oversized files before
parsing them; it knows nothing about KPIs.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from ..errors import InputError, Problem

SHEETS = ("paper", "kpis", "sources", "series")

# Limits, generous for real papers (thousands of KPIs and series rows); see README "Safety".
MAX_FILE_BYTES = 50 * 1024 * 1024          # an .xlsx or a .csv on disk
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024     # all parts of an .xlsx, uncompressed
MAX_PART_RATIO = 200                       # uncompressed / compressed for one large part
MAX_PARTS = 2_000
MAX_ROWS = 100_000                         # per sheet
MAX_CELL_CHARS = 32_767                    # Excel's own limit for a cell


def normalise(name: object) -> str:
    """A header or field name compared ignoring case, spaces, hyphens and underscores."""
    return "".join(ch for ch in str(name or "").lower() if ch not in " -_\t\n\r")


@dataclass(frozen=True)
class Sheet:
    """One sheet (or CSV file): ``header`` maps normalised names to the names as typed;
    ``rows`` holds (spreadsheet row number, {normalised name: text}) for non-blank rows."""

    name: str
    file: str
    header: dict[str, str]
    rows: tuple[tuple[int, dict[str, str]], ...]


def read_tables(path: Path) -> dict[str, Sheet]:
    """The sheets of the input at ``path`` (a ``.xlsx`` file or a folder of CSV files),
    keyed by normalised sheet name. Raises :class:`InputError` for unreadable input."""
    if path.is_dir():
        return _read_csv_folder(path)
    if not path.is_file():
        raise InputError(f"{path} does not exist", file=str(path))
    if path.suffix.lower() == ".csv":
        raise InputError(f"{path} is a single CSV file; give the folder holding paper.csv, kpis.csv, "
                         "sources.csv and series.csv", file=str(path))
    return _read_xlsx(path)


# ----------------------------------------------------------------------------------- xlsx
def _check_zip(path: Path) -> None:
    """Refuse archives that are not workbooks, or that would inflate beyond the limits."""
    file = str(path)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(f"the file is {size / 1e6:.0f} MB; the limit is {MAX_FILE_BYTES / 1e6:.0f} MB",
                         file=file)
    with open(path, "rb") as f:
        head = f.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError("this is not an .xlsx workbook: it is password-protected (encrypted) or an old "
                         ".xls file; save it from Excel as an unprotected .xlsx", file=file)
    if not zipfile.is_zipfile(path):
        raise InputError("this is not an .xlsx workbook (it is not a zip package); save it from Excel "
                         "as .xlsx", file=file)
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
        if len(infos) > MAX_PARTS:
            raise InputError(f"the workbook has {len(infos)} parts; the limit is {MAX_PARTS}", file=file)
        total = sum(i.file_size for i in infos)
        if total > MAX_UNZIPPED_BYTES:
            raise InputError(f"the workbook would unpack to {total / 1e6:.0f} MB; the limit is "
                             f"{MAX_UNZIPPED_BYTES / 1e6:.0f} MB", file=file)
        for i in infos:
            if i.file_size > 1_000_000 and i.file_size > MAX_PART_RATIO * max(i.compress_size, 1):
                raise InputError(f"part {i.filename} inflates {i.file_size // max(i.compress_size, 1)}-fold "
                                 f"(limit {MAX_PART_RATIO}); refusing a possible zip bomb", file=file)
        if "xl/workbook.xml" not in {i.filename for i in infos}:
            raise InputError("this zip file is not an .xlsx workbook (no xl/workbook.xml)", file=file)


def _cell_text(value: object, number_format: str | None) -> str:
    """What a cell shows, as text: numbers keep the thousands separators and % of their format."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    fmt = number_format or "General"
    if isinstance(value, (int, float)):
        if "%" in fmt:
            decimals = fmt.split(".")[1].count("0") if "." in fmt else 0
            return f"{value * 100:.{decimals}f}%"
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            value = int(value)
        if "," in fmt:
            decimals = fmt.split(".")[1].count("0") if "." in fmt.split(";")[0] else 0
            return f"{value:,.{decimals}f}"
        return str(value) if isinstance(value, int) else format(value, ".15g")
    if isinstance(value, datetime):
        if value.time() == time(0) and "yy" in fmt.lower() and "d" not in fmt.lower():
            return value.strftime("%b %y")
        return value.strftime("%d %b %Y") if value.time() == time(0) else value.strftime("%d %b %Y %H:%M")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value)


_FORMULA_WITHOUT_VALUE = re.compile(rb'<c\b[^>]*\br="([A-Z]+)(\d+)"[^>]*>\s*<f\b[^>]*(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>')


def formulas_without_values(path: Path) -> list[Problem]:
    """Warnings for formula cells saved without a calculated value (they read as blank)."""
    from defusedxml.ElementTree import fromstring

    rel_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    out = []
    with zipfile.ZipFile(path) as z:
        try:
            book = fromstring(z.read("xl/workbook.xml"))
            rels = fromstring(z.read("xl/_rels/workbook.xml.rels"))
        except Exception:  # noqa: BLE001 - the workbook reader reports unreadable packages
            return []
        targets = {r.get("Id"): r.get("Target", "") for r in rels}
        for sheet in book.iter("{http://schemas.openxmlformats.org/spreadsheetml/2006/main}sheet"):
            target = targets.get(sheet.get(rel_ns), "").lstrip("/")
            part = target if target.startswith("xl/") else f"xl/{target}"
            if part not in z.namelist():
                continue
            for col, row in _FORMULA_WITHOUT_VALUE.findall(z.read(part)):
                out.append(Problem(f"cell {col.decode()}{row.decode()} holds a formula with no calculated value, "
                                   "so it reads as blank: open the workbook in Excel and save it",
                                   str(path), sheet.get("name", ""), int(row), col.decode(), warning=True))
    return out


def _read_xlsx(path: Path) -> dict[str, Sheet]:
    _check_zip(path)
    import openpyxl  # imported here: start-up time matters for small builds
    from openpyxl.xml import DEFUSEDXML

    if not DEFUSEDXML:  # pragma: no cover - defusedxml is a dependency
        raise InputError("refusing to read a workbook without defusedxml installed", file=str(path))
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds for broken or hostile packages
        raise InputError(f"the workbook cannot be read ({type(e).__name__}: {str(e)[:200]})",
                         file=str(path)) from None
    try:
        out: dict[str, Sheet] = {}
        for ws in wb.worksheets:
            key = normalise(ws.title)
            if key in out:
                continue
            out[key] = _sheet_from_rows(ws.title, str(path), (
                [(_cell_text(c.value, getattr(c, "number_format", None))) for c in row]
                for row in ws.iter_rows()))
        return out
    except InputError:
        raise
    except Exception as e:
        raise InputError(f"the workbook cannot be read ({type(e).__name__}: {str(e)[:200]})",
                         file=str(path)) from None
    finally:
        wb.close()


def _sheet_from_rows(name: str, file: str, rows) -> Sheet:
    """A :class:`Sheet` from an iterable of rows of cell texts; the first non-blank row is the header."""
    header: dict[str, str] = {}
    keys: list[str] = []
    out = []
    for number, cells in enumerate(rows, start=1):
        if number > MAX_ROWS + 1:
            raise InputError(Problem(f"more than {MAX_ROWS} rows; the limit is {MAX_ROWS}", file=file,
                                     sheet=name))
        cells = [c if isinstance(c, str) else _cell_text(c, None) for c in cells]
        if not keys:
            if any(c.strip() for c in cells):
                keys = [normalise(c) for c in cells]
                header = {k: c.strip() for k, c in zip(keys, cells) if k}
            continue
        record = {k: v for k, v in zip(keys, cells) if k and v is not None}
        if any(v.strip() for v in record.values()):
            out.append((number, record))
    return Sheet(name, file, header, tuple(out))


# ------------------------------------------------------------------------------------ csv
def _decode(raw: bytes) -> tuple[str, str]:
    """Text of a CSV file and the encoding it was read as: UTF-8 (with or without BOM), else
    Windows-1252, which is what Excel on Windows writes as "CSV"."""
    try:
        return raw.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "Latin-1"


def _read_csv_folder(folder: Path) -> dict[str, Sheet]:
    out: dict[str, Sheet] = {}
    files = {normalise(p.stem): p for p in sorted(folder.iterdir()) if p.suffix.lower() == ".csv"}
    if not files:
        raise InputError(f"the folder {folder} holds no .csv files (expected paper.csv, kpis.csv, "
                         "sources.csv, series.csv)", file=str(folder))
    csv.field_size_limit(MAX_CELL_CHARS * 4)
    for key, p in files.items():
        if p.stat().st_size > MAX_FILE_BYTES:
            raise InputError(f"{p.name} is {p.stat().st_size / 1e6:.0f} MB; the limit is "
                             f"{MAX_FILE_BYTES / 1e6:.0f} MB", file=str(p))
        text, _ = _decode(p.read_bytes())
        first_line = text.split("\n", 1)[0]
        delimiter = max(",;\t", key=first_line.count)  # Excel writes ";" in some locales
        try:
            out[key] = _sheet_from_rows(p.stem, str(p), csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        except csv.Error as e:
            raise InputError(f"{p.name} is not a readable CSV file: {e}", file=str(p)) from None
    return out
