"""Processes that change (issue #28): rebases, fixed baselines, target trajectories and notes.

Every reading is checked against :func:`ref_reading`, a plain float XmR implementation written
here apart from boardpaper.spc (it imports nothing of boardpaper's), on series crafted so that the
answer with and without the rebase, the baseline or the trajectory differs. A property test checks
that a series with none of them reads exactly as it did before (``frozen_spc``, a copy of the old
reading kept in ``tests/helpers/frozen_spc.py``).
"""
from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boardpaper.spc import xmr as spc
from boardpaper.__main__ import main
from tests.helpers import frozen_spc
from tests.helpers.inputs import write_csvs

# ------------------------------------------------------------------------------------------------
# The independent reference
# ------------------------------------------------------------------------------------------------


def ref_reading(values, polarity="up", target=None, min_points=15, rebases=(), baseline=None) -> dict:
    """A KPI's reading worked out directly: the latest process is the values from the last rebase
    (a period index); its mean and mean moving range from its first ``baseline`` numbers (all
    without one); rules read at its latest point; assurance against ``target``."""
    start = max([i for i in rebases if 0 < i < len(values)], default=0)
    xs = [v for v in values[start:] if v is not None]
    n = len(xs)
    out = {"points": n, "variation": None, "assurance": None, "direction": None, "mean": None,
           "lower": None, "upper": None, "start": start}
    if n < 2:
        return out
    if n < min_points:
        d = xs[-1] - xs[-2]
        if d == 0:
            out["direction"] = "No change"
        elif polarity == "monitor":
            out["direction"] = "Up" if d > 0 else "Down"
        else:
            out["direction"] = "Improved" if (d > 0) == (polarity == "up") else "Deteriorated"
        return out
    base = xs[:baseline] if baseline else xs
    mean = sum(base) / len(base)
    amr = sum(abs(base[i] - base[i - 1]) for i in range(1, len(base))) / (len(base) - 1)
    ucl, lcl = mean + 2.66 * amr, mean - 2.66 * amr
    hi2, lo2 = mean + 2.66 * amr * 2 / 3, mean - 2.66 * amr * 2 / 3
    last = n - 1
    signals = []
    if xs[last] > ucl or xs[last] < lcl:
        signals.append(("limit", 1 if xs[last] > ucl else -1))
    k = 0
    while k < last and (xs[last - k] - xs[last - k - 1]) * (xs[last] - xs[last - 1]) > 0:
        k += 1
    if k >= 6:
        signals.append(("trend", 1 if xs[last] > xs[last - 1] else -1))
    for s0 in range(max(0, last - 2), last + 1):
        window = xs[s0:s0 + 3]
        if len(window) == 3:
            for side, beyond in ((1, lambda x: x > hi2), (-1, lambda x: x < lo2)):
                if beyond(xs[last]) and sum(beyond(x) for x in window) >= 2:
                    signals.append(("two-of-three", side))
    side_of = [(x > mean) - (x < mean) for x in xs]
    run = 0
    while run <= last and side_of[last - run] == side_of[last] != 0:
        run += 1
    if run >= 7:
        signals.append(("shift", side_of[last]))
    order = ["limit", "trend", "two-of-three", "shift"]
    signals.sort(key=lambda s: order.index(s[0]))
    if not signals:
        out["variation"] = "Common cause"
    elif polarity == "monitor":
        out["variation"] = "Special cause – neither"
    else:
        good = signals[0][1] == (1 if polarity == "up" else -1)
        out["variation"] = "Special cause – improving" if good else "Special cause – concerning"
    if target is not None and polarity != "monitor":
        if (target < lcl and polarity == "up") or (target > ucl and polarity == "down"):
            out["assurance"] = "Consistently passing"
        elif (target > ucl and polarity == "up") or (target < lcl and polarity == "down"):
            out["assurance"] = "Consistently failing"
        else:
            out["assurance"] = "Hit and miss"
    out.update(mean=mean, lower=lcl, upper=ucl)
    return out


def got(values, polarity="up", target=None, min_points=15, rebases=(), baseline=None) -> dict:
    r = spc.reading(values, polarity, target, min_points, rebases=[(i, f"reason {i}") for i in rebases],
                    baseline=baseline)
    return {"points": r.points, "variation": r.variation, "assurance": r.assurance, "direction": r.direction,
            "mean": r.mean, "lower": r.lower, "upper": r.upper, "start": r.segment_start}


def agree(a: dict, b: dict) -> bool:
    return all(a[k] == pytest.approx(b[k]) if isinstance(b[k], float) else a[k] == b[k] for k in b)


def wave(n: int, mid: float, half: float) -> list[float]:
    """``n`` points alternating ``mid + half``, ``mid - half``: no run, no trend."""
    return [mid + half if i % 2 == 0 else mid - half for i in range(n)]


# The crafted series: 12 points around 50, then 9 around 60.
STEP_UP = wave(12, 50, 2) + wave(9, 60, 2)

# ------------------------------------------------------------------------------------------------
# Rebase
# ------------------------------------------------------------------------------------------------


def test_a_rebase_reads_the_last_nine_points_as_common_cause_where_the_whole_series_is_special():
    without = got(STEP_UP, min_points=9)
    assert without["variation"] == "Special cause – improving"  # 9 points in a row above the mean
    assert agree(without, ref_reading(STEP_UP, min_points=9))
    rebased = got(STEP_UP, min_points=9, rebases=[12])
    assert rebased["variation"] == "Common cause" and rebased["points"] == 9 and rebased["start"] == 12
    assert rebased["mean"] == pytest.approx(542 / 9) and rebased["upper"] == pytest.approx(542 / 9 + 2.66 * 4)
    assert agree(rebased, ref_reading(STEP_UP, min_points=9, rebases=[12]))


def test_a_moving_range_is_never_taken_across_a_rebase():
    # the jump from 48 to 62 at the rebase would add a moving range of 14 to the second process
    r = spc.reading(STEP_UP, "up", None, 9, rebases=[(12, "new pathway")])
    assert r.upper - r.mean == pytest.approx(2.66 * 4)
    assert r.rebase_reason == "new pathway"


def test_a_latest_process_shorter_than_min_points_reads_as_direction():
    values = wave(16, 50, 2) + [70, 71, 69, 72, 73]
    for rebases in ([16], [3, 16]):
        r = got(values, min_points=9, rebases=rebases)
        assert r["direction"] == "Improved" and r["variation"] is None and r["points"] == 5
        assert agree(r, ref_reading(values, min_points=9, rebases=rebases))
    assert got(values, min_points=9)["variation"] is not None  # without the rebase: an XmR reading


def test_special_causes_are_read_within_each_process_on_the_chart():
    lim = spc.limits(STEP_UP, "up", 9, rebases=[(12, "new pathway")])
    assert [(s.start, s.end, s.mean, s.reason) for s in lim.segments] == [(0, 12, 50, ""), (12, 21, 542 / 9, "new pathway")]
    assert lim.special == ()  # each process is common cause on its own
    whole = spc.limits(STEP_UP, "up", 9)
    assert len(whole.segments) == 1 and {c.index for c in whole.special} >= set(range(12, 21))
    short = spc.limits(STEP_UP, "up", 10, rebases=[(12, "x")])  # the second process (9 points) has no lines
    assert [s.start for s in short.segments] == [0]


# ------------------------------------------------------------------------------------------------
# Baseline
# ------------------------------------------------------------------------------------------------


def test_a_baseline_of_twelve_fixes_the_limits_from_the_first_twelve_points():
    values = wave(12, 50, 1) + [40, 60, 41, 59, 42, 58, 43, 57]
    fixed = got(values, baseline=12)
    assert fixed["mean"] == 50 and fixed["upper"] == pytest.approx(50 + 2.66 * 2)
    assert fixed["variation"] == "Special cause – improving"  # 57 is beyond the fixed upper limit 55.32
    assert agree(fixed, ref_reading(values, baseline=12))
    free = got(values)
    assert free["variation"] == "Common cause" and free["upper"] > 57
    assert agree(free, ref_reading(values))


def test_a_baseline_applies_to_each_process_from_its_own_start():
    values = wave(15, 50, 1) + wave(12, 80, 1) + [85, 75, 86, 74, 87]
    r = got(values, rebases=[15], baseline=12)
    assert r["mean"] == 80 and r["points"] == 17
    assert agree(r, ref_reading(values, rebases=[15], baseline=12))
    assert r["variation"] == "Special cause – improving"  # 87 is beyond 80 + 5.32
    short = got(wave(15, 50, 1), baseline=20)  # fewer points than the baseline: all of them
    assert agree(short, ref_reading(wave(15, 50, 1)))


# ------------------------------------------------------------------------------------------------
# Target trajectory
# ------------------------------------------------------------------------------------------------


def test_a_rising_trajectory_above_the_upper_limit_reads_consistently_failing():
    values = wave(20, 80, 2)  # limits 80 ± 10.64
    assert got(values, target=65)["assurance"] == "Consistently passing"  # the old constant target
    from boardpaper.charts.spec import make_spec

    periods = [f"M{i}" for i in range(20)]
    trajectory = [(p, 70 + i) for i, p in enumerate(periods) if i % 5 == 0] + [("M19", 95)]
    spec = make_spec("k", "k", [(p, v, "") for p, v in zip(periods, values)], polarity="up", target=65,
                     targets=trajectory)
    assert spec.target == 95 and spec.targets[:6] == (70, 70, 70, 70, 70, 75) and spec.targets[-2] == 85
    r = spc.reading(spec.series[0].values, "up", spec.target)
    assert r.assurance == "Consistently failing" and r.target == 95
    assert r.assurance == ref_reading(values, target=95)["assurance"]


def test_series_targets_take_precedence_and_carry_forward_from_the_kpi_target():
    from boardpaper.charts.spec import make_spec

    pts = [(f"M{i}", 1.0, "") for i in range(5)]
    spec = make_spec("k", "k", pts, target=3, targets=[("M2", 7), ("M4", 9)])
    assert spec.targets == (3, 3, 7, 7, 9) and spec.target == 9
    assert make_spec("k", "k", pts, targets=[("M1", 7)]).targets == (None, 7, 7, 7, 7)
    assert make_spec("k", "k", pts, target=3).targets == () and make_spec("k", "k", pts, target=3).target == 3


# ------------------------------------------------------------------------------------------------
# Nothing changes without them
# ------------------------------------------------------------------------------------------------

FIELDS = ("points", "variation", "assurance", "direction", "mean", "lower", "upper", "special", "icon",
          "assurance_icon")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(-50, 150), st.floats(-1e6, 1e6, allow_nan=False),
                          st.sampled_from([0.1, 0.2, 0.3, 12.5, 12.5])), max_size=40),
       st.sampled_from(["up", "down", "monitor"]),
       st.one_of(st.none(), st.integers(-50, 150), st.floats(-1e6, 1e6, allow_nan=False)),
       st.integers(2, 20))
def test_without_rebase_baseline_or_trajectory_the_reading_is_as_before(values, polarity, target, min_points):
    new, old = spc.reading(values, polarity, target, min_points), frozen_spc.reading(values, polarity, target,
                                                                                    min_points)
    assert (new is None) == (old is None)
    if new is not None:
        assert tuple(getattr(new, f) for f in FIELDS) == tuple(getattr(old, f) for f in FIELDS)
        assert new.segment_start == 0 and new.rebase_reason == ""
        lim = spc.limits(values, polarity, min_points)
        if lim is not None:
            (seg,) = lim.segments
            assert (seg.mean, seg.lower, seg.upper) == (old.mean, old.lower, old.upper)
            assert tuple(c.index for c in lim.special) == old.special


# ------------------------------------------------------------------------------------------------
# From a workbook: the held-out style, with the workbook's own layout
# ------------------------------------------------------------------------------------------------

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


def expected(case: dict) -> dict:
    values = case["values"]
    target = case.get("target")
    if case.get("targets"):
        target = case["targets"][max(case["targets"])]
    return ref_reading(values, case["polarity"], target, 9, tuple(case["rebases"]), case.get("baseline"))


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    folder = tmp_path_factory.mktemp("trust")
    sheets, cases = process_sheets()
    path = write_csvs(folder / "may", sheets)
    (folder / "layouts").mkdir()
    (folder / "layouts" / "trust.toml").write_text(LAYOUT, encoding="utf-8")
    return path, cases


def test_status_json_agrees_with_the_independent_reading_on_every_kpi(workbook, capsys):
    path, cases = workbook
    assert main(["status", str(path), "--json"]) == 0
    rows = {r["kpi"]: r for r in json.loads(capsys.readouterr().out)}
    for kid, case in cases.items():
        want, row = expected(case), rows[kid]
        for key in ("points", "variation", "assurance", "direction"):
            assert row[key] == want[key], (kid, key)
        for key in ("mean", "lower", "upper"):
            assert (row[key] is None) == (want[key] is None) and (row[key] is None or math.isclose(
                row[key], want[key], abs_tol=1e-9)), (kid, key)
        assert row["segment_start"] == f"{('Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec')[want['start'] % 12]} {23 + want['start'] // 12}"
        assert row["rebase_reason"] == (case["rebases"].get(want["start"]) or None)
    assert rows["REB"]["variation"] == "Common cause" and rows["NOREB"]["variation"] == "Special cause – improving"
    assert rows["SHORT"]["direction"] == "Improved" or rows["SHORT"]["direction"] == "Deteriorated"
    assert rows["BASE"]["mean"] == 50 and rows["BASE"]["variation"] == "Special cause – improving"
    assert rows["TRAJ"]["assurance"] == "Consistently failing" and rows["TRAJ"]["target"] == 95
    assert rows["FLAT"]["assurance"] == "Consistently passing" and rows["FLAT"]["target"] == 65


# ------------------------------------------------------------------------------------------------
# Bad values: one error each, naming sheet, row and column
# ------------------------------------------------------------------------------------------------


def problems(tmp_path, sheets, name="bad") -> list[str]:
    from boardpaper.errors import InputError
    from boardpaper.readers.workbook import read_paper
    from tests.helpers.inputs import write_xlsx

    with pytest.raises(InputError) as e:
        read_paper(write_xlsx(tmp_path / f"{name}.xlsx", sheets))
    return [str(p) for p in e.value.errors]


def series_row(sheets, kid: str, i: int) -> list:
    """The ``i``-th series row of KPI ``kid`` (its spreadsheet row is its index + 1)."""
    return [r for r in sheets["series"] if r[0] == kid][i]


def row_number(sheets, row) -> int:
    return next(n for n, r in enumerate(sheets["series"], start=1) if r is row)


@pytest.mark.parametrize("baseline, words", [
    ("11", "a baseline of 11 points is too few: fixed limits need at least 12"),
    ("12.5", "'12.5' is not a whole number of points"),
    ("twelve", "'twelve' is not a whole number of points"),
    ("50%", "'50%' is not a whole number of points"),
])
def test_a_bad_baseline_is_an_error_naming_its_cell(tmp_path, baseline, words):
    sheets, _ = process_sheets()
    sheets["kpis"][1][5] = baseline
    (found,) = problems(tmp_path, sheets)
    assert found.startswith("kpis sheet, row 2, column `baseline`: ") and words in found


def test_a_whole_number_baseline_typed_as_a_number_is_accepted(tmp_path):
    from boardpaper.readers.workbook import read_paper
    from tests.helpers.inputs import write_xlsx

    sheets, _ = process_sheets()
    sheets["kpis"][1][5] = 12.0  # a number cell, as Excel stores 12
    assert read_paper(write_xlsx(tmp_path / "ok.xlsx", sheets)).kpis[0].baseline == 12


def test_a_rebase_leaving_a_process_of_fewer_than_two_points_is_an_error(tmp_path):
    sheets, _ = process_sheets()
    first = series_row(sheets, "REB", 0)
    first[4] = "From the start"  # nothing before it
    before_end = series_row(sheets, "NOREB", 20)
    before_end[4] = "Last month"  # 1 point from it to the end
    between = series_row(sheets, "SHORT", 17)
    between[4] = "Another change"  # 1 point between the rebases at 16 and 17
    found = problems(tmp_path, sheets)
    assert len(found) == 3, found
    assert found[0].startswith(f"series sheet, row {row_number(sheets, first)}, column `rebase`: the rebase at "
                               "'Jan 23' leaves 0 points before it")
    assert found[1].startswith(f"series sheet, row {row_number(sheets, before_end)}, column `rebase`: the rebase "
                               "at 'Sep 24' leaves 1 point from it to the end")
    assert found[2].startswith(f"series sheet, row {row_number(sheets, series_row(sheets, 'SHORT', 16))}, "
                               "column `rebase`: the rebase at 'May 24' leaves 1 point from it to the next rebase")


def test_a_text_target_and_two_targets_or_reasons_for_one_period_are_errors(tmp_path):
    sheets, _ = process_sheets()
    text = series_row(sheets, "TRAJ", 3)
    text[5] = "ninety"
    series = sheets["series"]
    again = ["TRAJ", "Jan 23", "", "Other", "", "72", ""]  # a second row for Jan 23 with another target
    reason = ["REB", "Jan 24", "", "Other", "Something else", "", ""]
    series += [again, reason]
    found = problems(tmp_path, sheets)
    assert found[0] == (f"series sheet, row {row_number(sheets, text)}, column `target`: 'ninety' is not a "
                        "number: `target` is this period's target (e.g. 95 or 95%; blank keeps the one before)")
    assert any("'ninety' is not a number" in p and "column `target`" in p for p in found)
    assert any("period 'Jan 23' already has the target 70" in p and f"row {len(series) - 1}," in p for p in found)
    assert any("period 'Jan 24' already has the rebase" in p and f"row {len(series)}," in p for p in found)
    assert len(found) == 3


def test_a_target_written_unlike_the_values_is_an_error(tmp_path):
    sheets, _ = process_sheets()
    row = series_row(sheets, "TRAJ", 5)
    row[5] = "75%"
    (found,) = problems(tmp_path, sheets)
    assert found.startswith(f"series sheet, row {row_number(sheets, row)}, column `target`: the target '75%' is "
                            "a percentage but the KPI's values are plain numbers")


def test_notes_on_a_kpi_without_a_chart_are_a_warning(tmp_path):
    from boardpaper.readers.workbook import read_paper
    from tests.helpers.inputs import write_xlsx

    sheets, _ = process_sheets()
    sheets["kpis"][0].append("chart")
    for r in sheets["kpis"][1:]:
        r.append("none" if r[0] == "NOTED" else "")
    paper = read_paper(write_xlsx(tmp_path / "w.xlsx", sheets))
    (w,) = [str(p) for p in paper.warnings]
    assert "kpis sheet, row 8, column `chart`" in w and "2 notes" in w and "not shown" in w


def test_data_frames_carry_rebases_targets_and_notes(tmp_path):
    pd = pytest.importorskip("pandas")
    from boardpaper.errors import InputError
    from boardpaper.readers.frames import read_frames

    sheets, cases = process_sheets()
    frames = {k: pd.DataFrame(v[1:], columns=v[0]) for k, v in sheets.items() if k != "paper"}
    series = frames["series"]
    series["value"] = pd.to_numeric(series["value"])
    series["target"] = pd.to_numeric(series["target"])  # blanks become NaN
    paper = dict(sheets["paper"][1:])
    got = read_frames(paper, frames["kpis"], None, series, name="trust")
    noted = got.series["NOTED"]
    assert [p.note for p in noted if p.note] == ["Winter pressures", "New ward opened"]
    assert [p.target for p in got.series["TRAJ"] if p.target is not None] == [70, 75, 80, 85, 95]
    assert got.kpis[3].baseline == 12
    series.loc[0, "rebase"] = "At the start"
    with pytest.raises(InputError) as e:
        read_frames(paper, frames["kpis"], None, series, name="trust")
    assert str(e.value.errors[0]).startswith("series frame, row 0, column `rebase`: the rebase at 'Jan 23'")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(0, 100)), min_size=4, max_size=40), st.data(),
       st.sampled_from(["up", "down", "monitor"]), st.integers(2, 12))
def test_a_rebased_reading_is_the_reading_of_its_latest_process_alone(values, data, polarity, min_points):
    cut = data.draw(st.integers(1, len(values) - 1))
    whole = spc.reading(values, polarity, 50, min_points, rebases=[(cut, "why")])
    alone = spc.reading(values[cut:], polarity, 50, min_points)
    assert (whole is None) == (alone is None)
    if whole is not None:
        assert tuple(getattr(whole, f) for f in FIELDS if f != "special") == tuple(
            getattr(alone, f) for f in FIELDS if f != "special")
        assert whole.special == tuple(cut + i for i in alone.special)
        assert (whole.segment_start, whole.rebase_reason) == (cut, "why")


def test_the_plain_status_table_says_since_when_a_kpi_was_rebased(workbook, capsys):
    path, _ = workbook
    assert main(["status", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["KPI", "Points", "Since"]
    assert next(line for line in lines if line.startswith("REB ")).split()[1:4] == ["9", "Jan", "24"]


def test_rows_out_of_time_order_read_as_in_time_order(tmp_path, capsys):
    sheets, _ = process_sheets()
    header, *rows = sheets["series"]
    sheets["series"] = [header] + rows[::-1]  # months typed newest first
    folder = write_csvs(tmp_path / "reversed", sheets)
    (tmp_path / "layouts").mkdir()
    (tmp_path / "layouts" / "trust.toml").write_text(LAYOUT, encoding="utf-8")
    assert main(["status", str(folder), "--json"]) == 0
    reversed_rows = json.loads(capsys.readouterr().out)
    sheets, _ = process_sheets()
    folder = write_csvs(tmp_path / "ordered", sheets)
    assert main(["status", str(folder), "--json"]) == 0
    assert reversed_rows == json.loads(capsys.readouterr().out)
    assert next(r for r in reversed_rows if r["kpi"] == "REB")["segment_start"] == "Jan 24"
