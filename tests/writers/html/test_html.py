"""The HTML edition (``--format html``), read back with a real HTML parser (lxml): one page that
carries every KPI, a contents whose links land, captioned tables with scoped header cells, charts
with their alt text, notes linked both ways, nothing fetched from elsewhere, same bytes each time.

``synthetic_sheets`` (tests/helpers/html.py) is a paper no sample has: long groups, many notes, Welsh,
Greek and Chinese text, a section that recurs, text that looks like markup.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from boardpaper.api import build_one, read
from boardpaper.charts import alt_text
from boardpaper.layout import load_layout
from boardpaper.writers.html.writer import css_string, write_html
from tests.helpers.html import NASTY, RANDOM, _random_paper
from tests.helpers.inputs import SAMPLE


def parse(path: Path):
    return lxml_html.fromstring(path.read_bytes())


def text(el) -> str:
    return " ".join(el.text_content().split())


@pytest.mark.parametrize("which", ["sample", "synthetic"])
def test_the_page_carries_every_kpi_and_the_landmarks(which, request):
    path = request.getfixturevalue(f"{which}_html")
    _, _, doc = read(SAMPLE if which == "sample" else request.getfixturevalue("synthetic_xlsx"))
    page = parse(path)
    assert page.get("lang") == doc.language
    assert text(page.find("head/title")) == doc.properties.title
    assert len(page.xpath("//h1")) == 1
    for landmark in ("header", "nav", "main"):
        assert len(page.xpath(f"//body/{landmark}")) == 1, landmark
    # every KPI is a row header (th scope=row) of its section's table, in order
    row_heads = [th for th in page.xpath("//tbody/tr/th[@scope='row']")]
    assert len(row_heads) == doc.kpi_count
    kpis = [r.kpi for s in doc.sections for r in s.rows]
    for th, kpi in zip(row_heads, kpis):
        assert text(th).startswith(" ".join(kpi.split()))
    # sections are h2 with their own anchors, also when a title recurs
    h2 = {h.get("id"): text(h) for h in page.xpath("//main//section[@class='kpis']//caption/h2")}
    assert list(h2) == [s.anchor for s in doc.sections]
    assert list(h2.values()) == [s.title for s in doc.sections]


@pytest.mark.parametrize("which", ["sample", "synthetic"])
def test_contents_links_all_land_and_ids_are_distinct(which, request):
    page = parse(request.getfixturevalue(f"{which}_html"))
    ids = page.xpath("//@id")
    assert len(ids) == len(set(ids))
    toc = page.xpath("//nav//a/@href")
    assert toc and all(h.startswith("#") for h in toc)
    for href in page.xpath("//a/@href"):
        if href.startswith("#"):
            assert page.get_element_by_id(href[1:]) is not None, href
    # each contents entry lands on a heading or a sub-objective group row with the same words
    for a in page.xpath("//nav//a"):
        target = page.get_element_by_id(a.get("href")[1:])
        assert target.tag in ("h2", "th") and text(target) == text(a)
        if target.tag == "th":
            assert target.get("scope") == "rowgroup" and target.getparent().getparent().tag == "tbody"


def test_tables_have_captions_scoped_headers_and_no_layout_tables(synthetic_html):
    page = parse(synthetic_html)
    tables = page.xpath("//table")
    assert tables and len(page.xpath("//table/caption")) == len(tables)
    for th in page.xpath("//th"):
        assert th.get("scope") in ("col", "row", "rowgroup")
    for t in tables:
        assert t.xpath("thead/tr/th[@scope='col']")
        region = t.getparent()
        assert region.get("role") == "region" and region.get("tabindex") == "0"
        assert page.get_element_by_id(region.get("aria-labelledby").split()[0]).tag == "caption"


def test_long_groups_are_group_rows_heading_their_rows(synthetic_html, synthetic_xlsx):
    _, _, doc = read(synthetic_xlsx)
    page = parse(synthetic_html)
    for s in doc.sections:
        table = page.get_element_by_id(f"{s.anchor}_caption").getparent()
        bodies = table.xpath("tbody")
        assert len(bodies) == len(s.groups)
        for body, g in zip(bodies, s.groups):
            head = body.xpath("tr[1]/th")[0]
            assert head.get("id") == g.anchor and text(head) == g.title
            assert int(head.get("colspan")) == len(table.xpath("thead/tr/th"))
            assert len(body.xpath("tr")) == g.count + 1


@pytest.mark.parametrize("which", ["sample", "synthetic"])
def test_every_chart_is_inline_svg_with_the_word_alt_text(which, request):
    _, _, doc = read(SAMPLE if which == "sample" else request.getfixturevalue("synthetic_xlsx"))
    page = parse(request.getfixturevalue(f"{which}_html"))
    svgs = page.xpath("//*[local-name()='svg'][not(@aria-hidden='true')]")  # not the chart key's samples
    assert len(svgs) == len(doc.charts) > 0
    for svg, spec in zip(svgs, doc.charts):
        assert svg.get("role") == "img"
        assert svg.get("aria-label") == alt_text(spec)
        assert svg.xpath("*[local-name()='title']")[0].text == alt_text(spec)
        assert svg.xpath("*[local-name()='polyline' or local-name()='rect']")


def test_footnote_markers_link_to_their_notes_and_back(synthetic_html, synthetic_xlsx):
    _, _, doc = read(synthetic_xlsx)
    page = parse(synthetic_html)
    refs = page.xpath("//a[@role='doc-noteref']")
    assert len(refs) == len(doc.notes) > 40
    for ref, note in zip(refs, doc.notes):
        target = page.get_element_by_id(ref.get("href")[1:])
        assert target.tag == "li" and target.get("value") == str(note.number)
        assert text(target).startswith(f"{note.number} {' '.join(note.source.text.split())}")
        back = target.xpath(".//a[@role='doc-backlink']")[0]
        assert back.get("href") == f"#{ref.get('id')}" and back.get("aria-label")
        links = target.xpath(".//a[not(@role)]/@href")
        assert links == ([note.source.href] if note.source.url else [])  # percent-encoded
    assert page.xpath("//section[@role='doc-endnotes']/h2")


def test_text_is_literal_and_nothing_is_loaded_from_elsewhere(synthetic_html):
    raw = synthetic_html.read_text("utf-8")
    page = parse(synthetic_html)
    assert NASTY in page.text_content()
    assert not page.xpath("//script | //b | //link | //img | //iframe | //object | //*[@src]")
    assert len(page.xpath("//style")) == 1
    assert not re.search(r"url\(|@import|https?://[^\"'<\s]*\.(css|js|woff2?)", raw)
    assert "ŵyr" in raw and "指标" in raw and "Δείκτης" in raw


def test_css_strings_cannot_escape():
    s = css_string('a"b\\c</style>\n ŵ')
    assert re.fullmatch(r'"[A-Za-z0-9\\]*"', s)
    assert "</" not in s and "\n" not in s


def test_print_stylesheet_uses_the_layout_page_and_colours():
    _, lay, doc = read(SAMPLE)
    raw = write_html(doc, lay).decode()
    w, h = lay.page_size
    assert f"size: {w:g}mm {h:g}mm" in raw and "@media print" in raw
    assert "thead {{ display: table-header-group; }}".replace("{{", "{").replace("}}", "}") in raw
    for key in ("text", "heading", "link", "header_fill", "header_text", "group_fill"):
        assert f"#{lay.colours[key]}" in raw


def test_same_input_same_bytes_and_only_the_formats_asked(tmp_path, monkeypatch, small_xlsx):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    a = build_one(small_xlsx, out=tmp_path / "a", formats=("html",))
    b = build_one(small_xlsx, out=tmp_path / "b", formats=("html",))
    assert [p.name for p in a.outputs] == [p.name for p in b.outputs] == ["small.html"]
    assert (tmp_path / "a/small.html").read_bytes() == (tmp_path / "b/small.html").read_bytes()
    assert any(line == "accessibility HTML: passed" for line in a.accessibility)
    default = build_one(small_xlsx, out=tmp_path / "c", quick=True)
    assert sorted(p.suffix for p in default.outputs) == [".docx", ".pdf"]


def test_cli_takes_html_among_repeated_formats(tmp_path, small_xlsx):
    from boardpaper.__main__ import main

    assert main(["build", str(small_xlsx), "--out", str(tmp_path / "o"), "--format", "html", "--format", "docx",
                 "--quick"]) == 0
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["small.docx", "small.html"]


def test_write_html_needs_only_the_document():
    lay = load_layout()
    _, _, doc = read(SAMPLE)
    assert write_html(doc, lay) == write_html(doc, lay)


try:
    from hypothesis import HealthCheck, assume, given, settings

    SETTINGS = settings(max_examples=30, deadline=None,
                        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                               HealthCheck.filter_too_much])

except ImportError:  # pragma: no cover - hypothesis is in the test extra
    pass


@SETTINGS
@given(**RANDOM)
def test_any_text_an_input_accepts_comes_out_literally(tmp_path_factory, kpi, current, sub, section, values, url):
    from boardpaper.writers.html.writer import check_html

    doc = _random_paper(tmp_path_factory, kpi, current, sub, section, values, url)
    assume(doc is not None)  # the input is valid: only those count as examples
    raw = write_html(doc, load_layout())
    assert check_html(doc, raw) == ["accessibility HTML: passed"]
    page = lxml_html.fromstring(raw)
    assert not page.xpath("//script | //img | //iframe | //*[@src] | //*[starts-with(@href, 'javascript')]")
    assert len(page.xpath("//style")) == 1 and len(page.xpath("//h1")) == 1
    row = page.xpath("//tbody/tr/th[@scope='row']")[0]
    assert "".join(row.text_content().split()).startswith("".join(doc.sections[0].rows[0].kpi.split()))
