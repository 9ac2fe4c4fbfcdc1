"""Inputs the tests write themselves (small workbooks and CSV folders), and the bundled sample."""
from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "inputs" / "spcb-2022-05.xlsx"
SAMPLE_CSV = ROOT / "inputs" / "spcb-2022-05"

PAPER = [["field", "value"], ["board", "Test Board"], ["meeting", "June 2026"], ["title", "Test Scorecard"],
         ["agenda_item", "AGENDA ITEM 7"], ["appendix", "Appendix B"], ["purpose", "First point"],
         ["purpose", "Second point"]]
KPIS = [["id", "section", "sub_objective", "kpi", "current", "current_period", "benchmark",
         "benchmark_period", "target", "target_value", "polarity", "sources", "chart"],
        ["A1", "Safer streets", "Violence", "Reduce S&H offences", "12", "Mar 26", "15", "Mar 25", "", "", "down",
         "s1", ""],
        ["A2", "Safer streets", "Violence", "Poor <1 volunteer", "≥ 5 £ – ŵ", "", "", "", "", "", "up", "s1;s2", ""],
        ["A3", "Safer streets", "", "Monitor <i>not</i> markup", "1,017", "Mar 22", "", "", "", "", "", "", ""],
        ["B1", "Confidence", "Trust", "Increase confidence", "65%", "2025/26", "70%", "2024/25", "", "", "up",
         "", ""]]
SOURCES = [["id", "text", "url"], ["s1", "Police statistics – GOV.UK", "https://www.gov.uk/stats"],
           ["s2", "A report", ""]]
SERIES = [["kpi_id", "period", "value", "series"], ["A1", "2023/24", "10", ""], ["A1", "2024/25", "15", ""],
          ["A1", "2025/26", "12", ""]]


def write_xlsx(path: Path, sheets: dict[str, list[list]], edit=None) -> Path:
    """A workbook with the given sheets (rows of cell values), ``edit(workbook)`` applied if given."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    if edit:
        edit(wb)
    wb.save(path)
    return path


def write_csvs(folder: Path, sheets: dict[str, list[list]], encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in sheets.items():
        with open(folder / f"{name}.csv", "w", encoding=encoding, newline="") as f:
            csv.writer(f).writerows(rows)
    return folder


def good_sheets() -> dict[str, list[list]]:
    return {"paper": [r[:] for r in PAPER], "kpis": [r[:] for r in KPIS], "sources": [r[:] for r in SOURCES],
            "series": [r[:] for r in SERIES]}


def sheets_with(kpi: str, current: str, sub: str, section: str, values: list, url: str) -> dict[str, list[list]]:
    """:func:`good_sheets` with the first KPI's text, current figure and sub-objective, the second
    KPI's section, the first source's URL and the first KPI's series values replaced (for
    property tests that pour random text and numbers into an input)."""
    sheets = good_sheets()
    sheets["kpis"][1][3], sheets["kpis"][1][4], sheets["kpis"][1][2] = kpi, current, sub
    sheets["kpis"][2][1] = section
    sheets["sources"][1][2] = url
    sheets["series"] = [sheets["series"][0]] + [["A1", f"P{i}", "" if v is None else repr(v), ""]
                                                for i, v in enumerate(values)]
    return sheets
