"""Right-to-left text (Arabic, Urdu, Hebrew, Persian) reads right in every output (issue 20, item 5).

The PDF wraps a right-to-left paragraph in logical order and then puts each line in visual order
(``writers/pdf/bidi.py``): a long Arabic KPI that wraps starts on its first line, every line is
right-aligned, numbers and Latin words keep their reading order, and the text layer holds every
character. The DOCX marks right-to-left paragraphs (``w:bidi``) and runs (``w:rtl``); the HTML
puts ``dir="rtl"`` on their elements. Outputs are read back with pdfplumber, python-docx and lxml.
"""
from __future__ import annotations

import io
import unicodedata
from collections import Counter

import docx
import pdfplumber
import pytest
from bidi import get_display
from tests.helpers.inputs import good_sheets, write_xlsx
from docx.oxml.ns import qn
from lxml import html as lxml_html
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.paraparser import ParaFrag

from boardpaper.compose.document import compose
from boardpaper.layout import load_layout
from boardpaper.readers.workbook import read_paper
from boardpaper.writers.pdf.bidi import LTR, RTL, BidiParagraph, levels, visual_fragments, visual_text
from boardpaper.writers.docx.writer import write_docx
from boardpaper.writers.html.writer import write_html
from boardpaper.writers.pdf.writer import layout_pdf

FIRST_WORDS = "تهدف الخطة إلى خفض"
LONG = (FIRST_WORDS + " معدل الجرائم العنيفة في الأحياء السكنية بنسبة 12% خلال العام المقبل عبر برنامج KPI "
        "الجديد الذي يشمل 2,345 دورية إضافية وتعاون المجتمع المحلي مع الشرطة والمدارس والمراكز الصحية "
        "وتحسين الإنارة في الشوارع الرئيسية")
LAST_WORD = "الرئيسية"
SECTION = "شوارع أكثر أمانا"
GROUP = "العنف والجريمة"
HEBREW = "הפחתת פשיעה אלימה (יעד 15%) לפי תוכנית CSP 2025"
MIXED_LTR = "Reduce الجريمة by 5%"  # starts left to right: stays left-aligned
NOTE = "إحصاءات الشرطة الرسمية الصادرة عن وزارة الداخلية"


def rtl_sheets() -> dict[str, list[list]]:
    s = good_sheets()
    s["paper"][3][1] = "بطاقة الأداء الشهرية"
    kpis = s["kpis"]
    for row in kpis[1:4]:
        row[1] = SECTION
    kpis[1][2] = kpis[2][2] = GROUP
    kpis[1][3], kpis[1][11] = LONG, ""  # no note marker in the long KPI
    kpis[2][3] = HEBREW
    kpis[3][3] = MIXED_LTR
    s["sources"][1][1] = NOTE
    return s


@pytest.fixture(scope="module")
def rtl_doc(tmp_path_factory):
    path = write_xlsx(tmp_path_factory.mktemp("rtl") / "rtl.xlsx", rtl_sheets())
    lay = load_layout()
    return compose(read_paper(path), lay), lay


@pytest.fixture(scope="module")
def rtl_pdf(rtl_doc) -> bytes:
    return layout_pdf(*rtl_doc)[0]


def letters(text: str) -> str:
    """``text``'s Arabic/Hebrew letters in their plain forms (joined forms undone), spaces dropped."""
    plain = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in plain if unicodedata.bidirectional(ch) in ("R", "AL"))


def lines_of(chars: list[dict]) -> list[list[dict]]:
    """Characters grouped into rendered lines by their baseline, top line first, each left to right."""
    rows: dict[int, list[dict]] = {}
    for c in chars:
        rows.setdefault(round(c["matrix"][5]), []).append(c)
    return [sorted(rows[y], key=lambda c: c["x0"]) for y in sorted(rows, reverse=True)]


def column_box(page, header: str, next_header: str) -> tuple[float, float]:
    """The x range of the text inside the column headed ``header`` (3 pt padding each side)."""
    words = page.extract_words()
    left = next(w for w in words if w["text"] == header.split()[0])["x0"]
    right = next(w for w in words if w["text"] == next_header.split()[0] and w["top"] < 200)["x0"] - 6
    return left, right


def cell_chars(page, x0: float, x1: float, top: float, bottom: float) -> list[dict]:
    return [c for c in page.chars if x0 - 1 <= c["x0"] and c["x1"] <= x1 + 1 and top <= c["top"] < bottom
            and c["text"].strip()]


# ------------------------------------------------------------------------------------------- PDF
def test_a_wrapped_arabic_kpi_starts_on_its_first_line_and_every_line_is_right_aligned(rtl_pdf):
    with pdfplumber.open(io.BytesIO(rtl_pdf)) as pdf:
        page = next(p for p in pdf.pages if any(w["text"] == "Key" for w in p.extract_words()))
        left, right = column_box(page, "Key", "Current")
        arabic_tops = [c["top"] for c in page.chars if left <= c["x0"] <= right and letters(c["text"])]
        chars = cell_chars(page, left, right, min(arabic_tops) - 2, min(arabic_tops) + 200)
        lines = [ln for ln in lines_of(chars) if letters("".join(c["text"] for c in ln))]
        long_lines = []
        for ln in lines:  # the long KPI's lines, down to its last word
            long_lines.append(ln)
            if LAST_WORD in get_display("".join(c["text"] for c in ln)) or letters(LAST_WORD) in letters(
                    "".join(c["text"] for c in reversed(ln))):
                break
    assert len(long_lines) >= 3, [len(ln) for ln in lines]
    drawn = ["".join(c["text"] for c in ln) for ln in long_lines]
    # read right to left, the first rendered line starts with the sentence's first words
    assert letters(drawn[0][::-1]).startswith(letters(FIRST_WORDS)), drawn[0]
    assert letters(drawn[-1][::-1]).endswith(letters(LAST_WORD)), drawn[-1]
    # each line ends at the cell's right edge (right-aligned); the short last line does not reach the left
    for ln in long_lines:
        assert abs(max(c["x1"] for c in ln) - right) < 2.0, (max(c["x1"] for c in ln), right)
    assert min(c["x0"] for c in long_lines[-1]) > left + 20
    # numbers and Latin runs keep their reading order; the lines hold every letter, in order
    joined = " ".join(drawn)
    assert "2,345" in joined and "KPI" in joined and "12" in joined
    assert "".join(letters(d[::-1]) for d in drawn) == letters(LONG)
    assert Counter(ch for ch in unicodedata.normalize("NFKC", "".join(drawn)) if not ch.isspace()) == \
        Counter(ch for ch in LONG if not ch.isspace())


def test_right_to_left_headings_labels_and_notes_are_right_aligned(rtl_pdf):
    with pdfplumber.open(io.BytesIO(rtl_pdf)) as pdf:
        page = next(p for p in pdf.pages if any(w["text"] == "Key" for w in p.extract_words()))
        right_edge = max(c["x1"] for c in page.chars if c["text"].strip())
        heading = [c for c in page.chars if letters(c["text"]) and c["size"] > 11]
        assert heading and abs(max(c["x1"] for c in heading) - right_edge) < 2.0
        assert all(c["fontname"].endswith("-Bold") for c in heading), "bold, as the heading style is"
        sub_left, sub_right = column_box(page, "Sub-Objective", "Key")
        label = [c for c in page.chars if sub_left - 1 <= c["x0"] and c["x1"] <= sub_right + 1 and letters(c["text"])]
        assert label and abs(max(c["x1"] for c in label) - sub_right) < 2.0
        assert min(c["x0"] for c in label) > sub_left + 10
        note_top = max(c["top"] for c in page.chars if letters(c["text"]))  # the note is the lowest Arabic
        note = [c for c in page.chars if abs(c["top"] - note_top) < 4 and c["text"].strip()]
        number = [c for c in note if c["text"] == "1"]
        assert number and max(c["x1"] for c in number) > max(c["x1"] for c in note if letters(c["text"])), \
            "the note's number is at its right"
        assert {round(c["matrix"][5], 1) for c in number} == {round(c["matrix"][5], 1) for c in note if letters(
            c["text"])}, "on the baseline of the note's first line"
        assert abs(max(c["x1"] for c in note) - right_edge) < 2.0


def test_text_that_starts_left_to_right_stays_left_aligned(rtl_pdf):
    with pdfplumber.open(io.BytesIO(rtl_pdf)) as pdf:
        page = next(p for p in pdf.pages if any(w["text"] == "Reduce" for w in p.extract_words()))
        left, _right = column_box(page, "Key", "Current")
        reduce = next(w for w in page.extract_words() if w["text"] == "Reduce")
        assert abs(reduce["x0"] - left) < 2.0
        line = sorted((c for c in page.chars if abs(c["top"] - reduce["top"]) < 3 and c["x0"] < _right),
                      key=lambda c: c["x0"])
        text = "".join(c["text"] for c in line)
        assert text.startswith("Reduce") and "by5%" in text.replace(" ", "")  # Arabic in the middle, reversed
        assert letters(text[::-1]) == letters("الجريمة")


def test_the_same_right_to_left_paper_gives_the_same_pdf_bytes(rtl_doc, rtl_pdf):
    assert layout_pdf(*rtl_doc)[0] == rtl_pdf


# ----------------------------------------------------------------------- the line reordering
@pytest.mark.parametrize("text", [LONG, HEBREW, MIXED_LTR, "مرحبا (KPI) بالعالم [2025] 12%", "שלום <a> עולם",
                                  "نص ١٢٣ و 456 – «اقتباس»", "abc", "(١٢) مثال"])
def test_one_line_is_ordered_as_the_bidi_library_orders_it(text):
    base = RTL if unicodedata.bidirectional(next(ch for ch in text if unicodedata.bidirectional(ch) in
                                                  ("L", "R", "AL"))) in ("R", "AL") else LTR
    unpaired = str.maketrans("()[]<>«»", "||||||||")  # python-bidi's Rust wrapper leaves brackets unmirrored
    assert visual_text(text, base).translate(unpaired) == \
        get_display(text, base_dir="R" if base == RTL else "L").translate(unpaired)


def test_brackets_in_right_to_left_runs_are_mirrored():
    assert visual_text("(יעד 15%)", RTL) == "(15% דעי)"  # the opening bracket, at the right, faces left
    assert visual_text("مثال [KPI] «نص»", RTL) == "«صن» [KPI] لاثم"
    assert visual_text("a (b) c", LTR) == "a (b) c"


def test_levels_are_one_per_character_whatever_its_utf8_length():
    text = "a ب 😀 c"
    assert levels(text, RTL) == [2, 1, 1, 1, 1, 1, 2]
    assert levels("abc", LTR) == [0, 0, 0] and levels("", RTL) == []


def test_fragments_keep_their_style_when_a_line_is_reordered():
    frags = [ParaFrag(text="مرحبا ", fontName="arabic"), ParaFrag(text="KPI ", fontName="latin"),
             ParaFrag(text="عالم", fontName="arabic")]
    out = visual_fragments(frags, RTL)
    assert "".join(f.text for f in out) == get_display("مرحبا KPI عالم", base_dir="R")
    assert [(f.text.strip(), f.fontName) for f in out if f.text.strip()] == [
        ("ملاع", "arabic"), ("KPI", "latin"), ("ابحرم", "arabic")]
    assert visual_fragments(frags[1:2], LTR) == frags[1:2]  # nothing right to left: left as it is


def test_a_split_right_to_left_paragraph_keeps_its_direction_in_every_part():
    style = ParagraphStyle("s", fontName="Helvetica", fontSize=10, leading=12, alignment=TA_LEFT)
    text = "مثال " + " ".join(["Latin"] * 60)  # the second part starts with Latin words
    p = BidiParagraph(text, style, bulletText="1")
    assert p.bp_base == RTL and p.style.alignment == TA_RIGHT and p.bulletText is None
    p.wrap(100, 1000)
    parts = p.split(100, 40)
    assert len(parts) == 2
    assert [q.bp_base for q in parts] == [RTL, RTL]
    assert all(q.style.alignment == TA_RIGHT for q in parts)
    assert [q.bp_bullet for q in parts] == ["1", None]
    latin = BidiParagraph("Plain words only", style)
    assert latin.bp_base is None and latin.style is style


# ------------------------------------------------------------------------------ DOCX and HTML
def test_the_docx_marks_right_to_left_paragraphs_and_runs_and_sets_their_sizes(rtl_doc):
    doc, lay = rtl_doc
    d = docx.Document(io.BytesIO(write_docx(doc, lay)))
    cells = [p for t in d.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    long_p = next(p for p in cells if p.text == LONG)
    assert long_p._p.pPr.find(qn("w:bidi")) is not None
    assert all(r._r.rPr.find(qn("w:rtl")) is not None for r in long_p.runs if letters(r.text))
    mixed = next(p for p in cells if p.text.startswith(MIXED_LTR))
    assert mixed._p.pPr is None or mixed._p.pPr.find(qn("w:bidi")) is None
    heading = next(p for p in d.paragraphs if p.text == SECTION)
    assert heading._p.pPr.find(qn("w:bidi")) is not None
    styles = d.styles.element
    for rpr in styles.iter(qn("w:rPr")):  # Arabic is formatted by the complex-script twins
        if rpr.find(qn("w:sz")) is not None:
            assert rpr.find(qn("w:szCs")) is not None
        if rpr.find(qn("w:b")) is not None:
            assert rpr.find(qn("w:bCs")) is not None


def test_the_html_gives_right_to_left_elements_their_direction(rtl_doc):
    doc, lay = rtl_doc
    page = lxml_html.fromstring(write_html(doc, lay))
    kpi = next(th for th in page.iter("th") if th.text_content().startswith(FIRST_WORDS))
    assert kpi.get("dir") == "rtl"
    assert next(h for h in page.iter("h2") if h.text_content() == SECTION).get("dir") == "rtl"
    assert next(th for th in page.iter("th") if th.text_content() == GROUP).get("dir") == "rtl"
    assert next(li for li in page.iter("li") if li.text_content().startswith("1 " + NOTE)
                or NOTE in li.text_content()).get("dir") == "rtl"
    latin = next(th for th in page.iter("th") if th.text_content().startswith(MIXED_LTR))
    assert latin.get("dir") is None
    assert "text-align: left" not in page.findtext(".//style")


def test_line_breaks_in_right_to_left_text_give_right_aligned_lines_one_below_another(tmp_path):
    from reportlab.platypus import SimpleDocTemplate

    from boardpaper.fonts.embedded import markup, register

    fonts = register("dejavu sans")
    style = ParagraphStyle("s", fontName=fonts.name, fontSize=10, leading=12)
    out = tmp_path / "breaks.pdf"
    text = "سطر أول 2,345\n\nسطر (ثان)"
    SimpleDocTemplate(str(out), leftMargin=50, rightMargin=50).build([BidiParagraph(markup(text, fonts), style)])
    with pdfplumber.open(out) as pdf:
        page = pdf.pages[0]
        lines = lines_of([c for c in page.chars if c["text"].strip()])
    assert len(lines) == 2
    assert lines[0][0]["matrix"][5] - lines[1][0]["matrix"][5] == pytest.approx(24, abs=0.1)  # an empty line between
    for ln in lines:
        assert max(c["x1"] for c in ln) == pytest.approx(page.width - 50 - 6, abs=1.5)  # margin, frame padding
    drawn = ["".join(c["text"] for c in ln) for ln in lines]
    assert letters(drawn[0][::-1]) == letters("سطر أول") and "2,345" in drawn[0]
    assert drawn[1].startswith("(") and letters(drawn[1][1:drawn[1].index(")")][::-1]) == letters("ثان")  # mirrored


@pytest.mark.parametrize("text, pieces", [
    ("Reduce الجريمة by 5%", [("Reduce", False), (" الجريمة ", True), ("by 5%", False)]),
    ("برنامج KPI الجديد 2,345 دورية", [("برنامج ", True), ("KPI", False), (" الجديد 2,345 دورية", True)]),
    ("تقليل الجريمة 12%", [("تقليل الجريمة 12%", True)]),
])
def test_a_docx_run_mixing_directions_is_cut_where_the_letters_change_direction(text, pieces):
    from boardpaper.writers.docx.ooxml_rtl import direction_runs

    assert direction_runs(text) == pieces


def test_the_docx_keeps_latin_words_in_right_to_left_paragraphs_out_of_right_to_left_runs(rtl_doc):
    doc, lay = rtl_doc
    d = docx.Document(io.BytesIO(write_docx(doc, lay)))
    long_p = next(p for t in d.tables for row in t.rows for c in row.cells for p in c.paragraphs if p.text == LONG)
    runs = [(r.text, r._r.rPr is not None and r._r.rPr.find(qn("w:rtl")) is not None) for r in long_p.runs]
    assert ("KPI", False) in runs
    assert all(rtl for text, rtl in runs if letters(text))


def test_a_right_to_left_running_footer_is_shaped_ordered_and_on_the_page_numbers_baseline(tmp_path):
    sheets = rtl_sheets()
    sheets["paper"][1][1] = "مجلس الشرطة"  # the board: the footer is "{board} – {meeting}"
    lay = load_layout()
    pdf = layout_pdf(compose(read_paper(write_xlsx(tmp_path / "footer.xlsx", sheets)), lay), lay)[0]
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        page_word = next(w for w in page.extract_words() if w["text"] == "Page")
        foot = [c for c in page.chars if c["top"] > page_word["top"] - 5 and c["x0"] < page.width / 2]
    baselines = {round(c["matrix"][5], 1) for c in foot}
    page_base = round(next(c for c in page.chars if c["text"] == "P" and abs(c["top"] - page_word["top"]) < 1)
                      ["matrix"][5], 1)
    assert baselines == {page_base}
    text = "".join(c["text"] for c in sorted(foot, key=lambda c: c["x0"]))
    assert any("\ufb50" <= ch <= "\ufefc" for ch in text), "joined letter forms"
    assert letters(text[::-1]) == letters("مجلس الشرطة") and "June 2026" in text


def test_a_left_to_right_note_floating_out_of_a_right_to_left_cell_keeps_its_direction(rtl_doc):
    doc, lay = rtl_doc
    page = lxml_html.fromstring(write_html(doc, lay, for_pdf=True))  # the WeasyPrint variant: notes in cells
    hebrew = next(th for th in page.iter("th") if th.text_content().startswith(HEBREW))
    notes = {a.text_content().split(None, 1)[1].split(" https")[0]: a.get("dir") for a in hebrew.iter("article")}
    assert notes == {NOTE: "rtl", "A report": "ltr"}


def test_the_status_summary_gives_right_to_left_kpi_names_their_direction():
    import dataclasses

    from tests.helpers.inputs import ROOT

    from boardpaper import api
    from boardpaper.writers.html import status as _status_html

    _, lay, doc = api.read(ROOT / "inputs" / "ipr-example.xlsx")
    first, *rest = doc.summary.entries
    summary = dataclasses.replace(doc.summary, entries=(dataclasses.replace(first, kpi=FIRST_WORDS), *rest))
    page = lxml_html.fromstring(_status_html.summary_section(dataclasses.replace(doc, summary=summary), lay))
    names = {th.text_content(): th.get("dir") for th in page.iter("th") if th.get("scope") == "row"}
    assert names[FIRST_WORDS] == "rtl"
    assert all(d is None for name, d in names.items() if name != FIRST_WORDS)
