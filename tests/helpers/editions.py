"""How far the editions of one paper agree, read back from their PDFs as a reader would see them
(issue 26): the page each KPI row starts on (found by its wording), page counts, footnotes off
their marker's page, and pages that hold next to nothing (a lone heading, the tail of a key or
a table under a repeated header).

Works on any PDF: the reportlab PDF, the DOCX as LibreOffice lays it out, the WeasyPrint PDF.
``scripts/compare_editions.py`` prints the report for any workbook; ``tests/build/test_editions.py``
holds the targets.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from pypdf import PdfReader
from pypdf.generic import ArrayObject, IndirectObject

NEEDLE = 40  # characters of a KPI's wording (whitespace removed) searched for
THIN = 0.2  # a page whose text spans less than this share of the text area holds "next to nothing"


def squash(text: str) -> str:
    """``text`` without whitespace, soft hyphens or the zero-width characters PDFs carry."""
    return re.sub(r"[\s\u00ad\u200b\u200c\u200d\u2060]+", "", text or "")


@dataclass
class Edition:
    """One PDF edition read back: each KPI's first page (``None``: not found), the page count,
    footnote markers whose note is on another page, and thin pages."""

    name: str
    pages: int
    kpi_pages: list[int | None]
    notes_elsewhere: list[str] = field(default_factory=list)
    thin_pages: list[str] = field(default_factory=list)


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text in drawing order (a table cell's lines stay together)."""
    reader = PdfReader(io.BytesIO(pdf))
    return [squash(p.extract_text() or "") for p in reader.pages]


def kpi_pages(texts: list[str], kpis: list[str]) -> list[int | None]:
    """The page (1-based) each KPI's wording starts on, in reading order. A KPI's wording may also
    be printed earlier (a status summary lists every KPI), so the rows are matched from the last:
    each KPI takes the last page holding its wording that is not after the next KPI's page."""
    needles = [squash(k)[:NEEDLE] for k in kpis]
    out: list[int | None] = [None] * len(kpis)
    limit = len(texts)
    for i in range(len(kpis) - 1, -1, -1):
        hits = [p for p in range(limit) if needles[i] and needles[i] in texts[p]]
        if hits:
            out[i] = hits[-1] + 1
            limit = hits[-1] + 1
    return out


def _dest_page(reader: PdfReader, dest) -> int | None:
    """The 1-based page a link destination (named or explicit) points at."""
    try:
        if isinstance(dest, (str, bytes)) or hasattr(dest, "startswith"):
            named = reader.named_destinations.get(str(dest))
            return None if named is None else reader.get_destination_page_number(named) + 1
        if isinstance(dest, ArrayObject) and dest and isinstance(dest[0], IndirectObject):
            target = dest[0].get_object()
            for i, page in enumerate(reader.pages):
                if page.get_object() is target:
                    return i + 1
    except Exception:  # a broken destination is not a footnote we can place
        return None
    return None


def notes_elsewhere(pdf: bytes) -> list[str]:
    """Footnote markers whose note is on another page. A marker is a link to a note: to a named
    destination ``bp_fnN`` (reportlab, WeasyPrint) or, in LibreOffice's PDF, a link no wider than
    a footnote number (LibreOffice links each footnote mark to its note and back)."""
    reader = PdfReader(io.BytesIO(pdf))
    out = []
    for number, page in enumerate(reader.pages, start=1):
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            if a.get("/Subtype") != "/Link":
                continue
            dest = a.get("/Dest")
            action = a.get("/A")
            if dest is None and action is not None and action.get("/S") == "/GoTo":
                dest = action.get("/D")
            if dest is None:
                continue
            x0, _, x1, _ = (float(v) for v in a["/Rect"])
            named = str(dest) if not isinstance(dest, ArrayObject) else ""
            if named and not named.lstrip("/").startswith("bp_fn"):
                continue
            if not named and abs(x1 - x0) > 14:
                continue
            target = _dest_page(reader, dest)
            if target is not None and target != number:
                out.append(f"marker on page {number} → {named.lstrip('/') or 'note'} on page {target}")
    return out


def thin_pages(pdf: bytes, margins_pt: tuple[float, float, float, float]) -> list[str]:
    """Pages other than the last whose text inside the text area (``margins_pt`` = top, right,
    bottom, left) spans less than :data:`THIN` of its height: a lone heading, a few lines of a
    key or a table's last row under its repeated header, then a page break."""
    import pdfplumber

    top, _, bottom, _ = margins_pt
    out = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        pages = doc.pages
        for number, page in enumerate(pages[:-1], start=1):
            area = page.height - top - bottom
            words = [w for w in page.extract_words() if w["top"] >= top - 2 and w["bottom"] <= page.height - bottom + 2]
            if not words:
                out.append(f"page {number}: empty")
                continue
            span = max(w["bottom"] for w in words) - min(w["top"] for w in words)
            if span < THIN * area:
                text = " ".join(w["text"] for w in words)
                out.append(f"page {number}: only {text[:80]!r}")
    return out


def read_edition(name: str, pdf: bytes, kpis: list[str], margins_pt) -> Edition:
    texts = page_texts(pdf)
    return Edition(name, len(texts), kpi_pages(texts, kpis), notes_elsewhere(pdf), thin_pages(pdf, margins_pt))


def same_page_share(a: Edition, b: Edition) -> float:
    """The share of KPIs found on the same page number in both editions."""
    pairs = list(zip(a.kpi_pages, b.kpi_pages))
    return sum(1 for x, y in pairs if x is not None and x == y) / (len(pairs) or 1)


@dataclass
class Comparison:
    """The editions of one paper: ``editions`` by name (``pdf``, ``docx``, ``weasyprint``)."""

    name: str
    kpis: list[str]
    editions: dict[str, Edition]

    def lines(self) -> list[str]:
        rl = self.editions.get("pdf")
        out = [f"{self.name}: {len(self.kpis)} KPIs"]
        for ed in self.editions.values():
            missing = sum(p is None for p in ed.kpi_pages)
            line = f"  {ed.name:<11} {ed.pages:>3} pages"
            if rl is not None and ed is not rl:
                line += f", {same_page_share(rl, ed):6.1%} of KPIs on the PDF's page"
                moved = [f"{k[:30]!r} {p}→{q}" for k, p, q in zip(self.kpis, rl.kpi_pages, ed.kpi_pages) if p != q]
                if moved:
                    line += f" (first differing: {moved[0]})"
            if missing:
                line += f", {missing} KPIs not found"
            out.append(line)
            out += [f"    footnote: {m}" for m in ed.notes_elsewhere]
            out += [f"    thin: {m}" for m in ed.thin_pages]
        return out


def compare(source, *, layout=None, engines=("pdf", "docx", "weasyprint"), out=None) -> Comparison:
    """Build ``source`` (a workbook or CSV folder) into every edition asked for and read each
    back. ``docx`` is laid out by LibreOffice (needs ``soffice``); ``weasyprint`` needs WeasyPrint."""
    import tempfile
    from pathlib import Path

    from boardpaper.build import libreoffice
    from boardpaper.api import build_one, read

    from boardpaper.compose.row_sizes import PT_MM

    _, lay, doc = read(source, layout)
    kpis = [r.kpi for s in doc.sections for r in s.rows]
    margins = tuple(m / PT_MM for m in lay.margins)  # top, right, bottom, left in points
    editions: dict[str, Edition] = {}
    with tempfile.TemporaryDirectory(prefix="bp-editions-") as tmp:
        folder = Path(out or tmp)
        formats = tuple(f for f in ("pdf", "docx") if f in engines)
        if formats:
            build_one(source, out=folder, layout=layout, formats=formats)
        pdfs: dict[str, bytes] = {}
        if "pdf" in engines:
            pdfs["pdf"] = (folder / f"{doc.name}.pdf").read_bytes()
        if "docx" in engines:
            pdfs["docx"] = libreoffice.convert_to_pdf((folder / f"{doc.name}.docx").read_bytes())
            (folder / f"{doc.name}.docx.pdf").write_bytes(pdfs["docx"])
        if "weasyprint" in engines:
            wp = folder / "weasyprint"
            build_one(source, out=wp, layout=layout, formats=("pdf",), pdf_engine="weasyprint")
            pdfs["weasyprint"] = (wp / f"{doc.name}.pdf").read_bytes()
        for name, pdf in pdfs.items():
            editions[name] = read_edition(name, pdf, kpis, margins)
    return Comparison(doc.name, kpis, editions)
