"""Workbooks made the way Excel leaves them, for the tests.

openpyxl writes text as inline strings and never escapes; Excel writes every text into the shared
strings part, with characters XML cannot hold as ``_xHHHH_`` escapes. ``excel_workbook`` writes
the sheets with openpyxl, lets a test edit the workbook as a user would in Excel (merge, format,
hide), then moves the texts into ``xl/sharedStrings.xml`` as Excel does, keeping any ``_x000D_``
the test typed raw. ``add_formatted_empty_rows`` adds rows that hold formatting but no value, as
Excel writes them when whole rows or columns are formatted.
"""
from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from tests.helpers.inputs import write_xlsx

_INLINE = re.compile(r'<c r="([A-Z]+\d+)"((?: s="\d+")?) t="inlineStr"><is><t(?: xml:space="preserve")?>(.*?)</t></is></c>',
                     re.S)


def excel_workbook(path: Path, sheets: dict[str, list[list]], edit=None) -> Path:
    """Write ``sheets`` (rows of values), apply ``edit(workbook)``, save with shared strings."""
    write_xlsx(path, sheets, edit)
    to_shared_strings(path)
    return path


def to_shared_strings(path: Path) -> None:
    """Move every inline string of every sheet into a shared strings part, as Excel does."""
    strings: dict[str, int] = {}

    def shared(m: re.Match) -> str:
        text = m.group(3)
        index = strings.setdefault(text, len(strings))
        return f'<c r="{m.group(1)}"{m.group(2)} t="s"><v>{index}</v></c>'

    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = _INLINE.sub(shared, data.decode()).encode()
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdSST" Type="http://schemas.openxml'
                                    b'formats.org/officeDocument/2006/relationships/sharedStrings" '
                                    b'Target="sharedStrings.xml"/></Relationships>')
            dst.writestr(info, data)
        items = "".join(f'<si><t xml:space="preserve">{t}</t></si>' for t in strings)  # already escaped
        dst.writestr("xl/sharedStrings.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                     '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                     f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>')
    shutil.move(tmp, path)


def add_formatted_empty_rows(path: Path, sheet_part: str, first: int, count: int, columns: str = "ABCDE") -> None:
    """Rows ``first`` … ``first + count - 1`` of one worksheet part: formatted (row style and
    styled cells) but holding no value, as Excel saves formatted whole rows or columns."""
    rows = "".join(f'<row r="{r}" s="1" customFormat="1">' + "".join(f'<c r="{c}{r}" s="1"/>' for c in columns)
                   + "</row>" for r in range(first, first + count))
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == sheet_part:
                text = data.decode()
                text = text.replace("</sheetData>", rows + "</sheetData>")
                text = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:M{first + count - 1}"/>', text)
                data = text.encode()
            dst.writestr(info, data)
    shutil.move(tmp, path)


def sheet_part(path: Path, title: str) -> str:
    from boardpaper.readers.sheet_xml import sheet_parts

    with zipfile.ZipFile(path) as z:
        return sheet_parts(z)[title]


def literal(text: str) -> str:
    """Text as it would sit in the XML (for tests that write parts by hand)."""
    return escape(text)


def cached_formula_results(path: Path, title: str, cells: dict[str, tuple[str, str]]) -> None:
    """Cells of sheet ``title`` turned into formula cells as Excel saves them: ``{ref: (formula,
    cached)}``; a cached value starting with ``#`` is an error value (``t="e"``), else a number.
    (openpyxl writes formulas without their calculated values.)"""
    part = sheet_part(path, title)
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == part:
                text = data.decode()
                for ref, (formula, cached) in cells.items():
                    kind = ' t="e"' if cached.startswith("#") else ""
                    new = f'<c r="{ref}"{kind}><f>{escape(formula)}</f><v>{escape(cached)}</v></c>'
                    text, n = re.subn(rf'<c r="{ref}"(?: [^>]*)?(?:/>|>.*?</c>)', new, text, count=1, flags=re.S)
                    assert n == 1, f"no cell {ref} in {title}"
                data = text.encode()
            dst.writestr(info, data)
    shutil.move(tmp, path)
