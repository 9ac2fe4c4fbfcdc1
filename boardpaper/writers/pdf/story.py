"""The flowables of a PDF paper: cover, contents, one heading and scorecard table per section.

Text from the spreadsheet is set literally (:func:`._fonts.markup`) with words too long for their
box broken (:mod:`.word_breaks`); markers and row records go at the end of a paragraph, anchors are
drawn by :class:`._pdf_table.Marked` (reportlab cannot split a long word after a zero-width
fragment).
"""
from __future__ import annotations

from xml.sax.saxutils import quoteattr

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer, TableStyle

from ...layout import Layout
from ...model import Document, Group, Row, Section
from .word_breaks import break_long_words
from ...fonts.embedded import Fonts, markup, measuring_fallback
from .bidi import BidiParagraph as Paragraph  # right-to-left lines in visual order
from .chart_key import pdf_flowables
from .exceptions import exception_flowables, report_link
from .status import status_cell, summary_flowables
from .table import HangingLabel, Marked, Placement, ScorecardTable
from ...charts import chart_drawing
from ...charts.words import chart_notes

PAD = 1.2 * mm  # cell padding on every side, as the DOCX's cell margins
CHART_GAP = 2  # points above a chart in its cell (the DOCX's chart paragraph's space before)
TOTAL_FORM = "bp_pages"  # "Page N of M": M is drawn from a form defined after the last page


class KeepWithTable(CondPageBreak):
    """A page break before a heading unless its table can start below it (and at least 45 mm are
    left); never at the top of a page."""

    def __init__(self, heading: Flowable, table: ScorecardTable, place: Placement):
        super().__init__(45 * mm)
        self.heading, self.table, self.place = heading, table, place

    def wrap(self, availWidth, availHeight):
        if self.place.at_top():
            return 0, 0
        heading = self.heading.wrap(availWidth, availHeight)[1] + self.heading.getSpaceBefore()
        starts = self.table.starts_in(availWidth, availHeight - heading)
        self.height = 45 * mm if starts else availHeight + 1
        return super().wrap(availWidth, availHeight)


def _hex(c: str) -> colors.Color:
    return colors.HexColor("#" + c)


def _page_form(anchor: str) -> str:
    """The form XObject that shows the page number of ``anchor``, defined after the last page."""
    return f"bp_pg_{anchor}"


class _ContentsLine(Flowable):
    """A contents entry: its title, then a leader and its page number at the right edge, the whole
    line a link to its anchor. The number is a reference to a form filled in when the pass ends
    (so printed numbers are those of the pass that drew them); where the title's last line ends is
    recorded in ``leaders`` (anchor → distance from the right edge) for the form's leader."""

    def __init__(self, paragraph: Paragraph, anchor: str, room: float, leaders: dict[str, float]):
        super().__init__()
        self.paragraph, self.anchor, self.room, self.leaders = paragraph, anchor, room, leaders

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self.height = self.paragraph.wrap(availWidth - self.room, availHeight)[1]
        return self.width, self.height

    def getSpaceAfter(self):
        return self.paragraph.getSpaceAfter()

    def getSpaceBefore(self):
        return self.paragraph.getSpaceBefore()

    def _last_line(self) -> tuple[float, float]:
        """Where the title's last line ends (x) and its baseline (y), in this flowable's space."""
        p, style = self.paragraph, self.paragraph.style
        lines = p.blPara.lines
        last = lines[-1] if lines else None
        extra = getattr(last, "extraSpace", None) if last is not None else 0.0
        if extra is None:
            extra = last[0]
        end = self.width - self.room - extra
        baseline = self.height - style.fontSize - (len(lines) - 1) * style.leading
        return end, baseline

    def draw(self):
        self.canv.linkRect("", self.anchor, (0, 0, self.width, self.height), relative=1)
        self.paragraph.drawOn(self.canv, 0, 0)
        end, baseline = self._last_line()
        self.leaders[self.anchor] = self.width - end
        self.canv.saveState()
        self.canv.translate(self.width, baseline)
        self.canv.doForm(_page_form(self.anchor))
        self.canv.restoreState()


class Story:
    """Builds the flowables of the pass."""

    def __init__(self, doc: Document, layout: Layout, fonts: Fonts, styles, place: Placement):
        self.doc, self.layout, self.fonts, self.st, self.place = doc, layout, fonts, styles, place
        self.link = layout.colours["link"]
        self.width = layout.frame_width * mm

    def t(self, text: str, width: float | None = None, style: ParagraphStyle | None = None) -> str:
        """``text`` as literal markup, with words longer than ``width`` points broken."""
        style = style or self.st.cell
        text = break_long_words(text, self.width if width is None else width, style.fontName, style.fontSize,
                                fallback=measuring_fallback(self.fonts), covered=self.fonts.covered,
                                lang=self.doc.properties.language)
        return markup(text, self.fonts, bold=style.fontName == self.fonts.bold)

    def flowables(self) -> list:
        out = self.cover() + self.contents()
        if self.doc.summary is not None:
            out.extend(summary_flowables(self))
        for i, s in enumerate(self.doc.sections):
            if i == 0:  # after a page break Word keeps a heading's space above; so does the PDF
                out.append(self.space_after_break())
            out.extend(self.section(s))
        if self.doc.exceptions is not None:
            out.extend(exception_flowables(self))
        return out

    def space_after_break(self) -> Spacer:
        """A heading's space above, at the top of a page begun by a page break (platypus drops a
        paragraph's space before at a page's top; Word and LibreOffice keep it after a break)."""
        return Spacer(1, self.doc.look.heading_space[0])

    def cover(self) -> list:
        """The cover lines as composed, each role in its style (bold where the look says)."""
        st = self.st
        strong = self.doc.look.cover_bold
        styles = {"title": st.title, "purpose_heading": st.label}
        out = []
        for line in self.doc.cover.lines:
            style = styles.get(line.role) or (st.purpose if line.role == "purpose" else st.cover)
            if line.role in strong and line.role != "title":
                style = ParagraphStyle(f"{style.name}-strong", style, fontName=self.fonts.bold)
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
        """The contents heading and one line per entry, with the look's leader and colour."""
        st = self.st
        room = 12 * mm  # kept for the leader's end and the page number
        leaders = self.place.leaders if hasattr(self.place, "leaders") else {}
        out: list = [Paragraph(self.t(self.doc.properties.contents_label, None, st.h1), st.h1)]
        for e in self.doc.contents:
            style = st.toc1 if e.level == 1 else st.toc2
            text = self.t(e.title, self.width - room - style.leftIndent, style)
            out.append(_ContentsLine(Paragraph(text, style), e.anchor, room, leaders))
        return out + [PageBreak(), *pdf_flowables(self)]  # the key: on top of page 2

    def section(self, s: Section) -> list:
        heading = Marked(self.t(s.title, None, self.st.h1), self.st.h1)
        heading.bp_anchor = (1, s.anchor, s.title)
        table = self.table(s)
        return [KeepWithTable(heading, table, self.place), heading, table]

    def kpi_cell(self, row: Row, width: float) -> Marked:
        marks = "<super>,</super>".join(  # a comma between markers, as in the DOCX: 7,8 not 78
            f'<super><a href="#{n.anchor}" color="#{self.link}">{n.number}</a></super>'
            f'<onDraw name="bp_note" label="{n.number}"/>' for n in row.notes)
        drawn = f"<onDraw name=\"bp_row\" label={quoteattr(row.id)}/>"  # at the end: reportlab's long-word
        if row.report:  # the link to the row's exception report, on a line of its own
            marks += report_link(self, row.report)
        paragraph = Marked(self.t(row.kpi, width) + marks + drawn, self.st.cell)  # split fails on a leading one
        if row.link_target:  # the status summary links to the row
            paragraph.bp_dest = row.anchor
        paragraph.bp_notes = tuple(n.number for n in row.notes)
        return paragraph

    def value_cell(self, row: Row, key: str, chart_key: str, width: float):
        if key == "status":
            return status_cell(self, row) or ""
        text = row.value(key)
        cell = [Paragraph(self.t(text, width), self.st.cell)] if text else []
        if row.chart is not None and key == chart_key:
            cell += [*self.chart(row), *self.chart_notes(row, width)]
        return cell or ""

    def chart(self, row: Row) -> list:
        """The row's chart, 2 pt below what is above it (as the DOCX's chart paragraph)."""
        return [Spacer(1, CHART_GAP), chart_drawing(row.chart, self.layout, font=self.fonts.name)]

    def chart_notes(self, row: Row, width: float) -> list:
        """The lines under the row's chart (its rebases and numbered notes), one paragraph each."""
        return [Paragraph(self.t(line, width, self.st.chart_note), self.st.chart_note)
                for line in chart_notes(row.chart)]

    def group_label(self, group: Group, width: float, first: bool = False):
        """The label of ``group`` at its first row (``first``) or where it continues on a page. A
        merged group's label hangs over the group's rows (:class:`._pdf_table.HangingLabel`), as
        Word's merged cell does; a group taller than a page, or an accessible table, repeats it."""
        text = group.title if first else (group.continued or group.title)
        label = Marked(self.t(text, width, self.st.group), self.st.group)
        label.bp_anchor = (2, group.anchor, group.title) if first else None
        if self.layout.tables == "merged" and not group.repeat_label:
            return HangingLabel(label, PAD)
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
                    cells.append([kpi, *self.chart(row), *self.chart_notes(row, w)]
                                 if row.chart is not None and chart_key == "kpi" else kpi)
                else:
                    cells.append(self.value_cell(row, key, chart_key, w))
            data.append(cells)
        table = ScorecardTable(data, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle(self.table_style(s, len(cols), sub, merged)))
        table.bp_place, table.bp_section, table.bp_rows = self.place, s, [None, *range(len(s.rows))]
        table.bp_sub_col, table.bp_rule = sub, (self.doc.look.rule, _hex(layout.colours["border"]))
        table.bp_label = lambda g, w=(inner[sub] if sub is not None else 0): self.group_label(g, w)
        return table

    def table_style(self, s: Section, ncols: int, sub: int | None, merged: bool) -> list:
        """Fills, rules and padding. A merged sub-objective has no rules between its rows (it looks
        like one cell but is not a span, so the table can split anywhere)."""
        c = self.layout.colours
        border = (self.doc.look.rule, _hex(c["border"]))
        commands = [("BACKGROUND", (0, 0), (-1, 0), _hex(c["header_fill"])),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("FONTNAME", (0, 0), (-1, -1), self.fonts.name),
                    # an empty cell is one line of table text high (platypus's default: 12 pt)
                    ("FONTSIZE", (0, 0), (-1, -1), self.st.cell.fontSize),
                    ("LEADING", (0, 0), (-1, -1), self.st.cell.leading),
                    ("LEFTPADDING", (0, 0), (-1, -1), PAD), ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
                    ("TOPPADDING", (0, 0), (-1, -1), PAD), ("BOTTOMPADDING", (0, 0), (-1, -1), PAD)]
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
