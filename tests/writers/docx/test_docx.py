"""The DOCX writer, read back the way Word would: python-docx and the package's own XML."""
from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import docx
import PIL.Image
import pytest
from lxml import etree

from boardpaper.layout import load_layout
from boardpaper.model import ChartSpec, Series
from boardpaper.layout import fill
from boardpaper.writers.docx.writer import STYLES, ensure_styles, estimate_pages, write_docx
from tests.helpers.documents import GOV, LONG_KPI, make_document, make_layout

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R, "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
      "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
      "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
      "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
      "dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/"}
INSPECT = Path("/work/shared/tools/paper-inspect")

PAGES = {"bp_s1": 2, "bp_s2": 3, "bp_s2_g1": 3, "bp_s2_g2": 4, "bp_s2_g3": 4}


class Docx:
    """A written DOCX opened for assertions: python-docx document plus parsed parts."""

    def __init__(self, data: bytes):
        self.data = data
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.d = docx.Document(io.BytesIO(data))
        self.body = self.xml("word/document.xml")

    def xml(self, name: str):
        return etree.fromstring(self.zip.read(name))

    def x(self, path: str, root=None):
        return (self.body if root is None else root).xpath(path, namespaces=NS)

    def text(self, el) -> str:
        return "".join(el.xpath(".//w:t/text()", namespaces=NS))


@pytest.fixture(scope="module")
def built() -> Docx:
    return Docx(write_docx(make_document(), make_layout(), page_numbers=PAGES))


# ----------------------------------------------------------------------------- contents
def test_contents_is_a_toc_field_with_filled_in_entries(built):
    instr = [t.strip() for t in built.x("//w:instrText/text()")]
    assert instr[0] == 'TOC \\o "1-2" \\h \\z \\u'
    entries = built.x("//w:p[w:pPr/w:pStyle[@w:val='TOC1' or @w:val='TOC2']]")
    doc = make_document()
    assert [(1 if e.xpath("w:pPr/w:pStyle/@w:val", namespaces=NS)[0] == "TOC1" else 2) for e in entries] == \
        [c.level for c in doc.contents]
    for entry, p in zip(doc.contents, entries):
        link = p.xpath("w:hyperlink", namespaces=NS)
        assert len(link) == 1 and link[0].get(f"{{{W}}}anchor") == entry.anchor
        runs = link[0].xpath("w:r", namespaces=NS)
        # the entries take the look's colour from the TOC styles, as in the PDF: no Hyperlink style
        assert not any(r.xpath("w:rPr/w:rStyle", namespaces=NS) for r in runs)
        assert link[0].xpath("w:r/w:tab", namespaces=NS)
        assert [i.strip() for i in link[0].xpath(".//w:instrText/text()", namespaces=NS)] == \
            [f"PAGEREF {entry.anchor} \\h"]
        # title, a tab, then the cached PAGEREF result: the page given
        assert built.text(p) == f"{entry.title}{PAGES[entry.anchor]}"
    # the TOC field: begin in the first entry, end in the last, all fields balanced
    kinds = built.x("//w:body//w:fldChar/@w:fldCharType")
    assert kinds.count("begin") == kinds.count("separate") == kinds.count("end") == 1 + len(doc.contents)
    assert entries[0].xpath("w:r[1]/w:fldChar/@w:fldCharType", namespaces=NS) == ["begin"]
    assert entries[-1].xpath("w:r[last()]/w:fldChar/@w:fldCharType", namespaces=NS) == ["end"]
    tab = built.xml("word/styles.xml").xpath("//w:style[@w:styleId='TOC1']//w:tab", namespaces=NS)[0]
    assert tab.get(f"{{{W}}}val") == "right" and tab.get(f"{{{W}}}leader") == "dot"
    assert int(tab.get(f"{{{W}}}pos")) == round(make_layout().frame_width * 1440 / 25.4)


def test_every_link_and_pageref_reaches_a_bookmark(built):
    assert len(built.x("//w:bookmarkStart/@w:name")) == len(set(built.x("//w:bookmarkStart/@w:name")))
    marks = built.x("//w:bookmarkStart[not(starts-with(@w:name, '_'))]/@w:name")  # hidden: the manifest's
    ids = built.x("//w:bookmarkStart/@w:id")
    assert sorted(ids) == sorted(built.x("//w:bookmarkEnd/@w:id")) and len(set(ids)) == len(ids)
    anchors = built.x("//w:hyperlink/@w:anchor")
    targets = [re.search(r"PAGEREF (\S+)", t).group(1) for t in built.x("//w:instrText/text()") if "PAGEREF" in t]
    assert set(anchors) == set(targets) == set(marks) == {c.anchor for c in make_document().contents}


def test_headings_carry_section_bookmarks_and_sub_objectives_sit_in_their_cell(built):
    headings = built.x("//w:body/w:p[w:pPr/w:pStyle/@w:val='Heading1']")
    assert [built.text(h) for h in headings] == ["Rebuilding community policing", "Preventing and Reducing Crime"]
    assert [h.xpath("w:bookmarkStart/@w:name", namespaces=NS) for h in headings] == [["bp_s1"], ["bp_s2"]]
    assert headings[0].xpath("w:pPr/w:pageBreakBefore", namespaces=NS)
    table = built.x("//w:tbl")[1]
    for name, row in (("bp_s2_g1", 1), ("bp_s2_g2", 3), ("bp_s2_g3", 5)):
        cell = table.xpath(f"w:tr[{row + 1}]/w:tc[1]", namespaces=NS)[0]
        assert cell.xpath(".//w:bookmarkStart/@w:name", namespaces=NS) == [name]
        assert cell.xpath("w:tcPr/w:vMerge/@w:val", namespaces=NS) == ["restart"]
        assert cell.xpath("w:p/w:pPr/w:pStyle/@w:val", namespaces=NS) == ["BPSubObjective"]


def test_outline_is_heading_then_sub_objectives(built):
    """Word collects the contents from outline levels: Heading 1 (0), then BP Sub-Objective (1)."""
    styles = built.xml("word/styles.xml")
    level = {s.get(f"{{{W}}}styleId"): int(s.xpath("w:pPr/w:outlineLvl/@w:val", namespaces=NS)[0])
             for s in styles.xpath("//w:style[w:pPr/w:outlineLvl]", namespaces=NS)}
    assert level["Heading1"] == 0 and level["BPSubObjective"] == 1
    assert level["TOCHeading"] == 9 and level["BPSubObjectiveRepeat"] == 9
    seen = [level[s] for s in built.x("//w:body//w:p/w:pPr/w:pStyle/@w:val") if level.get(s, 9) < 9]
    assert seen[0] == 0 and all(b - a <= 1 for a, b in zip(seen, seen[1:]))
    assert seen == [0, 0, 1, 1, 1]


def test_missing_page_numbers_fall_back_to_the_estimate():
    doc, layout = make_document(), make_layout()
    got = Docx(write_docx(doc, layout, page_numbers={"bp_s1": 7}))
    est = estimate_pages(doc, layout)
    numbers = [got.text(p)[len(c.title):] for c, p in
               zip(doc.contents, got.x("//w:p[w:pPr/w:pStyle[@w:val='TOC1' or @w:val='TOC2']]"))]
    assert numbers == ["7"] + [str(est[c.anchor]) for c in doc.contents[1:]]
    assert set(est) == {c.anchor for c in doc.contents} and all(p >= 2 for p in est.values())


# ----------------------------------------------------------------------------- footnotes
def test_footnotes_are_a_real_part_with_separators(built):
    types = built.xml("[Content_Types].xml")
    assert types.xpath("//ct:Override[@PartName='/word/footnotes.xml']/@ContentType", namespaces=NS) == \
        ["application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"]
    rels = built.xml("word/_rels/document.xml.rels")
    assert rels.xpath("//pr:Relationship[@Target='footnotes.xml']/@Type", namespaces=NS) == \
        [f"{R}/footnotes"]
    notes = built.xml("word/footnotes.xml")
    assert notes.xpath("w:footnote[@w:type='separator']/@w:id", namespaces=NS) == ["-1"]
    assert notes.xpath("w:footnote[@w:type='continuationSeparator']/@w:id", namespaces=NS) == ["0"]
    settings = built.xml("word/settings.xml")
    assert settings.xpath("w:footnotePr/w:footnote/@w:id", namespaces=NS) == ["-1", "0"]


def test_one_footnote_per_note_in_reading_order(built):
    notes = built.xml("word/footnotes.xml").xpath("w:footnote[not(@w:type)]", namespaces=NS)
    assert [n.get(f"{{{W}}}id") for n in notes] == ["1", "2", "3", "4"]
    assert built.x("//w:footnoteReference/@w:id") == ["1", "2", "3", "4"]
    assert set(built.x("//w:r[w:footnoteReference]/w:rPr/w:rStyle/@w:val")) == {"FootnoteReference"}
    for n in notes:
        assert n.xpath("w:p/w:pPr/w:pStyle/@w:val", namespaces=NS) == ["FootnoteText"]
        assert n.xpath("w:p/w:r[1]/w:footnoteRef", namespaces=NS)
        assert n.xpath("w:p/w:r[1]/w:rPr/w:rStyle/@w:val", namespaces=NS) == ["FootnoteReference"]
    # the source's web address after its text, as the PDF and HTML print it
    assert [built.text(n) for n in notes] == [f" {GOV.text} {GOV.url}", f" {GOV.text} {GOV.url}",
                                              " NFIB Dashboard", " Not a web link"]
    # the mark follows the KPI text in its cell; two notes on one row are comma separated
    kpi = built.x("//w:tbl[1]/w:tr[4]/w:tc[1]/w:p")[0]
    assert built.text(kpi) == "Positive outcomes for S&H offences,"


def test_footnote_links_belong_to_the_footnotes_part(built):
    notes = built.xml("word/footnotes.xml")
    links = notes.xpath("//w:hyperlink", namespaces=NS)
    assert len(links) == 4  # the GOV source's text and address, twice; sources without a URL are text
    rels = built.xml("word/_rels/footnotes.xml.rels")
    for link in links:
        rid = link.get(f"{{{R}}}id")
        rel = rels.xpath(f"//pr:Relationship[@Id='{rid}']", namespaces=NS)[0]
        assert rel.get("Target") == GOV.url and rel.get("TargetMode") == "External"
        assert rel.get("Type") == f"{R}/hyperlink"
        assert link.xpath("w:r/w:rPr/w:rStyle/@w:val", namespaces=NS) == ["Hyperlink"]
    assert "hyperlink" not in built.zip.read("word/_rels/document.xml.rels").decode()
    assert b"javascript" not in built.zip.read("word/_rels/footnotes.xml.rels")


# ----------------------------------------------------------------------------- tables
def test_tables_repeat_header_keep_rows_whole_and_merge_groups(built):
    t1, t2 = built.x("//w:tbl")
    for t, n in ((t1, 4), (t2, 6)):
        rows = t.xpath("w:tr", namespaces=NS)
        assert len(rows) == n
        assert [bool(r.xpath("w:trPr/w:tblHeader", namespaces=NS)) for r in rows] == [True] + [False] * (n - 1)
        assert all(r.xpath("w:trPr/w:cantSplit", namespaces=NS) for r in rows)
        assert t.xpath("w:tblPr/w:tblStyle/@w:val", namespaces=NS) == ["BPScorecard"]
        assert t.xpath("w:tblPr/w:tblLayout/@w:type", namespaces=NS) == ["fixed"]
        grid = [int(w) for w in t.xpath("w:tblGrid/w:gridCol/@w:w", namespaces=NS)]
        assert sum(grid) == round(make_layout().frame_width * 1440 / 25.4)
        assert t.xpath("w:tblPr/w:tblW/@w:w", namespaces=NS) == [str(sum(grid))]
        for r in rows:
            assert [int(w) for w in r.xpath("w:tc/w:tcPr/w:tcW/@w:w", namespaces=NS)] == grid
        assert all(p.xpath("w:pPr/w:pStyle", namespaces=NS) for p in t.xpath(".//w:p", namespaces=NS))
    # no groups: no sub-objective column; with groups: merged cells over each group's rows
    assert [built.text(c) for c in t1.xpath("w:tr[1]/w:tc", namespaces=NS)] == \
        ["Key Performance Indicator", "Current / Latest", "Historical Performance / Benchmark"]
    assert not t1.xpath(".//w:vMerge", namespaces=NS)
    assert t2.xpath("w:tr/w:tc[1]/w:tcPr/w:vMerge/@w:val", namespaces=NS) == ["restart", "restart", "restart"]
    assert len(t2.xpath(".//w:vMerge[not(@w:val)]", namespaces=NS)) == 2
    assert t1.xpath("w:tblPr/w:tblLook/@w:firstColumn", namespaces=NS) == ["0"]
    assert t2.xpath("w:tblPr/w:tblLook/@w:firstColumn", namespaces=NS) == ["1"]
    assert t2.xpath("w:tblPr/w:tblCaption/@w:val", namespaces=NS) == ["Preventing and Reducing Crime"]
    assert t2.xpath("w:tblPr/w:tblDescription/@w:val", namespaces=NS)[0].startswith(
        "Scorecard for Preventing and Reducing Crime: one row per key performance indicator")
    # python-docx sees the merge the same way Word does
    table = built.d.tables[1]
    assert table.cell(1, 0).text == table.cell(2, 0).text == "Violence against women and girls"


def test_accessible_tables_repeat_sub_objectives_instead_of_merging():
    got = Docx(write_docx(make_document(), make_layout(tables="accessible"), page_numbers=PAGES))
    assert not got.x("//w:vMerge")
    t2 = got.x("//w:tbl")[1]
    firsts = [got.text(c) for c in t2.xpath("w:tr[position() > 1]/w:tc[1]", namespaces=NS)]
    assert firsts == ["Violence against women and girls"] * 2 + ["Bringing offenders to justice"] * 2 + ["Cadets"]
    styles = t2.xpath("w:tr[position() > 1]/w:tc[1]/w:p/w:pPr/w:pStyle/@w:val", namespaces=NS)
    assert styles == ["BPSubObjective", "BPSubObjectiveRepeat", "BPSubObjective", "BPSubObjectiveRepeat",
                      "BPSubObjective"]
    assert got.x("//w:tbl//w:bookmarkStart[not(starts-with(@w:name, '_'))]/@w:name") == [
        "bp_s2_g1", "bp_s2_g2", "bp_s2_g3"]


def test_text_is_written_literally(built):
    texts = [built.text(p) for p in built.x("//w:body//w:p")]
    for want in ("S&H 2%", "Poor <1 volunteer", "Reduce repeat rates ≥ £ – ŵ", "34% {2020/21}", LONG_KPI,
                 "Navigate with {the} contents"):
        assert any(want in t for t in texts), want
    assert "Positive outcomes for S&H offences," in texts  # the vertical tab (invalid in XML) is gone
    cell = built.x("//w:tbl[1]/w:tr[4]/w:tc[2]/w:p")[0]
    assert [c.tag.split("}")[1] for c in cell.xpath("w:r/*[not(self::w:rPr)]", namespaces=NS)] == ["t", "br", "t"]


# ----------------------------------------------------------------------------- styles, page, properties
def test_every_paragraph_run_and_table_uses_named_styles(built):
    styles = built.xml("word/styles.xml")
    assert all(name in built.d.styles for name in STYLES.values())
    ids = set(styles.xpath("//w:style/@w:styleId", namespaces=NS))
    for p in built.x("//w:body//w:p"):
        assert p.xpath("w:pPr/w:pStyle/@w:val", namespaces=NS)[0] in ids
    assert not built.x("//w:body//w:rPr/*[not(self::w:rStyle)]")  # no direct run formatting
    assert set(built.x("//w:body//w:rStyle/@w:val")) <= ids
    # keepNext only in a table's first row (it keeps with the second, as in the PDF)
    assert not built.x("//w:body//w:pPr/*[not(self::w:pStyle or self::w:pageBreakBefore or self::w:keepNext)]")
    assert all(p.xpath("ancestor::w:tr[1]/preceding-sibling::w:tr", namespaces=NS).__len__() == 1
               for p in built.x("//w:body//w:p[w:pPr/w:keepNext]"))
    assert not built.x("//w:tbl//w:tcPr/*[not(self::w:tcW or self::w:vMerge)]")  # no direct cell shading


def test_properties_are_in_schema_order(built):
    """Word rejects out-of-order children: check every pPr, rPr, tblPr, trPr, tcPr, style, settings."""
    from boardpaper.writers.docx import ooxml as _ooxml

    def clark(tag):
        prefix, local = tag.split(":")
        return "{%s}%s" % ({"w": W, "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
                             "sl": "http://schemas.openxmlformats.org/schemaLibrary/2006/main"}[prefix], local)

    orders = {"pPr": _ooxml.PPR_SEQ, "rPr": _ooxml.RPR_SEQ, "tblPr": _ooxml.TBLPR_SEQ, "trPr": _ooxml.TRPR_SEQ,
              "tcPr": _ooxml.TCPR_SEQ, "style": _ooxml.STYLE_SEQ, "settings": _ooxml.SETTINGS_SEQ}
    checked = 0
    for part in ("word/document.xml", "word/styles.xml", "word/settings.xml", "word/footnotes.xml"):
        for local, order in orders.items():
            rank = {clark(t): i for i, t in enumerate(order)}
            for parent in built.xml(part).iter(f"{{{W}}}{local}"):
                seq = [rank[c.tag] for c in parent if c.tag in rank]
                assert seq == sorted(seq), (part, local, [c.tag.split("}")[1] for c in parent])
                checked += 1
    assert checked > 100


def test_fonts_are_explicit_and_language_is_en_gb(built):
    styles = built.xml("word/styles.xml")
    assert not styles.xpath("//w:rFonts[@w:asciiTheme or @w:hAnsiTheme or @w:eastAsiaTheme or @w:cstheme]",
                            namespaces=NS)
    fonts = styles.xpath("//w:rFonts", namespaces=NS)
    assert fonts and all(f.get(f"{{{W}}}{k}") == "Arial" for f in fonts for k in ("ascii", "hAnsi", "cs", "eastAsia"))
    assert styles.xpath("w:docDefaults//w:lang/@w:val", namespaces=NS) == ["en-GB"]
    assert "Calibri" not in built.zip.read("word/theme/theme1.xml").decode()
    assert "word/stylesWithEffects.xml" not in built.zip.namelist()
    settings = built.xml("word/settings.xml")
    assert settings.xpath("w:themeFontLang/@w:val", namespaces=NS) == ["en-GB"]
    assert not settings.xpath("w:updateFields", namespaces=NS)
    colours = set(styles.xpath("//w:style[starts-with(@w:styleId, 'BP') or @w:styleId='Heading1' or "
                               "@w:styleId='Hyperlink']//w:color/@w:val", namespaces=NS))
    assert colours <= {v.upper() for v in make_layout().colours.values()}


def test_core_properties(built):
    cp = built.d.core_properties
    assert cp.title == "Performance Report Appendix – Police and Crime Plan Scorecard"
    assert cp.subject == "Strategic Policing and Crime Board – May 2022"
    assert cp.author == "OPCC" and cp.keywords == "scorecard; performance"
    assert cp.language == "en-GB" and cp.last_modified_by == "" and cp.revision == 1
    assert cp.created == cp.modified == datetime(2022, 5, 1, 9, 30, tzinfo=timezone.utc)
    assert cp.comments == ""


def test_page_setup_header_and_footer(built):
    s = built.d.sections[0]
    assert s.orientation == docx.enum.section.WD_ORIENT.LANDSCAPE
    assert round(s.page_width.mm) == 297 and round(s.page_height.mm) == 210
    assert [round(m.mm) for m in (s.top_margin, s.right_margin, s.bottom_margin, s.left_margin)] == [15] * 4
    assert [p.text for p in s.header.paragraphs] == ["AGENDA ITEM 5 – Appendix A"]
    assert s.header.paragraphs[0].style.name == "Header"
    foot = etree.fromstring(s.footer._element.xml.encode())
    assert [i.strip() for i in foot.xpath("//w:instrText/text()", namespaces=NS)] == ["PAGE", "NUMPAGES"]
    assert "".join(foot.xpath("//w:t/text()", namespaces=NS)) == \
        "Strategic Policing and Crime Board – May 2022Page 1 of 4"


def test_furniture_templates_take_values_literally():
    fields = {"board": "A {board} & <b>", "meeting": "{0}"}
    assert fill("{board} – {meeting}", fields) == "A {board} & <b> – {0}"
    assert fill("{agenda_item} – {appendix}", {}) == ""
    assert fill("{unknown} | Board paper", {}) == "Board paper"
    assert fill("odd { brace", {}) == "odd { brace"


def test_two_builds_are_byte_identical():
    a = write_docx(make_document(), make_layout(), page_numbers=PAGES)
    b = write_docx(make_document(), make_layout(), page_numbers=PAGES)
    assert a == b
    infos = zipfile.ZipFile(io.BytesIO(a)).infolist()
    assert {i.date_time for i in infos} == {(2022, 5, 1, 9, 30, 0)}
    assert infos[0].filename == "[Content_Types].xml"


# ----------------------------------------------------------------------------- reference documents
def test_bundled_reference_docx_matches_its_layout():
    """layouts/spcb.docx is what scripts/make_reference_docx.py makes of layouts/spcb.toml."""
    layout = load_layout()
    assert layout.reference_docx is not None
    with_ref = write_docx(make_document(), layout, page_numbers=PAGES)
    without = write_docx(make_document(), replace(layout, reference_docx=None), page_numbers=PAGES)
    assert with_ref == without, "layouts/spcb.docx is stale: run `make reference`"


def test_reference_docx_styles_win_and_missing_ones_are_added(tmp_path):
    base = docx.Document()
    base.styles["Normal"].font.name = "Verdana"
    base.styles["Normal"].paragraph_format.first_line_indent = docx.shared.Mm(3)
    base.sections[0].header.paragraphs[0].text = "old header"
    base.add_paragraph("old body text")
    png = io.BytesIO()
    PIL.Image.new("RGB", (4, 4), "red").save(png, "PNG")
    base.add_picture(io.BytesIO(png.getvalue()))
    base.sections[0].header.paragraphs[0].add_run().add_picture(io.BytesIO(png.getvalue()))
    path = tmp_path / "ref.docx"
    base.save(path)
    got = Docx(write_docx(make_document(), make_layout(reference_docx=path), page_numbers=PAGES))
    assert all(name in got.d.styles for name in STYLES.values())
    # the layout decides what it sets (its body font, as the PDF uses), the reference the rest
    assert got.d.styles["Normal"].font.name == "Arial"
    assert abs(got.d.styles["Normal"].paragraph_format.first_line_indent - docx.shared.Mm(3)) < 1000  # twips
    assert got.d.styles["BP Table Text"].font.name == "Arial"
    texts = [got.text(p) for p in got.x("//w:body//w:p")]
    assert "old body text" not in texts and texts[0] == "AGENDA ITEM 5 – Appendix A"
    assert got.d.sections[0].header.paragraphs[0].text == "AGENDA ITEM 5 – Appendix A"
    assert not [n for n in got.zip.namelist() if n.startswith("word/media/")]  # its pictures are gone


def test_ensure_styles_is_idempotent():
    d = docx.Document()
    ensure_styles(d, make_layout(), replace=True)
    first = etree.tostring(d.styles.element)
    ensure_styles(d, make_layout())
    assert etree.tostring(d.styles.element) == first
    ensure_styles(d, make_layout(), replace=True)
    assert etree.tostring(d.styles.element) == first


def test_make_reference_docx_script_is_reproducible(tmp_path):
    toml = tmp_path / "board.toml"
    toml.write_text('name = "board"\n[fonts]\nbody = "Verdana"\n', encoding="utf-8")
    script = Path(__file__).resolve().parents[3] / "scripts" / "make_reference_docx.py"
    runs = []
    for _ in range(2):
        subprocess.run([sys.executable, str(script), str(toml)], check=True, capture_output=True)
        runs.append((tmp_path / "board.docx").read_bytes())
    assert runs[0] == runs[1]
    ref = docx.Document(io.BytesIO(runs[0]))
    assert ref.styles["BP Sub-Objective"].font.name == "Verdana"
    assert not ref.paragraphs or all(not p.text for p in ref.paragraphs)


# ----------------------------------------------------------------------------- charts
def test_charts_are_inline_pictures_with_alt_text():
    from boardpaper.charts import alt_text

    spec = ChartSpec("A1", "Police officers", ("Mar 21", "Mar 22"), (Series("", (730.0, 1017.0)),),
                     polarity="up")
    got = Docx(write_docx(make_document(chart=spec), make_layout(), page_numbers=PAGES))
    pics = got.x("//wp:inline/wp:docPr")
    assert len(pics) == 2
    assert [p.get("descr") for p in pics] == [alt_text(spec)] * 2 and all(p.get("title") for p in pics)
    assert len({p.get("id") for p in pics}) == 2
    media = [n for n in got.zip.namelist() if n.startswith("word/media/")]
    assert len(media) == 1  # the same chart twice is stored once
    # in the chart column ("current"), below the value text
    cell = got.x("//w:tbl[1]/w:tr[2]/w:tc[2]")[0]
    assert [p.xpath("w:pPr/w:pStyle/@w:val", namespaces=NS)[0] for p in cell.xpath("w:p", namespaces=NS)] == \
        ["BPTableText", "BPChart"]
    extent = got.x("//wp:inline/wp:extent")[0]
    assert round(int(extent.get("cx")) / 36000) == spec.size[0] and round(int(extent.get("cy")) / 36000) == spec.size[1]


# ----------------------------------------------------------------------------- the checker
@pytest.mark.skipif(not INSPECT.exists(), reason="paper-inspect is not available")
def test_paper_inspect_finds_no_problems(tmp_path):
    path = tmp_path / "paper.docx"
    path.write_bytes(write_docx(make_document(), make_layout(), page_numbers=PAGES))
    out = subprocess.run([sys.executable, str(INSPECT), str(path)], capture_output=True, text=True)
    assert "problems: none" in out.stdout, out.stdout + out.stderr
    assert out.returncode == 0


def test_page_numbers_filled_afterwards_give_the_same_bytes_as_writing_with_them():
    from boardpaper.writers.docx.ooxml import set_field_results

    doc, layout = make_document(), make_layout()
    pages = {e.anchor: 10 + i for i, e in enumerate(doc.contents)}
    direct = write_docx(doc, layout, page_numbers=pages)

    def result(instr: str):
        if instr.startswith("PAGEREF "):
            return str(pages[instr.split()[1]])
        return str(max(pages.values())) if instr == "NUMPAGES" else None

    later = set_field_results(write_docx(doc, layout, page_numbers={}), result, doc.created)
    assert later == direct
    assert Docx(later).x("//w:hyperlink[@w:anchor='bp_s2']//w:t/text()")[-1] == "11"
