"""Scripts beyond Latin (issue 20) and fonts per family (issue 16): every character is drawn in
the PDF or named in a warning; Arabic and Urdu are shaped and laid out right to left in the PDF and
marked right to left in the DOCX; each layout's font is the one embedded."""
from __future__ import annotations

import dataclasses
import io
import unicodedata

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from boardpaper.compose.document import compose
from boardpaper.fonts.coverage import coverage, fallback_fonts, shape, undrawable
from boardpaper.layout import load_layout
from boardpaper.readers.workbook import read_paper
from boardpaper.writers.docx.writer import write_docx
from boardpaper.writers.pdf.writer import layout_pdf
from tests.helpers import system
from tests.helpers.inputs import good_sheets, write_xlsx

CHINESE = "减少暴力犯罪"
ARABIC = "تقليل الجريمة"
URDU = "جرائم میں کمی"
EMOJI = "Safer streets 👍🦄"  # DejaVu Sans draws 😀 (U+1F600–1F64F) but not these
HAS_CJK_FONT = len(fallback_fonts()) > 1


def paper_with(tmp_path, texts: list[str]):
    sheets = good_sheets()
    for i, text in enumerate(texts):
        sheets["kpis"][1 + i][3] = text  # the kpi column, rows 2, 3, …
    return read_paper(write_xlsx(tmp_path / "scripts.xlsx", sheets))


def pdf_of(paper, font: str | None = None) -> bytes:
    lay = load_layout()
    if font:
        lay = dataclasses.replace(lay, font=font)
    return layout_pdf(compose(paper, lay), lay)[0]


def embedded_fonts(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for f in page["/Resources"]["/Font"].values():
            names.add(str(f.get_object()["/BaseFont"]).split("+")[-1])
    return names


def text_of(pdf: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def test_emoji_are_named_in_a_warning_naming_the_cell(tmp_path):
    paper = paper_with(tmp_path, [EMOJI])
    warnings = [str(w) for w in paper.warnings if "cannot draw" in w.message]
    assert warnings == ["warning: kpis sheet, row 2, column `kpi`: the PDF cannot draw 👍 (U+1F44D) 🦄 (U+1F984): "
                        "no installed font has them (they show as empty boxes; the DOCX keeps them)"]


@system.needs(system.CJK_FONT)
def test_chinese_is_drawn_from_the_cjk_font_without_a_warning(tmp_path):
    paper = paper_with(tmp_path, [CHINESE])
    assert not [w for w in paper.warnings if "cannot draw" in w.message]
    pdf = pdf_of(paper)
    assert CHINESE in text_of(pdf).replace("\n", "")
    from fontTools.ttLib import TTFont
    cjk = TTFont(str(fallback_fonts()[1]), lazy=True, fontNumber=0)["name"].getDebugName(6)
    assert cjk in embedded_fonts(pdf), embedded_fonts(pdf)


def test_chinese_without_a_cjk_font_is_warned_about_and_still_reads_back(tmp_path):
    """As on a machine without a CJK font (the font search is told to find none): a warning names
    the cell, and the PDF, which draws empty boxes, still gives the characters to a reader."""
    with system.without_cjk_fonts():
        paper = paper_with(tmp_path, [CHINESE])
        assert any("row 2, column `kpi`: the PDF cannot draw 减" in str(w) for w in paper.warnings)
        pdf = pdf_of(paper)
    assert not any(n.startswith(("DroidSans", "NotoSansCJK")) for n in embedded_fonts(pdf)), embedded_fonts(pdf)
    assert CHINESE in text_of(pdf).replace("\n", "")


def visual(text: str) -> str:
    """``text`` as the PDF draws it, each line left to right (shaped, then in visual order by the
    PDF writer's own routine); unchanged without right-to-left letters."""
    from boardpaper.writers.pdf.bidi import base_level, visual_text

    base = base_level(text)
    return text if base is None else "\n".join(visual_text(line, base) for line in shape(text).split("\n"))


def test_every_character_is_drawable_or_reported():
    for text in (CHINESE, ARABIC, URDU, EMOJI, "Reduce “violent” crime – café ŵ ≥ 5 £"):
        missing = undrawable(text)
        for ch in visual(text):
            drawable = any(ord(ch) in coverage(p) for p in fallback_fonts())
            assert drawable or ch in missing or ch.isspace() or unicodedata.category(ch) == "Cf", (text, ch)


@pytest.mark.parametrize("text", [ARABIC, URDU])
def test_arabic_script_is_shaped_and_laid_out_right_to_left_in_the_pdf(tmp_path, text):
    shaped = visual(text)
    assert any("\ufb50" <= ch <= "\ufefc" for ch in shaped)  # joined letter forms
    assert shaped != text
    words = text.split()
    assert shaped.split()[0] != visual(words[0]) or len(words) == 1  # the first word is drawn right-most
    paper = paper_with(tmp_path, [text])
    import pdfplumber
    with pdfplumber.open(io.BytesIO(pdf_of(paper))) as pdf:  # the glyphs as drawn, left to right
        drawn = [c for page in pdf.pages for c in page.chars
                 if "\u0600" <= c["text"] <= "\u06ff" or "\ufb50" <= c["text"] <= "\ufefc"]
        drawn.sort(key=lambda c: (round(c["top"]), c["x0"]))
    assert "".join(c["text"] for c in drawn) == shaped.replace(" ", "")


def test_the_docx_keeps_right_to_left_text_as_typed_and_marks_it(tmp_path):
    paper = paper_with(tmp_path, [ARABIC, "Reduce offences"])
    lay = load_layout()
    d = docx.Document(io.BytesIO(write_docx(compose(paper, lay), lay)))
    paragraphs = [p for t in d.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    arabic = [p for p in paragraphs if p.text == ARABIC]
    assert arabic, "the Arabic text is kept in logical order, unshaped"
    for p in arabic:
        assert p._p.pPr.find(qn("w:bidi")) is not None
        assert all(r._r.rPr.find(qn("w:rtl")) is not None for r in p.runs if r.text.strip())
    latin = [p for p in paragraphs if p.text.startswith("Reduce offences")]
    assert latin and all(p._p.pPr is None or p._p.pPr.find(qn("w:bidi")) is None for p in latin)


@system.needs(system.LIBERATION_SANS)
def test_each_layout_embeds_its_own_font_in_one_process(small_xlsx):
    paper = read_paper(small_xlsx)
    arial = embedded_fonts(pdf_of(paper, "Arial"))
    dejavu = embedded_fonts(pdf_of(paper, "DejaVu Sans"))
    arial_again = embedded_fonts(pdf_of(paper, "Arial"))
    assert any(n.startswith("LiberationSans") for n in arial), arial
    assert not any(n.startswith("DejaVuSans") for n in arial), arial
    assert any(n.startswith("DejaVuSans") for n in dejavu) and not any(n.startswith("Liberation") for n in dejavu)
    assert arial_again == arial


def test_chart_labels_the_chart_font_cannot_show_are_warned_about(tmp_path):
    sheets = good_sheets()
    sheets["series"][1][1] = "二〇二三"  # a period label in Chinese
    sheets["series"][2][3] = "Ελλάδα"  # Greek: Liberation Sans and DejaVu Sans both draw it
    paper = read_paper(write_xlsx(tmp_path / "labels.xlsx", sheets))
    found = [str(w) for w in paper.warnings if "chart labels" in w.message or "cannot draw" in w.message]
    expected = ("the PDF's chart labels cannot show 二 (U+4E8C)" if HAS_CJK_FONT  # drawn in the table, not the chart
                else "the PDF cannot draw 二 (U+4E8C)")
    assert len(found) == 1 and found[0].startswith(f"warning: series sheet, row 2, column `period`: {expected}"), found


def _noto_cjk():
    from boardpaper.fonts import coverage as glyphs
    index = glyphs._index()
    return next((index[n.lower()] for n in glyphs.CFF_CJK_FONTS if n.lower() in index), None)


@system.needs(system.NOTO_CJK)
def test_chinese_is_drawn_from_noto_cjk_when_it_is_the_only_cjk_font(tmp_path, monkeypatch):
    from boardpaper.fonts import coverage as glyphs
    from boardpaper.fonts import cff_blocks as _cff_blocks
    from boardpaper.fonts.embedded import register

    monkeypatch.setattr(glyphs, "CJK_FONTS", ())  # as on a machine with fonts-noto-cjk alone
    register.cache_clear()
    try:
        paper = paper_with(tmp_path, [CHINESE])
        assert not [w for w in paper.warnings if "cannot draw" in w.message]
        pdf = pdf_of(paper)
        import pdfplumber
        with pdfplumber.open(io.BytesIO(pdf)) as doc:
            drawn = "".join(c["text"] for page in doc.pages for c in page.chars if "\u4e00" <= c["text"] <= "\u9fff")
        assert drawn == CHINESE
        assert any(name.startswith("NotoSansCJKSC-U") for name in embedded_fonts(pdf)), embedded_fonts(pdf)
        block = ord(CHINESE[0]) >> 8
        first = _cff_blocks.block_font(_noto_cjk(), block)
        _cff_blocks.block_font.cache_clear()
        assert _cff_blocks.block_font(_noto_cjk(), block) == first  # no timestamps: reproducible
    finally:
        register.cache_clear()
