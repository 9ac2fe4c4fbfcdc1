"""Outputs read back as a client would, for the layout tests: where a PDF's words are drawn
(pdfplumber: text outside its table cell, outside the text column or off the page), the text of
both formats, and what ``paper-inspect`` reports."""
from __future__ import annotations

import io
import re

import pdfplumber

TOLERANCE = 1.0  # points


def _inside(word: dict, box: tuple[float, float, float, float], tol: float = TOLERANCE) -> bool:
    x0, top, x1, bottom = box
    return word["x0"] >= x0 - tol and word["x1"] <= x1 + tol and word["top"] >= top - tol and \
        word["bottom"] <= bottom + tol


def _overlaps(word: dict, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    return word["x0"] < x1 and word["x1"] > x0 and word["top"] < bottom and word["bottom"] > top


def misplaced_words(pdf: bytes, margins_pt: tuple[float, float] | None = None) -> list[str]:
    """One line per word drawn where it should not be: off the page; left or right of the text
    column (``margins_pt`` = left and right margin); or in a table but not inside one of its
    cells (the cells as the drawn rules make them, found by pdfplumber's table finder)."""
    out: list[str] = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for number, page in enumerate(doc.pages, start=1):
            words = page.extract_words(use_text_flow=True, keep_blank_chars=False)
            for w in words:
                if w["x0"] < -TOLERANCE or w["x1"] > page.width + TOLERANCE or w["top"] < -TOLERANCE \
                        or w["bottom"] > page.height + TOLERANCE:
                    out.append(f"page {number}: {w['text'][:40]!r} is off the page")
                elif margins_pt and (w["x0"] < margins_pt[0] - TOLERANCE
                                     or w["x1"] > page.width - margins_pt[1] + TOLERANCE):
                    out.append(f"page {number}: {w['text'][:40]!r} is outside the text column "
                               f"(x {w['x0']:.1f}–{w['x1']:.1f})")
            for table in page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"}):
                cells = [c for c in table.cells if c]
                for w in words:
                    if not _overlaps(w, table.bbox):
                        continue
                    if not any(_inside(w, c) for c in cells):
                        out.append(f"page {number}: {w['text'][:40]!r} is not inside a table cell "
                                   f"(x {w['x0']:.1f}–{w['x1']:.1f}, y {w['top']:.1f})")
    return out


def page_texts(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [p.extract_text() or "" for p in doc.pages]


def squash(text: str | None) -> str:
    """``text`` with all whitespace removed (``None`` as empty)."""
    return re.sub(r"\s+", "", text or "")


def docx_text(docx: bytes) -> str:
    """The DOCX's body and footnote text, whitespace removed."""
    import zipfile

    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    out = []
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        for part in ("word/document.xml", "word/footnotes.xml"):
            if part in z.namelist():
                root = etree.fromstring(z.read(part))
                out.append("".join(t.text or "" for t in root.iter(f"{w}t")))
    return squash("".join(out))


def find_inspect():
    """``paper-inspect`` from the shared tools beside the project (None when absent)."""
    from pathlib import Path

    here = Path(__file__).resolve()
    for parent in here.parents:
        tool = parent / "shared" / "tools" / "paper-inspect"
        if tool.is_file():
            return tool
    return None


def inspect_problems(path) -> list[str]:
    """The problems paper-inspect reports for ``path``."""
    import json
    import subprocess
    import sys

    r = subprocess.run([sys.executable, str(find_inspect()), str(path), "--json"], capture_output=True, text=True,
                       timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    return json.loads(r.stdout)["problems"]


def stream_text(pdf: bytes) -> str:
    """The PDF's text in drawing order (a table cell's lines stay together), whitespace removed."""
    from pypdf import PdfReader

    return squash("".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages))


def holds(haystack: str, text: str, start: int = 40) -> bool:
    """True when ``haystack`` (squashed) holds ``text``: its first ``start`` characters together and
    the rest in order after them (a cell split across pages is interrupted by the page's
    furniture and the repeated header row)."""
    t = squash(text)
    at = haystack.find(t[:start])
    if at < 0:
        return False
    rest = iter(haystack[at:])
    return all(c in rest for c in t)


def links(pdf: bytes) -> list[dict]:
    """Every link annotation: its page, target page (internal) or URI (external), the named
    destination if any, and its /Contents."""
    from pypdf import PdfReader

    r = PdfReader(io.BytesIO(pdf))
    index = {p.indirect_reference.idnum: i + 1 for i, p in enumerate(r.pages)}
    named = {k: r.get_destination_page_number(v) + 1 for k, v in r.named_destinations.items()}
    out = []
    for i, page in enumerate(r.pages, start=1):
        for a in page.get("/Annots") or []:
            a = a.get_object()
            act = a.get("/A")
            act = act.get_object() if act is not None else {}
            dest = a.get("/Dest") or act.get("/D")
            target = None
            if dest is not None:
                dest = dest.get_object() if hasattr(dest, "get_object") else dest
                target = named.get(str(dest)) if isinstance(dest, str) else index.get(dest[0].idnum)
            out.append({"page": i, "uri": act.get("/URI"), "target": target,
                        "name": str(dest) if isinstance(dest, str) else None,
                        "internal": dest is not None, "contents": str(a.get("/Contents", ""))})
    return out


def internal_links(pdf: bytes) -> list[tuple[int, int, str]]:
    """Every link to a place in the PDF: (page it is on, page it goes to, its /Contents)."""
    return [(k["page"], k["target"], k["contents"]) for k in links(pdf) if k["internal"]]


def footnote_targets(pdf: bytes) -> dict[int, set[int]]:
    """Footnote number → the pages its markers' links go to."""
    out: dict[int, set[int]] = {}
    for _, target, contents in internal_links(pdf):
        m = re.match(r"Go to footnote (\d+):", contents)
        if m:
            out.setdefault(int(m.group(1)), set()).add(target)
    return out
