"""Worker processes that never outlive the build that started them."""
from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor


ON_ORPHAN: list = []  # callables a worker runs before it exits because its parent is gone


def _exit_with_parent(parent: int) -> None:
    """Runs in each worker: end the worker as soon as its parent is gone (killed, say), which
    ProcessPoolExecutor's workers would otherwise outlive, waiting for work forever; first run
    :data:`ON_ORPHAN` (e.g. stop a LibreOffice the worker started)."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        for cleanup in ON_ORPHAN:
            try:
                cleanup()
            except Exception:  # noqa: BLE001 - exiting anyway
                pass
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def worker_pool(workers: int, *, fork: bool = False) -> ProcessPoolExecutor:
    """A process pool whose workers exit when this process dies. ``fork`` asks for forked workers
    (they inherit what is imported already); otherwise the platform's default start method."""
    context = multiprocessing.get_context("fork") if fork else None
    return ProcessPoolExecutor(workers, mp_context=context, initializer=_exit_with_parent,
                               initargs=(os.getpid(),))
