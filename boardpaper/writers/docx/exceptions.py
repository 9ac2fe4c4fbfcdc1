"""The DOCX's exception reports (after the KPI tables) and the summary matrix (on the summary page).

Hooks in :mod:`.writer` and :mod:`.status`: ``exception_section`` after the last table, ``summary_matrix`` after the
summary table, ``report_link`` in a KPI cell and a summary line. Headings are Word headings
(the report's KPI text is Heading 2, so it shows in the contents and the navigation pane; a
narrative heading is Heading 3); the owner and every narrative paragraph sit in hidden bookmarks
named by the manifest, so harvest reads an officer's edit back as a ``commentary`` change.
"""
from __future__ import annotations

from docx.shared import Mm, Pt, Twips

from ...compose import status as _status
from ...cycle import manifest
from ...model import Document, ExceptionReport
from ...spc.icons import Palette, icon_png
from . import marks as _marks, ooxml as _ooxml

ICON_MM = 4.5


def _clean(text: str) -> str:
    return manifest.xml_text(text)


def report_link(ctx, cell, anchor: str, words: str) -> None:
    """A paragraph in ``cell`` linking to the exception report at ``anchor``."""
    p = ctx.styled(cell.add_paragraph(), "td")
    _ooxml.add_internal_hyperlink(p, _clean(words), anchor, ctx.sid("link"))


def exception_section(ctx, doc: Document) -> None:
    """Heading 1 on a new page (bookmarked), the introduction, then each report."""
    ex = doc.exceptions
    if ex is None:
        return
    h = ctx.styled(ctx.d.add_paragraph(_clean(ex.title)), "heading1")
    h.paragraph_format.page_break_before = True
    _ooxml.add_bookmark(h, ex.anchor, ctx.next_bookmark())
    ctx.styled(ctx.d.add_paragraph(_clean(ex.intro)), "narrative")
    for r in ex.reports:
        _report(ctx, r)


def _report(ctx, r: ExceptionReport) -> None:
    h = ctx.styled(ctx.d.add_paragraph(_clean(r.title)), "heading2")
    _ooxml.add_bookmark(h, r.anchor, ctx.next_bookmark())
    facts = ctx.styled(ctx.d.add_paragraph(), "narrative")
    facts.paragraph_format.keep_with_next = True
    for seg in manifest.facts_unit(r, ctx.marks).segs:
        if seg.field:
            facts._p.extend(_marks.marked_runs([(_clean(seg.text), seg.mark)], None, ctx.next_bookmark))
        else:
            facts.add_run(_clean(seg.text))
    reasons = ctx.styled(ctx.d.add_paragraph(_clean(r.reasons)), "narrative")
    reasons.paragraph_format.keep_with_next = True
    for key, words in _status.icons(r.reading):
        p = ctx.styled(ctx.d.add_paragraph(), "narrative")
        p.paragraph_format.keep_with_next = True
        p.paragraph_format.space_after = Pt(1)
        run = p.add_run()
        _ooxml.add_picture(run, icon_png(key, Palette.of(ctx.layout), 72), Mm(ICON_MM), Mm(ICON_MM), ctx.shape,
                           f"Status icon {ctx.shape}", _clean(words), _clean(words), ctx.images)
        ctx.shape += 1
        p.add_run("\t" + _clean(words))
        p.paragraph_format.tab_stops.add_tab_stop(Mm(ICON_MM + 1.5))
    if r.chart is not None:
        _chart(ctx, r)
    for section in r.narrative:
        ctx.styled(ctx.d.add_paragraph(_clean(section.heading)), "heading3")
        for e in section.entries:
            for j, b in enumerate(e.blocks):
                lines = b.lines if b.kind == "list" else ("\n".join(b.lines),)
                for k, line in enumerate(lines):
                    p = ctx.styled(ctx.d.add_paragraph(), "narrative_bullet" if b.kind == "list" else "narrative")
                    mark = ctx.marks.reports.get(("para", r.kpi_id, e.heading, e.index, j, k), "")
                    p._p.extend(_marks.marked_runs([(_clean(line), mark)], None, ctx.next_bookmark))
    if r.placeholder:
        p = ctx.styled(ctx.d.add_paragraph(), "narrative")
        mark = ctx.marks.reports.get(("placeholder", r.kpi_id), "")
        p._p.extend(_marks.marked_runs([(_clean(r.placeholder), mark)], None, ctx.next_bookmark))
    p = ctx.styled(ctx.d.add_paragraph(), "narrative")
    _ooxml.add_internal_hyperlink(p, _clean(r.back_to_row), r.row_anchor, ctx.sid("link"))
    if r.line_anchor:
        p.add_run("   ")
        _ooxml.add_internal_hyperlink(p, _clean(r.back_to_summary), r.line_anchor, ctx.sid("link"))


def _chart(ctx, r: ExceptionReport) -> None:
    """The full-width chart as a PNG with the chart's alt text, then what its marks mean."""
    from ...charts import alt_text
    from ...charts.full_size import full_png

    w_mm, h_mm = r.chart.size
    p = ctx.styled(ctx.d.add_paragraph(), "chart")
    p.paragraph_format.keep_with_next = True
    _ooxml.add_picture(p.add_run(), full_png(r.chart, ctx.layout), Mm(w_mm), Mm(h_mm), ctx.shape,
                       f"Chart {ctx.shape}", _clean(alt_text(r.chart)), _clean(f"Trend: {r.title}"), ctx.images)
    ctx.shape += 1
    for i, line in enumerate(r.chart_key):
        key = ctx.styled(ctx.d.add_paragraph(_clean(line)), "chart_key")
        key.paragraph_format.keep_with_next = i < len(r.chart_key) - 1


def summary_matrix(ctx, doc: Document) -> None:
    """Heading 2 (bookmarked, a contents entry) and the matrix as a Word table: a header row of
    variation readings, a first column of assurance readings, each cell's KPIs linked to their rows."""
    from .pages import TWIPS_PER_MM, column_widths

    m = doc.summary.matrix if doc.summary is not None else None
    if m is None:
        return
    h = ctx.styled(ctx.d.add_paragraph(_clean(m.title)), "heading2")
    _ooxml.add_bookmark(h, m.anchor, ctx.next_bookmark())
    ctx.derived.append(_clean(m.title))
    widths = column_widths([16.0] + [84.0 / len(m.columns)] * len(m.columns),
                           round(ctx.layout.frame_width * TWIPS_PER_MM))
    table = ctx.d.add_table(rows=1, cols=len(widths))
    table.style = ctx.style("table")
    table.autofit = False
    _ooxml.set_table_width(table, sum(widths))
    _ooxml.set_table_look(table, first_row=True, first_column=True)
    _ooxml.set_table_caption(table, _clean(m.title), _clean(m.description))
    for column, w in zip(table.columns, widths):
        column.width = Twips(w)
    header = table.rows[0]
    _ooxml.set_repeat_header(header)
    _ooxml.set_cant_split(header)
    for cell, label, w in zip(header.cells, (m.corner,) + m.columns, widths):
        cell.width = Twips(w)
        ctx.styled(cell.paragraphs[0], "th").add_run(_clean(label))
    link = ctx.sid("link")
    for label, cells in zip(m.rows, m.cells):
        tr = table.add_row()
        _ooxml.set_cant_split(tr)
        first, *rest = tr.cells
        ctx.styled(first.paragraphs[0], "td").add_run(_clean(label), style=ctx.style("cover_label"))
        for cell, entries in zip(rest, cells):
            for i, e in enumerate(entries):
                p = ctx.styled(cell.paragraphs[0] if i == 0 else cell.add_paragraph(), "td")
                p.paragraph_format.space_after = Pt(1)
                _ooxml.add_internal_hyperlink(p, _clean(e.kpi), e.anchor, link)
            if not entries:
                ctx.styled(cell.paragraphs[0], "td")
