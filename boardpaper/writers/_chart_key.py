"""The chart key, painted by every writer: a heading (a contents entry, bookmarked) after the
contents, then one line per entry of :class:`~boardpaper.model.ChartKey`: its sample, drawn by the
format's own chart painter from :func:`boardpaper.charts.key.sample`, and its words.

Compose decides the entries; this module only paints them: :func:`pdf_flowables` (reportlab),
:func:`docx_key` (python-docx) and :func:`html_key` (the HTML page and its WeasyPrint variant).
A sample is decorative (its words say what it shows): the DOCX gives it that alt text, the HTML
hides it from assistive technology.
"""
from __future__ import annotations

import base64
from html import escape

from ..charts.key import SAMPLE_MM, sample
from ..charts.scene import Style
from ..model import ChartKey, Document

COLUMNS = 2  # entries side by side in the PDF and DOCX


def _rows(key: ChartKey) -> list[list]:
    entries = list(key.entries)
    return [entries[i:i + COLUMNS] for i in range(0, len(entries), COLUMNS)]


# ------------------------------------------------------------------------------------------ PDF


def pdf_flowables(story) -> list:
    """The key's heading (``Marked``: bookmark, outline and contents entry) and a table of its
    entries, two to a row; ``[]`` without a key."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer, Table, TableStyle

    from ..charts.vector import paint
    from ._pdf_bidi import BidiParagraph as Paragraph
    from ._pdf_table import Marked
    from ._status_pdf import _h2

    key = story.doc.chart_key
    if key is None or not key.entries:
        return []
    heading = Marked(story.t(key.title, None, _h2(story)), _h2(story))
    heading.bp_anchor = (1, key.anchor, key.title)
    style = Style.of(story.layout, story.fonts.name)
    swatch = SAMPLE_MM[0] * mm + 2 * mm
    text_w = story.width / COLUMNS - swatch
    data = []
    for row in _rows(key):
        cells: list = []
        for e in row:
            size, items = sample(e.sample, style)
            cells += [paint(items, size, story.fonts.name), Paragraph(story.t(e.words, text_w), story.st.cell)]
        data.append(cells + ["", ""] * (COLUMNS - len(row)))
    table = Table(data, colWidths=[swatch, text_w] * COLUMNS)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("FONTNAME", (0, 0), (-1, -1), story.fonts.name),
                               ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    return [heading, table, Spacer(1, 5 * mm)]


# ----------------------------------------------------------------------------------------- DOCX


def docx_key(ctx, doc: Document) -> None:
    """Heading 1 (a new page, bookmarked: the contents entry) and one paragraph per entry: the sample as an
    inline picture (alt text: the entry's words), a tab, the words."""
    import io

    from docx.shared import Mm, Pt

    from ..charts.png import _chart_font, paint
    from . import _ooxml
    from .docx import _clean

    key = doc.chart_key
    if key is None or not key.entries:
        return
    h = ctx.styled(ctx.d.add_paragraph(_clean(key.title)), "heading1")
    h.paragraph_format.page_break_before = True  # on top of the page after the contents, as in the PDF
    _ooxml.add_bookmark(h, key.anchor, ctx.next_bookmark())
    style = Style.of(ctx.layout)
    _, font_file = _chart_font(style.font)
    for e in key.entries:
        size, items = sample(e.sample, style)
        img, _ = paint(items, size, font_file)
        buf = io.BytesIO()
        img.save(buf, format="PNG", dpi=(300, 300))
        p = ctx.styled(ctx.d.add_paragraph(), "td")
        p.paragraph_format.space_after = Pt(1)
        p.paragraph_format.left_indent = Mm(SAMPLE_MM[0] + 2)
        p.paragraph_format.first_line_indent = -Mm(SAMPLE_MM[0] + 2)
        run = p.add_run()
        words = _clean(e.words)
        _ooxml.add_picture(run, buf.getvalue(), Mm(SAMPLE_MM[0]), Mm(SAMPLE_MM[1]), ctx.shape,
                           f"Chart key {ctx.shape}", words, words, ctx.images)
        ctx.shape += 1
        p.add_run("\t" + words)


# ----------------------------------------------------------------------------------------- HTML


def _svg(items, size) -> str:
    from ._svg import paint_items

    W, H = size
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{SAMPLE_MM[0]:g}mm" height="{SAMPLE_MM[1]:g}mm" '
            f'viewBox="0 0 {W:.2f} {H:.2f}">{paint_items(items, H)}</svg>')


def html_contents_item(doc: Document) -> str:
    """The key's ``<li>`` in the contents, '' without a key."""
    key = doc.chart_key
    if key is None or not key.entries:
        return ""
    return f'<li><a href="#{key.anchor}">{escape(key.title)}</a></li>'


def html_key(doc: Document, layout, for_pdf: bool = False) -> str:
    """The key as a ``<section>``: an ``h2`` and a list, each item its sample (hidden from
    assistive technology; in the WeasyPrint variant a background image, an artifact) and words."""
    key = doc.chart_key
    if key is None or not key.entries:
        return ""
    style = Style.of(layout)
    out = ['<section class="chart-key">', f'<h2 id="{key.anchor}">{escape(key.title)}</h2>', '<ul class="chart-key">']
    for e in key.entries:
        size, items = sample(e.sample, style)
        svg = _svg(items, size)
        if for_pdf:
            data = base64.b64encode(svg.encode()).decode()
            pic = f'<span class="key-sample" style="background-image:url(data:image/svg+xml;base64,{data})"></span>'
        else:
            pic = svg.replace("<svg ", '<svg class="key-sample" aria-hidden="true" focusable="false" ', 1)
        out.append(f"<li>{pic}<span>{escape(e.words)}</span></li>")
    out.append("</ul>\n</section>")
    return "\n".join(out)


CSS = f"""
ul.chart-key {{ list-style: none; padding-left: 0; columns: 22rem 2; font-size: .95em; }}
ul.chart-key li {{ display: flex; align-items: center; gap: .6em; margin: .15em 0; break-inside: avoid; }}
.key-sample {{ flex: none; width: {SAMPLE_MM[0]:g}mm; height: {SAMPLE_MM[1]:g}mm; }}
span.key-sample {{ display: inline-block; background: no-repeat center / contain; }}
section.chart-key > h2 {{ bookmark-level: 1; }}
"""
