"""The Python API: ``build_one`` and ``check`` do what the command line does; ``build_frames`` and
``check_frames`` do the same from pandas DataFrames (pandas is imported only by those two).

    from boardpaper.api import build_one
    result = build_one("inputs/spcb-2022-05.xlsx", out="out")

The reference, made from these docstrings, is docs/api.md (``scripts/make_api_docs.py``).
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .compose.document import compose
from .errors import InputError, Problem
from .layout import LAYOUTS_DIR, Layout, load_layout, resolve_layout_name
from .model import Document
from .options import DEFAULT_FORMATS, FORMATS, PDF_ENGINES
from .readers.workbook import PaperInput, read_paper
from .resources import sample

SAMPLE = sample()  # the bundled sample: inputs/ of a checkout, package data of an installed wheel


@dataclass
class BuildResult:
    """What one build wrote, and what a person should know about it.

    Attributes:
        input: the input as given (a path, or ``"<name> (DataFrames)"``).
        outputs: the files written, in the order of ``formats``.
        warnings: problems that did not stop the build (unknown columns, control characters, …).
        notes: remarks on the build itself (e.g. how the DOCX contents page numbers were found).
        kpis: how many KPIs the paper holds.
        pages: pages of the PDF layout.
        timings: wall time per phase, in seconds.
        accessibility: one line per output from the accessibility check.
    """

    input: str
    outputs: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    kpis: int = 0
    pages: int = 0
    timings: dict[str, float] = field(default_factory=dict)  # seconds per phase
    accessibility: list[str] = field(default_factory=list)  # one line per output


def choose_layout(paper: PaperInput, layout: str | Path | None) -> Layout:
    """``--layout`` (any path) wins; else the layout the workbook names (a plain name, looked up on
    the layout search path: ``layouts/`` beside the workbook, in the current folder,
    ``$BOARDPAPER_LAYOUTS``, the bundled layouts); else the default layout."""
    if layout:
        return load_layout(layout)
    name = paper.fields.get("layout", "")
    return load_layout(resolve_layout_name(name, near=paper.file) if name else None)


def read(path: str | Path | PaperInput, layout: str | Path | None = None, tables: str | None = None) -> tuple[PaperInput, Layout, Document]:
    """Read, check and compose one input (a path, or a :class:`PaperInput` already checked).
    Raises :class:`InputError`."""
    paper = path if isinstance(path, PaperInput) else read_paper(Path(path))
    lay = choose_layout(paper, layout)
    if tables:
        lay = lay.with_tables(tables)
    return paper, lay, compose(paper, lay)


def check(path: str | Path, layout: str | Path | None = None) -> list[Problem]:
    """Validate one input without building it, as ``boardpaper check`` does.

    Args:
        path: a ``.xlsx`` workbook or a folder of CSV files (``paper.csv``, ``kpis.csv``, …).
        layout: a layout ``.toml`` file; default: the layout the workbook names, else ``spcb``.

    Returns:
        The warnings (:class:`~boardpaper.errors.Problem`), which do not stop a build (the layout's too).

    Raises:
        InputError: listing every error at once, each naming the file, sheet, row and column.
    """
    paper, _, doc = read(path, layout)
    return paper.warnings + _notices(paper, doc)


def _notices(paper: PaperInput, doc: Document) -> list[Problem]:
    """What compose warned about, naming frames rather than sheets for a paper read from DataFrames."""
    from dataclasses import replace

    return [replace(p, frame=True) if paper.frames and p.sheet else p for p in doc.notices]


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




def build_one(path: str | Path | PaperInput, *, out: str | Path = "out", layout: str | Path | None = None,
              quick: bool = False, tables: str | None = None, pdf_engine: str = "reportlab",
              formats: tuple[str, ...] = DEFAULT_FORMATS) -> BuildResult:
    """Build one input into ``out/<name>.docx`` and ``out/<name>.pdf`` (or only the ``formats``
    asked for), as ``boardpaper build`` does.

    Args:
        path: a ``.xlsx`` workbook or a folder of CSV files; ``<name>`` is its name without suffix.
            Or the :class:`PaperInput` ``read_paper`` made of one, to use what was read already.
        out: the output folder, created if need be.
        layout: a layout ``.toml`` file; default: the layout the workbook names, else ``spcb``.
        quick: skip the LibreOffice pass that measures the DOCX contents page numbers.
        tables: ``"merged"`` or ``"accessible"`` (no merged cells); default: the layout's choice.
        pdf_engine: ``"reportlab"``, ``"libreoffice"`` (a tagged PDF/UA made from the DOCX) or
            ``"weasyprint"`` (a tagged PDF/UA made from the HTML, without LibreOffice).
        formats: which of ``"docx"``, ``"pdf"`` and ``"html"`` to write, and only those
            (default: DOCX and PDF).

    Returns:
        A :class:`BuildResult`.

    Raises:
        InputError: the input is wrong; every problem is listed and nothing is written.
    """
    formats = _checked_options(pdf_engine, formats, "--pdf-engine", "--format")
    return _build(path if isinstance(path, PaperInput) else Path(path), Path(out), layout=layout, quick=quick,
                  tables=tables, pdf_engine=pdf_engine, formats=formats)


def _checked_options(pdf_engine: str, formats, engine_name: str, formats_name: str) -> tuple[str, ...]:
    """``formats`` without repeats; :class:`InputError` (naming the option as the caller spells it)
    for an unknown engine or format, or no format."""
    if pdf_engine not in PDF_ENGINES:
        raise InputError(f"{engine_name} {pdf_engine!r} is not one of {', '.join(PDF_ENGINES)}")
    formats = tuple(dict.fromkeys(formats))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise InputError(f"{formats_name} {', '.join(unknown) or '(none)'} is not one of {', '.join(FORMATS)}")
    return formats


def pause_point(stage: str) -> None:
    """A point a test can stop the build at: when ``BOARDPAPER_PAUSE_AT`` names ``stage``, say so
    on stderr and wait (to be killed). Costs nothing otherwise."""
    if os.environ.get("BOARDPAPER_PAUSE_AT") == stage:
        import sys
        import time

        print(f"boardpaper: paused at {stage}", file=sys.stderr, flush=True)
        time.sleep(600)


def _build(path: Path, out: Path, *, layout, quick, tables, pdf_engine, formats) -> BuildResult:
    """Read, then make the asked formats: the DOCX side (charts, DOCX, LibreOffice's contents
    numbers) in a forked process while the PDF is laid out here (:mod:`.concurrent`)."""
    from .build import accessibility, libreoffice
    from .build.parallel import DocxJob
    from .build.verify import verify_outputs

    lo_pdf = "pdf" in formats and pdf_engine == "libreoffice"
    weasy_pdf = "pdf" in formats and pdf_engine == "weasyprint"
    if lo_pdf and not libreoffice.soffice_path():
        raise InputError("--pdf-engine libreoffice needs LibreOffice (soffice) on PATH; install it "
                         "(Debian: apt-get install libreoffice-writer-nogui) or use the default engine")
    clock = _Clock()
    need_docx = "docx" in formats or lo_pdf
    measure = need_docx and (lo_pdf or (not quick and libreoffice.soffice_path() is not None))
    rl_pdf = "pdf" in formats and not lo_pdf and not weasy_pdf
    # forked now, so that it imports what the DOCX needs while the input is read
    job = (DocxJob(parallel=rl_pdf or weasy_pdf or "html" in formats or not measure, measure=measure)
           if need_docx else None)
    anchors = None
    try:
        paper, lay, doc = read(path, layout, tables)
        result = BuildResult(paper.file, warnings=list(paper.warnings) + _notices(paper, doc), kpis=doc.kpi_count,
                             timings=clock.laps)
        clock.lap("read and validate")
        outputs: dict[str, bytes] = {}
        checks: dict[str, list[str]] = {}
        if job is not None:
            job.start(doc, lay, measure=measure)
        if rl_pdf or (need_docx and not measure):
            from .writers.pdf.writer import layout_pdf

            pdf, passes = layout_pdf(doc, lay)  # also the DOCX contents numbers when LibreOffice can't measure
            anchors, result.pages = passes.anchors, passes.pages
            clock.lap("pdf")
            if rl_pdf:
                outputs["pdf"] = pdf
                verify_outputs(doc, {"pdf": pdf}, drawn=passes.rows)  # while the DOCX is made
                checks["pdf"] = accessibility.report({"pdf": pdf})
                clock.lap("verify")
        if weasy_pdf:
            from .writers.html.weasy import write_pdf_weasy

            outputs["pdf"], result.pages = write_pdf_weasy(doc, lay)  # checks every KPI and note is in it
            clock.lap("weasyprint pdf")
        if "html" in formats:
            from .writers.html.writer import check_html, write_html

            outputs["html"] = write_html(doc, lay)
            checks["html"] = check_html(doc, outputs["html"])  # every KPI in it, or LostContentError
            clock.lap("html")
        pause_point("docx")  # the DOCX process may still be at work
        if job is not None:
            made = job.result()
            clock.lap("wait for docx")
            for phase, seconds in made.timings.items():
                result.timings[f"{phase} (docx process)"] = seconds
            docx = made.data
            if made.measured is None:
                from .writers.docx.pages import fill_page_numbers

                docx = fill_page_numbers(docx, doc, lay, anchors or {})
                result.notes.append("DOCX contents page numbers are those of the PDF layout (--quick)" if quick else
                                    "DOCX contents page numbers are estimated from the PDF layout: LibreOffice "
                                    "is not installed to measure them (Word: References → Update Table)")
            if "docx" in formats:
                outputs["docx"], checks["docx"] = docx, made.checks
            if lo_pdf:
                outputs["pdf"] = libreoffice.convert_to_pdf(docx, tagged=True)
                result.pages = _page_count(outputs["pdf"])
                clock.lap("libreoffice pdf")
    finally:
        if job is not None:
            job.cancel()
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


# ----------------------------------------------------------------------------- DataFrames
def build_frames(paper, kpis, sources=None, series=None, *, name: str, out: str | Path = "out",
                 layout: str | Path | None = None, quick: bool = False,
                 formats: tuple[str, ...] = DEFAULT_FORMATS, tables: str | None = None,
                 pdf_engine: str = "reportlab", commentary=None) -> BuildResult:
    """Build a paper straight from pandas DataFrames into ``out/<name>.docx`` and ``.pdf``.

    The frames are the four sheets of the input contract (docs/input.md), checked exactly as a
    workbook is. Cells may hold what pandas gives: numbers (``3.0`` is written ``3``), ``NaN``,
    ``None``, ``pd.NA`` and ``NaT`` as blanks, categoricals, booleans, and ``Timestamp`` or
    ``Period`` values, which a period column shows as months (``Mar 22``; a quarter as
    ``Apr-Jun 22``, a year from April as ``2021/22``). A named index that is a column of the
    contract (after ``set_index("id")``) is read as that column. The frames are not modified.

    Args:
        paper: a DataFrame with columns ``field`` and ``value``; or a dict (or Series) of field →
            value, where a list value repeats the field (``"purpose": ["…", "…"]``); or a list
            of ``(field, value)`` pairs.
        kpis: the ``kpis`` DataFrame, one row per indicator.
        sources: the ``sources`` DataFrame, or ``None``.
        series: the ``series`` DataFrame, or ``None``.
        commentary: the ``commentary`` DataFrame (``kpi_id``, ``heading``, ``text``: the narrative of
            the exception reports), or ``None``.
        name: names the outputs (``<name>.docx``); a plain file name.
        out, layout, quick, formats, tables, pdf_engine: as for :func:`build_one`.

    Returns:
        A :class:`BuildResult`; its ``input`` is ``"<name> (DataFrames)"``.

    Raises:
        InputError: every problem at once, each naming the frame, the row label (the index
            value) and the column (e.g. frame ``kpis``, row ``'k5'``, column ``polarity``); nothing
            is written then.
        TypeError: an argument is not a DataFrame (or, for ``paper``, a dict, Series or list of
            pairs).
    """
    from .readers.frames import in_frames, read_frames

    formats = _checked_options(pdf_engine, formats, "pdf_engine", "formats")
    checked = read_frames(paper, kpis, sources, series, name=name, commentary=commentary)
    with in_frames():  # e.g. the layout the paper frame names is not found
        return _build(checked, Path(out), layout=layout, quick=quick, tables=tables,
                      pdf_engine=pdf_engine, formats=formats)


def check_frames(paper, kpis, sources=None, series=None, *, name: str = "paper",
                 layout: str | Path | None = None, commentary=None) -> list[Problem]:
    """Validate a paper given as pandas DataFrames without building it.

    Args:
        paper, kpis, sources, series, commentary: as for :func:`build_frames`.
        name: names the input in messages (``"<name> (DataFrames)"``).
        layout: a layout ``.toml`` file; default: the layout the ``paper`` frame names, else ``spcb``.

    Returns:
        The warnings (:class:`~boardpaper.errors.Problem`), which do not stop a build (the layout's too).

    Raises:
        InputError: every problem at once, each naming the frame, the row label and the column.
        TypeError: as for :func:`build_frames`.
    """
    from .readers.frames import in_frames, read_frames

    checked = read_frames(paper, kpis, sources, series, name=name, commentary=commentary)
    with in_frames():
        _, _, doc = read(checked, layout)
    return checked.warnings + _notices(checked, doc)


__all__ += ["build_frames", "check_frames"]
