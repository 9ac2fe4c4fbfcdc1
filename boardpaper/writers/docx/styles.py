"""The DOCX house styles: which named style each role uses (:data:`STYLES`) and how a layout
defines them (:func:`ensure_styles`). Raw XML stays in :mod:`.ooxml`."""
from __future__ import annotations

from dataclasses import dataclass

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Mm, Pt, RGBColor

from ...layout import Layout
from . import ooxml as _ooxml
from .pages import TWIPS_PER_MM

# role -> style name as stored in styles.xml (Word's own names for its built-in styles)
STYLES = {
    "normal": "Normal", "header": "Header", "footer": "Footer", "title": "Title",
    "heading1": "Heading 1", "heading2": "Heading 2", "toc_heading": "TOC Heading",
    "toc1": "toc 1", "toc2": "toc 2", "footnote_text": "footnote text",
    "footnote_ref": "footnote reference", "link": "Hyperlink",
    "cover": "BP Cover", "cover_label": "BP Cover Label", "purpose_heading": "BP Purpose Heading",
    "purpose": "BP Purpose", "table": "BP Scorecard", "th": "BP Table Header", "td": "BP Table Text",
    "sub_objective": "BP Sub-Objective", "sub_objective_repeat": "BP Sub-Objective Repeat",
    "chart": "BP Chart", "chart_note": "BP Chart Note",
    "sub_objective_continued": "BP Sub-Objective Continued",  # a merged label again at a page's top
    "heading3": "Heading 3", "narrative": "BP Narrative", "narrative_bullet": "BP Narrative Bullet",
    "chart_key": "BP Chart Key",  # exception reports: narrative headings, paragraphs, list items, chart key
}
P, C, T = WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE


# ============================================================================ styles
@dataclass(frozen=True)
class _Spec:
    """How the layout defines one style. Sizes in points, lengths in millimetres."""

    role: str
    type: WD_STYLE_TYPE
    style_id: str
    base: str | None = None  # role
    next: str | None = None  # role
    size: float | None = None
    bold: bool | None = None
    colour: str | None = None
    underline: bool = False
    superscript: bool = False
    before: float = 0
    after: float = 0
    keep_next: bool = False
    outline: int | None = None  # 0 = level 1 … 9 = body text
    indent: float = 0
    tabs: tuple[tuple[float, str], ...] = ()  # (position mm, "center"|"right"|"right-dots")
    numbered: bool = False
    bullet: str = ""  # a bulleted list style: its bullet character


def _style_specs(layout: Layout) -> list[_Spec]:
    c, f, w = layout.colours, layout.font_size, layout.frame_width
    small = max(f - 1, 7)
    return [
        _Spec("normal", P, "Normal", size=f, colour=c["text"], after=3),
        _Spec("header", P, "Header", "normal", size=small, tabs=((w / 2, "center"), (w, "right"))),
        _Spec("footer", P, "Footer", "normal", size=small, tabs=((w, "right"),)),
        _Spec("title", P, "Title", "normal", "normal", size=layout.title_size, bold=True,
              colour=c["heading"], before=6, after=6, keep_next=True),
        _Spec("heading1", P, "Heading1", "normal", "normal", size=layout.heading1_size, bold=True,
              colour=c["heading"], before=6, after=4, keep_next=True, outline=0),
        _Spec("heading2", P, "Heading2", "normal", "normal", size=layout.heading2_size, bold=True,
              colour=c["heading"], before=6, after=3, keep_next=True, outline=1),
        _Spec("toc_heading", P, "TOCHeading", "heading1", "normal", before=12, outline=9),
        _Spec("toc1", P, "TOC1", "normal", "normal", size=f + 1, after=2, tabs=((w, "right-dots"),)),
        _Spec("toc2", P, "TOC2", "normal", "normal", size=f + 1, after=2, indent=6,
              tabs=((w, "right-dots"),)),
        _Spec("footnote_text", P, "FootnoteText", "normal", size=small),
        _Spec("footnote_ref", C, "FootnoteReference", superscript=True),
        _Spec("link", C, "Hyperlink", colour=c["link"], underline=True),
        _Spec("cover", P, "BPCover", "normal", size=f + 2, after=4),
        _Spec("cover_label", C, "BPCoverLabel", bold=True),
        _Spec("purpose", P, "BPPurpose", "cover", numbered=True),
        _Spec("purpose_heading", P, "BPPurposeHeading", "cover", "purpose", bold=True,
              colour=c["heading"], before=8, keep_next=True),
        _Spec("table", T, "BPScorecard"),
        _Spec("th", P, "BPTableHeader", "normal", bold=True, colour=c["header_text"], keep_next=True),
        _Spec("td", P, "BPTableText", "normal"),
        _Spec("sub_objective", P, "BPSubObjective", "td", bold=True, colour=c["group_text"], outline=1),
        _Spec("sub_objective_repeat", P, "BPSubObjectiveRepeat", "sub_objective", outline=9),
        _Spec("chart", P, "BPChart", "td", before=2),
        _Spec("chart_note", P, "BPChartNote", "td", size=layout.chart_note_size, before=1),
        _Spec("sub_objective_continued", P, "BPSubObjectiveContinued", "sub_objective_repeat"),
        _Spec("narrative", P, "BPNarrative", "normal", after=4),
        _Spec("heading3", P, "Heading3", "normal", "narrative", size=max(f + 1, 7), bold=True, colour=c["heading"],
              before=6, after=2, keep_next=True, outline=2),
        _Spec("narrative_bullet", P, "BPNarrativeBullet", "narrative", after=2, bullet="•"),
        _Spec("chart_key", P, "BPChartKey", "normal", size=max(f - 1.5, 7), colour=c["neutral"], after=1),
    ]


_TABS = {"center": (WD_TAB_ALIGNMENT.CENTER, WD_TAB_LEADER.SPACES),
         "right": (WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.SPACES),
         "right-dots": (WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)}


def ensure_styles(document, layout: Layout, *, replace: bool = False) -> None:
    """Define every style in :data:`STYLES` from ``layout``. Styles the document already has are
    kept (a reference document wins) unless ``replace``, which also sets the document defaults
    and turns every theme font reference into ``layout.font``."""
    styles = document.styles
    for spec in _style_specs(layout):
        name = STYLES[spec.role]
        if name in styles and not replace:
            continue
        if name in styles:
            style = styles[name]
            _ooxml.reset_style(style)
        else:
            style = styles.add_style(name, spec.type, builtin=not name.startswith("BP "))
        style.style_id = spec.style_id
        _define(document, style, spec, layout)
    if replace:
        _ooxml.set_doc_defaults(styles.element, font=layout.font, size_pt=layout.font_size)
        _ooxml.replace_theme_fonts(styles.element, layout.font)
        _ooxml.set_theme_font(document.part, layout.font)
        _ooxml.drop_styles_with_effects(document.part)
        _ooxml.drop_thumbnail(document.part.package)


def fit_tab_stops(document, layout: Layout) -> None:
    """Set the tab stops of the styles that align text to the frame's edge (header, footer,
    contents lines) from ``layout``'s frame width. Page geometry comes from the layout, as the
    page size does, even where a reference document made for another page defines the style
    (a landscape tab stop on a portrait page would put the page numbers beyond the margin)."""
    for spec in _style_specs(layout):
        name = STYLES[spec.role]
        if spec.tabs and name in document.styles:
            tabs = document.styles[name].paragraph_format.tab_stops
            tabs.clear_all()
            for pos, kind in spec.tabs:
                tabs.add_tab_stop(Mm(pos), *_TABS[kind])


def _define(document, style, spec: _Spec, layout: Layout) -> None:
    styles = document.styles
    if spec.type == T:
        style.base_style = styles["Normal Table"] if "Normal Table" in styles else None
        c = layout.colours
        _ooxml.set_table_style(style, font=layout.font, border=c["border"], header_fill=c["header_fill"],
                               first_column_fill=c["group_fill"], cell_margin=round(1.2 * TWIPS_PER_MM))
        return
    if spec.base:
        style.base_style = styles[STYLES[spec.base]]
    elif spec.type == C and "Default Paragraph Font" in styles:
        style.base_style = styles["Default Paragraph Font"]
    if spec.next:
        style.next_paragraph_style = styles[STYLES[spec.next]]
    style.hidden, style.quick_style = False, spec.type == P
    _ooxml.set_fonts(style.element.get_or_add_rPr(), layout.font)
    font = style.font
    if spec.size:
        font.size = Pt(spec.size)
    if spec.bold is not None:
        font.bold = spec.bold
    if spec.colour:
        font.color.rgb = RGBColor.from_string(spec.colour)
    if spec.underline:
        font.underline = True
    if spec.superscript:
        font.superscript = True
    if spec.type != P:
        return
    pf = style.paragraph_format
    pf.space_before, pf.space_after = Pt(spec.before), Pt(spec.after)
    if spec.role == "normal":
        pf.line_spacing = 1.0
    if spec.keep_next:
        pf.keep_with_next = True
    if spec.indent:
        pf.left_indent = Mm(spec.indent)
    for pos, kind in spec.tabs:
        pf.tab_stops.add_tab_stop(Mm(pos), *_TABS[kind])
    if spec.outline is not None:
        _ooxml.set_outline_level(style, spec.outline)
    if spec.numbered or spec.bullet:
        numbering = _ooxml.numbering_element(document.part)
        num_id = _ooxml.ensure_decimal_numbering(numbering, style.name, indent=round(6 * TWIPS_PER_MM),
                                                 hanging=round(6 * TWIPS_PER_MM), bullet=spec.bullet)
        _ooxml.set_style_numbering(style, num_id)
