"""Edits made through LibreOffice itself (UNO, headless), for the tests of the monthly cycle."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

# beside lo_edit.py, the script LibreOffice's Python runs with this folder first on its path: no helper
# here may be named uno
HERE = Path(__file__).resolve().parent
UNO_PYTHON = "/usr/bin/python3"


def _uno_available() -> bool:
    if not (shutil.which("soffice") and Path(UNO_PYTHON).exists()):
        return False
    return subprocess.run([UNO_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0


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
