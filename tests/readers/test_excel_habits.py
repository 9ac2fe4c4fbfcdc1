"""Workbooks as Excel leaves them (issue 20): each builds showing what Excel shows, with a warning
naming the cell where one is due, or is refused naming the problem."""
from __future__ import annotations

import csv
import subprocess
import sys
import time
from datetime import datetime

import pytest

from boardpaper.__main__ import main
from boardpaper.api import build_one, read
from boardpaper.errors import InputError
from boardpaper.readers.excel_format import format_value
from boardpaper.readers.workbook import parse_number, read_paper
from tests.helpers.inputs import good_sheets, write_csvs
from tests.helpers.excel_like import add_formatted_empty_rows, excel_workbook, sheet_part

KPIS_HEADER = ["id", "section", "sub_objective", "kpi", "current", "current_period", "benchmark",
               "benchmark_period", "target", "target_value", "polarity", "sources", "chart"]


def kpi(id_, section, sub, text, current="", period="", **more):
    row = dict(zip(KPIS_HEADER, [id_, section, sub, text, current, period] + [""] * 7))
    row.update(more)
    return [row[k] for k in KPIS_HEADER]


def grouped_sheets() -> dict[str, list[list]]:
    sheets = good_sheets()
    sheets["kpis"] = [list(KPIS_HEADER)] + [
        kpi("A1", "Safer streets", "Violence", "Reduce violence", "12", "Mar 26"),
        kpi("A2", "Safer streets", "Violence", "Reduce knife crime", "4"),
        kpi("A3", "Safer streets", "Violence", "Reduce robbery", "9"),
        kpi("A4", "Safer streets", "Burglary", "Reduce burglary", "30"),
        kpi("A5", "Safer streets", "Burglary", "Solve burglary", "3%"),
        kpi("B1", "Confidence", "Trust", "Increase confidence", "65%"),
        kpi("B2", "Confidence", "Trust", "Increase satisfaction", "70%"),
    ]
    sheets["kpis"][1][11] = "s1"
    return sheets


def warnings_of(paper) -> list[str]:
    return [str(w) for w in paper.warnings]


def errors_of(path) -> list[str]:
    with pytest.raises(InputError) as e:
        read_paper(path)
    return [str(p) for p in e.value.errors]


# ----------------------------------------------------------------------------- merged cells
def test_merged_sub_objectives_build_the_same_tables_as_the_unmerged_twin(tmp_path):
    sheets = grouped_sheets()
    plain = excel_workbook(tmp_path / "plain.xlsx", sheets)

    def merge(wb):
        ws = wb["kpis"]
        for cells in ("C2:C4", "C5:C6", "C7:C8", "B2:B6"):  # Excel keeps only the top-left value
            ws.merge_cells(cells)

    merged = excel_workbook(tmp_path / "merged.xlsx", sheets, merge)
    _, _, doc_plain = read(plain)
    _, _, doc_merged = read(merged)
    assert doc_merged.sections == doc_plain.sections
    assert [(g.title, g.count) for g in doc_merged.sections[0].groups] == [("Violence", 3), ("Burglary", 2)]


def test_a_range_merged_across_columns_belongs_to_its_first_column(tmp_path):
    sheets = grouped_sheets()
    sheets["kpis"].insert(0, ["Scorecard"])

    def merge(wb):
        wb["kpis"].merge_cells("A1:M1")  # a title across the table
        wb["kpis"]["E2"].value = "Current"
        wb["kpis"].merge_cells("E2:F2")  # a header merged over its value and period columns
        wb["kpis"].merge_cells("D3:E3")  # a long KPI text spread over the next cell

    paper = read_paper(excel_workbook(tmp_path / "across.xlsx", sheets, merge))
    assert (paper.kpis[0].kpi, paper.kpis[0].current) == ("Reduce violence", "")
    assert paper.kpis[1].current == "4"


# ----------------------------------------------------------------------------- escapes
def test_excel_escapes_are_decoded_and_line_breaks_kept(tmp_path):
    sheets = grouped_sheets()
    sheets["kpis"][1][8] = "target_x000D_\nnext year"  # a line break pasted from Word: CR LF
    sheets["kpis"][2][4] = "7,708_x000B_(provisional)"  # Word's soft line break
    path = excel_workbook(tmp_path / "esc.xlsx", sheets)
    paper = read_paper(path)
    assert paper.kpis[0].target == "target\nnext year"
    assert paper.kpis[1].current == "7,708\n(provisional)"
    result = build_one(path, out=tmp_path / "out", quick=True)
    import docx
    text = "\n".join(c.text for t in docx.Document(result.outputs[0]).tables for r in t.rows for c in r.cells)
    assert "7,708\n(provisional)" in text and "_x000" not in text


def test_text_typed_like_an_escape_comes_out_as_typed(tmp_path):
    """Excel stores a typed ``_x000D_`` as ``_x005F_x000D_`` (the underscore escaped): it shows,
    and the paper prints, ``_x000D_`` itself, never a line break."""
    sheets = grouped_sheets()
    sheets["kpis"][1][3] = "keep_x005F_x000D_this and _x005F_x0041_"
    paper = read_paper(excel_workbook(tmp_path / "typed.xlsx", sheets))
    assert paper.kpis[0].kpi == "keep_x000D_this and _x0041_"


# ----------------------------------------------------------------------------- typed dates
def test_a_typed_mar_22_is_shown_as_excel_shows_it_with_a_warning(tmp_path):
    sheets = grouped_sheets()

    def type_mar_22(wb):
        cell = wb["kpis"]["F2"]
        cell.value = datetime(2026, 3, 22)  # what Excel stores for "Mar 22" typed in 2026
        cell.number_format = "d-mmm"
        ok = wb["kpis"]["H2"]
        ok.value = datetime(2022, 3, 1)  # "Mar 2022" typed: shown Mar-22, no warning
        ok.number_format = "mmm-yy"

    paper = read_paper(excel_workbook(tmp_path / "date.xlsx", sheets, type_mar_22))
    assert paper.kpis[0].current_period == "22-Mar"
    assert paper.kpis[0].benchmark_period == "Mar-22"
    found = [w for w in warnings_of(paper) if "Excel turned" in w]
    assert found == ["warning: kpis sheet, row 2, column `current_period`: Excel turned 'Mar 22' into 22 March "
                     "2026 (shown '22-Mar', as printed); format the column as Text and retype, or write 'Mar 2022'"]


# ----------------------------------------------------------------------------- number formats
def test_display_cells_keep_their_number_format(tmp_path):
    sheets = grouped_sheets()

    def formats(wb):
        ws = wb["kpis"]
        for ref, value, fmt in (("E2", 1234.5, '"£"#,##0.00'), ("G2", 3.456, "0.00"), ("I2", 0.035, "0.0%"),
                                ("E3", 0.00001, "General"), ("E4", 1017, "#,##0"), ("G3", 1234.5, "[$€-1809]#,##0")):
            ws[ref].value = value
            ws[ref].number_format = fmt

    paper = read_paper(excel_workbook(tmp_path / "fmt.xlsx", sheets, formats))
    k = paper.kpis
    assert (k[0].current, k[0].benchmark, k[0].target) == ("£1,234.50", "3.46", "3.5%")
    assert (k[1].current, k[1].benchmark, k[2].current) == ("0.00001", "€1,235", "1,017")


@pytest.mark.parametrize("value, fmt, shown", [
    (1234.5, '"£"#,##0.00', "£1,234.50"), (-1234.5, "#,##0.00;[Red](#,##0.00)", "(1,234.50)"),
    (0, '#,##0;-#,##0;"-"', "-"), (0.93, "0%", "93%"), (2.5, "0", "3"), (12345678, '#,##0,"k"', "12,346k"),
    (1e16, "General", "1E+16"), (1 / 3, "General", "0.333333333"), (1e-12, "General", "1E-12"),
    (123456789012, "General", "1.23457E+11"), (datetime(2022, 3, 1), "dd/mm/yyyy", "01/03/2022"),
    (True, "General", "TRUE"), (12345.678, "0.00E+00", "1.23E+04"), (5, "@", "5"),
    (0.75, "# ?/?", "3/4"),
])
def test_excel_number_formats(value, fmt, shown):
    assert format_value(value, fmt) == shown


# ----------------------------------------------------------------------------- exponent numbers
def test_numbers_in_exponent_form_are_accepted_where_a_number_is_expected(tmp_path):
    sheets = grouped_sheets()
    sheets["series"] = [["kpi_id", "period", "value", "series"], ["A1", "2022", 0.00001, ""],
                        ["A1", "2023", 1e16, ""], ["A1", "2024", "1E-05", ""], ["A1", "2025", "1e+16", ""]]
    sheets["kpis"][1][9] = 1e16  # target_value
    paper = read_paper(excel_workbook(tmp_path / "exp.xlsx", sheets))
    assert [p.value for p in paper.series["A1"]] == [0.00001, 1e16, 0.00001, 1e16]
    assert paper.kpis[0].target_value == 1e16
    assert parse_number("1E-05") == (0.00001, False) and parse_number("-2.5e3") == (-2500, False)
    assert parse_number("1e") is None and parse_number("e5") is None


# ----------------------------------------------------------------------------- extent
def test_formatted_empty_rows_cost_nothing_and_trip_no_limit(tmp_path):
    sheets = grouped_sheets()
    plain = excel_workbook(tmp_path / "plain.xlsx", sheets)
    formatted = excel_workbook(tmp_path / "formatted.xlsx", sheets,
                               lambda wb: setattr(wb["kpis"]["E2"], "number_format", "0.0"))
    for title, rows in (("kpis", 8), ("series", 4)):
        add_formatted_empty_rows(formatted, sheet_part(formatted, title), rows + 1, 150_000)
    assert len(read_paper(formatted).kpis) == 7

    def build_time(path):  # a build as a user runs it: a command in a fresh process
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "boardpaper", "build", str(path), "--quick", "--out",
                        str(tmp_path / "out")], check=True, capture_output=True)
        return time.perf_counter() - started

    times = {formatted: [], plain: []}
    for _ in range(3):  # interleaved, so that a busy moment of the machine falls on both
        for path in times:
            times[path].append(build_time(path))
    ratio = min(times[formatted]) / min(times[plain])
    assert ratio < 1.9, f"150,000 formatted empty rows make the build {ratio:.2f} times as long"


# ----------------------------------------------------------------------------- duplicate headers
def test_duplicate_headers_are_an_error_naming_both_columns(tmp_path, capsys):
    sheets = grouped_sheets()
    sheets["kpis"][0].append("Current")
    for row in sheets["kpis"][1:]:
        row.append("99")
    path = excel_workbook(tmp_path / "dup.xlsx", sheets)
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert "kpis sheet, row 1, column `Current`: columns E (`current`) and N (`Current`) are the same column" in err


# ----------------------------------------------------------------------------- mixed percent
def test_a_series_mixing_percent_and_plain_numbers_is_an_error_naming_the_rows(tmp_path):
    sheets = grouped_sheets()
    sheets["series"] = [["kpi_id", "period", "value", "series"], ["B1", "2023", "87%", ""], ["B1", "2024", 91, ""],
                        ["B1", "2025", 0.93, ""], ["B2", "2025", 0.93, ""]]

    def percent_format(wb):
        wb["series"]["C5"].number_format = "0%"  # B2's 0.93 shown as 93%: a percentage throughout

    errors = errors_of(excel_workbook(tmp_path / "mix.xlsx", sheets, percent_format))
    assert errors == ["series sheet, row 3, column `value`: the series of KPI 'B1' mixes percentages (row 2: 87%) "
                      "with plain numbers (row 3: 91, row 4: 0.93), so its chart would be wrong: write every value "
                      "as a percentage (e.g. 91%) or none"]


def test_a_percent_formatted_number_is_read_as_a_percentage(tmp_path):
    sheets = grouped_sheets()
    sheets["series"] = [["kpi_id", "period", "value", "series"], ["B1", "2024", 0.87, ""], ["B1", "2025", "93%", ""]]
    paper = read_paper(excel_workbook(tmp_path / "pct.xlsx", sheets,
                                      lambda wb: setattr(wb["series"]["C2"], "number_format", "0.0%")))
    assert [(p.value, p.percent) for p in paper.series["B1"]] == [(87.0, True), (93.0, True)]


# ----------------------------------------------------------------------------- hidden rows
def test_hidden_rows_and_columns_are_built_with_a_warning(tmp_path):
    sheets = grouped_sheets()

    def hide(wb):
        wb["kpis"].row_dimensions[4].hidden = True
        wb["kpis"].column_dimensions["G"].hidden = True

    paper = read_paper(excel_workbook(tmp_path / "hidden.xlsx", sheets, hide))
    assert len(paper.kpis) == 7
    warnings = warnings_of(paper)
    assert any(w.startswith("warning: kpis sheet, row 4: this row is hidden in Excel") for w in warnings), warnings
    assert any("column G (`benchmark`) is hidden in Excel" in w for w in warnings), warnings


# ----------------------------------------------------------------------------- titles
def test_titles_differing_only_in_case_or_spacing_are_warned_about(tmp_path):
    sheets = grouped_sheets()
    sheets["kpis"][7][1] = "confidence "
    sheets["kpis"][3][2] = "violence"
    paper = read_paper(excel_workbook(tmp_path / "case.xlsx", sheets))
    warnings = warnings_of(paper)
    assert ("warning: kpis sheet, row 4, column `sub_objective`: sub-objective 'violence' differs from 'Violence' "
            "(row 2) only in case or spacing, so they print as two different titles: spell them the same") in warnings
    sheets["kpis"][7][1] = "CONFIDENCE"
    assert any("row 8, column `section`: section 'CONFIDENCE' differs from 'Confidence' (row 7)" in w
               for w in warnings_of(read_paper(excel_workbook(tmp_path / "case2.xlsx", sheets))))


# ----------------------------------------------------------------------------- csv
@pytest.mark.parametrize("delimiter", ["\t", ","])
def test_utf16_csv_with_bom_is_read(tmp_path, delimiter):
    folder = tmp_path / "unicode"
    folder.mkdir()
    sheets = grouped_sheets()
    sheets["kpis"][1][3] = "Reduce “violent” crime – café 中文"
    for name, rows in sheets.items():
        with open(folder / f"{name}.csv", "w", encoding="utf-16", newline="") as f:  # BOM + UTF-16LE
            csv.writer(f, delimiter=delimiter).writerows(rows)
    assert (folder / "kpis.csv").read_bytes()[:2] == b"\xff\xfe"
    paper = read_paper(folder)
    assert paper.kpis[0].kpi == "Reduce “violent” crime – café 中文"
    assert len(paper.kpis) == 7


def test_no_raw_control_bytes_reach_the_terminal(tmp_path, capsys):
    folder = write_csvs(tmp_path / "ctl", grouped_sheets())
    kpis = (folder / "kpis.csv").read_text()
    (folder / "kpis.csv").write_text(kpis.replace("chart", "chart,\x1b[31mred\x07", 1))
    assert main(["check", str(folder)]) == 0
    out = capsys.readouterr()
    assert "\\x1b[31mred\\x07" in out.out
    assert not any(ch in out.out + out.err for ch in "\x00\x07\x1b")


# ----------------------------------------------------------------------------- title rows
def test_a_header_row_below_title_rows_is_found_and_noted(tmp_path):
    sheets = grouped_sheets()
    sheets["kpis"] = [["Police and Crime Plan Scorecard — May 2022"], []] + sheets["kpis"]
    paper = read_paper(excel_workbook(tmp_path / "title.xlsx", sheets))
    assert len(paper.kpis) == 7 and paper.kpis[0].row == 4
    assert any(w.startswith("warning: kpis sheet, row 3: the header row is row 3; the rows above it are taken as "
                            "a title and ignored (Police and Crime Plan Scorecard") for w in warnings_of(paper))


# ----------------------------------------------------------------------------- folders
def as_macro_workbook(path):
    """An .xlsm as Excel saves it: the macro-enabled content type and a VBA project part."""
    import shutil
    import zipfile
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
            dst.writestr(info, data)
        dst.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not run, never read")
    shutil.move(tmp, path)


def test_every_file_in_a_folder_is_built_or_named_with_the_reason(tmp_path, capsys):
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "may.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    excel_workbook(folder / "june.XLSX", grouped_sheets())
    july = excel_workbook(folder / "july.xlsm", grouped_sheets())
    as_macro_workbook(july)
    (folder / "~$june.XLSX").write_bytes(b"lock")
    (folder / "notes.txt").write_text("minutes")
    assert main(["build", str(folder), "--out", str(tmp_path / "out"), "--quick", "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert f"warning: skipped {folder / 'may.xls'}: an Excel 97-2003 workbook: open it in Excel and save as .xlsx" in out
    assert f"warning: skipped {folder / '~$june.XLSX'}: Excel's lock file" in out
    assert f"warning: skipped {folder / 'notes.txt'}: not a workbook" in out
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["july.docx", "july.pdf", "june.docx", "june.pdf"]
    assert "built 2 of 2 papers" in out


def test_a_folder_with_nothing_to_build_says_why(tmp_path, capsys):
    folder = tmp_path / "old"
    folder.mkdir()
    (folder / "may.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    assert main(["build", str(folder), "--out", str(tmp_path / "out")]) == 2
    captured = capsys.readouterr()
    assert "may.xls: an Excel 97-2003 workbook" in captured.out and "nothing to build" in captured.err


def test_unicode_text_saved_as_txt_is_read_and_a_binary_csv_is_refused_plainly(tmp_path, capsys):
    folder = write_csvs(tmp_path / "txt", grouped_sheets())
    kpis = (folder / "kpis.csv").read_text(encoding="utf-8")
    (folder / "kpis.csv").unlink()
    (folder / "kpis.txt").write_bytes(kpis.replace(",", "\t").encode("utf-16"))  # Excel's "Unicode Text"
    assert len(read_paper(folder).kpis) == 7
    assert main(["check", str(tmp_path / "txt")]) == 0
    (folder / "series.csv").write_bytes(b"kpi_id,period\x00\x00\x01,value\n\x00\xff\x00")
    assert main(["check", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "series.csv is not a text file (it holds NUL bytes" in err and "\x00" not in err
