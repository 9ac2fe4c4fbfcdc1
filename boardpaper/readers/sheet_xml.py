"""What openpyxl's read-only mode does not tell: a sheet's real extent, merged ranges, hidden rows
and columns, found by scanning the worksheet part's bytes.

The scan never builds a tree: the last row holding a value is found by searching backwards from
the end of ``<sheetData>`` for a value element (``<v>``, ``<is>``, ``<f>``), so a sheet whose
formatting runs to row 1,048,576 costs one byte search, not a million rows. Markup characters
cannot occur inside XML text or attribute values (``<`` is always escaped there), so searching
for tags in the bytes is exact. Namespace prefixes (``<x:row>``, written by some tools) are
handled.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field

MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_ROOT = re.compile(rb"<(\w+:)?worksheet\b")
_REF = re.compile(rb'\br="([A-Z]*)(\d+)"')
_ATTR = re.compile(rb'\b(\w+)="([^"]*)"')


@dataclass(frozen=True)
class SheetLayout:
    """``last_row``: the last row holding a value (0: none; ``None``: unknown, read everything);
    ``merged``: (top, left, bottom, right) ranges, 1-based; hidden row numbers and column letters."""

    last_row: int | None
    merged: tuple[tuple[int, int, int, int], ...] = ()
    hidden_rows: tuple[int, ...] = ()
    hidden_columns: frozenset[str] = field(default_factory=frozenset)
    formulas_without_value: tuple[tuple[str, int], ...] = ()  # (column letters, row): they read as blank


def column_letter(index: int) -> str:
    """1 → ``A``, 27 → ``AA``."""
    out = ""
    while index > 0:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def column_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title → worksheet part name, from the workbook and its relationships."""
    from defusedxml.ElementTree import fromstring  # lazy: defusedxml loads only when a sheet's XML is read

    try:
        book = fromstring(z.read("xl/workbook.xml"))
        rels = fromstring(z.read("xl/_rels/workbook.xml.rels"))
    except Exception:  # noqa: BLE001 - openpyxl reports unreadable packages
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    names = set(z.namelist())
    out = {}
    for sheet in book.iter(f"{MAIN_NS}sheet"):
        target = targets.get(sheet.get(REL_ID), "").lstrip("/")
        part = target if target.startswith("xl/") else f"xl/{target}"
        if part in names:
            out[sheet.get("name", "")] = part
    return out


def scan_sheet(xml: bytes) -> SheetLayout:
    """The extent, merged ranges and hidden rows/columns of one worksheet part."""
    m = _ROOT.search(xml, 0, 4096)
    p = (m.group(1) or b"") if m else b""
    data_start = xml.find(b"<" + p + b"sheetData")
    data_end = xml.rfind(b"</" + p + b"sheetData>")
    if data_start < 0:
        return SheetLayout(0)
    if data_end < 0:  # <sheetData/>: no cells at all
        return SheetLayout(0, _merged(xml, p, data_start), (), _hidden_columns(xml[:data_start], p))
    last = _last_value(xml, p, data_start, data_end)
    if last < 0:
        last_row: int | None = 0
        end = data_start
    else:
        last_row = _row_of(xml, p, last, data_start)
        row_close = xml.find(b"</" + p + b"row>", last, data_end + 1)
        end = row_close if row_close >= 0 else data_end
    return SheetLayout(last_row, _merged(xml, p, data_end), _hidden_rows(xml, p, data_start, end),
                       _hidden_columns(xml[:data_start], p), _formulas_without_value(xml, p, data_start, end))


def _formulas_without_value(xml: bytes, p: bytes, start: int, end: int) -> tuple[tuple[str, int], ...]:
    """Formula cells saved with no calculated value (e.g. written by a script): only the cells
    around each ``<f`` are looked at, so sheets without formulas cost one search."""
    out = []
    cell = re.compile(rb"<" + re.escape(p) + rb'c\b[^>]*\br="([A-Z]+)(\d+)"[^>]*>\s*<' + re.escape(p)
                      + rb"f\b[^>]*(?:/>|>[^<]*</" + re.escape(p) + rb"f>)\s*(?:<" + re.escape(p) + rb"v\s*/>|<"
                      + re.escape(p) + rb"v>\s*</" + re.escape(p) + rb"v>)?\s*</" + re.escape(p) + rb"c>")
    position = xml.find(b"<" + p + b"f", start, end)
    while position >= 0:
        cell_start = xml.rfind(b"<" + p + b"c ", start, position)
        m = cell.match(xml, cell_start) if cell_start >= 0 else None
        if m:
            out.append((m.group(1).decode(), int(m.group(2))))
        position = xml.find(b"<" + p + b"f", position + 2, end)
    return tuple(out)


def _last_value(xml: bytes, p: bytes, start: int, end: int) -> int:
    """Where the last value element of the sheet data is, or -1. A cell holding anything has a
    closing tag (formatted empty cells are self-closing ``<c r="A9" s="1"/>``), so one backward
    search finds the candidate, confirmed by a value element inside it."""
    close = b"</" + p + b"c>"
    tags = tuple(b"<" + p + t for t in (b"v>", b"v ", b"is>", b"f>", b"f ", b"f/"))
    position = xml.rfind(close, start, end)
    while position >= 0:
        cell_start = xml.rfind(b"<" + p + b"c", start, position)
        found = max(xml.rfind(t, cell_start, position) for t in tags)
        if found >= 0:
            return found
        position = xml.rfind(close, start, cell_start)
    return -1


def _row_of(xml: bytes, p: bytes, position: int, floor: int) -> int | None:
    """The row number of the element at ``position``: its row's ``r``, else its cell's ``r``."""
    row_start = xml.rfind(b"<" + p + b"row", floor, position)
    if row_start >= 0:
        tag_end = xml.find(b">", row_start)
        ref = _REF.search(xml, row_start, tag_end)
        if ref:
            return int(ref.group(2))
    cell_start = xml.rfind(b"<" + p + b"c ", floor, position)
    if cell_start >= 0:
        ref = _REF.search(xml, cell_start, xml.find(b">", cell_start))
        if ref:
            return int(ref.group(2))
    return None


def _hidden_rows(xml: bytes, p: bytes, start: int, end: int) -> tuple[int, ...]:
    out = []
    pattern = re.compile(rb"<" + re.escape(p) + rb'row\b[^>]*\bhidden="(?:1|true)"[^>]*>')
    for m in pattern.finditer(xml, start, max(start, end)):
        ref = _REF.search(m.group())
        if ref:
            out.append(int(ref.group(2)))
    return tuple(out)


def _hidden_columns(head: bytes, p: bytes) -> frozenset[str]:
    out: set[str] = set()
    for m in re.finditer(rb"<" + re.escape(p) + rb"col\b([^>]*)>", head):
        attrs = {k.decode(): v.decode() for k, v in _ATTR.findall(m.group(1))}
        if attrs.get("hidden") in ("1", "true") and attrs.get("min", "").isdigit():
            low, high = int(attrs["min"]), int(attrs.get("max") or attrs["min"])
            out.update(column_letter(i) for i in range(low, min(high, low + 200, 16384) + 1))
    return frozenset(out)


def _merged(xml: bytes, p: bytes, start: int) -> tuple[tuple[int, int, int, int], ...]:
    out = []
    pattern = re.compile(rb"<" + re.escape(p) + rb'mergeCell\b[^>]*\bref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
    for m in pattern.finditer(xml, max(start, 0)):
        left, top = column_index(m.group(1).decode()), int(m.group(2))
        right = column_index(m.group(3).decode()) if m.group(3) else left
        bottom = int(m.group(4)) if m.group(4) else top
        out.append((top, left, bottom, right))
    return tuple(out)
