"""The PDF writer (reportlab platypus): ``write_pdf(doc, layout) -> bytes``, in one layout pass.

Footnotes sit at the foot of the page that shows their marker, as in Word. Before a flowable is
placed the frame (:class:`~._platypus.ReservingFrame`) asks :meth:`_PaperTemplate.reserve_for`
how far to raise its bottom for the notes the flowable brings; a scorecard table splits where a
part and its notes fit together (:mod:`.table`). Notes that cannot fit (a row citing more
sources than a page holds) continue at the foot of the next page, before that page's own notes,
as Word continues a footnote; each note's number is the target of its marker's link.
``afterPage`` draws the page's notes in the space below the last thing placed. Contents page
numbers and the M of "Page N of M" are form XObjects defined when the pass ends. The flowables
are made in :mod:`.story`; reportlab internals are used only through :mod:`.platypus`.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, PageBreak, PageTemplate

from ...charts.scene import fit
from ...layout import Layout
from ...model import Document, Note
from . import platypus as _platypus
from .word_breaks import break_long_words
from ...fonts.embedded import Fonts, markup, measuring_fallback, register
from .bidi import BidiParagraph as Paragraph  # right-to-left lines in visual order
from .bidi import running_line
from .story import TOTAL_FORM, Story, _hex, _page_form
from .table import notes_in

NOTE_GAP = 1.5 * mm  # between the text and the footnote rule
HALF = 0.5  # the share of a page footnotes may take before they continue on the next page
EPS = 1e-6


@dataclass
class Passes:
    """What the layout pass learnt: anchor → page, the notes whose markers each page shows,
    the notes each page's foot shows (``feet``; a continued note is listed on both pages), the
    page count and the KPI rows drawn."""

    anchors: dict[str, int] = field(default_factory=dict)
    notes: dict[int, list[int]] = field(default_factory=dict)
    feet: dict[int, list[int]] = field(default_factory=dict)
    pages: int = 0
    rows: set[str] = field(default_factory=set)  # ids of the KPI rows actually drawn


class _Styles:
    """Paragraph styles derived from the layout, one place."""

    def __init__(self, layout: Layout, fonts: Fonts, notes: int = 0):
        c = layout.colours
        base = ParagraphStyle("body", fontName=fonts.name, bulletFontName=fonts.name, fontSize=layout.font_size,
                              leading=layout.font_size * 1.25, textColor=_hex(c["text"]))
        self.body = base
        self.cell = ParagraphStyle("cell", base, fontSize=layout.font_size - 0.5,
                                   leading=(layout.font_size - 0.5) * 1.2)
        self.header = ParagraphStyle("th", self.cell, fontName=fonts.bold, textColor=_hex(c["header_text"]))
        self.group = ParagraphStyle("group", self.cell, fontName=fonts.bold, textColor=_hex(c["group_text"]))
        self.title = ParagraphStyle("title", base, fontName=fonts.bold, fontSize=layout.title_size,
                                    leading=layout.title_size * 1.25, textColor=_hex(c["heading"]),
                                    spaceBefore=4 * mm, spaceAfter=3 * mm)
        self.h1 = ParagraphStyle("h1", base, fontName=fonts.bold, fontSize=layout.heading1_size,
                                 leading=layout.heading1_size * 1.25, textColor=_hex(c["heading"]),
                                 spaceBefore=2 * mm, spaceAfter=2.5 * mm)
        self.label = ParagraphStyle("label", base, fontName=fonts.bold, spaceBefore=1.5 * mm)
        self.cover = ParagraphStyle("cover", base, spaceAfter=1.5 * mm)
        self.purpose = ParagraphStyle("purpose", base, leftIndent=6 * mm, bulletIndent=0, spaceAfter=1 * mm)
        self.toc1 = ParagraphStyle("toc1", base, fontName=fonts.bold, spaceBefore=1.2 * mm)
        self.toc2 = ParagraphStyle("toc2", base, leftIndent=6 * mm)
        self.tocnum = ParagraphStyle("tocnum", base, alignment=TA_RIGHT)
        size = layout.font_size - 1.5  # the number hangs in an indent as wide as the widest number
        self.note = ParagraphStyle("note", base, fontSize=size, leading=size * 1.2, bulletIndent=0,
                                   bulletFontSize=size, leftIndent=stringWidth(str(max(notes, 9)), fonts.name, size)
                                   + 1.5 * mm)
        self.chart_note = ParagraphStyle("chartnote", self.cell, fontSize=layout.chart_note_size,
                                         leading=layout.chart_note_size * 1.2, spaceBefore=0.6 * mm)
        self.furniture = ParagraphStyle("furniture", base, fontSize=layout.font_size - 1,
                                        textColor=_hex(c["neutral"]))


@dataclass
class _FootNote:
    """A note (or the rest of one) waiting for a page's foot; ``first``: it starts the note."""

    number: int
    paragraph: Paragraph
    height: float
    first: bool = True


class _PaperTemplate(_platypus.FinishingDocTemplate):
    """A doc template that records anchors and markers, reserves footnote space and draws the notes."""

    def __init__(self, buf, *, layout: Layout, doc: Document, fonts: Fonts, styles: _Styles, **kw):
        super().__init__(buf, **kw)
        self.layout, self.paper, self.fonts, self.st = layout, doc, fonts, styles
        self.now = Passes()
        self.notes_by_number: dict[int, Note] = {n.number: n for n in doc.notes}
        self.paper_forms = [TOTAL_FORM] + [_page_form(e.anchor) for e in doc.contents]
        self.furniture = doc.furniture
        self.note_heights: dict[int, float] = {}
        self.foot: list[_FootNote] = []  # the notes for this page's foot, continued ones first
        self.reserved = 0.0  # how far the frame's bottom is raised for them
        self.placed_notes: set[int] = set()
        self.frame_height = self.height
        frame = _platypus.ReservingFrame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                                         leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        frame.reserve, frame.placed = self._frame_reserve, self._placed
        self._base = _platypus.geometry(frame)
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self._furniture)])

    # -- the pass's records, fed by <onDraw> callbacks and Marked paragraphs
    def handle_documentBegin(self):
        super().handle_documentBegin()
        self.canv.setNamedCB("bp_note", self._marker)
        self.canv.setNamedCB("bp_row", lambda canv, kind, label: self.now.rows.add(label))
        self.canv.bp_anchor = self._anchor
        self.canv.showOutline()

    def _anchor(self, canv, level: int, key: str, title: str, height: float):
        self.now.anchors.setdefault(key, canv.getPageNumber())
        canv.bookmarkHorizontal(key, 0, height)
        canv.addOutlineEntry(title, key, level=level - 1, closed=False)

    def _marker(self, canv, kind, label):
        self.now.notes.setdefault(canv.getPageNumber(), []).append(int(label))

    # -- footnote space
    def note_paragraph(self, number: int) -> Paragraph:
        width = self.width - self.st.note.leftIndent
        text = note_markup(self.notes_by_number[number], self.fonts, self.layout, width, self.st.note)
        return Paragraph(text, self.st.note, bulletText=str(number))

    def note_height(self, number: int) -> float:
        if number not in self.note_heights:
            self.note_heights[number] = self.note_paragraph(number).wrap(self.width, self.height)[1]
        return self.note_heights[number]

    def at_top(self) -> bool:
        return _platypus.at_top(self.frame)

    def reserve_for(self, height: float, notes, space: float, top: bool, *, overflow: bool = True) -> float | None:
        """How far to raise the frame's bottom so that something ``height`` tall carrying the markers
        of ``notes`` fits in ``space`` with its notes below; ``None`` when it does not fit here.
        With ``overflow``, when the notes cannot all fit (at the top of a page, or with half a page
        free) a part of them may continue on the next page, the first starting here."""
        new = [n for n in dict.fromkeys(notes) if n not in self.placed_notes]
        if not new:
            return 0.0 if height <= space + EPS else None
        total = sum(f.height for f in self.foot) + sum(self.note_height(n) for n in new) + 2 * NOTE_GAP
        full = max(0.0, total - self.reserved)
        if height + full <= space + EPS:
            return full
        room = space - height
        if overflow and room > -EPS and (top or space >= self.frame_height * HALF):
            want = max(0.0, min(total, self.frame_height * HALF) - self.reserved)
            least = 0.0 if self.foot else max(0.0, 2 * NOTE_GAP + self.st.note.leading - self.reserved)
            if top or room + EPS >= least:  # at the top of a page the notes may all start on the next
                return max(0.0, min(want, room))
        return None

    def _frame_reserve(self, flowable, space: float, top: bool) -> float | None:
        notes = notes_in(flowable)
        if not notes or all(n in self.placed_notes for n in notes):
            return 0.0
        height = flowable.wrap(_platypus.available_width(self.frame), space)[1]
        return self.reserve_for(height, notes, space, top, overflow=getattr(flowable, "bp_overflow", False))

    def _placed(self, flowable, raised: float) -> None:
        self.reserved += raised
        for n in dict.fromkeys(notes_in(flowable)):
            if n not in self.placed_notes:
                self.placed_notes.add(n)
                self.foot.append(_FootNote(n, self.note_paragraph(n), self.note_height(n)))

    def handle_pageBegin(self):
        """The frame starts shortened by the notes continued from the last page (up to half a page)."""
        super().handle_pageBegin()
        carried = sum(f.height for f in self.foot) + 2 * NOTE_GAP if self.foot else 0.0
        reserve = self.reserved = min(carried, self.frame_height * HALF)
        y1, height = self._base
        for f in self.pageTemplate.frames:
            _platypus.set_bottom(f, y1 + reserve, height - reserve)

    def afterPage(self):
        self.foot = self._draw_notes(self.canv, self.foot)

    def notes_fit(self, space: float) -> bool:
        """True when the waiting notes fit below ``space`` more of content."""
        return not self.foot or sum(f.height for f in self.foot) + 2 * NOTE_GAP <= space + self.reserved + EPS

    def _draw_notes(self, canv, waiting: list[_FootNote]) -> list[_FootNote]:
        """Draw as many waiting notes as fit below the page's content (splitting the last one
        between lines); return the rest, for the next page."""
        if not waiting:
            return []
        room = _platypus.cursor(self.frame) - self.bottomMargin - 2 * NOTE_GAP
        drawn: list[_FootNote] = []
        rest: list[_FootNote] = []
        for note in waiting:
            if rest or note.height > room + EPS:
                parts = [] if rest or room <= 0 else note.paragraph.split(self.width, room)
                if len(parts) == 2:
                    h0 = parts[0].wrap(self.width, room)[1]
                    drawn.append(_FootNote(note.number, parts[0], h0, note.first))
                    room -= h0
                    note = _FootNote(note.number, parts[1], parts[1].wrap(self.width, self.height)[1], False)
                rest.append(note)
                continue
            drawn.append(note)
            room -= note.height
        if not drawn:
            return rest
        self.now.feet[self.page] = [n.number for n in drawn]
        y = self.bottomMargin + sum(n.height for n in drawn) + NOTE_GAP
        canv.saveState()
        canv.setStrokeColor(_hex(self.layout.colours["neutral"]))
        canv.setLineWidth(0.5)
        canv.line(self.leftMargin, y, self.leftMargin + 50 * mm, y)
        canv.restoreState()
        y -= NOTE_GAP
        for note in drawn:
            if note.first:
                canv.bookmarkHorizontal(Note.anchor_of(note.number), self.leftMargin, y)
            note.paragraph.wrap(self.width, self.height)
            note.paragraph.drawOn(canv, self.leftMargin, y - note.height)
            y -= note.height
        return rest

    def _furniture(self, canv, _doc):
        canv.saveState()
        w, h = self.pagesize
        st = self.st.furniture
        canv.setFont(st.fontName, st.fontSize)
        canv.setFillColor(st.textColor)
        top = h - self.topMargin + 4 * mm
        f = self.furniture
        label = f"{f.page_before}{self.page}{f.page_middle}"
        widest = f"{f.page_before}0000{f.page_middle}0000{f.page_after}"
        x = w - self.rightMargin - canv.stringWidth(widest, st.fontName, st.fontSize)
        if f.header:
            running_line(canv, _fit(f.header, self.width, st), self.fonts, st, w - self.rightMargin, top, right=True)
        bottom = self.bottomMargin - 7 * mm
        if f.footer:
            footer = _fit(f.footer, x - self.leftMargin - 3 * mm, st)
            running_line(canv, footer, self.fonts, st, self.leftMargin, bottom)
        canv.drawString(x, bottom, label)
        canv.translate(x + canv.stringWidth(label, st.fontName, st.fontSize), bottom)
        canv.doForm(TOTAL_FORM)
        canv.restoreState()

    def finish(self, canv):
        """Define the page-number forms once every page is known."""
        st = self.st
        numbers = {TOTAL_FORM: (f"{self.page}{self.furniture.page_after}", st.furniture, False)}
        numbers.update({_page_form(k): (str(v), st.tocnum, True) for k, v in self.now.anchors.items()})
        for name in self.paper_forms:
            text, style, right = numbers.get(name, ("", st.tocnum, True))
            canv.beginForm(name, -100, -5, 100, 20)
            canv.setFont(style.fontName, style.fontSize)
            canv.setFillColor(style.textColor)
            (canv.drawRightString if right else canv.drawString)(0, 0, text)
            canv.endForm()


def _fit(text: str, width: float, style) -> str:
    """``text`` on one line of ``width``: cut with an ellipsis when longer (page furniture)."""
    return fit(" ".join(text.split()), style.fontSize, width, lambda t, size: stringWidth(t, style.fontName, size))


class _NotesFlush(Flowable):
    """Ends the story: while the waiting notes do not fit below the content, a page break."""

    def __init__(self, doc: _PaperTemplate):
        super().__init__()
        self.doc = doc

    def wrap(self, availWidth, availHeight):
        return 0, (0 if self.doc.notes_fit(availHeight) else availHeight + 1)

    def split(self, availWidth, availHeight):
        return [PageBreak(), _NotesFlush(self.doc)]

    def draw(self):
        pass


def note_markup(note: Note, fonts: Fonts, layout: Layout, width: float, style) -> str:
    """A footnote's text: the source text, and the URL as a link; words too long for ``width``
    broken (the number is the paragraph's bullet)."""
    s = note.source

    def t(text: str) -> str:
        return markup(break_long_words(text, width, style.fontName, style.fontSize,
                                       fallback=measuring_fallback(fonts), covered=fonts.covered), fonts)

    if s.url:
        href = quoteattr(s.href)  # ASCII: reportlab writes other text as UTF-16, which viewers cannot open
        colour = layout.colours["link"]
        url = escape(break_long_words(s.url, width, style.fontName, style.fontSize)).replace("\n", "<br/>")
        return (f'<a href={href} color="#{colour}"><u>{t(s.text)}</u></a> '
                f'<a href={href} color="#{colour}">{url}</a>')
    return t(s.text)


def _canvas_class(doc: Document):
    """A canvas whose link annotations say in words where they go (``/Contents``), for screen readers."""
    from reportlab.pdfbase.pdfdoc import PDFString
    from reportlab.pdfgen.canvas import Canvas

    titles = doc.link_words

    class LinkDescribingCanvas(Canvas):
        def linkRect(self, contents, destinationname, *args, **kw):
            return super().linkRect(contents or titles.get(destinationname, f"Go to {destinationname}"),
                                    destinationname, *args, **kw)

        def linkURL(self, url, rect, *args, **kw):
            kw.setdefault("Contents", PDFString(f"Open {url}"))
            return super().linkURL(url, rect, *args, **kw)

    return LinkDescribingCanvas


def layout_pdf(doc: Document, layout: Layout) -> tuple[bytes, Passes]:
    """The PDF bytes and what the pass recorded (anchor → page, notes per page, page count)."""
    fonts = register(layout.font)
    styles = _Styles(layout, fonts, notes=len(doc.notes))
    buf = io.BytesIO()
    w, h = layout.page_size
    top, right, bottom, left = layout.margins
    tpl = _PaperTemplate(
        buf, layout=layout, doc=doc, fonts=fonts, styles=styles,
        pagesize=(w * mm, h * mm), leftMargin=left * mm, rightMargin=right * mm, topMargin=top * mm,
        bottomMargin=bottom * mm, title=doc.properties.title,
        author=doc.properties.author, subject=doc.properties.subject,
        keywords=list(doc.properties.keywords), creator="boardpaper", producer="boardpaper (reportlab)",
        invariant=1, lang=doc.properties.language, displayDocTitle=1, initialFontName=fonts.name,
        initialFontSize=layout.font_size)
    story = Story(doc, layout, fonts, styles, tpl).flowables() + [_NotesFlush(tpl)]
    tpl.build(story, canvasmaker=_canvas_class(doc))
    tpl.now.pages = tpl.page
    return buf.getvalue(), tpl.now


def write_pdf(doc: Document, layout: Layout) -> bytes:
    """The paper as PDF bytes: embedded fonts, linked contents and outline, page-bottom footnotes."""
    return layout_pdf(doc, layout)[0]

