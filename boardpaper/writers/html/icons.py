"""The HTML page's status icons: inline SVG with its words, or (WeasyPrint) a background image."""
from __future__ import annotations

import base64

from ...charts.status_icons import Palette, icon_svg
from .text import _t


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
