"""Accessibility checks run on the built files, so the secretariat knows before publishing.

The DOCX checks follow Word's accessibility checker (title, language, heading order, alt text,
table header rows and titles, no empty paragraphs for spacing); the PDF checks are what a reader's
assistive technology relies on (language, title shown, bookmarks, embedded fonts, described links,
tags). Colour contrast is checked when the layout is loaded (``layout.py``).
"""
from __future__ import annotations

import io
import re
import zipfile

from ..wordml import W
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
DC = "{http://purl.org/dc/elements/1.1/}"


def _styles(z: zipfile.ZipFile):
    from lxml import etree

    root = etree.fromstring(z.read("word/styles.xml"))
    levels: dict[str, int] = {}
    for s in root.iter(f"{W}style"):
        sid = s.get(f"{W}styleId")
        name = s.find(f"{W}name")
        m = re.match(r"(?i)heading\s*(\d)$", name.get(f"{W}val") if name is not None else "")
        lvl = s.find(f"{W}pPr/{W}outlineLvl")
        if m:
            levels[sid] = int(m.group(1))
        elif lvl is not None and int(lvl.get(f"{W}val")) < 9:
            levels[sid] = int(lvl.get(f"{W}val")) + 1
    lang = root.find(f".//{W}docDefaults//{W}lang")
    return levels, (lang.get(f"{W}val") if lang is not None else None)


def check_docx(data: bytes) -> list[str]:
    """Problems a screen-reader user would meet in the DOCX ([] when it passes)."""
    from lxml import etree

    problems: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = etree.fromstring(z.read("word/document.xml")).find(f"{W}body")
        core = etree.fromstring(z.read("docProps/core.xml")) if "docProps/core.xml" in z.namelist() else None
        levels, lang = _styles(z)
    title = core.find(f"{DC}title") if core is not None else None
    if title is None or not (title.text or "").strip():
        problems.append("no document title")
    if not lang:
        problems.append("no document language")
    previous = 0
    for p in body.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        level = levels.get(style.get(f"{W}val")) if style is not None else None
        if level is None:
            continue
        if level > previous + 1:
            text = "".join(t.text or "" for t in p.iter(f"{W}t"))[:60]
            problems.append(f"heading level {level} follows level {previous} ({text!r})")
        previous = level
    for d in body.iter(f"{WP}docPr"):
        if not (d.get("descr") or "").strip():
            problems.append(f"picture {d.get('name')!r} has no alt text")
    for i, t in enumerate(body.iter(f"{W}tbl"), start=1):
        rows = t.findall(f"{W}tr")
        if rows and rows[0].find(f"{W}trPr/{W}tblHeader") is None:
            problems.append(f"table {i} has no marked header row")
        if t.find(f"{W}tblPr/{W}tblCaption") is None and t.find(f"{W}tblPr/{W}tblDescription") is None:
            problems.append(f"table {i} has no title or description")
    children = list(body)
    for i, p in enumerate(children):
        if p.tag != f"{W}p" or "".join(t.text or "" for t in p.iter(f"{W}t")).strip():
            continue
        useful = (p.find(f".//{W}br") is not None or p.find(f".//{W}drawing") is not None
                  or p.find(f".//{W}fldChar") is not None or p.find(f"{W}pPr/{W}sectPr") is not None
                  or p.find(f".//{W}instrText") is not None)
        between_tables = i > 0 and children[i - 1].tag == f"{W}tbl"
        if not useful and not between_tables:
            problems.append("an empty paragraph is used for spacing")
            break
    return problems


def check_pdf(data: bytes) -> list[str]:
    """Problems a screen-reader user would meet in the PDF ([] when it passes)."""
    from pypdf import PdfReader

    problems: list[str] = []
    r = PdfReader(io.BytesIO(data))
    root = r.trailer["/Root"]
    if not root.get("/Lang"):
        problems.append("no document language (/Lang)")
    if not (r.metadata and r.metadata.title):
        problems.append("no document title")
    prefs = root.get("/ViewerPreferences")
    if not (prefs and prefs.get_object().get("/DisplayDocTitle")):
        problems.append("the viewer shows the file name, not the title")
    if not r.outline:
        problems.append("no bookmarks")
    seen: set[int] = set()  # every page names the same few font objects: check each once
    for page in r.pages:
        fonts = ((page.get("/Resources") or {}).get("/Font") or {})
        for ref in fonts.values():
            key = getattr(ref, "idnum", None)
            if key is not None and key in seen:
                continue
            seen.add(key)
            f = ref.get_object()
            desc = f.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in f:
                desc = f["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            if not any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                problems.append(f"font {f.get('/BaseFont')} is not embedded")
        for a in page.get("/Annots") or []:
            a = a.get_object()
            if a.get("/Subtype") == "/Link" and not str(a.get("/Contents") or "").strip():
                problems.append("a link does not say where it goes")
                break
    return sorted(set(problems), key=problems.index)


def is_tagged(data: bytes) -> bool:
    from pypdf import PdfReader

    root = PdfReader(io.BytesIO(data)).trailer["/Root"]
    return bool(root.get("/StructTreeRoot")) and bool((root.get("/MarkInfo") or {}).get("/Marked"))


def report(outputs: dict[str, bytes]) -> list[str]:
    """One line per output: passed, or the problems found."""
    lines = []
    for fmt, data in outputs.items():
        problems = check_docx(data) if fmt == "docx" else check_pdf(data)
        note = ""
        if fmt == "pdf" and not problems:
            note = " (tagged)" if is_tagged(data) else (" (untagged: use --pdf-engine weasyprint or libreoffice "
                                                        "for a tagged PDF/UA to publish)")
        lines.append(f"accessibility {fmt.upper()}: " + ("passed" + note if not problems else "; ".join(problems)))
    return lines
