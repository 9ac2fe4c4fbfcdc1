"""Edit a DOCX through LibreOffice itself (UNO), as an officer would, and save it as DOCX.

Run with the Python that has LibreOffice's ``uno`` module (Debian: /usr/bin/python3 with
python3-uno), not the project's virtual environment:

    python3 tests/helpers/lo_edit.py IN.docx OUT.docx EDITS.json

EDITS.json is a list of steps, applied in order:
  {"replace": OLD, "with": NEW}            type over the first occurrence of OLD (cell or paragraph);
                                            "occurrence": N types over the N-th instead
  {"delete_row": TEXT}                      delete the table row holding TEXT
  {"set_cell": N, "row_of": TEXT, "with": NEW}  replace the whole text of the N-th cell (from 0) of the
                                            table row holding TEXT (e.g. a merged sub-objective cell)
  {"track": true}                           record changes from here on (Edit → Track Changes)
Exit 0 when every step found its text; 3 when one did not (the message says which).
(Comments are not among the steps: inserting an annotation through UNO crashes a headless
LibreOffice 7.4; the tests make comments in the XML as Word saves them instead.)
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno  # noqa: F401 - LibreOffice's bridge
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException


def _prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def _connect(pipe: str, proc, timeout: float = 60):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + timeout
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("LibreOffice did not start")
            time.sleep(0.3)


def _find(doc, text, occurrence: int = 1):
    sd = doc.createSearchDescriptor()
    sd.SearchString = text
    sd.SearchCaseSensitive = True
    found = doc.findAll(sd)
    if found.getCount() < occurrence:
        raise LookupError(text)
    return found.getByIndex(occurrence - 1)


def _row_of(doc, text):
    found = _find(doc, text)
    cell = found.Cell
    table = found.TextTable
    if cell is None or table is None:
        raise LookupError(f"{text!r} is not in a table")
    name = cell.CellName  # e.g. "B4"
    row = int("".join(ch for ch in name if ch.isdigit())) - 1
    return table, row


def edit(src: Path, dst: Path, steps: list[dict]) -> None:
    work = Path(tempfile.mkdtemp(prefix="bp-uno-"))
    pipe = f"bp_uno_{os.getpid()}"
    proc = subprocess.Popen(["soffice", f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                             "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                             f"--accept=pipe,name={pipe};urp;"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "HOME": str(work)},
                            start_new_session=True)
    try:
        ctx = _connect(pipe, proc)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(src.resolve().as_uri(), "_blank", 0, (_prop("Hidden", True), _prop("FilterName", "MS Word 2007 XML")))
        if doc is None:
            raise SystemExit(f"LibreOffice could not open {src}")
        for step in steps:
            if "replace" in step:
                _find(doc, step["replace"], step.get("occurrence", 1)).setString(step["with"])
            elif "delete_row" in step:
                table, row = _row_of(doc, step["delete_row"])
                table.getRows().removeByIndex(row, 1)
            elif "set_cell" in step:
                table, row = _row_of(doc, step["row_of"])
                table.getCellByPosition(int(step["set_cell"]), row).setString(step["with"])
            elif "track" in step:
                doc.RecordChanges = bool(step["track"])
        doc.storeToURL(dst.resolve().as_uri(), (_prop("FilterName", "MS Word 2007 XML"),))
        doc.close(True)
    finally:
        try:
            desktop.terminate()
        except Exception:  # noqa: BLE001 - it may already be gone
            pass
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)


if __name__ == "__main__":
    try:
        edit(Path(sys.argv[1]), Path(sys.argv[2]), json.loads(Path(sys.argv[3]).read_text()))
    except LookupError as e:
        print(f"text not found: {e}", file=sys.stderr)
        sys.exit(3)
