"""The HTML pieces of the status (icons as inline SVG with their words, the summary), read back with
a parser."""
from __future__ import annotations

from html.parser import HTMLParser

from boardpaper import api
from boardpaper.writers import _status_html
from conftest import ROOT

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
    links = [a["href"][1:] for t, a in tags if t == "a"]
    assert links == [e.anchor for e in doc.summary.entries]
    ids = {a["id"] for t, a in tags if a.get("id")}
    rows = {_status_html.row_id(r, doc).split('"')[1] for s in doc.sections for r in s.rows}
    assert set(links) == rows and {doc.summary.anchor, doc.summary.key_anchor} <= ids
    assert all(a.get("role") == "img" and a.get("aria-label") for t, a in tags if t == "svg")
    contents = [a["href"][1:] for t, a in Tags(_status_html.contents_item(doc)).tags if t == "a"]
    assert contents == [doc.summary.anchor, doc.summary.key_anchor]
