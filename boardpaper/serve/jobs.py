"""The server's work queue: a bounded pool of worker processes (one per core by default), and
the jobs waiting for it in order, so that a page can say where a job stands in the queue.

At most one job per worker is handed to the pool at a time; the rest wait here, first come first
served. Jobs live in memory (an unfinished job is lost with the server; its upload is swept at
the next start); what a finished build made is in the store.
"""
from __future__ import annotations

import asyncio
import multiprocessing
import os
import secrets
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from . import worker

KEEP_FINISHED = 6 * 3600  # seconds a finished job's page stays


@dataclass
class Job:
    """One piece of work: ``kind`` (build, readback, apply), what the worker is called with, and
    where it stands: queued, running, or finished with ``result`` (the worker's dict)."""

    kind: str
    args: tuple
    id: str = field(default_factory=lambda: secrets.token_hex(12))
    state: str = "queued"
    created: float = field(default_factory=time.time)
    started: float | None = None
    finished: float | None = None
    result: dict | None = None
    about: dict = field(default_factory=dict)  # what the page shows while it waits (the file's name)


FUNCTIONS = {"build": worker.build, "readback": worker.readback, "apply": worker.apply}


class Jobs:
    """The queue and the pool (see the module)."""

    def __init__(self, workers: int = 0):
        self.workers = workers or os.cpu_count() or 1
        self.jobs: dict[str, Job] = {}
        self.waiting: deque[Job] = deque()
        self.running = 0
        self.pool: ProcessPoolExecutor | None = None

    def start(self) -> None:
        """Start the workers (spawned: the server has threads, which forking would copy badly)."""
        self.pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=worker.init, initargs=(os.getpid(),))
        for _ in range(self.workers):  # start them now, so the first upload finds them warm
            self.pool.submit(time.sleep, 0)

    def stop(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def submit(self, kind: str, *args, about: dict | None = None) -> Job:
        job = Job(kind, args, about=about or {})
        self.jobs[job.id] = job
        self.waiting.append(job)
        self._forget_old()
        self._dispatch()
        return job

    def get(self, job_id: str) -> Job | None:
        return self.jobs.get(job_id)

    def position(self, job: Job) -> int:
        """1 for the next job to start, 0 for one not waiting."""
        try:
            return self.waiting.index(job) + 1
        except ValueError:
            return 0

    def _dispatch(self) -> None:
        loop = asyncio.get_running_loop()
        while self.waiting and self.running < self.workers:
            job = self.waiting.popleft()
            job.state, job.started = "running", time.time()
            self.running += 1
            pool = self.pool
            future = loop.run_in_executor(pool, FUNCTIONS[job.kind], *job.args)
            future.add_done_callback(lambda f, job=job, pool=pool: self._finished(job, f, pool))

    def _finished(self, job: Job, future: asyncio.Future, pool: ProcessPoolExecutor) -> None:
        self.running -= 1
        try:
            job.result = future.result()
        except BrokenProcessPool:
            job.result = {"state": "error", "message": "a worker process ended during the job; nothing was "
                                                       "kept: try again"}
            if pool is self.pool:  # the first of its jobs to hear of it renews the pool
                self._renew_pool()
        except Exception as e:  # noqa: BLE001 - shown on the job's page
            job.result = {"state": "error", "message": f"unexpected error: {type(e).__name__}: {e}"}
        job.state, job.finished = "finished", time.time()
        self._dispatch()

    def _renew_pool(self) -> None:
        """A worker died (killed, out of memory): the pool is broken for good, so make another."""
        old = self.pool
        self.start()
        if old is not None:
            old.shutdown(wait=False, cancel_futures=True)

    def _forget_old(self) -> None:
        now = time.time()
        for key in [k for k, j in self.jobs.items() if j.finished and now - j.finished > KEEP_FINISHED]:
            del self.jobs[key]
