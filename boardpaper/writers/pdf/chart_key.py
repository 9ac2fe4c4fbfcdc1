"""The PDF's chart key (after the contents): a heading (bookmark, outline and contents entry) and a
table of the key's entries, two to a row, each sample drawn by the vector chart painter from
:func:`boardpaper.charts.key.sample`. Compose decides the entries; this only paints them."""
from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from ...charts.key import SAMPLE_MM, sample
from ...charts.vector import paint
from ...charts.scene import Style
from .bidi import BidiParagraph as Paragraph
from .headings import _h2
from .table import Marked

COLUMNS = 2  # entries side by side



def pdf_flowables(story) -> list:
    """The key's heading (``Marked``: bookmark, outline and contents entry) and a table of its
    entries, two to a row; ``[]`` without a key."""
    key = story.doc.chart_key
    if key is None or not key.entries:
        return []
    heading = Marked(story.t(key.title, None, _h2(story)), _h2(story))
    heading.bp_anchor = (1, key.anchor, key.title)
    style = Style.of(story.layout, story.fonts.name)
    swatch = SAMPLE_MM[0] * mm + 2 * mm
    text_w = story.width / COLUMNS - swatch
    data = []
    entries = list(key.entries)
    for row in (entries[i:i + COLUMNS] for i in range(0, len(entries), COLUMNS)):
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
