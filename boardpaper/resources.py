"""The files boardpaper ships with: the bundled layouts and the sample inputs.

The repository's top-level ``layouts/`` and ``inputs/`` are the single source. A built wheel
carries them as package data under ``boardpaper/_bundled/`` (``hatch_build.py`` adds them at
build time), read here through :mod:`importlib.resources`; a checkout or an editable install has
no ``_bundled`` folder and reads the top-level folders directly.
"""
from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

BUNDLE = "_bundled"  # the package-data folder inside ``boardpaper`` in a wheel
SAMPLE_NAME = "spcb-2022-05.xlsx"
_CHECKOUT = Path(__file__).resolve().parent.parent


def _packaged(kind: str) -> Traversable | None:
    folder = resources.files("boardpaper").joinpath(BUNDLE, kind)
    return folder if folder.is_dir() else None


@cache
def bundled_dir(kind: str) -> Path:
    """The real folder holding the bundled ``kind`` (``"layouts"`` or ``"inputs"``).

    A layout's reference document must resolve inside its own folder on disk, so a package that
    is not plain files (a zip import) is copied out once to a temporary folder."""
    packaged = _packaged(kind)
    if packaged is None:
        return _CHECKOUT / kind
    if isinstance(packaged, Path):
        return packaged
    tmp = Path(tempfile.mkdtemp(prefix=f"boardpaper-{kind}-"))
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    _copy_tree(packaged, tmp)
    return tmp


def _copy_tree(src: Traversable, dst: Path) -> None:
    for item in src.iterdir():
        if item.is_dir():
            (dst / item.name).mkdir()
            _copy_tree(item, dst / item.name)
        else:
            (dst / item.name).write_bytes(item.read_bytes())


def bundled_layouts() -> Path:
    """The folder of the layouts that ship with boardpaper (``spcb`` and any others)."""
    return bundled_dir("layouts")


def sample() -> Path:
    """The bundled sample workbook, the published May 2022 appendix."""
    return bundled_dir("inputs") / SAMPLE_NAME
