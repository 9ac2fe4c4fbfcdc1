"""LibreOffice as converter and page measurer, and the two-pass contents it makes possible."""
from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest
from pypdf import PdfReader

from boardpaper.build import libreoffice
from boardpaper.build.libreoffice import (LibreOfficeError, bookmark_pages, convert_to_pdf, destination_name,
                                    docx_bookmarks, soffice_path)
from boardpaper.model import Group, Row, Section
from boardpaper.writers.docx.writer import write_docx
from tests.helpers import system
from tests.helpers.documents import COLUMNS, make_document, make_layout

needs_soffice = system.needs(system.LIBREOFFICE)


def long_document():
    """The test document with the grouped section grown to several pages, groups across page ends."""
    doc = make_document()
    rows, groups = [], []
    for g in range(1, 7):
        first = len(rows)
        for k in range(9):
            rows.append(Row(f"G{g}{k}", f"KPI {g}.{k}: " + "increase the thing that matters to residents " * (1 + k % 4),
                            f"Sub-objective {g}", (("current", f"{k}0% [Mar 22]"), ("benchmark", str(k)))))
        groups.append(Group(f"Sub-objective {g}", f"bp_s3_g{g}", first, 9))
    extra = Section("Increased confidence", "bp_s3", COLUMNS, tuple(rows), tuple(groups))
    return replace(doc, sections=doc.sections + (extra,))


def page_texts(pdf: bytes) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages]


def test_destination_names_follow_libreoffice():
    assert destination_name("bp_s1_g2") == "bp5Fs15Fg2"
    assert destination_name("Plain-Name9") == "Plain-Name9"
    assert destination_name("a.b") == "a2Eb"


def test_missing_soffice_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(libreoffice.shutil, "which", lambda name: None)
    assert soffice_path() is None
    with pytest.raises(LibreOfficeError, match="not installed"):
        convert_to_pdf(b"not a docx")


def test_docx_bookmarks_lists_body_bookmarks():
    data = write_docx(make_document(), make_layout())
    assert docx_bookmarks(data) == ["bp_s1", "bp_s2", "bp_s2_g1", "bp_s2_g2", "bp_s2_g3"]


@pytest.mark.libreoffice
@needs_soffice
@pytest.mark.parametrize("tables", ["merged", "accessible"])
def test_every_bookmark_becomes_a_destination(tables):
    doc, layout = make_document(), make_layout(tables=tables)
    pages = bookmark_pages(write_docx(doc, layout))
    assert set(pages) == {c.anchor for c in doc.contents}  # sub-objectives sit in (merged) table cells
    assert pages["bp_s1"] == 2  # the page break before the first section


@pytest.mark.libreoffice
@needs_soffice
def test_contents_shows_the_page_each_heading_lands_on():
    doc, layout = long_document(), make_layout()
    first = write_docx(doc, layout)  # contents numbers: the estimate
    pages = bookmark_pages(first)
    final = write_docx(doc, layout, page_numbers=pages)
    assert bookmark_pages(final) == pages  # rewriting the numbers moves nothing
    pdf = convert_to_pdf(final)
    texts = page_texts(pdf)
    assert len(set(pages.values())) >= 4
    # independent of bookmarks: the PDF outline, made from the headings' outline levels
    reader = PdfReader(io.BytesIO(pdf))
    outline = [(o.title, reader.get_destination_page_number(o) + 1) for o in _flat(reader.outline)]
    assert outline == [(c.title, pages[c.anchor]) for c in doc.contents]
    contents = texts[0] + texts[1]
    for entry in doc.contents:
        shown = re.search(re.escape(entry.title) + r"\s*\.{3,}\s*(\d+)", contents)
        assert shown and int(shown.group(1)) == pages[entry.anchor], entry.title
        words = " ".join(entry.title.split()[:3])  # a sub-objective may wrap in its narrow cell
        assert words in texts[pages[entry.anchor] - 1], (entry.title, pages[entry.anchor])


def _flat(items):
    for it in items:
        yield from (_flat(it) if isinstance(it, list) else [it])


@pytest.mark.libreoffice
@needs_soffice
def test_footnotes_and_their_links_reach_the_pdf():
    doc = make_document()
    pdf = convert_to_pdf(write_docx(doc, make_layout()))
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page_texts(pdf))
    for note in doc.notes:
        assert note.source.text in text
    uris = [a.get_object()["/A"].get("/URI") for p in reader.pages for a in (p.get("/Annots") or [])
            if a.get_object().get("/A") is not None and "/URI" in a.get_object()["/A"]]
    assert uris.count(doc.notes[0].source.href) == 2
    assert not [u for u in uris if str(u).startswith("javascript")]


@pytest.mark.libreoffice
@needs_soffice
def test_tagged_conversion_gives_a_tagged_pdf_ua_file():
    pdf = convert_to_pdf(write_docx(make_document(), make_layout()), tagged=True)
    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()


@pytest.mark.libreoffice
@needs_soffice
def test_a_broken_docx_or_a_timeout_is_a_clear_error():
    with pytest.raises(LibreOfficeError, match="could not convert the DOCX to PDF .*could not be loaded"):
        convert_to_pdf(b"this is not a zip file")
    with pytest.raises(LibreOfficeError, match="did not finish"):
        convert_to_pdf(write_docx(make_document(), make_layout()), timeout=0.05)
