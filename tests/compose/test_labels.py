"""Every word a reader sees comes from the layout's ``[labels]`` (issue #29): the page number's
wording, the notes heading, what links say, pictures' names and titles, the status summary's headers
and count groups. A layout translated into Welsh is read back from all three formats; a page label
without its numbers is a layout error naming the key."""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace

import pytest
from pypdf import PdfReader

from boardpaper.api import read
from boardpaper.compose.document import compose
from boardpaper.errors import InputError
from boardpaper.layout import load_layout
from boardpaper.writers.docx.writer import write_docx
from boardpaper.writers.html.writer import write_html
from boardpaper.writers.pdf.writer import write_pdf
from tests.helpers.inputs import ROOT
from tests.helpers.readback import page_texts

IPR = ROOT / "inputs" / "ipr-example.xlsx"
WELSH = {"page": "Tudalen {page} o {pages}", "notes": "Nodiadau", "go_to": "Ewch i {target}",
         "go_to_note": "Ewch i droednodyn {number}: {text}", "open_link": "Agor {url}",
         "go_to_summary_line": "Ewch i {kpi} yn y {summary}",
         "key_sample_name": "Siart allwedd {n}", "go_to_report": "Ewch i'r adroddiad eithriad ar {title}",
         "chart_title": "Tuedd: {kpi}", "chart_name": "Siart {n}", "icon_name": "Eicon statws {n}",
         "summary_section": "Adran", "summary_latest": "Diweddaraf", "summary_assurance": "Sicrwydd",
         "summary_variation": "Amrywiad", "summary_direction": "Cyfeiriad",
         "summary_variation_direction": "Amrywiad / cyfeiriad", "count_variation": "Amrywiad (cyfrif)",
         "count_assurance": "Sicrwydd (cyfrif)", "count_direction": "Cyfeiriad (cyfrif)",
         "count_no_reading": "Dim darlleniad"}


@pytest.fixture(scope="module")
def welsh():
    paper, layout, _ = read(IPR)
    lay = replace(layout, labels=layout.labels | WELSH)
    return compose(paper, lay), lay


def test_the_document_holds_the_layouts_words(welsh):
    doc, _ = welsh
    f = doc.furniture
    assert (f.page_before, f.page_middle, f.page_after) == ("Tudalen ", " o ", "")
    assert doc.wording.notes == "Nodiadau"
    cols = doc.summary.columns
    assert cols.section == "Adran" and cols.assurance == "Sicrwydd"
    assert cols.variation in ("Amrywiad", "Cyfeiriad", "Amrywiad / cyfeiriad")
    groups = [g for g, _ in doc.summary.count_lines]
    assert groups and set(groups) <= {"Amrywiad (cyfrif)", "Sicrwydd (cyfrif)", "Cyfeiriad (cyfrif)", "Dim darlleniad"}
    words = doc.link_words
    assert all(w.startswith(("Ewch i ", "Ewch i'r ")) for w in words.values())
    assert any(w.startswith("Ewch i droednodyn 1: ") for w in words.values())
    if doc.exceptions is not None:  # the exception reports' links, both ways
        assert any(w.startswith("Ewch i'r adroddiad eithriad ar ") for w in words.values())
        assert any(" yn y " in w for w in words.values())


def test_every_format_prints_them(welsh):
    doc, lay = welsh
    html = write_html(doc, lay).decode("utf-8")
    assert '<h2 id="bp_notes">Nodiadau</h2>' in html and "Notes" not in html
    assert "<th scope=\"col\">Adran</th>" in html and "Amrywiad (cyfrif):" in html
    pdf = write_pdf(doc, lay)
    texts = page_texts(pdf)
    assert all(f"Tudalen {i} o {len(texts)}" in t for i, t in enumerate(texts, start=1))
    reader = PdfReader(io.BytesIO(pdf))
    contents = [str(a.get_object().get("/Contents", "")) for p in reader.pages for a in p.get("/Annots", [])]
    assert contents and all(c.startswith(("Ewch i ", "Ewch i'r ", "Agor ")) for c in contents)
    assert any(c.startswith("Agor https://") for c in contents)
    with zipfile.ZipFile(io.BytesIO(write_docx(doc, lay))) as z:
        body = z.read("word/document.xml").decode("utf-8")
        footers = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/footer"))
    names = re.findall(r'<wp:docPr [^>]*name="([^"]*)"', body)
    assert names and all(n.startswith(("Siart ", "Eicon statws ")) for n in names)
    assert any(n.startswith("Siart ") for n in names) and any(n.startswith("Eicon statws ") for n in names)
    assert 'title="Tuedd: ' in body
    assert "Tudalen " in footers and " o " in footers


@pytest.mark.parametrize("page", ["Page {page}", "{pages} pages", "Page {pages} of {page}", "Page N of M"])
def test_a_page_label_without_its_numbers_is_a_layout_error(tmp_path, page):
    toml = (ROOT / "layouts" / "ipr.toml").read_text(encoding="utf-8")
    path = tmp_path / "welsh.toml"
    toml = re.sub(r"(?m)^reference_docx = .*$", "", toml)  # the reference document is not beside the copy
    path.write_text(toml.replace('contents = "Contents"\n', f'contents = "Contents"\npage = "{page}"\n', 1),
                    encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_layout(path)
    assert "[labels] page" in e.value.report()
