"""The PDF's statistical process control status: icons with their words in the status column, and
the summary after the contents (a linked table of every KPI, the counts, the key).

Hooks in :mod:`.story`: ``status_cell`` for a status cell, ``summary_flowables`` after the
contents; a KPI row's named destination is its KPI paragraph's ``bp_dest``.
"""
from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer, Table, TableStyle

from ...model import Row
from ...spc.icons import LEGEND, Palette, paint_icon
from ...compose import status as _status
from .bidi import BidiParagraph as Paragraph  # right-to-left lines in visual order

CELL_ICON = 5.0 * mm  # an icon in a status cell
SUMMARY_ICON = 3.5 * mm  # an icon in the summary table and the key
GAP = 1.2 * mm  # between an icon and its words


class IconWords(Flowable):
    """An icon (vector) with its words to its right, wrapping beside it; never split."""

    def __init__(self, key: str, words: str, palette: Palette, style: ParagraphStyle, size: float, markup):
        super().__init__()
        self.key, self.palette, self.size = key, palette, size
        self.para = Paragraph(markup(words), style)

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self._pw, self._ph = self.para.wrap(max(availWidth - self.size - GAP, 12), availHeight)
        self.height = max(self.size, self._ph)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        return []

    def draw(self):
        h, s = self.height, self.size
        self.canv.saveState()
        self.canv.translate(0, h - s)
        paint_icon(self.canv, self.key, self.palette, s)
        self.canv.restoreState()
        y = h - s / 2 - self._ph / 2 if self._ph <= s else h - self._ph  # centred on the icon, else from the top
        self.para.drawOn(self.canv, s + GAP, y)


def _palette(story) -> Palette:
    return Palette.of(story.layout)


def status_cell(story, row: Row) -> list:
    """The flowables of ``row``'s status cell: one icon with its words per reading word; the
    plain text when the row has a status value but no icon."""
    pairs = _status.icons(row.reading)
    if not pairs:
        text = row.value(_status.STATUS_KEY)
        return [Paragraph(story.t(text), story.st.cell)] if text else []
    return [IconWords(key, words, _palette(story), story.st.cell, CELL_ICON, story.t) for key, words in pairs]


def _h2(story) -> ParagraphStyle:
    lay = story.layout
    return ParagraphStyle("h2", story.st.h1, fontSize=lay.heading2_size, leading=lay.heading2_size * 1.25,
                          spaceBefore=3 * mm, spaceAfter=1.5 * mm)


def _anchored(text: str, style: ParagraphStyle, anchor: tuple[int, str, str]):
    """A heading paragraph that records ``anchor`` (level, key, title) as bookmark and outline entry."""
    from .table import Marked

    heading = Marked(text, style)
    heading.bp_anchor = anchor
    return heading


def summary_flowables(story) -> list:
    """The summary: heading (a contents entry), the counts, a table of every KPI linked to its row
    (section, KPI, latest figure, variation or direction, assurance), then the key; a page break."""
    doc, st = story.doc, story.st
    s = doc.summary
    out: list = [_anchored(story.t(s.title), st.h1, (1, s.anchor, s.title))]
    counts = ParagraphStyle("counts", st.cell, spaceAfter=0.8 * mm)
    for group, got in _status.count_lines(s):
        out.append(Paragraph(f"<b>{story.t(group)}:</b> " + story.t(_status.count_text(got)),
                             counts))
    out += [Spacer(1, 2 * mm), _summary_table(story), Spacer(1, 2 * mm)]
    if s.matrix is not None:
        from .exceptions import matrix_flowables
        out += matrix_flowables(story)
    out.append(_anchored(story.t(s.key_title), _h2(story), (2, s.key_anchor, s.key_title)))
    key = ParagraphStyle("key", st.cell, spaceAfter=1 * mm, leftIndent=3 * mm, bulletIndent=0)
    out += [Paragraph(story.t(line), key, bulletText="•") for line in s.key]
    out += [Spacer(1, 1.5 * mm), _legend(story), PageBreak()]
    return out


def _summary_table(story) -> Table:
    doc, st, lay = story.doc, story.st, story.layout
    cols = _status.summary_columns(doc)
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
    for section, entries in _status.summary_runs(doc.summary):
        first = len(data)
        for i, e in enumerate(entries):
            from .exceptions import report_link
            from .table import Marked
            kpi = Marked(f'<a href="#{e.anchor}" color="#{link}">{story.t(e.kpi)}</a>' + report_link(story, e.report),
                         st.cell)
            kpi.bp_dest = e.line_anchor if e.report else ""  # the exception report links back to this line
            icon_cells = [[IconWords(k, w, palette, st.cell, SUMMARY_ICON, story.t) for k, w in pairs] or ""
                          for pairs in _status.entry_cells(e, cols)]
            if e.reading is None:
                icon_cells[0] = Paragraph(story.t(_status.spc.NO_READING), st.cell)
            data.append([Paragraph(story.t(section), st.group) if i == 0 else "", kpi,
                         Paragraph(story.t(e.latest), st.cell), *icon_cells])
        commands.append(("BACKGROUND", (0, first), (0, len(data) - 1), colors.HexColor("#" + lay.colours["group_fill"])))
        commands.append(("VALIGN", (0, first), (0, len(data) - 1), "TOP"))
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(commands))
    return table


def _legend(story) -> Table:
    """Every icon with its words and what its shapes say, three to a row."""
    st, lay = story.st, story.layout
    palette = _palette(story)
    style = ParagraphStyle("legend", st.cell, fontSize=st.cell.fontSize - 0.5, leading=(st.cell.fontSize - 0.5) * 1.2)
    items = [IconWords(k, f"<b>{story.t(_status.spc.ICONS[k])}</b> – {story.t(text)}", palette, style,
                       SUMMARY_ICON, lambda x: x) for k, text in LEGEND.items()]
    per_row = 3
    rows = [items[i:i + per_row] + [""] * (per_row - len(items[i:i + per_row])) for i in range(0, len(items), per_row)]
    table = Table(rows, colWidths=[lay.frame_width * mm / per_row] * per_row)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("FONTNAME", (0, 0), (-1, -1), story.fonts.name),
                               ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    return table
