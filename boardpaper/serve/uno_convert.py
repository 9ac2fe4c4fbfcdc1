"""A LibreOffice kept running, converting DOCX to PDF on request (run by the Python that has
LibreOffice's ``uno`` module -- Debian: /usr/bin/python3 with python3-uno -- not boardpaper's).

    python3 uno_convert.py PROFILE_DIR

starts a headless LibreOffice with the user profile in PROFILE_DIR, then reads one JSON request a
line on stdin, ``{"in": DOCX, "out": PDF, "options": {"ExportBookmarks": true, ...}}``, and answers
each with one line, ``{"ok": true}`` or ``{"ok": false, "error": "..."}``. The import filter is
"MS Word 2007 XML" and the export filter ``writer_pdf_Export`` with the options as its FilterData,
as ``soffice --convert-to`` is given them. Ends LibreOffice and itself when stdin closes, on
SIGTERM, or when its parent dies. Standard library and ``uno`` only: nothing of boardpaper.
"""
import json
import os
import signal
import subprocess
import sys
import time

import uno  # noqa: F401 - LibreOffice's bridge
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException


def _prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def _die_with_parent() -> None:
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _start(profile: str):
    pipe = f"boardpaper-{os.getpid()}"
    exe = os.environ.get("BOARDPAPER_SOFFICE", "soffice")
    proc = subprocess.Popen([exe, f"-env:UserInstallation=file://{profile}/profile", "--headless", "--invisible",
                             "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                             f"--accept=pipe,name={pipe};urp;"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "HOME": profile}, start_new_session=True)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + 90
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except NoConnectException:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("LibreOffice did not start")
            time.sleep(0.1)
    return proc, ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)


def _convert(desktop, request: dict) -> None:
    load = (_prop("Hidden", True), _prop("ReadOnly", True), _prop("FilterName", "MS Word 2007 XML"))
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(request["in"]), "_blank", 0, load)
    if doc is None:
        raise RuntimeError("source file could not be loaded")
    try:
        data = uno.Any("[]com.sun.star.beans.PropertyValue",
                       tuple(_prop(k, bool(v)) for k, v in request.get("options", {}).items()))
        store = (_prop("FilterName", "writer_pdf_Export"), _prop("FilterData", data))
        uno.invoke(doc, "storeToURL", (uno.systemPathToFileUrl(request["out"]), store))
    finally:
        doc.close(True)


def main() -> None:
    _die_with_parent()
    proc, desktop = _start(sys.argv[1])

    def stop(*_):
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    for line in sys.stdin:
        try:
            _convert(desktop, json.loads(line))
            answer = {"ok": True}
        except Exception as e:  # noqa: BLE001 - one line back to the caller
            answer = {"ok": False, "error": f"{type(e).__name__}: {e}"[:300]}
        print(json.dumps(answer), flush=True)
        if proc.poll() is not None:
            break
    stop()


if __name__ == "__main__":
    main()
