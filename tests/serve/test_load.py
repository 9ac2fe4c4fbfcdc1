"""The real ``boardpaper serve``: 20 uploads at once all complete (the page saying where each
waits meanwhile); a build killed midway leaves no half edition; without the serve extra the
command says what to install."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from tests.helpers.serve import CSRF, fire_board_sheets, write_workbook


def _one_build(base: str, payload: bytes, n: int) -> tuple[str, int]:
    import httpx

    with httpx.Client(base_url=base, timeout=120) as c:
        token = CSRF.search(c.get("/").text).group(1)
        r = c.post("/build", data={"csrf": token, "format": ["docx", "pdf"]},
                   files={"workbook": (f"load {n}.xlsx", payload)})
        assert r.status_code == 303, r.text
        job = r.headers["location"]
        most_waiting = 0
        deadline = time.monotonic() + 900
        while (s := c.get(job + ".json").json())["state"] != "finished":
            most_waiting = max(most_waiting, s["position"])
            assert time.monotonic() < deadline
            time.sleep(0.5)
        page = c.get(job, follow_redirects=True)
        assert page.status_code == 200 and page.url.path.startswith("/editions/"), page.text
        assert f"load-{n}.docx" in page.text and f"load-{n}.pdf" in page.text
        return page.url.path, most_waiting


def test_twenty_uploads_at_once_all_complete(live, tmp_path):
    base, data = live
    payload = write_workbook(tmp_path / "load.xlsx", fire_board_sheets("Load Board")).read_bytes()
    with ThreadPoolExecutor(20) as pool:
        results = list(pool.map(lambda n: _one_build(base, payload, n), range(20)))
    assert len({path for path, _ in results}) == 20  # twenty editions, none overwritten
    assert max(waited for _, waited in results) >= 10  # two workers: most of them queued, and were told
    import httpx

    board = httpx.get(base + results[0][0]).text
    listing = httpx.get(base + re.search(r'href="(/boards/\d+)"', board).group(1)).text
    assert listing.count("<li>") >= 20


def test_a_build_killed_midway_leaves_no_half_edition(tmp_path):
    """The worker's build, paused while the DOCX is being made, then killed: no edition is indexed
    or in editions/, and the next start sweeps what it left."""
    from boardpaper.serve.store import Store

    data = tmp_path / "data"
    store = Store(data)
    upload = store.folder("incoming", "a" * 24)
    upload.mkdir()
    write_workbook(upload / "killed.xlsx", fire_board_sheets("Killed Board"))
    code = ("import sys; from boardpaper.serve import worker; "
            f"print(worker.build({str(data)!r}, {'a' * 24!r}, 'killed.xlsx', 'killed.xlsx', "
            "{'formats': ('docx', 'pdf'), 'quick': True}))")
    p = subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True,
                         env={**os.environ, "BOARDPAPER_PAUSE_AT": "docx"})
    try:
        for line in p.stderr:
            if "paused at docx" in line:
                break
        assert p.poll() is None, "the build did not reach the pause"
        assert list((data / "tmp").iterdir())  # it was at work in tmp/
    finally:
        p.kill()
        p.wait()
    assert list((data / "editions").iterdir()) == []
    assert store.boards() == []
    Store(data).sweep()
    assert list((data / "tmp").iterdir()) == [] and list((data / "incoming").iterdir()) == []


def test_without_the_serve_extra_the_command_says_what_to_install():
    code = ("import sys; sys.modules['uvicorn'] = None; sys.modules['starlette'] = None; "
            "from boardpaper.__main__ import main; sys.exit(main(['serve']))")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert p.returncode == 2
    assert "pip install 'boardpaper[serve]'" in p.stderr and "Traceback" not in p.stderr


def test_the_command_line_does_not_import_the_web_stack():
    code = ("import sys; from boardpaper.__main__ import main; main(['check', sys.argv[1]]); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('starlette', 'uvicorn', 'jinja2', 'multipart', 'python_multipart')))")
    from tests.helpers.inputs import SAMPLE

    p = subprocess.run([sys.executable, "-c", code, str(SAMPLE)], capture_output=True, text=True, timeout=120)
    assert p.stdout.strip().endswith("[]"), p.stdout + p.stderr


def test_a_worker_killed_midway_fails_its_job_keeps_nothing_and_the_next_build_works(tmp_path, monkeypatch):
    import signal

    from boardpaper.serve.app import create_app
    from tests.helpers.serve import build, post_form, starlette_client, wait_for_job

    monkeypatch.setenv("BOARDPAPER_PAUSE_AT", "docx")  # the first worker stops there, to be killed
    data = tmp_path / "data"
    app = create_app(data, workers=1)
    book = write_workbook(tmp_path / "w.xlsx", fire_board_sheets("Worker Board"))
    with starlette_client()(app, base_url="http://127.0.0.1") as c:
        jobs = app.state.jobs
        deadline = time.monotonic() + 60
        while not jobs.pool._processes:
            assert time.monotonic() < deadline
            time.sleep(0.1)
        monkeypatch.delenv("BOARDPAPER_PAUSE_AT")  # workers started from now on do not pause
        r = post_form(c, "/build", fields={"format": ["docx", "pdf"], "quick": "yes"},
                      files={"workbook": ("w.xlsx", book.read_bytes())})
        job = r.headers["location"]
        while not list((data / "tmp").iterdir()):
            assert time.monotonic() < deadline + 120
            time.sleep(0.2)
        time.sleep(1)
        for pid in list(jobs.pool._processes):
            os.kill(pid, signal.SIGKILL)
        failed = wait_for_job(c, job)
        assert failed.status_code == 422 and "worker process ended" in failed.text
        assert list((data / "editions").iterdir()) == [] and app.state.store.boards() == []
        again = build(c, book, formats=("docx",))
        assert again.url.path.startswith("/editions/")
    assert len(list((data / "editions").iterdir())) == 1
