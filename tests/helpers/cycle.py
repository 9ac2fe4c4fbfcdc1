"""Helpers for the monthly-cycle tests: build a DOCX, and edit its XML the way Word saves edits."""
from __future__ import annotations

import copy
import zipfile
from pathlib import Path

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def build_docx(source: Path, out: Path) -> Path:
    """The DOCX of ``source`` (no PDF, no LibreOffice pass)."""
    from boardpaper.api import build_one

    r = build_one(source, out=out, quick=True, formats=("docx",))
    return r.outputs[0]


def quick_docx(source: Path, out: Path) -> Path:
    """The DOCX of ``source`` written straight from the model (no worker process, no checks)."""
    from boardpaper.api import read
    from boardpaper.writers.docx.writer import write_docx

    _, layout, doc = read(source)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(write_docx(doc, layout))
    return out


def edit_docx(src: Path, dst: Path, edit, extra: dict[str, bytes] | None = None) -> Path:
    """Copy ``src`` to ``dst`` with ``edit(document_root, footnotes_root)`` applied; ``extra``
    adds parts (``word/comments.xml`` is also related and typed)."""
    with zipfile.ZipFile(src) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    doc = etree.fromstring(parts["word/document.xml"])
    notes = etree.fromstring(parts["word/footnotes.xml"]) if "word/footnotes.xml" in parts else None
    edit(doc, notes)
    parts["word/document.xml"] = etree.tostring(doc, xml_declaration=True, encoding="UTF-8", standalone=True)
    if notes is not None:
        parts["word/footnotes.xml"] = etree.tostring(notes, xml_declaration=True, encoding="UTF-8", standalone=True)
    for name, data in (extra or {}).items():
        parts[name] = data
        if name == "word/comments.xml":
            parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
                b"</Types>", b'<Override PartName="/word/comments.xml" ContentType="application/'
                b'vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>')
            parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
                b"</Relationships>", b'<Relationship Id="rIdBPTestComments" Type="http://schemas.openxmlformats'
                b'.org/officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>')
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return dst


def w(tag: str, text: str | None = None, **attrs):
    e = etree.Element(W + tag, {W + k: str(v) for k, v in attrs.items()})
    if text is not None:
        e.text = text
        if text != text.strip():
            e.set(XML_SPACE, "preserve")
    return e


def run(text: str, tag: str = "t"):
    r = w("r")
    r.append(w(tag, text))
    return r


def t_holding(root, text: str):
    """The ``w:t`` whose text is exactly ``text``."""
    for t in root.iter(W + "t"):
        if t.text == text:
            return t
    raise LookupError(text)


def replace_run(root, text: str, pieces: list) -> None:
    """Replace the run holding exactly ``text`` by ``pieces`` (elements), in place."""
    r = t_holding(root, text).getparent()
    parent, i = r.getparent(), r.getparent().index(r)
    parent.remove(r)
    for j, piece in enumerate(pieces):
        parent.insert(i + j, piece)


def track_replace(root, old: str, new: str) -> None:
    """Replace the run holding ``old`` by a pending tracked change: ``old`` deleted, ``new`` inserted
    (as Word stores an officer's edit with Track Changes on)."""
    deleted = w("del", id=901, author="Officer", date="2026-05-01T10:00:00Z")
    r = w("r")
    r.append(w("delText", old))
    deleted.append(r)
    inserted = w("ins", id=902, author="Officer", date="2026-05-01T10:00:00Z")
    inserted.append(run(new))
    replace_run(root, old, [deleted, inserted])


def row_holding(root, text: str):
    t = t_holding(root, text)
    return next(a for a in t.iterancestors() if a.tag == W + "tr")


def cell_holding(root, text: str):
    t = t_holding(root, text)
    return next(a for a in t.iterancestors() if a.tag == W + "tc")


def copy_row_without_bookmarks(tr):
    new = copy.deepcopy(tr)
    for b in list(new.iter(W + "bookmarkStart")) + list(new.iter(W + "bookmarkEnd")):
        b.getparent().remove(b)
    for ref in list(new.iter(W + "footnoteReference")):
        ref.getparent().getparent().remove(ref.getparent())
    return new


def comments_part(comments: list[tuple[int, str, str]]) -> bytes:
    """A ``word/comments.xml`` with (id, author, text) comments."""
    body = "".join(f'<w:comment w:id="{i}" w:author="{a}" w:date="2026-05-01T10:00:00Z" w:initials="X">'
                   f'<w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:comment>' for i, a, t in comments)
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments xmlns:w="{W_NS}">{body}</w:comments>'.encode()


def changes_of(path: Path, **kw):
    from boardpaper.cycle.harvest import harvest

    return harvest(path)[0]


def brief(changes) -> set[tuple]:
    """Changes as (kpi or source or paper field, field, old, new, state) tuples."""
    return {(c.kpi or c.source or c.sheet, c.field, c.old, c.new, c.state) for c in changes}
