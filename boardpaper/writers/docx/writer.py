"""DOCX writer: a :class:`~boardpaper.model.Document` and a :class:`~boardpaper.layout.Layout` in,
the bytes of an editable Word file out.

Phases: base document (the layout's reference DOCX, or python-docx's template with the house
styles defined from the layout) → properties, page set-up, header and footer → cover → contents
(a real TOC field with its result already filled in) → one heading and one table per section,
with real footnotes → a reproducible zip. Every paragraph, run and table carries a named style
from :data:`STYLES`; raw XML lives in :mod:`.ooxml`.
"""
from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Mapping

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Twips

from ... import manifest
from ...layout import Layout
from ...model import ChartSpec, Cover, Document, Furniture, Look, Row, Section, Wording
from . import exceptions as _exceptions_docx, marks as _marks, ooxml as _ooxml, ooxml_rtl as _ooxml_rtl
from . import status as _status_docx
from .chart_key import docx_key
from .pages import TWIPS_PER_MM, column_widths, estimate_pages, fill_page_numbers  # noqa: F401 (re-exported)
from .styles import STYLES, ensure_styles, fit_tab_stops, follow_layout  # noqa: F401 (STYLES, ensure_styles re-exported)
from ...charts import ChartImages, alt_text
from ...charts.words import chart_notes
# DEBT (#29): the one writer import from the cycle: the manifest's record of the text boardpaper made
# itself is read from the body as harvest will read it back (cycle.derived, with cycle.docx_text);
# it belongs beside boardpaper/manifest.py. Allowed by name in pyproject's contract and the architecture test.
from ...cycle.derived import derived_texts

TOC_INSTR = 'TOC \\o "1-2" \\h \\z \\u'


def new_reference(layout: Layout):
    """A python-docx Document to use as ``layout``'s reference: python-docx's default template with
    every house style defined from the layout, no theme fonts, the page set up, empty body."""
    d = docx.Document()
    _ooxml.clear_story(d.element.body)
    ensure_styles(d, layout, replace=True)
    _page_setup(d, layout)
    _ooxml.set_doc_defaults(d.styles.element, lang="en-GB")
    _ooxml.set_settings_lang(d.settings, "en-GB")
    _header_footer(d, Furniture(header=layout.header, footer=layout.footer), layout.look, total_pages=1)
    cp = d.core_properties
    cp.title, cp.subject, cp.keywords, cp.comments, cp.category = f"{layout.name} reference", "", "", "", ""
    cp.author, cp.last_modified_by, cp.revision, cp.language = layout.author, "", 1, "en-GB"
    cp.created = cp.modified = datetime(2000, 1, 1)
    return d


def reference_docx_bytes(layout: Layout) -> bytes:
    """:func:`new_reference` saved reproducibly (what ``scripts/make_reference_docx.py`` writes)."""
    return _save(new_reference(layout), datetime(2000, 1, 1))


# ============================================================================ the writer
@dataclass
class _Ctx:
    """What the block writers share while one document is built."""

    d: object
    layout: Layout
    pages: dict[str, int]
    styles: dict = field(default_factory=dict)  # role -> resolved style object
    bookmark: int = 0
    shape: int = 1
    footnote: int = 0
    charts: object = None  # the PNGs by spec: an object with png(spec) -> bytes
    images: dict = field(default_factory=dict)  # PNG bytes -> (relationship id, file name)
    marks: manifest.MarkPlan = field(default_factory=manifest.MarkPlan)  # bookmarks naming input fields
    wording: Wording = field(default_factory=Wording)  # pictures' names and titles
    derived: list = field(default_factory=list)  # wording painted outside tables, for the manifest
    report_words: str = ""  # what a row's link to its exception report says ('' = no reports)

    def style(self, role: str):
        if role not in self.styles:
            self.styles[role] = self.d.styles[STYLES[role]]
        return self.styles[role]

    def sid(self, role: str) -> str:
        return self.style(role).style_id

    def styled(self, paragraph, role: str):
        """``paragraph`` given the style of ``role`` (by id: python-docx's by-name path is slow)."""
        paragraph._p.style = self.sid(role)
        return paragraph

    def next_bookmark(self) -> int:
        self.bookmark += 1
        return self.bookmark


def write_docx(doc: Document, layout: Layout, *, page_numbers: Mapping[str, int] | None = None,
               charts=None) -> bytes:
    """The DOCX bytes of ``doc`` in ``layout``. Pure: the same arguments give the same bytes.

    ``page_numbers`` maps contents anchors to the page each lands on (normally measured by
    :func:`boardpaper.build.libreoffice.bookmark_pages` on a first build); anchors it lacks get
    :func:`estimate_pages`' guess. The numbers only fill the cached results of the contents'
    PAGEREF fields; Word recomputes them on "Update field". ``charts`` is the build's
    :class:`~boardpaper.charts.ChartImages` (anything with ``png(spec) -> bytes``); ``None``
    renders the charts here.
    """
    d = _base(layout)
    pages = {**estimate_pages(doc, layout), **dict(page_numbers or {})}
    ctx = _Ctx(d, layout, pages, shape=_first_shape_id(d), charts=charts, marks=manifest.plan(doc), wording=doc.wording)
    _properties(d, doc)
    _page_setup(d, layout)
    _header_footer(d, doc.furniture, doc.look, total_pages=max(pages.values(), default=1))
    _cover(ctx, doc.cover)
    _contents(ctx, doc)
    docx_key(ctx, doc)  # how to read the charts, after the contents
    if doc.summary is not None:
        _status_docx.summary(ctx, doc)  # the status summary; from here on KPI rows carry bookmarks
    _footnotes(ctx, doc)
    if doc.exceptions is not None:  # reports link back to the rows, and the rows to them
        ctx.report_words = doc.exceptions.link
    for i, section in enumerate(doc.sections):  # the first on a new page, unless after the chart key alone
        _section(ctx, section, first=i == 0 and (doc.chart_key is None or doc.summary is not None))
    if doc.exceptions is not None:
        _exceptions_docx.exception_section(ctx, doc)
    _ooxml_rtl.mark_right_to_left_parts(d.part.package)
    _manifest(ctx, doc)
    return _save(d, doc.created)


def _manifest(ctx: _Ctx, doc: Document) -> None:
    """The build manifest as a custom XML part (see :mod:`boardpaper.manifest`); its item id is
    derived from the input, so the same input gives the same bytes."""
    item = uuid.uuid5(uuid.NAMESPACE_URL, f"{manifest.NS}/{doc.source.name}/{doc.source.sha256}")
    _marks.add_custom_xml(ctx.d.part, manifest.to_xml(doc, ctx.marks, ctx.layout.tables,
                                                      [*ctx.derived, *derived_texts(ctx.d.element.body, ctx.marks)]),
                          "{%s}" % str(item).upper(), manifest.NS)


def _base(layout: Layout):
    """The reference document with its body emptied and any missing house style added."""
    if layout.reference_docx is None:
        return new_reference(layout)
    d = docx.Document(str(layout.reference_docx))
    _ooxml.clear_story(d.element.body)
    _ooxml.drop_unused_rels(d.part)
    ensure_styles(d, layout)
    follow_layout(d, layout)
    fit_tab_stops(d, layout)
    return d


def _first_shape_id(d) -> int:
    used = [int(v) for part in d.part.package.iter_parts() if hasattr(part, "element")
            for v in part.element.xpath("//wp:docPr/@id") if v.isdigit()]
    return max(used, default=0) + 1


def _properties(d, doc: Document) -> None:
    props = doc.properties
    created = _utc_naive(doc.created)
    cp = d.core_properties
    cp.title = _clean(props.title)
    cp.subject = _clean(props.subject)
    cp.author = _clean(props.author)
    cp.keywords = _clean("; ".join(props.keywords))
    cp.comments, cp.category, cp.last_modified_by = "", "", ""
    cp.language = props.language
    cp.revision = 1
    cp.created = cp.modified = created
    _ooxml.set_doc_defaults(d.styles.element, lang=props.language)
    _ooxml.set_settings_lang(d.settings, props.language)


def _page_setup(d, layout: Layout) -> None:
    (w, h), (top, right, bottom, left) = layout.page_size, layout.margins
    for s in d.sections:
        s.orientation = WD_ORIENT.LANDSCAPE if w > h else WD_ORIENT.PORTRAIT
        s.page_width, s.page_height = Mm(w), Mm(h)
        s.top_margin, s.right_margin, s.bottom_margin, s.left_margin = Mm(top), Mm(right), Mm(bottom), Mm(left)
        s.header_distance, s.footer_distance = Mm(top / 2), Mm(bottom / 2)


def _header_footer(d, furniture: Furniture, look: Look, *, total_pages: int = 1) -> None:
    """Header: the furniture's header text, aligned as the look says. Footer: its footer text, a
    tab, then the page-number wording around PAGE and NUMPAGES fields. Reference documents' own
    header text is replaced."""
    sec = d.sections[0]
    sec.header.is_linked_to_previous = False
    sec.footer.is_linked_to_previous = False
    head, foot = sec.header, sec.footer
    for story in (head, foot):
        _ooxml.clear_story(story._element)
        _ooxml.drop_unused_rels(story.part)
    h = head.add_paragraph(_clean(furniture.header), style=d.styles[STYLES["header"]])
    h.alignment = _ALIGN[look.header_align]
    p = foot.add_paragraph(_clean(furniture.footer) + "\t" + _clean(furniture.page_before),
                           style=d.styles[STYLES["footer"]])
    _ooxml.add_field(p, "PAGE", "1")
    p.add_run(_clean(furniture.page_middle))
    _ooxml.add_field(p, "NUMPAGES", str(total_pages))
    if furniture.page_after:
        p.add_run(_clean(furniture.page_after))


_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}


# ============================================================================ blocks
COVER_STYLES = {"title": "title", "purpose_heading": "purpose_heading", "purpose": "purpose"}


def _cover(ctx: _Ctx, cover: Cover) -> None:
    """The cover lines as composed: each role in its style, a bold label run where there is one;
    each input field in its own run inside a hidden bookmark (:mod:`boardpaper.manifest`)."""
    strong = ctx.layout.look.cover_bold
    for i, line in enumerate(cover.lines):
        role = COVER_STYLES.get(line.role) or ("cover_strong" if line.role in strong else "cover")
        p = ctx.styled(ctx.d.add_paragraph(), role)
        if line.role == "title" and line.label:
            p.add_run(_clean(f"{line.label} "))
        elif line.role != "title" and line.label:
            p.add_run(_clean(line.label), style=ctx.style("cover_label"))
            p.add_run(" ")
        segments = line.segments or ((line.text, ""),)
        p._p.extend(_marks.marked_runs([(_clean(t), ctx.marks.cover.get((i, j), ""))
                                        for j, (t, _f) in enumerate(segments)], None, ctx.next_bookmark))


def _contents(ctx: _Ctx, doc: Document) -> None:
    """"Contents", then a TOC field whose result is already there: one linked entry per section
    and sub-objective, dot leader, PAGEREF to the entry's bookmark with its page filled in."""
    entries = doc.contents
    if not entries:
        return
    ctx.styled(ctx.d.add_paragraph(_clean(doc.properties.contents_label)), "toc_heading")
    ctx.derived.extend(_clean(e.title) for e in entries)
    for i, entry in enumerate(entries):  # the entries take the look's colour from the toc styles
        p = ctx.styled(ctx.d.add_paragraph(), "toc1" if entry.level == 1 else "toc2")
        if i == 0:
            p._p.extend(_ooxml.field_start(TOC_INSTR))
        a = _ooxml.add_internal_hyperlink(p, _clean(entry.title), entry.anchor, None)
        a.append(_ooxml.run("\t", None))
        _ooxml.add_field(a, f"PAGEREF {entry.anchor} \\h", str(ctx.pages.get(entry.anchor, "")), None)
        if i == len(entries) - 1:
            p._p.append(_ooxml.field_end())


def _footnotes(ctx: _Ctx, doc: Document) -> None:
    """The footnotes part: one footnote per note, in reading order, ids 1…n; a source with an
    http(s) URL becomes a link whose relationship belongs to the footnotes part."""
    notes = doc.notes
    part = _ooxml.add_footnotes_part(ctx.d.part)
    _ooxml.set_footnote_properties(ctx.d.settings)
    text_style, ref_style, link = ctx.sid("footnote_text"), ctx.sid("footnote_ref"), ctx.sid("link")
    for i, note in enumerate(notes, start=1):
        text, shown = doc.note_text(note)
        url = note.source.href  # the model admits only http(s) addresses
        content = [_ooxml.external_hyperlink(part, _clean(text), url, link) if url else _ooxml.run(_clean(text))]
        if shown:
            content += [_ooxml.run(" "), _ooxml.external_hyperlink(part, _clean(shown), url, link)]
        _ooxml.add_footnote(part, i, content, text_style, ref_style)


def _section(ctx: _Ctx, section: Section, *, first: bool) -> None:
    """Heading 1 (bookmarked) then the section's scorecard table."""
    h = ctx.styled(ctx.d.add_paragraph(_clean(section.title)), "heading1")
    _ooxml.add_bookmark(h, section.anchor, ctx.next_bookmark())
    if first:  # after a page break Word and LibreOffice keep its space above (so does the PDF)
        h.paragraph_format.page_break_before = True
    _section_table(ctx, section)


def _section_table(ctx: _Ctx, section: Section) -> None:
    """Fixed-layout table: repeating header row, rows kept whole, sub-objectives merged (or repeated
    in the accessible style), KPI text with footnote marks, charts in the chart column."""
    d, layout = ctx.d, ctx.layout
    cols = section.columns
    widths = column_widths([c.width for c in cols], round(layout.frame_width * TWIPS_PER_MM))
    keys = [c.key for c in cols]
    table = d.add_table(rows=1, cols=len(cols))
    table.style = ctx.style("table")
    table.autofit = False
    _ooxml.set_table_width(table, sum(widths))
    _ooxml.set_table_look(table, first_row=True, first_column=keys[0] == "sub_objective")
    _ooxml.set_table_caption(table, _clean(section.caption), _clean(section.description))
    for column, w in zip(table.columns, widths):
        column.width = Twips(w)
    header = table.rows[0]
    _ooxml.set_repeat_header(header)
    _ooxml.set_cant_split(header)
    for cell, col, w in zip(header.cells, cols, widths):
        cell.width = Twips(w)
        ctx.styled(cell.paragraphs[0], "th")
        cell.paragraphs[0].add_run(_clean(col.label))
    chart_key = section.chart_column
    group_of = {i: g for g in section.groups for i in range(g.first, g.first + g.count)}
    sub_cells: dict[str, list] = {}
    for i, row in enumerate(section.rows):
        tr = table.add_row()
        if not row.may_split:  # a row taller than a page must break across pages
            _ooxml.set_cant_split(tr)
        for cell, key in zip(tr.cells, keys):
            p = cell.paragraphs[0]
            if key == "sub_objective":
                _sub_objective_cell(ctx, p, group_of.get(i), i)
                if group_of.get(i) and not group_of[i].repeat_label:
                    sub_cells.setdefault(group_of[i].anchor, []).append(cell)
                continue
            ctx.styled(p, "td")
            if key == "kpi":
                _kpi_text(ctx, p, row)
                if row.link_target:  # the status summary or an exception report links to the row
                    _status_docx.row_bookmark(ctx, p, row)
                if row.report and ctx.report_words:  # the link to the row's exception report
                    _exceptions_docx.report_link(ctx, cell, row.report, ctx.report_words)
            elif key == "status":
                _status_docx.status_cell(ctx, cell, p, row)
            else:
                _field_runs(ctx, p, row, key)
            if key == chart_key and row.chart is not None:
                _chart(ctx, cell, row.chart)
        if i == 0 and len(section.rows) > 1:  # the first row keeps with the second (so does the PDF):
            for p in tr._tr.iter(_ooxml.qn("w:p")):  # LibreOffice 7.4 loses the rest of a table whose
                _ooxml.keep_with_next(p)  # header and unsplittable first row alone end a page
    if layout.tables != "accessible":
        for cells in sub_cells.values():
            _ooxml.merge_vertically(cells)


def _sub_objective_cell(ctx: _Ctx, p, group, i: int) -> None:
    """Merged style: the group's text and bookmark in its first row, continuation cells empty.
    Accessible style: the text in every row, bookmark and outline level only in the first."""
    if group is None:
        ctx.styled(p, "td")
        return
    first = group.first == i
    if first:
        ctx.styled(p, "sub_objective")
        p.add_run(_clean(group.title))
        _ooxml.add_bookmark(p, group.anchor, ctx.next_bookmark())
    elif ctx.layout.tables == "accessible" or group.repeat_label:  # a group taller than a page: every row
        ctx.styled(p, "sub_objective_repeat")
        p.add_run(_clean(group.title))
    else:
        ctx.styled(p, "td")


def _field_runs(ctx: _Ctx, p, row: Row, key: str) -> None:
    """Column ``key``'s text, each input field it shows in its own bookmarked run."""
    p._p.extend(_marks.marked_runs([(_clean(t), ctx.marks.cells.get((row.id, key, j), ""))
                                    for j, (t, _f) in enumerate(row.segments_of(key))], None, ctx.next_bookmark))


def _kpi_text(ctx: _Ctx, p, row: Row) -> None:
    """The KPI text, then one footnote mark per note (marks separated by superscript commas)."""
    _field_runs(ctx, p, row, "kpi")
    ref = ctx.sid("footnote_ref")
    for n, _note in enumerate(row.notes):
        ctx.footnote += 1
        if n:
            p._p.append(_ooxml.run(",", ref))
        _ooxml.add_footnote_reference(p, ctx.footnote, ref)


def _chart(ctx: _Ctx, cell, spec: ChartSpec) -> None:
    """The row's trend chart as an inline PNG of ``spec.size`` below the cell text, with alt text."""
    if ctx.charts is None:
        ctx.charts = ChartImages(ctx.layout)
    w_mm, h_mm = spec.size
    first = cell.paragraphs[-1]  # a cell with no text shows the chart on its first line, as in the PDF
    blank = len(cell.paragraphs) == 1 and not first._p.xpath("./w:r")
    p = ctx.styled(first if blank else cell.add_paragraph(), "chart")
    _ooxml.add_picture(p.add_run(), ctx.charts.png(spec), Mm(w_mm), Mm(h_mm), ctx.shape,
                       ctx.wording.say("chart_name", n=ctx.shape), _clean(alt_text(spec)),
                       _clean(ctx.wording.say("chart_title", kpi=spec.label)), ctx.images)
    ctx.shape += 1
    _chart_notes(ctx, cell, spec)


def _chart_notes(ctx: _Ctx, cell, spec: ChartSpec) -> None:
    """The lines under the chart (its rebases and numbered notes), one paragraph each."""
    for line in chart_notes(spec):
        ctx.styled(cell.add_paragraph(), "chart_note").add_run(_clean(line))


# ============================================================================ helpers
_clean = manifest.xml_text  # text as the DOCX holds it; harvest compares with the manifest's, made alike


def _utc_naive(when: datetime) -> datetime:
    if when.tzinfo is not None:
        when = when.astimezone(timezone.utc).replace(tzinfo=None)
    return when.replace(microsecond=0)


def _save(d, when: datetime) -> bytes:
    buf = io.BytesIO()
    d.save(buf)
    return _ooxml.reproducible_zip(buf.getvalue(), _utc_naive(when))

