"""Rows of a merged sub-objective group deleted through LibreOffice itself (UNO, headless): deleting
the first row of a group makes LibreOffice drop the merged cell's text (the rows left show a blank
label), which harvest must read as that row's deletion only, and the round trip must give the
group's label back on every row left."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from boardpaper.__main__ import main
from boardpaper.cycle.docx_text import read

from tests.helpers.inputs import SAMPLE
from tests.helpers.cycle import W, brief, build_docx, changes_of
from tests.helpers import system
from tests.helpers.office_edit import lo_edit

pytestmark = [pytest.mark.libreoffice, system.needs(system.UNO)]

VAWG = "Violence against women and girls"  # PRC-01…08 in the sample
BUSINESS = "Reducing business crime"  # PRC-21…23 (the illicit-drugs group is taller than a page: labels repeated)
PRC01 = "Reduce the number of outstanding suspects for Domestic Abuse offences awaiting investigation"


@pytest.fixture(scope="module")
def paper(tmp_path_factory) -> Path:
    return build_docx(SAMPLE, tmp_path_factory.mktemp("built"))


@pytest.fixture(scope="module")
def kpis(paper) -> dict:
    return read(paper).manifest.kpis


def _blank_label_left(path: Path, kpi_text: str) -> bool:
    """Whether the row holding ``kpi_text`` starts with an empty sub-objective cell (what
    LibreOffice leaves once the row carrying the merged label is gone)."""
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    tr = next(tr for tr in root.iter(W + "tr") if kpi_text in "".join(t.text or "" for t in tr.iter(W + "t")))
    return not "".join(t.text or "" for t in tr.find(W + "tc").iter(W + "t")).strip()


def test_first_rows_of_merged_groups_deleted_in_libreoffice_are_only_those_deletions(paper, kpis, tmp_path):
    """PRC-21 heads a group of three rows, PRC-09 a group of two (LibreOffice leaves PRC-10 unmerged)."""
    edited = lo_edit(paper, tmp_path / "edited.docx", [{"delete_row": kpis["PRC-21"].fields["kpi"]},
                                                       {"delete_row": kpis["PRC-09"].fields["kpi"]}])
    assert _blank_label_left(edited, kpis["PRC-22"].fields["kpi"])  # the case harvest must see through
    assert _blank_label_left(edited, kpis["PRC-10"].fields["kpi"])
    assert brief(changes_of(edited)) == {(k, "kpi", kpis[k].fields["kpi"], None, "deleted")
                                         for k in ("PRC-09", "PRC-21")}


def test_reviewers_four_edits_with_the_first_row_of_a_group_deleted_harvest_and_round_trip(paper, kpis, tmp_path,
                                                                                          capsys):
    rcp08 = kpis["RCP-08"].fields["kpi"]
    rcp06 = kpis["RCP-06"].fields["kpi"]
    edited = lo_edit(paper, tmp_path / "edited.docx", [
        {"replace": "community messaging system", "with": "community alert service"},  # RCP-08, typed over
        {"replace": "7,708", "with": "7,731"},                                           # RCP-02, a figure
        {"delete_row": PRC01},                                                           # first row of VAWG
        {"track": True},
        {"replace": "Support and maintain", "with": "Support and sustain"}])             # RCP-06, pending
    assert _blank_label_left(edited, kpis["PRC-02"].fields["kpi"])
    assert brief(changes_of(edited)) == {
        ("RCP-08", "kpi", rcp08, rcp08.replace("community messaging system", "community alert service"), "edited"),
        ("RCP-02", "current", "7,708", "7,731", "edited"),
        ("PRC-01", "kpi", PRC01, None, "deleted"),
        ("RCP-06", "kpi", rcp06, rcp06.replace("Support and maintain", "Support and sustain"), "tracked")}
    into = tmp_path / "june.xlsx"
    assert main(["harvest", str(edited), "--workbook", str(SAMPLE), "--into", str(into), "--accept-tracked",
                 "--apply-deletions"]) == 0
    capsys.readouterr()
    rebuilt = build_docx(into, tmp_path / "out")
    m = read(rebuilt).manifest
    assert {m.kpis[f"PRC-0{n}"].fields["sub_objective"] for n in range(2, 9)} == {VAWG}
    prc = next(s for s in m.sections if s.title == "Preventing and Reducing Crime")
    assert (prc.groups[0].title, prc.groups[0].first, prc.groups[0].count) == (VAWG, 0, 7)
    assert not _blank_label_left(rebuilt, kpis["PRC-02"].fields["kpi"])
    assert main(["diff", str(SAMPLE), str(into), "--json"]) == 0
    assert {(c["kpi"], c["field"], c["state"]) for c in json.loads(capsys.readouterr().out)} == {
        ("RCP-08", "kpi", "edited"), ("RCP-02", "current", "edited"), ("PRC-01", "kpi", "deleted"),
        ("RCP-06", "kpi", "edited")}


def test_new_label_typed_in_libreoffice_after_the_first_row_went_relabels_every_row_left(paper, kpis, tmp_path,
                                                                                        capsys):
    edited = lo_edit(paper, tmp_path / "edited.docx", [
        {"delete_row": PRC01},
        {"set_cell": 0, "row_of": kpis["PRC-02"].fields["kpi"], "with": "VAWG"}])
    left = [f"PRC-0{n}" for n in range(2, 9)]
    assert brief(changes_of(edited)) == {("PRC-01", "kpi", PRC01, None, "deleted")} | {
        (k, "sub_objective", VAWG, "VAWG", "edited") for k in left}
    into = tmp_path / "june.xlsx"
    assert main(["harvest", str(edited), "--workbook", str(SAMPLE), "--into", str(into), "--apply-deletions"]) == 0
    capsys.readouterr()
    m = read(build_docx(into, tmp_path / "out")).manifest
    assert {m.kpis[k].fields["sub_objective"] for k in left} == {"VAWG"} and "PRC-01" not in m.kpis


def test_accessible_tables_first_row_deleted_in_libreoffice_is_only_that_deletion(kpis, tmp_path):
    from boardpaper.api import build_one

    paper = build_one(SAMPLE, out=tmp_path / "built", quick=True, tables="accessible", formats=("docx",)).outputs[0]
    edited = lo_edit(paper, tmp_path / "edited.docx", [{"delete_row": PRC01}])
    assert not _blank_label_left(edited, kpis["PRC-02"].fields["kpi"])
    assert brief(changes_of(edited)) == {("PRC-01", "kpi", PRC01, None, "deleted")}
