"""The monthly cycle with a real client: the sample paper edited through LibreOffice itself (UNO,
headless), saved as DOCX by its MS Word 2007 XML filter, then harvested."""
from __future__ import annotations

import json
from pathlib import Path

import docx as python_docx
import pytest

from boardpaper.__main__ import main

from tests.helpers.cycle import brief, build_docx, changes_of
from tests.helpers.inputs import SAMPLE
from tests.helpers import system
from tests.helpers.office_edit import lo_edit

pytestmark = [pytest.mark.libreoffice, system.needs(system.UNO)]

OFFICER = [{"replace": "Meet or exceed", "with": "Achieve or exceed"},               # RCP-01: words typed over
           {"replace": "1,017", "with": "1,020"},                                    # RCP-01: a figure
           {"delete_row": "Monitor the numbers and reasons why Police Officers leave"},  # RCP-03
           {"track": True},
           {"replace": "Recruitment (Proportion", "with": "Hiring (Share"}]          # ICW-03, left pending

RCP01 = "Meet or exceed the Police Officer Uplift target of 1,200 new Police Officers"
RCP01_NEW = "Achieve or exceed the Police Officer Uplift target of 1,200 new Police Officers"
RCP03 = ("Monitor the numbers and reasons why Police Officers leave West Midlands Police and put in place action "
         "plans, where required, to ensure we support and retain our Police Officers")
ICW03 = "Recruitment (Proportion of joiners over past 12 months)"
ICW03_NEW = "Hiring (Share of joiners over past 12 months)"
EXPECTED = {("RCP-01", "kpi", RCP01, RCP01_NEW, "edited"),
            ("RCP-01", "current", "1,017", "1,020", "edited"),
            ("RCP-03", "kpi", RCP03, None, "deleted"),
            ("ICW-03", "kpi", ICW03, ICW03_NEW, "tracked")}


@pytest.fixture(scope="module")
def paper(tmp_path_factory) -> Path:
    return build_docx(SAMPLE, tmp_path_factory.mktemp("built"))


@pytest.fixture(scope="module")
def edited(paper, tmp_path_factory) -> Path:
    return lo_edit(paper, tmp_path_factory.mktemp("lo") / "edited.docx", OFFICER)


def _hidden_bookmarks(path: Path) -> set[str]:
    import re
    import zipfile

    with zipfile.ZipFile(path) as z:
        return set(re.findall(r'w:name="(_bp\d+)"', z.read("word/document.xml").decode()))


def test_libreoffice_save_of_an_unedited_paper_harvests_to_no_changes(paper, tmp_path):
    saved = lo_edit(paper, tmp_path / "saved.docx", [])
    assert _hidden_bookmarks(saved) == _hidden_bookmarks(paper) != set()  # every field's bookmark kept
    assert changes_of(saved) == []  # and the manifest (else harvest would exit)


def test_libreoffice_edits_harvest_to_exactly_those_changes(edited):
    assert brief(changes_of(edited)) == EXPECTED


def test_round_trip_into_gives_the_officers_wording_and_diff_lists_the_accepted_changes(edited, tmp_path, capsys):
    before = SAMPLE.read_bytes()
    into = tmp_path / "june.xlsx"
    assert main(["harvest", str(edited), "--workbook", str(SAMPLE), "--into", str(into), "--accept-tracked",
                 "--apply-deletions"]) == 0
    capsys.readouterr()
    assert SAMPLE.read_bytes() == before
    rebuilt = python_docx.Document(str(build_docx(into, tmp_path / "out")))
    text = "\n".join(c.text for t in rebuilt.tables for r in t.rows for c in r.cells)
    assert RCP01_NEW in text and "1,020 [Mar 22]" in text and ICW03_NEW in text
    assert RCP03 not in text and RCP01 not in text and ICW03 not in text
    assert main(["diff", str(SAMPLE), str(into), "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    accepted = {(k, f, o, n, "edited" if s == "tracked" else s) for k, f, o, n, s in EXPECTED}
    assert {(c["kpi"], c["field"], c["old"], c["new"], c["state"]) for c in got} == accepted
    # and the rebuilt paper, unedited, harvests to nothing
    assert changes_of(tmp_path / "out" / "june.docx") == []
