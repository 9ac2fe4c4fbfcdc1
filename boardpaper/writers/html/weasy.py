"""The WeasyPrint PDF engine: a tagged PDF/UA-1 made from the HTML writer's print variant,
without LibreOffice. ``write_pdf_weasy(doc, layout) -> (bytes, pages)``.

WeasyPrint (>= 66) tags what the HTML says: headings, lists, links, tables with ``TH``/``TD``,
figures (an inline SVG's ``<title>`` is its ``/Alt``), ``/Lang``, ``DisplayDocTitle`` and the
PDF/UA identifier in the XMP metadata; it embeds subsets of the fonts, draws notes floated with
``float: footnote`` at the foot of the page of their marker, fills the contents page numbers from
``target-counter()`` and builds the outline from ``bookmark-level``. Before the file is written,
:func:`_finish` adds what it leaves out: ``/Scope`` on every header cell (``Column`` in the
header row, ``Row`` for a KPI or a sub-objective) and ``Note`` elements with an ``/ID`` for the
footnotes (WeasyPrint tags an ``<article>`` as ``Art``; only the notes are articles here), and
it re-encodes a font that draws a character no installed font has (:func:`_identity_encoding`), so
that every text extractor reads its text. Dates come from the document (``SOURCE_DATE_EPOCH``), so the same input gives the same bytes.
"""
from __future__ import annotations

import logging
import re

from ...errors import InputError
from ...layout import Layout
from ...model import Document, Note
from ...build.verify import LostContentError
from .writer import write_html

_LOG = logging.getLogger("weasyprint")


def _number(ref) -> int:
    """The object number of a pydyf reference (``b"12 0 R"``)."""
    return int(bytes(ref).split()[0])


def _finish(notes: list[int], words: dict[str, str]):
    """A WeasyPrint finisher: header cells get ``/Scope``; note articles become ``Note`` with an
    ``/ID`` (``bp_fnN``, in reading order, as the notes are numbered); link annotations say in
    words where they go (WeasyPrint puts the bare anchor name or nothing in ``/Contents``); fonts
    encoded by a CMap of WeasyPrint's own are encoded ``Identity-H`` (:func:`_identity_encoding`)."""
    import pydyf

    def finish(document, pdf) -> None:
        objects = {o.number: o for o in pdf.objects if isinstance(o, pydyf.Object)}
        remaining = iter(notes)
        for obj in pdf.objects:
            if not isinstance(obj, pydyf.Dictionary):
                continue
            if obj.get("Subtype") == "/Link":
                _describe_link(obj, words)
            elif obj.get("Type") == "/Font" and obj.get("Subtype") == "/Type0":
                _identity_encoding(obj, objects)
            if obj.get("Type") != "/StructElem":
                continue
            if obj.get("S") == "/TH":
                row = objects.get(_number(obj["P"]))
                group = objects.get(_number(row["P"])) if row is not None else None
                scope = "/Column" if group is not None and group.get("S") == "/THead" else "/Row"
                obj.setdefault("A", pydyf.Dictionary({"O": "/Table"}))["Scope"] = scope
            elif obj.get("S") == "/Art":
                obj["S"] = "/Note"
                number = next(remaining, None)
                if number is not None:
                    obj["ID"] = pydyf.String(Note.anchor_of(number))
    return finish


_CIDCHAR = re.compile(rb"<([0-9a-fA-F]{4})>\s+(\d+)")


def _identity_encoding(font, objects: dict) -> None:
    """Encode a composite font ``Identity-H``, as WeasyPrint does every font whose glyphs are all
    in the file, when it wrote a CMap of its own instead.

    WeasyPrint gives each character no installed font has (Chinese on a machine without a CJK
    font: the build warns) a code past the font's last glyph, and embeds a CMap stream
    (``/WP-Encod-0``) sending those codes to glyph 0 (.notdef) and the others to themselves.
    That is valid PDF, but pdfminer (pdfplumber) looks an embedded CMap up by name among the
    predefined ones and decodes no character of the font, and pypdf reads it as a one-byte
    encoding: every word set in that font, not only the missing characters, is lost to them.
    Here the codes stay the CIDs (``Identity-H``) and the same stream object becomes the
    descendant font's ``CIDToGIDMap``, which sends the same codes to .notdef: the same glyphs
    at the widths WeasyPrint laid out, and the ``ToUnicode`` map (keyed by code) still names
    each character, so every reader gets the text."""
    encoding = font.get("Encoding")
    if not isinstance(encoding, bytes):  # a name (/Identity-H) rather than a reference to a stream
        return
    stream = objects.get(_number(encoding))
    if stream is None or stream.extra.get("Type") != "/CMap":
        return
    pairs = [(int(code, 16), int(cid)) for line in stream.stream if isinstance(line, bytes)
             for code, cid in _CIDCHAR.findall(line)]
    if not pairs:
        return
    gids = list(range(max(code for code, _ in pairs) + 1))
    for code, cid in pairs:
        gids[code] = cid
    stream.stream = [b"".join(g.to_bytes(2, "big") for g in gids)]
    stream.extra = {}
    for ref in font["DescendantFonts"]:
        objects[_number(ref)]["CIDToGIDMap"] = stream.reference
    font["Encoding"] = "/Identity-H"


def _describe_link(annotation, words: dict[str, str]) -> None:
    """``/Contents`` of a link annotation: "Go to …" for an anchor, "Open <url>" for a web address."""
    import pydyf

    dest, action = annotation.get("Dest"), annotation.get("A")
    if isinstance(dest, pydyf.String):
        annotation["Contents"] = pydyf.String(words.get(dest.string, f"Go to {dest.string}"))
    elif isinstance(action, pydyf.Dictionary) and isinstance(action.get("URI"), pydyf.String):
        annotation["Contents"] = pydyf.String(f"Open {action['URI'].string}")


MAX_PASSES = 8


def _check_rows(doc: Document, where: dict[str, int]) -> None:
    """Every KPI row was laid out on a page (its header cell is ``bp_kpiN``, N counting rows)."""
    rows = [r for s in doc.sections for r in s.rows]
    missing = [f"{r.id!r} ({r.origin})" for i, r in enumerate(rows, start=1) if f"bp_kpi{i}" not in where]
    if missing:
        raise LostContentError("WeasyPrint PDF lacks KPI " + "; ".join(missing[:10]))


def _rows_with(doc: Document, numbers: frozenset[int]):
    return [r for s in doc.sections for r in s.rows if any(n.number in numbers for n in r.notes)]


def misplaced_rows(doc: Document, pages, endnotes: frozenset[int] = frozenset()) -> list[str]:
    """Ids of the KPI rows, in reading order, with a footnote that WeasyPrint set on another page
    than the row's marker (it carries a note that does not fit over to the next page) or dropped."""
    where = _pages_of(pages)
    return [r.id for s in doc.sections for r in s.rows
            if any(n.number not in endnotes and where.get(n.anchor) != where.get(n.ref_anchor)
                   for n in r.notes)]


def _pages_of(pages) -> dict[str, int]:
    return {name: i for i, page in enumerate(pages) for name in page.anchors}


def note_order(doc: Document, pages, endnotes: frozenset[int]) -> list[int]:
    """Note numbers in the order their ``Art`` elements come in the structure tree: page by page,
    the page's body (endnotes) before its footnote area."""
    where = _pages_of(pages)
    return sorted((n.number for n in doc.notes if n.anchor in where),
                  key=lambda k: (where[Note.anchor_of(k)], k not in endnotes, k))


def write_pdf_weasy(doc: Document, layout: Layout) -> tuple[bytes, int]:
    """The paper as a tagged PDF/UA-1 and its page count. Needs WeasyPrint (``pip install weasyprint``).

    Footnotes sit on the page of their marker: when WeasyPrint carries a note over to the next
    page or drops it (it drops what fits on neither page, or a note carried past the last page),
    the next pass starts that row on a new page (the first such row per pass, at most
    ``MAX_PASSES`` passes). Notes still dropped then (a row whose notes fill more than a page) are
    listed at the end instead; notes only carried over stay on the next page.
    (CSS ``footnote-policy: block`` would do this in one pass, but WeasyPrint 70 loops forever
    on a row whose notes cannot fit on any page.)"""
    try:
        import weasyprint
    except (ImportError, OSError) as e:  # OSError: Pango, which WeasyPrint loads, is not installed
        raise InputError(f"--pdf-engine weasyprint needs WeasyPrint and Pango ({e}); install them "
                         "(pip install 'weasyprint>=66'; Debian: apt-get install libpango-1.0-0 "
                         "libpangoft2-1.0-0) or use the default engine") from None
    level = _LOG.level
    _LOG.setLevel(logging.ERROR)  # its warnings are about CSS a browser reads, not about the PDF
    breaks: frozenset[str] = frozenset()
    endnotes: frozenset[int] = frozenset()
    try:
        for attempt in range(MAX_PASSES + 2):
            source = write_html(doc, layout, for_pdf=True, breaks=breaks, endnotes=endnotes).decode("utf-8")
            rendered = weasyprint.HTML(string=source, base_url=None).render(pdf_variant="pdf/ua-1")
            where = _pages_of(rendered.pages)
            lost = frozenset(n.number for n in doc.notes if n.anchor not in where)
            late = [r for r in misplaced_rows(doc, rendered.pages, endnotes) if r not in breaks]
            if attempt >= MAX_PASSES or not late:
                if not lost:
                    break
                # a note WeasyPrint dropped although its row starts a page (or passes ran out)
                endnotes |= {n.number for r in _rows_with(doc, lost) for n in r.notes}
                continue
            breaks |= {late[0]}
        if lost:
            raise LostContentError(f"WeasyPrint PDF lacks notes {sorted(lost)[:10]}")
        _check_rows(doc, where)
        pdf = rendered.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=True,
                                 finisher=_finish(note_order(doc, rendered.pages, endnotes), doc.link_words))
    finally:
        _LOG.setLevel(level)
    return pdf, len(rendered.pages)
