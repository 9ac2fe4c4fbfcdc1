"""Harvest never guesses (issue 31, item 3): conflicts, the wrong workbook, formula cells.

Each scenario builds a real DOCX from a workbook written here, edits it the way Word saves an
officer's typing, and runs the real command line."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from boardpaper.__main__ import main
from tests.helpers.cycle import build_docx, edit_docx, t_holding
from tests.helpers.inputs import good_sheets, write_xlsx


def _numeric(wb):
    """A3's current figure a number shown as 1,017 (as an analyst types it)."""
    ws = wb["kpis"]
    ws["E4"] = 1017
    ws["E4"].number_format = "#,##0"


@pytest.fixture()
def paper(tmp_path):
    src = write_xlsx(tmp_path / "june.xlsx", good_sheets(), _numeric)
    docx = build_docx(src, tmp_path / "out")
    edited = edit_docx(docx, tmp_path / "edited.docx", lambda root, _n: (
        setattr(t_holding(root, "1,017"), "text", "1,018"),
        setattr(t_holding(root, "Reduce S&H offences"), "text", "Reduce offences")))
    return src, edited


def _late_figure(src: Path, value=1025) -> None:
    wb = load_workbook(src)
    wb["kpis"]["E4"] = value
    wb.save(src)


def _listing(capsys):
    out = capsys.readouterr()
    return json.loads(out.out), out.err


def test_late_figure_and_officer_edit_is_a_conflict_and_nothing_is_written(paper, tmp_path, capsys):
    src, edited = paper
    _late_figure(src)
    assert main(["harvest", str(edited), "--workbook", str(src), "--json"]) == 0
    changes, _ = _listing(capsys)
    [conflict] = [c for c in changes if c["state"] == "conflict"]
    assert (conflict["kpi"], conflict["field"], conflict["old"], conflict["workbook"], conflict["new"]) == (
        "A3", "current", "1,017", "1,025", "1,018")
    assert main(["harvest", str(edited), "--workbook", str(src)]) == 0
    text = capsys.readouterr().out
    assert 'A3: current figure conflict: built "1,017", workbook now "1,025", officer "1,018"' in text
    into = tmp_path / "new.xlsx"
    assert main(["harvest", str(edited), "--workbook", str(src), "--into", str(into)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "--prefer" in err and "1,025" in err
    assert not into.exists()


@pytest.mark.parametrize("prefer, figure", [("officer", 1018), ("workbook", 1025)])
def test_prefer_settles_the_conflict_and_the_rest_is_applied(paper, tmp_path, capsys, prefer, figure):
    src, edited = paper
    _late_figure(src)
    into = tmp_path / "new.xlsx"
    assert main(["harvest", str(edited), "--workbook", str(src), "--into", str(into), "--prefer", prefer,
                 "--json"]) == 0
    changes, err = _listing(capsys)
    ws = load_workbook(into)["kpis"]
    assert ws["E4"].value == figure and ws["D2"].value == "Reduce offences"
    [conflict] = [c for c in changes if c["state"] == "conflict"]
    assert conflict["applied"] is (prefer == "officer")
    if prefer == "workbook":
        assert "workbook's value kept" in err


def test_a_field_changed_only_in_the_workbook_is_left_alone(paper, tmp_path, capsys):
    src, _ = paper
    docx = build_docx(src, tmp_path / "again")
    edited = edit_docx(docx, tmp_path / "e2.docx", lambda root, _n: setattr(
        t_holding(root, "Reduce S&H offences"), "text", "Reduce offences"))
    _late_figure(src)
    into = tmp_path / "new.xlsx"
    assert main(["harvest", str(edited), "--workbook", str(src), "--into", str(into), "--json"]) == 0
    changes, _ = _listing(capsys)
    assert [(c["kpi"], c["field"]) for c in changes] == [("A1", "kpi")]
    assert load_workbook(into)["kpis"]["E4"].value == 1025


def test_same_new_value_in_workbook_and_docx_is_no_conflict(paper, tmp_path, capsys):
    src, edited = paper
    _late_figure(src, 1018)
    assert main(["harvest", str(edited), "--workbook", str(src), "--json"]) == 0
    changes, _ = _listing(capsys)
    assert not [c for c in changes if c["state"] == "conflict"]


def _other(sheets_edit):
    s = good_sheets()
    sheets_edit(s)
    return s


@pytest.mark.parametrize("why, edit", [
    ("another board", lambda s: s["paper"][1].__setitem__(1, "Another Board")),
    ("an id reused for another indicator", lambda s: s["kpis"][4].__setitem__(3, "Reduce burglary")),
    ("a KPI more", lambda s: s["kpis"].append(["C9", "Confidence", "Trust", "New one", "1", "", "", "", "", "",
                                                "up", "", ""])),
    ("a KPI fewer", lambda s: s["kpis"].pop(2)),
])
def test_wrong_workbook_is_refused_in_one_line_and_nothing_is_written(paper, tmp_path, capsys, why, edit):
    _, edited = paper
    wrong = write_xlsx(tmp_path / "other.xlsx", _other(edit))
    before = wrong.read_bytes()
    into = tmp_path / "new.xlsx"
    code = main(["harvest", str(edited), "--workbook", str(wrong), "--into", str(into), "--apply-deletions",
                 "--accept-tracked", "--prefer", "officer"])
    err = capsys.readouterr().err.strip()
    assert code == 2, why
    assert len(err.splitlines()) == 1 and "does not match the paper (not the input it was built from" in err
    assert not into.exists() and wrong.read_bytes() == before
    assert main(["harvest", str(edited), "--workbook", str(wrong)]) == 2  # the listing too


def test_workbook_already_holding_the_officers_edit_is_the_papers(paper, tmp_path, capsys):
    src, edited = paper
    wb = load_workbook(src)
    wb["kpis"]["D2"] = "Reduce offences"
    wb.save(src)
    assert main(["harvest", str(edited), "--workbook", str(src), "--json"]) == 0


def test_deleted_row_from_a_wrong_workbook_is_never_deleted(tmp_path, capsys):
    src = write_xlsx(tmp_path / "june.xlsx", good_sheets())
    docx = build_docx(src, tmp_path / "out")

    def drop_a2(root, _n):
        from tests.helpers.cycle import row_holding
        row = row_holding(root, "Poor <1 volunteer")
        row.getparent().remove(row)
    edited = edit_docx(docx, tmp_path / "e.docx", drop_a2)
    wrong = write_xlsx(tmp_path / "other.xlsx", _other(lambda s: s["kpis"][2].__setitem__(3, "Another KPI")))
    into = tmp_path / "new.xlsx"
    assert main(["harvest", str(edited), "--workbook", str(wrong), "--into", str(into), "--apply-deletions"]) == 2
    assert not into.exists()


def test_formula_cell_is_never_overwritten_and_named(tmp_path, capsys):
    def formula(wb):
        _numeric(wb)
        data = wb.create_sheet("data")
        data["B2"] = 1017
        wb["kpis"]["E4"] = "=data!B2"
    src = write_xlsx(tmp_path / "june.xlsx", good_sheets(), formula)
    # openpyxl writes no cached value: give the formula one, as Excel would have saved it
    _cache(src, "E4", "1017")
    docx = build_docx(src, tmp_path / "out")
    edited = edit_docx(docx, tmp_path / "e.docx", lambda root, _n: (
        setattr(t_holding(root, "1,017"), "text", "1,018"),
        setattr(t_holding(root, "Reduce S&H offences"), "text", "Reduce offences")))
    into = tmp_path / "new.xlsx"
    assert main(["harvest", str(edited), "--workbook", str(src), "--into", str(into), "--json"]) == 0
    out = capsys.readouterr()
    assert "not applied: kpis!E4 holds a formula (=data!B2)" in out.err
    [held] = [c for c in json.loads(out.out) if c["field"] == "current"]
    assert held["applied"] is False and "kpis!E4 holds a formula" in held["not_applied"]
    ws = load_workbook(into)["kpis"]
    assert ws["E4"].value == "=data!B2" and ws["D2"].value == "Reduce offences"
    assert "1 change applied, 1 not" in out.err


def _cache(path: Path, cell: str, value: str) -> None:
    """Put a cached value in the formula cell ``cell`` of the kpis sheet (as Excel saves it)."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    wb = parts["xl/workbook.xml"].decode()
    names = re.findall(r'<sheet [^>]*name="([^"]+)"', wb)
    part = f"xl/worksheets/sheet{names.index('kpis') + 1}.xml"
    xml = parts[part].decode()
    xml, n = re.subn(rf'(<c r="{cell}"[^>]*>)<f>([^<]*)</f><v\s*/>', rf'\1<f>\2</f><v>{value}</v>', xml)
    if not n:
        xml, n = re.subn(rf'(<c r="{cell}"[^>]*>)<f>([^<]*)</f>(<v></v>)?', rf'\1<f>\2</f><v>{value}</v>', xml)
    assert n == 1, xml[:2000]
    parts[part] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def test_workbook_without_a_row_the_officer_deleted_is_the_papers(tmp_path, capsys):
    from tests.helpers.cycle import row_holding

    src = write_xlsx(tmp_path / "june.xlsx", good_sheets())
    docx = build_docx(src, tmp_path / "out")

    def drop_a2(root, _n):
        row = row_holding(root, "Poor <1 volunteer")
        row.getparent().remove(row)
    edited = edit_docx(docx, tmp_path / "e.docx", drop_a2)
    s = good_sheets()
    s["kpis"].pop(2)  # A2 already removed from the workbook
    already = write_xlsx(tmp_path / "already.xlsx", s)
    assert main(["harvest", str(edited), "--workbook", str(already)]) == 0
