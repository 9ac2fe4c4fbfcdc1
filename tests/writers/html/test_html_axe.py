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


@pytest.mark.parametrize("which", ["sample", "synthetic"])
def test_on_a_phone_only_the_tables_scroll_sideways(browser, which, request):
    assert_no_violation_and_no_sideways_page(browser, request.getfixturevalue(f"{which}_html"), 375)
    regions = browser.execute_script(
        "return [...document.querySelectorAll('div.scroll')].map(d => [d.scrollWidth > d.clientWidth,"
        " getComputedStyle(d).overflowX, d.tabIndex, d.getAttribute('role')])")
    assert regions and all(r[1] == "auto" and r[2] == 0 and r[3] == "region" for r in regions)
    assert any(r[0] for r in regions)  # the tables are wider than a phone: they scroll in place


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
