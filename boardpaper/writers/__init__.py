"""Writers: pure functions from a Document and a Layout to the bytes of one format."""
from __future__ import annotations


def write_docx(doc, layout, **kw) -> bytes:
    from .docx.writer import write_docx as write

    return write(doc, layout, **kw)


def write_pdf(doc, layout, **kw) -> bytes:
    from .pdf.writer import write_pdf as write

    return write(doc, layout, **kw)


WRITERS = {"docx": write_docx, "pdf": write_pdf}
