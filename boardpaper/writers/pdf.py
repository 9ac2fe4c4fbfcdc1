"""The PDF writer (reportlab platypus): ``write_pdf(doc, layout) -> bytes``, in one layout pass.

Footnotes sit at the foot of the page that shows their marker, as in Word. Before a flowable is
placed the frame (:class:`~._platypus.ReservingFrame`) asks :meth:`_PaperTemplate.reserve_for`
how far to raise its bottom for the notes the flowable brings; a scorecard table splits where a
part and its notes fit together (:mod:`._pdf_table`). Notes that cannot fit (a row citing more
sources than a page holds) continue at the foot of the next page, before that page's own notes,
as Word continues a footnote; each note's number is the target of its marker's link.
``afterPage`` draws the page's notes in the space below the last thing placed. Contents page
numbers and the M of "Page N of M" are form XObjects defined when the pass ends.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (CondPageBreak, Flowable, PageBreak, PageTemplate, Paragraph, Spacer, Table,
                                TableStyle)

from ..layout import Layout
from ..model import Document, Group, Note, Row, Section
from . import _platypus
from ._breaks import break_long_words
from ._fonts import FALLBACK, Fonts, markup, register
from ._pdf_table import Marked, ScorecardTable, notes_in

NOTE_GAP = 1.5 * mm  # between the text and the footnote rule
HALF = 0.5  # the share of a page footnotes may take before they continue on the next page
TOTAL_FORM = "bp_pages"  # "Page N of M": M is drawn from a form defined after the last page
PAD = 3  # left and right cell padding, points
EPS = 1e-6


def _page_form(anchor: str) -> str:
    """The form XObject that shows the page number of ``anchor``, defined after the last page."""
    return f"bp_pg_{anchor}"


class _PageNumber(Flowable):
    """A contents page number: a reference to a form filled in when the pass ends, so printed
    numbers are always those of the pass that drew them; the whole cell links to the anchor."""

    def __init__(self, anchor: str, height: float, descent: float):
        super().__init__()
        self.anchor, self.height, self.descent = anchor, height, descent

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        return availWidth, self.height

    def draw(self):
        self.canv.linkRect("", self.anchor, (0, 0, self.width, self.height), relative=1)
        self.canv.saveState()
        self.canv.translate(self.width, self.descent)
        self.canv.doForm(_page_form(self.anchor))
        self.canv.restoreState()


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


def _hex(c: str) -> colors.Color:
    return colors.HexColor("#" + c)


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
                canv.bookmarkHorizontal(f"bp_fn{note.number}", self.leftMargin, y)
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
            canv.drawRightString(w - self.rightMargin, top, _fit(f.header, self.width, st))
        bottom = self.bottomMargin - 7 * mm
        if f.footer:
            canv.drawString(self.leftMargin, bottom, _fit(f.footer, x - self.leftMargin - 3 * mm, st))
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
    text = " ".join(text.split())
    if stringWidth(text, style.fontName, style.fontSize) <= width:
        return text
    while text and stringWidth(text + "…", style.fontName, style.fontSize) > width:
        text = text[:-1]
    return text + "…"


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
        return markup(break_long_words(text, width, style.fontName, style.fontSize, fallback=FALLBACK,
                                       covered=fonts.covered), fonts)

    if s.url:
        href = quoteattr(s.url)
        colour = layout.colours["link"]
        url = escape(break_long_words(s.url, width, style.fontName, style.fontSize)).replace("\n", "<br/>")
        return (f'<a href={href} color="#{colour}"><u>{t(s.text)}</u></a> '
                f'<a href={href} color="#{colour}">{url}</a>')
    return t(s.text)


class _Story:
    """Builds the flowables of the pass."""

    def __init__(self, doc: Document, layout: Layout, fonts: Fonts, styles: _Styles, place: _PaperTemplate):
        self.doc, self.layout, self.fonts, self.st, self.place = doc, layout, fonts, styles, place
        self.link = layout.colours["link"]
        self.width = layout.frame_width * mm

    def t(self, text: str, width: float | None = None, style: ParagraphStyle | None = None) -> str:
        """``text`` as literal markup, with words longer than ``width`` points broken."""
        style = style or self.st.cell
        text = break_long_words(text, self.width if width is None else width, style.fontName, style.fontSize,
                                fallback=FALLBACK, covered=self.fonts.covered)
        return markup(text, self.fonts)

    def flowables(self) -> list:
        out = self.cover() + self.contents()
        for s in self.doc.sections:
            out.extend(self.section(s))
        return out + [_NotesFlush(self.place)]

    def cover(self) -> list:
        """The cover lines as composed, each role in its style."""
        st = self.st
        styles = {"reference": st.label, "meeting": st.label, "title": st.title, "purpose_heading": st.label,
                  "purpose": st.purpose}
        out = []
        for line in self.doc.cover.lines:
            style = styles.get(line.role, st.cover)
            width = self.width - style.leftIndent
            if line.role == "title":
                text = self.t(f"{line.label} {line.text}".strip(), width, style)
            elif line.label:
                text = f"<b>{self.t(line.label, width, style)}</b> {self.t(line.text, width, style)}"
            else:
                text = self.t(line.text, width, style)
            bullet = {"bulletText": f"{line.number}."} if line.role == "purpose" else {}
            out.append(Paragraph(text, style, **bullet))
        return out

    def contents(self) -> list:
        st = self.st
        rows = []
        title_width = self.width - 20 * mm
        for e in self.doc.contents:
            style = st.toc1 if e.level == 1 else st.toc2
            link = f'<a href="#{e.anchor}" color="#{self.link}">'
            rows.append([Paragraph(f"{link}{self.t(e.title, title_width - style.leftIndent - PAD, style)}</a>", style),
                         _PageNumber(e.anchor, st.tocnum.leading, st.tocnum.leading * 0.25)])
        table = Table(rows, colWidths=[title_width, 20 * mm], repeatRows=0)
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                                   ("FONTNAME", (0, 0), (-1, -1), self.fonts.name),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
                                   ("TOPPADDING", (0, 0), (-1, -1), 0.6),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 0.6),
                                   ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#DDDDDD"))]))
        title = Paragraph(self.t(self.doc.properties.contents_label, None, st.h1), st.h1)
        return [Spacer(1, 4 * mm), title, table, PageBreak()]

    def section(self, s: Section) -> list:
        heading = Marked(self.t(s.title, None, self.st.h1), self.st.h1)
        heading.bp_anchor = (1, s.anchor, s.title)
        return [CondPageBreak(45 * mm), heading, self.table(s), Spacer(1, 5 * mm)]

    def kpi_cell(self, row: Row, width: float) -> Marked:
        marks = "<super>,</super>".join(  # a comma between markers, as in the DOCX: 7,8 not 78
            f'<super><a href="#bp_fn{n.number}" color="#{self.link}">{n.number}</a></super>'
            f'<onDraw name="bp_note" label="{n.number}"/>' for n in row.notes)
        drawn = f"<onDraw name=\"bp_row\" label={quoteattr(row.id)}/>"  # at the end: reportlab's long-word
        paragraph = Marked(self.t(row.kpi, width) + marks + drawn, self.st.cell)  # split fails on a leading one
        paragraph.bp_notes = tuple(n.number for n in row.notes)
        return paragraph

    def value_cell(self, row: Row, key: str, chart_key: str, width: float):
        text = row.value(key)
        cell = [Paragraph(self.t(text, width), self.st.cell)] if text else []
        if row.chart is not None and key == chart_key:
            cell.append(self.chart(row))
        return cell or ""

    def chart(self, row: Row):
        from ..charts import chart_drawing

        return chart_drawing(row.chart, self.layout, font=self.fonts.name)

    def group_label(self, group: Group, width: float, first: bool = False) -> Marked:
        text = group.title if first else (group.continued or group.title)
        label = Marked(self.t(text, width, self.st.group), self.st.group)
        label.bp_anchor = (2, group.anchor, group.title) if first else None
        return label

    def table(self, s: Section) -> ScorecardTable:
        layout, st = self.layout, self.st
        cols = s.columns
        total = sum(c.width for c in cols)
        widths = [self.width * c.width / total for c in cols]
        inner = [w - 2 * PAD for w in widths]
        keys = [c.key for c in cols]
        chart_key = s.chart_column
        merged = layout.tables == "merged"
        data = [[Paragraph(self.t(c.label, w, st.header), st.header) for c, w in zip(cols, inner)]]
        group_of = {i: g for g in s.groups for i in range(g.first, g.first + g.count)}
        sub = keys.index("sub_objective") if "sub_objective" in keys else None
        for i, row in enumerate(s.rows):
            cells = []
            for key, w in zip(keys, inner):
                if key == "sub_objective":
                    g = group_of.get(i)
                    if g is None:
                        cells.append("")
                    elif g.first == i:
                        cells.append(self.group_label(g, w, first=True))
                    else:
                        repeat = not merged or g.repeat_label
                        cells.append(Paragraph(self.t(g.title, w, st.group), st.group) if repeat else "")
                elif key == "kpi":
                    kpi = self.kpi_cell(row, w)
                    cells.append([kpi, self.chart(row)] if row.chart is not None and chart_key == "kpi" else kpi)
                else:
                    cells.append(self.value_cell(row, key, chart_key, w))
            data.append(cells)
        table = ScorecardTable(data, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle(self.table_style(s, len(cols), sub, merged)))
        table.bp_place, table.bp_section, table.bp_rows = self.place, s, [None, *range(len(s.rows))]
        table.bp_sub_col, table.bp_rule = sub, (0.5, _hex(layout.colours["border"]))
        table.bp_label = lambda g, w=(inner[sub] if sub is not None else 0): self.group_label(g, w)
        return table

    def table_style(self, s: Section, ncols: int, sub: int | None, merged: bool) -> list:
        """Fills, rules and padding. A merged sub-objective has no rules between its rows (it looks
        like one cell but is not a span, so the table can split anywhere)."""
        c = self.layout.colours
        border = (0.5, _hex(c["border"]))
        commands = [("BACKGROUND", (0, 0), (-1, 0), _hex(c["header_fill"])),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("FONTNAME", (0, 0), (-1, -1), self.fonts.name),
                    ("LEFTPADDING", (0, 0), (-1, -1), PAD), ("RIGHTPADDING", (0, 0), (-1, -1), PAD)]
        if sub is None or not merged:
            commands.append(("GRID", (0, 0), (-1, -1), *border))
        else:
            commands.append(("GRID", (0, 0), (-1, 0), *border))
            if sub > 0:
                commands.append(("GRID", (0, 1), (sub - 1, -1), *border))
            if sub < ncols - 1:
                commands.append(("GRID", (sub + 1, 1), (-1, -1), *border))
            commands += [("LINEBEFORE", (sub, 1), (sub, -1), *border), ("LINEAFTER", (sub, 1), (sub, -1), *border)]
            inside = {r for g in s.groups if not g.repeat_label for r in range(g.first + 1, g.first + g.count)}
            for r in range(1, len(s.rows) + 1):
                if r not in inside:  # the last row of a group, or a row of its own
                    commands.append(("LINEBELOW", (sub, r), (sub, r), *border))
        if sub is not None:
            for g in s.groups:
                commands.append(("BACKGROUND", (sub, g.first + 1), (sub, g.first + g.count), _hex(c["group_fill"])))
        return commands


def _canvas_class(doc: Document):
    """A canvas whose link annotations say in words where they go (``/Contents``), for screen readers."""
    from reportlab.pdfbase.pdfdoc import PDFString
    from reportlab.pdfgen.canvas import Canvas

    titles = {e.anchor: f"Go to {e.title}" for e in doc.contents}
    titles.update({f"bp_fn{n.number}": f"Go to footnote {n.number}: {n.source.text}" for n in doc.notes})

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
    story = _Story(doc, layout, fonts, styles, tpl).flowables()
    tpl.build(story, canvasmaker=_canvas_class(doc))
    tpl.now.pages = tpl.page
    return buf.getvalue(), tpl.now


def write_pdf(doc: Document, layout: Layout) -> bytes:
    """The paper as PDF bytes: embedded fonts, linked contents and outline, page-bottom footnotes."""
    return layout_pdf(doc, layout)[0]
