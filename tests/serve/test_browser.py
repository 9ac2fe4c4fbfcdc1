"""The page in a real browser: Debian's chromium, driven by selenium, uploads the bundled sample
and a broken workbook, downloads the outputs and checks them, reads back an edited DOCX and
downloads the workbook holding the edit; axe-core (WCAG 2.1 A/AA and best practices) finds
nothing on any page at 1280 and 375 CSS pixels, and no page scrolls sideways.

Needs Debian's chromium and chromium-driver, and axe-core from npm in .cache/node (``make test``
installs it); skipped naming the Debian packages otherwise (tests/helpers/system.py).
"""
from __future__ import annotations

import io
import json
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from tests.helpers import system
from tests.helpers.inputs import SAMPLE
from tests.helpers.system import AXE

from tests.helpers.serve import fire_board_sheets, write_workbook

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync")
WIDTHS = (1280, 375)


pytestmark = [pytest.mark.browser, system.needs(system.CHROMIUM, system.AXE_CORE)]


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = Path(tempfile.mkdtemp(prefix="bp-downloads-"))
    profile = tempfile.mkdtemp(prefix="bp-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS + (f"--user-data-dir={profile}",):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.set_script_timeout(120)
    driver.downloads = downloads
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
        shutil.rmtree(downloads, ignore_errors=True)


def axe_clean(driver, what: str) -> None:
    """axe finds nothing on the current page at each width, and the page never scrolls sideways."""
    for width in WIDTHS:
        driver.set_window_size(width, 900)
        driver.execute_script(AXE.read_text("utf-8"))
        data = json.loads(driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
            ".then(r => done(JSON.stringify({violations: r.violations, passes: r.passes.length})))"
            ".catch(e => done(JSON.stringify({error: String(e)})));", RULES))
        assert "error" not in data, data
        assert data["passes"] > 2  # the rules really ran
        assert not data["violations"], f"{what} at {width} px: " + "\n".join(
            f"{v['id']}: {v['help']} -- " + "; ".join(n["html"][:120] for n in v["nodes"][:3]) for v in data["violations"])
        sideways = driver.execute_script("return document.documentElement.scrollWidth > document.documentElement.clientWidth")
        assert not sideways, f"{what} scrolls sideways at {width} px"


def wait_until(driver, test, timeout=300):
    deadline = time.monotonic() + timeout
    while not test(driver):
        assert time.monotonic() < deadline, driver.current_url
        time.sleep(0.3)


def submit(driver, form_heading: str, files: dict[str, Path]):
    from selenium.webdriver.common.by import By

    section = driver.find_element(By.XPATH, f"//section[h2[normalize-space()='{form_heading}']]")
    for field, path in files.items():
        section.find_element(By.ID, field).send_keys(str(path))
    section.find_element(By.CSS_SELECTOR, "button[type=submit]").click()


def download(driver, link_text_suffix: str) -> Path:
    """Click the link whose address ends in ``link_text_suffix`` and wait for the file."""
    from selenium.webdriver.common.by import By

    link = next(a for a in driver.find_elements(By.CSS_SELECTOR, "a[href]")
                if a.get_attribute("href").endswith(link_text_suffix))
    name = link.get_attribute("href").rsplit("/", 1)[1]
    target = driver.downloads / name
    target.unlink(missing_ok=True)
    link.click()
    wait_until(driver, lambda d: target.exists() and not (driver.downloads / (name + ".crdownload")).exists(), 60)
    return target


def test_build_read_back_and_axe_in_chromium(browser, live, tmp_path):
    import re

    import docx as python_docx
    import httpx
    from pypdf import PdfReader
    from selenium.webdriver.common.by import By

    from boardpaper.api import check
    from boardpaper.errors import InputError
    from boardpaper.readers.workbook import read_paper

    base, _ = live
    browser.set_window_size(1280, 900)
    browser.get(base + "/")
    assert browser.title and browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    headings = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "form")[0].find_elements(By.XPATH, "ancestor::section/h2")]
    assert headings == ["Build a paper"]
    assert {h.text for h in browser.find_elements(By.TAG_NAME, "h2")} >= {"Build a paper", "Read back an edited paper"}
    axe_clean(browser, "start page")

    # the sample: a paper in three formats, uploaded while four other builds keep both workers busy,
    # so that its page first says where it waits
    busy = write_workbook(tmp_path / "busy.xlsx", fire_board_sheets("Busy Board")).read_bytes()
    with httpx.Client(base_url=base) as c:
        for n in range(4):
            token = re.search(r'name="csrf" value="([^"]+)"', c.get("/").text).group(1)
            c.post("/build", data={"csrf": token, "format": ["docx", "pdf", "html"]},
                   files={"workbook": (f"busy{n}.xlsx", busy)})
    submit(browser, "Build a paper", {"workbook": SAMPLE})
    status = browser.find_element(By.ID, "job-status").text
    assert "in the queue" in status, status
    axe_clean(browser, "waiting page")
    wait_until(browser, lambda d: "/editions/" in d.current_url)
    axe_clean(browser, "result page")
    sample = read_paper(SAMPLE)
    docx = download(browser, ".docx")
    d = python_docx.Document(str(docx))
    text = " ".join(c.text for t in d.tables for row in t.rows for c in row.cells)
    assert all(" ".join(k.kpi.split()) in " ".join(text.split()) for k in sample.kpis)
    pdf = download(browser, ".pdf")
    assert len(PdfReader(str(pdf)).pages) > 3
    page = download(browser, ".html").read_text("utf-8")
    assert all(k.kpi.split()[0] in page for k in sample.kpis)
    edition = browser.current_url

    # a broken workbook: check's problems, nothing built
    sheets = fire_board_sheets("Browser Board")
    sheets["kpis"][2][10] = "sideways"
    bad = write_workbook(tmp_path / "broken.xlsx", sheets)
    with pytest.raises(InputError) as e:
        check(bad)
    browser.get(base + "/")
    submit(browser, "Build a paper", {"workbook": bad})
    wait_until(browser, lambda d: d.find_elements(By.ID, "problems"))
    listed = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#problems li")]
    assert listed == [str(p) for p in e.value.problems]
    described = browser.find_element(By.ID, "workbook").get_attribute("aria-describedby").split()
    assert "problems" in described
    axe_clean(browser, "problems page")

    # read back an officer's edit, made in Word's format with python-docx
    edited = tmp_path / "edited.docx"
    d = python_docx.Document(str(docx))
    run = next(r for t in d.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs
               if r.text.strip() == "7,708")
    run.text = run.text.replace("7,708", "7,711")
    d.save(str(edited))
    browser.get(base + "/")
    submit(browser, "Read back an edited paper", {"docx": edited})
    wait_until(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "table.changes"))
    rows = [[c.text for c in tr.find_elements(By.CSS_SELECTOR, "th, td")]
            for tr in browser.find_elements(By.CSS_SELECTOR, "table.changes tbody tr")]
    assert ["RCP-02", "current", "7,708", "7,711", "edited"] in rows
    axe_clean(browser, "read-back page")
    browser.find_element(By.ID, "accept_tracked").click()
    browser.find_element(By.XPATH, "//button[normalize-space()='Make the workbook']").click()
    wait_until(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "p.download a"))
    axe_clean(browser, "workbook page")
    back = read_paper(download(browser, ".xlsx"))
    assert dict(next(k for k in back.kpis if k.id == "RCP-02").raw)["current"] == "7,711"

    # the board's page lists the edition
    browser.get(edition)
    browser.find_element(By.CSS_SELECTOR, "a[href^='/boards/']").click()
    assert edition.split("/editions/")[1] in browser.page_source
    axe_clean(browser, "board page")
    browser.get(base + "/no-such-page")
    axe_clean(browser, "not-found page")
