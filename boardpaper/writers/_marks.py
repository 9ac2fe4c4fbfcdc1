"""Raw WordprocessingML for the monthly cycle: text runs wrapped in (hidden) bookmarks that name
the input field they show, and the custom XML part that carries the build manifest.

Nothing here knows the model; :mod:`boardpaper.manifest` decides names and content.
"""
from __future__ import annotations

from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn

from ._ooxml import el, run

_SPACE = qn("xml:space")

CUSTOM_XML_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
CUSTOM_XML_PROPS_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps"
CUSTOM_XML_PROPS_CT = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
DS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"


def marked_runs(segments, style_id: str | None, next_id) -> list:
    """Runs for ``segments`` (``(text, mark name)`` pairs, '' = no mark); a marked run sits
    between ``w:bookmarkStart``/``w:bookmarkEnd`` with the id ``next_id()`` returns."""
    out = []
    for text, mark in segments:
        if not text:
            continue
        r = _text_run(text) if style_id is None and "\t" not in text and "\n" not in text else run(text, style_id)
        if mark:
            bid = next_id()
            out += [el("w:bookmarkStart", {"id": bid, "name": mark}), r, el("w:bookmarkEnd", {"id": bid})]
        else:
            out.append(r)
    return out


def _text_run(text: str):
    """A plain ``w:r``/``w:t`` (python-docx's text setter is several times slower)."""
    r, t = OxmlElement("w:r"), OxmlElement("w:t")
    t.text = text
    if text != text.strip():
        t.set(_SPACE, "preserve")
    r.append(t)
    return r


def add_custom_xml(document_part, xml: bytes, item_id: str, schema: str) -> None:
    """Relate a custom XML data store item holding ``xml`` to ``document_part``, with its
    properties part (``ds:itemID`` = ``item_id``, a GUID in braces; schema reference ``schema``).
    The part takes the first free ``/customXml/itemN.xml`` name (templates ship their own items)."""
    package = document_part.package
    used = {str(p.partname) for p in package.iter_parts()}
    n = 1
    while f"/customXml/item{n}.xml" in used or f"/customXml/itemProps{n}.xml" in used:
        n += 1
    item = Part(PackURI(f"/customXml/item{n}.xml"), "application/xml", xml, package)
    props = XmlPart(PackURI(f"/customXml/itemProps{n}.xml"), CUSTOM_XML_PROPS_CT, parse_xml(
        f'<ds:datastoreItem xmlns:ds="{DS}" ds:itemID="{item_id}"><ds:schemaRefs>'
        f'<ds:schemaRef ds:uri="{schema}"/></ds:schemaRefs></ds:datastoreItem>'), package)
    item.relate_to(props, CUSTOM_XML_PROPS_RT)
    document_part.relate_to(item, CUSTOM_XML_RT)
