"""Command line: ``boardpaper build [INPUT ...]`` and ``boardpaper check INPUT``.

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
    b.add_argument("--tables", choices=("merged", "accessible"),
                   help="merged sub-objective cells, or accessible tables with no merged cells")
    b.add_argument("--pdf-engine", default="reportlab", choices=("reportlab", "libreoffice", "weasyprint"),
                   help="reportlab (default), libreoffice (a tagged PDF/UA made from the DOCX) or "
                        "weasyprint (a tagged PDF/UA made from the HTML, no LibreOffice needed)")
    b.add_argument("--format", dest="formats", action="append", choices=("docx", "pdf", "html"),
                   help="write only this format (repeatable; default: docx and pdf)")
    b.add_argument("--jobs", type=int, default=0, help="parallel builds (default: every core)")
    b.add_argument("--debug", action="store_true", help="show tracebacks of unexpected errors")
    c = sub.add_parser("check", help="validate an input and list every problem")
    c.add_argument("input", metavar="INPUT")
    c.add_argument("--layout")
    c.add_argument("--debug", action="store_true")
    return p


def expand_inputs(items: list[str]) -> list[Path]:
    """Inputs as given; a folder that is not itself a CSV input stands for the inputs inside it."""
    out: list[Path] = []
    for item in items:
        p = Path(item)
        if p.is_dir() and not any(q.suffix.lower() == ".csv" for q in p.iterdir()):
            inner = sorted(q for q in p.iterdir()
                           if (q.suffix.lower() == ".xlsx" and not q.name.startswith("~$"))
                           or (q.is_dir() and any(r.suffix.lower() == ".csv" for r in q.iterdir())))
            out.extend(inner or [p])
        else:
            out.append(p)
    return out


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
        return path, EXIT_FAILED, f"{path}: unexpected error: {type(e).__name__}: {e}\n{detail}".rstrip()
    lines = [f"wrote {p}" for p in r.outputs]
    lines += [f"  {w}" for w in r.warnings]
    lines += [f"  note: {n}" for n in r.notes]
    lines += [f"  {a}" for a in r.accessibility]
    lines.append(f"  {r.kpis} KPIs, {r.pages} pages")
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

    inputs = expand_inputs(args.inputs) if args.inputs else default_inputs()
    options = {"out": args.out, "layout": args.layout, "quick": args.quick, "tables": args.tables,
               "pdf_engine": args.pdf_engine, "formats": tuple(args.formats or ("docx", "pdf"))}
    started = time.perf_counter()
    results: list[tuple[str, int, str]] = []
    progress = _Progress(len(inputs))
    if len(inputs) == 1:
        results.append(_build_worker(str(inputs[0]), options | {"debug": args.debug}))
    else:
        jobs = args.jobs or os.cpu_count() or 1
        from ._procs import worker_pool

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


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return cmd_build(args) if args.command == "build" else cmd_check(args)
    except InputError as e:
        print(e.report(), file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("interrupted; earlier outputs are untouched", file=sys.stderr)
        return EXIT_FAILED
    except Exception as e:  # noqa: BLE001
        if getattr(args, "debug", False):
            traceback.print_exc()
        print(f"boardpaper: unexpected error: {type(e).__name__}: {e}", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
