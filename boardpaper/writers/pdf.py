"""The PDF writer (reportlab platypus): ``write_pdf(doc, layout) -> bytes``.

Footnotes sit at the foot of the page that shows their marker. The space is reserved while the page
is laid out: the frame (:class:`_NotesFrame`) raises its bottom by the height of the notes a
flowable carries before placing it, and a scorecard table splits so that its first part and that
part's notes fit together (:class:`ScorecardTable`). ``<onDraw>`` callbacks record the page on
which every heading, sub-objective and marker was drawn; ``afterPage`` draws the page's notes.
Contents page numbers and the M of "Page N of M" are PDF form XObjects referenced while drawing
and defined when the pass ends. So one pass is enough; should a page still lack space for its
notes (a row split inside itself, say), a further pass reserves it from the start of that page.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (BaseDocTemplate, CondPageBreak, Flowable, Frame, PageBreak, PageTemplate,
                                Paragraph, Spacer, Table, TableStyle)

from ..layout import Layout
from ..model import Document, Note, Row, Section
from ._fonts import Fonts, markup, register

MAX_PASSES = 8
NOTE_GAP = 1.5 * mm  # between the text and the footnote rule
TOTAL_FORM = "bp_pages"  # "Page N of M": M is drawn from a form defined after the last page


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
    """What one layout pass learnt: anchor → page, notes and the height they ``needs`` per page,
    the footnote space each page had (``reserve``; a further pass starts each page with at least
    that much), the page count and the KPI rows drawn."""

    anchors: dict[str, int] = field(default_factory=dict)
    notes: dict[int, list[int]] = field(default_factory=dict)
    needs: dict[int, float] = field(default_factory=dict)
    reserve: dict[int, float] = field(default_factory=dict)
    pages: int = 0
    rows: set[str] = field(default_factory=set)  # ids of the KPI rows actually drawn


def _hex(c: str) -> colors.Color:
    return colors.HexColor("#" + c)


class _Styles:
    """Paragraph styles derived from the layout, one place."""

    def __init__(self, layout: Layout, fonts: Fonts):
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
        self.note = ParagraphStyle("note", base, fontSize=layout.font_size - 1.5,
                                   leading=(layout.font_size - 1.5) * 1.2, leftIndent=4 * mm,
                                   firstLineIndent=-4 * mm)
        self.furniture = ParagraphStyle("furniture", base, fontSize=layout.font_size - 1,
                                        textColor=_hex(c["neutral"]))


class _PaperTemplate(BaseDocTemplate):
    """A doc template that records anchors and notes, shortens frames for footnotes and draws them."""

    def __init__(self, buf, *, layout: Layout, doc: Document, fonts: Fonts, styles: _Styles,
                 previous: Passes, **kw):
        super().__init__(buf, **kw)
        self.layout, self.paper, self.fonts, self.st, self.previous = layout, doc, fonts, styles, previous
        self.now = Passes()
        self.notes_by_number: dict[int, Note] = {n.number: n for n in doc.notes}
        self.paper_forms = [TOTAL_FORM] + [_page_form(e.anchor) for e in doc.contents]
        self.furniture = doc.furniture
        self.note_heights = {n: self._note_paragraph(n).wrap(self.width, self.height)[1] for n in
                             self.notes_by_number}
        self.drawn_notes: set[int] = set()
        self.page_reserved = 0.0
        frame = _NotesFrame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                            leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        frame.doc = self
        self._base = (frame._y1, frame._height)
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self._furniture)])

    # -- the pass's records, fed by <onDraw> callbacks
    def handle_documentBegin(self):
        super().handle_documentBegin()
        self.canv.setNamedCB("bp_anchor", self._anchor)
        self.canv.setNamedCB("bp_note", self._note)
        self.canv.setNamedCB("bp_row", lambda canv, kind, label: self.now.rows.add(label))
        from ._status_pdf import ROW_ANCHOR_CB, on_row_anchor
        self.canv.setNamedCB(ROW_ANCHOR_CB, on_row_anchor)  # the status summary's links land on the rows
        self.canv.showOutline()

    def _anchor(self, canv, kind, label):
        level, key, title = label.split("|", 2)
        page = canv.getPageNumber()
        self.now.anchors.setdefault(key, page)
        canv.bookmarkHorizontal(key, 0, canv._curr_tx_info["cur_y"] + canv._curr_tx_info["leading"])
        canv.addOutlineEntry(title, key, level=int(level) - 1, closed=False)

    def _note(self, canv, kind, label):
        self.now.notes.setdefault(canv.getPageNumber(), []).append(int(label))
        self.drawn_notes.add(int(label))

    # -- footnote space
    def _note_paragraph(self, number: int) -> Paragraph:
        return Paragraph(note_markup(self.notes_by_number[number], self.fonts, self.layout), self.st.note)

    def notes_height(self, numbers) -> float:
        """The space a page's footnotes take: the notes, the rule and the gaps around it."""
        return sum(self.note_heights[n] for n in numbers) + 2 * NOTE_GAP if numbers else 0.0

    def extra_note_space(self, flowable) -> float:
        """How much more footnote space this page needs if ``flowable`` is placed on it."""
        new = [n for n in notes_in(flowable) if n not in self.drawn_notes]
        if not new:
            return 0.0
        total = self.notes_height(self.now.notes.get(self.page, []) + new)
        return max(0.0, total - self.page_reserved)

    # -- frames start shortened by the footnote space a previous pass found lacking
    def handle_pageBegin(self):
        super().handle_pageBegin()
        reserve = self.page_reserved = self.previous.reserve.get(self.page, 0.0)
        y1, height = self._base
        for f in self.pageTemplate.frames:
            f._y1, f._height = y1 + reserve, height - reserve
            f._geom()

    def afterPage(self):
        self.now.needs[self.page] = self._draw_notes(self.canv, self.now.notes.get(self.page, []))
        self.now.reserve[self.page] = self.page_reserved

    def _draw_notes(self, canv, numbers: list[int]) -> float:
        """Draw this page's footnotes above the bottom margin; return the height they need."""
        if not numbers:
            return 0.0
        paras = [self._note_paragraph(n) for n in numbers]
        sizes = [p.wrap(self.width, self.height) for p in paras]
        total = self.notes_height(numbers)
        y = self.bottomMargin + total - NOTE_GAP
        canv.saveState()
        canv.setStrokeColor(_hex(self.layout.colours["neutral"]))
        canv.setLineWidth(0.5)
        canv.line(self.leftMargin, y, self.leftMargin + 50 * mm, y)
        canv.restoreState()
        y -= NOTE_GAP
        for p, (_, h) in zip(paras, sizes):
            p.drawOn(canv, self.leftMargin, y - h)
            y -= h
        return total

    def _furniture(self, canv, _doc):
        canv.saveState()
        w, h = self.pagesize
        st = self.st.furniture
        canv.setFont(st.fontName, st.fontSize)
        canv.setFillColor(st.textColor)
        top = h - self.topMargin + 4 * mm
        f = self.furniture
        if f.header:
            canv.drawRightString(w - self.rightMargin, top, f.header)
        bottom = self.bottomMargin - 7 * mm
        if f.footer:
            canv.drawString(self.leftMargin, bottom, f.footer)
        label = f"{f.page_before}{self.page}{f.page_middle}"
        widest = f"{f.page_before}0000{f.page_middle}0000{f.page_after}"
        x = w - self.rightMargin - canv.stringWidth(widest, st.fontName, st.fontSize)
        canv.drawString(x, bottom, label)
        canv.translate(x + canv.stringWidth(label, st.fontName, st.fontSize), bottom)
        canv.doForm(TOTAL_FORM)
        canv.restoreState()

    def _endBuild(self):
        """Define the page-number forms once every page is known, then save."""
        self._doSave = 0
        super()._endBuild()
        st = self.st
        numbers = {TOTAL_FORM: (f"{self.page}{self.furniture.page_after}", st.furniture, False)}
        numbers.update({_page_form(k): (str(v), st.tocnum, True) for k, v in self.now.anchors.items()})
        for name in self.paper_forms:
            text, style, right = numbers.get(name, ("", st.tocnum, True))
            self.canv.beginForm(name, -100, -5, 100, 20)
            self.canv.setFont(style.fontName, style.fontSize)
            self.canv.setFillColor(style.textColor)
            (self.canv.drawRightString if right else self.canv.drawString)(0, 0, text)
            self.canv.endForm()
        self.canv.save()


def note_markup(note: Note, fonts: Fonts, layout: Layout) -> str:
    """A footnote: its number (the target of the marker's link), the source text, and the URL as a link."""
    s = note.source
    text = markup(s.text, fonts)
    head = f'<a name="bp_fn{note.number}"/>{note.number}\u00a0\u00a0'
    if s.url:
        href = quoteattr(s.url)
        colour = layout.colours["link"]
        return (f'{head}<a href={href} color="#{colour}"><u>{text}</u></a> '
                f'<a href={href} color="#{colour}">{escape(s.url)}</a>')
    return head + text


def notes_in(flowable) -> tuple[int, ...]:
    """The footnote numbers whose markers ``flowable`` (a scorecard table or part of one) carries."""
    out: list[int] = []
    for row in getattr(flowable, "_cellvalues", ()):
        for cell in row:
            for item in cell if isinstance(cell, (list, tuple)) else (cell,):
                out.extend(getattr(item, "bp_notes", ()))
    return tuple(out)


class _NotesFrame(Frame):
    """A frame that, before placing a flowable, raises its bottom by the footnote space the
    flowable's notes will take on this page (``doc.extra_note_space``), and keeps it if placed."""

    doc = None  # the _PaperTemplate, set when the template is made

    def add(self, flowable, canv, trySplit=0):
        extra = self.doc.extra_note_space(flowable) if self.doc is not None else 0.0
        self._y1p += extra
        placed = Frame.add(self, flowable, canv, trySplit)
        if placed:
            self.doc.page_reserved += extra
        else:
            self._y1p -= extra
        return placed

    _add = add


class ScorecardTable(Table):
    """A Table that keeps rows whole, except a row taller than a whole frame, which it splits
    inside the row rather than fail (reportlab would raise LayoutError); and that splits so that
    its first part fits together with the footnotes that part carries."""

    def split(self, availWidth, availHeight):
        parts = self._split_rows(availWidth, availHeight)
        doc = getattr(getattr(self, "_frame", None), "doc", None)
        for _ in range(8):
            if not parts or doc is None:
                return parts
            extra = doc.extra_note_space(parts[0])
            height = parts[0].wrap(availWidth, availHeight)[1]
            if height + extra <= availHeight + 0.01:
                return parts
            parts = self._split_rows(availWidth, availHeight - extra)
        return parts

    def _split_rows(self, availWidth, availHeight):
        if availHeight <= 0:
            return []
        self.splitInRow = 0
        parts = super().split(availWidth, availHeight)
        frame = getattr(self, "_frame", None)
        if parts or frame is None or not frame._atTop:
            return parts
        self.splitInRow = 1
        try:
            return super().split(availWidth, availHeight)
        finally:
            self.splitInRow = 0


class _Story:
    """Builds the flowables of one pass."""

    def __init__(self, doc: Document, layout: Layout, fonts: Fonts, styles: _Styles):
        self.doc, self.layout, self.fonts, self.st = doc, layout, fonts, styles
        self.link = layout.colours["link"]

    def t(self, text: str) -> str:
        return markup(text, self.fonts)

    def anchor(self, level: int, key: str, title: str) -> str:
        label = f"{level}|{key}|{title}"
        return f"<onDraw name=\"bp_anchor\" label={quoteattr(label)}/>"

    def flowables(self) -> list:
        out = self.cover() + self.contents()
        if self.doc.summary is not None:
            from ._status_pdf import summary_flowables
            out.extend(summary_flowables(self))
        for s in self.doc.sections:
            out.extend(self.section(s))
        return out

    def cover(self) -> list:
        """The cover lines as composed, each role in its style."""
        st = self.st
        styles = {"reference": st.label, "meeting": st.label, "title": st.title, "purpose_heading": st.label,
                  "purpose": st.purpose}
        out = []
        for line in self.doc.cover.lines:
            style = styles.get(line.role, st.cover)
            if line.role == "title":
                text = f"{self.t(line.label)} {self.t(line.text)}".strip()
            elif line.label:
                text = f"<b>{self.t(line.label)}</b> {self.t(line.text)}"
            else:
                text = self.t(line.text)
            bullet = {"bulletText": f"{line.number}."} if line.role == "purpose" else {}
            out.append(Paragraph(text, style, **bullet))
        return out

    def contents(self) -> list:
        st = self.st
        rows = []
        for e in self.doc.contents:
            link = f'<a href="#{e.anchor}" color="#{self.link}">'
            rows.append([Paragraph(f"{link}{self.t(e.title)}</a>", st.toc1 if e.level == 1 else st.toc2),
                         _PageNumber(e.anchor, st.tocnum.leading, st.tocnum.leading * 0.25)])
        table = Table(rows, colWidths=[self.layout.frame_width * mm - 20 * mm, 20 * mm], repeatRows=0)
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                                   ("FONTNAME", (0, 0), (-1, -1), self.fonts.name),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("TOPPADDING", (0, 0), (-1, -1), 0.6),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 0.6),
                                   ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#DDDDDD"))]))
        return [Spacer(1, 4 * mm), Paragraph(self.t(self.doc.properties.contents_label), st.h1), table, PageBreak()]

    def section(self, s: Section) -> list:
        heading = Paragraph(self.anchor(1, s.anchor, s.title) + self.t(s.title), self.st.h1)
        return [CondPageBreak(45 * mm), heading, self.table(s), Spacer(1, 5 * mm)]

    def kpi_cell(self, row: Row) -> Paragraph:
        marks = "<super>,</super>".join(  # a comma between markers, as in the DOCX: 7,8 not 78
            f'<super><a href="#bp_fn{n.number}" color="#{self.link}">{n.number}</a></super>'
            f'<onDraw name="bp_note" label="{n.number}"/>' for n in row.notes)
        drawn = f"<onDraw name=\"bp_row\" label={quoteattr(row.id)}/>"
        if self.doc.summary is not None:
            from ._status_pdf import row_anchor
            drawn += row_anchor(row)
        paragraph = Paragraph(drawn + self.t(row.kpi) + marks, self.st.cell)
        paragraph.bp_notes = tuple(n.number for n in row.notes)
        return paragraph

    def value_cell(self, row: Row, key: str, chart_key: str):
        if key == "status":
            from ._status_pdf import status_cell
            return status_cell(self, row) or ""
        text = row.value(key)
        cell = [Paragraph(self.t(text), self.st.cell)] if text else []
        if row.chart is not None and key == chart_key:
            cell.append(self.chart(row))
        return cell or ""

    def chart(self, row: Row):
        from ..charts import chart_drawing

        return chart_drawing(row.chart, self.layout, font=self.fonts.name)

    def table(self, s: Section):
        layout, st = self.layout, self.st
        cols = s.columns
        total = sum(c.width for c in cols)
        widths = [layout.frame_width * mm * c.width / total for c in cols]
        keys = [c.key for c in cols]
        chart_key = s.chart_column
        merged = layout.tables == "merged"
        data = [[Paragraph(self.t(c.label), st.header) for c in cols]]
        commands = [("BACKGROUND", (0, 0), (-1, 0), _hex(layout.colours["header_fill"])),
                    ("GRID", (0, 0), (-1, -1), 0.5, _hex(layout.colours["border"])),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("FONTNAME", (0, 0), (-1, -1), self.fonts.name),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
        group_of = {}
        for g in s.groups:
            for i in range(g.first, g.first + g.count):
                group_of[i] = g
        for i, row in enumerate(s.rows):
            cells = []
            for key in keys:
                if key == "sub_objective":
                    g = group_of.get(i)
                    if g is None:
                        cells.append("")
                    elif g.first == i:
                        cells.append(Paragraph(self.anchor(2, g.anchor, g.title) + self.t(g.title), st.group))
                    else:
                        cells.append("" if merged else Paragraph(self.t(g.title), st.group))
                elif key == "kpi":
                    kpi = self.kpi_cell(row)
                    cells.append([kpi, self.chart(row)] if row.chart is not None and chart_key == "kpi" else kpi)
                else:
                    cells.append(self.value_cell(row, key, chart_key))
            data.append(cells)
        if "sub_objective" in keys:
            col = keys.index("sub_objective")
            for g in s.groups:
                r0, r1 = g.first + 1, g.first + g.count
                commands.append(("BACKGROUND", (col, r0), (col, r1), _hex(layout.colours["group_fill"])))
                if merged and g.count > 1:
                    commands.append(("SPAN", (col, r0), (col, r1)))
        table = ScorecardTable(data, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle(commands))
        return table


def _canvas_class(doc: Document):
    """A canvas whose link annotations say in words where they go (``/Contents``), for screen readers."""
    from reportlab.pdfbase.pdfdoc import PDFString
    from reportlab.pdfgen.canvas import Canvas

    titles = {e.anchor: f"Go to {e.title}" for e in doc.contents}
    titles.update({r.anchor: f"Go to {r.kpi}" for s in doc.sections for r in s.rows if r.anchor})
    titles.update({f"bp_fn{n.number}": f"Go to footnote {n.number}: {n.source.text}" for n in doc.notes})

    class LinkDescribingCanvas(Canvas):
        def linkRect(self, contents, destinationname, *args, **kw):
            return super().linkRect(contents or titles.get(destinationname, f"Go to {destinationname}"),
                                    destinationname, *args, **kw)

        def linkURL(self, url, rect, *args, **kw):
            kw.setdefault("Contents", PDFString(f"Open {url}"))
            return super().linkURL(url, rect, *args, **kw)

    return LinkDescribingCanvas


def _build_pass(doc: Document, layout: Layout, fonts: Fonts, styles: _Styles, previous: Passes) -> tuple[bytes, Passes]:
    """One layout pass, with the frames shortened by ``previous``'s footnote space. Flowables are
    made anew each pass: platypus mutates them while laying out."""
    buf = io.BytesIO()
    w, h = layout.page_size
    top, right, bottom, left = layout.margins
    tpl = _PaperTemplate(
        buf, layout=layout, doc=doc, fonts=fonts, styles=styles, previous=previous,
        pagesize=(w * mm, h * mm), leftMargin=left * mm, rightMargin=right * mm, topMargin=top * mm,
        bottomMargin=bottom * mm, title=doc.properties.title,
        author=doc.properties.author, subject=doc.properties.subject,
        keywords=list(doc.properties.keywords), creator="boardpaper", producer="boardpaper (reportlab)",
        invariant=1, lang=doc.properties.language, displayDocTitle=1, initialFontName=fonts.name,
        initialFontSize=layout.font_size)
    story = _Story(doc, layout, fonts, styles).flowables()
    tpl.build(story, canvasmaker=_canvas_class(doc))
    tpl.now.pages = tpl.page
    return buf.getvalue(), tpl.now


def _stable(b: Passes) -> bool:
    """Pass ``b`` is final: every page reserved the space its notes need."""
    return all(need <= b.reserve.get(p, 0) + 0.01 for p, need in b.needs.items())


def layout_pdf(doc: Document, layout: Layout) -> tuple[bytes, Passes]:
    """The PDF bytes and what the final pass recorded (anchor → page, notes per page, page count)."""
    fonts = register(layout.font)
    styles = _Styles(layout, fonts)
    previous = Passes()
    for _ in range(MAX_PASSES):
        pdf, now = _build_pass(doc, layout, fonts, styles, previous)
        if _stable(now):
            return pdf, now
        # reserve from the page's start what it lacked; the space only grows, so passes converge
        now.reserve = {p: max(now.needs.get(p, 0), previous.reserve.get(p, 0))
                       for p in set(now.needs) | set(previous.reserve)}
        previous = now
    return pdf, now


def write_pdf(doc: Document, layout: Layout) -> bytes:
    """The paper as PDF bytes: embedded fonts, linked contents and outline, page-bottom footnotes."""
    return layout_pdf(doc, layout)[0]
