"""Both cores at work: the DOCX side of a build runs in a forked process while the PDF is laid out.

The DOCX side is: write the DOCX (contents numbers estimated; its chart PNGs painted by the parent
meanwhile, :mod:`.chart_feed`), check it, and, when asked, let LibreOffice measure where the
contents' bookmarks land and put those numbers in. The parent then lays out the PDF; when LibreOffice did not measure, the PDF's numbers are put into
the DOCX afterwards (:func:`~boardpaper.writers.docx.writer.fill_page_numbers`, tens of milliseconds).

The child is forked before the input is read and imports what the DOCX needs meanwhile; the
document reaches it through a pipe once composed. Where forking is not safe (no ``fork``, threads
running, or inside a daemonic batch worker that already keeps the cores busy) the same work runs
in this process; the bytes are the same.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
import traceback
from dataclasses import dataclass, field

from ..layout import Layout
from ..model import Document


@dataclass
class DocxResult:
    """What the DOCX side made: the bytes, the pages LibreOffice measured (``None``: not measured),
    the accessibility report of the DOCX, and its wall time per phase."""

    data: bytes
    measured: dict[str, int] | None = None
    timings: dict[str, float] = field(default_factory=dict)
    checks: list[str] = field(default_factory=list)


def make_docx(doc: Document, layout: Layout, *, measure: bool, office=None, charts=None) -> DocxResult:
    """Charts, the DOCX, its checks (every KPI in it, or :class:`~.verify.LostContentError`; the
    accessibility report), and (``measure``) LibreOffice's contents numbers and merged groups'
    labels at the top of each page they continue onto put into it (by
    ``office``, a :class:`~.libreoffice.WarmOffice` started beforehand, when given). ``charts``:
    the PNGs as another process paints them (a :class:`~.chart_feed.ChartFeed`); default: painted
    here first. The checks run while LibreOffice measures (page numbers change neither)."""
    import time

    from . import accessibility
    from .verify import verify_outputs
    from ..writers.docx.group_labels import restart_groups
    from ..writers.docx.pages import fill_page_numbers
    from ..writers.docx.writer import write_docx

    t0 = time.perf_counter()
    timings = {}
    if charts is None:
        from ..charts import ChartImages

        charts = ChartImages(layout)
        for spec in doc.charts:
            charts.png(spec)
        timings["charts"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    data = write_docx(doc, layout, charts=charts)
    timings["docx"] = time.perf_counter() - t1
    measured = None
    if measure:
        from concurrent.futures import ThreadPoolExecutor

        from . import libreoffice

        t2 = time.perf_counter()
        with ThreadPoolExecutor(1) as lo:  # LibreOffice works in its own process: this one checks meanwhile
            pages = lo.submit(libreoffice.bookmark_pages, data, office=office, hidden=True)
            verify_outputs(doc, {"docx": data})
            checks = accessibility.report({"docx": data})
            measured = pages.result()
        data = restart_groups(data, doc, layout, measured)  # merged labels again where groups cross pages
        data = fill_page_numbers(data, doc, layout, measured)
        timings["libreoffice contents pass"] = time.perf_counter() - t2
    else:
        verify_outputs(doc, {"docx": data})
        checks = accessibility.report({"docx": data})
        timings["docx"] = time.perf_counter() - t1
    return DocxResult(data, measured, timings, checks)


def fork_safe() -> bool:
    """Forking is safe here: a ``fork`` start method, no other thread that could hold a lock, and
    not inside a daemonic worker (which may not have children)."""
    return ("fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
            and not multiprocessing.current_process().daemon)


class DocxJob:
    """The DOCX side of one build. Made before the input is read, it forks a child at once (when
    :func:`fork_safe` and ``parallel``) that imports what the DOCX needs while this process reads;
    :meth:`start` hands it the document, :meth:`result` waits (re-raising the child's error here),
    :meth:`cancel` ends it. Without a child, :meth:`result` does the work in this process. The
    child exits with its parent."""

    def __init__(self, *, parallel: bool = True, measure: bool = False):
        self._args: tuple | None = None
        self._done: DocxResult | None = None
        self._sent_charts = 0.0
        self._proc = None
        if parallel and fork_safe():
            ctx = multiprocessing.get_context("fork")
            self._to_child, child_in = ctx.Pipe(duplex=False)[::-1]
            self._from_child, child_out = ctx.Pipe(duplex=False)
            self._proc = ctx.Process(target=_child, args=(child_in, child_out, os.getpid(), measure), daemon=True)
            self._proc.start()
            child_in.close()
            child_out.close()

    def start(self, doc: Document, layout: Layout, *, measure: bool) -> None:
        """Begin :func:`make_docx` for ``doc`` (in the child, if there is one)."""
        self._args = (doc, layout, measure)
        if self._proc is not None:
            import time

            from .chart_feed import send_charts

            t = time.perf_counter()
            try:
                self._to_child.send(self._args)
                send_charts(self._to_child.send, doc.charts, layout)  # the child writes meanwhile
            except OSError:  # the child ended: result() says why
                pass
            self._to_child.close()
            self._sent_charts = time.perf_counter() - t

    def result(self) -> DocxResult:
        if self._done is None:
            if self._args is None:
                raise RuntimeError("DocxJob.result() before start()")
            if self._proc is None:
                doc, layout, measure = self._args
                self._done = make_docx(doc, layout, measure=measure)
            else:
                try:
                    ok, value = self._from_child.recv()
                except EOFError:
                    raise RuntimeError("the DOCX process ended without a result") from None
                finally:
                    self._proc.join()
                    self._from_child.close()
                if not ok:
                    raise _rebuilt(*value)
                self._done = value
                self._done.timings = {"charts": self._sent_charts, **self._done.timings}  # painted by this process
        return self._done

    def cancel(self) -> None:
        """End the child if it is still there (nothing to make, or the build failed elsewhere)."""
        if self._proc is not None and self._proc.is_alive():
            self._proc.kill()
            self._proc.join()


WARM_UP = ("docx", "lxml.etree", "PIL.Image", "PIL.ImageDraw", "PIL.ImageFont", "reportlab.pdfbase.pdfmetrics",
           "boardpaper.writers.docx.writer", "boardpaper.charts.png")


def _child(receive, send, parent: int, warm_office: bool) -> None:
    import importlib

    from .processes import _exit_with_parent

    _exit_with_parent(parent)
    office = None
    try:
        from .libreoffice import LibreOfficeError, WarmOffice, has_resident

        if warm_office and not has_resident():  # LibreOffice starts up while the input is read and the DOCX written
            try:
                office = WarmOffice()
            except (LibreOfficeError, OSError):
                office = None
            else:
                from .processes import ON_ORPHAN

                ON_ORPHAN.append(office.close)  # a killed build leaves no LibreOffice behind
        for name in WARM_UP:  # while the parent reads the input
            importlib.import_module(name)
        try:
            doc, layout, measure = receive.recv()
        except EOFError:  # the parent needs no DOCX after all
            return
        from .chart_feed import ChartFeed

        charts = ChartFeed(receive, doc.charts, layout)  # the parent paints them while the DOCX is written
        made = make_docx(doc, layout, measure=measure, office=office, charts=charts)
        charts.close()
        send.send((True, made))
    except BaseException as e:  # noqa: BLE001 - carried to the parent, which raises it
        import pickle

        try:
            error = pickle.loads(pickle.dumps(e))  # the error itself when it survives the trip
        except Exception:  # noqa: BLE001
            error = None
        send.send((False, (error, f"{type(e).__name__}: {e}", traceback.format_exc())))
    finally:
        send.close()
        if office is not None:
            office.close()


def _rebuilt(error, message: str, trace: str) -> BaseException:
    """The child's exception for the parent to raise (its own object when it could be sent); the
    child's traceback is a note on it (shown with ``--debug``), not part of its message, which the
    command line prints once, on one line."""
    if not isinstance(error, BaseException):
        error = RuntimeError(message)
    error.add_note(f"in the DOCX process:\n{trace.rstrip()}")
    return error
