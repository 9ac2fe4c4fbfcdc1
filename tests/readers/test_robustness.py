"""Any text and numbers an input may hold: the only failures allowed are validation errors."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boardpaper.__main__ import main
from boardpaper.compose.document import compose
from boardpaper.errors import InputError
from boardpaper.layout import load_layout
from boardpaper.readers.workbook import read_paper
from boardpaper.writers.docx.writer import write_docx
from boardpaper.writers.pdf.writer import write_pdf
from tests.helpers.inputs import ROOT, good_sheets, sheets_with, write_csvs, write_xlsx

LAYOUT = load_layout()
text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)
numbers = st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False, width=32),
                    st.integers(-10**12, 10**12))


def test_random_text_and_numbers_build_or_fail_as_validation(tmp_path_factory):
    built: list[int] = []

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(kpi=text, current=text, sub=text, section=text, values=st.lists(numbers, min_size=1, max_size=30),
           url=st.sampled_from(["", "https://example.org/a?b=1&c=<2>", "javascript:alert(1)",
                                "file:///etc/passwd"]))
    def one(kpi, current, sub, section, values, url):
        folder = write_csvs(tmp_path_factory.mktemp("h") / "in", sheets_with(kpi, current, sub, section, values, url))
        try:
            doc = compose(read_paper(folder), LAYOUT)
        except InputError:
            return
        assert write_pdf(doc, LAYOUT)[:5] == b"%PDF-"
        assert write_docx(doc, LAYOUT)[:2] == b"PK"
        built.append(len(doc.sections))

    one()
    assert built  # some random inputs were valid and reached both writers, not only validation


def test_a_killed_build_leaves_earlier_outputs_intact(tmp_path):
    from benchmarks.synthetic import make_paper

    paper = make_paper(600, tmp_path / "big.xlsx")
    out = tmp_path / "out"
    out.mkdir()
    (out / "big.docx").write_bytes(b"last month's docx")
    (out / "big.pdf").write_bytes(b"last month's pdf")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for stage in ("docx", "write"):  # while the DOCX process works; and with the new files written but not renamed
        p = subprocess.Popen([sys.executable, "-m", "boardpaper", "build", str(paper), "--out", str(out), "--quick"],
                             cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                             env=env | {"BOARDPAPER_PAUSE_AT": stage})
        assert p.stderr.readline().strip() == f"boardpaper: paused at {stage}"
        if stage == "write":
            assert list(out.glob(".big.*.part"))  # the new files exist under temporary names
        p.send_signal(signal.SIGKILL)
        p.wait()
        p.stderr.close()
        assert (out / "big.docx").read_bytes() == b"last month's docx"
        assert (out / "big.pdf").read_bytes() == b"last month's pdf"
    deadline = time.time() + 10  # no worker process outlives the killed build
    while _processes_mentioning(str(paper)) and time.time() < deadline:
        time.sleep(0.2)
    assert _processes_mentioning(str(paper)) == []
    assert main(["build", str(paper), "--out", str(out), "--quick"]) == 0
    assert (out / "big.pdf").read_bytes()[:5] == b"%PDF-"
    assert sorted(p.name for p in out.iterdir()) == ["big.docx", "big.pdf"]  # stale temporary files cleared


def _processes_mentioning(text: str) -> list[int]:
    from pathlib import Path

    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if text.encode() in (proc / "cmdline").read_bytes():
                found.append(int(proc.name))
        except OSError:
            pass
    return found


def test_very_long_text_and_empty_optional_columns(tmp_path):
    sheets = good_sheets()
    sheets["kpis"][1][3] = "word " * 3000
    for row in sheets["kpis"][1:]:
        row[4:] = [""] * (len(row) - 4)
    folder = write_xlsx(tmp_path / "long.xlsx", sheets)
    assert main(["build", str(folder), "--out", str(tmp_path / "o"), "--quick"]) == 0
