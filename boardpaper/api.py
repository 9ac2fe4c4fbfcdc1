"""The Python API: ``build`` and ``check`` do what the command line does.

    from boardpaper.api import build_one
    result = build_one("inputs/spcb-2022-05.xlsx", out="out")
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .compose import compose
from .errors import InputError, Problem
from .layout import LAYOUTS_DIR, Layout, load_layout, resolve_layout_name
from .model import Document
from .readers.workbook import PaperInput, read_paper

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "inputs" / "spcb-2022-05.xlsx"
PDF_ENGINES = ("reportlab", "libreoffice")


@dataclass
class BuildResult:
    """What one build wrote, and what a person should know about it."""

    input: str
    outputs: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    kpis: int = 0
    pages: int = 0
    timings: dict[str, float] = field(default_factory=dict)  # seconds per phase
    accessibility: list[str] = field(default_factory=list)  # one line per output


def choose_layout(paper: PaperInput, layout: str | Path | None) -> Layout:
    """``--layout`` (any path) wins; else the layout the workbook names (a name inside ``layouts/``);
    else the default layout."""
    if layout:
        return load_layout(layout)
    name = paper.fields.get("layout", "")
    return load_layout(resolve_layout_name(name) if name else None)


def read(path: str | Path, layout: str | Path | None = None, tables: str | None = None) -> tuple[PaperInput, Layout, Document]:
    """Read, check and compose one input. Raises :class:`InputError`."""
    paper = read_paper(Path(path))
    lay = choose_layout(paper, layout)
    if tables:
        lay = lay.with_tables(tables)
    return paper, lay, compose(paper, lay)


def check(path: str | Path, layout: str | Path | None = None) -> list[Problem]:
    """Validate only; returns the warnings, raises :class:`InputError` listing every error."""
    paper, _, _ = read(path, layout)
    return paper.warnings


def _write_atomically(files: dict[Path, bytes]) -> None:
    """Write every file to a temporary name beside it, then rename each into place, so an
    interrupted build never leaves a partial file under an output name."""
    temps: dict[Path, Path] = {}
    for target in files:  # leftovers of a build killed while writing
        for stale in target.parent.glob(f".{target.name}.*.part"):
            stale.unlink(missing_ok=True)
    try:
        for target, data in files.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
            temps[target] = Path(tmp)
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, 0o644)
        for target, tmp in temps.items():
            os.replace(tmp, target)
    finally:
        for tmp in temps.values():
            if tmp.exists():
                tmp.unlink()


def build_one(path: str | Path, *, out: str | Path = "out", layout: str | Path | None = None,
              quick: bool = False, tables: str | None = None, pdf_engine: str = "reportlab",
              formats: tuple[str, ...] = ("docx", "pdf")) -> BuildResult:
    """Build one input into ``out/<name>.docx`` and ``.pdf``. Raises :class:`InputError` for bad
    input (nothing is written then)."""
    from .charts import ChartWorker

    if pdf_engine not in PDF_ENGINES:
        raise InputError(f"--pdf-engine {pdf_engine!r} is not one of {', '.join(PDF_ENGINES)}")
    with ChartWorker() as charts:  # imports matplotlib on the other core while we import and read
        return _build(Path(path), Path(out), charts, layout=layout, quick=quick, tables=tables,
                      pdf_engine=pdf_engine, formats=formats)


def _build(path: Path, out: Path, charts, *, layout, quick, tables, pdf_engine, formats) -> BuildResult:
    from . import accessibility, libreoffice
    from .verify import verify_outputs
    from .writers.docx import write_docx
    from .writers.pdf import layout_pdf

    if pdf_engine == "libreoffice" and not libreoffice.soffice_path():
        raise InputError("--pdf-engine libreoffice needs LibreOffice (soffice) on PATH; install it "
                         "(Debian: apt-get install libreoffice-writer-nogui) or use the default engine")
    clock = _Clock()
    paper, lay, doc = read(path, layout, tables)
    result = BuildResult(str(path), warnings=list(paper.warnings), kpis=doc.kpi_count, timings=clock.laps)
    clock.lap("read and validate")
    collect_charts = charts.render(doc.charts, lay)  # rendered while the PDF is laid out
    pdf, passes = layout_pdf(doc, lay)
    result.pages = passes.pages
    clock.lap("pdf")
    checks = {}
    if pdf_engine == "reportlab" and "pdf" in formats:  # while the charts finish
        verify_outputs(doc, {"pdf": pdf}, drawn=passes.rows)
        checks["pdf"] = accessibility.report({"pdf": pdf})
        clock.lap("verify")
    collect_charts()
    clock.lap("charts")
    docx = write_docx(doc, lay, page_numbers=passes.anchors)
    clock.lap("docx")
    if "docx" in formats:
        if quick:
            result.notes.append("DOCX contents page numbers are those of the PDF layout (--quick)")
        elif libreoffice.soffice_path():
            pages = libreoffice.bookmark_pages(docx)
            if pages != passes.anchors:
                docx = write_docx(doc, lay, page_numbers=pages)
            clock.lap("libreoffice contents pass")
        else:
            result.notes.append("DOCX contents page numbers are estimated from the PDF layout: "
                                "LibreOffice is not installed to measure them (Word: References → Update Table)")
    if pdf_engine == "libreoffice":
        pdf = libreoffice.convert_to_pdf(docx, tagged=True)
    outputs = {"docx": docx, "pdf": pdf}
    for fmt in formats:
        if fmt not in checks:
            verify_outputs(doc, {fmt: outputs[fmt]})
            checks[fmt] = accessibility.report({fmt: outputs[fmt]})
    result.accessibility = [line for fmt in formats for line in checks[fmt]]
    clock.lap("verify")
    out.mkdir(parents=True, exist_ok=True)
    files = {out / f"{doc.name}.{fmt}": outputs[fmt] for fmt in formats}
    _write_atomically(files)
    clock.lap("write")
    result.outputs = list(files)
    return result


class _Clock:
    """Wall time per phase, for the benchmark."""

    def __init__(self):
        import time

        self._now = time.perf_counter
        self._last = self._now()
        self.laps: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = self._now()
        self.laps[name] = self.laps.get(name, 0.0) + now - self._last
        self._last = now


def default_inputs() -> list[Path]:
    """The bundled sample."""
    return [SAMPLE]


__all__ = ["build_one", "check", "read", "default_inputs", "BuildResult", "LAYOUTS_DIR"]
