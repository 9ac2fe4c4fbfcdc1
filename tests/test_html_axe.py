"""The HTML edition checked by axe-core (WCAG 2.1 A and AA rules) in headless Chromium, and on a
phone-sized window (375 px): the page itself never scrolls sideways, only the tables' own regions.

Needs Debian's ``chromium`` and ``chromium-driver``, and axe-core from npm in ``.cache/node``
(``make test`` installs it where npm is); skipped naming the Debian packages otherwise.
"""
from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
import system
from conftest import SAMPLE
from test_html import sample_html, synthetic_html, synthetic_xlsx  # noqa: F401 (fixtures)

AXE = system.AXE
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
WCAG21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RULES = WCAG21_AA + ["best-practice"]  # and axe's best practices (unique landmarks, heading order, …)
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync")


pytestmark = [pytest.mark.browser, system.needs(system.CHROMIUM, system.AXE_CORE)]


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="bp-chromium-")
    for flag in FLAGS + (f"--user-data-dir={profile}",):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_script_timeout(120)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def run_axe(driver, page: Path, width: int = 1280) -> list[dict]:
    """axe-core's violations of the WCAG 2.1 A/AA rules and best practices on ``page`` at ``width`` CSS pixels."""
    driver.set_window_size(width, 900)
    driver.get(page.resolve().as_uri())
    driver.execute_script(AXE.read_text("utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
        ".then(r => done(JSON.stringify({violations: r.violations, passes: r.passes.length})))"
        ".catch(e => done(JSON.stringify({error: String(e)})));", RULES)
    data = json.loads(result)
    assert "error" not in data, data
    assert data["passes"] > 10  # the rules really ran
    return data["violations"]


def assert_no_violation_and_no_sideways_page(driver, page: Path, width: int) -> None:
    """axe finds nothing on ``page`` at ``width`` CSS pixels, and the page itself never scrolls
    sideways (only regions inside it may)."""
    violations = run_axe(driver, page, width=width)
    assert not violations, describe(violations)
    page_width, viewport = driver.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert page_width <= viewport


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} -- " +
                     "; ".join(n["html"][:120] for n in v["nodes"][:3]) for v in violations)


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
