"""Fixtures of the HTML tests: the sample's and the synthetic paper's HTML editions, built once, and
headless Chromium (when installed)."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from boardpaper.api import build_one
from tests.helpers.axe import CHROMEDRIVER, CHROMIUM, FLAGS
from tests.helpers.inputs import SAMPLE


@pytest.fixture(scope="session")
def sample_html(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("html")
    build_one(SAMPLE, out=out, formats=("html",))
    return out / "spcb-2022-05.html"


@pytest.fixture(scope="session")
def synthetic_html(tmp_path_factory, synthetic_xlsx) -> Path:
    out = tmp_path_factory.mktemp("html")
    build_one(synthetic_xlsx, out=out, formats=("html",))
    return out / "synthetic.html"


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
