"""A fictional trust report of 25 KPIs whose series are crafted so that a correct XmR reading (15+
points, the ipr layout's rules "special cause concerning" and "consistently failing") selects six
KPIs; one of them is suppressed (exception = no) and a seventh forced (exception = yes).

Traps: a special cause early in the series but common cause at the latest point; a concerning-looking
run on a `monitor` KPI (neither); an improving run; a deteriorating KPI with 10 points (direction only);
a target exactly on a process limit (hit and miss, not failing); a gap in a failing series.
"""
from __future__ import annotations

from pathlib import Path

NOISE = (0, 3, -2, 1, -3, 2, -1, 4, -4, 1, -2, 3, -1, 2, -3, 1, 0, -2, 3, -1, 2, -4, 1, -1)  # 24, no runs
MONTHS = tuple(f"{m} {y}" for y in ("22", "23", "24") for m in ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
                                                                "Aug", "Sep", "Oct", "Nov", "Dec"))[3:27]  # Apr 22 - Mar 24


def _flat(base: float, scale: float = 1.0) -> list[float]:
    return [base + scale * v for v in NOISE]


def _shift_end(base: float, by: float, last: int = 8, scale: float = 1.0) -> list[float]:
    """Common cause, then the last ``last`` points moved by ``by`` (a run on one side of the mean)."""
    vals = _flat(base, scale)
    return [v + by if i >= len(vals) - last else v for i, v in enumerate(vals)]


def _trend_end(base: float, step: float) -> list[float]:
    vals = _flat(base)[:17]
    return vals + [vals[-1] + step * (i + 1) for i in range(7)]


def _limit_end(base: float, jump: float) -> list[float]:
    vals = _flat(base)
    vals[-1] = base + jump
    return vals


# (id, section, kpi, polarity, target_value, values, owner, exception, selected by the rules?)
KPIS = [
    ("UC-01", "Urgent care", "Patients seen within 4 hours in the emergency department", "up", 95.0,
     [None if i == 5 else v for i, v in enumerate(_flat(74))], "Dr A. Okafor", "", True),  # failing, a gap
    ("UC-02", "Urgent care", "Ambulance handovers over 60 minutes", "down", None,
     _shift_end(40, 9), "M. Patel", "", True),                                 # concerning: 8 high points
    ("UC-03", "Urgent care", "Patients waiting over 12 hours from arrival", "down", 50.0,
     _limit_end(60, 30), "M. Patel", "", True),                                # concerning: outside the upper limit
    ("UC-04", "Urgent care", "Same-day emergency care share of admissions", "up", 30.0,
     _flat(33), "J. Byrne", "", False),                                        # hit and miss
    ("UC-05", "Urgent care", "Ambulance response category 2 mean (minutes)", "down", 30.0,
     _shift_end(28, -8), "J. Byrne", "", False),                               # improving run, passing-ish
    ("UC-06", "Urgent care", "Emergency attendances", "monitor", None,
     _shift_end(500, 30), "J. Byrne", "", False),                              # neither (monitor)
    ("UC-07", "Urgent care", "Time to initial assessment within 15 minutes", "up", 90.0,
     _flat(60), "Dr A. Okafor", "no", True),                                   # failing, suppressed
    ("UC-08", "Urgent care", "Discharges before noon", "up", 33.0,
     _flat(30), "S. Clarke", "yes", False),                                    # hit and miss, forced
    ("PC-01", "Planned care", "Patients waiting over 52 weeks", "down", 100.0,
     _trend_end(150, 4), "R. Evans", "", True),                                # concerning: 7 rising
    ("PC-02", "Planned care", "Referral to treatment within 18 weeks", "up", 60.0,
     _flat(58), "R. Evans", "", False),                                        # hit and miss
    ("PC-03", "Planned care", "Diagnostic waits over 6 weeks", "down", 5.0,
     _flat(4, 0.2), "R. Evans", "", False),                                    # target above upper: passing
    ("PC-04", "Planned care", "Theatre utilisation", "up", None,
     _shift_end(80, -9)[:-8] + _flat(80)[:8], "K. Ahmed", "", False),          # special cause early, not latest
    ("PC-05", "Planned care", "Day case rate", "up", 85.0,
     _flat(86), "K. Ahmed", "", False),
    ("PC-06", "Planned care", "Cancelled operations not rebooked within 28 days", "down", 10.0,
     [12, 14, 13, 15, 16, 18, 17, 19, 21, 22], "K. Ahmed", "", False),         # 10 points: direction only
    ("PC-07", "Planned care", "Outpatient follow-ups", "monitor", None,
     _flat(2000, 10), "K. Ahmed", "", False),
    ("PC-08", "Planned care", "Cancer 62-day treatment standard", "up", 85.0,
     _flat(80), "L. Moore", "", False),                                        # hit and miss
    ("PC-09", "Planned care", "Cancer faster diagnosis standard", "up", 75.0,
     _flat(70), "L. Moore", "", False),
    ("QS-01", "Quality and safety", "Hospital-onset C. difficile infections", "down", 3.0,
     _flat(3, 0.25), "Dr P. Singh", "", False),
    ("QS-02", "Quality and safety", "Falls with harm per 1,000 bed days", "down", 1.0,
     _shift_end(1.6, 0.5, scale=0.05), "Dr P. Singh", "", True),               # concerning run (and failing)
    ("QS-03", "Quality and safety", "Pressure ulcers category 2 and above", "down", 20.0,
     _flat(18), "Dr P. Singh", "", False),
    ("QS-04", "Quality and safety", "Venous thromboembolism risk assessment", "up", 95.0,
     _flat(96, 0.3), "Dr P. Singh", "", False),
    ("QS-05", "Quality and safety", "Complaints responded to within 25 days", "up", None,
     _shift_end(70, 8), "H. Wood", "", False),                                 # improving run
    ("QS-06", "Quality and safety", "Staff sickness absence", "down", 4.5,
     _flat(4.6, 0.1), "H. Wood", "", False),
    ("QS-07", "Quality and safety", "Mandatory training compliance", "up", 90.0,
     _flat(88), "H. Wood", "", False),
    ("QS-08", "Quality and safety", "Friends and family test: would recommend", "up", None,
     _flat(92, 0.5), "", "", False),
]

COMMENTARY = [
    ("UC-01", "What the data tell us", "Performance has been stable around 74% for two years, well below the "
                                       "95% standard."),
    ("UC-01", "Issues", "• Bed occupancy above 95%\n• Delayed discharges"),
    ("UC-01", "Actions", "Open the discharge lounge seven days a week.\nReview the front door streaming model."),
    ("UC-02", "What the data tell us", "Handovers over 60 minutes have been higher for eight months."),
    ("UC-02", "Risks and mitigations", "- Harm from delayed handover\n- Crews held at the door"),
    ("PC-01", "What the data tell us", "The number waiting over 52 weeks has risen for seven months."),
    ("PC-01", "Actions", "Insourcing weekend lists from June."),
    ("QS-02", "Issues", "Two wards account for half of the falls."),
    ("QS-02", "Issues", "Night staffing gaps."),
    ("UC-08", "What the data tell us", "Reported at the chief operating officer's request."),
    ("UC-04", "What the data tell us", "Not an exception: this commentary is not printed."),
]



def expected_reports() -> list[str]:
    """The ids that get a report, in table order: the rules' choice, minus `no`, plus `yes`."""
    return [k[0] for k in KPIS if (k[8] and k[7] != "no") or k[7] == "yes"]


def write_trust(path: Path, *, commentary: bool = True) -> Path:
    """The trust report as an .xlsx at ``path``."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "paper"
    ws.append(["field", "value"])
    for row in (("board", "Trust Board"), ("meeting", "May 2024"), ("title", "Integrated Performance Report"),
                ("layout", "ipr"), ("purpose", "To assure the board on performance.")):
        ws.append(list(row))
    ks = wb.create_sheet("kpis")
    ks.append(["id", "section", "kpi", "current", "current_period", "target", "target_value", "polarity", "owner",
               "exception"])
    for kid, section, text, polarity, target, values, owner, exception, _ in KPIS:
        latest = next(v for v in reversed(values) if v is not None)
        ks.append([kid, section, text, f"{latest:g}", "Mar 24", f"{target:g}" if target is not None else None,
                   target, polarity, owner or None, exception or None])
    ss = wb.create_sheet("series")
    ss.append(["kpi_id", "period", "value"])
    for kid, *_rest in KPIS:
        values = _rest[4]
        periods = MONTHS[-len(values):]
        for period, v in zip(periods, values):
            ss.append([kid, period, v])
    if commentary:
        cs = wb.create_sheet("commentary")
        cs.append(["kpi_id", "heading", "text"])
        for row in COMMENTARY:
            cs.append(list(row))
    wb.save(path)
    return path
