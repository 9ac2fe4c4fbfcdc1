"""The rule for tests that need an optional system part (tests/helpers/system.py): skipped naming the Debian
package on a machine without it, a failure where BOARDPAPER_REQUIRE_SYSTEM is set (CI)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import system
from tests.helpers.inputs import ROOT

PROBE = '''
import pytest
from tests.helpers import system
GONE = system.Part("a missing tool", "missing-tool", lambda: False)
HERE = system.Part("a present tool", "present-tool", lambda: True)

@system.needs(GONE)
def test_marked(): pass

def test_required_inside(): system.require(GONE)

@system.needs(HERE)
def test_present(): pass

def test_skipped_for_another_reason(): pytest.skip("not today")
'''


def run_probe(tmp_path: Path, require: bool) -> str:
    (tmp_path / "test_probe.py").write_text(PROBE, "utf-8")
    env = {k: v for k, v in os.environ.items() if k != system.REQUIRE_ENV}
    env |= {"PYTHONPATH": str(ROOT)} | ({system.REQUIRE_ENV: "1"} if require else {})
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider", "-p", "tests.conftest",
                           "--rootdir", str(tmp_path), str(tmp_path / "test_probe.py")],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    return done.stdout + done.stderr


def test_a_missing_part_skips_naming_its_debian_package(tmp_path):
    out = run_probe(tmp_path, require=False)
    assert out.count("needs a missing tool (Debian package: missing-tool)") == 2, out
    assert "1 passed, 3 skipped" in out, out


def test_where_every_part_is_required_a_missing_part_fails_and_other_skips_stay(tmp_path):
    out = run_probe(tmp_path, require=True)
    assert "ERROR test_probe.py::test_marked" in out and "FAILED test_probe.py::test_required_inside" in out, out
    assert "BOARDPAPER_REQUIRE_SYSTEM is set" in out, out
    assert "1 failed, 1 passed, 1 skipped, 1 error" in out, out


def test_the_reason_names_each_package():
    assert system.UNO.reason == ("needs LibreOffice's Python bridge "
                                 "(Debian packages: libreoffice-writer-nogui python3-uno)")
    assert system.POPPLER.reason == "needs pdftotext (Debian package: poppler-utils)"
