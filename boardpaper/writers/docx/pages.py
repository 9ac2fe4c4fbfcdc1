"""The DOCX's page numbers without python-docx: the estimate the contents start with, and putting
measured numbers into a written DOCX (:func:`fill_page_numbers`). Light to import, so the build
process can fill in the numbers without loading the DOCX writer."""
from __future__ import annotations

from typing import Mapping

from ...layout import PT_MM, Layout
from ...model import Document
from .package import set_field_results

TWIPS_PER_MM = 1440 / 25.4


def column_widths(weights: list[float], total_twips: int) -> list[int]:
    """Integer widths proportional to ``weights`` that sum exactly to ``total_twips``."""
    weights = [max(w, 0) for w in weights]
    if not sum(weights):
        weights = [1] * len(weights)
    out = [int(total_twips * w / sum(weights)) for w in weights]
    out[-1] += total_twips - sum(out)
    return out


def estimate_pages(doc: Document, layout: Layout) -> dict[str, int]:
    """A rough page for every contents anchor, from text lengths and the layout's geometry:
    cover and contents first, a page break, the chart key, then the tables row by row (rows never
    split)."""
    (_, page_h), (top, _, bottom, _) = layout.page_size, layout.margins
    usable = page_h - top - bottom
    line = layout.line_mm
    front = 8 * line * 1.4 + (len(doc.cover.purpose) + len(doc.contents)) * line * 1.25
    page = 1 + int(front // usable) + 1
    pages: dict[str, int] = {}
    y = 0.0
    key = doc.chart_key
    if key is not None and key.entries:  # at the top of the page after the contents
        pages[key.anchor] = page
        y = layout.heading1_size * PT_MM * 2 + len(key.entries) * line * 1.6
    for s in doc.sections:
        header = 2 * line + 3
        if y + layout.heading1_size * PT_MM * 2 + header + 3 * line > usable:
            page, y = page + 1, 0.0
        pages[s.anchor] = page
        y += layout.heading1_size * PT_MM * 2 + header
        for i, r in enumerate(s.rows):
            h = r.estimated_mm  # the estimate compose marks tall rows with
            notes = len(r.notes) * line
            if y + h + notes > usable:
                page, y = page + 1, header
            group = s.group_at(i)
            if group is not None:
                pages[group.anchor] = page
            y += h + notes
    if doc.exceptions is not None:  # a new page, then each report: its chart and a few paragraphs
        page += 1
        pages[doc.exceptions.anchor] = page
        y = layout.heading1_size * PT_MM * 2 + 2 * line
        for r in doc.exceptions.reports:
            lines = 6 + sum(len(b.lines) + 1 for n in r.narrative for e in n.entries for b in e.blocks) + 2 * len(
                r.narrative)
            h = (r.chart.size[1] if r.chart else 0) + lines * line * 1.3
            if y + min(h, usable / 2) > usable:
                page, y = page + 1, 0.0
            pages[r.anchor] = page
            y += h
            while y > usable:
                page, y = page + 1, y - usable
    return _with_summary(doc, pages)


def _with_summary(doc: Document, pages: dict[str, int]) -> dict[str, int]:
    """``pages`` with the status summary's anchors on the page after the contents and everything
    after it moved on by the pages the summary takes (a rough guess: 30 KPIs a page, then the key)."""
    s = doc.summary
    if s is None or not pages:
        return pages
    first = min(pages.values())
    extra = 1 + (len(s.entries) + 8) // 30
    out = {k: v + extra for k, v in pages.items()}
    out[s.anchor] = first
    if s.matrix is not None:  # the matrix and the key follow the summary table
        extra += 1
        out = {k: v + 1 for k, v in out.items()}
        out[s.anchor] = first
        out[s.matrix.anchor] = first + extra - 2
    out[s.key_anchor] = first + extra - 1
    if doc.chart_key is not None and doc.chart_key.anchor in pages:  # the summary follows the chart key
        out[doc.chart_key.anchor] = first
    return out


def fill_page_numbers(data: bytes, doc: Document, layout: Layout, page_numbers: Mapping[str, int]) -> bytes:
    """``data`` (what :func:`~.docx.write_docx` wrote for ``doc``) with the contents' page numbers
    and the footer's page count set from ``page_numbers``, as ``write_docx(..., page_numbers=...)``
    would have written them, without writing the document again."""
    pages = {**estimate_pages(doc, layout), **dict(page_numbers)}
    total = str(max(pages.values(), default=1))

    def result(instr: str) -> str | None:
        words = instr.split()
        if words[:1] == ["PAGEREF"] and len(words) > 1 and words[1] in pages:
            return str(pages[words[1]])
        return total if words == ["NUMPAGES"] else None

    return set_field_results(data, result, doc.created)
