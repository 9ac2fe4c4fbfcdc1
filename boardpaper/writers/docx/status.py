"""The DOCX's statistical process control status: icons (PNG, the words as alt text) with their
words in the status column, a bookmark per KPI row, and the summary after the contents (a table of
every KPI linked to its row's bookmark, the counts, the key).

Hooks in :mod:`.writer`: ``status_cell`` for a status cell, ``row_bookmark`` in the KPI cell of a row
the paper links to (:attr:`~boardpaper.model.Row.link_target`), ``summary`` after the contents.
"""
from __future__ import annotations

from docx.shared import Mm, Pt, Twips

from ...model import NO_READING, STATUS_KEY, Document, Row
from ...charts.status_icons import Palette, icon_png
from ...manifest import xml_text as _clean  # text as the DOCX holds it (as the writer cleans it)
from . import ooxml as _ooxml, ooxml_icons as _ooxml_icons
from .exceptions import report_link, summary_matrix
from .pages import TWIPS_PER_MM, column_widths

CELL_ICON_MM = 5.0
SUMMARY_ICON_MM = 3.5
GAP_MM = 1.2
ICON_PIXELS = 72  # one PNG per icon, whatever size it is shown at (≈ 365 dpi at 5 mm)


def _icon(ctx, paragraph, key: str, words: str, size_mm: float, tail: str = "") -> None:
    """An inline icon with ``words`` as its alt text, then the words (and ``tail``) raised to sit
    centred on the icon."""

    run = paragraph.add_run()
    png = icon_png(key, Palette.of(ctx.layout), ICON_PIXELS)
    _ooxml.add_picture(run, png, Mm(size_mm), Mm(size_mm), ctx.shape, ctx.wording.say("icon_name", n=ctx.shape),
                       _clean(words), _clean(words), ctx.images)
    ctx.shape += 1
    _ooxml_icons.set_picture_margins(run)
    # the words after a tab, wrapping under themselves (a hanging indent the icon sits in), centred
    # on the icon's line
    pf = paragraph.paragraph_format
    pf.left_indent, pf.first_line_indent = Mm(size_mm + GAP_MM), -Mm(size_mm + GAP_MM)
    _ooxml_icons.set_text_alignment(paragraph, "center")
    paragraph.add_run("\t" + _clean(words + tail))


def _icon_lines(ctx, cell, first, pairs, size_mm: float, role: str = "td") -> None:
    """One paragraph per icon in ``cell``, the first being ``first``."""
    for i, (key, words) in enumerate(pairs):
        p = first if i == 0 else ctx.styled(cell.add_paragraph(), role)
        if size_mm == SUMMARY_ICON_MM:
            p.paragraph_format.space_after = Pt(0)  # compact rows: the summary fits one or two pages
        _icon(ctx, p, key, words, size_mm)


def status_cell(ctx, cell, paragraph, row: Row) -> None:
    """``row``'s status cell: an icon and its words per reading word; the plain status text when
    the row has no icon."""

    pairs = row.icons
    if not pairs:
        paragraph.add_run(_clean(row.value(STATUS_KEY)))
        return
    _icon_lines(ctx, cell, paragraph, pairs, CELL_ICON_MM)


def row_bookmark(ctx, paragraph, row: Row) -> None:
    """Bookmark ``row.anchor`` around the KPI cell's text (the summary links to it)."""
    if row.anchor:
        _ooxml.add_bookmark(paragraph, row.anchor, ctx.next_bookmark())


def summary(ctx, doc: Document) -> None:
    """Heading 1 (new page, bookmarked), the counts, a table of every KPI linked to its row, then
    Heading 2 for the key, the key's lines and every icon with its words and what its shapes say."""

    s = doc.summary
    h = ctx.styled(ctx.d.add_paragraph(_clean(s.title)), "heading1")
    h.paragraph_format.page_break_before = doc.chart_key is None  # else on the chart key's page
    _ooxml.add_bookmark(h, s.anchor, ctx.next_bookmark())
    ctx.derived.append(_clean(s.title))
    for group, got in s.count_lines:
        p = ctx.styled(ctx.d.add_paragraph(), "td")
        p.add_run(_clean(group) + ":", style=ctx.style("cover_label"))
        p.add_run(" " + _clean(got))
        ctx.derived.append(_clean(group) + ": " + _clean(got))
    _summary_table(ctx, doc)
    if s.matrix is not None:
        summary_matrix(ctx, doc)
    h2 = ctx.styled(ctx.d.add_paragraph(_clean(s.key_title)), "heading2")
    _ooxml.add_bookmark(h2, s.key_anchor, ctx.next_bookmark())
    ctx.derived.append(_clean(s.key_title))
    # the key stays whole, with its heading: every line keeps with the next (never a page of its tail)
    for line in s.key:
        p = ctx.styled(ctx.d.add_paragraph(_clean(line)), "key")
        p.paragraph_format.keep_with_next = True
        ctx.derived.append(_clean(line))
    for i, (key, words, text) in enumerate(s.legend):
        ctx.derived.append(_clean(words + " – " + text))
        p = ctx.styled(ctx.d.add_paragraph(), "td")
        p.paragraph_format.space_after = Pt(1)
        p.paragraph_format.keep_with_next = i < len(s.legend) - 1
        _icon(ctx, p, key, words, SUMMARY_ICON_MM, tail=" – " + text)


def _summary_table(ctx, doc: Document) -> None:

    s, layout = doc.summary, ctx.layout
    cols = doc.summary.columns
    widths = column_widths(list(cols.widths), round(layout.frame_width * TWIPS_PER_MM))
    table = ctx.d.add_table(rows=1, cols=len(widths))
    table.style = ctx.style("table")
    table.autofit = False
    _ooxml.set_table_width(table, sum(widths))
    _ooxml.set_table_look(table, first_row=True, first_column=True)
    # compact rows, as in the PDF (1.2 pt above and below, 3 pt either side): the summary fits a page
    _ooxml.set_table_cell_margins(table, top=24, bottom=24, left=60, right=60)
    _ooxml.set_table_caption(table, _clean(s.title), _clean(
        f"{s.title}: one row per key performance indicator ({len(s.entries)} rows), with columns "
        + ", ".join(cols.labels) + "; each indicator links to its row."))
    for column, w in zip(table.columns, widths):
        column.width = Twips(w)
    header = table.rows[0]
    _ooxml.set_repeat_header(header)
    _ooxml.set_cant_split(header)
    for cell, label, w in zip(header.cells, cols.labels, widths):
        cell.width = Twips(w)
        ctx.styled(cell.paragraphs[0], "th").add_run(_clean(label))
    link = ctx.sid("link")
    merged = layout.tables != "accessible"
    for section, entries in s.runs():
        first_cells = []
        for i, e in enumerate(entries):
            tr = table.add_row()
            _ooxml.set_cant_split(tr)
            c_section, c_kpi, c_latest, *c_readings = tr.cells
            p = c_section.paragraphs[0]
            ctx.styled(p, "td")
            if i == 0 or not merged:  # bold, but no outline level: not a heading of the contents
                p.add_run(_clean(section), style=ctx.style("cover_label"))
            first_cells.append(c_section)
            _ooxml.add_internal_hyperlink(ctx.styled(c_kpi.paragraphs[0], "td"), _clean(e.kpi), e.anchor, link)
            if e.report and doc.exceptions is not None:  # the report links back to this line
                _ooxml.add_bookmark(c_kpi.paragraphs[0], e.line_anchor, ctx.next_bookmark())
                report_link(ctx, c_kpi, e.report, doc.exceptions.link)
            ctx.styled(c_latest.paragraphs[0], "td").add_run(_clean(e.latest))
            for cell in (c_section, c_kpi, c_latest):
                cell.paragraphs[0].paragraph_format.space_after = Pt(0)
            for cell, pairs in zip(c_readings, cols.cells(e)):
                _icon_lines(ctx, cell, ctx.styled(cell.paragraphs[0], "td"), pairs, SUMMARY_ICON_MM)
            if e.reading is None:
                c_readings[0].paragraphs[0].add_run(_clean(NO_READING))
        if merged and len(first_cells) > 1:
            _ooxml.merge_vertically(first_cells)
