"""The status in the paper (issue 18, "in the paper"): the bundled IPR example built as DOCX and PDF,
read back through real readers (pdfplumber, pypdf, python-docx) and compared with what
``boardpaper status --json`` says."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pdfplumber
import pytest
from pypdf import PdfReader

from boardpaper import api
from boardpaper.__main__ import main
from tests.helpers import system
from tests.helpers.inputs import ROOT, SAMPLE
from tests.helpers.readback import squash

IPR = ROOT / "inputs" / "ipr-example.xlsx"
INSPECT = Path("/work/shared/tools/paper-inspect")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"



@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The IPR example built once: (docx path, pdf path, the document model)."""
    out = tmp_path_factory.mktemp("ipr")
    api.build_one(IPR, out=out, quick=True)
    _, _, doc = api.read(IPR)
    return out / "ipr-example.docx", out / "ipr-example.pdf", doc


@pytest.fixture(scope="module")
def status(built):
    """KPI id -> the words ``boardpaper status --json`` prints for it, in print order."""
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["status", str(IPR), "--json"]) == 0
    return {r["kpi"]: [w for w in (r["variation"], r["assurance"], r["direction"]) if w]
            for r in json.loads(buf.getvalue())}


def kpi_rows(doc):
    return [r for s in doc.sections for r in s.rows]


# ----------------------------------------------------------------------------- PDF
def pdf_table_rows(pdf_path: Path):
    """``(page index, header, row)`` of every table row of the PDF, read by pdfplumber."""
    out = []
    with pdfplumber.open(pdf_path) as pdf:
        for i, page in enumerate(pdf.pages):
            for table in page.extract_tables():
                header = [squash(c) for c in table[0]]
                out.extend((i, header, row) for row in table[1:])
    return out


def test_the_pdf_prints_the_status_words_on_each_kpi_row(built, status):
    _, pdf, doc = built
    rows = pdf_table_rows(pdf)
    label = squash("Variation / Assurance")
    for r in kpi_rows(doc):
        found = [row for _, header, row in rows if header[-1] == label and squash(row[1]).startswith(squash(r.kpi))]
        assert len(found) == 1, r.id
        assert squash(found[0][-1]) == squash("".join(status[r.id])), r.id


def _link_pages(pdf: Path):
    """``(annotation page, /Contents, destination page, destination top)`` of every internal link."""
    reader = PdfReader(pdf)
    index = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    out = []
    for i, page in enumerate(reader.pages):
        for a in page.get("/Annots") or []:
            a = a.get_object()
            dest = a.get("/Dest")
            if a.get("/Subtype") == "/Link" and dest is not None:
                out.append((i, str(a.get("/Contents", "")), index[dest[0].idnum], float(dest[3])))
    return out


def test_the_pdf_summary_links_every_kpi_to_its_row(built):
    _, pdf, doc = built
    s = doc.summary
    with pdfplumber.open(pdf) as plumber:
        texts = [squash(p.extract_text()) for p in plumber.pages]
        heights = [p.height for p in plumber.pages]
        first = next(i for i, t in enumerate(texts) if i and squash(s.title) in t)  # page 0 has the contents
        tables = next(i for i, t in enumerate(texts) if i > first and squash(doc.sections[0].title) in t[:200])
        rows = {r.id: r for r in kpi_rows(doc)}
        links = _link_pages(pdf)
        for e in s.entries:
            # the exception reports, after the tables, link back to their rows too
            mine = [(src, to, top) for src, contents, to, top in links if contents == f"Go to {e.kpi}" and src < tables]
            assert mine, e.kpi
            for src, to, top in mine:
                assert src in (first, first + 1, first + 2)  # the summary, matrix and key take up to three pages
                page = plumber.pages[to]
                # the destination is on the page whose scorecard row holds the KPI, and at that row:
                # no more than a line above the KPI text's first line, and not below it
                lead = r"\s+".join(re.escape(w) for w in rows[e.kpi_id].kpi.split()[:3])
                tops = [heights[to] - m["top"] for m in page.search(lead)]
                assert any(0 <= top - t <= 20 for t in tops), (e.kpi, to, top, tops)
                assert to > src


def test_the_pdf_summary_and_key_are_in_the_contents_and_the_outline(built):
    _, pdf, doc = built
    reader = PdfReader(pdf)
    outline = [o.title for o in reader.outline if not isinstance(o, list)]
    assert outline[:2] == [doc.chart_key.title, doc.summary.title]  # the chart key, then the summary
    first_page = squash(reader.pages[0].extract_text())
    assert squash(doc.summary.title) in first_page and squash(doc.summary.key_title) in first_page


def test_the_pdf_summary_prints_the_counts_and_the_key(built):
    _, pdf, doc = built
    with pdfplumber.open(pdf) as plumber:
        text = squash(" ".join(p.extract_text() for p in plumber.pages[1:6]))  # the matrix comes before the key
    for word, n in doc.summary.counts:
        if n:
            assert squash(f"{word} {n}") in text
    for line in doc.summary.key:
        assert squash(line) in text


# ----------------------------------------------------------------------------- DOCX
def docx_tables(path: Path):
    d = docx.Document(str(path))
    return [(t, [c.text for c in t.rows[0].cells]) for t in d.tables]


def _alt(cell) -> list[str]:
    return [dp.get("descr") for dp in cell._tc.iter(f"{WP}docPr")]


def test_the_docx_prints_the_status_words_and_icons_on_each_kpi_row(built, status):
    path, _, doc = built
    label = "Variation / Assurance"
    seen = set()
    for table, header in docx_tables(path):
        if header[-1] != label:
            continue
        for row in table.rows[1:]:
            kpi = row.cells[header.index("Measure")]
            r = next(r for r in kpi_rows(doc) if squash(kpi.text).startswith(squash(r.kpi)))
            words = status[r.id]
            cell = row.cells[-1]
            assert [t for p in cell.paragraphs if (t := p.text.replace("\t", ""))] == words, r.id
            assert _alt(cell) == words, r.id  # one icon per word, its words as alt text
            assert r.anchor in [b.get(f"{W}name") for b in kpi._tc.iter(f"{W}bookmarkStart")]
            seen.add(r.id)
    assert seen == {r.id for r in kpi_rows(doc)}


def test_the_docx_summary_links_every_kpi_to_its_rows_bookmark(built):
    path, _, doc = built
    d = docx.Document(str(path))
    table, header = docx_tables(path)[0]
    assert header[1] == "Measure" and len(table.rows) == 1 + len(doc.summary.entries)
    links = [h.get(f"{W}anchor") for h in table._tbl.iter(f"{W}hyperlink")]
    assert links == [a for e in doc.summary.entries for a in (e.anchor, e.report) if a]  # a row, its report
    marks = {b.get(f"{W}name") for b in d.element.body.iter(f"{W}bookmarkStart")}
    assert set(links) <= marks
    for row, e in zip(table.rows[1:], doc.summary.entries):
        assert squash(row.cells[1].paragraphs[0].text) == squash(e.kpi)
        assert [w for c in row.cells[3:] for w in _alt(c)] == list(e.reading.words if e.reading else ())
    toc = [p.text.split("\t")[0] for p in d.paragraphs if p.style.name.lower() in ("toc 1", "toc 2")]
    assert toc[:4] == [doc.chart_key.title, doc.summary.title, doc.summary.matrix.title, doc.summary.key_title]


# ----------------------------------------------------------------------------- the published look
def test_the_spcb_sample_has_no_status_column_and_no_summary(tmp_path):
    api.build_one(SAMPLE, out=tmp_path, quick=True)
    d = docx.Document(str(tmp_path / f"{SAMPLE.stem}.docx"))
    headers = [[c.text for c in t.rows[0].cells] for t in d.tables]
    assert headers and not any("Variation" in h or "Summary" in h for hs in headers for h in hs)
    assert not list(d.element.body.iter(f"{WP}docPr")) or all(
        not (dp.get("name") or "").startswith("Status icon") for dp in d.element.body.iter(f"{WP}docPr"))
    names = [b.get(f"{W}name") for b in d.element.body.iter(f"{W}bookmarkStart")]
    assert not any(n.startswith(("bp_k_", "bp_summary")) for n in names)
    with pdfplumber.open(tmp_path / f"{SAMPLE.stem}.pdf") as pdf:
        text = " ".join(p.extract_text() for p in pdf.pages)
    assert "Summary" not in text and "Common cause" not in text


# ----------------------------------------------------------------------------- clients
@pytest.mark.skipif(not INSPECT.exists(), reason="paper-inspect is not available")
@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_paper_inspect_finds_no_problems_in_the_ipr_paper(built, kind):
    path = built[0] if kind == "docx" else built[1]
    out = subprocess.run([sys.executable, str(INSPECT), str(path)], capture_output=True, text=True)
    assert "problems: none" in out.stdout, out.stdout + out.stderr


@pytest.mark.skipif(shutil.which("openxml-audit") is None and not (Path(sys.executable).parent / "openxml-audit").exists(),
                    reason="openxml-audit is not installed")
def test_the_ipr_docx_is_valid_open_xml(built):
    tool = shutil.which("openxml-audit") or str(Path(sys.executable).parent / "openxml-audit")
    out = subprocess.run([tool, str(built[0])], capture_output=True, text=True, timeout=600)
    assert "Errors: 0" in out.stdout, out.stdout + out.stderr


@pytest.mark.libreoffice
@system.needs(system.LIBREOFFICE)
def test_libreoffice_lays_the_docx_summary_links_onto_the_kpi_rows(built, status, tmp_path):
    """The DOCX as LibreOffice lays it out: the first line of every KPI in the summary (the only links
    whose text starts a KPI's text) is a link to the page that shows the KPI's row with its status words."""
    from boardpaper.build.libreoffice import convert_to_pdf

    path, _, doc = built
    pdf = tmp_path / "lo.pdf"
    pdf.write_bytes(convert_to_pdf(path.read_bytes()))
    reader = PdfReader(pdf)
    index = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    found = {}
    with pdfplumber.open(pdf) as plumber:
        for i, page in enumerate(reader.pages):
            if i == 0:  # the contents
                continue
            for a in page.get("/Annots") or []:
                a = a.get_object()
                dest = a.get("/Dest") or (a.get("/A") or {}).get("/D")
                if dest is None or isinstance(dest, str):
                    continue
                x0, y0, x1, y1 = (float(v) for v in a["/Rect"])
                h = plumber.pages[i].height
                text = squash(plumber.pages[i].crop((x0, h - y1, x1, h - y0)).extract_text())
                for e in doc.summary.entries:
                    if len(text) >= 15 and squash(e.kpi).startswith(text):
                        found[e.kpi_id] = index[dest[0].idnum]
    rows = pdf_table_rows(pdf)
    for r in kpi_rows(doc):
        assert r.id in found, r.id
        there = [row for i, header, row in rows if i == found[r.id] and header[-1] == squash("Variation / Assurance")
                 and squash(row[1]).startswith(squash(r.kpi))]
        assert there and squash(there[0][-1]) == squash("".join(status[r.id])), r.id


def test_kpi_text_comes_out_literally_in_the_summary_and_status(tmp_path):
    """Markup-like KPI text, few points (direction or no reading) and no assurance: both formats
    print the text as typed and the summary still links every KPI to its row."""
    from tests.helpers.inputs import good_sheets, write_xlsx

    sheets = good_sheets()
    sheets["paper"].append(["layout", "ipr"])
    path = write_xlsx(tmp_path / "odd.xlsx", sheets)
    api.build_one(path, out=tmp_path, quick=True)
    _, _, doc = api.read(path)
    assert doc.summary is not None and len(doc.summary.entries) == doc.kpi_count
    d = docx.Document(str(tmp_path / "odd.docx"))
    summary = d.tables[0]
    assert [h.get(f"{W}anchor") for h in summary._tbl.iter(f"{W}hyperlink")] == [e.anchor for e in doc.summary.entries]
    assert [c.text for c in summary.rows[0].cells][-1] == "Direction"  # no KPI has an assurance: no column
    texts = [squash(r.cells[1].text) for r in summary.rows[1:]]
    assert squash("Monitor <i>not</i> markup") in texts and squash("Poor <1 volunteer") in texts
    links = _link_pages(tmp_path / "odd.pdf")
    for e in doc.summary.entries:
        assert any(contents == f"Go to {e.kpi}" for _, contents, _, _ in links), e.kpi
    rows = [(header, row) for _, header, row in pdf_table_rows(tmp_path / "odd.pdf")]
    status_of = {squash(row[1]): squash(row[-1]) for header, row in rows if header[-1] == squash("Variation / Assurance")}
    assert status_of[squash("Reduce S&H offences") + "1"] == "Improved"  # 15 then 12, lower is better; note 1
    assert status_of[squash("Monitor <i>not</i> markup")] == ""  # no series: no reading


def test_the_chart_and_the_icon_agree_on_every_kpi(built):
    """One rule set: the chart marks the latest point special exactly when the icon says special
    cause, with the icon's meaning and side (high/low)."""
    _, _, doc = built
    for r in kpi_rows(doc):
        if r.reading is None or r.reading.variation is None:
            assert r.chart is None or r.chart.limits is None, r.id
            continue
        latest = max(i for i, v in enumerate(r.chart.series[0].values) if v is not None)
        marks = {c.index: c for c in r.chart.limits.special}
        if r.reading.icon == "variation-common":
            assert latest not in marks, r.id
        else:
            _, meaning, side = r.reading.icon.split("-")
            assert (marks[latest].meaning, marks[latest].side) == (meaning, side), r.id


def test_accessible_tables_repeat_the_section_on_every_summary_row():
    from io import BytesIO

    from boardpaper.writers.docx.writer import write_docx

    _, lay, doc = api.read(IPR, tables="accessible")
    d = docx.Document(BytesIO(write_docx(doc, lay)))
    summary = d.tables[0]
    assert not list(summary._tbl.iter(f"{W}vMerge"))
    assert [r.cells[0].text for r in summary.rows[1:]] == [e.section for e in doc.summary.entries]


def test_the_contents_estimate_puts_the_summary_first_and_moves_the_sections_on():
    from dataclasses import replace

    from boardpaper.writers.docx.writer import estimate_pages

    _, lay, doc = api.read(IPR)
    with_summary, without = estimate_pages(doc, lay), estimate_pages(replace(doc, summary=None), lay)
    assert set(with_summary) == {c.anchor for c in doc.contents}
    first = min(with_summary.values())  # (the longer contents may push it a page on)
    assert first >= min(without.values())
    assert with_summary[doc.summary.anchor] == first <= with_summary[doc.summary.matrix.anchor] <= with_summary[
        doc.summary.key_anchor]
    assert all(with_summary[k] > with_summary[doc.summary.key_anchor] for k in without if k != doc.chart_key.anchor)
