"""The LibreOffice a server worker keeps warm for the contents pass (and ``--pdf-engine
libreoffice``): started with the worker, handed every conversion through its UNO bridge
(:mod:`.uno_convert`, run by the Python that has LibreOffice's ``uno`` module), renewed after
:data:`RENEW_AFTER` builds or as soon as it has died or failed a conversion.

Without LibreOffice, or without a Python that has ``uno`` (Debian: python3-uno), there is nothing
to keep and conversions are made the usual way (:func:`~boardpaper.build.libreoffice.convert_to_pdf`).
"""
from __future__ import annotations

import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..build import libreoffice
from ..build.libreoffice import LibreOfficeError

RENEW_AFTER = 40  # builds, then LibreOffice is started afresh (it grows with use)
HELPER = Path(__file__).with_name("uno_convert.py")


def uno_python() -> str | None:
    """A Python that can import ``uno``: ``$BOARDPAPER_UNO_PYTHON``, else the system's python3."""
    for candidate in (os.environ.get("BOARDPAPER_UNO_PYTHON"), "/usr/bin/python3", shutil.which("python3")):
        if candidate and Path(candidate).is_file():
            try:
                ok = subprocess.run([candidate, "-c", "import uno"], capture_output=True, timeout=30).returncode == 0
            except (OSError, subprocess.TimeoutExpired):
                ok = False
            if ok:
                return candidate
    return None


class KeptOffice:
    """One LibreOffice kept running for this process's conversions (see the module). The
    conversion may happen in a forked child of this process (the build's DOCX process): a child
    that finds LibreOffice broken ends it, and this process starts another at the next build."""

    def __init__(self, python: str):
        self.python = python
        self.proc: subprocess.Popen | None = None
        self.uses = 0
        self.work = Path(tempfile.mkdtemp(prefix="boardpaper-serve-lo-"))

    def start(self) -> None:
        """Start LibreOffice (it gets ready in the background: the first conversion waits)."""
        self.stop()
        profile = self.work / "profile"
        shutil.rmtree(profile, ignore_errors=True)  # a profile a crash may have broken
        profile.mkdir()
        self.proc = subprocess.Popen([self.python, str(HELPER), str(profile)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True)
        self.uses = 0

    def before_build(self) -> None:
        """Called by the worker before each build: renew LibreOffice if it died or is due."""
        if self.proc is None or self.proc.poll() is not None or self.uses >= RENEW_AFTER:
            self.start()
        self.uses += 1

    def convert(self, docx: bytes, options: dict, timeout: float) -> bytes:
        """The PDF of ``docx`` (see :func:`~boardpaper.build.libreoffice.keep_resident`)."""
        return self._ask(docx, {"options": options}, timeout)

    def pages(self, docx: bytes, timeout: float) -> dict[str, int]:
        """Bookmark name → the page LibreOffice lays it out on, asked of the loaded document's
        layout with no PDF made (see :mod:`.uno_convert`; :func:`~boardpaper.build.libreoffice.bookmark_pages`)."""
        return self._ask(docx, {"pages": True}, timeout)

    def _ask(self, docx: bytes, request: dict, timeout: float):
        proc = self.proc
        if proc is None or not _alive(proc.pid):  # not poll(): a forked child may not wait for it
            raise LibreOfficeError("the kept LibreOffice is not running")
        with tempfile.TemporaryDirectory(dir=self.work) as tmp:
            src, out = Path(tmp) / "paper.docx", Path(tmp) / "paper.pdf"
            src.write_bytes(docx)
            try:
                proc.stdin.write((json.dumps({"in": str(src), "out": str(out), **request}) + "\n").encode())
                proc.stdin.flush()
                ready, _, _ = select.select([proc.stdout], [], [], timeout)
                line = proc.stdout.readline() if ready else b""
            except OSError:
                line = b""
            answer = json.loads(line) if line.strip() else None
            wanted = "pages" in request
            if not answer or not answer.get("ok") or not (wanted or out.is_file()):
                self.kill()  # renewed at the next build; this conversion is made the usual way
                raise LibreOfficeError("the kept LibreOffice failed: " + (answer or {}).get("error", "no answer"))
            return {str(k): int(v) for k, v in answer["pages"].items()} if wanted else out.read_bytes()

    def kill(self) -> None:
        """End the helper at once; its LibreOffice goes with it (see :mod:`.uno_convert`)."""
        if self.proc is not None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass

    def stop(self) -> None:
        if self.proc is not None:
            self.kill()
            self.proc.wait()
            self.proc = None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def keep_office() -> KeptOffice | None:
    """Start a :class:`KeptOffice` and hand this process's conversions to it; ``None`` when
    LibreOffice or a Python with ``uno`` is missing."""
    if libreoffice.soffice_path() is None:
        return None
    python = uno_python()
    if python is None:
        return None
    office = KeptOffice(python)
    office.start()
    libreoffice.keep_resident(office)
    return office
