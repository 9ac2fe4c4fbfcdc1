"""Issue 31, item 2: periods that are times are charted and read in time order, whatever the rows'
order; a period given twice is refused; series names differing in case are warned about."""
from __future__ import annotations

import json
from datetime import datetime

import pytest

from boardpaper.__main__ import main
from boardpaper.api import read
from boardpaper.charts import alt_text
from boardpaper.errors import InputError
from boardpaper.readers.periods import period_key
from boardpaper.readers.workbook import read_paper
from tests.helpers.inputs import good_sheets, write_csvs
from tests.helpers.excel_like import excel_workbook

HEAD = ["kpi_id", "period", "value", "series"]
MONTHS = ["Jan 24", "Feb 24", "Mar 24", "Apr 24", "May 24"]


def chart_of(doc, kpi_id="A1"):
    return next(r for s in doc.sections for r in s.rows if r.id == kpi_id).chart


def with_series(rows: list[list]) -> dict[str, list[list]]:
    sheets = good_sheets()
    sheets["series"] = [HEAD] + rows
    return sheets


def test_a_month_missing_from_one_series_stays_in_its_place(tmp_path):
    burglary = [["A1", m, v, "Burglary"] for m, v in zip(MONTHS, (40, 41, 0, 39, 38)) if m != "Mar 24"]
    robbery = [["A1", m, v, "Robbery"] for m, v in zip(MONTHS, (30, 28, 22, 26, 24))]
    _, _, doc = read(excel_workbook(tmp_path / "gap.xlsx", with_series(burglary + robbery)))
    chart = chart_of(doc)
    assert chart.periods == tuple(MONTHS)
    assert [s.name for s in chart.series] == ["Burglary", "Robbery"]
    assert chart.series[0].values == (40, 41, None, 39, 38)
    words = alt_text(chart)
    assert "Robbery: 30 in Jan 24, 28 in Feb 24, 22 in Mar 24, 26 in Apr 24, 24 in May 24 (latest); down 8% on " \
           "Apr 24, an improvement." in words, words


def test_a_series_exported_newest_first_is_read_oldest_first(tmp_path):
    months = [datetime(2023, m, 1) for m in range(1, 13)] + [datetime(2024, m, 1) for m in range(1, 13)]
    values = [260 - 2 * i for i in range(12)] + [200 - 3 * i for i in range(12)]  # falling: improving for `down`
    rows = [["A1", d, v, ""] for d, v in reversed(list(zip(months, values)))]

    def month_format(wb):
        for row in range(2, wb["series"].max_row + 1):
            wb["series"].cell(row, 2).number_format = "mmm-yy"

    sheets = with_series(rows)
    sheets["paper"].append(["layout", "ipr"])
    path = excel_workbook(tmp_path / "newest.xlsx", sheets, month_format)
    paper, _, doc = read(path)
    chart = chart_of(doc)
    assert chart.periods[0] == "Jan-23" and chart.periods[-1] == "Dec-24"
    assert chart.series[0].values == tuple(values)
    assert "latest 167 in Dec-24" in alt_text(chart)
    assert "the latest point a special cause, improving" in alt_text(chart)  # an XmR chart: judged by its reading
    row = next(r for s in doc.sections for r in s.rows if r.id == "A1")
    assert row.reading is not None and not any("concerning" in w.lower() for w in row.reading.words), row.reading
    assert any("improv" in w.lower() for w in row.reading.words), row.reading


def test_status_readings_follow_time_order(tmp_path, capsys):
    quarters = [f"Q{q} {y}" for y in range(2020, 2025) for q in range(1, 5)]
    values = list(range(100, 120))
    rows = [["A1", p, v, ""] for p, v in zip(quarters, values)]
    shuffled = rows[10:] + rows[:10]
    folder = write_csvs(tmp_path / "q", with_series(shuffled))
    assert main(["status", str(folder), "--json"]) == 0
    ordered = write_csvs(tmp_path / "q2", with_series(rows))
    first = json.loads(capsys.readouterr().out)
    assert main(["status", str(ordered), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == first
    assert next(r for r in first if r["kpi"] == "A1")["points"] == 20


def test_a_period_given_twice_is_refused_naming_both_rows(tmp_path):
    rows = [["A1", m, v, ""] for m, v in zip(MONTHS, (50, 52, 54, 51, 53))] + [["A1", "Mar 24", 999, ""]]
    with pytest.raises(InputError) as e:
        read_paper(excel_workbook(tmp_path / "twice.xlsx", with_series(rows)))
    assert [str(p) for p in e.value.errors] == [
        "series sheet, row 7, column `period`: period 'Mar 24' of KPI 'A1' is given twice: rows 4 and 7 (54 and 999); "
        "delete the wrong one"]
    rows[-1][1] = "March 2024"  # the same month, written another way
    with pytest.raises(InputError) as e:
        read_paper(write_csvs(tmp_path / "twice2", with_series(rows)))
    assert "period 'March 2024' of KPI 'A1' is given twice: rows 4 (written 'Mar 24' there) and 7" in str(e.value)


def test_the_same_period_in_two_series_is_not_a_duplicate(tmp_path):
    rows = [["A1", "Mar 24", 5, "Burglary"], ["A1", "Mar 24", 6, "Robbery"]]
    assert len(read_paper(write_csvs(tmp_path / "two", with_series(rows))).series["A1"]) == 2


def test_series_names_differing_in_case_or_spacing_are_warned_about(tmp_path):
    rows = [["A1", "Jan 24", 5, "Robbery"], ["A1", "Feb 24", 6, "robbery"], ["A1", "Mar 24", 7, "Robbery  "],
            ["A1", "Apr 24", 8, "ROBBERY"]]
    paper = read_paper(write_csvs(tmp_path / "case", with_series(rows)))
    warnings = [str(w) for w in paper.warnings if "series '" in str(w)]
    assert warnings == [
        "warning: series sheet, row 3, column `series`: series 'robbery' differs from 'Robbery' (row 2) only in case or "
        "spacing, so they are drawn as two series: spell them the same",
        "warning: series sheet, row 5, column `series`: series 'ROBBERY' differs from 'Robbery' (row 2) only in case or "
        "spacing, so they are drawn as two series: spell them the same"]


def test_periods_that_are_not_times_keep_the_rows_order(tmp_path):
    rows = [["A1", p, v, ""] for p, v in (("Baseline", 5), ("Year 2", 7), ("Year 1", 6))]
    _, _, doc = read(write_csvs(tmp_path / "words", with_series(rows)))
    assert chart_of(doc).periods == ("Baseline", "Year 2", "Year 1")
    rows = [["A1", p, v, ""] for p, v in (("2021/22", 5), ("Mar 23", 7), ("2020/21", 6))]  # mixed kinds
    _, _, doc = read(write_csvs(tmp_path / "mixed", with_series(rows)))
    assert chart_of(doc).periods == ("2021/22", "Mar 23", "2020/21")


@pytest.mark.parametrize("periods", [
    ["2022/23", "2020/21", "2021/22"], ["Q3 2023", "Q1 2023", "2023 Q2"], ["Oct-Dec 22", "Apr-Jun 22", "Jul-Sep 22"],
    ["31/03/2024", "07/01/2024", "14/02/2024"], ["2024", "2022", "2023"], ["Mar 2024", "Jan 2024", "Feb-24"],
    ["12 months to Mar 24", "12 months to Jan 24", "12 months to Feb 24"], ["w/e 14/01/2024", "w/e 07/01/2024",
                                                                             "w/e 21/01/2024"]])
def test_each_kind_of_time_is_put_in_order(tmp_path, periods):
    rows = [["A1", p, i, ""] for i, p in enumerate(periods)]
    _, _, doc = read(write_csvs(tmp_path / "kinds", with_series(rows)))
    chart = chart_of(doc)
    keys = [period_key(p) for p in chart.periods]
    assert keys == sorted(keys) and len(chart.periods) == 3


def test_an_en_us_paper_reads_numeric_dates_month_first(tmp_path):
    rows = [["A1", p, i, ""] for i, p in enumerate(["03/01/2024", "01/02/2024", "02/01/2024"])]
    sheets = with_series(rows)
    _, _, gb = read(write_csvs(tmp_path / "gb", sheets))
    assert chart_of(gb).periods == ("02/01/2024", "03/01/2024", "01/02/2024")  # 2 Jan, 3 Jan, 1 Feb: day first
    sheets["paper"].append(["language", "en-US"])
    _, _, us = read(write_csvs(tmp_path / "us", sheets))
    assert chart_of(us).periods == ("01/02/2024", "02/01/2024", "03/01/2024")


def test_dataframes_follow_the_same_rules():
    pd = pytest.importorskip("pandas")
    from boardpaper.api import check_frames

    sheets = good_sheets()
    kpis = pd.DataFrame(sheets["kpis"][1:], columns=sheets["kpis"][0])
    months = pd.period_range("2024-01", "2024-05", freq="M")
    series = pd.DataFrame({"kpi_id": "A1", "period": list(reversed(months)), "value": [5, 4, 3, 2, 1]})
    paper = dict(board="B", meeting="M", title="T")
    sources = pd.DataFrame(sheets["sources"][1:], columns=sheets["sources"][0])
    from boardpaper.readers.frames import read_frames

    checked = read_frames(paper, kpis, sources, series, name="frames")
    assert [p.period for p in checked.series["A1"]] == ["Jan 24", "Feb 24", "Mar 24", "Apr 24", "May 24"]
    assert [p.value for p in checked.series["A1"]] == [1, 2, 3, 4, 5]
    twice = pd.concat([series, series.iloc[[0]]])
    with pytest.raises(InputError) as e:
        check_frames(paper, kpis, sources, twice, name="frames")
    assert "period 'May 24' of KPI 'A1' is given twice" in str(e.value)


def test_dates_excel_made_of_typed_months_are_not_reordered(tmp_path):
    """Excel turns "Dec 21" and "Jan 22" typed in 2026 into 21 December and 22 January 2026: sorted
    by date they would swap, so the rows' order stands (and each is warned about)."""
    rows = [["A1", datetime(2026, 12, 21), 5, ""], ["A1", datetime(2026, 1, 22), 6, ""]]

    def day_month(wb):
        for row in (2, 3):
            wb["series"].cell(row, 2).number_format = "d-mmm"

    paper, _, doc = read(excel_workbook(tmp_path / "typed.xlsx", with_series(rows), day_month))
    assert chart_of(doc).periods == ("21-Dec", "22-Jan")
    assert sum("Excel turned" in str(w) for w in paper.warnings) == 2
