"""Property: any paper `check` accepts builds in both formats with all its text, whatever its
shape. Hypothesis makes papers of random shape: groups of 1 to 150 KPIs, KPI text of 1 to 8,000
characters, unbroken tokens of up to 400 characters in any cell, 0 to 80 sources a row, 1 to 8
columns of varied keys and widths, portrait or landscape, A4, A3 or Letter.

Bounded to run in about a minute or two on two cores: a fixed number of examples, derandomized
(the same papers every run), and texts made from a few drawn numbers rather than drawn
character by character. Each example has a time limit, so a paper whose layout never ends fails
with the paper drawn instead of stalling the suite.

Hypothesis also draws numbers it finds in the source of every imported local module, so the
papers drawn depend on which modules are imported: the test imports every boardpaper module
first, to draw the same papers whether it runs alone or with the rest of the suite."""
from __future__ import annotations

import importlib
import pkgutil
import random
import signal
import tempfile
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, Phase, event, example, given, settings
from hypothesis import strategies as st

import boardpaper
from tests.helpers.awkward import KPI_HEADER
from boardpaper.api import build_one, read
from tests.helpers.inputs import good_sheets, write_csvs
from tests.helpers.readback import docx_text, holds, misplaced_words, squash, stream_text

KEYS = ("sub_objective", "kpi", "current", "benchmark", "target")
WORDS = ("rate", "offences", "recorded", "victims", "within", "per", "1,000", "population", "–", "≥", "£5",
         "<1", "S&H", "é", "ŵ", "“quoted”")
PUNCTUATION = "/.?&=-_"
MAX_NOTES = 160  # per paper, to keep an example to a few seconds
MAX_CHARS = 16_000  # KPI text per paper, likewise
TIME_LIMIT = 300  # seconds of wall time per example (each takes under a minute on a busy two-core machine)


def text(seed: int, length: int, token: int) -> str:
    """About ``length`` characters of words, with one unbroken token of ``token`` characters
    (letters, digits and URL punctuation) somewhere in it."""
    rng = random.Random(seed)
    words: list[str] = []
    size = 0
    while size < length:
        words.append(rng.choice(WORDS))
        size += len(words[-1]) + 1
    if token:
        chars = "abcdefghijklmnopqrstuvwxyzABCDEFG0123456789" + PUNCTUATION
        long = "".join(rng.choice(chars) for _ in range(token))
        words.insert(rng.randint(0, len(words)), long)
    out = " ".join(words)[: max(length, token)].strip()
    return out or "x"


row_shape = st.tuples(st.integers(0, 2**16), st.sampled_from([0, 0, 0, 1, 2, 3, 4, 5, 80]),
                      st.one_of(st.integers(1, 120), st.integers(1, 8000)),
                      st.sampled_from([0, 0, 0, 0, 30, 150, 400]))


@st.composite
def papers(draw):
    size = draw(st.sampled_from(["A4", "A3", "Letter"]))
    orientation = draw(st.sampled_from(["portrait", "landscape"]))
    ncols = draw(st.integers(1, 8))
    columns = [(draw(st.sampled_from(KEYS)), draw(st.integers(10, 40))) for _ in range(ncols)]
    groups = draw(st.lists(st.integers(1, 150), min_size=1, max_size=3))
    rows = []
    for g, count in enumerate(groups):
        for _ in range(count):
            rows.append(draw(row_shape))
    label_token = draw(st.sampled_from([0, 0, 40, 400]))
    return {"size": size, "orientation": orientation, "columns": columns, "groups": groups, "rows": rows,
            "label_token": label_token, "seed": draw(st.integers(0, 2**16)),
            "tables": draw(st.sampled_from(["merged", "merged", "accessible"]))}


def workbook(shape: dict) -> dict:
    """The sheets of a paper of ``shape``, kept within MAX_NOTES notes and MAX_CHARS of KPI text."""
    rng = random.Random(shape["seed"])
    sources = [["id", "text", "url"]]
    for j in range(60):
        token = rng.choice([0, 0, 150, 400])
        url = "https://example.org/" + "/".join("seg%d-part_%d" % (j, k) for k in range(rng.randint(0, 12)))
        sources.append([f"s{j}", text(rng.randint(0, 2**16), rng.randint(5, 300), token) + f" ({j})",
                        url if rng.random() < 0.6 else ""])
    kpis, notes, chars, i = [KPI_HEADER], 0, 0, 0
    for g, count in enumerate(shape["groups"]):
        label = f"Group {g} " + text(g, 20, shape["label_token"] if g == 0 else 0)
        for _ in range(count):
            seed, cited, length, token = shape["rows"][i]
            length = min(length, max(1, MAX_CHARS - chars))
            cited = min(cited, MAX_NOTES - notes)
            body = text(seed, length, min(token, length))
            chars, notes = chars + len(body), notes + cited
            value = text(seed + 1, 8, token if seed % 3 == 0 else 0)
            kpis.append([f"K{i}", "Section " + text(seed % 5, 12, 0), label, f"KPI {i} {body}", value, "Mar 26",
                         text(seed + 2, 10, 0), "Mar 25", text(seed + 3, 4, token if seed % 5 == 0 else 0), "",
                         "monitor", ";".join(f"s{(seed + k) % 60}" for k in range(cited)), "none"])
            i += 1
    sheets = good_sheets()
    sheets["kpis"], sheets["sources"], sheets["series"] = kpis, sources, sheets["series"][:1]
    return sheets


def layout_toml(shape: dict) -> str:
    lines = ['name = "random"', f'tables = "{shape.get("tables", "merged")}"', "[page]",
             f'size = "{shape["size"]}"', f'orientation = "{shape["orientation"]}"']
    for key, width in shape["columns"]:
        lines += ["[[columns]]", f'key = "{key}"', f"width = {width}"]
    return "\n".join(lines) + "\n"


@contextmanager
def time_limit(seconds: float):
    """Raise TimeoutError in the block once it has run for ``seconds`` (main thread, POSIX)."""
    def stop(signum, frame):
        raise TimeoutError(f"building and reading back this paper took over {seconds} s: a layout that never ends?")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def import_every_product_module() -> None:
    """Import all of boardpaper, so that the numbers Hypothesis takes from the source of imported
    local modules (and so the papers drawn) do not depend on what other tests have imported."""
    for module in pkgutil.walk_packages(boardpaper.__path__, "boardpaper."):
        importlib.import_module(module.name)


def build_and_read(shape: dict, folder: Path) -> int:
    """Build ``shape`` in both formats and check every KPI and every note's text in both; return
    the number of PDF pages."""
    with time_limit(TIME_LIMIT):
        return _build_and_read(shape, folder)


def _build_and_read(shape: dict, folder: Path) -> int:
    src = write_csvs(folder / "paper", workbook(shape))
    layout = folder / "layout.toml"
    layout.write_text(layout_toml(shape))
    result = build_one(src, out=folder / "out", quick=True, layout=layout)  # verifies every KPI row drawn
    _, lay, doc = read(src, layout)
    files = {p.suffix: p.read_bytes() for p in result.outputs}
    dtext, ptext = docx_text(files[".docx"]), stream_text(files[".pdf"])
    for s in doc.sections:
        for r in s.rows:
            assert squash(r.kpi) in dtext, r.id
            assert holds(ptext, r.kpi), r.id
    for n in doc.notes:
        assert squash(n.source.text) in dtext, n.number
        assert holds(ptext, n.source.text), n.number
    left, right = lay.margins[3] * 72 / 25.4, lay.margins[1] * 72 / 25.4
    if result.pages <= 12:  # the cell check reads every table: bounded for time
        assert misplaced_words(files[".pdf"], (left, right)) == []
    return result.pages


SMALL = {"size": "A4", "orientation": "portrait", "columns": [("kpi", 10)], "groups": [1],
         "rows": [(7, 80, 50, 400)], "label_token": 400, "seed": 1}
WIDE = {"size": "Letter", "orientation": "landscape", "columns": [(k, 10 + 4 * i) for i, k in enumerate(KEYS * 2)][:8],
        "groups": [150], "rows": [(i, i % 6, 30 + (i % 4) * 30, 0) for i in range(150)], "label_token": 40,
        "seed": 2}
TALL = {"size": "A3", "orientation": "portrait", "columns": [("sub_objective", 10), ("kpi", 40), ("current", 10)],
        "groups": [3, 40], "rows": [(i, 3 if i % 2 else 0, 8000 if i == 1 else 60, 400 if i == 5 else 0)
                                     for i in range(43)], "label_token": 0, "seed": 3, "tables": "accessible"}


def test_random_papers_build_in_both_formats_with_all_their_text():
    import_every_product_module()
    built: list[int] = []

    # no shrinking or explaining: Hypothesis traces every line run to explain a failure, which
    # makes a build of a few hundred KPIs take minutes; a failing paper is reported as drawn
    @settings(max_examples=8, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate],
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(papers())
    @example(SMALL)
    @example(WIDE)
    @example(TALL)
    def check(shape):
        with tempfile.TemporaryDirectory() as d:
            pages = build_and_read(shape, Path(d))
        event(f"{'>10' if pages > 10 else '<=10'} pages")
        built.append(pages)

    check()
    assert len(built) >= 8 + 3  # every example reached both writers and was read back
