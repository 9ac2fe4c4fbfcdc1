"""A workbook of another board (a fire and rescue authority) for the chart tests: several series of
bars, long period labels, percentages typed as text and as Excel percentages, large counts, a
falling count where lower is better, a monitored KPI and a six-bar chart."""
from __future__ import annotations

from pathlib import Path

MONTHS = ["Apr 24", "May 24", "Jun 24", "Jul 24", "Aug 24", "Sep 24", "Oct 24", "Nov 24", "Dec 24", "Jan 25",
          "Feb 25", "Mar 25"]


def fire_board_sheets() -> dict[str, list[list]]:
    paper = [["field", "value"], ["board", "Fire and Rescue Authority"], ["meeting", "April 2025"],
             ["title", "Service Performance Scorecard"], ["agenda_item", "Item 6"], ["appendix", "Appendix 1"]]
    kpis = [["id", "section", "sub_objective", "kpi", "current", "current_period", "benchmark",
             "benchmark_period", "target", "target_value", "polarity", "sources", "chart"],
            ["FR-01", "Prevention", "Home safety", "False alarms attended (automatic fire alarms)", "1,204",
             "Mar 25", "1,387", "Mar 24", "", "", "down", "", ""],
            ["FR-02", "Response", "Availability", "On-call appliance availability", "71.2%", "Mar 25", "", "",
             "80%", "80%", "up", "", ""],
            ["FR-03", "Response", "Availability", "Calls handled by the control room (year to date)", "2,345,678",
             "Mar 25", "", "", "", "", "monitor", "", ""],
            ["FR-04", "Protection", "Inspections", "Fire safety audits by premises type", "412 offices; 388 "
             "care homes; 97 hotels; 1,506 shops", "Financial YTD Feb 25", "", "", "", "", "up", "", "bar"],
            ["FR-05", "Protection", "Inspections", "Average days to close an enforcement notice", "5.17",
             "Q4 2024/25", "", "", "", "", "down", "", "bar"],
            ["FR-06", "People", "Wellbeing", "Sickness absence rate", "30%", "2024/25", "", "", "", "", "down",
             "", ""]]
    series = [["kpi_id", "period", "value", "series"]]
    series += [["FR-01", m, str(v), ""] for m, v in zip(MONTHS, (1402, 1388, 1350, 1377, 1290, 1310, 1288, 1265,
                                                                   1241, 1250, 1222, 1204))]
    series += [["FR-02", m, f"{v}%", ""] for m, v in zip(MONTHS[-6:], (74.5, 73.1, 75.0, 72.4, 71.9, 71.2))]
    series += [["FR-03", p, str(v), ""] for p, v in (("2022/23", 2104551), ("2023/24", 2237410),
                                                      ("Same period 2024/25", 2345678))]
    for name, values in (("Offices and workplaces", (380, 412)), ("Residential care homes", (402, 388)),
                         ("Hotels and guest houses", (88, 97)), ("Shops and retail premises", (1433, 1506))):
        series += [["FR-04", p, str(v), name] for p, v in zip(("Same period 2023/24", "Financial YTD Feb 25"),
                                                               values)]
    series += [["FR-05", p, str(v), ""] for p, v in zip(("Q3 2023/24", "Q4 2023/24", "Q1 2024/25", "Q2 2024/25",
                                                          "Q3 2024/25", "Q4 2024/25"), (6.4, 6.02, 5.81, 5.5, 5.33,
                                                                                        5.17))]
    series += [["FR-06", p, v, ""] for p, v in (("2022/23", "27%"), ("2023/24", "28%"), ("2024/25", "30%"))]
    return {"paper": paper, "kpis": kpis, "sources": [["id", "text", "url"]], "series": series}


def write_fire_board(path: Path) -> Path:
    from .inputs import write_xlsx

    return write_xlsx(path, fire_board_sheets())
