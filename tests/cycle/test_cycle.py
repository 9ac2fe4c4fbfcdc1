"""The monthly cycle without LibreOffice: the manifest and bookmarks a DOCX carries, harvest of edits
as Word saves them, ``--into``, ``diff``, and the exit codes."""
from __future__ import annotations

import copy
import hashlib
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx as python_docx
import pytest

from boardpaper.__main__ import main
from boardpaper.cycle.manifest import from_xml, is_manifest

from tests.helpers.inputs import SAMPLE, SAMPLE_CSV, good_sheets, write_csvs, write_xlsx
from tests.helpers.cycle import (W, brief, build_docx, cell_holding, changes_of, comments_part, copy_row_without_bookmarks,
                           edit_docx, replace_run, row_holding, run, t_holding, track_replace, w)

QUOTED = 'Monitor "repeat" victims\' cases'


def sheets():
    s = good_sheets()
    s["kpis"][3][3] = QUOTED  # A3
    return s


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    return write_xlsx(tmp_path_factory.mktemp("src") / "small.xlsx", sheets())


@pytest.fixture(scope="module")
def built(source, tmp_path_factory) -> Path:
    return build_docx(source, tmp_path_factory.mktemp("out"))


def _manifest(path: Path):
    with zipfile.ZipFile(path) as z:
        items = [z.read(n) for n in z.namelist() if n.startswith("customXml/item") and "Props" not in n]
    return from_xml(next(x for x in items if is_manifest(x)))


# ----------------------------------------------------------------------------- what the DOCX carries
def test_manifest_records_input_fields_and_hash(built, source):
    m = _manifest(built)
    assert m.input_name == "small.xlsx"
    assert m.input_sha256 == hashlib.sha256(source.read_bytes()).hexdigest()
    assert m.version
    assert m.kpis["A1"].fields["current"] == "12" and m.kpis["A1"].fields["current_period"] == "Mar 26"
    assert m.paper["board"] == "Test Board" and m.purpose == ["First point", "Second point"]
    assert m.kpis["A2"].notes == ("s1", "s2")
    assert [s.title for s in m.sections] == ["Safer streets", "Confidence"]


def test_figure_and_period_are_separate_bookmarks_and_invisible(built):
    d = python_docx.Document(str(built))
    m = _manifest(built)
    cell = m.kpis["A1"].cells["current"]
    assert [(s.text, s.field) for s in cell.segs] == [("12", "current"), (" [", ""), ("Mar 26", "current_period"),
                                                      ("]", "")]
    names = {b.get(W + "name") for b in d.element.body.iter(W + "bookmarkStart")}
    assert all(s.mark in names for s in cell.segs if s.field)
    assert all(s.mark.startswith("_") for s in cell.segs if s.mark)  # hidden bookmarks
    # readers see the same text as before: the row's cells read whole
    row = [c.paragraphs[0].text for c in d.tables[0].rows[1].cells]
    assert "12 [Mar 26]" in row and "15 [Mar 25]" in row


def test_unedited_paper_harvests_to_no_changes(built):
    assert changes_of(built) == []


@pytest.mark.parametrize("sample", [SAMPLE, SAMPLE_CSV], ids=["xlsx", "csv"])
def test_unedited_sample_harvests_to_no_changes(sample, tmp_path):
    assert changes_of(build_docx(sample, tmp_path)) == []


@pytest.mark.parametrize("which", ["small", "sample"])
def test_openxml_audit_finds_no_errors(which, built, tmp_path):
    exe = Path(sys.executable).with_name("openxml-audit")
    if not exe.exists():
        pytest.skip("openxml-audit is not installed (pip install -e '.[test]')")
    path = built if which == "small" else build_docx(SAMPLE, tmp_path)
    r = subprocess.run([str(exe), str(path)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Errors: 0" in r.stdout


# ----------------------------------------------------------------------------- edits as Word saves them
def test_word_split_over_runs_proof_marks_smart_quotes_and_nbsp_are_not_changes(built, tmp_path):
    def edit(root, _notes):
        replace_run(root, "Reduce S&H offences", [run("Red"), w("proofErr", type="spellStart"), run("uce S&"),
                                                  w("proofErr", type="spellEnd"), run("H\u00a0offences")])
        t_holding(root, QUOTED).text = "Monitor \u201crepeat\u201d victims\u2019 cases"

    assert changes_of(edit_docx(built, tmp_path / "e.docx", edit)) == []


def test_typed_over_word_split_over_runs(built, tmp_path):
    def edit(root, _notes):
        replace_run(root, "Reduce S&H offences", [run("Cut"), run(" S&H"), w("proofErr", type="gramStart"),
                                                  run(" crimes")])

    assert brief(changes_of(edit_docx(built, tmp_path / "e.docx", edit))) == {
        ("A1", "kpi", "Reduce S&H offences", "Cut S&H crimes", "edited")}


def test_changed_figure_maps_to_current_only(built, tmp_path):
    def edit(root, _notes):
        cell = cell_holding(root, "Mar 26")
        r = next(t for t in cell.iter(W + "t") if t.text == "12")
        r.text = "1\u00a0017"  # and the bookmark lost, as when Word types over a whole bookmark
        for b in list(cell.iter(W + "bookmarkStart")):
            b.getparent().remove(b)

    assert brief(changes_of(edit_docx(built, tmp_path / "e.docx", edit))) == {("A1", "current", "12", "1 017", "edited")}


def test_row_known_by_its_unchanged_cells_when_every_bookmark_is_gone(built, tmp_path):
    def edit(root, _notes):
        tr = row_holding(root, "Increase confidence")
        for b in list(tr.iter(W + "bookmarkStart")) + list(tr.iter(W + "bookmarkEnd")):
            b.getparent().remove(b)
        t_holding(root, "Increase confidence").text = "Increase trust"

    assert brief(changes_of(edit_docx(built, tmp_path / "e.docx", edit))) == {
        ("B1", "kpi", "Increase confidence", "Increase trust", "edited")}


def test_merged_sub_objective_edit_applies_to_every_kpi_of_the_group(built, tmp_path):
    def edit(root, _notes):
        cell = next(t for t in root.iter(W + "t") if t.text == "Violence" and any(
            a.tag == W + "tc" for a in t.iterancestors()))  # the first "Violence" is the contents entry
        cell.text = "Violent crime"

    assert brief(changes_of(edit_docx(built, tmp_path / "e.docx", edit))) == {
        ("A1", "sub_objective", "Violence", "Violent crime", "edited"),
        ("A2", "sub_objective", "Violence", "Violent crime", "edited")}


def test_period_added_to_a_figure_that_had_none_and_figure_added_to_a_bare_period(built, tmp_path):
    def edit(root, _notes):
        t_holding(root, "1,017").text = "1,017"  # A3: "1,017 [Mar 22]" stays
        t_holding(root, "≥ 5 £ – ŵ").text = "≥ 5 £ – ŵ [Apr 26]"  # A2 had no period

    assert brief(changes_of(edit_docx(built, tmp_path / "e.docx", edit))) == {
        ("A2", "current_period", None, "Apr 26", "edited")}


def test_paragraph_added_inside_a_cell(built, tmp_path):
    def edit(root, _notes):
        cell = cell_holding(root, "Increase confidence")
        p = w("p")
        p.append(run("Now measured quarterly"))
        cell.append(p)

    assert brief(changes_of(edit_docx(built, tmp_path / "e.docx", edit))) == {
        ("B1", "kpi", "Increase confidence", "Increase confidence\nNow measured quarterly", "edited")}


def test_tracked_change_is_listed_apart_from_typed_over_text(built, tmp_path):
    def edit(root, _notes):
        track_replace(root, "65%", "66%")
        t_holding(root, "Mar 25").text = "Apr 25"

    assert brief(changes_of(edit_docx(built, tmp_path / "e.docx", edit))) == {
        ("B1", "current", "65%", "66%", "tracked"), ("A1", "benchmark_period", "Mar 25", "Apr 25", "edited")}


def test_rows_deleted_and_added_cover_heading_and_footnote_edits(built, tmp_path):
    def edit(root, notes):
        tr = row_holding(root, "Increase confidence")
        new = copy_row_without_bookmarks(tr)
        for t in new.iter(W + "t"):
            t.text = {"Increase confidence": "Cut waiting times"}.get(t.text, t.text)
        tr.addnext(new)
        a3 = row_holding(root, QUOTED)
        a3.getparent().remove(a3)
        t_holding(root, "June 2026").text = "July 2026"
        heading = next(p for p in root.iter(W + "p") if any(
            b.get(W + "name") == "bp_s2" for b in p.iter(W + "bookmarkStart")))
        next(heading.iter(W + "t")).text = "Public confidence"
        t_holding(notes, "A report").text = "A revised report"

    found = brief(changes_of(edit_docx(built, tmp_path / "e.docx", edit)))
    assert found == {
        ("A3", "kpi", QUOTED, None, "deleted"),
        (None or "kpis", "kpi", None, "Cut waiting times", "added"),
        ("paper", "meeting", "June 2026", "July 2026", "edited"),
        ("B1", "section", "Confidence", "Public confidence", "edited"),
        ("s2", "text", "A report", "A revised report", "edited"),
    }


def test_comments_are_listed_with_author_kpi_and_field(built, tmp_path):
    def edit(root, _notes):
        cell = cell_holding(root, "Mar 26")
        p = cell.find(W + "p")
        start = next(b for b in p.iter(W + "bookmarkStart"))
        start.addprevious(w("commentRangeStart", id=0))
        p.append(w("commentRangeEnd", id=0))
        r = w("r")
        r.append(w("commentReference", id=0))
        p.append(r)

    path = edit_docx(built, tmp_path / "e.docx", edit,
                     {"word/comments.xml": comments_part([(0, "Jane Officer", "Is this final?")])})
    [c] = changes_of(path)
    assert (c.kpi, c.field, c.new, c.author, c.state) == ("A1", "current", "Is this final?", "Jane Officer", "comment")


def test_edited_page_header_is_unmapped_not_dropped(built, tmp_path):
    with zipfile.ZipFile(built) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    header = next(n for n in parts if n.startswith("word/header"))
    parts[header] = parts[header].replace(b"AGENDA ITEM 7", b"AGENDA ITEM 8")
    assert b"AGENDA ITEM 8" in parts[header]
    with zipfile.ZipFile(tmp_path / "e.docx", "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    [c] = changes_of(tmp_path / "e.docx")
    assert c.state == "unmapped" and "AGENDA ITEM 8" in c.new and "header" in c.note


def test_table_added_by_an_officer_is_unmapped_and_a_copied_kpi_row_in_it_does_not_steal_the_kpi(built, tmp_path):
    def edit(root, _notes):
        body = root.find(W + "body")
        tbl = w("tbl")
        tbl.append(copy_row_without_bookmarks(row_holding(root, "Increase confidence")))  # same text as B1
        extra = w("tr")
        tc = w("tc")
        p = w("p")
        p.append(run("Actions agreed"))
        tc.append(p)
        extra.append(tc)
        tbl.append(extra)
        body.insert(0, tbl)  # before the cover, so it is met first

    got = brief(changes_of(edit_docx(built, tmp_path / "e.docx", edit)))
    assert ("kpis", None, None, "Actions agreed", "unmapped") in got
    assert not any(k == "B1" for k, *_ in got)  # B1's own row, with its bookmarks, is still B1


def test_changed_fixed_wording_is_unmapped_not_dropped(built, tmp_path):
    def edit(root, _notes):
        cell = cell_holding(root, "Mar 26")
        for t in cell.iter(W + "t"):
            t.text = {" [": " (", "]": ")"}.get(t.text, t.text)

    [c] = changes_of(edit_docx(built, tmp_path / "e.docx", edit))
    assert (c.kpi, c.state, c.new) == ("A1", "unmapped", "12 (Mar 26)")


# ----------------------------------------------------------------------------- --into, diff, round trip
def _officer_edits(root, notes):
    t_holding(root, "June 2026").text = "July 2026"
    t_holding(notes, "Police statistics – GOV.UK").text = "Police statistics, GOV.UK"
    t_holding(root, "Reduce S&H offences").text = "Reduce sexual harassment offences"
    t_holding(root, "12").text = "14"
    track_replace(root, "Increase confidence", "Raise public confidence")
    a2 = row_holding(root, "Poor <1 volunteer")
    a2.getparent().remove(a2)


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_round_trip_into_rebuild_and_diff(kind, tmp_path, capsys):
    src = write_xlsx(tmp_path / "small.xlsx", sheets()) if kind == "xlsx" else write_csvs(tmp_path / "small", sheets())
    before = {p: p.read_bytes() for p in ([src] if src.is_file() else sorted(src.iterdir()))}
    paper = build_docx(src, tmp_path / "out")
    edited = edit_docx(paper, tmp_path / "edited.docx", _officer_edits)
    into = tmp_path / ("new.xlsx" if kind == "xlsx" else "new")
    code = main(["harvest", str(edited), "--workbook", str(src), "--into", str(into), "--accept-tracked",
                 "--apply-deletions", "--json"])
    assert code == 0
    listed = brief(json_changes(capsys.readouterr().out))
    assert listed == {("paper", "meeting", "June 2026", "July 2026", "edited"),
                      ("s1", "text", "Police statistics – GOV.UK", "Police statistics, GOV.UK", "edited"),
                      ("A1", "kpi", "Reduce S&H offences", "Reduce sexual harassment offences", "edited"),
                      ("A1", "current", "12", "14", "edited"),
                      ("B1", "kpi", "Increase confidence", "Raise public confidence", "tracked"),
                      ("A2", "kpi", "Poor <1 volunteer", None, "deleted")}
    assert {p: p.read_bytes() for p in before} == before  # the source is untouched
    rebuilt = python_docx.Document(str(build_docx(into, tmp_path / "out2")))
    text = "\n".join(c.text for t in rebuilt.tables for r in t.rows for c in r.cells)
    assert "Reduce sexual harassment offences" in text and "14 [Mar 26]" in text
    assert "Raise public confidence" in text and "Poor <1 volunteer" not in text
    assert "July 2026" in "\n".join(p.text for p in rebuilt.paragraphs)
    assert main(["diff", str(src), str(into), "--json"]) == 0
    diffed = {(k, f, o, n, "tracked" if k == "B1" else s) for k, f, o, n, s in brief(json_changes(capsys.readouterr().out))}
    assert diffed == listed


def test_into_applies_tracked_and_deletions_only_when_asked(built, source, tmp_path, capsys):
    edited = edit_docx(built, tmp_path / "edited.docx", _officer_edits)
    into = tmp_path / "new.xlsx"
    assert main(["harvest", str(edited), "--workbook", str(source), "--into", str(into)]) == 0
    err = capsys.readouterr().err
    assert "use --accept-tracked" in err and "use --apply-deletions" in err
    assert main(["diff", str(source), str(into), "--json"]) == 0
    assert {(c.kpi or c.source or c.sheet, c.field) for c in json_changes(capsys.readouterr().out)} == {
        ("A1", "kpi"), ("A1", "current"), ("paper", "meeting"), ("s1", "text")}


def test_into_keeps_other_sheets_cells_and_formatting(tmp_path):
    from openpyxl import Workbook, load_workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets().items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb["kpis"]["D2"].font = Font(bold=True, color="FF0000")
    wb["kpis"]["E3"] = 1017
    wb["kpis"]["E3"].number_format = "#,##0"
    notes = wb.create_sheet("notes")
    notes["A1"] = "secretariat's own sheet"
    src = tmp_path / "styled.xlsx"
    wb.save(src)
    paper = build_docx(src, tmp_path / "out")
    edited = edit_docx(paper, tmp_path / "e.docx", lambda root, _n: (
        setattr(t_holding(root, "Reduce S&H offences"), "text", "Reduce offences"),
        setattr(t_holding(root, "1,017"), "text", "1,020")))
    into = tmp_path / "new.xlsx"
    assert main(["harvest", str(edited), "--workbook", str(src), "--into", str(into)]) == 0
    new = load_workbook(into)
    assert new["kpis"]["D2"].value == "Reduce offences" and new["kpis"]["D2"].font.bold
    assert new["kpis"]["E3"].value == 1020 and new["kpis"]["E3"].number_format == "#,##0"
    assert new["notes"]["A1"].value == "secretariat's own sheet"
    assert new["kpis"].max_row == load_workbook(src)["kpis"].max_row


def json_changes(out: str):
    from boardpaper.cycle.changes import Change

    return [Change(**{k: v for k, v in d.items()}) for d in json.loads(out[out.index("["):])]


# ----------------------------------------------------------------------------- exit codes
def test_docx_not_made_by_boardpaper_exits_2(tmp_path, capsys):
    d = python_docx.Document()
    d.add_paragraph("A letter")
    d.save(tmp_path / "letter.docx")
    assert main(["harvest", str(tmp_path / "letter.docx")]) == 2
    err = capsys.readouterr().err
    assert "not made by boardpaper" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("content", [b"not a zip", b"PK\x03\x04broken"])
def test_unreadable_file_exits_2(tmp_path, capsys, content):
    (tmp_path / "x.docx").write_bytes(content)
    assert main(["harvest", str(tmp_path / "x.docx")]) == 2
    assert "cannot be read" in capsys.readouterr().err


def test_workbook_that_does_not_match_exits_2(built, tmp_path, capsys):
    other = good_sheets()
    for row in other["kpis"][1:]:
        row[0] = "Z" + row[0]
    other["series"] = [other["series"][0]]
    wb = write_xlsx(tmp_path / "other.xlsx", other)
    assert main(["harvest", str(built), "--workbook", str(wb)]) == 2
    assert "does not match" in capsys.readouterr().err


def test_into_never_writes_over_source_or_existing_file(built, source, tmp_path, capsys):
    assert main(["harvest", str(built), "--workbook", str(source), "--into", str(source)]) == 2
    assert "refusing to write over the source" in capsys.readouterr().err
    existing = tmp_path / "exists.xlsx"
    existing.write_bytes(b"keep me")
    assert main(["harvest", str(built), "--workbook", str(source), "--into", str(existing)]) == 2
    assert existing.read_bytes() == b"keep me"
    assert main(["harvest", str(built), "--workbook", str(source), "--into", str(existing), "--force"]) == 0


def test_changed_source_workbook_is_warned_about(built, source, tmp_path, capsys):
    changed = tmp_path / "small.xlsx"
    s = sheets()
    s["kpis"][1][4] = "13"
    write_xlsx(changed, s)
    assert main(["harvest", str(built), "--workbook", str(changed)]) == 0
    assert "SHA-256 differs" in capsys.readouterr().err


def test_workbook_found_beside_the_docx_by_manifest_name(built, source, tmp_path, capsys):
    folder = tmp_path / "beside"
    folder.mkdir()
    shutil.copy(built, folder / "paper.docx")
    shutil.copy(source, folder / "small.xlsx")
    assert main(["harvest", str(folder / "paper.docx"), "--into", str(folder / "new.xlsx")]) == 0
    assert (folder / "new.xlsx").exists()


# ----------------------------------------------------------------------------- diff
def test_diff_lists_field_changes_moves_additions_removals_and_sources(tmp_path, capsys):
    old = write_xlsx(tmp_path / "old.xlsx", good_sheets())
    s = good_sheets()
    s["kpis"][1][4] = "13"                       # A1 current only
    s["kpis"][4][1] = "Safer streets"            # B1 moved section
    s["kpis"].pop(2)                             # A2 removed
    s["kpis"].append(["C1", "New", "", "New KPI", "", "", "", "", "", "", "", "", ""])
    s["sources"][2][1] = "A better report"
    s["paper"][3][1] = "New title"
    new = write_xlsx(tmp_path / "new.xlsx", s)
    assert main(["diff", str(old), str(new), "--json"]) == 0
    got = brief(json_changes(capsys.readouterr().out))
    assert got == {("A1", "current", "12", "13", "edited"), ("B1", "section", "Confidence", "Safer streets", "edited"),
                   ("A2", "kpi", "Poor <1 volunteer", None, "deleted"), ("C1", "kpi", None, "New KPI", "added"),
                   ("s2", "text", "A report", "A better report", "edited"),
                   ("paper", "title", "Test Scorecard", "New title", "edited")}
    assert main(["diff", str(old), str(new)]) == 0
    plain = capsys.readouterr().out
    assert "A1: current figure changed: \"12\" → \"13\"" in plain
    assert "B1: moved to another section" in plain and "Section: Safer streets" in plain


def test_diff_of_same_input_is_empty_and_bad_input_exits_2(tmp_path, capsys):
    assert main(["diff", str(SAMPLE), str(SAMPLE_CSV)]) == 0
    assert capsys.readouterr().out.strip() == "no changes"
    assert main(["diff", str(SAMPLE), str(tmp_path / "missing.xlsx")]) == 2


def test_copy_row_helper_really_strips_bookmarks(built):
    # guards the "added row" tests: a copied row must not carry the original's identity
    root = python_docx.Document(str(built)).element
    new = copy_row_without_bookmarks(copy.deepcopy(row_holding(root, "Increase confidence")))
    assert not list(new.iter(W + "bookmarkStart"))
