"""Awkward papers that `check` accepts: long groups, rows taller than a page, many footnotes,
long unbroken words. Each function returns sheets for ``conftest.write_xlsx``/``write_csvs``."""
from __future__ import annotations

from tests.helpers.inputs import good_sheets

KPI_HEADER = ["id", "section", "sub_objective", "kpi", "current", "current_period", "benchmark",
              "benchmark_period", "target", "target_value", "polarity", "sources", "chart"]
LONG = " ".join(f"Sentence {i} of a very long indicator text that goes on and on." for i in range(150))
URL = "https://www.example.org/statistics/" + "a-very-long-path_segment/" * 4 + "index.html?x=1&y=2"


def kpi(i: int, *, section: str = "Safer streets", group: str = "Availability", text: str = "",
        sources: list[str] = (), current: str = "1") -> list:
    return [f"K{i}", section, group, text or f"KPI number {i} measured monthly", current, "Mar 26", "", "", "",
            "", "monitor", ";".join(sources), ""]


def paper(rows: list[list], sources: list[list] = (), layout: str = "") -> dict:
    sheets = good_sheets()
    sheets["kpis"] = [KPI_HEADER] + rows
    sheets["sources"] = [["id", "text", "url"]] + list(sources or [["s1", "A source", ""]])
    sheets["series"] = sheets["series"][:1]
    if layout:
        sheets["paper"].append(["layout", layout])
    return sheets


def numbered_sources(n: int) -> list[list]:
    return [[f"s{j}", f"Source number {j} – annual statistics", f"https://example.org/{j}"] for j in range(n)]


def long_group(n: int = 120, tall_at: int = 50) -> dict:
    """One sub-objective of ``n`` KPIs, one of them taller than a page."""
    return paper([kpi(i, text=LONG if i == tall_at else "") for i in range(n)])


def footnote_table() -> dict:
    """12 short KPIs citing 5 sources each, then one citing 40."""
    rows = [kpi(i, sources=[f"s{i * 5 + j}" for j in range(5)]) for i in range(12)]
    rows.append(kpi(12, sources=[f"s{100 + j}" for j in range(40)]))
    return paper(rows, numbered_sources(140))


def three_hundred_notes() -> dict:
    """KPIs in groups of 8, citing 3 or 4 sources each: 300 footnotes, each source cited once."""
    rows, used, i = [], 0, 0
    while used < 300:
        k = min(3 + i % 2, 300 - used)
        rows.append(kpi(i, group=f"Group {i // 8}", sources=[f"s{used + j}" for j in range(k)]))
        used, i = used + k, i + 1
    return paper(rows, numbered_sources(300))


def group_with_tall_row(n: int = 22, tall_at: int = 5) -> dict:
    """An organisation's paper: a 22-KPI sub-objective with one row taller than a page."""
    rows = [kpi(i, section="Bringing offenders to justice", group="Positive outcomes",
                text=LONG if i == tall_at else "", sources=["s1"] if i % 4 == 0 else [])
            for i in range(n)]
    rows += [kpi(100 + i, section="Bringing offenders to justice", group="Victims", sources=["s1"]) for i in range(5)]
    return paper(rows, [["s1", "Police recorded crime – Office for National Statistics", URL]])


def long_words() -> dict:
    """Unbroken tokens first in a KPI, a sub-objective, a value and a footnote (a source whose text
    is its own 150-character URL)."""
    url = URL + "&" + "q" * (150 - len(URL) - 1)
    return paper([kpi(0, group="G" * 150, text="Supercalifragilistic" * 10 + " then words", sources=["u"],
                      current="9" * 120),
                  kpi(1, group="Second", text="x" * 400, sources=["u", "v"])],
                 [["u", url, url], ["v", "w" * 300, ""]])
