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
PDF_ENGINES = ("reportlab", "libreoffice", "weasyprint")


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
        pause_point("write")  # every new file is on disk under a temporary name
        for target, tmp in temps.items():
            os.replace(tmp, target)
    finally:
        for tmp in temps.values():
            if tmp.exists():
                tmp.unlink()


FORMATS = ("docx", "pdf", "html")
DEFAULT_FORMATS = ("docx", "pdf")


def build_one(path: str | Path, *, out: str | Path = "out", layout: str | Path | None = None,
              quick: bool = False, tables: str | None = None, pdf_engine: str = "reportlab",
              formats: tuple[str, ...] = DEFAULT_FORMATS) -> BuildResult:
    """Build one input into ``out/<name>.<format>`` for each of ``formats`` (and only those).
    Raises :class:`InputError` for bad input (nothing is written then)."""
    from .charts import ChartWorker

    if pdf_engine not in PDF_ENGINES:
        raise InputError(f"--pdf-engine {pdf_engine!r} is not one of {', '.join(PDF_ENGINES)}")
    formats = tuple(dict.fromkeys(formats))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise InputError(f"--format {', '.join(unknown) or '(none)'} is not one of {', '.join(FORMATS)}")
    from contextlib import nullcontext

    pngs = "docx" in formats or ("pdf" in formats and pdf_engine == "libreoffice")  # only the DOCX has PNGs
    with ChartWorker() if pngs else nullcontext() as charts:  # imports matplotlib on the other core
        return _build(Path(path), Path(out), charts, layout=layout, quick=quick, tables=tables,
                      pdf_engine=pdf_engine, formats=formats)


def pause_point(stage: str) -> None:
    """A point a test can stop the build at: when ``BOARDPAPER_PAUSE_AT`` names ``stage``, say so
    on stderr and wait (to be killed). Costs nothing otherwise."""
    if os.environ.get("BOARDPAPER_PAUSE_AT") == stage:
        import sys
        import time

        print(f"boardpaper: paused at {stage}", file=sys.stderr, flush=True)
        time.sleep(600)


def _build(path: Path, out: Path, charts, *, layout, quick, tables, pdf_engine, formats) -> BuildResult:
    from . import accessibility, libreoffice
    from .verify import verify_outputs

    lo_pdf = "pdf" in formats and pdf_engine == "libreoffice"
    weasy_pdf = "pdf" in formats and pdf_engine == "weasyprint"
    if lo_pdf and not libreoffice.soffice_path():
        raise InputError("--pdf-engine libreoffice needs LibreOffice (soffice) on PATH; install it "
                         "(Debian: apt-get install libreoffice-writer-nogui) or use the default engine")
    clock = _Clock()
    paper, lay, doc = read(path, layout, tables)
    result = BuildResult(str(path), warnings=list(paper.warnings), kpis=doc.kpi_count, timings=clock.laps)
    clock.lap("read and validate")
    need_docx = "docx" in formats or lo_pdf
    # PNGs (only the DOCX has them) rendered while the PDF is laid out
    collect_charts = charts.render(doc.charts, lay) if need_docx else (lambda: None)
    outputs: dict[str, bytes] = {}
    checks: dict[str, list[str]] = {}
    measure = need_docx and (lo_pdf or (not quick and libreoffice.soffice_path() is not None))
    anchors = None
    if weasy_pdf:
        from .writers.weasy import write_pdf_weasy

        outputs["pdf"], result.pages = write_pdf_weasy(doc, lay)
        clock.lap("weasyprint pdf")
    if ("pdf" in formats and not lo_pdf and not weasy_pdf) or (need_docx and not measure):
        from .writers.pdf import layout_pdf

        pdf, passes = layout_pdf(doc, lay)  # also the DOCX contents numbers when LibreOffice can't measure
        anchors, result.pages = passes.anchors, passes.pages
        clock.lap("pdf")
        if "pdf" in formats and not lo_pdf and not weasy_pdf:
            outputs["pdf"] = pdf
            verify_outputs(doc, {"pdf": pdf}, drawn=passes.rows)  # while the charts finish
            checks["pdf"] = accessibility.report({"pdf": pdf})
            clock.lap("verify")
    pause_point("charts")
    collect_charts()
    clock.lap("charts")
    if need_docx:
        from .writers.docx import write_docx

        docx = write_docx(doc, lay, page_numbers=anchors)
        clock.lap("docx")
        if measure:
            pages = libreoffice.bookmark_pages(docx)
            if pages != anchors:
                docx = write_docx(doc, lay, page_numbers=pages)
            clock.lap("libreoffice contents pass")
        elif quick:
            result.notes.append("DOCX contents page numbers are those of the PDF layout (--quick)")
        else:
            result.notes.append("DOCX contents page numbers are estimated from the PDF layout: "
                                "LibreOffice is not installed to measure them (Word: References → Update Table)")
        if "docx" in formats:
            outputs["docx"] = docx
        if lo_pdf:
            outputs["pdf"] = libreoffice.convert_to_pdf(docx, tagged=True)
            result.pages = _page_count(outputs["pdf"])
            clock.lap("libreoffice pdf")
    if "html" in formats:
        from .writers.html import check_html, write_html

        outputs["html"] = write_html(doc, lay)
        checks["html"] = check_html(doc, outputs["html"])
        clock.lap("html")
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


def _page_count(pdf: bytes) -> int:
    from io import BytesIO

    from pypdf import PdfReader

    return len(PdfReader(BytesIO(pdf)).pages)


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


__all__ = ["build_one", "check", "read", "default_inputs", "BuildResult", "LAYOUTS_DIR", "FORMATS"]
