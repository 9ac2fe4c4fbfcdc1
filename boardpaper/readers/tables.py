"""Raw tables from an input: a ``.xlsx``/``.xlsm`` workbook or a folder of ``.csv`` files.

This layer only turns files into :class:`Sheet` values (rows of text keyed by normalised
header, each with its spreadsheet row number), reading cells as Excel shows them: a merged range
counts in every row it covers, ``_xHHHH_`` escapes are decoded, numbers and dates are formatted with
their number format (:mod:`.excel_format`), and a sheet ends at its last row holding a value
(formatted empty rows cost nothing). It refuses hostile or oversized files before parsing them,
and notes what a reader of the workbook cannot see (hidden rows and columns, a title above the
header row, two headers naming one column). It knows nothing about KPIs.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import InputError, Problem
from .excel_dates import LOCALE_BUILTINS, SYSTEM_TAG
from .excel_format import format_value
from .sheet_xml import SheetLayout, column_letter, scan_sheet, sheet_parts

SHEETS = ("paper", "kpis", "sources", "series")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm")  # .xlsm: the cells are read, the macros ignored
UNREADABLE = {".xls": "an Excel 97-2003 workbook: open it in Excel and save as .xlsx",
              ".xlsb": "an Excel binary workbook: open it in Excel and save as .xlsx",
              ".ods": "an OpenDocument spreadsheet: save it as .xlsx",
              ".numbers": "a Numbers spreadsheet: export it as .xlsx"}  # suffix -> what it is, what to do
HEADER_SEARCH_ROWS = 10                    # a header row below title rows is looked for this far down

# Limits, generous for real papers (thousands of KPIs and series rows); see README "Safety".
MAX_FILE_BYTES = 50 * 1024 * 1024          # an .xlsx or a .csv on disk
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024     # all parts of an .xlsx, uncompressed
MAX_PART_RATIO = 200                       # uncompressed / compressed for one large part
MAX_PARTS = 2_000
MAX_ROWS = 100_000                         # per sheet, counting to the last row holding a value
MAX_CELL_CHARS = 32_767                    # Excel's own limit for a cell

_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]")


def normalise(name: object) -> str:
    """A header or field name compared ignoring case, spaces, hyphens and underscores."""
    return "".join(ch for ch in str(name or "").lower() if ch not in " -_\t\n\r")


def printable(text: object) -> str:
    """``text`` safe to print on a terminal: control characters shown as ``\\xNN`` escapes."""
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                            else f"\\u{ord(m.group()):04x}", str(text))


class CellText(str):
    """A cell's text as Excel shows it (``22-Mar``, ``£1,234.50``), remembering what the cell
    holds: ``value`` (a number, date, duration or bool), its ``number_format`` and, for a built-in
    format Excel shows in the reader's locale (the short date), its ``builtin`` id. Plain ``str``
    is used for cells holding text."""

    value: object
    number_format: str
    builtin: int | None

    def __new__(cls, shown: str, value: object, number_format: str, builtin: int | None = None) -> CellText:
        self = super().__new__(cls, shown)
        self.value, self.number_format, self.builtin = value, number_format, builtin
        return self

    def in_locale(self, locale: str) -> CellText:
        """The cell as Excel shows it on a machine set to ``locale`` (a Babel locale name)."""
        return CellText(format_value(self.value, self.number_format, builtin=self.builtin, locale=locale).strip(),
                        self.value, self.number_format, self.builtin)

    @property
    def locale_dependent(self) -> bool:
        """Whether the text depends on the reader's locale (the short date, system date tags)."""
        return self.builtin in LOCALE_BUILTINS or bool(SYSTEM_TAG.search(self.number_format))


@dataclass(frozen=True)
class Sheet:
    """One sheet (or CSV file): ``header`` maps normalised names to the names as typed;
    ``rows`` holds (spreadsheet row number, {normalised name: text}) for non-blank rows;
    ``letters`` maps normalised names to column letters; ``notes`` are problems found while
    reading (hidden rows, a title above the header, duplicate headers: errors among them stop
    the build)."""

    name: str
    file: str
    header: dict[str, str]
    rows: tuple[tuple[int, dict[str, str]], ...]
    letters: Mapping[str, str] = field(default_factory=dict)
    notes: tuple[Problem, ...] = ()


def read_tables(path: Path, columns: Mapping[str, Iterable[str]] | None = None) -> dict[str, Sheet]:
    """The sheets of the input at ``path`` (a workbook or a folder of CSV files), keyed by
    normalised sheet name. ``columns`` (sheet → expected column names) lets a header row below
    title rows be found. Raises :class:`InputError` for unreadable input."""
    expected = {normalise(k): frozenset(normalise(c) for c in v) for k, v in (columns or {}).items()}
    if path.is_dir():
        return _read_csv_folder(path, expected)
    if not path.is_file():
        raise InputError(f"{printable(path)} does not exist", file=str(path))
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        raise InputError(f"{printable(path)} is a single CSV file; give the folder holding paper.csv, "
                         "kpis.csv, sources.csv and series.csv", file=str(path))
    if suffix in UNREADABLE:
        raise InputError(f"{printable(path)} cannot be read: it is {UNREADABLE[suffix]}", file=str(path))
    return _read_xlsx(path, expected)


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
                raise InputError(f"part {printable(i.filename)} inflates {i.file_size // max(i.compress_size, 1)}"
                                 f"-fold (limit {MAX_PART_RATIO}); refusing a possible zip bomb", file=file)
        if "xl/workbook.xml" not in {i.filename for i in infos}:
            raise InputError("this zip file is not an .xlsx workbook (no xl/workbook.xml)", file=file)


def cell_text(value: object, number_format: str | None, builtin: int | None = None) -> str:
    """What a cell shows, as text: its value under its number format, dates in the short date
    format shown as in the default locale (en-GB: :meth:`CellText.in_locale` shows them in
    another); strings with Excel's ``_xHHHH_`` escapes decoded (a vertical tab, Word's line
    break, becomes a line break)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return decode_escapes(value)
    builtin = builtin if builtin in LOCALE_BUILTINS else None
    return CellText(format_value(value, number_format, builtin=builtin).strip(), value, number_format or "General",
                    builtin)


def _builtin_id(cell) -> int | None:
    """The built-in number format id of an openpyxl read-only cell (below 164), else ``None``."""
    try:
        number_format_id = cell.style_array.numFmtId
    except AttributeError:  # an empty cell
        return None
    return number_format_id if number_format_id < 164 else None


def in_locale(tables: dict[str, Sheet], locale: str) -> dict[str, Sheet]:
    """``tables`` with every cell whose text depends on the reader's locale (the built-in short
    date, system date and time tags) shown as Excel shows it in ``locale``."""
    out = {}
    for key, sheet in tables.items():
        changed = False
        rows = []
        for number, record in sheet.rows:
            if any(isinstance(v, CellText) and v.locale_dependent for v in record.values()):
                record = {k: v.in_locale(locale) if isinstance(v, CellText) and v.locale_dependent else v
                          for k, v in record.items()}
                changed = True
            rows.append((number, record))
        out[key] = replace(sheet, rows=tuple(rows)) if changed else sheet
    return out


def decode_escapes(text: str) -> str:
    """Excel's ``_x000D_``-style escapes as the characters they stand for."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text).replace("\x0b", "\n")


def _formula_notes(name: str, file: str, layout: SheetLayout, letters: dict[str, str] | None = None,
                   header: dict[str, str] | None = None) -> list[Problem]:
    """A warning per formula cell saved without its value, naming its column by header where it has one."""
    named = {letter: printable(header[key]) for key, letter in (letters or {}).items() if header and key in header}
    return [Problem(f"cell {col}{row} holds a formula with no calculated value, so it reads as blank: open the "
                    "workbook in Excel and save it", file, name, row, named.get(col, col), warning=True)
            for col, row in layout.formulas_without_value]


def _load_workbook(openpyxl, path: Path):
    """``openpyxl.load_workbook(path, read_only=True, data_only=True)``, with the shared strings
    read as stored: openpyxl deletes every ``x005F_`` from them, so the text a user typed as
    ``_x000D_`` (stored ``_x005F_x000D_``) would come back as an escaped line break; here
    :func:`decode_escapes` decodes both in one pass."""
    from openpyxl.cell.text import Text
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse

    class Reader(ExcelReader):
        def read_strings(self):
            ct = self.package.find(SHARED_STRINGS)
            if ct is None:
                return
            strings, tag = [], "{%s}si" % SHEET_MAIN_NS
            with self.archive.open(ct.PartName[1:]) as src:
                for _, node in iterparse(src):
                    if node.tag == tag:
                        strings.append(Text.from_tree(node).content)
                        node.clear()
            self.shared_strings = strings

    reader = Reader(path, read_only=True, data_only=True)
    reader.read()
    return reader.wb


def _openpyxl():
    """openpyxl, imported without numpy: openpyxl imports numpy (about 0.3 s) only to accept numpy
    numbers in cells it writes; a reader gets plain Python values either way. numpy stays importable
    afterwards. Imported here, not at module level: start-up time matters for small builds."""
    import sys

    if "openpyxl" in sys.modules or "numpy" in sys.modules:
        import openpyxl

        return openpyxl
    sys.modules["numpy"] = None  # type: ignore[assignment]  # makes ``import numpy`` fail inside
    try:
        import openpyxl
    finally:
        del sys.modules["numpy"]
    return openpyxl


def _read_xlsx(path: Path, expected: dict[str, frozenset[str]]) -> dict[str, Sheet]:
    _check_zip(path)
    openpyxl = _openpyxl()
    from openpyxl.xml import DEFUSEDXML

    if not DEFUSEDXML:  # pragma: no cover - defusedxml is a dependency
        raise InputError("refusing to read a workbook without defusedxml installed", file=str(path))
    try:  # .xlsm: openpyxl reads the cells and leaves the macros alone (keep_vba is off)
        wb = _load_workbook(openpyxl, path)
    except Exception as e:  # openpyxl raises many kinds for broken or hostile packages
        raise InputError(f"the workbook cannot be read ({type(e).__name__}: {printable(str(e)[:200])})",
                         file=str(path)) from None
    try:
        out: dict[str, Sheet] = {}
        with zipfile.ZipFile(path) as z:
            parts = sheet_parts(z)
            for ws in wb.worksheets:
                key = normalise(ws.title)
                if key in out:
                    continue
                layout = scan_sheet(z.read(parts[ws.title])) if ws.title in parts else SheetLayout(None)
                out[key] = _sheet_from_xlsx(ws, str(path), layout, expected.get(key, frozenset()))
        return out
    except InputError:
        raise
    except Exception as e:
        raise InputError(f"the workbook cannot be read ({type(e).__name__}: {printable(str(e)[:200])})",
                         file=str(path)) from None
    finally:
        wb.close()


def _sheet_from_xlsx(ws, file: str, layout: SheetLayout, expected: frozenset[str]) -> Sheet:
    name = printable(ws.title)
    if layout.last_row is not None and layout.last_row > MAX_ROWS + 1:
        raise InputError(Problem(f"values down to row {layout.last_row}; the limit is {MAX_ROWS} rows",
                                 file=file, sheet=name))
    if layout.last_row == 0:
        return Sheet(name, file, {}, (), {})
    ws.reset_dimensions()  # the stored extent counts formatted empty cells: read to the last value
    rows = [[cell_text(c.value, getattr(c, "number_format", None), _builtin_id(c)) for c in row]
            for row in ws.iter_rows(max_row=layout.last_row)]
    for top, left, bottom, right in layout.merged:
        # the merged value counts in every row it covers, in its first column: a range merged
        # across columns belongs to the first (a header merged over two columns names one column)
        if top > len(rows) or left < 1:
            continue
        first = rows[top - 1][left - 1] if left <= len(rows[top - 1]) else ""
        for r in range(top + 1, min(bottom, len(rows)) + 1):
            row = rows[r - 1]
            if len(row) < left:
                row.extend([""] * (left - len(row)))
            row[left - 1] = first
    return _sheet_from_rows(name, file, rows, expected, layout)


def _sheet_from_rows(name: str, file: str, rows: Iterable[list], expected: frozenset[str] = frozenset(),
                     layout: SheetLayout | None = None) -> Sheet:
    """A :class:`Sheet` from rows of cell texts. The header is the first non-blank row, or, when
    ``expected`` names the columns, the first of the first rows that holds two of them."""
    notes: list[Problem] = []
    numbered = ((n, [c if isinstance(c, str) else cell_text(c, None) for c in cells])
                for n, cells in enumerate(rows, start=1))
    head: list[tuple[int, list[str]]] = []  # the first rows, down to the first non-blank one at least
    seen_text = False
    for n, cells in numbered:
        head.append((n, cells))
        seen_text = seen_text or any(c.strip() for c in cells)
        if n >= HEADER_SEARCH_ROWS and seen_text:
            break
    filled = [(n, cells) for n, cells in head if any(c.strip() for c in cells)]
    if not filled:
        return Sheet(name, file, {}, (), {}, ())
    header_row, header_cells = filled[0]
    need = min(2, len(expected))
    if expected:
        for n, cells in filled:
            if len({normalise(c) for c in cells} & expected) >= need:
                if n != header_row:
                    above = "; ".join(printable(" ".join(c.strip() for c in cells_ if c.strip()))[:60]
                                      for m, cells_ in filled if m < n)
                    notes.append(Problem(f"the header row is row {n}; the rows above it are taken as a title "
                                         f"and ignored ({above})", file, name, n, warning=True))
                header_row, header_cells = n, cells
                break
    keys = [normalise(c) for c in header_cells]
    header: dict[str, str] = {}
    letters: dict[str, str] = {}
    for i, (k, typed) in enumerate(zip(keys, header_cells), start=1):
        if not k:
            continue
        if k in header:
            notes.append(Problem(f"columns {letters[k]} (`{printable(header[k])}`) and {column_letter(i)} "
                                 f"(`{printable(typed.strip())}`) are the same column (names are compared "
                                 "ignoring case, spaces, hyphens and underscores): rename or delete one",
                                 file, name, header_row, printable(typed.strip())))
            continue
        header[k], letters[k] = typed.strip(), column_letter(i)
    if layout:
        notes.extend(_hidden_notes(name, file, layout, header_row, header, letters))
        notes.extend(_formula_notes(name, file, layout, letters, header))
    out = []
    for number, cells in _chain(head, numbered):
        if number <= header_row:
            continue
        if number > MAX_ROWS + 1:
            raise InputError(Problem(f"more than {MAX_ROWS} rows; the limit is {MAX_ROWS}", file=file, sheet=name))
        record: dict[str, str] = {}
        for k, v in zip(keys, cells):
            if k and v is not None and k not in record:
                record[k] = v
        if any(v.strip() for v in record.values()):
            out.append((number, record))
    return Sheet(name, file, header, tuple(out), letters, tuple(notes))


def _chain(head, rest):
    yield from head
    yield from rest


def _hidden_notes(name: str, file: str, layout: SheetLayout, header_row: int, header: dict[str, str],
                  letters: dict[str, str]) -> list[Problem]:
    notes = []
    for key, letter in letters.items():
        if letter in layout.hidden_columns:
            notes.append(Problem(f"column {letter} (`{printable(header[key])}`) is hidden in Excel; it is read "
                                 "like any other column", file, name, None, printable(header[key]), warning=True))
    for row in layout.hidden_rows:
        if row > header_row:
            notes.append(Problem("this row is hidden in Excel; it is built like any other row (delete it if it "
                                 "should not be in the paper)", file, name, row, warning=True))
    return notes


# ------------------------------------------------------------------------------------ csv
def decode_csv(raw: bytes) -> tuple[str, str]:
    """Text of a CSV file and the encoding it was read as: UTF-16 (with a BOM, or with the NUL
    bytes that give it away: Excel's "Unicode Text"), UTF-8 (with or without BOM), else
    Windows-1252, which is what Excel on Windows writes as "CSV"."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            pass
    sample = raw[:4000]
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4:
        try:
            return raw.decode("utf-16-le"), "UTF-16"
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "Latin-1"


def sheet_files(folder: Path) -> dict[str, Path]:
    """The sheets of a CSV folder by normalised name: every ``.csv`` file, and a ``.txt`` file named
    after a sheet (Excel saves "Unicode Text" as ``.txt``) where no ``.csv`` has that name. The one
    rule for the readers, the hash of the input and ``harvest --into``."""
    files = {normalise(p.stem): p for p in sorted(folder.iterdir()) if p.suffix.lower() == ".csv" and p.is_file()}
    for p in sorted(folder.iterdir()):
        if p.suffix.lower() == ".txt" and normalise(p.stem) in SHEETS and p.is_file():
            files.setdefault(normalise(p.stem), p)
    return files


def csv_delimiter(text: str) -> str:
    """The delimiter of a CSV text: the commonest of ``,`` ``;`` (Excel in some locales) and tab
    ("Unicode Text") in its first line."""
    first_line = text.split("\n", 1)[0]
    return max(",;\t", key=first_line.count)


def _read_csv_folder(folder: Path, expected: dict[str, frozenset[str]]) -> dict[str, Sheet]:
    out: dict[str, Sheet] = {}
    files = sheet_files(folder)
    if not files:
        raise InputError(f"the folder {printable(folder)} holds no .csv files (expected paper.csv, kpis.csv, "
                         "sources.csv, series.csv)", file=str(folder))
    csv.field_size_limit(MAX_CELL_CHARS * 4)
    for key, p in files.items():
        if p.stat().st_size > MAX_FILE_BYTES:
            raise InputError(f"{printable(p.name)} is {p.stat().st_size / 1e6:.0f} MB; the limit is "
                             f"{MAX_FILE_BYTES / 1e6:.0f} MB", file=str(p))
        text, encoding = decode_csv(p.read_bytes())
        if "\x00" in text:
            raise InputError(f"{printable(p.name)} is not a text file (it holds NUL bytes, read as {encoding}); "
                             "save it from Excel as \"CSV UTF-8\"", file=str(p))
        delimiter = csv_delimiter(text)
        try:
            out[key] = _sheet_from_rows(printable(p.stem), str(p),
                                        csv.reader(io.StringIO(text, newline=""), delimiter=delimiter),
                                        expected.get(key, frozenset()))
        except csv.Error as e:
            raise InputError(f"{printable(p.name)} is not a readable CSV file: {printable(e)}", file=str(p)) from None
    return out
