"""The HTML edition checked by axe-core (WCAG 2.1 A and AA rules) in headless Chromium, and on a
phone-sized window (375 px): the page itself never scrolls sideways, only the tables' own regions.

Needs Debian's ``chromium`` and ``chromium-driver``, selenium, and axe-core from npm in
``.cache/node`` (``make test`` and ``.ci/run`` install it); skipped with the reason otherwise.
"""
from __future__ import annotations

import pytest
from tests.helpers import system
from tests.helpers.axe import assert_no_violation_and_no_sideways_page, describe, run_axe
from tests.helpers.inputs import SAMPLE

pytestmark = [pytest.mark.browser, system.needs(system.CHROMIUM, system.AXE_CORE)]


@pytest.mark.parametrize("which", ["sample", "synthetic"])
def test_axe_finds_no_wcag21_aa_violation(browser, which, request):
    page = request.getfixturevalue(f"{which}_html")
    violations = run_axe(browser, page)
    assert not violations, describe(violations)


@pytest.fixture(scope="module")
def ipr_html(tmp_path_factory):
    """The trust report: a status summary table beside the scorecards."""
    from boardpaper.api import build_one
    from tests.helpers.inputs import ROOT

    out = tmp_path_factory.mktemp("ipr")
    build_one(ROOT / "inputs" / "ipr-example.xlsx", out=out, formats=("html",))
    return out / "ipr-example.html"


@pytest.mark.parametrize("which", ["sample", "synthetic", "ipr"])
def test_on_a_phone_each_row_is_a_card_and_nothing_scrolls_sideways(browser, which, request):
    """At 375 px no table (nor its region) is wider than the viewport: each KPI row is a card of
    stacked cells, each value under its column's header; no word is broken anywhere."""
    assert_no_violation_and_no_sideways_page(browser, request.getfixturevalue(f"{which}_html"), 375)
    viewport, wide = browser.execute_script(
        "const w = document.documentElement.clientWidth;"
        "return [w, [...document.querySelectorAll('table, div.scroll')]"
        ".filter(t => t.scrollWidth > t.clientWidth + 1 || t.getBoundingClientRect().right > w + 1).length]")
    assert wide == 0
    cells = browser.execute_script(
        "return [...document.querySelectorAll('table.cards tbody td, table.cards tbody th[scope=row]')]"
        ".filter(c => c.textContent.trim()).map(c => [c.dataset.label || '', getComputedStyle(c).display,"
        " getComputedStyle(c, '::before').content, getComputedStyle(c).wordBreak, getComputedStyle(c).overflowWrap])")
    assert cells and all(label and display == "block" and label in before for label, display, before, _, _ in cells)
    assert all(wb != "break-all" and ow != "anywhere" for _, _, _, wb, ow in cells)
    headers = browser.execute_script("return [...document.querySelectorAll('table.cards thead th')].map(h => h.textContent)")
    labels = {c[0] for c in cells}
    assert labels <= set(headers)  # every value is labelled by its column's header


def test_on_a_wide_screen_the_tables_are_tables(browser, sample_html):
    assert_no_violation_and_no_sideways_page(browser, sample_html, 1280)
    shown = browser.execute_script(
        "return [...document.querySelectorAll('table.cards')].map(t => getComputedStyle(t).display)")
    assert shown and set(shown) == {"table"}


def test_every_contents_link_lands_in_the_browser(browser, synthetic_html):
    browser.set_window_size(1280, 900)
    browser.get(synthetic_html.resolve().as_uri())
    hrefs = browser.execute_script("return [...document.querySelectorAll('nav a')].map(a => a.hash)")
    assert hrefs
    for h in hrefs:
        assert browser.execute_script("return document.getElementById(arguments[0]) !== null", h[1:]), h


def test_printing_the_page_uses_the_print_stylesheet(browser, sample_html, tmp_path):
    """Chromium's own print of the web page: the layout's furniture in the margins, "Page N of M",
    and the header row repeated on every page a table runs over."""
    import base64

    import pdfplumber
    from selenium.webdriver.common.print_page_options import PrintOptions

    from boardpaper.api import read

    _, lay, doc = read(SAMPLE)
    options = PrintOptions()
    options.page_width, options.page_height = (v / 10 for v in lay.page_size)
    browser.get(sample_html.resolve().as_uri())
    (tmp_path / "printed.pdf").write_bytes(base64.b64decode(browser.print_page(options)))
    with pdfplumber.open(tmp_path / "printed.pdf") as pdf:
        pages = [" ".join((p.extract_text() or "").split()) for p in pdf.pages]
    total = len(pages)
    assert total > 3
    header = doc.sections[0].columns[0].label if doc.sections[0].columns[0].key != "sub_objective" \
        else doc.sections[0].columns[1].label
    notes = next(i for i, text in enumerate(pages, start=1) if "↩" in text)  # the notes begin
    for number, text in enumerate(pages, start=1):
        assert doc.furniture.header in text and doc.furniture.footer in text
        assert f"{doc.furniture.page_before}{number}{doc.furniture.page_middle}{total}" in text
        if 2 < number < notes:  # past the cover and contents, every page shows a table's header row
            assert header in text, number
