"""The HTML page's chart key: a ``<section>`` after the contents with an ``h2`` (its contents
entry) and a list of the key's entries, each sample painted by the SVG chart painter and hidden
from assistive technology (its words say what it shows); in the WeasyPrint variant a background
image, an artifact. Compose decides the entries."""
from __future__ import annotations

import base64
from html import escape

from ...charts.key import SAMPLE_MM, sample
from ...charts.scene import Style
from ...model import Document
from .svg import paint_items



def _svg(items, size) -> str:
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
