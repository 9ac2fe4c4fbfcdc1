"""The model decides content once: what every writer paints comes from compose, the same for all."""
from __future__ import annotations

import io
import re
import zipfile

import pytest
from pypdf import PdfReader

from boardpaper.__main__ import main
from boardpaper.api import build_one, read
from boardpaper.model import Source
from tests.helpers.inputs import good_sheets, write_xlsx


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x",
                                 "https://", "https://a b.example", "ftp://example.org/x"])
def test_a_source_refuses_anything_but_a_web_address(url):
    with pytest.raises(ValueError):
        Source("s", "text", url)
    assert Source("s", "text", "https://example.org/a?b=1").url == "https://example.org/a?b=1"


def _recurring(tmp_path):
    sheets = good_sheets()
    header, *rows = sheets["kpis"]
    late = list(rows[0])
    late[0], late[2], late[3] = "Z1", "Late sub-objective", "A KPI of the first section, after another section"
    sheets["kpis"] = [header, *rows, late]
    return write_xlsx(tmp_path / "recurring.xlsx", sheets)


def test_a_section_that_recurs_is_a_table_of_its_own_with_its_own_anchor(tmp_path):
    path = _recurring(tmp_path)
    paper, _, doc = read(path)
    titles = [s.title for s in doc.sections]
    assert titles == ["Safer streets", "Confidence", "Safer streets"]
    assert len({s.anchor for s in doc.sections}) == 3
    assert [r.id for r in doc.sections[-1].rows] == ["Z1"]
    warning = [w for w in paper.warnings if "comes back" in str(w)]
    assert len(warning) == 1 and "row 6" in str(warning[0]) and "section" in str(warning[0])
    notes = [n.number for n in doc.notes]
    assert notes == sorted(notes) == list(range(1, len(notes) + 1))  # reading order


def test_a_section_that_recurs_is_listed_again_in_both_formats(tmp_path):
    result = build_one(_recurring(tmp_path), out=tmp_path / "out", quick=True)
    pdf = next(p for p in result.outputs if p.suffix == ".pdf")
    outline = [o.title for o in PdfReader(pdf).outline if not isinstance(o, list)]
    assert outline == ["How to read the charts", "Safer streets", "Confidence", "Safer streets"]
    docx = next(p for p in result.outputs if p.suffix == ".docx")
    xml = zipfile.ZipFile(docx).read("word/document.xml").decode()
    headings = re.findall(r'<w:pStyle w:val="Heading1"/>.*?<w:t[^>]*>([^<]*)</w:t>', xml)
    assert headings == ["How to read the charts", "Safer streets", "Confidence", "Safer streets"]


def test_a_layout_whose_chart_column_a_section_lacks_puts_the_same_charts_in_both_formats(tmp_path):
    layout = tmp_path / "nochart.toml"
    layout.write_text('name = "nochart"\n[chart]\ncolumn = "target"\n'
                      '[[columns]]\nkey = "kpi"\nlabel = "KPI"\nwidth = 3\n'
                      '[[columns]]\nkey = "current"\nlabel = "Now"\nwidth = 1\n', encoding="utf-8")
    sheets = good_sheets()
    sheets["series"] = [["kpi_id", "period", "value", "series"]] + [
        [k, p, v, ""] for k in ("A1", "B1") for p, v in (("2023", "1"), ("2024", "3"), ("2025", "2"))]
    result = build_one(write_xlsx(tmp_path / "p.xlsx", sheets), out=tmp_path / "o", layout=layout, quick=True)
    _, _, doc = read(tmp_path / "p.xlsx", layout)
    assert {s.chart_column for s in doc.sections} == {"benchmark"}  # the last value column shown
    docx = next(p for p in result.outputs if p.suffix == ".docx")
    alts = re.findall(r'<wp:docPr [^>]*name="Chart \d[^>]*descr="', zipfile.ZipFile(docx).read("word/document.xml").decode())
    pdf = PdfReader(next(p for p in result.outputs if p.suffix == ".pdf"))
    text = "".join(page.extract_text() for page in pdf.pages)
    assert len(alts) == len(doc.charts) == 2
    assert text.count("2023") >= 2  # each chart labels its first period


def test_format_builds_only_what_is_asked(tmp_path, capsys):
    path = write_xlsx(tmp_path / "p.xlsx", good_sheets())
    out = tmp_path / "out"
    assert main(["build", str(path), "--out", str(out), "--format", "docx", "--quick"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["p.docx"]
    assert main(["build", str(path), "--out", str(out / "pdf"), "--format", "pdf"]) == 0
    assert sorted(p.name for p in (out / "pdf").iterdir()) == ["p.pdf"]


def test_cover_furniture_and_properties_are_decided_once(tmp_path):
    _, _, doc = read(write_xlsx(tmp_path / "p.xlsx", good_sheets()))
    roles = [line.role for line in doc.cover.lines]
    assert roles == ["reference", "meeting", "plan_priority", "title", "presented_by", "purpose_heading", "purpose",
                     "purpose"]  # the spcb layout prints N/A after a label whose field is blank
    assert doc.cover.lines[1].text == "Test Board June 2026"
    assert doc.furniture.header == "AGENDA ITEM 7 – Appendix B"
    assert doc.furniture.footer == "Test Board – June 2026"
    assert doc.properties.subject == "Test Board – June 2026" and doc.properties.title == "Test Scorecard"
    pdf = PdfReader(io.BytesIO(build_one(tmp_path / "p.xlsx", out=tmp_path / "o", quick=True)
                               .outputs[1].read_bytes()))
    assert pdf.metadata.subject == doc.properties.subject


def test_a_blank_labelled_cover_field_prints_the_layouts_blank_wording_or_no_line():
    from dataclasses import replace

    from boardpaper.compose.document import make_cover
    from boardpaper.layout import load_layout

    fields = {"board": "Board", "meeting": "May", "title": "T", "plan_priority": "", "presented_by": ""}
    spcb = load_layout()  # the bundled default: N/A, as the published paper prints it
    plain = replace(spcb, labels=spcb.labels | {"blank_field": ""})
    assert [line.role for line in make_cover(fields, (), plain).lines] == ["meeting", "title"]
    lines = {line.role: line for line in make_cover(fields, (), spcb).lines}
    assert (lines["presented_by"].label, lines["presented_by"].text) == ("Presented by:", "N/A")
    assert lines["presented_by"].fields == () and lines["presented_by"].segments == (("N/A", ""),)  # not input
    given = {line.role: line for line in make_cover(fields | {"presented_by": "Chief Constable"}, (), spcb).lines}
    assert given["presented_by"].fields == ("presented_by",) and given["presented_by"].text == "Chief Constable"


def test_the_papers_language_field_reaches_every_format(tmp_path):
    from docx import Document as open_docx
    from lxml import html as lxml_html

    sheets = good_sheets()
    sheets["paper"].append(["language", "cy-GB"])
    r = build_one(write_xlsx(tmp_path / "cy.xlsx", sheets), out=tmp_path / "o", quick=True,
                  formats=("docx", "pdf", "html"))
    docx, pdf, page = (tmp_path / "o" / f"cy.{ext}" for ext in ("docx", "pdf", "html"))
    assert open_docx(docx).core_properties.language == "cy-GB"
    assert 'w:val="cy-GB"' in zipfile.ZipFile(docx).read("word/styles.xml").decode()
    assert PdfReader(pdf).trailer["/Root"]["/Lang"] == "cy-GB"
    assert lxml_html.fromstring(page.read_bytes()).get("lang") == "cy-GB"
    assert len(r.outputs) == 3


def test_a_language_that_is_no_tag_is_refused_naming_the_cell(tmp_path, capsys):
    sheets = good_sheets()
    sheets["paper"].append(["language", "Welsh language"])
    assert main(["check", str(write_xlsx(tmp_path / "bad.xlsx", sheets))]) == 2
    err = capsys.readouterr()
    assert "paper sheet, row 9, column `value`: 'Welsh language' is not a language tag" in err.out + err.err
