"""End to end: the bundled sample through the command line, read back as a client would."""
from __future__ import annotations

import re
import subprocess
import sys
import zipfile

import pytest
from docx import Document as open_docx

from boardpaper.__main__ import main
from boardpaper.readers.workbook import read_paper
from tests.helpers.inputs import ROOT, SAMPLE, good_sheets, write_xlsx
from tests.helpers.readback import squash

INSPECT = ROOT.parent / "shared" / "tools" / "paper-inspect"



def docx_all_text(path) -> str:
    d = open_docx(path)
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts.extend(c.text for c in row.cells)
    with zipfile.ZipFile(path) as z:
        if "word/footnotes.xml" in z.namelist():
            parts.append(re.sub(r"<[^>]+>", "", z.read("word/footnotes.xml").decode()))
    return squash(" ".join(parts))


def pdf_all_text(path) -> str:
    """The PDF's text in drawing order (cell by cell, unlike a layout-order reading that mixes
    the lines of neighbouring cells)."""
    from pypdf import PdfReader

    return squash(" ".join(pg.extract_text() or "" for pg in PdfReader(path).pages))


def test_every_kpi_section_and_sub_objective_is_in_both_files(sample_build):
    result, docx, pdf = sample_build
    paper = read_paper(SAMPLE)
    assert len(paper.kpis) == 76 and result.kpis == 76
    dtext, ptext = docx_all_text(docx), pdf_all_text(pdf)
    for k in paper.kpis:
        for text in (k.kpi, k.current, k.section, k.sub_objective):
            assert squash(text) in dtext, (k.id, text)
            assert squash(text) in ptext, (k.id, text)
    for s in paper.sources.values():
        assert squash(s.text) in dtext and squash(s.text) in ptext


def test_quirks_of_the_published_text_survive(sample_build):
    _, docx, pdf = sample_build
    for text in ("S&H", "Poor <1 volunteer", "media 1h30m28s"):
        assert squash(text) in docx_all_text(docx)
        assert squash(text) in pdf_all_text(pdf)


@pytest.mark.skipif(not INSPECT.exists(), reason="paper-inspect is not beside the project")
def test_paper_inspect_finds_no_problems(sample_build):
    _, docx, pdf = sample_build
    for f in (docx, pdf):
        r = subprocess.run([sys.executable, str(INSPECT), str(f)], capture_output=True, text=True)
        assert r.returncode == 0, r.stdout[-2000:]
        assert "problems: none" in r.stdout


def test_every_docx_contents_link_reaches_a_bookmark(sample_build):
    _, docx, _ = sample_build
    with zipfile.ZipFile(docx) as z:
        xml = z.read("word/document.xml").decode()
    anchors = re.findall(r'w:anchor="([^"]+)"', xml)
    marks = set(re.findall(r'w:bookmarkStart [^>]*w:name="([^"]+)"', xml))
    assert len(anchors) == 25 and set(anchors) <= marks


def test_rebuilds_are_byte_identical(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert main(["build", str(SAMPLE), "--out", str(a), "--quick"]) == 0
    assert main(["build", str(SAMPLE), "--out", str(b), "--quick"]) == 0
    for name in ("spcb-2022-05.docx", "spcb-2022-05.pdf"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_bad_input_leaves_earlier_outputs_untouched(tmp_path, capsys):
    out = tmp_path / "out"
    good = write_xlsx(tmp_path / "paper.xlsx", good_sheets())
    assert main(["build", str(good), "--out", str(out), "--quick"]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    sheets = good_sheets()
    sheets["kpis"][1][10] = "sideways"
    write_xlsx(good, sheets)
    assert main(["build", str(good), "--out", str(out), "--quick"]) == 2
    err = capsys.readouterr().err
    assert "kpis sheet, row 2, column `polarity`" in err and "Traceback" not in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_batch_builds_the_good_and_reports_the_bad(tmp_path, capsys):
    good = write_xlsx(tmp_path / "good.xlsx", good_sheets())
    sheets = good_sheets()
    sheets["kpis"][1][0] = ""
    bad = write_xlsx(tmp_path / "bad.xlsx", sheets)
    out = tmp_path / "out"
    assert main(["build", str(good), str(bad), "--out", str(out), "--quick", "--jobs", "2"]) == 2
    assert sorted(p.name for p in out.iterdir()) == ["good.docx", "good.pdf"]
    captured = capsys.readouterr()
    assert "built 1 of 2 papers" in captured.out and "bad.xlsx" in captured.err


def test_the_command_line_runs_as_a_program(tmp_path):
    r = subprocess.run([sys.executable, "-m", "boardpaper", "build", str(SAMPLE), "--out", str(tmp_path), "--quick"],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert "accessibility DOCX: passed" in r.stdout and "accessibility PDF: passed" in r.stdout


def test_unexpected_errors_are_one_line_without_traceback(tmp_path, capsys, monkeypatch):
    import boardpaper.writers.pdf.writer as pdf

    monkeypatch.setattr(pdf, "layout_pdf", lambda *a, **k: 1 / 0)
    assert main(["build", str(SAMPLE), "--out", str(tmp_path), "--quick"]) == 1
    err = capsys.readouterr().err
    assert "ZeroDivisionError" in err and "Traceback" not in err
