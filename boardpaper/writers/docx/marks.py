"""Raw WordprocessingML for the monthly cycle: text runs wrapped in (hidden) bookmarks that name
the input field they show, and the custom XML part that carries the build manifest.

Nothing here knows the model; :mod:`boardpaper.cycle.manifest` decides names and content.
"""
from __future__ import annotations

from xml.sax.saxutils import escape

from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import parse_xml

from ...wordml import W_NS
_ATTR = {'"': "&quot;"}

CUSTOM_XML_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
CUSTOM_XML_PROPS_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps"
CUSTOM_XML_PROPS_CT = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
DS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"


def marked_runs(segments, style_id: str | None, next_id) -> list:
    """Runs for ``segments`` (``(text, mark name)`` pairs, '' = no mark); a marked run sits
    between ``w:bookmarkStart``/``w:bookmarkEnd`` with the id ``next_id()`` returns. ``\t`` and
    ``\n`` become tabs and breaks. (Built as one XML fragment: per-element construction through
    python-docx is several times slower on papers of thousands of KPIs.)"""
    rpr = f'<w:rPr><w:rStyle w:val="{escape(style_id, _ATTR)}"/></w:rPr>' if style_id else ""
    xml = []
    for text, mark in segments:
        if not text:
            continue
        if mark:
            bid = next_id()
            xml.append(f'<w:bookmarkStart w:id="{bid}" w:name="{escape(mark, _ATTR)}"/>')
        xml.append(f"<w:r>{rpr}{_content(text)}</w:r>")
        if mark:
            xml.append(f'<w:bookmarkEnd w:id="{bid}"/>')
    if not xml:
        return []
    return list(parse_xml(f'<w:p xmlns:w="{W_NS}">{"".join(xml)}</w:p>'))


def _content(text: str) -> str:
    out = []
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append("<w:br/>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                out.append("<w:tab/>")
            if piece:
                space = ' xml:space="preserve"' if piece != piece.strip() else ""
                out.append(f"<w:t{space}>{escape(piece)}</w:t>")
    return "".join(out)


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
