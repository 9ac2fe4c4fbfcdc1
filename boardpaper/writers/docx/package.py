"""The DOCX package as a zip, without python-docx: reproducible zips, and complex fields whose cached
results are set after the document was written."""
from __future__ import annotations

import io
import zipfile
from datetime import datetime

from lxml import etree

from ...wordml import W


def reproducible_zip(data: bytes, when: datetime, replace: dict[str, bytes] | None = None) -> bytes:
    """``data`` (a zip) rewritten with every member dated ``when`` (clamped to the years a zip can
    hold), in the same order, deflated, with no host-specific attributes: same input, same bytes.
    Members named in ``replace`` get its content instead."""
    replace = replace or {}
    if when.tzinfo is not None:
        from datetime import timezone

        when = when.astimezone(timezone.utc).replace(tzinfo=None)
    when = min(max(when, datetime(1980, 1, 1)), datetime(2107, 12, 31, 23, 59, 58))
    stamp = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type, member.create_system, member.external_attr = zipfile.ZIP_DEFLATED, 0, 0
            content = replace[info.filename] if info.filename in replace else src.read(info.filename)
            dst.writestr(member, content, compresslevel=6)
    return out.getvalue()


def set_field_results(data: bytes, result, when: datetime,
                      parts: tuple[str, ...] = ("word/document.xml", "word/footer")) -> bytes:
    """``data`` (a DOCX) with the cached result of every complex field in ``parts`` whose new text
    ``result(instruction)`` gives (``None``: left as it is), the package rewritten reproducibly.

    Used to put page numbers measured after the document was written (by the PDF layout or by
    LibreOffice) into the contents' ``PAGEREF`` fields and the footer's ``NUMPAGES``, without
    writing the document again. ``parts`` are member-name prefixes. The first text of a result is
    replaced, any further text emptied."""
    w = W + "t"
    changed: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = [n for n in z.namelist() if n.endswith(".xml") and n.startswith(parts)]
        for name in names:
            root = etree.fromstring(z.read(name))
            stack: list[list] = []  # per open field: [instruction, in result, result texts]
            for node in root.iter(W + "fldChar", W + "instrText", w):
                if node.tag == W + "fldChar":
                    kind = node.get(W + "fldCharType")
                    if kind == "begin":
                        stack.append(["", False, []])
                    elif kind == "separate" and stack:
                        stack[-1][1] = True
                    elif kind == "end" and stack:
                        instr, _, texts = stack.pop()
                        new = result(instr.strip())
                        if new is not None and texts:
                            texts[0].text = new
                            for t in texts[1:]:
                                t.text = ""
                elif node.tag == W + "instrText" and stack and not stack[-1][1]:
                    stack[-1][0] += node.text or ""
                elif node.tag == w and stack and stack[-1][1]:
                    stack[-1][2].append(node)
            changed[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return reproducible_zip(data, when, changed)
