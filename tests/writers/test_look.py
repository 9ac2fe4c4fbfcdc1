"""One look for every edition (issue 26): the layout decides the header's side, the cover lines'
size and weight, the contents' leader and colour, heading spacing and the footnotes' text with
the source's web address, and the DOCX, the PDF and the HTML paint it alike."""
from __future__ import annotations

import io
import random

import docx
import pdfplumber
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

from boardpaper.api import read
from boardpaper.errors import InputError
from boardpaper.layout import load_layout
from boardpaper.writers.docx.writer import write_docx
from boardpaper.writers.html.writer import write_html
from boardpaper.writers.pdf.writer import layout_pdf
from tests.helpers.awkward import KPI_HEADER
from tests.helpers.inputs import PAPER, ROOT, SAMPLE, write_xlsx
from tests.helpers.readback import misplaced_words

SPCB = ROOT / "layouts" / "spcb.toml"


def _layout(tmp_path, extra: str):
    """The bundled spcb layout with ``extra`` TOML appended (tables it lacks)."""
    text = SPCB.read_text(encoding="utf-8").replace('reference_docx = "spcb.docx"', "")
    path = tmp_path / "look.toml"
    path.write_text(text + "\n" + extra, encoding="utf-8")
    return path


def _editions(layout=None):
    _, lay, doc = read(SAMPLE, layout)
    pdf, passes = layout_pdf(doc, lay)
    return doc, lay, docx.Document(io.BytesIO(write_docx(doc, lay))), pdf, write_html(doc, lay).decode()


def _header_words(pdf: bytes, top_mm: float):
    with pdfplumber.open(io.BytesIO(pdf)) as p:
        page = p.pages[1]
        limit = top_mm / 25.4 * 72
        return page.width, [w for w in page.extract_words() if w["bottom"] < limit]


@pytest.mark.parametrize("align", ["left", "right"])
def test_the_header_is_on_the_side_the_layout_says_in_every_edition(tmp_path, align):
    layout = _layout(tmp_path, "") if align == "right" else _layout(tmp_path, "").parent / "left.toml"
    if align == "left":
        text = SPCB.read_text(encoding="utf-8").replace('reference_docx = "spcb.docx"', "")
        layout.write_text(text.replace('footer = "{board} – {meeting}"',
                                       'footer = "{board} – {meeting}"\nheader_align = "left"'), encoding="utf-8")
    doc, lay, d, pdf, html = _editions(layout)
    assert doc.look.header_align == align
    header = d.sections[0].header.paragraphs[0]
    assert header.alignment == {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
    width, words = _header_words(pdf, lay.margins[0])
    assert words
    middle = (min(w["x0"] for w in words) + max(w["x1"] for w in words)) / 2
    assert (middle > width / 2) == (align == "right")
    assert f"@top-{align}" in html and ("text-align: end" if align == "right" else "text-align: start") in html


def test_cover_lines_have_the_same_size_and_weight_in_the_docx_and_the_pdf():
    doc, lay, d, pdf, _ = _editions()
    reference = next(line for line in doc.cover.lines if line.role == "reference")
    p = next(p for p in d.paragraphs if p.text == reference.text)
    style = p.style
    size = next(s.font.size for s in _chain(style) if s.font.size is not None).pt
    bold = next(s.font.bold for s in _chain(style) if s.font.bold is not None)
    assert (size, bold) == (doc.look.cover_size, True)
    with pdfplumber.open(io.BytesIO(pdf)) as p0:
        top = lay.margins[0] / 25.4 * 72  # below the running header
        chars = [c for c in p0.pages[0].chars if top < c["top"] < top + 40 and c["text"].strip()]
    first_line = [c for c in chars if abs(c["top"] - chars[0]["top"]) < 1]
    assert "".join(c["text"] for c in first_line).replace(" ", "") == reference.text.replace(" ", "")
    assert all(round(c["size"], 1) == size and "Bold" in c["fontname"] for c in first_line)
    presented = next(p for p in d.paragraphs if p.text.startswith("Presented by"))
    assert next(s.font.size for s in _chain(presented.style) if s.font.size is not None).pt == size


def _chain(style):
    while style is not None:
        yield style
        style = style.base_style


def test_every_source_address_is_printed_in_the_docx_footnotes_as_in_the_pdf():
    import re
    import zipfile

    _, lay, doc = read(SAMPLE)
    with zipfile.ZipFile(io.BytesIO(write_docx(doc, lay))) as z:
        footnotes = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", z.read("word/footnotes.xml").decode()))
    pdf, _ = layout_pdf(doc, lay)
    with pdfplumber.open(io.BytesIO(pdf)) as p:
        pdf_text = "".join("".join((page.extract_text() or "").split()) for page in p.pages)
    html = write_html(doc, lay).decode()
    urls = {n.source.url for n in doc.notes if n.source.url}
    assert urls
    for url in urls:
        assert url.replace("&", "&amp;") in footnotes  # DOCX
        assert url.replace("&", "&amp;") in html  # HTML
        assert url in pdf_text  # PDF (the address cut after punctuation over lines)


def test_the_contents_has_dot_leaders_in_the_docx_and_the_pdf_and_none_when_the_layout_says(tmp_path):
    doc, _, d, pdf, _ = _editions()
    toc = d.styles["toc 1"]
    assert toc.paragraph_format.tab_stops[0].leader == 1  # WD_TAB_LEADER.DOTS
    assert toc.font.color.rgb is not None and str(toc.font.color.rgb) == doc.look.contents_colour
    with pdfplumber.open(io.BytesIO(pdf)) as p:
        assert ". . . . ." in p.pages[0].extract_text()
    none = _layout(tmp_path, '[contents]\nleader = "none"\nbold = false\ncolour = "text"\n')
    doc2, _, d2, pdf2, html2 = _editions(none)
    assert doc2.look.contents_colour == "000000" and not doc2.look.contents_bold
    assert d2.styles["toc 1"].paragraph_format.tab_stops[0].leader == 0  # spaces
    with pdfplumber.open(io.BytesIO(pdf2)) as p:
        assert ". . ." not in p.pages[0].extract_text()


def test_a_bad_look_is_one_message_per_key(tmp_path):
    bad = _layout(tmp_path, '[cover]\nsize = 3\nbold = ["nowhere"]\n[contents]\nleader = "stars"\ncolour = "pink"\n'
                  '[footnotes]\nurl = "yes"\n')
    with pytest.raises(InputError) as e:
        load_layout(bad)
    text = str(e.value)
    for key in ("[cover] `size`", "[cover] `bold`", "[contents] `leader`", "[contents] `colour`", "[footnotes] `url`"):
        assert key in text


def test_a_layout_without_addresses_in_notes_prints_none(tmp_path):
    doc, _, d, pdf, html = _editions(_layout(tmp_path, "[footnotes]\nurl = false\n"))
    assert all(doc.note_text(n)[1] == "" for n in doc.notes)
    pdf_text = "".join(p.extract_text() for p in pdfplumber.open(io.BytesIO(pdf)).pages)
    assert "https://" not in pdf_text


def _group_paper(tmp_path, rows: int, label_words: int, seed: int):
    rng = random.Random(seed)
    kpis = []
    labels = [f"Group {g} " + " ".join(rng.choice(["improving", "public", "confidence", "policing"])
                                       for _ in range(label_words + g % 5 * 3)) for g in range(rows // 3 + 1)]
    for i in range(rows):
        group = i // 3
        label = labels[group]
        kpis.append([f"K{i}", "Section", label, f"Indicator {i} measured monthly", "1", "Mar 26", "", "", "", "",
                     "up", "", ""])
    sheets = {"paper": [r[:] for r in PAPER], "kpis": [KPI_HEADER] + kpis,
              "sources": [["id", "text", "url"], ["s1", "A source", ""]], "series": [["kpi_id", "period", "value", "series"]]}
    return write_xlsx(tmp_path / f"groups{seed}.xlsx", sheets)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_merged_label_hangs_over_its_rows_and_stays_inside_its_cell_across_pages(tmp_path, seed):
    """A label taller than its group's first row makes that row no taller (Word spreads a merged
    cell over its rows); on every page its words stay inside the group's cell."""
    _, lay, doc = read(_group_paper(tmp_path, 90, 14, seed))
    pdf, passes = layout_pdf(doc, lay)
    assert passes.pages > 2
    assert misplaced_words(pdf) == []
    first = passes.anchors[doc.sections[0].anchor]
    with pdfplumber.open(io.BytesIO(pdf)) as p:
        page = p.pages[first - 1]
        words = page.extract_words()
        tops = sorted(w["top"] for w in words if w["text"] == "Indicator")[1:]  # the rows, not the header
    gaps = [round(b - a, 1) for a, b in zip(tops, tops[1:])]
    # the first row of a group under a label of many lines is one line high, as the others: the
    # label's lack of room (if any) is added to the group's last row, as Word grows a merged cell
    line_row = min(gaps)
    firsts = gaps[0::3]  # groups of three rows: each group's first row, under its label
    assert len(firsts) > 3 and set(firsts) == {line_row}
