"""Shared fixtures: small workbooks written by the tests themselves, and the bundled sample."""
from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "inputs" / "spcb-2022-05.xlsx"
SAMPLE_CSV = ROOT / "inputs" / "spcb-2022-05"
sys.path.insert(0, str(ROOT))

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


@pytest.fixture
def small_xlsx(tmp_path) -> Path:
    return write_xlsx(tmp_path / "small.xlsx", good_sheets())


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """The bundled sample built once (both formats) for the tests that read its outputs."""
    from boardpaper.api import build_one

    out = tmp_path_factory.mktemp("out")
    result = build_one(SAMPLE, out=out)
    return result, out / "spcb-2022-05.docx", out / "spcb-2022-05.pdf"


@pytest.fixture(scope="session")
def built_pdf(tmp_path_factory):
    """``built_pdf(input, engine, layout=None)``: the PDF of ``input`` made by ``engine``
    (``reportlab``, ``weasyprint`` or ``libreoffice``), built once per session."""
    from boardpaper.api import build_one

    made: dict[tuple, Path] = {}

    def build(path: Path, engine: str, layout: Path | None = None) -> Path:
        key = (Path(path), engine, layout)
        if key not in made:
            out = tmp_path_factory.mktemp(f"pdf-{engine}")
            build_one(path, out=out, formats=("pdf",), pdf_engine=engine, layout=layout)
            made[key] = out / f"{Path(path).stem}.pdf"
        return made[key]

    return build


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


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Where every optional system part must be present (``BOARDPAPER_REQUIRE_SYSTEM=1``, set by
    ``.ci/run``), a test skipped for an absent part (tests/system.py) fails instead."""
    import system

    outcome = yield
    report = outcome.get_result()
    if report.skipped and system.required() and isinstance(report.longrepr, tuple):
        reason = report.longrepr[2].removeprefix("Skipped: ")
        if system.is_missing_part(reason):
            report.outcome = "failed"
            report.longrepr = f"{reason}, and {system.REQUIRE_ENV} is set: install it"
