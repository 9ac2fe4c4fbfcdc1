"""Crafted series of processes that change (issue #28): rebases, fixed baselines, target
trajectories and notes, as plain values and as a workbook's sheets with the layout that reads them."""
from __future__ import annotations


def wave(n: int, mid: float, half: float) -> list[float]:
    """``n`` points alternating ``mid + half``, ``mid - half``: no run, no trend."""
    return [mid + half if i % 2 == 0 else mid - half for i in range(n)]


# The crafted series: 12 points around 50, then 9 around 60.
STEP_UP = wave(12, 50, 2) + wave(9, 60, 2)


LAYOUT = '''name = "trust"
[status]
column = true
summary = true
min_points = 9
'''


def process_sheets() -> tuple[dict, dict]:
    """A workbook of crafted KPIs, and what each is: values, rebases (period indexes), targets."""
    kpis = [["id", "section", "kpi", "target_value", "polarity", "baseline"]]
    series = [["kpi_id", "period", "value", "series", "rebase", "target", "note"]]
    periods = [f"{m} {y}" for y in (23, 24, 25) for m in ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
                                                           "Sep", "Oct", "Nov", "Dec")]
    cases = {
        "REB": dict(values=STEP_UP, rebases={12: "New triage pathway from Jan 24"}, polarity="up"),
        "NOREB": dict(values=STEP_UP, rebases={}, polarity="up"),
        "SHORT": dict(values=wave(16, 50, 2) + [70, 71, 69, 72, 73], rebases={16: "Counting rule changed"},
                      polarity="down"),
        "BASE": dict(values=wave(12, 50, 1) + [40, 60, 41, 59, 42, 58, 43, 57], rebases={}, polarity="up",
                     baseline=12),
        "TRAJ": dict(values=wave(20, 80, 2), rebases={}, polarity="up", target=65,
                     targets={0: 70, 5: 75, 10: 80, 15: 85, 19: 95}),
        "FLAT": dict(values=wave(20, 80, 2), rebases={}, polarity="up", target=65),
        "NOTED": dict(values=[None, 3, 4] + wave(14, 10, 1), rebases={5: "Merger"}, polarity="monitor",
                      notes={2: "Winter pressures", 9: "New ward opened"}),
    }
    for kid, case in cases.items():
        kpis.append([kid, "Safe", f"KPI {kid}", str(case.get("target", "")), case["polarity"],
                     str(case.get("baseline", ""))])
        for i, v in enumerate(case["values"]):
            series.append([kid, periods[i], "" if v is None else f"{v:g}", "", case["rebases"].get(i, ""),
                           str(case.get("targets", {}).get(i, "")), case.get("notes", {}).get(i, "")])
    sheets = {"paper": [["field", "value"], ["board", "Trust Board"], ["meeting", "May 2025"],
                        ["title", "Integrated Performance"], ["layout", "trust"]],
              "kpis": kpis, "sources": [["id", "text", "url"]], "series": series}
    return sheets, cases
