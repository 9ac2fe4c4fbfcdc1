"""Benchmark: `make bench` measures boardpaper against LibreOffice side by side, in one run.

For each case it builds in cold processes and, interleaved with those runs, times LibreOffice merely
converting the same paper's DOCX to PDF; it prints the medians, their ratio and the target:

- the sample with ``--quick``          ≤ 0.8 × LibreOffice's conversion of the sample's DOCX
- the sample with the contents pass   ≤ 1.5 × (needs LibreOffice)
- 1,000 synthetic KPIs with ``--quick`` ≤ 1.0 × LibreOffice's conversion of that paper's DOCX
- 3,000 synthetic KPIs: peak memory   < 600 MB

plus CPU time and the split by phase. ``--readme`` rewrites the table in README.md between the
``bench:start``/``bench:end`` markers; ``--runs N`` sets the runs per median (default 3).
"""
from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RUNNER = r"""
import json, sys, time
t0 = time.perf_counter()
from boardpaper.api import build_one
t1 = time.perf_counter()
r = build_one(sys.argv[1], out=sys.argv[2], quick=sys.argv[3] == "quick")
print(json.dumps({"imports": t1 - t0, **r.timings, "pages": r.pages, "kpis": r.kpis}))
"""
PHASES = ["imports", "read and validate", "pdf", "verify", "wait for docx", "charts (docx process)",
          "docx (docx process)", "libreoffice contents pass (docx process)", "write"]


@dataclass
class Case:
    name: str
    path: Path
    quick: bool
    target: float | None  # the largest acceptable ratio to LibreOffice's conversion
    runs: int
    memory_only: bool = False


def run_cold(path: Path, out: Path, quick: bool) -> dict:
    """One build in a fresh interpreter: wall and CPU seconds, peak MB, and the build's phase times."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    p = subprocess.run([sys.executable, "-c", RUNNER, str(path), str(out), "quick" if quick else "full"],
                       capture_output=True, text=True, check=True, cwd=ROOT)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    info = json.loads(p.stdout.strip().splitlines()[-1])
    info.update(wall=wall, cpu=(after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
                peak_mb=after.ru_maxrss / 1024)
    return info


def libreoffice_seconds(docx: Path) -> float | None:
    """LibreOffice converting ``docx`` to PDF in a cold process with a fresh profile."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return None
    with tempfile.TemporaryDirectory() as d:
        subprocess.run([soffice, f"-env:UserInstallation=file://{d}/profile", "--headless", "--terminate_after_init"],
                       capture_output=True, timeout=120)  # the profile is made outside the timing
        t = time.perf_counter()
        subprocess.run([soffice, f"-env:UserInstallation=file://{d}/profile", "--headless", "--convert-to", "pdf",
                        "--outdir", d, str(docx)], capture_output=True, check=True, timeout=900)
        return time.perf_counter() - t


def measure(case: Case, work: Path) -> dict:
    """Medians of ``case.runs`` builds and as many LibreOffice conversions, interleaved."""
    out = work / f"out-{case.name}"
    builds, los = [], []
    for _ in range(case.runs):
        builds.append(run_cold(case.path, out, case.quick))
        if not case.memory_only:
            los.append(libreoffice_seconds(out / f"{case.path.stem}.docx"))
    info = {k: statistics.median(b.get(k, 0) for b in builds) for k in ["wall", "cpu", *PHASES]}
    info.update(peak_mb=max(b["peak_mb"] for b in builds), kpis=builds[0]["kpis"], pages=builds[0]["pages"])
    lo = [x for x in los if x]
    info["lo"] = statistics.median(lo) if lo else None
    info["ratio"] = info["wall"] / info["lo"] if info["lo"] else None
    return info


def table(cases: list[Case], results: dict[str, dict]) -> list[str]:
    lines = ["| paper | KPIs | pages | wall s | CPU s | peak MB | LibreOffice s | ratio | target |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for c in cases:
        r = results[c.name]
        lo = f"{r['lo']:.2f}" if r["lo"] else "–"
        ratio = f"{r['ratio']:.2f}" if r["ratio"] else "–"
        if c.memory_only:
            target = f"peak < 600 MB: {'met' if r['peak_mb'] < 600 else 'MISSED'}"
        elif c.target and r["ratio"]:
            target = f"≤ {c.target}: {'met' if r['ratio'] <= c.target else 'MISSED'}"
        else:
            target = "–"
        lines.append(f"| {c.name} | {r['kpis']:,} | {r['pages']} | {r['wall']:.2f} | {r['cpu']:.2f} | "
                     f"{r['peak_mb']:.0f} | {lo} | {ratio} | {target} |")
    return lines


def phases(cases: list[Case], results: dict[str, dict]) -> list[str]:
    head = "| paper | " + " | ".join(PHASES) + " |"
    lines = [head, "|---|" + "---:|" * len(PHASES)]
    for c in cases:
        r = results[c.name]
        lines.append(f"| {c.name} | " + " | ".join(f"{r.get(p, 0):.2f}" for p in PHASES) + " |")
    return lines


def write_readme(lines: list[str]) -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    block = "<!-- bench:start -->\n" + "\n".join(lines) + "\n<!-- bench:end -->"
    new, n = re.subn(r"<!-- bench:start -->.*?<!-- bench:end -->", lambda _: block, text, flags=re.S)
    if n != 1:
        raise SystemExit("README.md has no <!-- bench:start --> … <!-- bench:end --> block")
    readme.write_text(new, encoding="utf-8")


def main() -> None:
    from synthetic import make_paper  # lazy: beside this script (its folder is on the path when run)

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--readme", action="store_true", help="rewrite README.md's benchmark table")
    ap.add_argument("--skip-large", action="store_true", help="leave out the 3,000-KPI memory case")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    sample = ROOT / "inputs" / "spcb-2022-05.xlsx"
    lo = bool(shutil.which("soffice") or shutil.which("libreoffice"))
    cases = [Case("sample --quick", sample, True, 0.8, args.runs)]
    if lo:
        cases.append(Case("sample (contents pass)", sample, False, 1.5, args.runs))
    cases.append(Case("1,000 KPIs --quick", make_paper(1000, work / "synthetic-1000.xlsx"), True, 1.0, args.runs))
    if not args.skip_large:
        cases.append(Case("3,000 KPIs --quick", make_paper(3000, work / "synthetic-3000.xlsx"), True, None, 1,
                          memory_only=True))
    results = {}
    for c in cases:
        results[c.name] = measure(c, work)
        print(f"measured {c.name}", file=sys.stderr, flush=True)
    lines = table(cases, results)
    print("\n".join(lines))
    print()
    print("\n".join(phases(cases, results)))
    print(f"\nmedians of {args.runs} cold runs each, boardpaper and LibreOffice interleaved; ratio = boardpaper "
          "wall time / LibreOffice converting the same DOCX to PDF" + ("" if lo else " (LibreOffice not installed)"))
    if args.readme:
        write_readme(lines)
        print("README.md table rewritten")


if __name__ == "__main__":
    main()
