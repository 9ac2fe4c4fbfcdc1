"""The DOCX's chart key (after the contents): Heading 1 on a new page, bookmarked (its contents
entry), and one paragraph per entry: its sample as an inline picture painted by the PNG chart
painter (alt text: the entry's words), a tab, the words. Compose decides the entries."""
from __future__ import annotations

import io

from docx.shared import Mm, Pt

from ... import manifest
from ...charts.key import SAMPLE_MM, sample
from ...charts.png import _chart_font, paint
from ...charts.scene import Style
from ...model import Document
from . import ooxml as _ooxml

_clean = manifest.xml_text  # text as the DOCX holds it (as the writer cleans it)



def docx_key(ctx, doc: Document) -> None:
    """Heading 1 (a new page, bookmarked: the contents entry) and one paragraph per entry: the sample as an
    inline picture (alt text: the entry's words), a tab, the words."""
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
                           ctx.wording.say("key_sample_name", n=ctx.shape), words, words, ctx.images)
        ctx.shape += 1
        p.add_run("\t" + words)
