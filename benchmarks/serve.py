"""Benchmark: a build of the sample through ``boardpaper serve`` against a cold LibreOffice, side by side.

Starts the real server (``boardpaper serve`` on a free port of 127.0.0.1, a data folder of its
own), lets its workers start (each keeps a LibreOffice warm), then alternates:

- the server: upload the sample through the "Build a paper" form (DOCX and PDF, the contents
  pass included, as the page's defaults minus HTML) and wait until the edition's page is there;
- LibreOffice: ``soffice --headless --convert-to pdf`` of that build's DOCX in a cold process
  (its profile made beforehand, outside the timing, as in benchmarks/bench.py).

Prints the medians of ``--runs`` (default 3) each, the ratio and the target (≤ 0.5), and the
build's own phase times from the edition's ``edition.json``. ``make bench`` runs it.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
TARGET = 0.5


def start_server(data: Path) -> tuple[subprocess.Popen, str]:
    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "BOARDPAPER_TOKEN"}
    proc = subprocess.Popen([sys.executable, "-m", "boardpaper", "serve", "--port", str(port), "--data", str(data)],
                            env=env, stderr=subprocess.DEVNULL, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(base + "/", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("boardpaper serve did not start (pip install -e '.[serve]')")
        time.sleep(0.3)


def server_build(base: str, sample: Path) -> tuple[float, str]:
    """Seconds from the upload to the edition's page, and the edition's address."""
    import httpx

    with httpx.Client(base_url=base, timeout=300) as c:
        token = re.search(r'name="csrf" value="([^"]+)"', c.get("/").text).group(1)
        t = time.perf_counter()
        r = c.post("/build", data={"csrf": token, "format": ["docx", "pdf"]},
                   files={"workbook": (sample.name, sample.read_bytes())})
        job = r.headers["location"]
        while c.get(job + ".json").json()["state"] != "finished":
            time.sleep(0.02)
        page = c.get(job, follow_redirects=True)
        took = time.perf_counter() - t
        if not page.url.path.startswith("/editions/"):
            raise SystemExit(f"the build failed: {page.text[:500]}")
        return took, page.url.path


def main() -> None:
    from bench import libreoffice_seconds

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--warm-up", type=float, default=15, help="seconds to let the workers start (default 15)")
    args = ap.parse_args()
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        print("serve benchmark: skipped, LibreOffice is not installed")
        return
    import httpx

    sample = ROOT / "inputs" / "spcb-2022-05.xlsx"
    work = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    proc, base = start_server(work / "data")
    try:
        time.sleep(args.warm_up)
        server_build(base, sample)  # the first build of each worker's LibreOffice is not the measure
        serve, cold, timings = [], [], []
        for _ in range(args.runs):
            seconds, edition = server_build(base, sample)
            serve.append(seconds)
            timings.append(json.loads(httpx.get(f"{base}{edition}/edition.json").text)["timings"])
            docx = work / "paper.docx"
            docx.write_bytes(httpx.get(f"{base}{edition}/{sample.stem}.docx").content)
            cold.append(libreoffice_seconds(docx))
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        shutil.rmtree(work, ignore_errors=True)
    s, lo = statistics.median(serve), statistics.median(cold)
    print("| case | median s | runs |", "|---|---:|---|", sep="\n")
    print(f"| sample through boardpaper serve (DOCX + PDF, contents pass) | {s:.2f} | "
          + ", ".join(f"{x:.2f}" for x in serve) + " |")
    print(f"| cold soffice --convert-to pdf of its DOCX | {lo:.2f} | " + ", ".join(f"{x:.2f}" for x in cold) + " |")
    print(f"\nratio {s / lo:.2f} (target ≤ {TARGET}: {'met' if s / lo <= TARGET else 'MISSED'}); "
          f"runs interleaved, load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    phases = sorted({k for t in timings for k in t})
    print("build phases (median s): " + ", ".join(f"{p} {statistics.median(t.get(p, 0) for t in timings):.2f}"
                                                  for p in phases))


if __name__ == "__main__":
    main()
