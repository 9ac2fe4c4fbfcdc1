"""`boardpaper new`: the starter workbook is what a secretariat can fill in Excel, and it builds."""
from __future__ import annotations

import pytest
from openpyxl import load_workbook

from boardpaper import starter
from boardpaper.__main__ import main
from boardpaper.api import build_one, check, read
from boardpaper.model import CHART_KINDS, POLARITIES
from boardpaper.readers.workbook import KPI_COLUMNS, PAPER_FIELDS, SERIES_COLUMNS, SOURCE_COLUMNS
from tests.helpers.inputs import good_sheets, write_xlsx

CONTRACT = {"paper": ("field", "value"), "kpis": KPI_COLUMNS, "sources": SOURCE_COLUMNS, "series": SERIES_COLUMNS}


@pytest.fixture
def board(tmp_path, monkeypatch):
    monkeypatch.delenv("BOARDPAPER_LAYOUTS", raising=False)
    monkeypatch.chdir(tmp_path)
    assert main(["new", "board.xlsx"]) == 0
    return tmp_path / "board.xlsx"


def _validations(ws) -> dict[str, tuple[str, str]]:
    """{cell range: (formula, error style)} of the sheet's data validations."""
    return {str(dv.sqref): (dv.formula1, dv.errorStyle or "stop") for dv in ws.data_validations.dataValidation}


def test_the_four_sheets_have_bold_frozen_headers_from_the_contract(board):
    wb = load_workbook(board)
    assert wb.sheetnames == ["instructions", "paper", "kpis", "sources", "series"]
    assert wb.active.title == "instructions"
    for name, columns in CONTRACT.items():
        ws = wb[name]
        header = [c.value for c in ws[1]]
        assert tuple(header) == columns
        assert all(c.font.b for c in ws[1]) and ws.freeze_panes == "A2"
        assert all(ws.column_dimensions[c.column_letter].width >= 8 for c in ws[1])
        assert all(c.alignment.wrap_text for row in ws.iter_rows(min_row=2) for c in row)
        assert all(c.comment and c.comment.text for c in ws[1])  # hover help on every column name
    assert [r[0] for r in wb["paper"].iter_rows(min_row=2, values_only=True) if r[0] != "purpose"] == [
        f for f in PAPER_FIELDS if f != "purpose"]


def test_polarity_and_chart_have_dropdowns_and_ids_are_checked(board):
    wb = load_workbook(board)
    letter = {k: chr(ord("A") + i) for i, k in enumerate(KPI_COLUMNS)}
    kpis = _validations(wb["kpis"])
    assert kpis[f"{letter['polarity']}2:{letter['polarity']}1000"] == ('"' + ",".join(POLARITIES) + '"', "stop")
    assert kpis[f"{letter['chart']}2:{letter['chart']}1000"] == ('"' + ",".join(CHART_KINDS) + '"', "stop")
    # several ids separated by ; are allowed, so the sources check warns rather than refuses
    assert kpis[f"{letter['sources']}2:{letter['sources']}1000"] == ("sources!$A$2:$A$1000", "warning")
    assert _validations(wb["series"])["A2:A1000"] == ("kpis!$A$2:$A$1000", "stop")
    assert _validations(wb["paper"])["A2:A1000"] == ('"' + ",".join(PAPER_FIELDS) + '"', "warning")


def test_the_instructions_explain_every_column_with_an_example(board):
    assert set(starter.PAPER_HELP) == set(PAPER_FIELDS)
    for name in ("kpis", "sources", "series"):
        assert set(starter.HELP[name]) == set(CONTRACT[name]), name
    rows = list(load_workbook(board)["instructions"].iter_rows(values_only=True))
    table = {(r[0], r[1].split(" ")[0]): r for r in rows if r[0] in CONTRACT and r[1]}
    for sheet, columns in (("paper", PAPER_FIELDS), ("kpis", KPI_COLUMNS), ("sources", SOURCE_COLUMNS),
                           ("series", SERIES_COLUMNS)):
        for col in columns:
            _, _, required, what, example = table[(sheet, col)]
            assert len(what) > 20 and example, (sheet, col)
    assert table[("kpis", "id")][2] == "yes" and table[("paper", "board")][2] == "yes"
    assert table[("kpis", "chart")][2] == "no" and table[("series", "value")][2] == "no"  # blank: a gap
    assert all(any(r[0] == s and r[1] is None and len(r[3]) > 20 for r in rows) for s in CONTRACT)  # sheet help


def test_check_accepts_it_without_a_warning_and_build_builds_it(board, tmp_path):
    assert check(board) == []  # not even about the instructions sheet
    paper, _, doc = read(board)
    assert [k.id for k in paper.kpis] == ["K1", "K2", "K3", "K4"]
    assert paper.kpis[1].current == "91%" and paper.kpis[3].current == "18,240"
    assert {k for k, v in paper.series.items() if v} == {"K1", "K2", "K3"}
    r = build_one(board, out=tmp_path / "out", quick=True)
    assert r.kpis == 4 and r.warnings == [] and len(r.outputs) == 2
    assert sorted(c.kpi_id for c in doc.charts) == ["K1", "K2", "K3"]  # K4: chart = none


def test_an_instructions_sheet_is_ignored_in_any_workbook(tmp_path):
    sheets = good_sheets() | {"Instructions": [["anything"], ["at all"]], "notes": [["x"]]}
    warnings = check(write_xlsx(tmp_path / "w.xlsx", sheets))
    assert [str(w) for w in warnings] == ["warning: sheet `notes` is not part of the contract and is ignored"]


def test_new_never_writes_over_a_file(board, capsys):
    before = board.read_bytes()
    capsys.readouterr()
    assert main(["new", str(board)]) == 2
    assert "already exists" in capsys.readouterr().err and board.read_bytes() == before
    other = board.parent / "notes.xlsx"
    other.write_text("not mine")
    assert main(["new", str(other)]) == 2 and other.read_text() == "not mine"


def test_new_names_a_layout_that_exists_and_refuses_others(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("BOARDPAPER_LAYOUTS", raising=False)
    monkeypatch.chdir(tmp_path)
    assert main(["new", "a.xlsx", "--layout", "myboard"]) == 2
    assert "no layout named 'myboard'" in capsys.readouterr().err and not (tmp_path / "a.xlsx").exists()
    assert main(["new", "a.xlsx", "--layout", "../x"]) == 2 and not (tmp_path / "a.xlsx").exists()
    assert main(["layout", "new", "myboard"]) == 0
    assert main(["new", "a.xlsx", "--layout", "myboard"]) == 0
    paper, lay, _ = read(tmp_path / "a.xlsx")
    assert paper.fields["layout"] == "myboard" and lay.name == "myboard"


@pytest.mark.parametrize("name", ["board.xls", "board.csv", "board"])
def test_new_wants_an_xlsx_name(tmp_path, name, capsys):
    assert main(["new", str(tmp_path / name)]) == 2
    assert ".xlsx" in capsys.readouterr().err and not (tmp_path / name).exists()
