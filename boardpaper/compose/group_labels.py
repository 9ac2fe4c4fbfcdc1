"""Where a merged sub-objective label must be printed again: the rows that begin a page a group
continues onto, decided from measured pages.

A writer that paints a group's label once, in a cell merged down the group's rows (the DOCX's
``merged`` tables), shows it on the group's first page only. Word or LibreOffice decide the pages
later, so the DOCX cannot know them when written; once the pages are measured
(:func:`boardpaper.build.libreoffice.bookmark_pages`), :func:`continued_rows` says which rows begin a
new page inside a group, and the DOCX is given the group's
:attr:`~boardpaper.model.Group.continued` label there (:mod:`boardpaper.writers.docx.group_labels`).
"""
from __future__ import annotations

from typing import Mapping

from ..layout import Layout
from ..model import Document


def continued_rows(doc: Document, layout: Layout, row_pages: Mapping[tuple[int, int], int]
                   ) -> tuple[tuple[int, int], ...]:
    """(section index, row index) of every row of a merged group, other than its first, that is
    laid out on a later page than the row above it, in document order.

    ``row_pages`` maps (section index, row index) to the page the row begins on; a row missing
    from it is never a restart, nor is the row after it. Groups that already print their label in
    every row (:attr:`~boardpaper.model.Group.repeat_label`, or ``accessible`` tables) need none."""
    if layout.tables == "accessible":
        return ()
    out = []
    for si, section in enumerate(doc.sections):
        if "sub_objective" not in (c.key for c in section.columns):
            continue
        for g in section.groups:
            if g.repeat_label:
                continue
            for i in range(g.first + 1, g.first + g.count):
                above, here = row_pages.get((si, i - 1)), row_pages.get((si, i))
                if above is not None and here is not None and here > above:
                    out.append((si, i))
    return tuple(out)
