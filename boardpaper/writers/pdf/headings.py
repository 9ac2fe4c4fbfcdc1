"""Pieces the PDF's status summary and exception reports share: an icon with its words, and a
level-2 heading that records its bookmark."""
from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from ...charts.status_icons import Palette, paint_icon
from .bidi import BidiParagraph as Paragraph  # right-to-left lines in visual order
from .table import Marked

CELL_ICON = 5.0 * mm  # an icon in a status cell
SUMMARY_ICON = 3.5 * mm  # an icon in the summary table and the key
GAP = 1.2 * mm  # between an icon and its words


class IconWords(Flowable):
    """An icon (vector) with its words to its right, wrapping beside it; never split."""

    def __init__(self, key: str, words: str, palette: Palette, style: ParagraphStyle, size: float, markup,
                 space_after: float = 0):
        super().__init__()
        self.key, self.palette, self.size, self.spaceAfter = key, palette, size, space_after
        self.para = Paragraph(markup(words), style)

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self._pw, self._ph = self.para.wrap(max(availWidth - self.size - GAP, 12), availHeight)
        self.height = max(self.size, self._ph)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        return []

    def draw(self):
        h, s = self.height, self.size
        self.canv.saveState()
        self.canv.translate(0, h - s)
        paint_icon(self.canv, self.key, self.palette, s)
        self.canv.restoreState()
        y = h - s / 2 - self._ph / 2 if self._ph <= s else h - self._ph  # centred on the icon, else from the top
        self.para.drawOn(self.canv, s + GAP, y)


def _h2(story) -> ParagraphStyle:
    lay = story.layout
    return ParagraphStyle("h2", story.st.h1, fontSize=lay.heading2_size, leading=lay.heading2_size * lay.look.leading,
                          spaceBefore=6, spaceAfter=3)  # the DOCX's Heading 2


def _anchored(text: str, style: ParagraphStyle, anchor: tuple[int, str, str]):
    """A heading paragraph that records ``anchor`` (level, key, title) as bookmark and outline entry."""
    heading = Marked(text, style)
    heading.bp_anchor = anchor
    return heading
