"""Rendering a paper's PNGs in other processes: :class:`ChartWorker` (one forked process that
imports Pillow and opens the fonts while the input is read) and :func:`render_all` (a batch, serial or forked).

Both fill a :class:`~.png.ChartImages` that the caller hands to the DOCX writer.
"""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Callable, Iterable

from ..model import ChartSpec
from .png import ChartImages, render_png
from .scene import Style

if TYPE_CHECKING:  # pragma: no cover
    from ..layout import Layout

# PNGs cost about 9 ms each with Pillow (PNG encoding is a third of it); the first adds the imports
# and font files (~0.1 s). Forked workers pay off only for many charts; and only where fork is safe
# (a "fork" start method and no other thread that could hold a lock at fork time).
PARALLEL_MIN = 100


def _render_chunk(specs: list[ChartSpec], style: Style) -> list[bytes]:
    return [render_png(s, style) for s in specs]


def _fork_safe() -> bool:
    import multiprocessing

    return ("fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
            and not multiprocessing.current_process().daemon)


def render_all(specs: Iterable[ChartSpec], layout: Layout, workers: int | None = None,
               images: ChartImages | None = None) -> ChartImages:
    """The PNGs of ``specs`` rendered into ``images`` (a new :class:`ChartImages` when ``None``),
    which is returned.

    ``workers`` ``None`` = automatic: two forked processes when at least ``PARALLEL_MIN`` charts
    are missing and forking is safe, otherwise serial; ``1`` = always serial; ``n > 1`` = up to
    ``n`` forked processes when forking is safe. The bytes are identical either way.
    """
    import os

    images = images if images is not None else ChartImages(layout)
    todo = images.missing(specs)
    if workers is None:
        workers = min(2, os.cpu_count() or 1) if len(todo) >= PARALLEL_MIN else 1
    workers = min(workers, len(todo))
    if workers > 1 and _fork_safe():
        from .._procs import worker_pool

        chunks = [todo[i::workers] for i in range(workers)]
        with worker_pool(workers, fork=True) as pool:
            for chunk, pngs in zip(chunks, pool.map(_render_chunk, chunks, [images.style] * workers)):
                for spec, png in zip(chunk, pngs):
                    images.add(spec, png)
        return images
    for spec in todo:
        images.png(spec)
    return images


def _warm_up() -> None:
    """Import what rendering needs (Pillow, reportlab's font metrics): the slow part of a first chart."""
    import importlib

    for name in ("PIL.Image", "PIL.ImageDraw", "PIL.ImageFont", "reportlab.pdfbase.pdfmetrics"):
        importlib.import_module(name)


class ChartWorker:
    """One forked process that imports Pillow at once, while the caller reads its input, and
    then renders a paper's PNGs while the caller lays out the PDF (which needs none).

    Where forking is unsafe (threads running, no fork, or inside a daemonic worker such as a batch
    build's) it does nothing, and the writer renders the charts on demand. Use as a context manager.
    """

    def __init__(self):
        self._pool = None
        if _fork_safe():
            from .._procs import worker_pool

            self._pool = worker_pool(1, fork=True)
            self._pool.submit(_warm_up)

    def render(self, specs: Iterable[ChartSpec], layout: Layout) -> Callable[[], ChartImages]:
        """Start rendering ``specs`` in ``layout``'s style; returns ``collect()``, which waits and
        returns the build's :class:`ChartImages` (empty where there is no worker: charts are
        then rendered when the writer asks)."""
        images = ChartImages(layout)
        todo = images.missing(specs)
        if not todo or self._pool is None:
            return lambda: images
        future = self._pool.submit(_render_chunk, todo, images.style)

        def collect() -> ChartImages:
            for spec, png in zip(todo, future.result()):
                images.add(spec, png)
            return images

        return collect

    def __enter__(self) -> ChartWorker:
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=exc[0] is None, cancel_futures=True)
