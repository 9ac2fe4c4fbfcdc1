"""The PDF's statistical process control status: icons with their words in the status column, and
the summary after the contents (a linked table of every KPI, the counts, the key).

Hooks in :mod:`.story`: ``status_cell`` for a status cell, ``summary_flowables`` after the
contents; a KPI row's named destination is its KPI paragraph's ``bp_dest``.
"""
from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, PageBreak, Spacer, Table, TableStyle

from ...model import NO_READING, STATUS_KEY, Row
from ...charts.status_icons import Palette
from .bidi import BidiParagraph as Paragraph  # right-to-left lines in visual order
from .exceptions import matrix_flowables, report_link
from .headings import CELL_ICON, SUMMARY_ICON, IconWords, _anchored, _h2  # noqa: F401 (shared with the reports)
from .table import Marked


class _KeepBlock(CondPageBreak):
    """A page break unless ``block`` fits below (a block taller than a page is not moved)."""

    def __init__(self, block: list, page: float):
        super().__init__(0)
        self.block, self.page = block, page

    def wrap(self, availWidth, availHeight):
        height = sum(f.wrap(availWidth, availHeight)[1] + f.getSpaceBefore() + f.getSpaceAfter()
                     for f in self.block)
        self.height = height if height < self.page else 0
        return super().wrap(availWidth, availHeight)


def _palette(story) -> Palette:
    return Palette.of(story.layout)


def status_cell(story, row: Row) -> list:
    """The flowables of ``row``'s status cell: one icon with its words per reading word; the
    plain text when the row has a status value but no icon."""
    pairs = row.icons
    if not pairs:
        text = row.value(STATUS_KEY)
        return [Paragraph(story.t(text), story.st.cell)] if text else []
    return [IconWords(key, words, _palette(story), story.st.cell, CELL_ICON, story.t) for key, words in pairs]


def summary_flowables(story) -> list:
    """The summary: heading (a contents entry), the counts, a table of every KPI linked to its row
    (section, KPI, latest figure, variation or direction, assurance), then the key; a page break."""
    doc, st = story.doc, story.st
    s = doc.summary
    out: list = [story.space_after_break(), _anchored(story.t(s.title), st.h1, (1, s.anchor, s.title))]
    counts = ParagraphStyle("counts", st.cell, spaceAfter=0.8 * mm)
    for group, got in s.count_lines:
        out.append(Paragraph(f"<b>{story.t(group)}:</b> " + story.t(got),
                             counts))
    out += [Spacer(1, 2 * mm), _summary_table(story), Spacer(1, 2 * mm)]
    if s.matrix is not None:
        out += matrix_flowables(story)
    # the key stays whole, with its heading (as the DOCX's keep-with-next lines): never a page of its tail
    block: list = [_anchored(story.t(s.key_title), _h2(story), (2, s.key_anchor, s.key_title))]
    key = ParagraphStyle("key", st.cell, spaceAfter=1, leftIndent=3 * mm, bulletIndent=0)
    block += [Paragraph(story.t(line), key, bulletText="•") for line in s.key]
    block += [Spacer(1, 1.5 * mm), *_legend(story)]
    return out + [_KeepBlock(block, story.place.frame_height), *block, PageBreak()]


def _summary_table(story) -> Table:
    doc, st, lay = story.doc, story.st, story.layout
    cols = doc.summary.columns
    total = sum(cols.widths)
    widths = [lay.frame_width * mm * w / total for w in cols.widths]
    palette = _palette(story)
    data = [[Paragraph(story.t(label), st.header) for label in cols.labels]]
    commands = [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#" + lay.colours["header_fill"])),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#" + lay.colours["border"])),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("FONTNAME", (0, 0), (-1, -1), story.fonts.name),
                ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 1), (-1, -1), 1.2), ("BOTTOMPADDING", (0, 1), (-1, -1), 1.2)]
    link = lay.colours["link"]
    for section, entries in doc.summary.runs():
        first = len(data)
        for i, e in enumerate(entries):
            kpi = Marked(f'<a href="#{e.anchor}" color="#{link}">{story.t(e.kpi)}</a>' + report_link(story, e.report),
                         st.cell)
            kpi.bp_dest = e.line_anchor if e.report else ""  # the exception report links back to this line
            icon_cells = [[IconWords(k, w, palette, st.cell, SUMMARY_ICON, story.t) for k, w in pairs] or ""
                          for pairs in cols.cells(e)]
            if e.reading is None:
                icon_cells[0] = Paragraph(story.t(NO_READING), st.cell)
            data.append([Paragraph(story.t(section), st.group) if i == 0 else "", kpi,
                         Paragraph(story.t(e.latest), st.cell), *icon_cells])
        commands.append(("BACKGROUND", (0, first), (0, len(data) - 1), colors.HexColor("#" + lay.colours["group_fill"])))
        commands.append(("VALIGN", (0, first), (0, len(data) - 1), "TOP"))
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(commands))
    return table


def _legend(story) -> list:
    """Every icon with its words and what its shapes say, one to a line (as in the DOCX, which
    lays out no columns without section breaks)."""
    st = story.st
    palette = _palette(story)
    style = ParagraphStyle("legend", st.cell)
    return [IconWords(k, f"<b>{story.t(words)}</b> – {story.t(text)}", palette, style,
                      SUMMARY_ICON, lambda x: x, space_after=1) for k, words, text in story.doc.summary.legend]
