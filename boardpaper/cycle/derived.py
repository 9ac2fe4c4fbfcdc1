"""Text boardpaper makes itself, recorded in the manifest so that harvest knows it.

A paper's status summary, counts and key, matrices, exception-report headings, "(continued)"
labels, chart keys and contents entries are made from many fields or from fixed wording, never
from one field, so no bookmark can trace them. At build time :func:`derived_texts` records every
such paragraph outside the KPI tables, and every row of a table without field bookmarks, as the
DOCX shows it; harvest passes over text that still reads the same (:func:`key`) and lists any
other as unmapped. So an untouched DOCX of any layout harvests as no changes.
"""
from __future__ import annotations

import re

from .changes import fold
from .docx_text import NOTE, cells_of, paragraphs_of, text_of
from ..manifest import MARK_PREFIX
from ..wordml import W


def key(text: str) -> str:
    """The form derived text is compared in: folded, spaces collapsed, a contents entry's page
    number (after the tab) and footnote marks dropped."""
    return " ".join(re.sub(r"\t[\s\d]*$", "", fold(text).replace(NOTE, "")).split())


def row_text(tr) -> str:
    """A table row's text as harvest lists an unknown row: its cells' texts joined by `` | ``."""
    texts = (text_of(paragraphs_of(tc)).new.strip() for _, tc in cells_of(tr))
    return " | ".join(t for t in texts if t)


def derived_texts(body, marks=None) -> tuple[str, ...]:
    """Every non-blank paragraph of ``body`` outside tables, and every row of a table holding no
    field bookmark (``_bp…``), in document order, each in its :func:`key` form (cover lines and
    headings included: harvest traces those by their bookmarks first)."""
    from lxml import etree  # lazy: lxml only when DOCX XML is read or changed

    body = etree.fromstring(etree.tostring(body))  # plain lxml elements (python-docx's own override xpath)
    out: list[str] = []
    for p in body.iter(W + "p"):
        if any(a.tag == W + "tbl" for a in p.iterancestors()):
            continue
        t = key(text_of([p]).new)  # a contents line without its page number, filled in later
        if t:
            out.append(t)
    for tbl in body.iter(W + "tbl"):
        if any(b.get(W + "name", "").startswith(MARK_PREFIX) for b in tbl.iter(W + "bookmarkStart")):
            continue
        for tr in tbl.iter(W + "tr"):
            t = key(row_text(tr))
            if t:
                out.append(t)
    return tuple(out)
