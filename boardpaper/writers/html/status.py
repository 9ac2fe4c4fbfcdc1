"""The HTML page's statistical process control status: icons as inline SVG (``role="img"``, the
words as ``aria-label``; in the WeasyPrint variant, background images) with their words, and the
summary section (every KPI linked to its row, the counts, the key). Strings in, strings out; the HTML writer places them.

Hooks in :mod:`.writer`: ``status_cell`` for a status cell's content, ``row_id`` for the KPI row's
``id`` attribute, ``contents_item`` in the contents list, ``summary_section`` at the start of the
main content, ``css`` at the end of the style sheet.
"""
from __future__ import annotations

import base64

from ...spc import xmr as spc
from ...model import Document, Row
from ...spc.icons import LEGEND, Palette, icon_svg
from ...compose import status as _status
from .writer import _dir, _t  # the page's own escaping and direction

CSS = """
.status { display: block; white-space: normal; }
.bp-icon { width: 1.4em; height: 1.4em; vertical-align: middle; margin-right: .3em; }
span.bp-icon { display: inline-block; background: no-repeat center / contain; }
table.summary .bp-icon, ul.legend .bp-icon { width: 1.15em; height: 1.15em; }
table.summary { table-layout: fixed; }
table.summary td, table.summary th { vertical-align: middle; padding: .15em .4em; }
table.summary th[scope=rowgroup] { vertical-align: top; font-weight: bold; background: GROUP_FILL; }
ul.counts, ul.key { margin: .3em 0; padding-left: 1.2em; }
ul.legend { list-style: none; padding-left: 0; columns: 18rem 3; font-size: .9em; }
section.summary > h2 { bookmark-level: 1; }
section.summary > h3 { bookmark-level: 2; }
@media print { section.summary { break-after: page; } }
"""


def css(doc: Document, layout) -> str:
    """The status rules of the style sheet; '' when the paper shows no status (the page unchanged)."""
    shown = doc.summary is not None or any(c.key == _status.STATUS_KEY for s in doc.sections for c in s.columns)
    return CSS.replace("GROUP_FILL", "#" + layout.colours["group_fill"]) if shown else ""


def _icon(key: str, words: str, palette: Palette, for_pdf: bool) -> str:
    """Icon ``key``: on the web page an inline SVG whose accessible name is ``words``; in the
    WeasyPrint variant a CSS background image, which WeasyPrint paints as an artifact (the words
    printed beside it say what it means, so a tagged PDF holds no figure without alternative text)."""
    if not for_pdf:
        return icon_svg(key, palette, words)
    data = base64.b64encode(icon_svg(key, palette, words).encode("utf-8")).decode("ascii")
    return f'<span class="bp-icon" style="background-image: url(data:image/svg+xml;base64,{data})"></span>'


def _icon_words(key: str, words: str, palette: Palette, for_pdf: bool = False) -> str:
    """The icon then its words; on the web page the words are hidden from screen readers, since
    the icon's accessible name says them (said once)."""
    hidden = "" if for_pdf else ' aria-hidden="true"'
    return f'<span class="status">{_icon(key, words, palette, for_pdf)}<span{hidden}>{_t(words)}</span></span>'


def status_cell(row: Row, layout, for_pdf: bool = False) -> str:
    """The content of ``row``'s status cell: each icon with its words; the plain status text when
    there is no icon."""
    pairs = _status.icons(row.reading)
    if not pairs:
        text = row.value(_status.STATUS_KEY)
        return f'<span class="value">{_t(text)}</span>' if text else ""
    palette = Palette.of(layout)
    return "".join(_icon_words(k, w, palette, for_pdf) for k, w in pairs)


def row_id(row: Row, doc: Document) -> str:
    """`` id="…"`` for ``row``'s ``<tr>`` when the paper has a summary linking to it, else ''."""
    return f' id="{_t(row.anchor)}"' if (doc.summary is not None or row.report) and row.anchor else ""


def contents_item(doc: Document) -> str:
    """The summary's ``<li>`` in the contents (with its key below it), '' without a summary."""
    s = doc.summary
    if s is None:
        return ""
    matrix = f'<li><a href="#{s.matrix.anchor}">{_t(s.matrix.title)}</a></li>' if s.matrix else ""
    return (f'<li><a href="#{s.anchor}">{_t(s.title)}</a>'
            f'<ol>{matrix}<li><a href="#{s.key_anchor}">{_t(s.key_title)}</a></li></ol></li>')


def summary_section(doc: Document, layout, for_pdf: bool = False) -> str:
    """The summary as a ``<section>``: heading, counts, the table of every KPI linked to its row,
    the key and the icon legend; '' without a summary."""
    s = doc.summary
    if s is None:
        return ""
    palette = Palette.of(layout)
    cols = _status.summary_columns(doc)
    out = ['<section class="summary">', f'<h2 id="{s.anchor}">{_t(s.title)}</h2>',
           '<ul class="counts">']
    out += [f"<li><strong>{_t(g)}:</strong> {_t(_status.count_text(got))}</li>" for g, got in _status.count_lines(s)]
    out.append("</ul>")
    head = "".join(f'<th scope="col">{_t(label)}</th>' for label in cols.labels)
    total = sum(cols.widths)
    colgroup = "".join(f'<col style="width:{w / total * 100:.2f}%">' for w in cols.widths)
    caption = f"{s.anchor}_caption"  # names the region that scrolls sideways on a narrow screen
    out.append(f'<div class="scroll" role="region" tabindex="0" aria-labelledby="{caption}">\n'
               f'<table class="summary">\n<caption id="{caption}">{_t(s.title)}</caption>\n'
               f"<colgroup>{colgroup}</colgroup>\n<thead><tr>{head}</tr></thead>")
    for section, entries in _status.summary_runs(s):
        out.append("<tbody>")
        for i, e in enumerate(entries):
            cells = ["".join(_icon_words(k, w, palette, for_pdf) for k, w in pairs)
                     for pairs in _status.entry_cells(e, cols)]
            if e.reading is None:
                cells[0] = _t(spc.NO_READING)
            lead = (f'<th scope="rowgroup" rowspan="{len(entries)}"{_dir(section)}>{_t(section)}</th>'
                    if i == 0 else "")
            from .exceptions import report_link
            line = f' id="{_t(e.line_anchor)}"' if e.report and e.line_anchor else ""
            out.append(f'<tr{line}>{lead}<th scope="row"{_dir(e.kpi)}><a href="#{_t(e.anchor)}">{_t(e.kpi)}</a>'
                       f'{report_link(doc, e.report)}</th>'
                       f"<td{_dir(e.latest)}>{_t(e.latest)}</td>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        out.append("</tbody>")
    out.append("</table>\n</div>")
    from .exceptions import matrix_section
    out.append(matrix_section(doc, layout, for_pdf))
    out.append(f'<h3 id="{s.key_anchor}">{_t(s.key_title)}</h3>\n<ul class="key">')
    out += [f"<li>{_t(line)}</li>" for line in s.key]
    out.append('</ul>\n<ul class="legend">')
    hidden = "" if for_pdf else ' aria-hidden="true"'
    out += [f"<li>{_icon(k, spc.ICONS[k], palette, for_pdf)} <strong{hidden}>{_t(spc.ICONS[k])}</strong> – "
            f"{_t(text)}</li>" for k, text in LEGEND.items()]
    out.append("</ul>\n</section>")
    return "\n".join(out)
