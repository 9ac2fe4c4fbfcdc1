"""Reading an edited DOCX for ``harvest``: the manifest, and the text of every paragraph and table
cell as it stands both before and after its pending tracked changes, with the text inside each
hidden bookmark, the footnote marks and the comment anchors.

Written against what Word and LibreOffice actually save: text split over any number of runs,
``w:proofErr``, bookmarks and comment ranges between runs, fields, smart tags and content
controls wrapping runs, ``w:ins``/``w:del``/``w:moveFrom``/``w:moveTo`` around runs, rows and
paragraph marks, non-breaking hyphens, tabs and breaks.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from . import manifest as _manifest
from .changes import CycleError

from ..wordml import W
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
NOTE = "\ue000"  # stands for a footnote mark in extracted text
_SKIP = {W + t for t in ("pPr", "rPr", "tblPr", "trPr", "tcPr", "sectPr", "instrText", "delInstrText",
                         "drawing", "pict", "object", "fldData", "sdtPr", "sdtEndPr")}
_SKIP.add("{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent")
_INSERTED = {W + "ins", W + "moveTo"}
_DELETED = {W + "del", W + "moveFrom"}
MAX_PART = 100 * 1024 * 1024


@dataclass
class Text:
    """Text of a paragraph or cell: ``old`` before pending tracked changes, ``new`` after
    accepting them; ``marks_old``/``marks_new`` the same for each hidden bookmark inside;
    ``notes`` the footnote ids marked in it; ``comments`` (comment id, the last bookmark opened
    before it) anchored in it."""

    old: str = ""
    new: str = ""
    marks_old: dict[str, str] = field(default_factory=dict)
    marks_new: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    comments: list[tuple[str, str]] = field(default_factory=list)
    bookmarks: list[str] = field(default_factory=list)

    @property
    def tracked(self) -> bool:
        return self.old != self.new


def text_of(elements) -> Text:
    """The :class:`Text` of ``elements`` (paragraphs of a cell, or one paragraph), paragraphs
    joined by ``\\n`` (empty ones, such as a chart's, left out)."""
    out = Text()
    olds, news = [], []
    for p in elements:
        o, n = [], []
        _walk(p, False, False, o, n, out, {}, [""])
        if "".join(o).strip() or "".join(n).strip():
            olds.append("".join(o))
            news.append("".join(n))
    out.old, out.new = "\n".join(olds), "\n".join(news)
    return out


def _walk(e, ins: bool, dele: bool, o: list, n: list, out: Text, open_marks: dict, last: list) -> None:
    for child in e:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag in _INSERTED:
            _walk(child, True, dele, o, n, out, open_marks, last)
            continue
        if tag in _DELETED:
            _walk(child, ins, True, o, n, out, open_marks, last)
            continue
        piece = None
        if tag in (W + "t", W + "delText"):
            piece = child.text or ""
        elif tag == W + "tab":
            piece = "\t"
        elif tag in (W + "br", W + "cr"):
            piece = "\n"
        elif tag == W + "noBreakHyphen":
            piece = "\u2011"
        elif tag == W + "footnoteReference":
            piece = NOTE
            out.notes.append(child.get(W + "id", ""))
        elif tag == W + "bookmarkStart":
            name = child.get(W + "name", "")
            out.bookmarks.append(name)
            if name.startswith(_manifest.MARK_PREFIX):
                open_marks[child.get(W + "id", "")] = name
                out.marks_old.setdefault(name, "")
                out.marks_new.setdefault(name, "")
                last[0] = name
            continue
        elif tag == W + "bookmarkEnd":
            open_marks.pop(child.get(W + "id", ""), None)
            continue
        elif tag in (W + "commentRangeStart", W + "commentReference"):
            cid = child.get(W + "id", "")
            if all(c != cid for c, _ in out.comments):
                out.comments.append((cid, last[0]))
            continue
        if piece is not None:
            for target, keep, marks in ((o, not ins, out.marks_old), (n, not dele, out.marks_new)):
                if keep:
                    target.append(piece)
                    for name in open_marks.values():
                        marks[name] += piece
            continue
        _walk(child, ins, dele, o, n, out, open_marks, last)


@dataclass
class EditedDocx:
    """The parts of an edited paper that harvest reads."""

    path: Path
    manifest: _manifest.Manifest
    body: etree._Element
    footnotes: dict[str, Text]
    comments: dict[str, tuple[str, str]]  # id -> (author, text)
    furniture: list[tuple[str, Text]] = field(default_factory=list)  # ("header"|"footer", text)


def read(path: Path) -> EditedDocx:
    """Open ``path``; :class:`CycleError` when it is not a readable DOCX or carries no manifest."""
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            if "word/document.xml" not in names:
                raise CycleError(f"{path} is not a Word document (no word/document.xml)")
            parts = {n: _read_part(z, n) for n in names if n.startswith("customXml/item") and
                     not n.startswith("customXml/itemProps") and n.endswith(".xml")}
            doc = _parse(_read_part(z, "word/document.xml"), path)
            notes = _parse(_read_part(z, "word/footnotes.xml"), path) if "word/footnotes.xml" in names else None
            comments = _parse(_read_part(z, "word/comments.xml"), path) if "word/comments.xml" in names else None
            furniture = [(kind, text_of(_parse(_read_part(z, part), path).iter(W + "p")))
                         for kind, part in _furniture_parts(z, names, path)]
    except (zipfile.BadZipFile, OSError) as e:
        raise CycleError(f"{path} cannot be read as a DOCX file ({type(e).__name__}: {str(e)[:120]})") from None
    found = [x for x in parts.values() if _manifest.is_manifest(x)]
    if not found:
        raise CycleError(f"{path} was not made by boardpaper: it carries no build manifest, so its "
                         "text cannot be traced back to a workbook")
    try:
        m = _manifest.from_xml(found[0])
    except ValueError as e:
        raise CycleError(f"{path}: the boardpaper manifest is damaged ({e})") from None
    body = doc.find(W + "body")
    if body is None:
        raise CycleError(f"{path} has no document body")
    footnotes = {}
    if notes is not None:
        for fn in notes.findall(W + "footnote"):
            if fn.get(W + "type") in (None, "normal"):
                t = text_of(fn.findall(W + "p"))
                footnotes[fn.get(W + "id", "")] = t
    found_comments = {}
    if comments is not None:
        for c in comments.findall(W + "comment"):
            found_comments[c.get(W + "id", "")] = (c.get(W + "author", ""),
                                                   text_of(c.iter(W + "p")).new.strip())
    return EditedDocx(path, m, body, footnotes, found_comments, furniture)


def _furniture_parts(z: zipfile.ZipFile, names: set[str], path: Path) -> list[tuple[str, str]]:
    """("header"|"footer", part name) for each header and footer the document part relates."""
    rels = "word/_rels/document.xml.rels"
    if rels not in names:
        return []
    out = []
    for r in _parse(_read_part(z, rels), path).iter(REL + "Relationship"):
        kind = r.get("Type", "").rsplit("/", 1)[-1]
        target = "word/" + r.get("Target", "").lstrip("/").removeprefix("word/")
        if kind in ("header", "footer") and r.get("TargetMode") != "External" and target in names:
            out.append((kind, target))
    return sorted(out)


def _read_part(z: zipfile.ZipFile, name: str) -> bytes:
    if z.getinfo(name).file_size > MAX_PART:
        raise CycleError(f"{name} in the DOCX is larger than {MAX_PART // 2**20} MB; refusing it")
    return z.read(name)


def _parse(xml: bytes, path: Path):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_comments=True)
    try:
        return etree.parse(io.BytesIO(xml), parser).getroot()
    except etree.XMLSyntaxError as e:
        raise CycleError(f"{path}: a part of the DOCX is not well-formed XML ({str(e)[:120]})") from None


def cells_of(tr) -> list[tuple[int, etree._Element]]:
    """(grid column, ``w:tc``) for each cell of row ``tr``, content controls unwrapped."""
    out, col = [], 0
    for tc in tr.xpath("./w:tc | ./w:sdt/w:sdtContent/w:tc | ./w:customXml/w:tc",
                       namespaces={"w": W[1:-1]}):
        out.append((col, tc))
        span = tc.find(f"{W}tcPr/{W}gridSpan")
        col += int(span.get(W + "val", "1")) if span is not None and span.get(W + "val", "1").isdigit() else 1
    return out


CHART_NOTE_STYLE = "BPChartNote"  # the lines under a chart: from the series sheet, never a cell's text


def paragraphs_of(tc) -> list:
    """The paragraphs of a cell (nested tables' paragraphs included, in order), without the lines
    under its chart (style ``BPChartNote``: rebases and notes, which come from the series sheet)."""
    return [p for p in tc.iter(W + "p") if _style_of(p) != CHART_NOTE_STYLE]


def _style_of(p) -> str:
    style = p.find(f"{W}pPr/{W}pStyle")
    return style.get(W + "val", "") if style is not None else ""


def row_state(tr) -> str:
    """``inserted`` / ``deleted`` for a row whose insertion or deletion is a pending tracked
    change, else ''."""
    trpr = tr.find(W + "trPr")
    if trpr is not None:
        if trpr.find(W + "del") is not None:
            return "deleted"
        if trpr.find(W + "ins") is not None:
            return "inserted"
    return ""


def vmerge_continues(tc) -> bool:
    """The cell continues the vertically merged cell above it: a ``vMerge`` continuation, or a
    merge restarted with a group's continued label (:func:`continued_label`)."""
    vm = tc.find(f"{W}tcPr/{W}vMerge")
    return vm is not None and vm.get(W + "val", "continue") == "continue" or continued_label(tc)


CONTINUED_STYLE = "BPSubObjectiveContinued"  # a merged sub-objective label printed again


def continued_label(tc) -> bool:
    """The cell holds its group's label printed again at the top of a page ("Availability
    (continued)", put in after the pages were measured): every paragraph in the continued label's
    style (whether or not a vertical merge starts there: LibreOffice drops a one-row merge)."""
    styles = [p.find(f"{W}pPr/{W}pStyle") for p in tc.iter(W + "p")]
    return bool(styles) and all(s is not None and s.get(W + "val") == CONTINUED_STYLE for s in styles)


def is_header_row(tr) -> bool:
    return tr.find(f"{W}trPr/{W}tblHeader") is not None
