"""The HTML page's exception reports (a ``<section>`` after the KPI tables: ``h2``, one ``h3`` per
report, ``h4`` narrative headings, real lists) and the summary matrix (a table with column and row
header cells, each cell a list of links to the KPIs' rows). Strings in, strings out.

Hooks in :mod:`.writer` and :mod:`.status`: ``exceptions_section`` at the end of the main
content, ``contents_item`` in the contents, ``matrix_section`` in the summary, ``report_link``
after a KPI's text in its row and its summary line.
"""
from __future__ import annotations

from ...model import Document, ExceptionReport
from ...charts.status_icons import Palette
from .svg import chart_svg
from .icons import _icon_words
from .text import _dir, _lines, _t

CSS = """
section.exceptions > h2 { bookmark-level: 1; }
section.report > h3 { bookmark-level: 2; margin-top: 1.4em; }
section.report h4 { margin: .8em 0 .2em; color: HEADING; bookmark-level: none; }
section.report p, section.report ul { margin: .2em 0 .4em; }
p.facts .lead { font-weight: bold; }
figure.full-chart { margin: .6em 0; }
svg.full-chart { display: block; width: 100%; height: auto; max-width: 100%; direction: ltr; }
figure.full-chart figcaption { font-size: .85em; color: NEUTRAL; }
a.report-link { display: block; font-weight: normal; font-size: .9em; margin-top: .2em; }
table.matrix td ul { list-style: none; margin: 0; padding: 0; }
table.matrix td li { margin: 0 0 .25em; }
table.matrix tbody th { font-weight: bold; background: GROUP_FILL; }
section.summary > h3.matrix { bookmark-level: 2; }
@media print {
  section.exceptions { break-before: page; }
  section.report > h3, p.facts, p.reasons, p.readings { break-after: avoid; }
  figure.full-chart { break-inside: avoid; }
}
"""


def css(doc: Document, layout) -> str:
    """The rules for reports and the matrix; '' when the paper has neither."""
    if doc.exceptions is None and (doc.summary is None or doc.summary.matrix is None):
        return ""
    c = layout.colours
    return (CSS.replace("HEADING", "#" + c["heading"]).replace("NEUTRAL", "#" + c["neutral"])
            .replace("GROUP_FILL", "#" + c["group_fill"]))


def report_link(doc: Document, anchor: str) -> str:
    """The link from a KPI's row or summary line to its report ('' for none)."""
    if not anchor or doc.exceptions is None:
        return ""
    return f'<a class="report-link" href="#{_t(anchor)}">{_t(doc.exceptions.link)}</a>'


def contents_item(doc: Document) -> str:
    """The section's ``<li>`` in the contents, with one entry per report."""
    ex = doc.exceptions
    if ex is None:
        return ""
    sub = "".join(f'<li{_dir(r.title)}><a href="#{r.anchor}">{_t(r.title)}</a></li>' for r in ex.reports)
    return f'<li><a href="#{ex.anchor}">{_t(ex.title)}</a>' + (f"<ol>{sub}</ol>" if sub else "") + "</li>"


def exceptions_section(doc: Document, layout, for_pdf: bool = False) -> str:
    ex = doc.exceptions
    if ex is None:
        return ""
    out = [f'<section class="exceptions" aria-labelledby="{ex.anchor}">', f'<h2 id="{ex.anchor}">{_t(ex.title)}</h2>',
           f"<p>{_t(ex.intro)}</p>"]
    out += [_report(r, layout, for_pdf) for r in ex.reports]
    out.append("</section>")
    return "\n".join(out)


def _report(r: ExceptionReport, layout, for_pdf: bool) -> str:
    facts = " · ".join(f'<span class="lead">{_t(f.label)}</span> {_t(f.text)}' for f in r.facts)
    out = ['<section class="report">', f'<h3 id="{r.anchor}"{_dir(r.title)}>{_t(r.title)}</h3>',
           f'<p class="facts">{facts}</p>', f'<p class="reasons">{_t(r.reasons)}</p>']
    pairs = r.icons
    if pairs:
        palette = Palette.of(layout)
        out.append('<p class="readings">' + " ".join(_icon_words(k, w, palette, for_pdf) for k, w in pairs) + "</p>")
    if r.chart is not None:
        key = "".join(f"<span>{_t(line)}</span> " for line in r.chart_key).strip()
        out.append(f'<figure class="full-chart">{chart_svg(r.chart, layout, "full-chart", full=True)}'
                   + (f"<figcaption>{key}</figcaption>" if key else "") + "</figure>")
    for section in r.narrative:
        out.append(f"<h4{_dir(section.heading)}>{_t(section.heading)}</h4>")
        for e in section.entries:
            for b in e.blocks:
                if b.kind == "list":
                    out.append("<ul>" + "".join(f"<li{_dir(x)}>{_t(x)}</li>" for x in b.lines) + "</ul>")
                else:
                    out.append(f"<p{_dir(b.lines[0])}>{_lines(chr(10).join(b.lines))}</p>")
    if r.placeholder:
        out.append(f'<p class="placeholder"><em>{_t(r.placeholder)}</em></p>')
    links = [f'<a href="#{_t(r.row_anchor)}">{_t(r.back_to_row)}</a>']
    if r.line_anchor:
        links.append(f'<a href="#{_t(r.line_anchor)}">{_t(r.back_to_summary)}</a>')
    out.append('<p class="back">' + " · ".join(links) + "</p>\n</section>")
    return "\n".join(out)


def matrix_section(doc: Document, layout, for_pdf: bool = False) -> str:
    """The summary matrix as a captioned table; '' without one."""
    m = doc.summary.matrix if doc.summary is not None else None
    if m is None:
        return ""
    palette = Palette.of(layout)
    icons = dict(m.icons)

    def label(text: str) -> str:
        return _icon_words(icons[text], text, palette, for_pdf) if text in icons else _t(text)

    head = f'<th scope="col">{_t(m.corner)}</th>' + "".join(f'<th scope="col">{label(c)}</th>' for c in m.columns)
    rows = []
    for name, cells in zip(m.rows, m.cells):
        # data-label: on a phone's screen each row is a card, each cell under its column's words
        tds = "".join(f'<td data-label="{_t(column)}">' + ("<ul>" + "".join(
            f'<li><a href="#{_t(e.anchor)}">{_t(e.kpi)}</a></li>' for e in entries) + "</ul>" if entries else "")
            + "</td>" for column, entries in zip(m.columns, cells))
        rows.append(f'<tr><th scope="row" data-label="{_t(m.corner)}">{label(name)}</th>{tds}</tr>')
    describe = "" if for_pdf else f' aria-describedby="{m.anchor}_summary"'
    summary = "" if for_pdf else f'<p id="{m.anchor}_summary" class="sr-only">{_t(m.description)}</p>\n'
    return (f'<h3 id="{m.anchor}" class="matrix">{_t(m.title)}</h3>\n{summary}'
            f'<div class="scroll" role="region" tabindex="0" aria-labelledby="{m.anchor}_caption">\n'
            f'<table class="matrix cards"{describe}>\n<caption id="{m.anchor}_caption">{_t(m.title)}</caption>\n'
            f"<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n</div>")
