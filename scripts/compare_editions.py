"""Compare the editions of papers: the reportlab PDF, the DOCX as LibreOffice lays it out and the
WeasyPrint PDF (issue 26). For each input: page counts, the share of KPIs on the same page as in
the PDF, footnotes printed off their marker's page, and pages that hold next to nothing.

    .venv/bin/python -m scripts.compare_editions inputs/spcb-2022-05.xlsx inputs/ipr-example.xlsx
    .venv/bin/python -m scripts.compare_editions board.xlsx --layout layouts/board.toml --out /tmp/editions

Run from the checkout's root as a module (so ``tests.helpers`` is importable as it is).

The measuring is in tests/helpers/editions.py (the tests use it with their own targets).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tests.helpers.editions import compare

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="*", type=Path)
    parser.add_argument("--awkward", help="also the papers of tests/helpers/edition_papers.py, made in this folder")
    parser.add_argument("--layout", help="a layout .toml for every input (default: the one each names)")
    parser.add_argument("--out", type=Path, help="keep the editions here (one folder per input)")
    parser.add_argument("--engines", default="pdf,docx,weasyprint", help="comma-separated: pdf, docx, weasyprint")
    args = parser.parse_args(argv)
    jobs = [(source, args.layout) for source in args.inputs]
    if args.awkward:
        from tests.helpers.edition_papers import PAPERS

        folder = Path(args.awkward)
        folder.mkdir(parents=True, exist_ok=True)
        jobs += [make(folder) for make in PAPERS.values()]
    for source, layout in jobs:
        out = args.out / source.stem if args.out else None
        if out:
            out.mkdir(parents=True, exist_ok=True)
        print("\n".join(compare(source, layout=layout, engines=tuple(args.engines.split(",")), out=out).lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
