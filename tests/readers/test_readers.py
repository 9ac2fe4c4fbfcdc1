"""The input contract: what is accepted, and one clear message per problem."""
from __future__ import annotations

import pytest

from boardpaper.__main__ import main
from boardpaper.errors import InputError
from boardpaper.readers.workbook import parse_number, read_paper
from tests.helpers.inputs import SAMPLE, SAMPLE_CSV, good_sheets, write_csvs, write_xlsx


def problems_of(path) -> list[str]:
    with pytest.raises(InputError) as e:
        read_paper(path)
    return [str(p) for p in e.value.errors]


def test_the_sample_has_all_76_kpis_in_both_forms():
    for path in (SAMPLE, SAMPLE_CSV):
        paper = read_paper(path)
        assert len(paper.kpis) == 76
        assert paper.fields["board"] == "Strategic Policing and Crime Board"
        assert [p.value for p in paper.series["RV-01"]] == [50, 45, 53]


def test_headers_match_ignoring_case_spaces_hyphens_and_underscores(tmp_path):
    sheets = good_sheets()
    sheets["kpis"][0] = [h.replace("sub_objective", "Sub-Objective").replace("current_period", "Current Period")
                         .upper() if h == "id" else h.replace("sub_objective", "Sub-Objective")
                         .replace("current_period", "Current Period") for h in sheets["kpis"][0]]
    paper = read_paper(write_xlsx(tmp_path / "w.xlsx", sheets))
    assert paper.kpis[0].sub_objective == "Violence"
    assert paper.kpis[0].current_period == "Mar 26"


def test_text_comes_through_literally(small_xlsx):
    paper = read_paper(small_xlsx)
    assert [k.kpi for k in paper.kpis][:3] == ["Reduce S&H offences", "Poor <1 volunteer", "Monitor <i>not</i> markup"]
    assert paper.kpis[1].current == "≥ 5 £ – ŵ"


@pytest.mark.parametrize("edit, expected", [
    (lambda s: s["kpis"][1].__setitem__(10, "sideways"),
     "kpis sheet, row 2, column `polarity`: 'sideways' is not one of up, down, monitor"),
    (lambda s: s["kpis"][2].__setitem__(0, "A1"), "kpis sheet, row 3, column `id`: duplicate id 'A1'"),
    (lambda s: s["kpis"][1].__setitem__(11, "nope"),
     "kpis sheet, row 2, column `sources`: source id 'nope' is not in the sources sheet"),
    (lambda s: s["kpis"][1].__setitem__(12, "pie"), "kpis sheet, row 2, column `chart`: 'pie' is not one of"),
    (lambda s: s["kpis"][1].__setitem__(3, ""), "kpis sheet, row 2, column `kpi`: `kpi` is blank"),
    (lambda s: s["kpis"][1].__setitem__(9, "lots"), "kpis sheet, row 2, column `target_value`: 'lots' is not a number"),
    (lambda s: s["series"].append(["ZZ", "2025", "1", ""]), "series sheet, row 5, column `kpi_id`: kpi_id 'ZZ'"),
    (lambda s: s["series"][1].__setitem__(2, "£1.2m"), "series sheet, row 2, column `value`: '£1.2m' is not a number"),
    (lambda s: s["sources"][1].__setitem__(2, "javascript:alert(1)"),
     "sources sheet, row 2, column `url`: 'javascript:alert(1)' is not an http:// or https:// web address"),
    (lambda s: s["sources"][1].__setitem__(2, "file:///etc/passwd"), "is not an http:// or https://"),
    (lambda s: s["paper"].pop(1), "paper sheet, column `field`: required field `board` is missing"),
    (lambda s: s.pop("kpis"), "the `kpis` sheet is missing"),
    (lambda s: s["kpis"].__setitem__(slice(1, None), []), "there are no KPIs"),
    (lambda s: [r.pop(1) for r in s["kpis"]], "kpis sheet: required column `section` is missing"),
])
def test_each_problem_is_named_by_sheet_row_and_column(tmp_path, edit, expected):
    sheets = good_sheets()
    edit(sheets)
    found = problems_of(write_xlsx(tmp_path / "bad.xlsx", sheets))
    assert any(expected in p for p in found), found


def test_every_problem_is_reported_at_once(tmp_path):
    sheets = good_sheets()
    sheets["kpis"][1][10] = "sideways"
    sheets["kpis"][2][12] = "pie"
    sheets["series"][2][2] = "lots"
    assert len(problems_of(write_xlsx(tmp_path / "bad.xlsx", sheets))) == 3


def test_unknown_columns_and_control_characters_are_warnings(tmp_path):
    sheets = good_sheets()
    sheets["kpis"][0].append("colour")
    sheets["kpis"][1].append("red")
    sheets["kpis"][1][3] = "Reduce\x07 offences"  # openpyxl refuses to write these: a CSV carries them
    paper = read_paper(write_csvs(tmp_path / "w", sheets))
    warnings = [str(w) for w in paper.warnings]
    assert any("unknown column `colour`" in w for w in warnings)
    assert any("row 2, column `kpi`: control characters removed" in w for w in warnings)
    assert paper.kpis[0].kpi == "Reduce offences"


def test_windows_1252_csv_keeps_every_character(tmp_path):
    sheets = good_sheets()
    sheets["kpis"][1][3] = "Reduce “violent” crime – café £5"
    sheets["kpis"][2][4] = "5 £"
    folder = write_csvs(tmp_path / "win", sheets, encoding="cp1252")
    paper = read_paper(folder)
    assert paper.kpis[0].kpi == "Reduce “violent” crime – café £5"


def test_utf8_csv_with_bom(tmp_path):
    folder = write_csvs(tmp_path / "bom", good_sheets(), encoding="utf-8-sig")
    assert read_paper(folder).kpis[1].current == "≥ 5 £ – ŵ"


def test_semicolon_separated_csv(tmp_path):
    folder = tmp_path / "semi"
    folder.mkdir()
    import csv
    for name, rows in good_sheets().items():
        with open(folder / f"{name}.csv", "w", encoding="utf-8", newline="") as f:
            csv.writer(f, delimiter=";").writerows(rows)
    assert len(read_paper(folder).kpis) == 4


@pytest.mark.parametrize("content, expected", [
    (b"not a workbook at all", "not an .xlsx workbook"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "password-protected"),
])
def test_files_that_are_not_workbooks(tmp_path, content, expected):
    p = tmp_path / "x.xlsx"
    p.write_bytes(content)
    assert any(expected in m for m in problems_of(p))


@pytest.mark.parametrize("text, value", [("1234", (1234, False)), ("1,234", (1234, False)), ("45%", (45, True)),
                                         ("£1,234", (1234, False)), ("-3.5", (-3.5, False)), ("0.25", (0.25, False))])
def test_numbers_accepted(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["£1.2m", "n/a", "14-21", "1,23", "", "-"])
def test_numbers_refused(text):
    assert parse_number(text) is None


def test_check_command_exit_codes(tmp_path, small_xlsx, capsys):
    assert main(["check", str(small_xlsx)]) == 0
    sheets = good_sheets()
    sheets["kpis"][1][10] = "sideways"
    bad = write_xlsx(tmp_path / "bad.xlsx", sheets)
    assert main(["check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "row 2, column `polarity`" in err and "Traceback" not in err
    assert "1 problem to fix" in err


def test_a_formula_without_a_cached_value_is_reported(tmp_path):
    sheets = good_sheets()
    sheets["kpis"][1][4] = "=1+1"  # openpyxl saves formulas without calculating them
    paper = read_paper(write_xlsx(tmp_path / "f.xlsx", sheets))
    assert any("kpis sheet, row 2, column `current`: cell E2 holds a formula with no calculated value" in str(w)
               for w in paper.warnings)


def test_a_csv_folder_hash_covers_every_sheet_the_reader_reads(tmp_path):
    """A sheet saved as Excel's "Unicode Text" (kpis.txt) is read, so an edit to it changes the
    input's hash (which harvest compares with the manifest's); a stray notes.txt is neither."""
    from boardpaper.readers.tables import sheet_files
    from boardpaper.readers.workbook import input_sha256

    folder = write_csvs(tmp_path / "in", good_sheets())
    (folder / "kpis.csv").rename(folder / "kpis.txt")
    (folder / "notes.txt").write_text("not a sheet", encoding="utf-8")
    assert sorted(p.name for p in sheet_files(folder).values()) == ["kpis.txt", "paper.csv", "series.csv",
                                                                    "sources.csv"]
    before = input_sha256(folder)
    (folder / "notes.txt").write_text("still not a sheet", encoding="utf-8")
    assert input_sha256(folder) == before
    (folder / "kpis.txt").write_text((folder / "kpis.txt").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert input_sha256(folder) != before
