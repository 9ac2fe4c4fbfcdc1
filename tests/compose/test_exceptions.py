"""Exception reports and the summary matrix, end to end on a crafted trust report (tests/exception_trust.py):
the selection under the ipr rules with `exception` overrides, every edition's headings and bookmarks, the
chase list, `status --json`, the matrix, and the monthly cycle of the narrative."""
from __future__ import annotations

import io
import json
from pathlib import Path

import docx as python_docx
import pypdf
import pytest

from boardpaper.api import build_one, check, read
from boardpaper.errors import InputError
from boardpaper.compose.exceptions import NO_COMMENTARY, blocks_text, narrative_blocks
from boardpaper.__main__ import main

from tests.helpers import exception_trust as trust
from tests.helpers.cycle import changes_of, edit_docx, t_holding, w
from tests.helpers import system
from tests.helpers.office_edit import lo_edit

ROOT = Path(__file__).resolve().parents[2]
TITLES = {k[0]: k[2] for k in trust.KPIS}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("trust")
    source = trust.write_trust(folder / "trust.xlsx")
    result = build_one(source, out=folder / "out", quick=True, formats=("docx", "pdf", "html"))
    return source, result, folder


def _outline(pdf_bytes: bytes) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []

    def walk(items, depth):
        for x in items:
            if isinstance(x, list):
                walk(x, depth + 1)
            else:
                out.append((depth, x.title))
    walk(pypdf.PdfReader(io.BytesIO(pdf_bytes)).outline, 0)
    return out


def _under(outline: list[tuple[int, str]], title: str) -> list[str]:
    start = outline.index((0, title))
    out = []
    for depth, text in outline[start + 1:]:
        if depth == 0:
            break
        out.append(text)
    return out


def test_the_rules_select_six_and_the_column_overrides_them(built):
    source, _, _ = built
    _, _, doc = read(source)
    assert [r.kpi_id for r in doc.exceptions.reports] == trust.expected_reports()
    assert "UC-07" not in trust.expected_reports() and "UC-08" in trust.expected_reports()  # no / yes
    assert len(trust.expected_reports()) == 6


def test_the_pdf_bookmarks_under_exception_reports_are_the_reports_in_table_order(built):
    _, result, _ = built
    pdf = next(p for p in result.outputs if p.suffix == ".pdf").read_bytes()
    assert _under(_outline(pdf), "Exception reports") == [TITLES[k] for k in trust.expected_reports()]


def test_each_report_holds_its_owner_and_narrative_in_every_edition(built):
    source, result, _ = built
    outputs = {p.suffix: p for p in result.outputs}
    pdf_text = "\n".join(p.extract_text() for p in pypdf.PdfReader(outputs[".pdf"]).pages)
    html = outputs[".html"].read_text()
    d = python_docx.Document(outputs[".docx"])
    docx_text = "\n".join(p.text for p in d.paragraphs)
    for text in ("Owner: Dr A. Okafor", "Bed occupancy above 95%", "Night staffing gaps.", NO_COMMENTARY):
        assert text in " ".join(pdf_text.split()) and text in docx_text
    assert "Bed occupancy above 95%</li>" in html and "Dr A. Okafor" in html
    assert "Not an exception" not in docx_text + html  # commentary of a KPI without a report


def test_the_docx_uses_word_headings_and_links_both_ways(built):
    _, result, _ = built
    d = python_docx.Document(next(p for p in result.outputs if p.suffix == ".docx"))
    h2 = [p.text for p in d.paragraphs if p.style.name == "Heading 2"]
    for kid in trust.expected_reports():
        assert TITLES[kid] in h2
    assert "Issues" in [p.text for p in d.paragraphs if p.style.name == "Heading 3"]
    xml = d.element.xml
    assert 'w:anchor="bp_x_UC_01"' in xml and 'w:name="bp_x_UC_01"' in xml  # row -> report, report bookmark
    assert 'w:anchor="bp_k_UC_01"' in xml and 'w:anchor="bp_m_UC_01"' in xml  # report -> row, summary line
    toc = [p.text.split("\t")[0] for p in d.paragraphs if p.style.name.lower() == "toc 2"]
    assert TITLES["QS-02"] in toc


def test_check_names_each_report_without_commentary_and_its_owner(built):
    source, _, _ = built
    warnings = [p.message for p in check(source) if "no commentary" in p.message]
    assert len(warnings) == 1 and "UC-03" in warnings[0] and "M. Patel" in warnings[0]


def test_check_of_a_paper_without_commentary_chases_every_owner(tmp_path):
    source = trust.write_trust(tmp_path / "t.xlsx", commentary=False)
    warnings = [p.message for p in check(source) if "no commentary" in p.message]
    assert len(warnings) == 6
    for kid in trust.expected_reports():
        owner = next(k[6] for k in trust.KPIS if k[0] == kid)
        assert sum(kid in w and owner in w for w in warnings) == 1


def test_status_json_has_exception_and_owner(built, capsys):
    source, _, _ = built
    assert main(["status", str(source), "--json"]) == 0
    rows = {r["kpi"]: r for r in json.loads(capsys.readouterr().out)}
    assert [k for k, r in rows.items() if r["exception"]] == trust.expected_reports()
    assert rows["UC-07"]["exception"] is False and rows["UC-07"]["owner"] == "Dr A. Okafor"
    assert rows["QS-08"]["owner"] is None


def test_the_matrix_places_every_kpi_by_its_two_readings(built):
    source, result, _ = built
    _, _, doc = read(source)
    m = doc.summary.matrix
    placed = {e.kpi_id: (m.rows[r], m.columns[c]) for r, row in enumerate(m.cells) for c, cell in enumerate(row)
              for e in cell}
    assert len(placed) == len(trust.KPIS)
    for e in doc.summary.entries:
        assert placed[e.kpi_id][1] == (e.variation or "Fewer than 15 points")
        if e.assurance:
            assert placed[e.kpi_id][0] == e.assurance
    assert placed["UC-02"] == ("No target", "Special cause – concerning")
    assert placed["PC-06"] == ("Not assessed (fewer than 15 points)", "Fewer than 15 points")
    d = python_docx.Document(next(p for p in result.outputs if p.suffix == ".docx"))
    table = next(t for t in d.tables if t.rows[0].cells[1].text == "Common cause")
    assert [c.text for c in table.rows[0].cells][1:] == list(m.columns)
    html = next(p for p in result.outputs if p.suffix == ".html").read_text()
    assert '<table class="matrix cards"' in html and '<th scope="row"' in html


def test_narrative_keeps_line_breaks_and_bullets():
    blocks = narrative_blocks("First line\nsecond line\n\n• one\n- two\nAfter")
    assert [(b.kind, b.lines) for b in blocks] == [("para", ("First line", "second line")),
                                                    ("list", ("one", "two")), ("para", ("After",))]
    assert blocks_text(blocks) == "First line\nsecond line\n• one\n- two\nAfter"
    assert narrative_blocks("-5% on last year")[0].kind == "para"  # a minus sign is not a bullet


def test_a_heading_not_in_the_layout_is_an_error_naming_the_row(tmp_path):
    source = trust.write_trust(tmp_path / "t.xlsx")
    import openpyxl

    wb = openpyxl.load_workbook(source)
    wb["commentary"].append(["UC-01", "Next steps", "Something"])
    wb.save(source)
    with pytest.raises(InputError) as e:
        check(source)
    assert any(p.sheet == "commentary" and p.row == 13 and p.column == "heading" for p in e.value.problems)


def test_an_untouched_docx_harvests_as_no_change(built):
    _, result, _ = built
    assert changes_of(next(p for p in result.outputs if p.suffix == ".docx")) == []


def test_an_edited_narrative_and_an_added_paragraph_come_back_and_go_into_the_sheet(built, tmp_path):
    source, result, _ = built
    docx = next(p for p in result.outputs if p.suffix == ".docx")

    def edit(root, _notes):
        t = t_holding(root, "Night staffing gaps.")
        t.text = "Night staffing gaps on two wards."
        heading = next(p for p in root.iter(w("p").tag) if "".join(x.text or "" for x in p.iter(w("t").tag))
                       == "Actions")
        added = w("p")
        added.append(w("r"))
        added[0].append(w("t", "Agree a winter plan."))
        body = heading.getparent()
        body.insert(body.index(heading) + 1, added)

    edited = edit_docx(docx, tmp_path / "edited.docx", edit)
    changes = changes_of(edited)
    got = {(c.kpi, c.field, c.old, c.new, c.state, c.index) for c in changes}
    assert ("QS-02", "commentary: Issues", "Night staffing gaps.", "Night staffing gaps on two wards.", "edited",
            2) in got
    assert ("UC-01", "commentary: Actions", None, "Agree a winter plan.", "added", None) in got
    assert len(changes) == 2
    into = tmp_path / "into.xlsx"
    assert main(["harvest", str(edited), "--workbook", str(source), "--into", str(into)]) == 0
    rows = [r for r in __import__("openpyxl").load_workbook(into)["commentary"].iter_rows(values_only=True)]
    assert ("QS-02", "Issues", "Night staffing gaps on two wards.") in rows
    assert ("UC-01", "Actions", "Agree a winter plan.") in rows
    assert [c for c in main_diff(source, into)] == [("QS-02", "edited"), ("UC-01", "added")]


def main_diff(a: Path, b: Path):
    from boardpaper.cycle.diff import diff_inputs

    return [(c.kpi, c.state) for c in diff_inputs(a, b) if c.sheet == "commentary"]


@pytest.mark.libreoffice
@system.needs(system.UNO)
def test_a_narrative_sentence_edited_in_libreoffice_is_harvested_and_written(tmp_path, capsys):
    source = trust.write_trust(tmp_path / "trust.xlsx")
    result = build_one(source, out=tmp_path / "out", quick=True, formats=("docx",))
    edited = lo_edit(result.outputs[0], tmp_path / "edited.docx",
                     [{"replace": "Insourcing weekend lists from June.", "with": "Insourcing weekend lists from July."}])
    assert main(["harvest", str(edited), "--workbook", str(source), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(c["kpi"], c["field"], c["new"]) for c in listed] == [
        ("PC-01", "commentary: Actions", "Insourcing weekend lists from July.")]
    changes = changes_of(edited)
    assert [(c.kpi, c.field, c.old, c.new, c.state, c.sheet) for c in changes] == [
        ("PC-01", "commentary: Actions", "Insourcing weekend lists from June.", "Insourcing weekend lists from July.",
         "edited", "commentary")]
    into = tmp_path / "into.xlsx"
    assert main(["harvest", str(edited), "--workbook", str(source), "--into", str(into)]) == 0
    rows = list(__import__("openpyxl").load_workbook(into)["commentary"].iter_rows(values_only=True))
    assert ("PC-01", "Actions", "Insourcing weekend lists from July.") in rows


def test_a_retyped_narrative_heading_is_unmapped_not_a_new_row(built, tmp_path):
    _, result, _ = built

    def edit(root, _notes):
        t_holding(root, "Risks and mitigations").text = "Risks"

    changes = changes_of(edit_docx(next(p for p in result.outputs if p.suffix == ".docx"), tmp_path / "e.docx",
                                   edit))
    assert [(c.kpi, c.state, c.new) for c in changes] == [("UC-02", "unmapped", "Risks")]


def test_into_creates_the_commentary_sheet_for_a_first_narrative(tmp_path):
    source = trust.write_trust(tmp_path / "trust.xlsx", commentary=False)
    result = build_one(source, out=tmp_path / "out", quick=True, formats=("docx",))

    def edit(root, _notes):
        t_holding(root, NO_COMMENTARY).text = "Flow out of the department is the issue."

    edited = edit_docx(result.outputs[0], tmp_path / "edited.docx", edit)
    into = tmp_path / "into.xlsx"
    assert main(["harvest", str(edited), "--workbook", str(source), "--into", str(into)]) == 0
    wb = __import__("openpyxl").load_workbook(into)
    assert list(wb["commentary"].iter_rows(values_only=True)) == [
        ("kpi_id", "heading", "text"), ("UC-01", "What the data tell us", "Flow out of the department is the issue.")]
    _, _, doc = read(into)
    assert doc.exceptions.reports[0].narrative[0].entries[0].text == "Flow out of the department is the issue."


def test_spcb_keeps_the_published_look_and_warns_about_unprinted_commentary(tmp_path):
    source = trust.write_trust(tmp_path / "t.xlsx")
    _, _, doc = read(source, layout=ROOT / "layouts" / "spcb.toml")
    assert doc.exceptions is None
    assert any("commentary sheet is not printed" in p.message for p in doc.notices)
