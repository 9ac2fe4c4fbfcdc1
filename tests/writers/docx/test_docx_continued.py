"""A merged sub-objective group that crosses a page shows its label again ("… (continued)") at the
top of each page it continues onto in the DOCX, from the pages LibreOffice measures."""
from __future__ import annotations

import io
import random
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from boardpaper.cycle import manifest
from boardpaper.api import build_one, read
from boardpaper.compose.group_labels import continued_rows
from boardpaper.cycle.harvest import harvest
from boardpaper.writers.docx.group_labels import restart_groups, row_pages
from boardpaper.writers.docx.writer import write_docx
from tests.helpers import system
from tests.helpers.inputs import PAPER, write_xlsx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
THEMES = "Alpha Bravo Charlie Delta Echo Foxtrot Golf Hotel India Juliett Kilo Lima Mike November Oscar Papa".split()
WORDS = "increase reduce police crime victims offences community proportion outcome recorded rate monitor".split()
PORTRAIT = """name = "portrait"
[page]
size = "A4"
orientation = "portrait"
margins_mm = { top = 20, bottom = 20, left = 18, right = 18 }
[fonts]
size = 10
[[columns]]
key = "sub_objective"
label = "Sub-Objective"
width = 20
[[columns]]
key = "kpi"
label = "Key Performance Indicator"
width = 50
[[columns]]
key = "current"
label = "Current"
width = 15
"""


def grouped_sheets(groups: int, rows: int, words: tuple[int, int], notes: tuple[int, int], seed: int = 1) -> dict:
    """Two sections of ``groups`` sub-objectives ("Theme Alpha"…) of ``rows`` KPIs each; every KPI's
    text starts with a token naming it (``Q03X01``), then ``words`` random words; ``notes``
    sources a row."""
    rnd = random.Random(seed)
    kpis = [["id", "section", "sub_objective", "kpi", "current", "current_period", "benchmark", "benchmark_period",
             "sources"]]
    sources = [["id", "text", "url"]] + [[f"s{i}", f"Source {i} " + " ".join(rnd.choice(WORDS) for _ in range(6)), ""]
                                         for i in range(1, 30)]
    for g in range(groups):
        for k in range(rows):
            kpis.append([f"G{g:02d}K{k:02d}", "Section " + ("One" if g < groups // 2 else "Two"), f"Theme {THEMES[g]}",
                         f"Q{g:02d}X{k:02d} " + " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(*words))),
                         str(rnd.randint(1, 99)), "Mar 26", str(rnd.randint(1, 99)), "Mar 25",
                         ";".join(f"s{rnd.randint(1, 29)}" for _ in range(rnd.randint(*notes)))])
    return {"paper": [r[:] for r in PAPER], "kpis": kpis, "sources": sources}


def three_per_page(doc) -> dict[str, int]:
    """Made-up measured pages: every third row of a section begins a new page."""
    where = {r.id: i for s in doc.sections for i, r in enumerate(s.rows)}
    return {name: 2 + where[kid] // 3 for (kid, _key, _j), name in manifest.plan(doc).cells.items()}


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    d = tmp_path_factory.mktemp("continued")
    path = write_xlsx(d / "groups.xlsx", grouped_sheets(2, 5, (3, 8), (0, 1)))
    _paper, layout, doc = read(path)
    return d, layout, doc


def sub_objective_cells(data: bytes) -> list[tuple[str | None, str, str | None, list[str]]]:
    """Every first-column cell of the scorecard tables: (vMerge value, text, paragraph style id,
    bookmark names)."""
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    out = []
    for tbl in root.iter(W + "tbl"):
        if tbl.find(f"{W}tr/{W}trPr/{W}tblHeader") is None:  # not a scorecard (the contents, the summary)
            continue
        for tr in tbl.findall(W + "tr")[1:]:
            tc = tr.find(W + "tc")
            vm = tc.find(f"{W}tcPr/{W}vMerge")
            style = tc.find(f"{W}p/{W}pPr/{W}pStyle")
            out.append(("" if vm is None else vm.get(W + "val", "continue"), "".join(tc.itertext()),
                        None if style is None else style.get(W + "val"),
                        [b.get(W + "name") for b in tc.iter(W + "bookmarkStart")]))
    return out


# ----------------------------------------------------------------------------- which rows
def test_rows_that_begin_a_page_inside_a_merged_group_restart(small):
    _d, layout, doc = small
    pages = row_pages(doc, three_per_page(doc))
    assert pages[(0, 0)] == 2 and pages[(0, 3)] == 3 and pages[(1, 4)] == 3
    # one group of 5 rows a section: row 3 (page 3) of each restarts;
    # a group's first row never does, even when it begins a page
    assert continued_rows(doc, layout, pages) == ((0, 3), (1, 3))
    assert continued_rows(doc, layout.with_tables("accessible"), pages) == ()  # labels on every row already
    assert continued_rows(doc, layout, {k: v for k, v in pages.items() if k != (0, 3)}) == ((1, 3),)  # unknown page


def test_a_group_that_repeats_its_label_in_every_row_needs_no_restart(small):
    from dataclasses import replace

    _d, layout, doc = small
    sections = tuple(replace(s, groups=tuple(replace(g, repeat_label=True) for g in s.groups)) for s in doc.sections)
    tall = replace(doc, sections=sections)
    assert continued_rows(tall, layout, row_pages(tall, three_per_page(tall))) == ()


# ----------------------------------------------------------------------------- the DOCX
def test_restarted_cell_holds_the_continued_label_without_a_bookmark(small):
    _d, layout, doc = small
    before = write_docx(doc, layout)
    after = restart_groups(before, doc, layout, three_per_page(doc))
    cells = sub_objective_cells(after)
    assert [c[:3] for c in cells[:5]] == [
        ("restart", "Theme Alpha", "BPSubObjective"), ("continue", "", "BPTableText"),
        ("continue", "", "BPTableText"), ("restart", "Theme Alpha (continued)", "BPSubObjectiveContinued"),
        ("continue", "", "BPTableText")]
    assert cells[3][3] == [] and cells[0][3] == ["bp_s1_g1"]  # the label is no input field
    assert sub_objective_cells(before)[3][:2] == ("continue", "")
    assert restart_groups(before, doc, layout, three_per_page(doc)) == after  # same input, same bytes
    assert restart_groups(before, doc, layout, {}) is before  # nothing measured: nothing to do
    accessible = layout.with_tables("accessible")
    plain = write_docx(doc, accessible)
    assert restart_groups(plain, doc, accessible, three_per_page(doc)) is plain


def test_harvest_reads_a_continued_label_as_its_group_not_as_an_edit(small, tmp_path):
    _d, layout, doc = small
    path = tmp_path / "paper.docx"
    path.write_bytes(restart_groups(write_docx(doc, layout), doc, layout, three_per_page(doc)))
    assert harvest(path)[0] == []


def test_an_edited_group_label_is_still_found_beside_a_continued_label(small, tmp_path):
    _d, layout, doc = small
    data = restart_groups(write_docx(doc, layout), doc, layout, three_per_page(doc))
    path = tmp_path / "edited.docx"
    path.write_bytes(_edit_last(data, b">Theme Bravo<", b">Theme Bravo and more<"))  # the table's, not the contents'

    changes = harvest(path)[0]
    assert {(c.kpi, c.field, c.old, c.new) for c in changes} == {
        (f"G01K{k:02d}", "sub_objective", "Theme Bravo", "Theme Bravo and more") for k in range(5)}


def _edit_last(data: bytes, old: bytes, new: bytes) -> bytes:
    """``data`` with the last ``old`` in the body replaced by ``new``, as an editor saving it."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "word/document.xml":
                at = content.rindex(old)
                content = content[:at] + new + content[at + len(old):]
            dst.writestr(info, content)
    return out.getvalue()


# ----------------------------------------------------------------------------- through LibreOffice
needs_soffice = system.needs(system.LIBREOFFICE)


def pages_lacking_labels(pdf: bytes, sheets: dict) -> list[tuple[str, int]]:
    """(label, page) for every page holding rows of a group that does not show the label."""
    import pdfplumber

    squash = lambda s: re.sub(r"\s+", "", s)  # noqa: E731 - labels and tokens may wrap
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        pages = [squash(p.extract_text() or "") for p in doc.pages]
    tokens: dict[str, list[str]] = {}
    for row in sheets["kpis"][1:]:
        tokens.setdefault(row[2], []).append(row[3].split()[0])
    lacking = []
    for label, starts in tokens.items():
        holding = sorted({i for t in starts for i, p in enumerate(pages) if t in p})
        assert holding, f"no page holds the rows of {label!r}"
        lacking += [(label, i + 1) for i in holding if squash(label) not in pages[i]]
    return lacking


CASES = {  # groups under a page (so merged), crossing page ends; long rows or many short ones
    "landscape, long rows": (dict(groups=10, rows=5, words=(20, 70), notes=(0, 0), seed=2), None),
    "portrait, short rows and notes": (dict(groups=16, rows=7, words=(3, 20), notes=(0, 1), seed=3), PORTRAIT),
}


@pytest.fixture(scope="module", params=list(CASES))
def lo_built(request, tmp_path_factory):
    spec, layout_text = CASES[request.param]
    d = tmp_path_factory.mktemp("lo-continued")
    sheets = grouped_sheets(**spec)
    path = write_xlsx(d / "groups.xlsx", sheets)
    layout = None
    if layout_text:
        layout = d / "portrait.toml"
        layout.write_text(layout_text, "utf-8")
    build_one(path, out=d / "out", layout=layout, formats=("docx",))
    return d, path, layout, sheets, d / "out" / "groups.docx"


@pytest.mark.libreoffice
@needs_soffice
def test_every_page_a_group_continues_onto_shows_its_label_in_libreoffice(lo_built):
    from boardpaper.build.libreoffice import convert_to_pdf

    _d, path, layout, sheets, docx_path = lo_built
    data = docx_path.read_bytes()
    assert b"(continued)" in zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    assert pages_lacking_labels(convert_to_pdf(data), sheets) == []
    _paper, lay, doc = read(path, layout)
    assert pages_lacking_labels(convert_to_pdf(write_docx(doc, lay)), sheets), \
        "the case should need continued labels: without them some page lacks its group's label"


@pytest.mark.libreoffice
@needs_soffice
def test_the_built_docx_harvests_to_no_changes_and_builds_byte_identical(lo_built, tmp_path):
    d, path, layout, _sheets, docx_path = lo_built
    assert harvest(docx_path)[0] == []
    build_one(path, out=tmp_path, layout=layout, formats=("docx",))
    assert (tmp_path / "groups.docx").read_bytes() == docx_path.read_bytes()


@pytest.mark.libreoffice
@needs_soffice
def test_the_built_docx_stays_valid_open_xml(lo_built):
    exe = shutil.which("openxml-audit") or str(Path(sys.executable).with_name("openxml-audit"))
    if not Path(exe).exists():
        pytest.skip("openxml-audit is not installed (pip install -e '.[test]')")
    docx_path = lo_built[4]
    r = subprocess.run([exe, str(docx_path)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and "Errors: 0" in r.stdout, r.stdout + r.stderr


@pytest.mark.libreoffice
def test_a_libreoffice_save_keeps_continued_labels_out_of_the_harvest(small, tmp_path):
    """LibreOffice saves a continued label that begins a merge of one row (a group's last row alone
    on a page) as a plain cell: the label's style still says what it is."""
    from tests.helpers.office_edit import lo_edit

    system.require(system.UNO)
    _d, layout, doc = small
    where = {r.id: i for s in doc.sections for i, r in enumerate(s.rows)}
    last_alone = {name: 2 + (where[kid] >= 4) for (kid, _k, _j), name in manifest.plan(doc).cells.items()}
    path = tmp_path / "paper.docx"
    path.write_bytes(restart_groups(write_docx(doc, layout), doc, layout, last_alone))
    assert [c[:2] for c in sub_objective_cells(path.read_bytes())][3:5] == [("continue", ""),
                                                                           ("restart", "Theme Alpha (continued)")]
    saved = lo_edit(path, tmp_path / "saved.docx", [])
    assert sub_objective_cells(saved.read_bytes())[4][:3] == ("", "Theme Alpha (continued)", "BPSubObjectiveContinued")
    assert harvest(saved)[0] == []
