"""Papers of shapes the bundled examples lack, for comparing editions (issue 26): a portrait
layout with long KPI texts and charts, a paper of many notes, and a KPI row taller than a page
whose footnote marker ends it. Each function writes its workbook (and layout) into ``folder``
and returns the workbook's path and the layout's (``None``: the default)."""
from __future__ import annotations

import random
from pathlib import Path

from tests.helpers.awkward import KPI_HEADER
from tests.helpers.inputs import PAPER, write_xlsx

WORDS = ("reduce increase monitor the number of offences reported to police across the force area "
         "per 1,000 population victims satisfied with service outcome rates for domestic abuse rape "
         "stalking harassment within neighbourhood teams response times emergency calls answered "
         "in ten seconds average days to charge").split()
PERIODS = ("Apr 25", "May 25", "Jun 25", "Jul 25", "Aug 25", "Sep 25", "Oct 25", "Nov 25", "Dec 25",
           "Jan 26", "Feb 26", "Mar 26")


def _text(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize()


def _sheets(rows: list[list], sources: list[list], series: list[list]) -> dict:
    return {"paper": [r[:] for r in PAPER], "kpis": [KPI_HEADER] + rows,
            "sources": [["id", "text", "url"]] + sources, "series": [["kpi_id", "period", "value", "series"]] + series}


def _series(rng: random.Random, kid: str) -> list[list]:
    base = rng.randint(50, 900)
    return [[kid, p, str(base + rng.randint(-40, 40)), ""] for p in PERIODS]


def portrait_long(folder: Path) -> tuple[Path, Path]:
    """A4 portrait, 5 sections of 9 KPIs in sub-objectives of 3, texts of 10 to 70 words,
    figures of up to 25 words, a chart on every third KPI and a note on every fourth."""
    rng = random.Random(26)
    rows, series = [], []
    for i in range(45):
        kid = f"P{i:02d}"
        rows.append([kid, f"Priority {i // 9 + 1}: {_text(rng, 2, 5)}" if i % 9 == 0 else rows[-1][1],
                     f"Objective {i // 3 + 1}", _text(rng, 10, 70), _text(rng, 1, 25), "Mar 26",
                     _text(rng, 1, 8), "2024/25", "", "", "down", "s1" if i % 4 == 0 else "", ""])
        if i % 3 == 0:
            series += _series(rng, kid)
    layout = folder / "portrait.toml"
    layout.write_text('name = "portrait"\n[page]\nsize = "A4"\norientation = "portrait"\n'
                      'margins_mm = { top = 20, bottom = 20, left = 18, right = 18 }\n'
                      '[chart]\nwidth_mm = 30\nheight_mm = 12\n', encoding="utf-8")
    sources = [["s1", "Recorded crime statistics for the force area, published quarterly",
                "https://www.example.org/statistics/recorded-crime"]]
    return write_xlsx(folder / "portrait-long.xlsx", _sheets(rows, sources, series)), layout


def many_notes(folder: Path) -> tuple[Path, None]:
    """40 KPIs citing 2 to 4 of 60 sources with long titles and addresses (about 120 notes)."""
    rng = random.Random(7)
    sources = [[f"s{j}", f"{_text(rng, 6, 20)} – annual report {2000 + j}",
                f"https://www.example.org/publications/{j}/" + "-".join(_text(rng, 3, 8).lower().split())]
               for j in range(60)]
    rows = []
    for i in range(40):
        cited = rng.sample(range(60), rng.randint(2, 4))
        rows.append([f"N{i:02d}", f"Section {i // 10 + 1}", f"Group {i // 4 + 1}", _text(rng, 8, 30),
                     _text(rng, 1, 6), "Mar 26", "", "", "", "", "up", ";".join(f"s{j}" for j in cited), ""])
    return write_xlsx(folder / "many-notes.xlsx", _sheets(rows, sources, [])), None


def tall_row_note(folder: Path) -> tuple[Path, None]:
    """Short KPIs, then one taller than a page whose two footnote markers end its text, starting
    part-way down a page, then more KPIs with notes."""
    rng = random.Random(3)
    long = " ".join(_text(rng, 12, 20) + "." for _ in range(120))
    rows = [[f"T{i:02d}", "Safer streets", "Availability", _text(rng, 8, 20), "12", "Mar 26", "", "", "",
             "", "up", "s1" if i % 3 == 0 else "", ""] for i in range(7)]
    rows.append(["TALL", "Safer streets", "Availability", long, "12", "Mar 26", "", "", "", "", "up", "s2;s3", ""])
    rows += [[f"U{i:02d}", "Safer streets", "Response", _text(rng, 8, 20), "3", "Mar 26", "", "", "", "", "up",
              "s1" if i % 2 else "", ""] for i in range(10)]
    sources = [["s1", "A short source", "https://www.example.org/a"],
               ["s2", "The long indicator's first source, a survey of residents", "https://www.example.org/survey"],
               ["s3", "Its second source", ""]]
    return write_xlsx(folder / "tall-row-note.xlsx", _sheets(rows, sources, [])), None


PAPERS = {"portrait-long": portrait_long, "many-notes": many_notes, "tall-row-note": tall_row_note}
