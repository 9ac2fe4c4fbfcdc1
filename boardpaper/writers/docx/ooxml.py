"""Raw WordprocessingML for what python-docx has no API for: fields, bookmarks, internal and
footnote hyperlinks, footnotes, table row/cell/table properties, table styles, outline levels,
numbering, fonts and language defaults, pictures with alt text, and a reproducible zip.

Every helper takes python-docx objects (or their ``_element``) and edits their XML in schema
order. Nothing here knows about the document model or the layout.
"""
from __future__ import annotations


from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.shape import CT_Inline
from lxml import etree

from ...wordml import W_NS
from .package import reproducible_zip, set_field_results  # noqa: F401 (re-exported)

FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
NUMBERING_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"
STYLES_WITH_EFFECTS_RT = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

# schema order (ECMA-376 transitional) of the children this module inserts; python-docx keeps
# its own orders private
STYLE_SEQ = ("w:name", "w:aliases", "w:basedOn", "w:next", "w:link", "w:autoRedefine", "w:hidden",
             "w:uiPriority", "w:semiHidden", "w:unhideWhenUsed", "w:qFormat", "w:locked", "w:personal",
             "w:personalCompose", "w:personalReply", "w:rsid", "w:pPr", "w:rPr", "w:tblPr", "w:trPr",
             "w:tcPr", "w:tblStylePr")
PPR_SEQ = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
           "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
           "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
           "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
           "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
           "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
RPR_SEQ = ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
           "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
           "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs",
           "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
           "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")
TBLPR_SEQ = ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
             "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd",
             "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
TRPR_SEQ = ("w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter",
            "w:cantSplit", "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden")
TCPR_SEQ = ("w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd",
            "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")
SETTINGS_SEQ = ("w:writeProtection", "w:view", "w:zoom", "w:removePersonalInformation",
                "w:removeDateAndTime", "w:doNotDisplayPageBoundaries", "w:displayBackgroundShape",
                "w:printPostScriptOverText", "w:printFractionalCharacterWidth", "w:printFormsData",
                "w:embedTrueTypeFonts", "w:embedSystemFonts", "w:saveSubsetFonts", "w:saveFormsData",
                "w:mirrorMargins", "w:alignBordersAndEdges", "w:bordersDoNotSurroundHeader",
                "w:bordersDoNotSurroundFooter", "w:gutterAtTop", "w:hideSpellingErrors",
                "w:hideGrammaticalErrors", "w:activeWritingStyle", "w:proofState", "w:formsDesign",
                "w:attachedTemplate", "w:linkStyles", "w:stylePaneFormatFilter", "w:stylePaneSortMethod",
                "w:documentType", "w:mailMerge", "w:revisionView", "w:trackRevisions", "w:doNotTrackMoves",
                "w:doNotTrackFormatting", "w:documentProtection", "w:autoFormatOverride", "w:styleLockTheme",
                "w:styleLockQFSet", "w:defaultTabStop", "w:autoHyphenation", "w:consecutiveHyphenLimit",
                "w:hyphenationZone", "w:doNotHyphenateCaps", "w:showEnvelope", "w:summaryLength",
                "w:clickAndTypeStyle", "w:defaultTableStyle", "w:evenAndOddHeaders", "w:bookFoldRevPrinting",
                "w:bookFoldPrinting", "w:bookFoldPrintingSheets", "w:drawingGridHorizontalSpacing",
                "w:drawingGridVerticalSpacing", "w:displayHorizontalDrawingGridEvery",
                "w:displayVerticalDrawingGridEvery", "w:doNotUseMarginsForDrawingGridOrigin",
                "w:drawingGridHorizontalOrigin", "w:drawingGridVerticalOrigin", "w:doNotShadeFormData",
                "w:noPunctuationKerning", "w:characterSpacingControl", "w:printTwoOnOne",
                "w:strictFirstAndLastChars", "w:noLineBreaksAfter", "w:noLineBreaksBefore",
                "w:savePreviewPicture", "w:doNotValidateAgainstSchema", "w:saveInvalidXml",
                "w:ignoreMixedContent", "w:alwaysShowPlaceholderText", "w:doNotDemarcateInvalidXml",
                "w:saveXmlDataOnly", "w:useXSLTWhenSaving", "w:saveThroughXslt", "w:showXMLTags",
                "w:alwaysMergeEmptyNamespace", "w:updateFields", "w:hdrShapeDefaults", "w:footnotePr",
                "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema",
                "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
                "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown",
                "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags",
                "w:decimalSymbol", "w:listSeparator")


def el(tag: str, attrs: dict | None = None, *children):
    """A new element ``tag`` (e.g. ``"w:tab"``) with ``w:``-prefixed ``attrs`` and ``children``."""
    e = OxmlElement(tag, attrs={qn(k if ":" in k else f"w:{k}"): str(v) for k, v in (attrs or {}).items()})
    e.extend(children)
    return e


def put(parent, child, order: tuple[str, ...]):
    """Insert ``child`` into ``parent`` at its place in ``order`` (the schema's sequence of child
    tags), replacing a child with the same tag. Children whose tags ``order`` lacks are passed over."""
    old = parent.find(child.tag)
    if old is not None:
        parent.replace(old, child)
        return child
    tags = [_clark(t) for t in order]
    if child.tag in tags:
        later = set(tags[tags.index(child.tag) + 1:])
        for i, c in enumerate(parent):
            if c.tag in later:
                parent.insert(i, child)
                return child
    parent.append(child)
    return child


_NS = {"w": W_NS,
       "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
       "sl": "http://schemas.openxmlformats.org/schemaLibrary/2006/main"}


def _clark(tag: str) -> str:
    prefix, local = tag.split(":")
    return "{%s}%s" % (_NS[prefix], local)


def run(text: str = "", style_id: str | None = None, *children):
    """A ``w:r`` with optional character style; ``\\t``/``\\n`` in ``text`` become tab/break."""
    r = OxmlElement("w:r")
    if style_id:
        r.style = style_id
    if text:
        r.text = text
    r.extend(children)
    return r


# ----------------------------------------------------------------------------- fields, links
def field_start(instr: str, style_id: str | None = None) -> list:
    """The runs that open a complex field up to its result: begin, instruction, separate."""
    instr_el = el("w:instrText", {"xml:space": "preserve"})
    instr_el.text = f" {instr.strip()} "
    return [run("", style_id, el("w:fldChar", {"fldCharType": "begin"})),
            run("", style_id, instr_el),
            run("", style_id, el("w:fldChar", {"fldCharType": "separate"}))]


def field_end(style_id: str | None = None):
    """The run that closes a complex field."""
    return run("", style_id, el("w:fldChar", {"fldCharType": "end"}))


def add_field(container, instr: str, cached_text: str, style_id: str | None = None) -> None:
    """Append a complex field (``PAGE``, ``PAGEREF x \\h``…) whose cached result is ``cached_text``.
    ``container`` is a paragraph (python-docx or ``w:p``) or a ``w:hyperlink``."""
    target = getattr(container, "_p", container)
    target.extend(field_start(instr, style_id) + [run(cached_text, style_id), field_end(style_id)])


def add_bookmark(paragraph, name: str, bookmark_id: int) -> None:
    """Wrap the whole content of ``paragraph`` in bookmark ``name``."""
    p = paragraph._p
    start = el("w:bookmarkStart", {"id": bookmark_id, "name": name})
    p.insert(1 if p.pPr is not None else 0, start)
    p.append(el("w:bookmarkEnd", {"id": bookmark_id}))


def add_internal_hyperlink(paragraph, text: str, anchor: str, style_id: str):
    """Append a link to bookmark ``anchor``; returns the ``w:hyperlink`` for more runs."""
    link = el("w:hyperlink", {"anchor": anchor, "history": 1}, run(text, style_id))
    getattr(paragraph, "_p", paragraph).append(link)
    return link


def external_hyperlink(part, text: str, url: str, style_id: str):
    """A ``w:hyperlink`` to ``url`` for use inside ``part``, which owns the (external) relationship."""
    link = el("w:hyperlink", {"history": 1}, run(text, style_id))
    link.set(qn("r:id"), part.relate_to(url, RT.HYPERLINK, is_external=True))
    return link


# ----------------------------------------------------------------------------- footnotes
def add_footnotes_part(document_part) -> XmlPart:
    """A fresh ``/word/footnotes.xml`` related to ``document_part`` holding the separator (id -1)
    and continuation separator (id 0) notes. Replaces a footnotes part the base document had."""
    for r_id, rel in list(document_part.rels.items()):
        if rel.reltype == RT.FOOTNOTES:
            document_part.drop_rel(r_id)
    xml = (f'<w:footnotes {nsdecls("w", "r")}>'
           '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
           'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
           '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
           'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
           '</w:footnotes>')
    part = XmlPart(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, parse_xml(xml), document_part.package)
    document_part.relate_to(part, RT.FOOTNOTES)
    return part


def add_footnote(part: XmlPart, note_id: int, content: list, para_style: str, ref_style: str) -> None:
    """Append footnote ``note_id``: a ``para_style`` paragraph of its mark, a space, then ``content``
    (runs or hyperlinks)."""
    mark = run("", ref_style, el("w:footnoteRef"))
    space = el("w:r", None, el("w:t", {"xml:space": "preserve"}))
    space[0].text = " "
    p = el("w:p", None, el("w:pPr", None, el("w:pStyle", {"val": para_style})), mark, space, *content)
    part.element.append(el("w:footnote", {"id": note_id}, p))


def add_footnote_reference(paragraph, note_id: int, style_id: str) -> None:
    """Append the body mark of footnote ``note_id`` to ``paragraph``."""
    paragraph._p.append(run("", style_id, el("w:footnoteReference", {"id": note_id})))


def set_footnote_properties(settings) -> None:
    """Name the separator notes in settings, as Word does (``w:footnotePr``)."""
    fpr = el("w:footnotePr", None, el("w:footnote", {"id": -1}), el("w:footnote", {"id": 0}))
    put(settings.element, fpr, SETTINGS_SEQ)


# ----------------------------------------------------------------------------- tables
def _row_pr(row):
    return row._tr.get_or_add_trPr()


def set_cant_split(row) -> None:
    """Keep ``row`` on one page."""
    put(_row_pr(row), el("w:cantSplit"), TRPR_SEQ)


def set_repeat_header(row) -> None:
    """Repeat ``row`` at the top of every page the table runs onto (also marks it as header)."""
    put(_row_pr(row), el("w:tblHeader"), TRPR_SEQ)


def merge_vertically(cells) -> None:
    """Merge ``cells`` (one column, consecutive rows) into the first: ``vMerge`` restart/continue."""
    for i, cell in enumerate(cells):
        put(cell._tc.get_or_add_tcPr(), el("w:vMerge", {"val": "restart"} if i == 0 else None), TCPR_SEQ)


def set_table_width(table, twips: int) -> None:
    """A fixed total table width in twips."""
    put(table._tbl.tblPr, el("w:tblW", {"w": twips, "type": "dxa"}), TBLPR_SEQ)


def set_table_look(table, first_row: bool, first_column: bool) -> None:
    """Which conditional parts of the table style apply (header row, first column)."""
    val = (0x20 if first_row else 0) | (0x80 if first_column else 0) | 0x200 | 0x400
    put(table._tbl.tblPr, el("w:tblLook", {
        "val": f"{val:04X}", "firstRow": int(first_row), "lastRow": 0, "firstColumn": int(first_column),
        "lastColumn": 0, "noHBand": 1, "noVBand": 1}), TBLPR_SEQ)


def set_table_caption(table, caption: str, description: str) -> None:
    """The table's title and description for screen readers (``tblCaption``/``tblDescription``)."""
    put(table._tbl.tblPr, el("w:tblCaption", {"val": caption}), TBLPR_SEQ)
    put(table._tbl.tblPr, el("w:tblDescription", {"val": description}), TBLPR_SEQ)


# ----------------------------------------------------------------------------- pictures
def add_picture(run_, png: bytes, width_emu: int, height_emu: int, shape_id: int,
                name: str, descr: str, title: str, images: dict) -> None:
    """Append an inline PNG to ``run_`` with alt text ``descr`` and ``title``. ``images`` (PNG
    bytes → (relationship id, file name)) makes each distinct image a part once, in constant time:
    python-docx's own ``get_or_add_image`` hashes every image already present, which is quadratic
    over a paper of thousands of charts."""
    r_id, filename = _image_relationship(run_.part, png, images)
    inline = CT_Inline.new_pic_inline(shape_id, r_id, filename, width_emu, height_emu)
    inline.docPr.set("name", name)
    inline.docPr.set("descr", descr)
    inline.docPr.set("title", title)
    c_nv_pr = inline.find(".//" + qn("pic:cNvPr"))
    c_nv_pr.set("descr", descr)
    run_._r.add_drawing(inline)


def _image_relationship(part, png: bytes, images: dict) -> tuple[str, str]:
    if png not in images:
        from docx.image.image import Image
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.packuri import PackURI
        from docx.parts.image import ImagePart

        n = len(images) + 1
        image = Image.from_blob(png)
        image_part = ImagePart.from_image(image, PackURI(f"/word/media/bp_chart{n}.{image.ext}"))
        r_id = f"rIdBPChart{n}"
        part.rels.add_relationship(RT.IMAGE, image_part, r_id)
        images[png] = (r_id, f"bp_chart{n}.{image.ext}")
    return images[png]


# ----------------------------------------------------------------------------- styles
def reset_style(style) -> None:
    """Strip ``style`` down to its name, ready to be defined afresh."""
    for child in list(style.element):
        if child.tag not in (qn("w:name"), qn("w:aliases")):
            style.element.remove(child)


def _rfonts(font: str):
    return el("w:rFonts", {"ascii": font, "hAnsi": font, "cs": font, "eastAsia": font})


def set_fonts(rpr, font: str) -> None:
    """All four font slots of ``rpr`` (a ``w:rPr``) to ``font``, with no theme fonts."""
    put(rpr, _rfonts(font), RPR_SEQ)


def set_outline_level(style, level: int) -> None:
    """Outline level of a paragraph style: 0 = level 1 … 9 = body text."""
    put(style.element.get_or_add_pPr(), el("w:outlineLvl", {"val": level}), PPR_SEQ)


def set_style_numbering(style, num_id: int) -> None:
    """Number paragraphs of ``style`` with numbering instance ``num_id`` (level 0)."""
    put(style.element.get_or_add_pPr(), el("w:numPr", None, el("w:numId", {"val": num_id})), PPR_SEQ)


def set_table_style(style, *, font: str, border: str, header_fill: str, first_column_fill: str,
                    cell_margin: int) -> None:
    """Define table style ``style``: single borders, cell margins (twips), a filled header row and
    a filled first column (both switched on per table by :func:`set_table_look`)."""
    edges = ("top", "left", "bottom", "right", "insideH", "insideV")
    borders = el("w:tblBorders", None, *(el(f"w:{e}", {"val": "single", "sz": 4, "space": 0, "color": border})
                                         for e in edges))
    margins = el("w:tblCellMar", None, *(el(f"w:{e}", {"w": cell_margin, "type": "dxa"})
                                         for e in ("top", "left", "bottom", "right")))
    s = style.element
    for tag in ("w:rPr", "w:tblPr", "w:tcPr", "w:tblStylePr"):
        for old in s.findall(qn(tag)):
            s.remove(old)
    put(s, el("w:rPr", None, _rfonts(font)), STYLE_SEQ)
    put(s, el("w:tblPr", None, borders, margins), STYLE_SEQ)
    put(s, el("w:tcPr", None, el("w:vAlign", {"val": "top"})), STYLE_SEQ)
    for kind, fill in (("firstCol", first_column_fill), ("firstRow", header_fill)):
        s.append(el("w:tblStylePr", {"type": kind}, el("w:tblPr"), el("w:tcPr", None, el(
            "w:shd", {"val": "clear", "color": "auto", "fill": fill}))))


def set_doc_defaults(styles_element, *, font: str | None = None, size_pt: float | None = None,
                     lang: str | None = None) -> None:
    """Document-wide run defaults (``w:docDefaults``): font, size, language."""
    dd = styles_element.find(qn("w:docDefaults"))
    if dd is None:
        dd = el("w:docDefaults")
        styles_element.insert(0, dd)
    rpr_default = dd.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = el("w:rPrDefault")
        dd.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = rpr_default.makeelement(qn("w:rPr"))
        rpr_default.append(rpr)
    if font:
        put(rpr, _rfonts(font), RPR_SEQ)
    if size_pt:
        put(rpr, el("w:sz", {"val": round(size_pt * 2)}), RPR_SEQ)
        put(rpr, el("w:szCs", {"val": round(size_pt * 2)}), RPR_SEQ)
    if lang:
        put(rpr, el("w:lang", {"val": lang, "eastAsia": lang, "bidi": "ar-SA"}), RPR_SEQ)


def replace_theme_fonts(styles_element, font: str) -> None:
    """Every ``w:rFonts`` in the styles part names ``font`` explicitly instead of a theme font."""
    for rf in styles_element.iter(qn("w:rFonts")):
        for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            rf.attrib.pop(qn(f"w:{attr}"), None)
        for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
            rf.set(qn(f"w:{attr}"), font)


def set_theme_font(document_part, font: str) -> None:
    """Make the theme's major and minor Latin fonts ``font`` (what a theme reference resolves to)."""
    for rel in document_part.rels.values():
        if rel.reltype == RT.THEME and not rel.is_external:
            part = rel.target_part
            root = parse_xml(part.blob)
            ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
            for latin in root.xpath("//a:majorFont/a:latin | //a:minorFont/a:latin", namespaces=ns):
                latin.set("typeface", font)
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def drop_styles_with_effects(document_part) -> None:
    """Drop Word 2010's ``stylesWithEffects`` copy of the styles (it would keep the old fonts)."""
    for r_id, rel in list(document_part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS_RT:
            document_part.drop_rel(r_id)


def drop_thumbnail(package) -> None:
    """Drop the package thumbnail (python-docx's template ships a picture of its own blank page)."""
    for r_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[r_id]


def set_settings_lang(settings, lang: str) -> None:
    """``w:themeFontLang`` and no ``w:updateFields`` (we ship field results already filled)."""
    for old in settings.element.findall(qn("w:updateFields")):
        settings.element.remove(old)
    put(settings.element, el("w:themeFontLang", {"val": lang}), SETTINGS_SEQ)


def numbering_element(document_part):
    """The ``w:numbering`` root of the document's numbering part, created when missing."""
    try:
        return document_part.part_related_by(RT.NUMBERING).element
    except KeyError:
        part = XmlPart(PackURI("/word/numbering.xml"), NUMBERING_CT,
                       parse_xml(f"<w:numbering {nsdecls('w')}/>"), document_part.package)
        document_part.relate_to(part, RT.NUMBERING)
        return part.element


def ensure_decimal_numbering(numbering, name: str, indent: int, hanging: int, bullet: str = "") -> int:
    """The ``numId`` of a one-level "1." list named ``name`` (with ``bullet``: a list bulleted with
    that character), added when missing (idempotent)."""
    for abstract in numbering.findall(qn("w:abstractNum")):
        n = abstract.find(qn("w:name"))
        if n is not None and n.get(qn("w:val")) == name:
            aid = abstract.get(qn("w:abstractNumId"))
            for num in numbering.findall(qn("w:num")):
                if num.find(qn("w:abstractNumId")).get(qn("w:val")) == aid:
                    return int(num.get(qn("w:numId")))
    aid = 1 + max((int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))), default=-1)
    num_id = 1 + max((int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))), default=0)
    abstract = el("w:abstractNum", {"abstractNumId": aid},
                  el("w:multiLevelType", {"val": "singleLevel"}), el("w:name", {"val": name}),
                  el("w:lvl", {"ilvl": 0}, el("w:start", {"val": 1}),
                     el("w:numFmt", {"val": "bullet" if bullet else "decimal"}),
                     el("w:lvlText", {"val": bullet or "%1."}), el("w:lvlJc", {"val": "left"}),
                     el("w:pPr", None, el("w:ind", {"left": indent, "hanging": hanging}))))
    nums = numbering.findall(qn("w:num"))
    if nums:
        nums[0].addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(el("w:num", {"numId": num_id}, el("w:abstractNumId", {"val": aid})))
    return num_id


def clear_story(element) -> None:
    """Remove every paragraph and table of a body, header or footer (keeping ``w:sectPr``)."""
    for child in list(element):
        if child.tag != qn("w:sectPr"):
            element.remove(child)


def drop_unused_rels(part) -> None:
    """Drop ``part``'s image and hyperlink relationships that its XML no longer uses (after
    :func:`clear_story`), so a reference document's pictures are not carried along."""
    used = set(part.element.xpath("//@r:id | //@r:embed | //@r:link"))
    for r_id, rel in list(part.rels.items()):
        if rel.reltype in (RT.IMAGE, RT.HYPERLINK) and r_id not in used:
            del part.rels[r_id]


# ----------------------------------------------------------------------------- package
