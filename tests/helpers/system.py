"""The optional system parts some tests use, and one rule for a test that needs one.

``needs(part)`` is a pytest mark that skips the test with "needs <what> (Debian package: <pkg>)"
when the part is absent; ``require(part)`` does the same from inside a test or fixture. A fresh
machine with only Python and ``make`` skips these tests and passes. Where the machine is meant to
have every part (``.ci/run`` sets ``BOARDPAPER_REQUIRE_SYSTEM=1``), an absent part fails the test
instead, so a missing install can never pass as a skip. Tests that need a part to be *absent*
are not written: they hide the part instead (:func:`without_cjk_fonts`).
"""
from __future__ import annotations

import os
import shutil
import subprocess
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

import pytest

from tests.helpers.inputs import ROOT

REQUIRE_ENV = "BOARDPAPER_REQUIRE_SYSTEM"
UNO_PYTHON = "/usr/bin/python3"  # LibreOffice's bridge is a module of Debian's Python, not of the venv
AXE = ROOT / ".cache" / "node" / "node_modules" / "axe-core" / "axe.min.js"


@dataclass(frozen=True)
class Part:
    """An optional part of the machine: ``what`` it is, the Debian ``packages`` that bring it, and
    ``found()``, whether this machine has it."""

    what: str
    packages: str
    found: Callable[[], bool]

    @property
    def reason(self) -> str:
        plural = "s" if " " in self.packages else ""
        return f"needs {self.what} (Debian package{plural}: {self.packages})"


def _which(*names: str) -> Callable[[], bool]:
    return lambda: all(shutil.which(n) for n in names)


@lru_cache(maxsize=None)
def _uno() -> bool:
    if not (shutil.which("soffice") and Path(UNO_PYTHON).exists()):
        return False
    return subprocess.run([UNO_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0


@lru_cache(maxsize=None)
def _pango() -> bool:
    import contextlib
    import io

    try:  # weasyprint loads Pango through cffi (OSError when it is absent) and prints a banner then
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def _cjk_font() -> bool:
    from boardpaper.fonts.coverage import fallback_fonts

    return len(fallback_fonts()) > 1


def _liberation() -> bool:
    from boardpaper.fonts.coverage import LIBERATION, find_family

    return find_family("liberation sans")[0].name == LIBERATION[0]


def _noto_cjk() -> bool:
    from boardpaper.fonts import coverage

    return any(n.lower() in coverage._index() for n in coverage.CFF_CJK_FONTS)


LIBREOFFICE = Part("LibreOffice (soffice)", "libreoffice-writer-nogui", _which("soffice"))
UNO = Part("LibreOffice's Python bridge", "libreoffice-writer-nogui python3-uno", _uno)
CHROMIUM = Part("Chromium and chromedriver", "chromium chromium-driver", _which("chromium", "chromedriver"))
AXE_CORE = Part(f"axe-core in {AXE.parent.parent.parent.relative_to(ROOT)} (make test installs it with npm)",
                "npm", AXE.is_file)
PANGO = Part("Pango, which WeasyPrint draws text with", "libpango-1.0-0 libpangoft2-1.0-0", _pango)
POPPLER = Part("pdftotext", "poppler-utils", _which("pdftotext"))
LIBERATION_SANS = Part("Liberation Sans, the metric twin of Arial", "fonts-liberation2", _liberation)
CJK_FONT = Part("a CJK font with TrueType outlines", "fonts-droid-fallback", _cjk_font)
NOTO_CJK = Part("Noto Sans CJK", "fonts-noto-cjk", _noto_cjk)


def required() -> bool:
    """Whether every part must be present (CI): a skip for an absent part is then a failure
    (conftest's report hook turns it into one)."""
    return os.environ.get(REQUIRE_ENV, "") not in ("", "0")


def missing(*parts: Part) -> str:
    """The skip reason for the first of ``parts`` this machine lacks, or ``""``."""
    return next((p.reason for p in parts if not p.found()), "")


def is_missing_part(reason: str) -> bool:
    """Whether a skip ``reason`` is one of :meth:`Part.reason`'s."""
    return reason.startswith("needs ") and "(Debian package" in reason


def needs(*parts: Part):
    """A mark for a test that needs ``parts``: skipped, naming their Debian packages, when one is
    absent."""
    reason = missing(*parts)
    return pytest.mark.skipif(bool(reason), reason=reason or "present")


def require(*parts: Part) -> None:
    """Inside a test or fixture: skip, naming the Debian packages, unless ``parts`` are present."""
    reason = missing(*parts)
    if reason:
        pytest.skip(reason)


@contextmanager
def without_cjk_fonts():
    """The font search as on a machine without a CJK font, for the warnings and the reportlab PDF
    (which register their fonts once per family: the registry is cleared on the way in and out)."""
    from boardpaper.fonts import coverage
    from boardpaper.fonts.embedded import register

    saved = coverage.CJK_FONTS, coverage.CFF_CJK_FONTS
    coverage.CJK_FONTS = coverage.CFF_CJK_FONTS = ()
    register.cache_clear()
    try:
        yield
    finally:
        coverage.CJK_FONTS, coverage.CFF_CJK_FONTS = saved
        register.cache_clear()
