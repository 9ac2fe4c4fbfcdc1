"""The PDF's exception reports (after the KPI tables) and the summary matrix (on the summary page).

Hooks: :func:`exception_flowables` at the end of the story, :func:`matrix_flowables` in the summary,
:func:`report_link` after a KPI's text in its row and its summary line. Each report heading is an
outline entry nested under the section's (level 2 under level 1) and a contents entry.
"""
from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, PageBreak, Spacer, Table, TableStyle

from ...model import ExceptionReport, NarrativeBlock
from ...charts.full_size import full_drawing
from ...charts.status_icons import Palette
from .bidi import BidiParagraph as Paragraph
from .headings import SUMMARY_ICON, IconWords, _anchored, _h2

REPORT_ICON = 4.5 * mm


def report_link(story, anchor: str) -> str:
    """Markup for the link from a KPI's row or summary line to its report ('' for no report)."""
    if not anchor or story.doc.exceptions is None:
        return ""
    return f'<br/><a href="#{anchor}" color="#{story.link}"><u>{story.t(story.doc.exceptions.link)}</u></a>'


def _h3(story) -> ParagraphStyle:
    lay = story.layout
    size = max(lay.font_size + 0.5, 7)
    return ParagraphStyle("h3", story.st.body, fontName=story.fonts.bold, fontSize=size, leading=size * 1.25,
                          textColor=colors.HexColor("#" + lay.colours["heading"]), spaceBefore=2.5 * mm,
                          spaceAfter=1 * mm)


def exception_flowables(story) -> list:
    """A new page, the section heading (outline level 1) and its introduction, then each report."""
    ex = story.doc.exceptions
    if ex is None:
        return []
    out: list = [PageBreak(), _anchored(story.t(ex.title), story.st.h1, (1, ex.anchor, ex.title)),
                 Paragraph(story.t(ex.intro), story.st.body)]
    for i, report in enumerate(ex.reports):
        out += _report(story, report, first=i == 0)
    return out


def _report(story, r: ExceptionReport, first: bool) -> list:
    st, lay = story.st, story.layout
    body = ParagraphStyle("narrative", st.body, spaceAfter=1.2 * mm)
    head = [_anchored(story.t(r.title), _h2(story), (2, r.anchor, r.title))]
    facts = [Paragraph("  ·  ".join(f"<b>{story.t(f.label)}</b> {story.t(f.text)}" for f in r.facts), body),
             Paragraph(story.t(r.reasons), body)]
    pairs = r.icons
    if pairs:
        palette = Palette.of(lay)
        facts.append(Table([[IconWords(k, w, palette, st.cell, REPORT_ICON, story.t) for k, w in pairs]],
                           colWidths=[60 * mm] * len(pairs), hAlign="LEFT",
                           style=TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0),
                                             ("FONTNAME", (0, 0), (-1, -1), story.fonts.name),
                                             ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])))
    out: list = [CondPageBreak((r.chart.size[1] + 40) * mm if r.chart else 60 * mm)]
    chart: list = []
    if r.chart is not None:

        key = ParagraphStyle("chartkey", st.cell, fontSize=max(lay.font_size - 1.5, 7),
                             leading=max(lay.font_size - 1.5, 7) * 1.25, textColor=colors.HexColor(
                                 "#" + lay.colours["neutral"]))
        chart = [Spacer(1, 1.5 * mm), full_drawing(r.chart, lay, story.fonts.name)]
        chart += [Paragraph(story.t(line), key) for line in r.chart_key]
    out += head + facts + chart  # the CondPageBreak above keeps them on one page
    for section in r.narrative:
        out += [CondPageBreak(18 * mm), Paragraph(story.t(section.heading), _h3(story))]  # not alone at a foot
        for entry in section.entries:
            out += [p for b in entry.blocks for p in _block(story, b, body)]
    if r.placeholder:
        out.append(Paragraph(f"<i>{story.t(r.placeholder)}</i>", body))
    links = [f'<a href="#{r.row_anchor}" color="#{story.link}"><u>{story.t(r.back_to_row)}</u></a>']
    if r.line_anchor:
        links.append(f'<a href="#{r.line_anchor}" color="#{story.link}"><u>{story.t(r.back_to_summary)}</u></a>')
    out += [Paragraph("   ".join(links), body), Spacer(1, 4 * mm)]
    return out


def _block(story, b: NarrativeBlock, style: ParagraphStyle) -> list:
    """A paragraph (line breaks kept), or one bulleted paragraph per list item (a platypus
    ListFlowable deep-copies the frame, which holds this document's callbacks)."""
    if b.kind == "list":
        item = ParagraphStyle("item", style, leftIndent=5 * mm, bulletIndent=1 * mm, spaceAfter=0.6 * mm)
        return [Paragraph(story.t(line), item, bulletText="•") for line in b.lines]
    return [Paragraph(story.t("\n".join(b.lines)), style)]


def matrix_flowables(story) -> list:
    """The summary matrix: a heading (contents level 2, outline entry) and a table whose header row
    names the variation readings and whose first column names the assurance readings."""
    s = story.doc.summary
    m = s.matrix if s is not None else None
    if m is None:
        return []
    st, lay = story.st, story.layout
    icons = dict(m.icons)
    palette = Palette.of(lay)

    def header(text: str, style):
        if text in icons:
            return IconWords(icons[text], text, palette, style, SUMMARY_ICON, story.t)
        return Paragraph(story.t(text), style)

    row_head = ParagraphStyle("mrow", st.cell, fontName=story.fonts.bold)
    entry = ParagraphStyle("mentry", st.cell, spaceAfter=2)  # KPIs in a cell told apart
    data = [[Paragraph(story.t(m.corner), st.header)] + [header(c, st.header) for c in m.columns]]
    for label, cells in zip(m.rows, m.cells):
        row = [header(label, row_head)]
        for entries in cells:
            row.append([Paragraph(f'<a href="#{e.anchor}" color="#{story.link}">{story.t(e.kpi)}</a>', entry)
                        for e in entries] or "")
        data.append(row)
    width = lay.frame_width * mm
    first = width * 0.16
    widths = [first] + [(width - first) / len(m.columns)] * len(m.columns)
    # splitInRow: a cell listing more KPIs than a page holds continues on the next page
    table = Table(data, colWidths=widths, repeatRows=1, splitInRow=1)
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#" + lay.colours["header_fill"])),
        ("BACKGROUND", (0, 1), (0, -1), colors.HexColor("#" + lay.colours["group_fill"])),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#" + lay.colours["border"])),
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), story.fonts.name),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]))
    return [Spacer(1, 2 * mm), _anchored(story.t(m.title), _h2(story), (2, m.anchor, m.title)), table,
            Spacer(1, 2 * mm)]
