"""A merged sub-objective label printed again at the top of each page its group continues onto, put
into a written DOCX once its pages are measured (raw XML, like :mod:`.ooxml`).

The writer merges a group's sub-objective cells down the group's rows, so Word and LibreOffice
show the label on the group's first page only. :func:`restart_groups` takes the pages LibreOffice
measured for the DOCX's bookmarks (every input field is bookmarked, :mod:`boardpaper.cycle.manifest`),
asks :func:`boardpaper.compose.group_labels.continued_rows` which rows begin a page inside a group, and there
restarts the vertical merge with the group's ``continued`` label ("Availability (continued)") in
the ``BP Sub-Objective Continued`` style, with no bookmark: it shows no input field of its own, and
:func:`boardpaper.cycle.docx_text.vmerge_continues` reads a cell in that style as continuing the group
above (LibreOffice drops the ``vMerge`` of a merge one row long when it saves, so the style is the
mark).
"""
from __future__ import annotations

import io
import zipfile
from typing import Mapping

from ...compose.group_labels import continued_rows
from ...layout import Layout
from ...cycle.manifest import MarkPlan, plan, xml_text
from ...model import Document
from .styles import STYLES
from ...wordml import W
from .package import reproducible_zip

DOCUMENT = "word/document.xml"


def row_pages(doc: Document, measured: Mapping[str, int], marks: MarkPlan | None = None
              ) -> dict[tuple[int, int], int]:
    """(section index, row index) → the first page any of the row's bookmarks is measured on (the
    fields' hidden bookmarks named by ``marks``, default :func:`boardpaper.cycle.manifest.plan` of
    ``doc``; the row's own anchor)."""
    marks = (marks or plan(doc)).cells
    where = {r.id: (si, i) for si, s in enumerate(doc.sections) for i, r in enumerate(s.rows)}
    out: dict[tuple[int, int], int] = {}
    for (kid, _key, _j), name in marks.items():
        page, at = measured.get(name), where.get(kid)
        if page is not None and at is not None:
            out[at] = min(page, out.get(at, page))
    for si, s in enumerate(doc.sections):
        for i, r in enumerate(s.rows):
            page = measured.get(r.anchor) if r.anchor else None
            if page is not None:
                out[(si, i)] = min(page, out.get((si, i), page))
    return out


def restart_groups(data: bytes, doc: Document, layout: Layout, measured: Mapping[str, int]) -> bytes:
    """``data`` (what :func:`~.docx.write_docx` wrote for ``doc``) with each merged group's label
    repeated, as its ``continued`` wording, in the first row of every page the group continues
    onto according to ``measured`` (bookmark name → page). ``data`` itself when no group crosses a
    page (or the table style merges nothing)."""
    marks = plan(doc)
    restarts = continued_rows(doc, layout, row_pages(doc, measured, marks))
    if not restarts:
        return data
    from docx.oxml import parse_xml

    from .ooxml_rtl import mark_right_to_left

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = parse_xml(z.read(DOCUMENT))
        styles = z.read("word/styles.xml")
    style_id = _style_id(styles, STYLES["sub_objective_continued"])
    starts = {b.get(W + "name"): b for b in root.iter(W + "bookmarkStart")}
    first_mark = {}
    for (kid, _key, _j), name in marks.cells.items():
        first_mark.setdefault(kid, name)
    for si, i in restarts:
        section = doc.sections[si]
        row = section.rows[i]
        group = next(g for g in section.groups if g.first <= i < g.first + g.count)
        mark = starts.get(first_mark.get(row.id, ""))
        if mark is None:
            mark = starts.get(row.anchor)
        tr = next(mark.iterancestors(W + "tr"), None) if mark is not None else None
        if tr is None:
            continue
        cells = tr.findall(W + "tc")
        col = [c.key for c in section.columns].index("sub_objective")
        if col >= len(cells):
            continue
        _restart(cells[col], xml_text(group.continued or group.title), style_id)
        mark_right_to_left(cells[col])
    from lxml import etree

    new = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return reproducible_zip(data, doc.created, {DOCUMENT: new})


def _style_id(styles_xml: bytes, name: str) -> str:
    """The id of the paragraph style called ``name`` in ``styles_xml`` (the writer defines every
    house style, so it is there; its default id otherwise)."""
    from lxml import etree

    for s in etree.fromstring(styles_xml).iter(W + "style"):
        n = s.find(W + "name")
        if n is not None and n.get(W + "val") == name:
            return s.get(W + "styleId")
    return name.replace(" ", "").replace("-", "")


def _restart(tc, text: str, style_id: str) -> None:
    """Cell ``tc`` (a merged continuation) made to begin a merge of its own, holding ``text`` in
    one paragraph of style ``style_id``."""
    from .ooxml import TCPR_SEQ, el, put, run

    put(tc.get_or_add_tcPr(), el("w:vMerge", {"val": "restart"}), TCPR_SEQ)
    paragraphs = tc.findall(W + "p")
    label = el("w:p", None, el("w:pPr", None, el("w:pStyle", {"val": style_id})), run(text))
    if paragraphs:
        paragraphs[0].addprevious(label)
    else:
        tc.append(label)
    for p in paragraphs:
        tc.remove(p)
