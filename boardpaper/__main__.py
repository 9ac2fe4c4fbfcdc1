"""Command line: ``boardpaper build [INPUT ...]``, ``boardpaper check INPUT``, ``boardpaper diff OLD NEW``,
``boardpaper harvest EDITED.docx`` and ``boardpaper serve`` (the same as a web page).

Exit codes: 0 built, 2 the input is wrong (every problem listed), 1 an unexpected failure
(one line; ``--debug`` shows the traceback).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from concurrent.futures import as_completed
from pathlib import Path

from .errors import InputError
from .options import DEFAULT_FORMATS, FORMATS, PDF_ENGINES, TABLE_STYLES

EXIT_OK, EXIT_FAILED, EXIT_INPUT = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="boardpaper", description="Turn a KPI workbook into a board paper "
                                "appendix (DOCX and PDF).")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build papers (default: the bundled sample)")
    b.add_argument("inputs", nargs="*", metavar="INPUT",
                   help=".xlsx workbooks, folders of .csv files, or folders holding several inputs")
    b.add_argument("--layout", help="a layout .toml file (default: the one the workbook names, or spcb)")
    b.add_argument("--out", default="out", help="output folder (default: out)")
    b.add_argument("--quick", action="store_true",
                   help="skip the LibreOffice pass that measures the DOCX contents page numbers")
    b.add_argument("--tables", choices=TABLE_STYLES,
                   help="merged sub-objective cells, or accessible tables with no merged cells")
    b.add_argument("--pdf-engine", default=PDF_ENGINES[0], choices=PDF_ENGINES,
                   help="reportlab (default), libreoffice (a tagged PDF/UA made from the DOCX) or "
                        "weasyprint (a tagged PDF/UA made from the HTML, no LibreOffice needed)")
    b.add_argument("--format", dest="formats", action="append", choices=FORMATS,
                   help="write only this format (repeatable; default: docx and pdf)")
    b.add_argument("--jobs", type=int, default=0, help="parallel builds (default: every core)")
    b.add_argument("--debug", action="store_true", help="show tracebacks of unexpected errors")
    c = sub.add_parser("check", help="validate an input and list every problem")
    c.add_argument("input", metavar="INPUT")
    c.add_argument("--layout")
    c.add_argument("--debug", action="store_true")
    _add_tool_commands(p, sub)
    _status_parser(sub)
    _cycle_parsers(sub)
    _serve_parser(sub)
    return p


def _serve_parser(sub) -> None:
    s = sub.add_parser("serve", help="a web page for the secretariat: build, read back, and keep each board's "
                       "editions (pip install 'boardpaper[serve]')")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1; any other "
                   "needs BOARDPAPER_TOKEN set, which every request must then give)")
    s.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    s.add_argument("--data", help="folder for the kept editions and their index (default: "
                   "$XDG_DATA_HOME/boardpaper, else ~/.local/share/boardpaper)")
    s.add_argument("--workers", type=int, default=0, help="builds at once (default: one per core)")
    s.add_argument("--tls-cert", help="serve HTTPS with this certificate (PEM), with --tls-key")
    s.add_argument("--tls-key", help="the certificate's private key (PEM)")
    s.set_defaults(func=cmd_serve)


def cmd_serve(args) -> int:
    from .serve import run  # the web stack is imported only here

    if bool(args.tls_cert) != bool(args.tls_key):
        print("boardpaper serve: give --tls-cert and --tls-key together", file=sys.stderr)
        return EXIT_INPUT
    return run(args.host, args.port, args.data, args.workers,
               (args.tls_cert, args.tls_key) if args.tls_cert else None)


def _add_tool_commands(p: argparse.ArgumentParser, sub) -> None:
    """``--version``, and the commands that start a board: ``new``, ``layouts``, ``layout new``."""
    p.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    n = sub.add_parser("new", help="write a starter workbook to fill in (never over an existing file)")
    n.add_argument("file", metavar="FILE.xlsx")
    n.add_argument("--layout", default="", metavar="NAME", help="the layout the workbook names (default: "
                   "blank, the standard layout)")
    n.set_defaults(func=cmd_new)
    ls = sub.add_parser("layouts", help="list the layouts a workbook can name, and where each comes from")
    ls.add_argument("near", nargs="?", metavar="INPUT", help="also look in layouts/ beside this workbook")
    ls.set_defaults(func=cmd_layouts)
    lay = sub.add_parser("layout", help="make a layout: `boardpaper layout new NAME`")
    lay_sub = lay.add_subparsers(dest="layout_command", required=True)
    ln = lay_sub.add_parser("new", help="copy the default layout to ./layouts/NAME.toml (and its reference "
                            "DOCX) to edit; never over an existing file")
    ln.add_argument("name", metavar="NAME")
    ln.set_defaults(func=cmd_layout_new)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("boardpaper")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "(not installed)"


def cmd_new(args) -> int:
    from .starter import new_workbook

    path = new_workbook(args.file, args.layout)
    print(f"wrote {path}: fill in its sheets (the instructions sheet explains every column), then run\n"
          f"  boardpaper check {path}\n  boardpaper build {path}")
    return EXIT_OK


def cmd_layouts(args) -> int:
    from .layout import find_layouts, layout_search_path

    found = find_layouts(args.near)
    width = max((len(f.name) for f in found), default=4)
    for f in found:
        shadow = f"  (shadowed by {f.shadowed_by.path / f.path.name})" if f.shadowed_by else ""
        print(f"{f.name:<{width}}  {f.folder.origin:<20}  {f.path}{shadow}")
    print("searched, in order: " + "; ".join(f"{f.path} ({f.origin})" for f in layout_search_path(args.near)))
    return EXIT_OK


def cmd_layout_new(args) -> int:
    from .starter import new_layout

    written = new_layout(args.name)
    print("wrote " + " and ".join(map(str, written)) + f"\nedit them, then put `{args.name}` in the "
          "`layout` field of a workbook's paper sheet")
    return EXIT_OK


def _cycle_parsers(sub) -> None:
    d = sub.add_parser("diff", help="list field-level changes between two inputs")
    d.add_argument("old", metavar="OLD", help="last month's input (.xlsx or folder of CSVs)")
    d.add_argument("new", metavar="NEW", help="this month's input")
    d.add_argument("--json", action="store_true", help="print a JSON list of changes")
    d.add_argument("--debug", action="store_true")
    d.set_defaults(func=cmd_diff)
    h = sub.add_parser("harvest", help="list what officers changed in a DOCX boardpaper built")
    h.add_argument("docx", metavar="EDITED.docx")
    h.add_argument("--workbook", metavar="SOURCE", help="the input the paper was built from (default: the "
                   "file the manifest names, when it is beside the DOCX)")
    h.add_argument("--json", action="store_true", help="print a JSON list of changes")
    h.add_argument("--into", metavar="NEW", help="write a copy of SOURCE with the edits applied")
    h.add_argument("--accept-tracked", action="store_true", help="with --into: apply pending tracked changes")
    h.add_argument("--apply-deletions", action="store_true", help="with --into: remove rows officers deleted")
    h.add_argument("--force", action="store_true", help="with --into: replace an existing file")
    h.add_argument("--debug", action="store_true")
    h.set_defaults(func=cmd_harvest)


def expand_inputs(items: list[str]) -> list[Path]:
    """Inputs as given; a folder that is not itself a CSV input stands for the inputs inside it."""
    return expand_inputs_with_skips(items)[0]


def expand_inputs_with_skips(items: list[str]) -> tuple[list[Path], list[str]]:
    """The inputs to build, and one line for every file of a folder of inputs that is not built,
    naming it and saying why."""
    out: list[Path] = []
    skipped: list[str] = []
    for item in items:
        p = Path(item)
        if p.is_dir() and not _is_csv_folder(p):
            inner, before = [], len(skipped)
            for q in sorted(p.iterdir()):
                reason = _skip_reason(q)
                if reason:
                    skipped.append(f"warning: skipped {_printable(q)}: {reason}")
                else:
                    inner.append(q)
            out.extend(inner or ([] if len(skipped) > before else [p]))
        else:
            out.append(p)
    return out, skipped


def _skip_reason(q: Path) -> str:
    """Why ``q``, found in a folder of inputs, is not built ('' when it is)."""
    from .readers.tables import UNREADABLE, WORKBOOK_SUFFIXES

    if q.is_dir():
        return "" if _is_csv_folder(q) else "a folder with no .csv files"
    if q.name.startswith("~$"):
        return "Excel's lock file for a workbook that is open"
    if q.name.startswith("."):
        return "a hidden file"
    suffix = q.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        return ""
    return UNREADABLE.get(suffix, "not a workbook (.xlsx or .xlsm) or a folder of .csv files")


def _is_csv_folder(folder: Path) -> bool:
    """A folder the CSV reader reads (:func:`~.readers.tables.sheet_files`: .csv files, or sheets
    saved as Excel's "Unicode Text" .txt)."""
    from .readers.tables import sheet_files

    return bool(sheet_files(folder))


def _printable(path: Path) -> str:
    from .readers.tables import printable

    return printable(path)


def _one_line(e: BaseException, limit: int = 300) -> str:
    """An unexpected error as one line: its type and the first line of its message, cut to ``limit``."""
    first = next((line.strip() for line in str(e).splitlines() if line.strip()), "")
    first = first if len(first) <= limit else first[:limit - 1] + "…"
    return f"{type(e).__name__}: {first}" if first else type(e).__name__


def _build_worker(path: str, options: dict) -> tuple[str, int, str]:
    """Build one input in a worker process; returns (input, exit code, message) and never raises."""
    from .api import build_one

    debug = options.pop("debug", False)
    try:
        r = build_one(path, **options)
    except InputError as e:
        return path, EXIT_INPUT, e.report()
    except Exception as e:  # noqa: BLE001 - reported as one line, traceback with --debug
        detail = traceback.format_exc() if debug else ""
        return path, EXIT_FAILED, f"{path}: unexpected error: {_one_line(e)}\n{detail}".rstrip()
    lines = [f"wrote {p}" for p in r.outputs]
    lines += [f"  {w}" for w in r.warnings]
    lines += [f"  note: {n}" for n in r.notes]
    lines += [f"  {a}" for a in r.accessibility]
    lines.append(f"  {r.kpis} KPIs, {r.pages} pages" if r.pages else f"  {r.kpis} KPIs")  # no PDF laid out: no pages
    return path, EXIT_OK, "\n".join(lines)


class _Progress:
    """A progress bar on a terminal, plain lines otherwise."""

    def __init__(self, total: int, stream=sys.stderr):
        self.total, self.done, self.stream = total, 0, stream
        self.tty = stream.isatty() and total > 1

    def step(self, name: str) -> None:
        self.done += 1
        if self.tty:
            width = 30
            filled = width * self.done // self.total
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {name[:40]:40}")
            if self.done == self.total:
                self.stream.write("\n")
            self.stream.flush()
        elif self.total > 1:
            print(f"[{self.done}/{self.total}] {name}", file=self.stream, flush=True)


def cmd_build(args) -> int:
    from .api import default_inputs

    inputs, skipped = expand_inputs_with_skips(args.inputs) if args.inputs else (default_inputs(), [])
    for line in skipped:
        print(line)
    if not inputs:
        print("nothing to build: no workbook or folder of .csv files among the inputs", file=sys.stderr)
        return EXIT_INPUT
    options = {"out": args.out, "layout": args.layout, "quick": args.quick, "tables": args.tables,
               "pdf_engine": args.pdf_engine, "formats": tuple(args.formats or DEFAULT_FORMATS)}
    started = time.perf_counter()
    results: list[tuple[str, int, str]] = []
    progress = _Progress(len(inputs))
    if len(inputs) == 1:
        results.append(_build_worker(str(inputs[0]), options | {"debug": args.debug}))
    else:
        jobs = args.jobs or os.cpu_count() or 1
        from .build.processes import worker_pool

        with worker_pool(min(jobs, len(inputs))) as pool:
            futures = [pool.submit(_build_worker, str(p), options | {"debug": args.debug}) for p in inputs]
            for f in as_completed(futures):
                results.append(f.result())
                progress.step(Path(results[-1][0]).name)
        order = {str(p): i for i, p in enumerate(inputs)}
        results.sort(key=lambda r: order[r[0]])
    for _, code, message in results:
        print(message, file=sys.stdout if code == EXIT_OK else sys.stderr)
    failed = [r for r in results if r[1] != EXIT_OK]
    if len(inputs) > 1:
        print(f"built {len(results) - len(failed)} of {len(results)} papers in "
              f"{time.perf_counter() - started:.1f} s" + (f"; {len(failed)} failed: " +
                                                         ", ".join(Path(r[0]).name for r in failed)
                                                         if failed else ""))
    if not failed:
        return EXIT_OK
    return EXIT_INPUT if any(code == EXIT_INPUT for _, code, _ in failed) else EXIT_FAILED


def cmd_check(args) -> int:
    from .api import check

    warnings = check(args.input, args.layout)
    for w in warnings:
        print(f"  {w}")
    print(f"{args.input}: no problems found" + (f" ({len(warnings)} warnings)" if warnings else ""))
    return EXIT_OK


def _status_parser(sub) -> None:
    s = sub.add_parser("status", help="print each KPI's statistical process control reading, without building")
    s.add_argument("input", metavar="INPUT")
    s.add_argument("--layout", help="a layout .toml file (its [status] min_points); default: the workbook's")
    s.add_argument("--json", action="store_true", help="a JSON list of {kpi, points, variation, assurance, "
                   "direction, segment_start, mean, lower, upper, target, rebase_reason, exception, owner}, null "
                   "where not applicable")
    s.add_argument("--debug", action="store_true")
    s.set_defaults(func=cmd_status)


def cmd_status(args) -> int:
    import json

    from .spc.kpis import status_report

    rows = status_report(args.input, args.layout)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return EXIT_OK
    heads = ("kpi", "points", "variation", "assurance", "direction", "exception", "owner")
    names = ["KPI", "Points", "Variation", "Assurance", "Direction", "Exception", "Owner"]
    if any(r["rebase_reason"] for r in rows):  # the latest process's start, where a KPI was rebased
        heads, names = heads[:2] + ("segment_start",) + heads[2:], names[:2] + ["Since"] + names[2:]
    words = {True: "yes", False: "no", None: "–"}
    table = [names] + [[words[r[h]] if r[h] is None or isinstance(r[h], bool) else str(r[h]) for h in heads]
                       for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(heads))]
    for line in table:
        print("  ".join(cell.ljust(w) for cell, w in zip(line, widths)).rstrip())
    return EXIT_OK


def cmd_diff(args) -> int:
    from .cycle.changes import to_json, to_plain
    from .cycle.diff import diff_inputs

    changes = diff_inputs(args.old, args.new)
    print(to_json(changes) if args.json else to_plain(changes))
    return EXIT_OK


def cmd_harvest(args) -> int:
    from .cycle.changes import describe, to_json, to_plain
    from .cycle.commands import harvest_paper

    r = harvest_paper(args.docx, workbook=args.workbook, into=args.into, accept_tracked=args.accept_tracked,
                      apply_deletions=args.apply_deletions, force=args.force)
    for w in r.warnings:
        print(w, file=sys.stderr)
    print(to_json(r.changes) if args.json else to_plain(r.changes))
    if r.outcome is not None:
        for c, why in r.outcome.skipped:
            print(f"not applied: {describe(c)} ({why})", file=sys.stderr)
        print(f"wrote {args.into} ({len(r.outcome.applied)} change{'s' if len(r.outcome.applied) != 1 else ''} "
              f"applied, {len(r.outcome.skipped)} not)", file=sys.stderr)
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    from .cycle.changes import CycleError

    args = _parser().parse_args(argv)
    try:
        if getattr(args, "func", None):
            return args.func(args)
        return cmd_build(args) if args.command == "build" else cmd_check(args)
    except InputError as e:
        print(e.report(), file=sys.stderr)
        return EXIT_INPUT
    except CycleError as e:
        print(f"boardpaper {args.command}: {e}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("interrupted; earlier outputs are untouched", file=sys.stderr)
        return EXIT_FAILED
    except Exception as e:  # noqa: BLE001
        if getattr(args, "debug", False):
            traceback.print_exc()
        print(f"boardpaper: unexpected error: {_one_line(e)}", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
