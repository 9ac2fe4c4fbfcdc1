"""The HTML writer: ``write_html(doc, layout) -> bytes``, one self-contained accessible page.

The page paints the same :class:`~boardpaper.model.Document` as the DOCX and the PDF: the cover
lines (the title line is the one ``h1``), a contents ``nav`` linking to every section (``h2``) and
sub-objective, one captioned table per section with header cells scoped to their column, row or
row group (a sub-objective is a group row, ``<th scope="rowgroup">``, heading the rows below it),
charts as inline SVG described by their alt text, footnote markers linking to their notes and back,
and the page furniture. Styles are inline (a screen and a print stylesheet, the layout's colours
and page), nothing is loaded from the network, every piece of text is escaped, and the same
document always gives the same bytes.

``for_pdf=True`` gives the variant the WeasyPrint engine lays out (``writers/html/weasy.py``): notes sit
beside their markers as ``float: footnote`` elements, the contents show page numbers, and the
page furniture is drawn in the page margins.
"""
from __future__ import annotations


from html.parser import HTMLParser

from ...layout import Layout
from ...model import CoverLine, Document, Note, Row, Section
from . import exceptions as _reports_html, status as _status_html
from .chart_key import CSS as key_css, html_contents_item, html_key
from ...charts.words import chart_notes
from .svg import FONT_STACK, chart_svg
from .text import _dir, _lines, _t
from ...errors import LostContentError

def chart_notes_css(doc: Document, layout: Layout) -> str:
    """The style of the lines under a chart (its rebases and notes; at least 7 pt in print), when
    some chart has them."""
    if not any(c.rebases or c.annotations for c in doc.charts):
        return ""
    return ("ul.chart-notes { list-style: none; margin: .2em 0 0; padding: 0; font-size: .8em; }\n"
            f"@media print {{ ul.chart-notes {{ font-size: {layout.chart_note_size:g}pt; }} }}\n")


def css_string(text: str) -> str:
    """``text`` as a CSS string literal: every character that is not an ASCII letter or digit is a
    six-digit escape, so no text can end the string, the rule or the ``<style>`` element."""
    return '"' + "".join(ch if ch.isascii() and ch.isalnum() else f"\\{ord(ch):06x}" for ch in text) + '"'


def _label(column) -> str:
    """`` data-label="…"``: the column's header, shown before the cell's value when a narrow
    screen stacks each row as a card (:data:`CARDS_CSS`)."""
    return f' data-label="{_t(column.label)}"'


# Below this width each table row is a card: its cells stacked, each value under its column's
# header (from ``data-label``), so no table is wider than a phone's screen.
CARD_WIDTH = "44rem"
CARDS_CSS = f"""@media screen and (max-width: {CARD_WIDTH}) {{
  header, nav, main, footer {{ padding: 0 .75rem; }}
  .scroll {{ overflow-x: visible; }}
  table.cards, table.cards caption, table.cards tbody, table.cards tr, table.cards th, table.cards td {{
    display: block; width: auto; min-width: 0; }}
  table.cards colgroup {{ display: none; }}
  table.cards thead {{ position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
    white-space: nowrap; }}
  table.cards tr {{ border: 1px solid BORDER; margin: 0 0 .8rem; }}
  table.cards tr.group {{ border: 0; margin: 1rem 0 .4rem; }}
  table.cards th, table.cards td {{ border: 0; border-top: 1px solid BORDER; }}
  table.cards tr > :first-child {{ border-top: 0; }}
  table.cards td:empty {{ display: none; }}
  table.cards [data-label]::before {{ content: attr(data-label); display: block; font-weight: bold;
    font-size: .85em; color: NEUTRAL; }}
  table.cards tbody th[scope=row] {{ font-weight: bold; }}
  svg.chart {{ max-width: 100%; }}
}}
"""


def note_id(note: Note) -> str:
    return note.anchor


def noteref_id(note: Note) -> str:
    return note.ref_anchor


class _Page:
    """Paints one document; ``for_pdf`` selects the variant WeasyPrint lays out."""

    def __init__(self, doc: Document, layout: Layout, for_pdf: bool, breaks: frozenset[str] = frozenset(),
                 endnotes: frozenset[int] = frozenset()):
        self.doc, self.layout, self.for_pdf, self.breaks, self.endnotes = doc, layout, for_pdf, breaks, endnotes
        self.kpis = 0  # KPI rows painted so far: row N's header cell is ``bp_kpiN``

    def html(self) -> str:
        d, p = self.doc, self.doc.properties
        title = p.title or d.cover.title or d.name
        meta = [("description", p.subject), ("author", p.author), ("keywords", ", ".join(p.keywords)),
                ("generator", "boardpaper"), ("dcterms.created", d.created.isoformat()),
                ("dcterms.modified", d.created.isoformat())]
        head = "".join(f'<meta name="{n}" content="{_t(v)}">\n' for n, v in meta if v)
        body = [self.header(), self.contents(), self.main(), self.footer()]
        return ("<!DOCTYPE html>\n"
                f'<html lang="{_t(d.language)}">\n<head>\n<meta charset="utf-8">\n'
                '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                f"<title>{_t(title)}</title>\n{head}<style>\n{self.css()}</style>\n</head>\n<body>\n"
                + "\n".join(b for b in body if b) + "\n</body>\n</html>\n")

    # -- cover, contents, furniture
    def header(self) -> str:
        out = ['<header class="cover">']
        if self.doc.furniture.header and not self.for_pdf:
            header = self.doc.furniture.header
            out.append(f'<p class="running"{_dir(header)}>{_t(header)}</p>')
        purpose: list[str] = []
        for line in self.doc.cover.lines:
            if line.role == "purpose":
                purpose.append(f'<li value="{line.number}"{_dir(line.text)}>{_lines(line.text)}</li>')
                continue
            if purpose:
                out.append('<ol class="purpose">' + "".join(purpose) + "</ol>")
                purpose = []
            out.append(self.cover_line(line))
        if purpose:
            out.append('<ol class="purpose">' + "".join(purpose) + "</ol>")
        out.append("</header>")
        return "\n".join(out)

    def cover_line(self, line: CoverLine) -> str:
        lead = f'<span class="lead">{_t(line.label)}</span> ' if line.label else ""
        d = _dir(f"{line.label} {line.text or self.doc.name}")
        if line.role == "title":
            return f'<h1 id="bp_title"{d}>{lead}{_lines(line.text or self.doc.name)}</h1>'
        if line.role == "purpose_heading":
            return f'<h2 id="bp_purpose" class="purpose-heading"{_dir(line.text)}>{_lines(line.text)}</h2>'
        return f'<p class="{_t(line.role.replace("_", "-"))}"{d}>{lead}{_lines(line.text)}</p>'

    def contents(self) -> str:
        label = self.doc.properties.contents_label
        out = [f'<nav class="contents" aria-labelledby="bp_contents">\n<h2 id="bp_contents">{_t(label)}</h2>',
               '<ol class="toc">']
        out.append(html_contents_item(self.doc))  # how to read the charts
        out += [_status_html.contents_item(self.doc)] if self.doc.summary else []  # the status summary
        for s in self.doc.sections:
            sub = "".join(f'<li{_dir(g.title)}><a href="#{g.anchor}">{_t(g.title)}</a></li>' for g in s.groups)
            out.append(f'<li{_dir(s.title)}><a href="#{s.anchor}">{_t(s.title)}</a>'
                       + (f"<ol>{sub}</ol>" if sub else "")
                       + "</li>")
        out += [_reports_html.contents_item(self.doc)] if self.doc.exceptions else []
        out.append("</ol>\n</nav>")
        return "\n".join(out)

    def footer(self) -> str:
        if self.for_pdf or not self.doc.furniture.footer:
            return ""
        footer = self.doc.furniture.footer
        return f'<footer class="running">\n<p{_dir(footer)}>{_t(footer)}</p>\n</footer>'

    # -- sections and tables
    def main(self) -> str:
        out = ['<main id="main">']
        out.append(html_key(self.doc, self.layout, self.for_pdf))
        out += [_status_html.summary_section(self.doc, self.layout, self.for_pdf)] if self.doc.summary else []
        out.extend(self.section(s, i) for i, s in enumerate(self.doc.sections, start=1))
        out += [_reports_html.exceptions_section(self.doc, self.layout, self.for_pdf)] if self.doc.exceptions else []
        if not self.for_pdf and self.doc.notes:
            out.append(self.notes())
        elif self.for_pdf and self.endnotes:
            out.append(self.pdf_endnotes())
        out.append("</main>")
        return "\n".join(out)

    def section(self, s: Section, number: int) -> str:
        cols = [c for c in s.columns if c.key != "sub_objective"]
        caption = f"{s.anchor}_caption"
        head = "".join(f'<th scope="col" class="col-{_t(c.key)}">{_t(c.label)}</th>' for c in cols)
        bodies: list[str] = []
        rows: list[str] = []
        ends = {g.first + g.count for g in s.groups}
        for i, row in enumerate(s.rows):
            g = s.group_at(i)
            if (g is not None or i in ends) and rows:
                bodies.append("<tbody>\n" + "\n".join(rows) + "\n</tbody>")
                rows = []
            if g is not None:
                brk = " break" if i > 0 and row.id in self.breaks else ""
                rows.append(f'<tr class="group{brk}"><th scope="rowgroup" colspan="{len(cols)}" id="{g.anchor}"'
                            f'{_dir(g.title)}>'
                            f"{_t(g.title)}</th></tr>")
            rows.append(self.row(row, cols, s.chart_column, g is None and i > 0 and row.id in self.breaks))
        if rows:
            bodies.append("<tbody>\n" + "\n".join(rows) + "\n</tbody>")
        describe = "" if self.for_pdf else f' aria-describedby="{s.anchor}_summary"'
        summary = "" if self.for_pdf else f'<p id="{s.anchor}_summary" class="sr-only">{_t(s.description)}</p>\n'
        widths = sum(c.width for c in cols) or 1.0
        colgroup = "".join(f'<col style="width:{c.width / widths * 100:.2f}%">' for c in cols)
        heading = f'<h2 id="{s.anchor}"{_dir(s.title)}>{_t(s.title)}</h2>'
        if s.caption and s.caption != s.title:
            heading += f'<span class="caption"{_dir(s.caption)}>{_t(s.caption)}</span>'
        # the scrolling region is named by the caption and the table's number: unique when a title recurs
        brk = " break" if s.rows and s.rows[0].id in self.breaks else ""  # the table starts a page
        return (f'<section class="kpis{brk}">\n<span id="{s.anchor}_number" hidden>table {number}</span>\n'
                f'{summary}<div class="scroll" role="region" tabindex="0" '
                f'aria-labelledby="{caption} {s.anchor}_number">\n'
                f'<table class="cards"{describe}>\n<caption id="{caption}">{heading}</caption>\n'
                f"<colgroup>{colgroup}</colgroup>\n<thead><tr>{head}</tr></thead>\n" + "\n".join(bodies)
                + "\n</table>\n</div>\n</section>")

    def row(self, row: Row, cols, chart_key: str | None, page_break: bool = False) -> str:
        cells = []
        for c in cols:
            chart = self.chart(row) if row.chart is not None and c.key == chart_key else ""
            if c.key == "kpi":
                self.kpis += 1
                cells.append(f'<th scope="row" class="col-kpi" id="bp_kpi{self.kpis}"{_label(c)}{_dir(row.kpi)}>'
                             f'{_lines(row.kpi)}{self.markers(row)}{_reports_html.report_link(self.doc, row.report)}'
                             f'{chart}</th>')
            elif c.key == "status":
                cells.append(f'<td class="col-status"{_label(c)}>'
                             f'{_status_html.status_cell(row, self.layout, self.for_pdf)}</td>')
            else:
                text = row.value(c.key)
                body = f'<span class="value">{_lines(text)}</span>' if text else ""
                cells.append(f'<td class="col-{_t(c.key)}"{_label(c)}{_dir(text)}>{body}{chart}</td>')
        rid = _status_html.row_id(row, self.doc)  # the status summary or an exception report links to the row
        return (f'<tr class="break"{rid}>' if page_break else f"<tr{rid}>") + "".join(cells) + "</tr>"

    def chart(self, row: Row) -> str:
        return chart_svg(row.chart, self.layout) + self.chart_notes(row)

    def chart_notes(self, row: Row) -> str:
        """The lines under the row's chart (its rebases and numbered notes), as a list."""
        lines = "".join(f"<li{_dir(line)}>{_t(line)}</li>" for line in chart_notes(row.chart))
        return f'<ul class="chart-notes">{lines}</ul>' if lines else ""

    def markers(self, row: Row) -> str:
        """Footnote markers (``7,8``), each linking to its note; in the PDF variant the notes
        follow, to float to the foot of the page."""
        if not row.notes:
            return ""
        said = "" if self.for_pdf else '<span class="sr-only">Note </span>'  # the PDF link says it in /Contents
        links = '<span class="sep">,</span>'.join(
            f'<a href="#{note_id(n)}" id="{noteref_id(n)}" role="doc-noteref">{said}{n.number}</a>'
            for n in row.notes)
        out = f'<sup class="noteref">{links}</sup>'
        if self.for_pdf:  # a note floats out of its cell: it must not take a right-to-left KPI's direction
            ltr = ' dir="ltr"' if _dir(row.kpi) else ""
            out += "".join(f'<article class="fn" id="{note_id(n)}"{_dir(n.source.text) or ltr}>'
                           f'{self.note_body(n)}</article>'
                           for n in row.notes if n.number not in self.endnotes)
        return out

    def note_body(self, note: Note) -> str:
        """The note as the model prints it: its text, linked to its source's address, then the
        address when the look shows it."""
        text, shown = self.doc.note_text(note)
        number = f'<span class="fn-number">{note.number}</span> '
        if not note.source.url:
            return number + _lines(text)
        url = _t(note.source.href)
        return f'{number}<a href="{url}">{_lines(text)}</a>' + (f' <span class="url">{_t(shown)}</span>' if shown else "")

    def notes(self) -> str:
        items = [f'<li id="{note_id(n)}" value="{n.number}"{_dir(n.source.text)}>{self.note_body(n)} '
                 f'<a href="#{noteref_id(n)}" role="doc-backlink" class="back" '
                 f'aria-label="Back to note {n.number} in the table">↩</a></li>' for n in self.doc.notes]
        return (f'<section class="notes" role="doc-endnotes" aria-labelledby="bp_notes">\n'
                f'<h2 id="bp_notes">{_t(self.doc.wording.notes)}</h2>\n<ol class="notes">\n' + "\n".join(items)
                + "\n</ol>\n</section>")

    def pdf_endnotes(self) -> str:
        """The PDF variant's notes that cannot sit at the foot of a page, listed at the end."""
        items = "\n".join(f'<article class="endnote" id="{note_id(n)}"{_dir(n.source.text)}>'
                           f'{self.note_body(n)}</article>'
                          for n in self.doc.notes if n.number in self.endnotes)
        return f'<section class="notes">\n<h2 id="bp_notes">{_t(self.doc.wording.notes)}</h2>\n{items}\n</section>'

    # -- styles
    def css(self) -> str:
        c = {k: f"#{v}" for k, v in self.layout.colours.items()}
        lay, look = self.layout, self.doc.look
        w, h = lay.page_size
        top, right, bottom, left = lay.margins
        page = f"size: {w:g}mm {h:g}mm; margin: {top:g}mm {right:g}mm {bottom:g}mm {left:g}mm;"
        css = f"""html {{ color: {c['text']}; background: #FFFFFF; }}
body {{ font-family: {FONT_STACK}; line-height: 1.4; margin: 0; overflow-wrap: break-word; hyphens: auto;
  -webkit-hyphens: auto; }}
header, nav, main, footer {{ max-width: 72rem; margin: 0 auto; padding: 0 1rem; }}
h1, h2, h3 {{ color: {c['heading']}; line-height: 1.25; }}
h1 {{ font-size: 1.6rem; }}
h2 {{ font-size: 1.3rem; margin: 1.6em 0 .5em; }}
h2.purpose-heading {{ font-size: 1rem; color: {c['text']}; }}
.lead {{ font-weight: bold; }}
{self.strong_lines()} {{ font-weight: bold; }}
.running {{ color: {c['neutral']}; font-size: .9rem; }}
header .running {{ text-align: {self.header_align()}; }}
a, a:visited {{ color: {c['link']}; }}
a:focus, .scroll:focus {{ outline: 3px solid {c['link']}; outline-offset: 2px; }}
ol.toc, ol.toc ol {{ list-style: none; padding-left: 0; }}
ol.toc ol {{ padding-left: 1.5em; }}
ol.toc > li {{ font-weight: {'bold' if look.contents_bold else 'normal'}; margin-top: .3em; }}
ol.toc a {{ color: #{look.contents_colour}; }}
ol.toc ol {{ font-weight: normal; }}
.scroll {{ overflow-x: auto; max-width: 100%; }}
table {{ border-collapse: collapse; width: 100%; min-width: 44rem; font-size: .95rem; }}
caption {{ text-align: start; }}
caption .caption {{ display: block; font-weight: bold; margin-bottom: .3em; }}
th, td {{ border: 1px solid {c['border']}; padding: .35em .5em; vertical-align: top; text-align: start;
         hyphens: auto; -webkit-hyphens: auto; }}  /* by the page's lang: words split only where they may */
thead th {{ background: {c['header_fill']}; color: {c['header_text']}; }}
tr.group th {{ background: {c['group_fill']}; color: {c['group_text']}; }}
tbody th {{ font-weight: normal; }}
tr.group th {{ font-weight: bold; }}
.value {{ display: block; }}
svg.chart {{ display: block; max-width: none; height: auto; margin-top: .25em; direction: ltr; }}
sup.noteref {{ line-height: 0; }}
ol.notes {{ list-style: none; padding-left: 0; }}
ol.notes li {{ margin: .2em 0; }}
.fn-number {{ display: inline-block; min-width: 1.8em; }}
.url {{ overflow-wrap: anywhere; }}
.sr-only {{ position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }}
footer {{ margin-top: 2em; padding-bottom: 1em; }}
@media print {{
  @page {{ {page}
{self.furniture(c)}  }}
  .running {{ display: none; }}
  header, nav, main, footer {{ max-width: none; padding: 0; }}
  body {{ font-size: {lay.font_size:g}pt; line-height: {look.leading:g}; }}
  header p, header li {{ font-size: {look.cover_size:g}pt; margin: 0 0 4pt; }}
  h1 {{ font-size: {lay.title_size:g}pt; margin: {look.title_space[0]:g}pt 0 {look.title_space[1]:g}pt; }}
  h2 {{ font-size: {lay.heading1_size:g}pt; margin: {look.heading_space[0]:g}pt 0 {look.heading_space[1]:g}pt; }}
  h2.purpose-heading {{ font-size: {look.cover_size:g}pt; margin: 4pt 0; }}
  ol.purpose {{ margin: 0; padding-left: 6mm; }}
  table {{ min-width: 0; font-size: {look.cell_size:g}pt; table-layout: fixed; }}
  th, td {{ padding: 1.2mm; border-width: {look.rule:g}pt; }}
  thead th, tr.group th {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
  svg.chart {{ width: auto; height: auto; max-width: 100%; }}
  .scroll {{ overflow: visible; }}
  thead {{ display: table-header-group; }}
  tr {{ break-inside: avoid; }}
  h2, tr.group {{ break-after: avoid; }}
  nav.contents {{ break-after: page; }}
}}
"""
        cards = CARDS_CSS.replace("BORDER", c["border"]).replace("NEUTRAL", c["neutral"])
        return (css + ("" if self.for_pdf else cards) + (self.pdf_css(c) if self.for_pdf else "")
                + _status_html.css(self.doc, self.layout) + (key_css if self.doc.chart_key else "")
                + chart_notes_css(self.doc, self.layout) + _reports_html.css(self.doc, self.layout))

    def strong_lines(self) -> str:
        """The CSS selector of the cover lines the look sets in bold."""
        roles = [r for r in self.doc.look.cover_bold if r != "purpose"]
        picked = [f"header p.{r.replace('_', '-')}" for r in roles]
        picked += ["ol.purpose li"] if "purpose" in self.doc.look.cover_bold else []
        return ", ".join(picked) or "header p.none"

    def header_align(self) -> str:
        return {"left": "start", "center": "center", "right": "end"}[self.doc.look.header_align]

    def furniture(self, c: dict) -> str:
        """The page margin boxes of the print stylesheet: header, footer, "Page N of M"."""
        f = self.doc.furniture
        style = f"font-family: {FONT_STACK}; font-size: {self.doc.look.furniture_size:g}pt; color: {c['neutral']};"
        total = css_string(f.page_middle) + " counter(pages) " + css_string(f.page_after)
        box = {"left": "top-left", "center": "top-center", "right": "top-right"}[self.doc.look.header_align]
        return (f"    @{box} {{ content: {css_string(f.header)}; {style} }}\n"
                f"    @bottom-left {{ content: {css_string(f.footer)}; {style} }}\n"
                f"    @bottom-right {{ content: {css_string(f.page_before)} counter(page) {total}; {style} }}\n")

    def pdf_css(self, c: dict) -> str:
        """The print stylesheet WeasyPrint lays the PDF out with (after the shared print rules)."""
        lay, look = self.layout, self.doc.look
        # no rule above the notes: WeasyPrint 70 takes a footnote area with a border, padding or
        # margin to overflow, and then moves every later note of the page to the next page
        # no automatic hyphenation in the PDF: a hyphen WeasyPrint adds is text, and every PDF reader
        # (text extractors, screen readers) then reads the word in two halves
        return f"""@page {{ @footnote {{ max-height: 60%; }} }}
body, th, td {{ hyphens: manual; -webkit-hyphens: manual; }}
body {{ font-size: {lay.font_size:g}pt; }}
h1 {{ font-size: {lay.title_size:g}pt; bookmark-level: none; }}
h2 {{ font-size: {lay.heading1_size:g}pt; bookmark-level: none; }}
h2.purpose-heading {{ font-size: {look.cover_size:g}pt; }}
ol.toc li {{ font-size: {look.contents_size:g}pt; margin: 0 0 2pt; }}
ol.toc > li {{ margin-top: 0; }}
ol.toc ol {{ margin-top: 2pt; }}
section.kpis caption h2 {{ bookmark-level: 1; }}
sup.noteref {{ line-height: 1; }}
tr.group th {{ bookmark-level: 2; bookmark-label: content(text); }}
ol.toc a {{ text-decoration: none; }}
ol.toc a::after {{ content: leader("{'. ' if look.contents_leader == 'dots' else ' '}") target-counter(attr(href url), page); }}
tr.break, section.break {{ break-before: page; }}
article.fn {{ float: footnote; font-size: {look.note_size:g}pt; line-height: {look.leading:g}; font-weight: normal; overflow-wrap: anywhere; }}
article.fn::footnote-call {{ content: none; }}
article.fn::footnote-marker {{ content: none; }}
.fn-number {{ display: inline-block; min-width: 4mm; }}
article.endnote {{ font-size: {look.note_size:g}pt; overflow-wrap: anywhere; margin: .5mm 0; }}
"""


def write_html(doc: Document, layout: Layout, *, for_pdf: bool = False, breaks: frozenset[str] = frozenset(),
               endnotes: frozenset[int] = frozenset()) -> bytes:
    """The paper as one self-contained UTF-8 HTML page. ``for_pdf``: the WeasyPrint variant, with a
    page break before each KPI row whose id is in ``breaks`` (before its group row if it opens one)
    and the notes numbered in ``endnotes`` listed at the end rather than at the foot of a page."""
    return _Page(doc, layout, for_pdf, breaks, endnotes).html().encode("utf-8")


def check_html(doc: Document, data: bytes) -> list[str]:
    """The page read back (a parser, not string matching): raise ``LostContentError`` when a KPI is
    missing; return one line saying it passed or listing what a screen-reader user would meet: no
    ``lang`` or ``<title>``, not exactly one ``h1``, a table without a caption or a header cell
    without ``scope``, a chart without a text alternative, a duplicate id, a link that lands nowhere."""
    class Reader(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.tags: list[tuple[str, dict]] = []
            self.text: list[str] = []
            self.title = ""
            self._in_title = False

        def handle_starttag(self, tag, attrs):
            self.tags.append((tag, dict(attrs)))
            self._in_title = tag == "title"

        def handle_endtag(self, tag):
            self._in_title = False

        def handle_data(self, data):
            self.text.append(data)
            if self._in_title:
                self.title += data

    r = Reader()
    r.feed(data.decode("utf-8"))
    text = "".join("".join(r.text).split())
    lost = [f"HTML lacks KPI {row.id!r} ({row.origin})" for s in doc.sections for row in s.rows
            if "".join(row.kpi.split()) not in text]
    if lost:
        raise LostContentError("; ".join(lost[:10]))
    problems: list[str] = []
    tags = [t for t, _ in r.tags]
    if not dict(r.tags[0][1] if r.tags and r.tags[0][0] == "html" else {}).get("lang"):
        problems.append("no page language")
    if not r.title.strip():
        problems.append("no page title")
    if tags.count("h1") != 1:
        problems.append(f"{tags.count('h1')} h1 headings, not one")
    if tags.count("caption") != tags.count("table"):
        problems.append("a table has no caption")
    if any(t == "th" and not a.get("scope") for t, a in r.tags):
        problems.append("a header cell has no scope")
    if any(t == "svg" and a.get("aria-hidden") != "true" and (a.get("role") != "img" or not a.get("aria-label"))
           for t, a in r.tags):  # a decorative sample (the chart key) is hidden, its words beside it
        problems.append("a chart has no text alternative")
    ids = [a["id"] for _, a in r.tags if a.get("id")]
    if len(ids) != len(set(ids)):
        problems.append("duplicate ids")
    targets = {a["href"][1:] for t, a in r.tags if t == "a" and a.get("href", "").startswith("#")}
    if targets - set(ids):
        problems.append("links that land nowhere: " + ", ".join(sorted(targets - set(ids))[:5]))
    return ["accessibility HTML: " + ("passed" if not problems else "; ".join(problems))]
