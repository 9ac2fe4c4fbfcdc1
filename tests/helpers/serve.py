"""Shared by the server's tests: workbooks made here (not the bundled sample), and a client that
fills the forms as a browser does (the CSRF token from the page, its cookie kept)."""
from __future__ import annotations

import html
import re
import time
import warnings
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def starlette_client():
    """Starlette's TestClient (newer Starlette warns that it would rather drive httpx2)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*httpx.*")
        from starlette.testclient import TestClient
    return TestClient


def fire_board_sheets(board: str = "Northshire Fire and Rescue Authority", month: str = "October 2026",
                      figure: float = 1234) -> dict[str, list[list]]:
    """A held-out-style paper: another board, UK Excel habits (numbers and percentages as typed
    numbers, real dates, a £ figure, a Welsh name), sources and series."""
    paper = [["Field", "Value"], ["Board", board], ["Meeting", month],
             ["Title", "Service Performance Report"], ["agenda_item", "Item 5"], ["purpose", "Quarterly performance"],
             ["purpose", "Figures to the end of September"]]
    kpis = [["id", "section", "sub_objective", "kpi", "current", "current_period", "benchmark", "benchmark_period",
             "target", "target_value", "polarity", "sources", "chart"],
            ["FR-01", "Response", "Speed", "Average time to first appliance (minutes)", 8.5, "Sep 26", 9.1,
             "Sep 25", "Under 9", 9, "down", "src1", ""],
            ["FR-02", "Response", "Speed", "Calls answered within 10 seconds", 0.94, "Sep 26", "", "", "95%", 0.95, "up",
             "src1", ""],
            ["FR-03", "Prevention", "", "Home fire safety visits (Ysgol Gymraeg Llŷn)", figure, "2026/27", 1100,
             "2025/26", "", "", "up", "src2", "bar"],
            ["FR-04", "Prevention", "", "Spend on prevention", "£2,450,000", "Q2 26", "", "", "", "", "monitor", "", ""]]
    sources = [["id", "text", "url"], ["src1", "Control room statistics", "https://example.org/control"],
               ["src2", "Prevention team returns", ""]]
    series = [["kpi_id", "period", "value"]] + [["FR-01", f"{m} 26", v] for m, v in
                                                zip(["Apr", "May", "Jun", "Jul", "Aug", "Sep"], [9.2, 9.0, 8.8, 8.9, 8.6, 8.5])]
    series += [["FR-03", p, v] for p, v in [("2023/24", 950), ("2024/25", 1010), ("2025/26", 1100), ("2026/27", figure)]]
    return {"paper": paper, "kpis": kpis, "sources": sources, "series": series}


def write_workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    ws = wb["kpis"]
    ws["E3"].number_format = "0%"  # 0.94 shown as 94%, as Excel shows it
    wb.properties.created = datetime(2026, 10, 1)
    wb.save(path)
    return path


def kpi_texts(sheets) -> list[str]:
    return [row[3] for row in sheets["kpis"][1:]]


def csrf_of(page: str) -> str:
    return html.unescape(CSRF.search(page).group(1))


def post_form(client, path: str, *, fields: dict | None = None, files: dict | None = None, page: str = "/"):
    """POST a form of the page at ``page`` with its CSRF token."""
    token = csrf_of(client.get(page).text)
    return client.post(path, data={"csrf": token, **(fields or {})}, files=files or {}, follow_redirects=False)


def wait_for_job(client, location: str, timeout: float = 300):
    """Poll a job's status until it is finished, then GET its page (following redirects)."""
    deadline = time.monotonic() + timeout
    while client.get(location + ".json").json()["state"] != "finished":
        assert time.monotonic() < deadline, f"{location} did not finish in {timeout} s"
        time.sleep(0.2)
    return client.get(location)


def build(client, path: Path, name: str | None = None, formats=("docx", "pdf", "html"), **fields):
    with open(path, "rb") as f:
        r = post_form(client, "/build", fields={"format": list(formats), **fields},
                      files={"workbook": (name or path.name, f.read())})
    assert r.status_code == 303, r.text
    return wait_for_job(client, r.headers["location"])


def links(page: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="([^"]+)"', page)]
