"""Edits made through LibreOffice itself (UNO, headless), for the tests of the monthly cycle."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from tests.helpers.system import UNO_PYTHON

# beside lo_edit.py, the script LibreOffice's Python runs with this folder first on its path: no helper
# here may be named uno
HERE = Path(__file__).resolve().parent


def lo_edit(src: Path, dst: Path, steps: list[dict]) -> Path:
    """``src`` edited through LibreOffice with ``steps`` (see tests/helpers/lo_edit.py), saved as ``dst``."""
    work = dst.parent / f"{dst.stem}-work"
    work.mkdir()
    copy = work / src.name  # a folder of its own: LibreOffice leaves lock files beside what it opens
    shutil.copy(src, copy)
    (work / "steps.json").write_text(json.dumps(steps))
    r = subprocess.run([UNO_PYTHON, str(HERE / "lo_edit.py"), str(copy), str(dst), str(work / "steps.json")],
                       capture_output=True, text=True, timeout=240)
    assert r.returncode == 0 and dst.exists(), r.stderr
    return dst
