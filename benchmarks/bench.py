"""Benchmark: `make bench` prints wall time, CPU time, peak memory and the phase split for the sample
and for synthetic papers of 100, 300, 1,000 and 3,000 KPIs, each built with --quick in a cold process,
and the time LibreOffice takes to convert the same DOCX to PDF, for reference."""
from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

RUNNER = r"""
import json, sys, time
t0 = time.perf_counter()
from boardpaper.api import build_one
t1 = time.perf_counter()
r = build_one(sys.argv[1], out=sys.argv[2], quick=True)
print(json.dumps({"imports": t1 - t0, **r.timings, "pages": r.pages, "kpis": r.kpis}))
"""


def run_cold(path: Path, out: Path) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    p = subprocess.run([sys.executable, "-c", RUNNER, str(path), str(out)], capture_output=True, text=True,
                       check=True, cwd=ROOT)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    info = json.loads(p.stdout.strip().splitlines()[-1])
    info.update(wall=wall, cpu=(after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
                peak_mb=after.ru_maxrss / 1024)
    return info


def libreoffice_seconds(docx: Path) -> float | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return None
    with tempfile.TemporaryDirectory() as d:
        t = time.perf_counter()
        subprocess.run([soffice, f"-env:UserInstallation=file://{d}/profile", "--headless", "--convert-to", "pdf",
                        "--outdir", d, str(docx)], capture_output=True, check=True, timeout=600)
        return time.perf_counter() - t


def main() -> None:
    from synthetic import make_paper

    sizes = [int(a) for a in sys.argv[1:]] or [100, 300, 1000, 3000]
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    cases = [("sample", ROOT / "inputs" / "spcb-2022-05.xlsx")]
    cases += [(f"N={n}", make_paper(n, work / f"synthetic-{n}.xlsx")) for n in sizes]
    phases = ["imports", "read and validate", "charts", "pdf", "docx", "verify", "write"]
    print(f"{'paper':>8} {'KPIs':>5} {'pages':>5} {'wall s':>7} {'cpu s':>6} {'peak MB':>7} "
          + " ".join(f"{p[:8]:>8}" for p in phases) + f" {'LO s':>6} {'ratio':>5}")
    rows = {}
    for name, path in cases:
        # this machine is shared and noisy: the median of three runs for the small papers
        repeat = 3 if name == "sample" or int(name[2:] if name.startswith("N=") else 0) <= 300 else 1
        info = sorted((run_cold(path, work / "out") for _ in range(repeat)), key=lambda i: i["wall"])[repeat // 2]
        lo = None
        if name == "sample" or "--lo" in os.environ.get("BENCH", ""):
            los = sorted(libreoffice_seconds(work / "out" / f"{path.stem}.docx") or 0 for _ in range(repeat))
            lo = los[repeat // 2] or None
        ratio = f"{info['wall'] / lo:5.2f}" if lo else "    -"
        rows[name] = info
        print(f"{name:>8} {info['kpis']:>5} {info['pages']:>5} {info['wall']:7.2f} {info['cpu']:6.2f} "
              f"{info['peak_mb']:7.0f} " + " ".join(f"{info.get(p, 0):8.2f}" for p in phases)
              + f" {lo if lo else 0:6.2f} {ratio}")
    named = {int(k[2:]): v for k, v in rows.items() if k.startswith("N=")}
    if {100, 1000, 3000} <= set(named):
        small = (named[1000]["wall"] - named[100]["wall"]) / 900
        large = (named[3000]["wall"] - named[1000]["wall"]) / 2000
        print(f"cost per KPI: {small * 1000:.1f} ms (100→1,000), {large * 1000:.1f} ms (1,000→3,000), "
              f"ratio {large / small:.2f} (target < 1.25)")
    print("peak MB is the largest child process (ru_maxrss); LO s is LibreOffice converting the same DOCX; "
          "sample and papers up to 300 KPIs: median of three runs")


if __name__ == "__main__":
    main()
