"""Fixtures of the server's tests: the application in-process (Starlette's test client), and the
real command, ``boardpaper serve``, on a free port of 127.0.0.1."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the serve extra is not installed (pip install -e '.[serve]')")


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("serve-data")


@pytest.fixture(scope="module")
def client(data):
    from boardpaper.serve.app import create_app

    from tests.helpers.serve import starlette_client

    with starlette_client()(create_app(data, workers=2), base_url="http://127.0.0.1") as c:
        yield c


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live(tmp_path_factory):
    """``boardpaper serve`` running; yields (base URL, data folder)."""
    import httpx

    data = tmp_path_factory.mktemp("live-data")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "BOARDPAPER_TOKEN"}
    log = open(data.parent / f"serve-{port}.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "boardpaper", "serve", "--port", str(port), "--data", str(data),
                             "--workers", "2"], stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(base + "/", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        assert proc.poll() is None and time.monotonic() < deadline, "boardpaper serve did not start"
        time.sleep(0.3)
    try:
        yield base, data
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()
