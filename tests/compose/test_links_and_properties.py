"""Issue 31, item 5: document properties too long for a format are cut with a warning, never a
crash; links are written percent-encoded in every output; a source cited twice by one KPI gives
one note."""
from __future__ import annotations

import io
import zipfile

import docx
import pytest

from boardpaper.__main__ import _one_line, main
from boardpaper.api import build_one, read
from boardpaper.model import Source, is_web_url, web_href
from tests.helpers.inputs import good_sheets, write_csvs
from tests.helpers.excel_like import excel_workbook
from tests.helpers.readback import links, squash

ACCENTED = "https://www.gov.uk/government/statistics/café-crime/my report (final).pdf"
ENCODED = "https://www.gov.uk/government/statistics/caf%C3%A9-crime/my%20report%20(final).pdf"


def long_sheets() -> dict[str, list[list]]:
    sheets = good_sheets()
    sheets["paper"][3][1] = "Police and Crime Plan Scorecard " * 10              # title: 319 characters
    sheets["paper"][1][1] = "Strategic Policing and Crime Board of the West Midlands " * 5
    sheets["paper"].append(["keywords", "; ".join(f"keyword number {i}" for i in range(30))])
    sheets["paper"].append(["author", "Office of the Police and Crime Commissioner " * 7])
    return sheets


def test_properties_longer_than_word_allows_are_cut_with_a_warning(tmp_path, capsys):
    path = excel_workbook(tmp_path / "long.xlsx", long_sheets())
    assert main(["build", str(path), "--out", str(tmp_path / "out"), "--quick"]) == 0
    out, err = capsys.readouterr()
    assert "unexpected error" not in out + err
    cut = [line for line in out.splitlines() if "document properties" in line]
    assert len(cut) == 4 and len(set(cut)) == 4, out  # title, subject, author, keywords: each once
    assert any("the title (319 characters, from the paper's field `title`) is cut" in line for line in cut)
    props = docx.Document(tmp_path / "out" / "long.docx").core_properties
    assert len(props.title) == 255 and props.title.endswith("…")
    assert max(len(props.subject), len(props.author), len(props.keywords)) <= 255
    assert props.keywords.endswith("; keyword number 13")  # whole keywords, never half of one
    import pypdf

    meta = pypdf.PdfReader(tmp_path / "out" / "long.pdf").metadata
    assert meta.title == props.title  # the formats agree
    pdf_text = " ".join(p.extract_text() for p in pypdf.PdfReader(tmp_path / "out" / "long.pdf").pages)
    assert squash(pdf_text).count(squash("Police and Crime Plan Scorecard")) >= 10  # the cover prints it whole


def test_check_reports_the_cut_too(tmp_path, capsys):
    path = excel_workbook(tmp_path / "long.xlsx", long_sheets())
    assert main(["check", str(path)]) == 0
    assert capsys.readouterr().out.count("document properties hold at most 255") == 4


def test_an_unexpected_error_is_one_line():
    error = ValueError("exceeded 255 char limit for property, got:\n\n'" + "x" * 400 + "'")
    line = _one_line(error)
    assert "\n" not in line and line.startswith("ValueError: exceeded 255 char limit") and len(line) < 320


def test_urls_with_accents_and_spaces_are_accepted_and_linked_percent_encoded(tmp_path):
    sheets = good_sheets()
    sheets["sources"][1][2] = ACCENTED
    path = write_csvs(tmp_path / "url", sheets)
    result = build_one(path, out=tmp_path / "out", quick=True, formats=("docx", "pdf", "html"))
    docx_file, pdf_file, html_file = (p for p in sorted(result.outputs, key=lambda p: ["docx", "pdf", "html"]
                                                        .index(p.suffix[1:])))
    uris = {link.get("uri") for link in links(pdf_file.read_bytes()) if link.get("uri")}
    assert uris == {ENCODED}, uris
    with zipfile.ZipFile(docx_file) as z:
        rels = z.read("word/_rels/footnotes.xml.rels").decode()
    assert f'Target="{ENCODED}"' in rels
    html = html_file.read_text(encoding="utf-8")
    assert f'href="{ENCODED}"' in html and ACCENTED.replace("&", "&amp;") in html  # shown as written


@pytest.mark.parametrize("url, href", [
    ("https://bücher.example/a", "https://xn--bcher-kva.example/a"),
    ("https://example.org/100%", "https://example.org/100%25"),
    ("https://example.org/a%20b?q=é#top", "https://example.org/a%20b?q=%C3%A9#top"),
    ("HTTPS://example.org/A B", "https://example.org/A%20B"),
])
def test_web_href(url, href):
    assert is_web_url(url) and web_href(url) == href and Source("s", "t", url).href == href


@pytest.mark.parametrize("url", [" https://example.org", "https://example.org/a\tb", "https://exa mple.org/",
                                 "javascript:alert(1)", "https://example.org/\n"])
def test_urls_still_refused(url):
    assert not is_web_url(url)


def test_a_source_cited_twice_by_one_kpi_gets_one_note(tmp_path):
    sheets = good_sheets()
    sheets["kpis"][1][11] = "s1; s1;s2"
    paper, _, doc = read(write_csvs(tmp_path / "twice", sheets))
    assert paper.kpis[0].sources == ("s1", "s2")
    row = doc.sections[0].rows[0]
    assert [n.source.id for n in row.notes] == ["s1", "s2"]
    assert any("source 's1' is cited more than once; the KPI gets one note for it" in str(w) for w in paper.warnings)
    result = build_one(write_csvs(tmp_path / "twice", sheets), out=tmp_path / "out", quick=True, formats=("docx",))
    with zipfile.ZipFile(io.BytesIO(result.outputs[0].read_bytes())) as z:
        notes = z.read("word/footnotes.xml").decode()
    assert notes.count("Police statistics") == 2  # s1: once for A1, once for A2


def test_an_error_from_the_docx_process_keeps_its_message_once():
    from boardpaper.build.parallel import _rebuilt

    trace = "Traceback (most recent call last):\n  ...\nValueError: exceeded 255 char limit for property, got:\n\n'x'\n"
    error = _rebuilt(None, "ValueError: exceeded 255 char limit for property, got:\n\n'x'", trace)
    assert _one_line(error) == "RuntimeError: ValueError: exceeded 255 char limit for property, got:"
    assert str(error).count("exceeded") == 1 and "in the DOCX process" in error.__notes__[0]
