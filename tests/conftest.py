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
