"""The HTML pieces of the status (icons as inline SVG with their words, the summary), read back with
a parser."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from boardpaper import api
from boardpaper.writers.html import status as _status_html
from tests.helpers import system
from tests.helpers.inputs import ROOT

IPR = ROOT / "inputs" / "ipr-example.xlsx"


class Tags(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_a_status_cell_names_each_icon_by_its_words():
    _, lay, doc = api.read(IPR)
    for s in doc.sections:
        for r in s.rows:
            svgs = [a for t, a in Tags(_status_html.status_cell(r, lay)).tags if t == "svg"]
            assert [a.get("aria-label") for a in svgs] == list(r.reading.words if r.reading else ())
            assert all(a.get("role") == "img" for a in svgs)


def test_the_summary_links_every_kpi_to_its_row_and_lists_the_key():
    _, lay, doc = api.read(IPR)
    tags = Tags(_status_html.summary_section(doc, lay)).tags
    links = [a["href"][1:] for t, a in tags if t == "a" and a.get("class") != "report-link"]
    links = links[:len(doc.summary.entries)]  # the summary table's; the matrix's follow
    assert links == [e.anchor for e in doc.summary.entries]
    ids = {a["id"] for t, a in tags if a.get("id")}
    rows = {_status_html.row_id(r, doc).split('"')[1] for s in doc.sections for r in s.rows}
    assert set(links) == rows and {doc.summary.anchor, doc.summary.key_anchor} <= ids
    assert all(a.get("role") == "img" and a.get("aria-label") for t, a in tags if t == "svg")
    contents = [a["href"][1:] for t, a in Tags(_status_html.contents_item(doc)).tags if t == "a"]
    assert contents == [doc.summary.anchor, doc.summary.matrix.anchor, doc.summary.key_anchor]


@pytest.fixture(scope="module")
def ipr_html(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ipr_html")
    api.build_one(IPR, out=out, formats=("html",), quick=True)
    return out / "ipr-example.html"


@pytest.mark.browser
@system.needs(system.CHROMIUM, system.AXE_CORE)
@pytest.mark.parametrize("width", [1280, 375])
def test_axe_finds_no_wcag21_aa_violation_in_the_ipr_page(browser, ipr_html, width):
    """The page with the status column and the summary, on a desktop and on a phone (where only
    the tables scroll sideways); every summary link lands on an element of the page."""
    from tests.helpers.axe import assert_no_violation_and_no_sideways_page

    assert_no_violation_and_no_sideways_page(browser, ipr_html, width)
    links = browser.execute_script(
        "return [...document.querySelectorAll('table.summary a')].map(a => "
        "document.getElementById(a.getAttribute('href').slice(1)) !== null)")
    assert len(links) >= 26 and all(links)  # each KPI's row, and each exception report's


def test_the_ipr_page_shows_the_status_on_every_kpi_row_and_links_the_summary_to_the_rows(ipr_html):
    """The whole page read back with a parser: each row (by its id) carries its reading's icons,
    named by their words, in its status cell; the summary links to every row."""

    class Rows(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.row, self.labels, self.links = None, {}, []

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "tr":
                self.row = a.get("id")
            elif tag == "svg" and self.row and a.get("class") == "bp-icon":
                self.labels.setdefault(self.row, []).append(a.get("aria-label"))
            elif tag == "a" and a.get("href", "").startswith("#bp_k_"):
                self.links.append(a["href"][1:])

        def handle_endtag(self, tag):
            if tag == "tr":
                self.row = None

    _, _, doc = api.read(IPR)
    page = Rows()
    page.feed(ipr_html.read_text("utf-8"))
    for s in doc.sections:
        for r in s.rows:
            assert page.labels.get(r.anchor, []) == list(r.reading.words if r.reading else ()), r.id
    assert page.links[:len(doc.summary.entries)] == [e.anchor for e in doc.summary.entries]  # then the matrix
