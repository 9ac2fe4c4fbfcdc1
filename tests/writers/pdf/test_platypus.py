"""The reportlab behaviour boardpaper.writers.pdf.platypus relies on, tested on its own so that a
reportlab upgrade that changes it fails here, by name."""
from __future__ import annotations

import io

import pytest
import reportlab
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import BaseDocTemplate, PageTemplate, Paragraph, Spacer, Table, TableStyle

from boardpaper.fonts.coverage import BUNDLED
from boardpaper.writers.pdf import platypus as _platypus

STYLE = ParagraphStyle("t", fontSize=9, leading=11)


def test_the_pinned_reportlab_series_is_the_one_checked():
    assert reportlab.Version.startswith("5.1."), reportlab.Version
    assert "5.1" in _platypus.__doc__


def _doc(story, frame, **kw):
    buf = io.BytesIO()
    doc = kw.pop("cls", BaseDocTemplate)(buf, pagesize=(300, 300), leftMargin=0, rightMargin=0, topMargin=0,
                                         bottomMargin=0, **kw)
    doc.addPageTemplates([PageTemplate("p", [frame])])
    doc.build(story)
    return doc, buf.getvalue()


def test_a_reserving_frame_raises_its_bottom_and_can_refuse():
    seen = []
    frame = _platypus.ReservingFrame(0, 0, 300, 300, leftPadding=0, rightPadding=0, topPadding=0,
                                     bottomPadding=0)

    def reserve(flowable, space, top):
        seen.append((getattr(flowable, "tag", None), round(space), top))
        return None if getattr(flowable, "tag", "") == "refuse" and top is False else 100.0

    frame.reserve, frame.placed = reserve, lambda f, raised: seen.append(("placed", raised))
    first, second = Spacer(10, 50), Spacer(10, 100)
    first.tag, second.tag = "first", "refuse"
    _doc([first, second], frame)
    assert seen[:2] == [("first", 300, True), ("placed", 100.0)]
    # after the first, the frame's bottom is raised by 100: 150 left, and the second is refused there
    assert seen[2] == ("refuse", 150, False)
    # … and placed on the next page instead; the raise outlives the page until set_bottom resets
    # the frame (Frame._reset leaves _y1p alone), which is why the writer calls it on every page
    assert seen[3:] == [("refuse", 200, True), ("placed", 100.0)]


def test_frame_cursor_space_and_bottom():
    frame = _platypus.ReservingFrame(0, 0, 300, 300, leftPadding=0, rightPadding=0, topPadding=0,
                                     bottomPadding=0)
    frame._reset()
    assert _platypus.at_top(frame) and _platypus.space_left(frame) == 300 and _platypus.cursor(frame) == 300
    assert _platypus.available_width(frame) == 300
    _platypus.set_bottom(frame, 40, 260)
    assert _platypus.geometry(frame) == (40, 260) and _platypus.space_left(frame) == 260
    canv = __import__("reportlab.pdfgen.canvas", fromlist=["Canvas"]).Canvas(io.BytesIO())
    assert frame.add(Spacer(10, 60), canv)
    assert not _platypus.at_top(frame) and _platypus.cursor(frame) == 240 and _platypus.space_left(frame) == 200


class _Tagged(Table):
    pass


def test_table_rows_heights_and_a_replaced_cell_in_a_split_part():
    data = [["head"], ["a"], ["b"], ["c"], ["d"]]
    t = _Tagged(data, colWidths=[100], repeatRows=1)
    t.setStyle(TableStyle([("LINEBELOW", (0, "splitlast"), (-1, "splitlast"), 0.5, "black")]))
    t.wrap(100, 1000)
    heights = _platypus.row_heights(t)
    assert len(heights) == 5 and all(h > 0 for h in heights)
    first, rest = t.split(100, sum(heights[:3]) + 0.01)
    assert type(first) is _Tagged and type(rest) is _Tagged  # parts are made by the table's class
    assert [r[0] for r in _platypus.table_rows(first)] == ["head", "a", "b"]
    assert [r[0] for r in _platypus.table_rows(rest)] == ["head", "c", "d"]  # header repeated
    tall = Paragraph("c (continued) " * 20, STYLE)
    _platypus.replace_cell(rest, 1, 0, tall)
    rest.wrap(100, 1000)
    assert _platypus.row_heights(rest)[1] > heights[3] + 20  # the replaced row was measured anew


def test_a_paragraph_split_keeps_its_bullet_on_the_first_part():
    p = Paragraph("word " * 200, STYLE, bulletText="12")
    p.wrap(200, 1000)
    first, rest = p.split(200, 50)
    assert first.bulletText == "12" and rest.bulletText is None


def test_a_finishing_template_defines_forms_after_the_last_page():
    class Counting(_platypus.FinishingDocTemplate):
        def finish(self, canv):
            canv.beginForm("total")
            canv.drawString(0, 0, f"of {self.page}")
            canv.endForm()

    def on_page(canv, doc):
        canv.doForm("total")  # referenced before it is defined

    frame = _platypus.ReservingFrame(0, 0, 300, 300)
    buf = io.BytesIO()
    doc = Counting(buf, pagesize=(300, 300))
    doc.addPageTemplates([PageTemplate("p", [frame], onPage=on_page)])
    doc.build([Paragraph("x", STYLE), Spacer(1, 250), Paragraph("y " * 300, STYLE)])
    text = [p.extract_text() for p in PdfReader(io.BytesIO(buf.getvalue())).pages]
    assert len(text) >= 2 and all(f"of {len(text)}" in t for t in text)


@pytest.mark.parametrize("lead", ['<onDraw name="x" label="y"/>', '<a name="x"/>'])
def test_reportlab_cannot_split_a_long_word_after_a_zero_width_fragment(lead):
    """Why markers and anchors go at the end of a paragraph and long words are broken by us."""
    word = "Supercalifragilistic" * 10
    alone = Paragraph(word, STYLE)
    alone.wrap(200, 1000)
    assert alone.minWidth() <= 200 or len(alone.blPara.lines) > 1  # reportlab splits it alone
    led = Paragraph(lead + word, STYLE)
    led.wrap(200, 1000)
    assert len(led.blPara.lines) <= 2  # but not after the fragment: it overflows instead


def test_a_character_beyond_u_ffff_reads_back_as_itself():
    """reportlab writes such a character into a subset's ToUnicode map as five hex digits, which
    readers take for another character; _platypus writes UTF-16 (a surrogate pair)."""
    from reportlab.pdfbase import pdfmetrics, ttfonts
    from reportlab.pdfgen.canvas import Canvas

    assert ttfonts.makeToUnicodeCMap is _platypus._to_unicode_cmap
    path = BUNDLED / "DejaVuSans.ttf"
    pdfmetrics.registerFont(ttfonts.TTFont("BP-test-DejaVu", str(path)))
    buf = io.BytesIO()
    canvas = Canvas(buf)
    canvas.setFont("BP-test-DejaVu", 12)
    canvas.drawString(50, 700, "smile \U0001F600 and ŵ")
    canvas.save()
    assert "smile \U0001F600 and ŵ" in PdfReader(io.BytesIO(buf.getvalue())).pages[0].extract_text()
    assert _platypus._utf16_hex(0x1F600) == "D83DDE00" and _platypus._utf16_hex(0x175) == "0175"
