"""The page's own escaping and text direction, for the HTML writer and its status parts."""
from __future__ import annotations

from html import escape

from ...fonts.coverage import direction


def _t(text: str) -> str:
    """Text, escaped for element content and attributes alike."""
    return escape(text or "", quote=True)


def _dir(text: str) -> str:
    """`` dir="rtl"`` for an element whose text starts right to left (its first strong letter is
    Arabic, Hebrew, …), so the browser orders and aligns it so; nothing otherwise."""
    return ' dir="rtl"' if direction(text or "") == "rtl" else ""


def _lines(text: str) -> str:
    """Text whose line breaks are kept."""
    return "<br>".join(_t(part) for part in (text or "").split("\n"))
