"""Shared fixtures: small workbooks written by the tests themselves, and the bundled sample."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.inputs import SAMPLE, good_sheets, write_xlsx


@pytest.fixture
def small_xlsx(tmp_path) -> Path:
    return write_xlsx(tmp_path / "small.xlsx", good_sheets())


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """The bundled sample built once (both formats) for the tests that read its outputs."""
    from boardpaper.api import build_one

    out = tmp_path_factory.mktemp("out")
    result = build_one(SAMPLE, out=out)
    return result, out / "spcb-2022-05.docx", out / "spcb-2022-05.pdf"


@pytest.fixture(scope="session")
def synthetic_xlsx(tmp_path_factory) -> Path:
    """The synthetic paper of tests/helpers/html.py (Welsh, Greek and Chinese text, many notes)."""
    from tests.helpers.html import synthetic_sheets

    return write_xlsx(tmp_path_factory.mktemp("synthetic") / "synthetic.xlsx", synthetic_sheets())


@pytest.fixture(scope="session")
def built_pdf(tmp_path_factory):
    """``built_pdf(input, engine, layout=None)``: the PDF of ``input`` made by ``engine``
    (``reportlab``, ``weasyprint`` or ``libreoffice``), built once per session."""
    from boardpaper.api import build_one

    made: dict[tuple, Path] = {}

    def build(path: Path, engine: str, layout: Path | None = None) -> Path:
        key = (Path(path), engine, layout)
        if key not in made:
            out = tmp_path_factory.mktemp(f"pdf-{engine}")
            build_one(path, out=out, formats=("pdf",), pdf_engine=engine, layout=layout)
            made[key] = out / f"{Path(path).stem}.pdf"
        return made[key]

    return build


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Where every optional system part must be present (``BOARDPAPER_REQUIRE_SYSTEM=1``, set by
    ``.ci/run``), a test skipped for an absent part (tests/helpers/system.py) fails instead."""
    from tests.helpers import system

    outcome = yield
    report = outcome.get_result()
    if report.skipped and system.required() and isinstance(report.longrepr, tuple):
        reason = report.longrepr[2].removeprefix("Skipped: ")
        if system.is_missing_part(reason):
            report.outcome = "failed"
            report.longrepr = f"{reason}, and {system.REQUIRE_ENV} is set: install it"
