"""The PDF, read back through pypdf and pdfplumber as a reader's viewer would."""
from __future__ import annotations

import io
import re

import pdfplumber
from pypdf import PdfReader

from boardpaper.compose.document import compose
from boardpaper.layout import load_layout
from boardpaper.readers.workbook import read_paper
from boardpaper.writers.pdf.writer import layout_pdf, write_pdf
from tests.helpers.inputs import good_sheets, write_csvs, write_xlsx
from tests.helpers.readback import links, page_texts, squash


def build(sheets, tmp_path, **edits):
    lay = load_layout()
    doc = compose(read_paper(write_xlsx(tmp_path / "w.xlsx", sheets)), lay)
    return doc, *layout_pdf(doc, lay)


def many_kpis(n: int, note_every: int = 7, group: int = 8, long_every: int = 0) -> dict:
    sheets = good_sheets()
    rows = [sheets["kpis"][0]]
    for i in range(n):
        text = f"KPI number {i} about something measured monthly across the force area"
        if long_every and i % long_every == 0:
            text = " ".join(["A very long indicator text that goes on and on."] * 120)
        rows.append([f"K{i}", f"Section {i // 40}", f"Group {i // group}", text, f"{i}", "Mar 26", "", "", "", "",
                     "monitor", "s1" if i % note_every == 0 else "", ""])
    sheets["kpis"] = rows
    sheets["series"] = sheets["series"][:1]
    return sheets


def test_fonts_are_embedded_truetype_and_metadata_is_set(small_xlsx):
    lay = load_layout()
    pdf = write_pdf(compose(read_paper(small_xlsx), lay), lay)
    r = PdfReader(io.BytesIO(pdf))
    for page in r.pages:
        for f in page["/Resources"]["/Font"].values():
            f = f.get_object()
            desc = (f["/FontDescriptor"] if "/FontDescriptor" in f
                    else f["/DescendantFonts"][0].get_object()["/FontDescriptor"])
            assert "/FontFile2" in desc.get_object(), f["/BaseFont"]
    assert r.trailer["/Root"]["/Lang"] == "en-GB"
    assert r.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"]
    assert r.trailer["/Root"]["/PageMode"] == "/UseOutlines"
    assert r.metadata.title == "Test Scorecard"
    assert "Test Board" in r.metadata.subject


def test_text_prints_literally(small_xlsx):
    lay = load_layout()
    text = squash(" ".join(page_texts(write_pdf(compose(read_paper(small_xlsx), lay), lay))))
    for s in ("ReduceS&Hoffences", "Poor<1volunteer", "Monitor<i>not</i>markup", "≥5£–ŵ", "1,017[Mar22]"):
        assert s in text


def test_contents_and_outline_land_where_the_headings_are(tmp_path):
    doc, pdf, passes = build(many_kpis(200), tmp_path)
    texts = page_texts(pdf)
    r = PdfReader(io.BytesIO(pdf))
    outline = [o for o in r.outline if not isinstance(o, list)]
    assert [o.title for o in outline] == [s.title for s in doc.sections]
    for entry in doc.contents:
        page = passes.anchors[entry.anchor]
        assert squash(entry.title) in squash(texts[page - 1])
    first_section = passes.anchors[doc.sections[0].anchor]
    contents_links = [l for l in links(pdf) if l["page"] < first_section and l["target"]]
    assert len(contents_links) == 2 * len(doc.contents)  # the title and the page number
    printed = re.findall(r"^(Section \d+|Group \d+) (\d+)$", texts[0], re.M)
    assert printed and all(passes.anchors[e.anchor] == int(n)
                           for (title, n), e in zip(printed, doc.contents))


def test_footnotes_sit_on_their_markers_page_and_link_there(tmp_path):
    doc, pdf, passes = build(many_kpis(300, note_every=5), tmp_path)
    texts = page_texts(pdf)
    assert len(texts) > 5
    assert passes.notes
    for page, numbers in passes.notes.items():
        for n in numbers:  # each marker's note is at the foot of the marker's page, by its number
            assert n in passes.feet[page], (page, n)
            assert re.search(rf"^{n} Police statistics – GOV\.UK", texts[page - 1], re.M), (page, n)
    ls = links(pdf)
    first_section = passes.anchors[doc.sections[0].anchor]
    markers = [l for l in ls if l["target"] and l["page"] >= first_section]  # after the contents: markers
    assert markers and all(l["target"] == l["page"] for l in markers)
    assert sum(1 for l in ls if l["uri"] == "https://www.gov.uk/stats") >= len(doc.notes)
    # every note is below the table's last line on its page: the frame was shortened
    assert len(passes.feet) >= 5
    with pdfplumber.open(io.BytesIO(pdf)) as p:
        for page in passes.feet:
            words = p.pages[page - 1].extract_words()
            notes = [w for w in words if w["text"] == "Police"]
            kpis = [w for w in words if w["text"] == "KPI"]
            assert notes and kpis, page
            assert min(w["top"] for w in notes) > max(w["bottom"] for w in kpis), page


def test_page_n_of_m_on_every_page(tmp_path):
    _, pdf, passes = build(many_kpis(120), tmp_path)
    texts = page_texts(pdf)
    assert all(f"Page {i} of {len(texts)}" in t for i, t in enumerate(texts, start=1))


def test_a_kpi_longer_than_a_page_and_a_huge_group_do_not_fail(tmp_path):
    _, pdf, passes = build(many_kpis(90, group=90, long_every=30), tmp_path)
    assert passes.rows == {f"K{i}" for i in range(90)}


def test_header_row_repeats_on_continuation_pages(tmp_path):
    _, pdf, _ = build(many_kpis(120, group=8), tmp_path)
    texts = page_texts(pdf)
    assert sum("Key Performance Indicator" in t for t in texts[1:]) == len(texts) - 1


def test_rebuilds_are_byte_identical_and_honour_source_date_epoch(small_xlsx, monkeypatch):
    lay = load_layout()
    doc = compose(read_paper(small_xlsx), lay)
    assert write_pdf(doc, lay) == write_pdf(doc, lay)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    doc2 = compose(read_paper(small_xlsx), lay)
    pdf = write_pdf(doc2, lay)
    assert PdfReader(io.BytesIO(pdf)).metadata["/CreationDate"].startswith("D:20231114")


def test_welsh_and_symbols_from_csv(tmp_path):
    sheets = good_sheets()
    sheets["kpis"][1][3] = "Cynyddu’r ŵyl – ≥ ₂ • “quotes” é"
    lay = load_layout()
    pdf = write_pdf(compose(read_paper(write_csvs(tmp_path / "c", sheets)), lay), lay)
    assert "Cynyddu’rŵyl–≥₂•“quotes”é" in squash(" ".join(page_texts(pdf)))
