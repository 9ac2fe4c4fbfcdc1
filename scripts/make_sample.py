"""Write the bundled sample workbook from its CSV transcription.

    python scripts/make_sample.py            # inputs/spcb-2022-05/*.csv -> inputs/spcb-2022-05.xlsx

The CSV folder is the reviewable source (and itself a valid input); the workbook is what a
secretariat would send. Sheets: paper, kpis, sources, series (and commentary when the folder has
it); every cell is text except series
values, which are numbers (a percentage, as typed in Excel: the number formatted ``0%``). The file is made deterministic (fixed timestamps).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

ROOT = Path(__file__).resolve().parent.parent
FIXED = dt.datetime(2022, 5, 1, 9, 0, 0)
WIDTHS = {"kpi": 60, "current": 30, "benchmark": 30, "text": 60, "url": 50, "value": 60, "section": 28,
          "sub_objective": 28, "heading": 24, "owner": 24}


def make(folder: Path, target: Path) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    for name in ("paper", "kpis", "sources", "series", "commentary"):
        if name == "commentary" and not (folder / f"{name}.csv").exists():
            continue  # optional: the narrative of the exception reports
        with open(folder / f"{name}.csv", encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows):
            cells = []
            percent = []
            for c, v in enumerate(row):
                if name == "series" and r > 0 and rows[0][c] == "value" and v.strip().endswith("%"):
                    cells.append(float(v.strip()[:-1]) / 100)  # typed 86%: Excel stores 0.86, formatted 0%
                    percent.append(c + 1)
                elif name == "series" and r > 0 and rows[0][c] == "value" and v.strip():
                    cells.append(float(v) if "." in v else int(v))
                else:
                    cells.append(v)
            ws.append(cells)
            for c in percent:
                ws.cell(ws.max_row, c).number_format = "0%"
        for c, head in enumerate(rows[0], start=1):
            ws.cell(1, c).font = Font(bold=True)
            ws.column_dimensions[ws.cell(1, c).column_letter].width = WIDTHS.get(head, 14)
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A2"
    wb.properties.creator = "boardpaper sample"
    wb.properties.created = wb.properties.modified = FIXED
    buf = io.BytesIO()
    wb.save(buf)
    # rewrite the zip with fixed member timestamps so the file is byte-identical on every run
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps `modified` with the time of saving
                data = _fixed_modified(data)
            zout.writestr(fixed, data)
    target.write_bytes(out.getvalue())


def _fixed_modified(core_xml: bytes) -> bytes:
    """The core properties with ``dcterms:modified`` set to :data:`FIXED`."""
    import re

    stamp = FIXED.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp + rb"\g<2>", core_xml)


if __name__ == "__main__":
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "inputs" / "spcb-2022-05"
    dst = Path(sys.argv[2]) if len(sys.argv) > 2 else src.with_suffix(".xlsx")
    make(src, dst)
    print(f"wrote {dst}")
