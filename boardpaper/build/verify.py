"""The last check before anything is written: every KPI of the model reached every output."""
from __future__ import annotations

import io
import re
import zipfile

from ..model import Document

from ..wordml import W


class LostContentError(RuntimeError):
    """A KPI of the input is missing from an output: a bug, never the user's fault."""


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def docx_text(docx: bytes) -> str:
    """All text of the DOCX body, whitespace removed (for containment checks)."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return _squash("".join(t.text or "" for t in root.iter(f"{W}t")))


def verify_outputs(doc: Document, outputs: dict[str, bytes], drawn: set[str] | None = None) -> None:
    """Raise :class:`LostContentError` naming the KPIs missing from an output.

    DOCX: each KPI's text is in the body. PDF (reportlab): each KPI row was drawn (``drawn`` holds
    the ids the layout passes recorded)."""
    rows = [(r.origin, r.id, r.kpi) for s in doc.sections for r in s.rows]
    missing: list[str] = []
    if "docx" in outputs:
        body = docx_text(outputs["docx"])
        missing += [f"DOCX lacks KPI {i!r} ({o})" for o, i, k in rows if _squash(k) not in body]
    if "pdf" in outputs and drawn is not None:
        missing += [f"PDF lacks KPI {i!r} ({o})" for o, i, _ in rows if i not in drawn]
    if missing:
        raise LostContentError("; ".join(missing[:10]) + (f" and {len(missing) - 10} more" if len(missing) > 10 else ""))
