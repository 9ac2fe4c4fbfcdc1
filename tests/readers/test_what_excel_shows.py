"""Issue 31, item 1: every figure printed as Excel shows it, or refused naming the cell.

Each workbook is made as Excel saves it (built-in number format ids, formula cells with their
cached results) and the test reads what the paper prints: the PDF's text, the DOCX's text, or
the chart's words in the model."""
from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from boardpaper.api import build_one, read
from boardpaper.charts import alt_text
from boardpaper.errors import InputError
from boardpaper.readers.excel_format import format_value
from boardpaper.readers.numbers import parse_number
from boardpaper.readers.workbook import read_paper
from tests.helpers.inputs import good_sheets, write_csvs
from tests.helpers.excel_like import cached_formula_results, excel_workbook
from tests.helpers.readback import page_texts, squash

SERIES_HEAD = ["kpi_id", "period", "value", "series"]


def errors_of(path) -> list[str]:
    with pytest.raises(InputError) as e:
        read_paper(path)
    return [str(p) for p in e.value.errors]


def pdf_text(path, tmp_path) -> str:
    result = build_one(path, out=tmp_path / "out", quick=True, formats=("pdf",))
    return squash(" ".join(page_texts(result.outputs[0].read_bytes())))


def chart_words(doc, kpi_id: str) -> str:
    row = next(r for s in doc.sections for r in s.rows if r.id == kpi_id)
    return alt_text(row.chart)


def with_paper_field(sheets, field: str, value: str):
    sheets["paper"].append([field, value])
    return sheets


# ----------------------------------------------------------------------------- dates in the locale
def uk_dates(wb):
    """Dates typed in UK Excel: the built-in short date (numFmtId 14, which openpyxl calls mm-dd-yy)."""
    cell = wb["kpis"]["F2"]
    cell.value, cell.number_format = datetime(2024, 3, 31), "mm-dd-yy"
    ws = wb["series"]
    for row in range(2, ws.max_row + 1):
        ws.cell(row, 2).number_format = "mm-dd-yy"


def dated_series() -> dict[str, list[list]]:
    sheets = good_sheets()
    sheets["series"] = [SERIES_HEAD] + [["A1", datetime(2024, m, 1), v, ""]
                                        for m, v in zip(range(1, 7), (10, 12, 11, 14, 13, 9))]
    return sheets


def test_the_built_in_short_date_prints_day_first_in_a_uk_paper(tmp_path):
    path = excel_workbook(tmp_path / "uk.xlsx", dated_series(), uk_dates)
    paper, _, doc = read(path)
    assert paper.kpis[0].current_period == "31/03/2024"
    assert squash("12 [31/03/2024]") in pdf_text(path, tmp_path)
    words = chart_words(doc, "A1")
    assert "10 in 01/01/2024, 12 in 01/02/2024" in words and "9 in 01/06/2024 (latest)" in words, words
    assert "03-31-24" not in words and "06-01-24" not in words


@pytest.mark.parametrize("language, shown, first", [("en-US", "3/31/2024", "1/1/2024"),
                                                    ("en-GB", "31/03/2024", "01/01/2024"),
                                                    ("cy-GB", "31/03/2024", "01/01/2024"),
                                                    ("en", "31/03/2024", "01/01/2024"),
                                                    ("de-DE", "31.03.2024", "01.01.2024")])
def test_the_papers_language_decides_the_short_date(tmp_path, language, shown, first):
    sheets = with_paper_field(dated_series(), "language", language)
    paper, _, doc = read(excel_workbook(tmp_path / "lang.xlsx", sheets, uk_dates))
    assert paper.kpis[0].current_period == shown
    assert doc.sections[0].rows[0].chart.periods[0] == first


def test_a_custom_date_format_is_not_the_locales(tmp_path):
    def custom(wb):
        cell = wb["kpis"]["F2"]
        cell.value, cell.number_format = datetime(2024, 3, 31), "mm/dd/yyyy"  # typed as a custom code

    paper = read_paper(excel_workbook(tmp_path / "custom.xlsx", good_sheets(), custom))
    assert paper.kpis[0].current_period == "03/31/2024"


# ----------------------------------------------------------------------------- durations
@pytest.mark.parametrize("value, fmt, shown", [
    (timedelta(seconds=492.6), "[h]:mm:ss", "0:08:13"),
    (timedelta(days=1.5), "[h]:mm", "36:00"),
    (time(0, 8, 12, 600000), "mm:ss", "08:13"),
    (timedelta(hours=2, seconds=12.6), "[mm]:ss", "120:13"),
    (timedelta(seconds=12.345), "mm:ss.00", "00:12.35"),
    (time(8, 40, 59, 600000), "h:mm", "8:41"),     # seconds round, then minutes are cut
    (time(8, 40, 29), "h:mm", "8:40"),
    (datetime(2024, 3, 31, 23, 59, 59, 600000), "dd/mm/yyyy hh:mm:ss", "01/04/2024 00:00:00"),
    (datetime(2024, 3, 31, 15, 5), "h:mm AM/PM", "3:05 PM"),
    (0.0057013888889, "[h]:mm:ss", "0:08:13"),  # a number under a duration format
])
def test_durations_and_times_round_as_excel_does(value, fmt, shown):
    assert format_value(value, fmt) == shown


def test_durations_in_a_workbook_print_as_excel_shows_them(tmp_path):
    def durations(wb):
        ws = wb["kpis"]
        for ref, value, fmt in (("E2", 0.0057013888889, "[h]:mm:ss"), ("E3", 1.5, "[h]:mm"),
                                ("E4", 0.0057013888889, "mm:ss"), ("G2", 0.0057013888889, "[mm]:ss")):
            ws[ref].value, ws[ref].number_format = value, fmt

    path = excel_workbook(tmp_path / "durations.xlsx", good_sheets(), durations)
    k = read_paper(path).kpis
    assert (k[0].current, k[1].current, k[2].current, k[0].benchmark) == ("0:08:13", "36:00", "08:13", "08:13")
    text = pdf_text(path, tmp_path)
    assert squash("0:08:13 [Mar 26]") in text and "36:00" in text and squash("08:13 [Mar 22]") in text
    assert "0:08:12.6" not in text and "1day" not in text


# ----------------------------------------------------------------------------- conditions, fractions
THOUSANDS = '[>=1000000]0.0,,"m";[>=1000]0.0,"k";0'
ACCOUNTING = '_(* #,##0_);_(* (#,##0);_(* "-"??_);_(@_)'  # Excel's built-in accounting format, zero as a dash


@pytest.mark.parametrize("value, fmt, shown", [
    (500, THOUSANDS, "500"), (25300, THOUSANDS, "25.3k"), (2_450_000, THOUSANDS, "2.5m"), (-5, THOUSANDS, "-5"),
    (999.96, '[>=1000]0.0,"k";0.0', "1000.0"), (50, '[<100]"under "0;0', "under 50"), (150, '[<100]"under "0;0', "150"),
    (-3, '[<0]"("0")";0', "(3)"), (7, '[Red][<=10]0.0;[Blue][>10]0', "7.0"), (12, '[Red][<=10]0.0;[Blue][>10]0', "12"),
    (0.75, "# ?/?", "3/4"), (1.5, "# ?/?", "1 1/2"), (2, "# ?/?", "2"), (1 / 3, "# ??/??", "1/3"),
    (0.3, "# ?/8", "2/8"), (3.14159, "# ???/???", "3 16/113"), (1.5, "?/?", "3/2"), (-1.25, "# ?/4", "-1 1/4"),
    (1234.5, "#,##0,", "1"), (12_345_678, '#,##0,,"m"', "12m"), (1234, '"Total: "#,##0" cases"', "Total: 1,234 cases"),
    (5, "@", "5"), (0.125, "0.0%", "12.5%"),
    (0, ACCOUNTING, "-"), (1234, ACCOUNTING, "1,234"), (-5, ACCOUNTING, "(5)"), (0, "0.0E+0", "0.0E+0"),
    (0, "0;-0;;@", ""), (7, ";;;", ""), (0, "#", ""), (0, "#,##0", "0"),
])
def test_number_formats_excel_shows(value, fmt, shown):
    assert format_value(value, fmt).strip() == shown


def test_conditional_sections_print_as_excel_shows_them(tmp_path):
    def formats(wb):
        ws = wb["kpis"]
        for ref, value, fmt in (("E2", 500, THOUSANDS), ("E3", 25300, THOUSANDS), ("E4", 0.75, "# ?/?")):
            ws[ref].value, ws[ref].number_format = value, fmt

    path = excel_workbook(tmp_path / "cond.xlsx", good_sheets(), formats)
    k = read_paper(path).kpis
    assert (k[0].current, k[1].current, k[2].current) == ("500", "25.3k", "3/4")
    text = pdf_text(path, tmp_path)
    assert squash("500 [Mar 26]") in text and "25.3k" in text and "0.0m" not in text


# ----------------------------------------------------------------------------- formula errors
def test_cached_formula_errors_are_refused_naming_each_cell(tmp_path):
    sheets = good_sheets()
    path = excel_workbook(tmp_path / "errors.xlsx", sheets)
    cached_formula_results(path, "kpis", {"E2": ("VLOOKUP(A2,data!A:B,2,0)", "#N/A"),
                                          "G3": ("B3/C3", "#DIV/0!"), "I4": ("X1", "#REF!")})
    cached_formula_results(path, "series", {"C3": ("AVERAGE(Z:Z)", "#DIV/0!"), "C4": ("NAME()", "#NAME?")})
    cached_formula_results(path, "paper", {"B3": ("data!B1", "#VALUE!")})
    errors = errors_of(path)
    assert [e.split(":")[0] for e in errors] == [
        "paper sheet, row 3, column `value`", "kpis sheet, row 2, column `current`",
        "kpis sheet, row 3, column `benchmark`", "kpis sheet, row 4, column `target`",
        "series sheet, row 3, column `value`", "series sheet, row 4, column `value`"], errors
    assert errors[1].endswith("#N/A is a formula's error value (no value available, e.g. a lookup that found nothing), "
                              "not a figure: correct the formula or its inputs, or clear the cell (a blank series "
                              "value is a gap in the chart)")
    assert not any("blank" in e.split(":")[1] or "not a number" in e for e in errors)  # one message per cell


def test_a_formula_with_a_number_cached_is_read_as_that_number(tmp_path):
    path = excel_workbook(tmp_path / "ok.xlsx", good_sheets())
    cached_formula_results(path, "series", {"C3": ("SUM(Z:Z)", "16")})
    assert [p.value for p in read_paper(path).series["A1"]] == [10, 16, 12]


@pytest.mark.parametrize("text", ["#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!"])
def test_error_values_in_a_csv_are_refused(tmp_path, text):
    sheets = good_sheets()
    sheets["kpis"][2][4] = text
    sheets["series"][2][2] = text
    errors = errors_of(write_csvs(tmp_path / "csv", sheets))
    assert errors[0].startswith(f"kpis sheet, row 3, column `current`: {text} is a formula's error value")
    assert errors[1].startswith(f"series sheet, row 3, column `value`: {text} is a formula's error value")


# ----------------------------------------------------------------------------- text numbers
@pytest.mark.parametrize("text, value", [
    ("1,017", (1017, False)), ("£1,200", (1200, False)), ("12%", (12, True)), ("'1,200", (1200, False)),
    ("1,200\u00a0", (1200, False)), ("\u00a0£1,200.50", (1200.5, False)), ("(1,200)", (-1200, False)),
    ("-£5", (-5, False)), ("£-5", (-5, False)), ("12 %", (12, True)), (" 7 ", (7, False)),
])
def test_text_excel_reads_as_a_number_is_read(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["1 2", "1\u00a0200", "1,01", "12,34,5", "£1.2m", "12k", "--5", "(-5)", "1.2.3"])
def test_text_excel_keeps_as_text_is_not_a_number(text):
    assert parse_number(text) is None


def test_a_figure_with_a_statistics_marker_is_refused_saying_why(tmp_path):
    sheets = good_sheets()
    sheets["series"][2][2] = "1,234 [p]"
    errors = errors_of(write_csvs(tmp_path / "marker", sheets))
    assert "'1,234 [p]' is not a number (a figure with a marker such as [p] is text: put the figure alone" in errors[0]


def test_a_space_inside_a_number_is_refused_saying_why(tmp_path):
    sheets = good_sheets()
    sheets["series"][2][2] = "1 2"
    errors = errors_of(write_csvs(tmp_path / "space", sheets))
    assert errors == ["series sheet, row 3, column `value`: '1 2' is not a number (a space inside a number makes it "
                      "text in Excel (1 2 is not 12)) (accepted: 1234, 1,234, -3.5, 45%, £1,234; blank, [x], [c], [z], "
                      "[low], .. for a gap)"]


# ----------------------------------------------------------------------------- target kind
def test_a_plain_target_beside_a_percent_series_is_refused_naming_the_cell(tmp_path):
    sheets = good_sheets()
    sheets["series"] = [SERIES_HEAD, ["B1", "2023/24", "91%", ""], ["B1", "2024/25", "93%", ""]]
    sheets["kpis"][4][9] = 0.95
    errors = errors_of(excel_workbook(tmp_path / "target.xlsx", sheets))
    assert errors == ["kpis sheet, row 5, column `target_value`: '0.95' is a plain number, but the series of KPI 'B1' "
                      "is in percentages (latest 93%, series row 3): write the target as a percentage, e.g. 95%"]


def test_a_percent_target_beside_plain_numbers_is_refused_and_matching_kinds_build(tmp_path):
    sheets = good_sheets()
    sheets["kpis"][1][9] = "15%"
    errors = errors_of(write_csvs(tmp_path / "a", sheets))
    assert errors[0].startswith("kpis sheet, row 2, column `target_value`: '15%' is a percentage, but the series of "
                                "KPI 'A1' is in plain numbers")
    sheets["kpis"][1][9] = "15"
    assert read_paper(write_csvs(tmp_path / "b", sheets)).kpis[0].target_value == 15

    def percent_target(wb):  # 0.95 typed in a cell formatted 0%: Excel shows 95%
        wb["kpis"]["J5"].value, wb["kpis"]["J5"].number_format = 0.95, "0%"

    sheets = good_sheets()
    sheets["series"] = [SERIES_HEAD, ["B1", "2023/24", "91%", ""], ["B1", "2024/25", "93%", ""]]
    paper, _, doc = read(excel_workbook(tmp_path / "c.xlsx", sheets, percent_target))
    assert paper.kpis[3].target_value == 95
    assert chart_words(doc, "B1").endswith("; target 95%.")


# ----------------------------------------------------------------------------- statistics shorthand
def test_official_statistics_shorthand_is_a_gap_named_with_its_reason(tmp_path):
    sheets = good_sheets()
    months = ["Jan 24", "Feb 24", "Mar 24", "Apr 24", "May 24", "Jun 24"]
    values = ["14", "[x]", "[c]", "..", "12", ":"]
    sheets["series"] = [SERIES_HEAD] + [["A1", m, v, ""] for m, v in zip(months, values)]
    path = excel_workbook(tmp_path / "gss.xlsx", sheets)
    paper, _, doc = read(path)
    assert [p.value for p in paper.series["A1"]] == [14, None, None, None, 12, None]
    words = chart_words(doc, "A1")
    assert ("14 in Jan 24, no figures from Feb 24 to Apr 24 ([x]: not available for Feb 24; [c]: confidential "
            "for Mar 24; not available for Apr 24), 12 in May 24 (latest), no figure for Jun 24 (not available)") in words
    sheets["series"][3][2] = "[low]"
    words = chart_words(read(excel_workbook(tmp_path / "low.xlsx", sheets))[2], "A1")
    assert "[low]: a low figure, below half the smallest unit shown for Mar 24" in words


@pytest.mark.parametrize("symbol, meaning", [("[z]", "not applicable"), ("[u]", "low reliability"),
                                             ("[w]", "no or too few cases"), ("[C]", "confidential")])
def test_each_symbol_says_what_it_means(tmp_path, symbol, meaning):
    sheets = good_sheets()
    sheets["series"][2][2] = symbol
    words = chart_words(read(write_csvs(tmp_path / "s", sheets))[2], "A1")
    assert f"no figure for 2024/25 ({symbol.lower()}: {meaning})" in words


# ----------------------------------------------------------------------------- DataFrames
def test_dataframes_follow_the_same_rules():
    pd = pytest.importorskip("pandas")
    from boardpaper.readers.frames import cell_text, read_frames

    assert cell_text(pd.Timedelta(seconds=492.6)) == "0:08:13" and cell_text(pd.Timedelta(days=1.5)) == "36:00:00"
    assert cell_text(time(8, 12, 36, 600000)) == "08:12:37"
    sheets = good_sheets()
    sheets["kpis"][1][4] = pd.Timedelta(seconds=492.6)  # a response time computed in pandas
    kpis = pd.DataFrame(sheets["kpis"][1:], columns=sheets["kpis"][0], dtype=object).set_index("id", drop=False)
    sources = pd.DataFrame(sheets["sources"][1:], columns=sheets["sources"][0])
    series = pd.DataFrame({"kpi_id": ["A1"] * 4, "period": ["Jan 24", "Feb 24", "Mar 24", "Apr 24"],
                           "value": ["5", "[c]", "1,017", "6"]})
    paper = dict(board="B", meeting="M", title="T")
    checked = read_frames(paper, kpis, sources, series, name="ok")
    assert checked.kpis[0].current == "0:08:13"
    assert [(p.value, p.gap) for p in checked.series["A1"]] == [(5, ""), (None, "[c]: confidential"), (1017, ""),
                                                                (6, "")]
    series.loc[1, "value"], series.loc[2, "value"] = "#DIV/0!", "1 2"
    with pytest.raises(InputError) as e:
        read_frames(paper, kpis, sources, series, name="bad")
    assert [str(p).split(":")[0] for p in e.value.errors] == ["series frame, row 1, column `value`",
                                                               "series frame, row 2, column `value`"]


def test_a_duration_in_a_series_is_refused_saying_how_to_chart_it(tmp_path):
    def duration(wb):
        wb["series"]["C3"].value, wb["series"]["C3"].number_format = 0.0057013888889, "[h]:mm:ss"

    errors = errors_of(excel_workbook(tmp_path / "duration.xlsx", good_sheets(), duration))
    assert errors == ["series sheet, row 3, column `value`: '0:08:13' is not a number (a time or a duration is not "
                      "charted as it is: chart it in minutes or seconds, e.g. =B2*1440 formatted as a number) "
                      "(accepted: 1234, 1,234, -3.5, 45%, £1,234; blank, [x], [c], [z], [low], .. for a gap)"]
