"""Synthetic papers of N KPIs for the benchmark (and the scale tests).

Realistic shape: sections of about 40 KPIs, sub-objectives of about 8 rows, one KPI in three with a
24-point series, one in ten citing a source, text lengths like the May 2022 sample.
"""
from __future__ import annotations

import random
from pathlib import Path

from openpyxl import Workbook

WORDS = ("monitor reduce increase the number of offences recorded by police across force area victims "
         "outcomes positive rate investigations within timescales stated charter survey estimates public "
         "confidence domestic abuse burglary robbery vehicle theft knife crime youth violence").split()


def _text(rng: random.Random, lo: int, hi: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
    return " ".join(words).capitalize()


def make_paper(n: int, path: Path, seed: int = 1) -> Path:
    """Write an ``.xlsx`` input with ``n`` KPIs to ``path``."""
    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    paper = wb.create_sheet("paper")
    for row in (["field", "value"], ["board", "Synthetic Board"], ["meeting", "March 2026"],
                ["title", f"Scorecard of {n} KPIs"], ["agenda_item", "AGENDA ITEM 9"], ["appendix", "Appendix C"],
                ["purpose", "Benchmark paper"]):
        paper.append(row)
    kpis = wb.create_sheet("kpis")
    kpis.append(["id", "section", "sub_objective", "kpi", "current", "current_period", "benchmark",
                 "benchmark_period", "polarity", "sources"])
    series = wb.create_sheet("series")
    series.append(["kpi_id", "period", "value", "series"])
    for i in range(n):
        kpis.append([f"K{i:05d}", f"Priority {i // 40 + 1}: {_text(rng, 2, 5)}" if i % 40 == 0 else None,
                     None, _text(rng, 8, 40), f"{rng.randint(0, 20000):,}", "Mar 26",
                     f"{rng.randint(0, 20000):,}", "Mar 25", rng.choice(["up", "down", "monitor"]),
                     "src1" if i % 10 == 0 else ""])
        if i % 3 == 0:
            base = rng.randint(10, 5000)
            for m in range(24):
                series.append([f"K{i:05d}", f"M{m + 1:02d}", round(base * (1 + rng.uniform(-0.2, 0.2)), 1), None])
    sources = wb.create_sheet("sources")
    sources.append(["id", "text", "url"])
    sources.append(["src1", "Police recorded crime – Office for National Statistics", "https://www.ons.gov.uk/"])
    wb.save(path)
    _fill_sections(path)
    return path


def _fill_sections(path: Path) -> None:
    """Section and sub-objective on every row (write-only mode can't look back)."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["kpis"]
    section = ""
    for r, row in enumerate(ws.iter_rows(min_row=2), start=0):
        if row[1].value:
            section = row[1].value
        row[1].value = section
        row[2].value = f"Sub-objective {r // 8 + 1}"
    wb.save(path)
