"""What the server's worker processes do: build an upload into an edition, read back an edited
DOCX, and write the workbook with its edits. Each is a client of boardpaper's own functions, as
the command line is (``api.build_one``, ``cycle.diff.diff_papers``, ``cycle.commands.harvest_paper``), and
returns a plain dict for the page; problems with the input come back as the lines
``boardpaper check`` prints, never as an exception.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import time
import zipfile
from pathlib import Path

from ..cycle.changes import CycleError, describe, to_plain
from ..errors import InputError
from .store import Store, board_name

_office = None  # the worker's KeptOffice, when LibreOffice and uno are there
WARM_UP = ("boardpaper.api", "boardpaper.writers.pdf", "boardpaper.writers.docx", "boardpaper.writers.html",
           "boardpaper.charts.png", "boardpaper.build.verify", "boardpaper.build.accessibility",
           "boardpaper.cycle.diff", "boardpaper.cycle.commands")


def init(parent: int) -> None:
    """Each worker at start: end with the server, keep a LibreOffice warm, import the writers."""
    import importlib

    _die_with(parent)
    global _office
    from .office import keep_office

    _office = keep_office()
    for name in WARM_UP:
        importlib.import_module(name)


def _die_with(parent: int) -> None:
    """Be ended by the kernel when the server process goes (Linux); elsewhere the pool's own
    end-of-parent handling applies."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the server went before the call above
        os._exit(1)
    signal.signal(signal.SIGTERM, lambda *_: _exit())


def _exit() -> None:
    if _office is not None:
        _office.stop()
    os._exit(1)


def change_rows(changes) -> list[dict]:
    """Changes as the page's table shows them (and ``describe``'s line for each)."""
    return [{"kpi": c.kpi or (f"source {c.source}" if c.source else "paper"), "field": c.field or "",
             "old": c.old, "new": c.new, "state": c.state, "section": c.section, "line": describe(c)}
            for c in changes]


def build(data: str, upload: str, input_file: str, shown: str, options: dict) -> dict:
    """Build ``<incoming upload>/<input_file>`` into a new edition of its board. Returns
    ``{"state": "done", "edition": key}`` or ``{"state": "problems", "problems": [lines], "errors": n}``
    (nothing built), or ``{"state": "error", "message": line}``."""
    from ..api import build_one
    from ..cycle.diff import diff_papers
    from ..readers.workbook import read_paper

    store = Store(data)
    started = time.perf_counter()
    if _office is not None:
        _office.before_build()
    staged = store.staging()
    try:
        source = store.folder("incoming", upload)
        kept = staged / input_file
        os.rename(source / input_file, kept)
        for extra in source.iterdir():  # the .zip a CSV folder came in: kept beside it
            os.rename(extra, staged / extra.name)
        shutil.rmtree(source, ignore_errors=True)
        try:
            paper = read_paper(kept)
            result = build_one(paper, out=staged, **options)
        except InputError as e:
            return {"state": "problems", "problems": [str(p) for p in e.problems], "errors": len(e.errors)}
        built = time.perf_counter()
        board = board_name(paper.fields)
        previous = store.latest(board)
        changes = None
        if previous is not None:
            old = read_paper(store.folder("editions", previous.key) / previous.input_file)
            changes = diff_papers(old, paper)
            (staged / "changes.txt").write_text(to_plain(changes) + "\n", "utf-8")
            (staged / "changes.json").write_text(json.dumps(change_rows(changes), ensure_ascii=False, indent=1), "utf-8")
        warnings = [str(w) for w in result.warnings]
        (staged / "warnings.txt").write_text("".join(w + "\n" for w in warnings) or "no warnings\n", "utf-8")
        (staged / "accessibility.txt").write_text("".join(a + "\n" for a in result.accessibility), "utf-8")
        seconds = time.perf_counter() - started
        timings = {**result.timings, "server: diff and reports": time.perf_counter() - built,
                   "server: whole build in the worker": seconds}
        outputs = [p.name for p in result.outputs]
        (staged / "edition.json").write_text(json.dumps({
            "board": board, "input": shown, "input_file": input_file, "input_sha256": paper.sha256,
            "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "options": options, "outputs": outputs,
            "kpis": result.kpis, "pages": result.pages, "timings": timings,
            "previous_edition": previous.key if previous else None}, indent=1), "utf-8")
        key = store.add_edition(staged, board=board, fields=paper.fields, input_name=shown, input_file=input_file,
                                input_sha256=paper.sha256, outputs=outputs, warnings=warnings,
                                accessibility=result.accessibility, notes=result.notes,
                                changes=None if changes is None else change_rows(changes), kpis=result.kpis,
                                pages=result.pages, seconds=seconds)
        return {"state": "done", "edition": key}
    except Exception as e:  # noqa: BLE001 - one line on the page; the server log has the rest
        import traceback

        traceback.print_exc()
        return {"state": "error", "message": f"unexpected error: {type(e).__name__}: {e}"}
    finally:
        shutil.rmtree(staged, ignore_errors=True)  # gone already when the edition was kept


def readback(data: str, key: str, workbook: str | None) -> dict:
    """List the edits in ``readbacks/<key>/edited.docx``, checked against ``workbook`` (in the
    same folder) or else the kept edition built from the input the DOCX's manifest names.
    Returns ``{"state": "listed", "changes": rows, "plain": text, "warnings": [...],
    "source": {...} | None}`` or ``{"state": "error", "message": line}`` / ``problems``."""
    from ..cycle.commands import harvest_paper
    from ..cycle.harvest import harvest

    store = Store(data)
    folder = store.folder("readbacks", key)
    docx = folder / "edited.docx"
    try:
        source, edition = None, None
        if workbook:
            source = folder / workbook
        else:
            _, manifest = harvest(docx)
            edition = store.by_input(manifest.input_sha256) if manifest.input_sha256 else None
            if edition is not None:
                source = store.folder("editions", edition.key) / edition.input_file
        r = harvest_paper(docx, workbook=source)
    except CycleError as e:
        return {"state": "error", "message": str(e)}
    except InputError as e:
        return {"state": "problems", "problems": [str(p) for p in e.problems], "errors": len(e.errors)}
    found = None
    if source is not None:
        found = {"file": source.name, "edition": edition.key if edition else None,
                 "board": edition.board if edition else None, "meeting": edition.meeting if edition else None}
    return {"state": "listed", "changes": change_rows(r.changes), "plain": to_plain(r.changes),
            "warnings": list(r.warnings), "source": found}


def apply(data: str, key: str, source: str, accept_tracked: bool, apply_deletions: bool) -> dict:
    """Write the source input with the edits of ``readbacks/<key>/edited.docx`` applied, as
    ``harvest --into`` does, into ``readbacks/<key>/<n>/``; a CSV folder is zipped. Returns
    ``{"state": "applied", "file": name, "folder": n, "applied": [lines], "skipped": [lines]}``."""
    from ..cycle.commands import harvest_paper

    store = Store(data)
    folder = store.folder("readbacks", key)
    runs = sorted(int(p.name) for p in folder.iterdir() if p.name.isdigit())
    n = str((runs[-1] + 1) if runs else 1)
    src = Path(source)
    out = folder / n
    out.mkdir()
    target = out / src.name
    try:
        r = harvest_paper(folder / "edited.docx", workbook=src, into=target, accept_tracked=accept_tracked,
                          apply_deletions=apply_deletions)
    except CycleError as e:
        return {"state": "error", "message": str(e)}
    except InputError as e:
        return {"state": "problems", "problems": [str(p) for p in e.problems], "errors": len(e.errors)}
    name = target.name
    if target.is_dir():  # a CSV folder: one .zip to download
        name = target.name + ".zip"
        with zipfile.ZipFile(out / name, "w", zipfile.ZIP_DEFLATED) as z:
            for p in sorted(target.iterdir()):
                z.write(p, p.name)
    outcome = r.outcome
    return {"state": "applied", "file": name, "folder": n,
            "applied": [describe(c) for c in outcome.applied] if outcome else [],
            "skipped": [f"{describe(c)} ({why})" for c, why in outcome.skipped] if outcome else []}
