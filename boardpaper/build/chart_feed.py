"""The DOCX's chart PNGs painted by the main process while the DOCX process writes the DOCX.

On the DOCX side of a build (:mod:`.parallel`) the PNGs are the first thing needed and LibreOffice's
contents pass the last; the main process has time to spare (its PDF is done well before). So the
main process paints the PNGs first, in the order the DOCX shows them, and sends each down the pipe
it handed the document through (:func:`send_charts`); the DOCX process writes meanwhile and takes
each PNG when it reaches it (:class:`ChartFeed`, a ``charts`` for ``write_docx``). The PNGs are
those :class:`~boardpaper.charts.ChartImages` paints, so the DOCX is byte for byte the same.
"""
from __future__ import annotations

import threading

from ..layout import Layout
from ..model import ChartSpec


def send_charts(send, specs: tuple[ChartSpec, ...], layout: Layout) -> None:
    """Paint each distinct chart of ``specs`` in order and send ``(index in specs, png)``, then
    ``None``: the end. ``send`` is a :class:`multiprocessing.connection.Connection`'s ``send``."""
    from ..charts import ChartImages

    images = ChartImages(layout)
    seen = set()
    for i, spec in enumerate(specs):
        if spec not in seen:
            seen.add(spec)
            send((i, images.png(spec)))
    send(None)


class ChartFeed:
    """``png(spec)`` for ``write_docx``, from the PNGs :func:`send_charts` sends over ``receive``
    (read by a thread of this process as they come, so the sender never waits on the writer).
    A chart that does not come (the sender ended early) is painted here."""

    def __init__(self, receive, specs: tuple[ChartSpec, ...], layout: Layout):
        from ..charts import ChartImages

        self._images = ChartImages(layout)
        self._specs = specs
        self._ready = threading.Condition()
        self._ended = False
        self._thread = threading.Thread(target=self._read, args=(receive,), daemon=True)
        self._thread.start()

    def _read(self, receive) -> None:
        try:
            while (item := receive.recv()) is not None:
                i, png = item
                with self._ready:
                    self._images.add(self._specs[i], png)
                    self._ready.notify_all()
        except (EOFError, OSError):
            pass
        finally:
            with self._ready:
                self._ended = True
                self._ready.notify_all()

    def png(self, spec: ChartSpec) -> bytes:
        with self._ready:
            self._ready.wait_for(lambda: spec in self._images or self._ended)
        return self._images.png(spec)  # painted here only if it never came

    def close(self) -> None:
        """Wait for the sender's end (the thread then stops)."""
        self._thread.join()
