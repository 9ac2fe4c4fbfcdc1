"""Statistical process control readings (boardpaper.spc.xmr), from first principles.

Series are built so that each rule fires, or just misses: a base that alternates around its mean
(no run on one side, no trend) with a pattern at the end. Expected limits are worked out by hand in
the comments; the bundled IPR example is checked against an independent float XmR computation.
"""
from __future__ import annotations

import json
import math

import pytest

from boardpaper.spc import xmr as spc
from boardpaper.__main__ import main
from boardpaper.api import read
from boardpaper.errors import InputError
from boardpaper.layout import LAYOUTS_DIR, load_layout, status_options
from tests.helpers.inputs import ROOT, good_sheets, write_csvs

IPR_CSV = ROOT / "inputs" / "ipr-example"
IPR_XLSX = ROOT / "inputs" / "ipr-example.xlsx"


def alternating(n: int, high: float = 12, low: float = 10, first_high: bool = True) -> list[float]:
    return [(high if (i % 2 == 0) == first_high else low) for i in range(n)]


def flagged(values, rule: str | None = None) -> list[int]:
    chart = spc.xmr(values)
    return [i for i, (_, rules) in chart.special.items() if rule is None or rule in rules]


# ------------------------------------------------------------------------------------------------
# Limits
# ------------------------------------------------------------------------------------------------


def test_limits_are_mean_plus_minus_2_66_mean_moving_ranges():
    r = spc.reading(alternating(20), "up")  # mean 11, every moving range 2
    assert (r.mean, r.points) == (11.0, 20)
    assert r.lower == pytest.approx(11 - 5.32) and r.upper == pytest.approx(11 + 5.32)
    assert (r.variation, r.icon, r.special, r.direction) == ("Common cause", "variation-common", (), None)


def test_a_point_exactly_on_the_upper_limit_is_inside_and_just_beyond_is_outside():
    # 19 points 89, 80, …, 89 then 112: mean 1722/20 = 86.1, mean moving range (18 × 9 + 23)/19 = 185/19,
    # upper limit 86.1 + 2.66 × 185/19 = 86.1 + 25.9 = 112.0 exactly
    on = alternating(19, 89, 80) + [112]
    r = spc.reading(on, "up")
    assert r.upper == 112.0 and r.mean == pytest.approx(86.1)
    assert r.variation == "Common cause" and r.special == ()
    beyond = spc.reading(alternating(19, 89, 80) + [112.1], "up")  # the limit moves only to 112.019
    assert beyond.upper < 112.1
    assert beyond.variation == "Special cause – improving" and beyond.special == (19,)
    assert spc.xmr(alternating(19, 89, 80) + [112.1]).special == {19: ("high", ("limit",))}


def test_a_flat_series_is_common_cause_every_point_on_the_mean_and_limits():
    r = spc.reading([50.0] * 20, "up", target=50)
    assert (r.mean, r.lower, r.upper) == (50.0, 50.0, 50.0)
    assert r.variation == "Common cause" and r.special == ()  # no shift (on the mean), no trend (ties)
    assert r.assurance == "Hit and miss"  # the target on a limit is not beyond it


@pytest.mark.parametrize("polarity, word, icon", [
    ("up", "Special cause – concerning", "variation-concerning-low"),
    ("down", "Special cause – improving", "variation-improving-low"),
    ("monitor", "Special cause – neither", "variation-neither-low"),
])
def test_a_latest_point_below_the_lower_limit_reads_by_polarity(polarity, word, icon):
    r = spc.reading(alternating(19) + [1], polarity)
    assert (r.variation, r.icon, r.special) == (word, icon, (19,))


# ------------------------------------------------------------------------------------------------
# Shift: 7 or more consecutive points on one side of the mean
# ------------------------------------------------------------------------------------------------


def _shift(k: int) -> list[float]:
    """16 alternating points (mean 11) ending below the mean, then ``k`` points just above it
    that alternate (no trend, nowhere near 2/3 of the way to a limit)."""
    return alternating(16) + [11.5 if i % 2 == 0 else 11.8 for i in range(k)]


def test_seven_points_above_the_mean_are_a_shift_and_six_are_not():
    six, seven = spc.reading(_shift(6), "up"), spc.reading(_shift(7), "up")
    assert six.variation == "Common cause" and six.special == ()
    assert seven.variation == "Special cause – improving" and seven.icon == "variation-improving-high"
    assert seven.special == tuple(range(16, 23))
    assert flagged(_shift(7), "shift") == list(range(16, 23))
    assert spc.reading(_shift(7), "down").variation == "Special cause – concerning"


def test_a_point_exactly_on_the_mean_breaks_a_run():
    # deviations from 11: three base lows of 8.7 (-1.3 each) balance six run points (+3.9 in all),
    # so the mean is exactly 11 and the 4th point of the run sits on it
    base = alternating(16)
    for i in (1, 3, 5):
        base[i] = 8.7
    on_mean = base + [11.5, 11.8, 11.5, 11.0, 11.8, 11.5, 11.8]
    r = spc.reading(on_mean, "up")
    assert r.mean == 11.0
    assert r.variation == "Common cause" and flagged(on_mean, "shift") == []
    above = base + [11.5, 11.8, 11.5, 11.2, 11.8, 11.5, 11.8]  # the same run, its 4th point just above
    assert flagged(above, "shift") == list(range(16, 23))


def test_a_gap_is_skipped_not_read_as_zero():
    # the shift of 7 has a missing month in it: still 7 consecutive numbers; the gap is no low point
    values = _shift(3) + [None] + [11.5, 11.8, 11.5, 11.8]
    chart = spc.xmr(values)
    assert chart.points == 23 and float(chart.mean) == pytest.approx(sum(v for v in values if v) / 23)
    assert sorted(chart.special) == [16, 17, 18, 20, 21, 22, 23]  # positions in period order, gap counted
    r = spc.reading(values, "up")
    assert r.variation == "Special cause – improving" and 19 not in r.special
    assert spc.reading([10, None, 12], "up").direction == "Improved"  # 12 against 10, not against a gap


# ------------------------------------------------------------------------------------------------
# Trend: 7 or more consecutive points each higher (or lower) than the one before
# ------------------------------------------------------------------------------------------------

RISE = [10.25, 10.5, 10.75, 11.05, 11.3, 11.55, 11.8]


def test_seven_rising_points_are_a_trend_and_six_are_not():
    base = alternating(16)  # ends on 10; the first rising point is above it, so start after a 12
    base.append(12)
    seven, six = base + RISE, base + RISE[1:]
    assert flagged(seven, "trend") == list(range(17, 24)) and flagged(six, "trend") == []
    assert spc.reading(seven, "up").variation == "Special cause – improving"
    assert spc.reading(seven, "up").icon == "variation-improving-high"
    assert spc.reading(six, "up").variation == "Common cause"


def test_a_falling_trend_is_low_even_above_the_mean():
    base = alternating(17, first_high=False)  # ends on 10
    fall = [12.0, 11.9, 11.8, 11.7, 11.6, 11.5, 11.4]  # all above the mean, each lower than the last
    chart = spc.xmr(base + fall)
    assert chart.special[23] == ("low", ("trend", "shift"))  # the trend's side wins over the shift's
    assert spc.reading(base + fall, "up").variation == "Special cause – concerning"
    assert spc.reading(base + fall, "up").icon == "variation-concerning-low"


def test_an_equal_value_breaks_a_trend():
    base = alternating(16) + [12]
    tie = base + [10.25, 10.5, 10.75, 10.75, 11.05, 11.3, 11.55]
    assert flagged(tie, "trend") == []
    assert spc.reading(tie, "up").variation == "Common cause"


# ------------------------------------------------------------------------------------------------
# Two of three beyond two-thirds of the way to a limit, on the same side
# ------------------------------------------------------------------------------------------------


def test_two_of_three_beyond_two_thirds_on_the_same_side():
    # 20 alternating 12/10, then 16.5, 11, 16.5: mean 264/23 = 11.48; mean moving range
    # (19 × 2 + 6.5 + 5.5 + 5.5)/22 = 2.52; upper limit 18.19; two-thirds line 15.95
    values = alternating(20) + [16.5, 11, 16.5]
    chart = spc.xmr(values)
    near_high = chart.mean + (chart.upper - chart.mean) * 2 / 3
    assert 16.5 > near_high and 16.5 < chart.upper and 11 < near_high
    assert flagged(values, "two-of-three") == [20, 22] and flagged(values) == [20, 22]
    assert spc.reading(values, "up").variation == "Special cause – improving"
    assert spc.reading(values, "down").icon == "variation-concerning-high"


def test_two_of_three_on_split_sides_or_one_of_three_is_not_special():
    split = alternating(20) + [16.5, 11, 5.5]
    chart = spc.xmr(split)
    assert 5.5 > chart.lower and 5.5 < chart.mean - (chart.upper - chart.mean) * 2 / 3
    assert flagged(split) == []
    assert spc.reading(split, "up").variation == "Common cause"
    one = alternating(20) + [11.5, 11, 16.5]
    assert flagged(one) == []


# ------------------------------------------------------------------------------------------------
# Assurance
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("polarity, target, word, icon", [
    ("up", 5, "Consistently passing", "assurance-passing"),        # below the lower limit 5.68
    ("up", 17, "Consistently failing", "assurance-failing"),       # above the upper limit 16.32
    ("up", 11, "Hit and miss", "assurance-hit-and-miss"),
    ("down", 17, "Consistently passing", "assurance-passing"),
    ("down", 5, "Consistently failing", "assurance-failing"),
    ("down", 16, "Hit and miss", "assurance-hit-and-miss"),
    ("monitor", 5, None, ""),
    ("up", None, None, ""),
])
def test_assurance_from_the_target_against_the_limits(polarity, target, word, icon):
    r = spc.reading(alternating(20), polarity, target)
    assert (r.assurance, r.assurance_icon) == (word, icon)


def test_a_target_exactly_on_a_limit_is_hit_and_miss():
    values = alternating(19, 89, 80) + [112]  # upper limit exactly 112 (see above)
    assert spc.reading(values, "up", 112).assurance == "Hit and miss"
    assert spc.reading(values, "up", 112.01).assurance == "Consistently failing"
    assert spc.reading(values, "down", 112.01).assurance == "Consistently passing"


# ------------------------------------------------------------------------------------------------
# Direction of travel, and too few points
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("values, polarity, word, icon", [
    ([5, 6], "up", "Improved", "direction-improved-up"),
    ([6, 5], "up", "Deteriorated", "direction-deteriorated-down"),
    ([6, 5], "down", "Improved", "direction-improved-down"),
    ([5, 6], "down", "Deteriorated", "direction-deteriorated-up"),
    ([5, 5], "up", "No change", "direction-no-change"),
    ([5, 6], "monitor", "Up", "direction-up"),
    ([6, 5], "monitor", "Down", "direction-down"),
    ([5, 5.0], "monitor", "No change", "direction-no-change"),
])
def test_direction_words(values, polarity, word, icon):
    r = spc.reading(values, polarity, target=5.5)
    assert (r.direction, r.icon, r.variation, r.assurance, r.points) == (word, icon, None, None, 2)
    assert r.words == (word,)


def test_fourteen_points_give_a_direction_and_fifteen_an_xmr_reading():
    fourteen = alternating(13) + [30]
    assert spc.reading(fourteen, "up").direction == "Improved"
    assert spc.reading(fourteen, "up").variation is None and spc.reading(fourteen, "up").mean is None
    fifteen = alternating(14) + [30]
    assert spc.reading(fifteen, "up").variation == "Special cause – improving"
    assert spc.reading(fifteen, "up").direction is None
    assert spc.reading(fourteen, "up", min_points=14).variation == "Special cause – improving"


@pytest.mark.parametrize("values", [[], [None, None], [7], [None, 7.0, None], [float("nan"), 3]])
def test_fewer_than_two_numbers_give_no_reading(values):
    assert spc.reading(values, "up", 5) is None


def test_every_icon_key_has_its_words_and_every_word_an_icon():
    assert set(spc.ICONS.values()) == set(spc.WORDS)
    assert all(w in spc.WORDS for w in ("Special cause – improving", "Special cause – concerning",
                                        "Special cause – neither", "Common cause"))
    assert "–" in spc.IMPROVING and "-" not in spc.IMPROVING  # an en dash, as printed


def test_the_key_states_the_parameters():
    assert spc.KEY == spc.key_lines(15)
    text = " ".join(spc.key_lines(10))
    assert "With 10 or more points" in text and "With 2 to 9 points" in text
    assert "2.66" in text and "7 or more consecutive points" in text and "2 of 3" in text
    for word in spc.WORDS:
        assert word in text


# ------------------------------------------------------------------------------------------------
# The bundled IPR example against an independent computation
# ------------------------------------------------------------------------------------------------


def reference_reading(values: list[float | None], polarity: str, target: float | None) -> dict:
    """A straightforward float XmR reading, written apart from boardpaper.spc.xmr."""
    xs = [v for v in values if v is not None]
    n = len(xs)
    if n < 2:
        return {"points": n, "variation": None, "assurance": None, "direction": None}
    if n < 15:
        d = xs[-1] - xs[-2]
        if d == 0:
            word = "No change"
        elif polarity == "monitor":
            word = "Up" if d > 0 else "Down"
        else:
            word = "Improved" if (d > 0) == (polarity == "up") else "Deteriorated"
        return {"points": n, "variation": None, "assurance": None, "direction": word}
    mean = sum(xs) / n
    amr = sum(abs(xs[i] - xs[i - 1]) for i in range(1, n)) / (n - 1)
    ucl, lcl = mean + 2.66 * amr, mean - 2.66 * amr
    hi2, lo2 = mean + 2.66 * amr * 2 / 3, mean - 2.66 * amr * 2 / 3
    last = n - 1
    signals = []  # (rule, side) of the latest point
    if xs[last] > ucl or xs[last] < lcl:
        signals.append(("limit", 1 if xs[last] > ucl else -1))
    k = 0  # rises or falls in a row ending at the latest point
    while k < last and (xs[last - k] - xs[last - k - 1]) * (xs[last] - xs[last - 1]) > 0:
        k += 1
    if k >= 6:
        signals.append(("trend", 1 if xs[last] > xs[last - 1] else -1))
    for start in range(max(0, last - 2), last + 1):  # every window of 3 holding the latest point
        window = xs[start:start + 3]
        if len(window) < 3:
            continue
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
        variation = "Common cause"
    elif polarity == "monitor":
        variation = "Special cause – neither"
    else:
        good = signals[0][1] == (1 if polarity == "up" else -1)
        variation = "Special cause – improving" if good else "Special cause – concerning"
    assurance = None
    if target is not None and polarity != "monitor":
        if (target < lcl and polarity == "up") or (target > ucl and polarity == "down"):
            assurance = "Consistently passing"
        elif (target > ucl and polarity == "up") or (target < lcl and polarity == "down"):
            assurance = "Consistently failing"
        else:
            assurance = "Hit and miss"
    return {"points": n, "variation": variation, "assurance": assurance, "direction": None}


def _read_csv(name: str) -> list[dict]:
    import csv

    with open(IPR_CSV / f"{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _status_json(capsys, *args) -> list[dict]:
    assert main(["status", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_ipr_example_matches_an_independent_xmr_computation(capsys):
    kpis = _read_csv("kpis")
    series: dict[str, list[float | None]] = {}
    for row in _read_csv("series"):  # one series per KPI, periods in order
        series.setdefault(row["kpi_id"], []).append(float(row["value"].rstrip("%")) if row["value"] else None)
    expected = []
    for k in kpis:
        target = float(k["target_value"].rstrip("%")) if k["target_value"] else None
        got = reference_reading(series.get(k["id"], []), k["polarity"], target)
        # the ipr layout's exception rules: special cause concerning, consistently failing
        exception = got["variation"] == "Special cause – concerning" or got["assurance"] == "Consistently failing"
        expected.append({"kpi": k["id"], **got, "exception": exception, "owner": k.get("owner") or None})
    keys = ("kpi", "points", "variation", "assurance", "direction", "exception", "owner")
    for got in (_status_json(capsys, str(IPR_XLSX)), _status_json(capsys, str(IPR_CSV))):
        assert [{k: r[k] for k in keys} for r in got] == expected
    seen = {v for e in expected for v in (e["variation"], e["assurance"], e["direction"]) if v}
    assert seen == set(spc.WORDS)  # the example shows every reading
    assert 15 <= len(kpis) <= 30 and any(None in s for s in series.values())  # a gap is in it


def test_status_json_shape_and_plain_table(capsys, tmp_path):
    sheets = good_sheets()  # A1 has 3 points (direction), the others none
    rows = _status_json(capsys, str(write_csvs(tmp_path / "in", sheets)))
    assert [list(r) for r in rows] == [["kpi", "points", "variation", "assurance", "direction", "segment_start",
                                        "mean", "lower", "upper", "target", "rebase_reason", "exception", "owner"]] * 4
    assert rows[0] == {"kpi": "A1", "points": 3, "variation": None, "assurance": None, "direction": "Improved",
                       "segment_start": "2023/24", "mean": None, "lower": None, "upper": None, "target": None,
                       "rebase_reason": None, "exception": False, "owner": None}
    assert rows[1]["points"] == 0 and rows[1]["segment_start"] is None and rows[1]["direction"] is None
    assert main(["status", str(IPR_XLSX)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["KPI", "Points", "Variation", "Assurance", "Direction", "Exception", "Owner"]
    assert len(out) == 1 + len(_read_csv("kpis"))
    assert "Special cause – improving" in "\n".join(out)


def test_status_reports_bad_input_without_a_traceback(capsys, tmp_path):
    sheets = good_sheets()
    sheets["kpis"][1][10] = "sideways"
    assert main(["status", str(write_csvs(tmp_path / "bad", sheets)), "--json"]) == 2
    err = capsys.readouterr().err
    assert "polarity" in err and "Traceback" not in err


# ------------------------------------------------------------------------------------------------
# Into the document
# ------------------------------------------------------------------------------------------------


def test_the_ipr_layout_puts_readings_limits_status_column_and_summary_in_the_model():
    _, layout, doc = read(IPR_XLSX)
    assert layout.name == "ipr" and layout.status.column and layout.status.summary
    rows = [r for s in doc.sections for r in s.rows]
    for s in doc.sections:
        assert [c.key for c in s.columns].count("status") == 1
        assert s.chart_column == "current" and "Variation / Assurance" in s.description
    for r in rows:
        assert r.value("status") == (r.reading.text if r.reading else "")
        if r.reading and r.reading.mean is not None:
            lim = r.chart.limits
            (seg,) = lim.segments
            assert (seg.mean, seg.lower, seg.upper) == (r.reading.mean, r.reading.lower, r.reading.upper)
            assert tuple(p.index for p in lim.special) == r.reading.special
            assert all(r.chart.series[0].values[i] is not None for i in r.reading.special)
        elif r.chart:
            assert r.chart.limits is None
        if r.reading:
            assert r.reading.icon in spc.ICONS and (r.reading.assurance_icon in spc.ICONS
                                                    or not r.reading.assurance)
    summary = doc.summary
    assert [e.kpi_id for e in summary.entries] == [r.id for r in rows]
    assert [e.anchor for e in summary.entries] == [r.anchor for r in rows]
    assert len({r.anchor for r in rows}) == len(rows)
    assert summary.title == "Summary of performance" and summary.key == spc.key_lines(15)
    counts = dict(summary.counts)
    assert counts[spc.NO_READING] == 1 and sum(counts[w] for w in spc.VARIATIONS + spc.DIRECTIONS) == len(rows) - 1
    ae = next(e for e in summary.entries if e.kpi_id == "RES-01")
    assert ae.latest.endswith("[Mar 25]") and ae.variation == "Special cause – improving"
    assert ae.assurance == "Consistently failing" and ae.direction is None


def test_the_spcb_layout_keeps_status_off():
    _, layout, doc = read(ROOT / "inputs" / "spcb-2022-05.xlsx")
    assert not layout.status.on and doc.summary is None
    rows = [r for s in doc.sections for r in s.rows]
    assert all(r.reading is None and r.value("status") == "" for r in rows)
    assert all(c.key != "status" for s in doc.sections for c in s.columns)
    assert all(r.chart is None or r.chart.limits is None for r in rows)
    assert len({r.anchor for r in rows}) == len(rows) and all(r.anchor.startswith("bp_k_") for r in rows)


def test_row_anchors_are_word_bookmark_names_stable_and_unique():
    a = spc.row_anchors(["RCP-01", "RCP_01", "x" * 60, "Ŵ 1"])
    assert a["RCP-01"] == "bp_k_RCP_01" and a["RCP_01"] == "bp_k_RCP_01_2"
    assert all(len(v) <= 40 and v.replace("_", "").isalnum() and v.isascii() for v in a.values())
    assert a == spc.row_anchors(["RCP-01", "RCP_01", "x" * 60, "Ŵ 1"])


def test_a_layout_can_turn_the_status_on_with_its_own_min_points(tmp_path):
    toml = tmp_path / "on.toml"
    toml.write_text((LAYOUTS_DIR / "spcb.toml").read_text(encoding="utf-8").replace(
        'reference_docx = "spcb.docx"', "").replace("column = false", "column = true").replace(
        "min_points = 15", "min_points = 3"), encoding="utf-8")
    sheets = good_sheets()
    _, _, doc = read(write_csvs(tmp_path / "in", sheets), layout=toml)
    a1 = doc.sections[0].rows[0]
    assert a1.reading.variation == "Common cause" and a1.reading.points == 3  # 10, 15, 12 read as XmR
    assert a1.value("status") == "Common cause" and doc.summary is None
    assert doc.sections[0].columns[-1].key == "status"
    assert doc.sections[0].chart_column != "status" and "Status" in doc.sections[0].description


def test_bad_status_values_are_each_reported():
    with pytest.raises(InputError) as e:
        status_options({"column": "yes", "min_points": 1, "colour": "red", "label": 3}, file="x.toml")
    text = str(e.value)
    for part in ("`column`", "`min_points`", "`colour`", "`label`"):
        assert part in text
    assert status_options({"min_points": 20}).min_points == 20
    assert load_layout(LAYOUTS_DIR / "ipr.toml").status.min_points == 15


def test_float_noise_does_not_move_a_point_off_the_mean():
    # 0.1 + 0.2 is 0.30000000000000004 in binary; as typed, the points sit on the mean 0.2
    values = [0.1, 0.3] * 8 + [0.2] * 7
    assert math.isclose(spc.reading(values).mean, 0.2)
    assert flagged(values, "shift") == []


def test_random_series_agree_with_the_independent_computation():
    import random

    rng = random.Random(18)
    kinds = {"Common cause": 0, "special": 0}
    for case in range(400):
        n = rng.randint(2, 30)
        drift = rng.choice([0, 0, 0.3, -0.3, 0.8, -0.8])
        values = [round(50 + drift * i + rng.gauss(0, 3), rng.choice([0, 1])) for i in range(n)]
        if rng.random() < 0.3:
            values[rng.randrange(n)] = None
        polarity = rng.choice(["up", "down", "monitor"])
        target = rng.choice([None, 45, 50, 55, 60])
        got = spc.reading(values, polarity, target)
        want = reference_reading(values, polarity, target)
        assert (got.points if got else len([v for v in values if v is not None])) == want["points"], case
        assert (got.variation if got else None, got.assurance if got else None,
                got.direction if got else None) == (want["variation"], want["assurance"], want["direction"]), case
        if got and got.variation:
            kinds["Common cause" if got.variation == "Common cause" else "special"] += 1
    assert min(kinds.values()) > 20  # both outcomes were exercised


def test_awkward_numbers_read_without_error():
    huge = [1.7e308 if i % 2 else -1.7e308 for i in range(20)]
    r = spc.reading(huge, "up", 0)
    assert r.variation == "Common cause" and r.upper == math.inf and r.assurance == "Hit and miss"
    assert spc.limits(huge, "up") is None  # no chart line at infinity
    tiny = [1e-300 * (i % 3) for i in range(20)] + [5e-300]
    assert spc.reading(tiny, "down").variation in spc.VARIATIONS
    assert spc.reading([float("inf")] * 3 + [1, 2], "up").direction == "Improved"


def test_a_kpi_whose_first_series_is_empty_is_read_from_nothing(tmp_path):
    sheets = good_sheets()
    sheets["paper"].append(["layout", "ipr"])
    sheets["series"] += [["B1", f"M{i}", "", "First"] for i in range(20)]
    sheets["series"] += [["B1", f"M{i}", str(50 + i % 3), "Second"] for i in range(20)]
    _, _, doc = read(write_csvs(tmp_path / "in", sheets))
    b1 = next(r for s in doc.sections for r in s.rows if r.id == "B1")
    assert b1.reading is None and b1.value("status") == "" and b1.chart.limits is None
    assert next(e for e in doc.summary.entries if e.kpi_id == "B1").latest == "65% [2025/26]"


def test_a_row_without_a_current_figure_shows_its_latest_point_in_the_summary():
    """The summary's latest figure, for a row whose Current cell is blank, is the series' last
    point with its period (numbers written as the charts write them)."""
    from boardpaper.spc.xmr import _latest_text

    class Blank:
        def value(self, key):
            return ""

    assert _latest_text(Blank(), ("Jan 26", "Feb 26", "Mar 26"), (1.0, 2345.0, None), False) == "2,345 [Feb 26]"
