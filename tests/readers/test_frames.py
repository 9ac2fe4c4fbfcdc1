"""Papers from pandas DataFrames (boardpaper.api.build_frames / check_frames, readers/frames.py)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import re
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from docx import Document as open_docx
from pypdf import PdfReader

from boardpaper.api import build_frames, build_one, check_frames
from boardpaper.errors import InputError, Problem, RowLabel
from boardpaper.readers.frames import cell_text, read_frames
from boardpaper.readers.workbook import read_paper
from tests.helpers.inputs import KPIS, PAPER, ROOT, SAMPLE, SAMPLE_CSV, SERIES, SOURCES

SHEETS = ("paper", "kpis", "sources", "series")




def frame(rows: list[list], index=None):
    """A DataFrame from a header row and data rows (as conftest's sheets), optionally labelled."""
    return pd.DataFrame([r[:] for r in rows[1:]], columns=rows[0], index=index)


def small_frames(**changes):
    out = {"paper": frame(PAPER), "kpis": frame(KPIS, index=["k1", "k2", "k3", "k4"]),
           "sources": frame(SOURCES), "series": frame(SERIES)}
    return out | changes


def pdf_pages(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def squash(text: str) -> str:
    return " ".join(text.split())


def docx_text(path) -> tuple[list[str], list[list[str]]]:
    d = open_docx(path)
    return ([p.text for p in d.paragraphs],
            [[c.text for c in row.cells] for t in d.tables for row in t.rows])


def problem(e: InputError, column: str) -> Problem:
    found = [p for p in e.value.problems if p.column == column]
    assert len(found) == 1, e.value.report()
    return found[0]


# ------------------------------------------------------------------- the sample, both ways
@pytest.fixture(scope="module")
def sample_frames():
    """The sample's CSV files as pandas reads them: default dtype inference (numbers become
    float64 where a column has blanks), only the empty cell read as missing."""
    return {n: pd.read_csv(SAMPLE_CSV / f"{n}.csv", keep_default_na=False, na_values=[""]) for n in SHEETS}


@pytest.fixture(scope="module")
def both_builds(sample_frames, tmp_path_factory):
    out = tmp_path_factory.mktemp("frames")
    a = build_frames(*(sample_frames[n] for n in SHEETS), name="spcb-2022-05", out=out / "frames", quick=True)
    b = build_one(SAMPLE_CSV, out=out / "csv", quick=True)
    return a, b


def test_pandas_infers_numbers_in_the_sample(sample_frames):
    # what the frames reader must turn back into the text the CSV holds
    assert sample_frames["kpis"]["target"].dtype == np.float64  # all blank: NaN
    assert sample_frames["kpis"]["chart"].dtype == np.float64
    assert sample_frames["series"]["value"].iloc[0] == "464"  # text: ICW-18's series is typed 86%, 75%, …
    assert sample_frames["series"]["value"].iloc[-1] == "158"


def test_the_sample_from_dataframes_has_the_text_and_pages_of_the_csv_build(both_builds):
    frames, csv = both_builds
    assert [p.name for p in frames.outputs] == [p.name for p in csv.outputs] == ["spcb-2022-05.docx",
                                                                                 "spcb-2022-05.pdf"]
    assert frames.input == "spcb-2022-05 (DataFrames)"
    assert (frames.kpis, frames.pages) == (csv.kpis, csv.pages) == (76, frames.pages)
    a, b = pdf_pages(frames.outputs[1]), pdf_pages(csv.outputs[1])
    assert len(a) == len(b) == csv.pages
    assert a == b
    assert docx_text(frames.outputs[0]) == docx_text(csv.outputs[0])
    assert "1,017 [Mar 22]" in squash(" ".join(a)) and "Presented by: N/A" in squash(" ".join(a))
    # the same warnings, each naming the row by its label instead of the spreadsheet row
    assert [(w.sheet, w.column, w.warning) for w in frames.warnings] == \
        [(w.sheet, w.column, w.warning) for w in csv.warnings]
    assert all(w.frame and isinstance(w.row, RowLabel) for w in frames.warnings if w.row is not None)


def test_plain_read_csv_gives_the_same_paper(tmp_path):
    """With every read_csv default, 'N/A' (presented_by) becomes NaN before boardpaper sees it;
    everything else reads as the CSV folder does, and the paper prints the same: the spcb layout
    prints its ``blank_field`` wording, N/A, after a cover label whose field is blank."""
    frames = {n: pd.read_csv(SAMPLE_CSV / f"{n}.csv") for n in SHEETS}
    got = read_frames(*(frames[n] for n in SHEETS), name="spcb-2022-05")
    want = read_paper(SAMPLE_CSV)
    assert want.fields.pop("presented_by") == "N/A" and got.fields.pop("presented_by") == ""
    assert got.fields == want.fields and got.purpose == want.purpose
    assert [dataclasses.replace(k, row=0) for k in got.kpis] == [dataclasses.replace(k, row=0) for k in want.kpis]
    assert got.sources == want.sources and got.series == want.series
    built = build_frames(*(frames[n] for n in SHEETS), name="spcb-2022-05", out=tmp_path / "frames", quick=True)
    csv = build_one(SAMPLE_CSV, out=tmp_path / "csv", quick=True)
    assert pdf_pages(built.outputs[1]) == pdf_pages(csv.outputs[1])
    assert docx_text(built.outputs[0]) == docx_text(csv.outputs[0])


# ------------------------------------------------------------------------------- problems
def test_sideways_polarity_on_row_k5_names_kpis_k5_and_polarity_and_writes_nothing(tmp_path):
    rows = [KPIS[0]] + [[f"A{i}", "Safer streets", "", f"KPI {i}"] + [""] * 6 + ["up", "", ""] for i in range(1, 8)]
    kpis = frame(rows, index=[f"k{i}" for i in range(1, 8)])
    kpis.loc["k5", "polarity"] = "sideways"
    out = tmp_path / "out"
    with pytest.raises(InputError) as e:
        build_frames(frame(PAPER), kpis, frame(SOURCES), name="june", out=out)
    p = problem(e, "polarity")
    assert (p.sheet, p.row, p.frame, p.warning) == ("kpis", RowLabel("k5", 4), True, False)
    assert "kpis frame, row 'k5', column `polarity`: 'sideways' is not one of up, down, monitor" in e.value.report()
    assert len(e.value.errors) == 1
    assert not out.exists()


def test_every_problem_at_once_naming_frame_label_and_column():
    f = small_frames()
    f["paper"] = {"board": "B", "meeting": None, "title": "T", "colour": "red"}
    f["kpis"].loc["k2", "kpi"] = pd.NA
    f["kpis"].loc["k3", "sources"] = "nowhere"
    f["kpis"].loc["k4", "target_value"] = "lots"
    f["kpis"].loc["k4", "id"] = "A1"
    f["series"].loc[1, "value"] = "12k"
    with pytest.raises(InputError) as e:
        check_frames(*(f[n] for n in SHEETS), name="june")
    found = {(p.sheet, str(p.row), p.column) for p in e.value.errors}
    assert found == {("paper", "None", "field"), ("kpis", "'k2'", "kpi"), ("kpis", "'k3'", "sources"),
                     ("kpis", "'k4'", "target_value"), ("kpis", "'k4'", "id"), ("series", "1", "value")}
    report = e.value.report()
    assert report.startswith("june (DataFrames):")
    assert "kpis frame, row 'k4', column `id`: duplicate id 'A1' (also on row 'k1')" in report
    assert "series frame, row 1, column `value`: '12k' is not a number" in report
    assert "warning: paper frame, row 'colour', column `field`: unknown field 'colour'" in report
    assert "6 problems to fix" in report


def test_problems_are_listed_in_frame_order_not_label_order():
    kpis = frame(KPIS, index=["k10", "k9", "k2", "k1"])
    kpis["polarity"] = "wrong"
    with pytest.raises(InputError) as e:
        check_frames(frame(PAPER), kpis, frame(SOURCES))
    lines = [line for line in e.value.report().splitlines() if "polarity" in line]
    assert [re.search(r"row '(k\d+)'", line).group(1) for line in lines] == ["k10", "k9", "k2", "k1"]


def test_spreadsheet_problems_still_name_the_row_number():
    assert str(Problem("bad", "a.xlsx", "kpis", 14, "polarity")) == "kpis sheet, row 14, column `polarity`: bad"
    assert str(Problem("bad", "", "kpis", RowLabel("k5", 4), "polarity", frame=True)) == \
        "kpis frame, row 'k5', column `polarity`: bad"
    assert str(RowLabel(np.int64(3).item(), 3)) == "3"


def test_warnings_name_the_frame():
    kpis = frame(KPIS).assign(colour="red")
    warnings = check_frames(frame(PAPER), kpis, frame(SOURCES), frame(SERIES))
    assert [str(w) for w in warnings] == [
        "warning: kpis frame: unknown column `colour` is ignored (known: id, section, sub_objective, kpi, "
        "current, current_period, benchmark, benchmark_period, target, target_value, polarity, sources, chart, "
        "baseline, owner, exception)"]


def test_two_columns_with_one_name_are_a_problem():
    kpis = frame(KPIS)
    kpis["Sub Objective"] = "x"
    with pytest.raises(InputError) as e:
        check_frames(frame(PAPER), kpis, frame(SOURCES))
    assert str(problem(e, "Sub Objective")) == (
        "kpis frame, column `Sub Objective`: columns `sub_objective` and `Sub Objective` are the same column "
        "(names are compared ignoring case, spaces, hyphens and underscores); keep one")


def test_an_unknown_layout_named_by_the_paper_frame_is_a_frame_problem(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    paper = {"board": "B", "meeting": "M", "title": "T", "layout": "nosuch"}
    for call in (lambda: check_frames(paper, frame(KPIS), frame(SOURCES)),
                 lambda: build_frames(paper, frame(KPIS), frame(SOURCES), name="x", out=tmp_path / "out")):
        with pytest.raises(InputError) as e:
            call()
        assert str(problem(e, "layout")).startswith("paper frame, column `layout`: there is no layout named 'nosuch'")
    assert not (tmp_path / "out").exists()


def test_wrong_arguments_are_refused():
    with pytest.raises(TypeError, match="`kpis` must be a pandas DataFrame"):
        check_frames(frame(PAPER), KPIS)
    with pytest.raises(TypeError, match="not a \\(field, value\\) pair"):
        check_frames([("board", "B", "extra")], frame(KPIS))
    for bad in ("../up", "a/b", "", ".hidden"):
        with pytest.raises(InputError, match="not a plain file name"):
            check_frames(frame(PAPER), frame(KPIS), name=bad)


# ------------------------------------------------------------------------------ the paper
@pytest.mark.parametrize("paper", [
    pytest.param(lambda: frame(PAPER), id="DataFrame"),
    pytest.param(lambda: {r[0]: r[1] for r in PAPER[1:6]} | {"purpose": ["First point", "Second point"]}, id="dict"),
    pytest.param(lambda: [tuple(r) for r in PAPER[1:]], id="pairs"),
    pytest.param(lambda: frame(PAPER).set_index("field")["value"], id="Series"),
    pytest.param(lambda: frame(PAPER).set_index("field"), id="field as index"),
])
def test_the_paper_frame_may_be_a_dict_pairs_or_a_series(paper):
    got = read_frames(paper(), frame(KPIS), frame(SOURCES), name="x")
    assert got.fields == {"board": "Test Board", "meeting": "June 2026", "title": "Test Scorecard",
                          "agenda_item": "AGENDA ITEM 7", "appendix": "Appendix B"}
    assert got.purpose == ["First point", "Second point"]


def test_a_repeated_field_in_pairs_is_named_by_its_position():
    with pytest.raises(InputError) as e:
        check_frames([("board", "A"), ("meeting", "M"), ("title", "T"), ("board", "B")], frame(KPIS), frame(SOURCES))
    assert str(problem(e, "field")).startswith("paper frame, row 3, column `field`: field `board` is given twice")


# --------------------------------------------------------------------------------- dtypes
def test_numbers_in_text_columns_read_as_a_spreadsheet_shows_them():
    kpis = frame(KPIS[:1] + [KPIS[1]] * 8, index=list("abcdefgh"))
    kpis["id"] = [f"A{i}" for i in range(8)]
    kpis["current"] = pd.Series([1017, 3.0, 0.1, 1e-05, 1e20, -0.0, 2.5, 1 / 3], index=kpis.index, dtype=object)
    kpis["benchmark"] = pd.array([7, pd.NA, 0, -4, 1, 2, 3, 4], dtype="Int64")
    kpis["target"] = [True, False, np.float32(0.5), np.int64(12), 1.5e15, 12345678.9, None, np.nan]
    got = read_frames(frame(PAPER), kpis, frame(SOURCES), name="x").kpis
    assert [k.current for k in got] == ["1017", "3", "0.1", "0.00001", "100000000000000000000", "0", "2.5",
                                        "0.333333333333333"]
    assert [k.benchmark for k in got] == ["7", "", "0", "-4", "1", "2", "3", "4"]
    assert [k.target for k in got] == ["TRUE", "FALSE", "0.5", "12", "1500000000000000", "12345678.9", "", ""]
    assert not any("e" in k.current.lower() for k in got)


def test_nan_none_na_and_nat_are_blank_cells():
    kpis = frame(KPIS)
    kpis["sub_objective"] = [np.nan, None, pd.NA, "Trust"]
    kpis["current"] = pd.array(["12", pd.NA, None, "65%"], dtype="string")
    kpis["current_period"] = pd.to_datetime(["2022-03-31", None, None, "2022-04-01"])  # NaT
    kpis["target_value"] = [np.nan, None, 5, np.nan]
    kpis["chart"] = np.nan
    got = read_frames(frame(PAPER), kpis, frame(SOURCES), name="x").kpis
    assert [k.sub_objective for k in got] == ["", "", "", "Trust"]
    assert [k.current for k in got] == ["12", "", "", "65%"]
    assert [k.current_period for k in got] == ["Mar 22", "", "", "Apr 22"]
    assert [k.target_value for k in got] == [None, None, 5.0, None]
    assert [k.chart for k in got] == ["", "", "", ""]
    text = " ".join(v for k in got for v in dataclasses.astuple(k) if isinstance(v, str))
    assert not re.search(r"\b(nan|NaN|NaT|None|<NA>)\b", text)


def test_a_blank_row_is_skipped_and_a_blank_required_cell_is_named():
    kpis = frame(KPIS, index=["k1", "k2", "k3", "k4"])
    kpis.loc["k2"] = np.nan                       # a wholly blank row, as in a spreadsheet
    kpis.loc["k3", "section"] = pd.NA
    with pytest.raises(InputError) as e:
        check_frames(frame(PAPER), kpis, frame(SOURCES), frame(SERIES))
    assert [(str(p.row), p.column) for p in e.value.errors] == [("'k3'", "section")]


@pytest.mark.parametrize("periods, shown", [
    (pd.to_datetime(["2022-03-31", "2022-04-30"]), ["Mar 22", "Apr 22"]),          # month ends ('ME')
    (pd.to_datetime(["2022-03-01", "2022-04-01"]), ["Mar 22", "Apr 22"]),          # month starts ('MS')
    ([dt.date(2022, 3, 1), dt.datetime(2022, 4, 30)], ["Mar 22", "Apr 22"]),
    (pd.period_range("2022-03", periods=2, freq="M"), ["Mar 22", "Apr 22"]),
    (pd.period_range("2021Q1", periods=2, freq="Q"), ["Jan-Mar 21", "Apr-Jun 21"]),
    (pd.period_range("2022Q1", periods=2, freq=pd.offsets.QuarterEnd(startingMonth=3)), ["Apr-Jun 21", "Jul-Sep 21"]),   # financial quarters
    (pd.period_range("2021", periods=2, freq=pd.offsets.YearEnd(month=3)), ["2020/21", "2021/22"]),        # financial years
    (pd.period_range("2020", periods=2, freq=pd.offsets.YearEnd()), ["2020", "2021"]),
    (pd.to_datetime(["2022-03-15 00:00", "2022-03-16 09:30"]), ["15 Mar 2022", "16 Mar 2022 09:30"]),  # days stay days
    (pd.Categorical(["2020/21", "2021/22"]), ["2020/21", "2021/22"]),
])
def test_timestamps_and_periods_are_written_as_the_sample_writes_periods(periods, shown):
    series = pd.DataFrame({"kpi_id": "A1", "period": periods, "value": [10, 12.5]})
    got = read_frames(frame(PAPER), frame(KPIS), frame(SOURCES), series, name="x")
    assert [p.period for p in got.series["A1"]] == shown
    assert [p.value for p in got.series["A1"]] == [10.0, 12.5]


def test_dates_outside_period_columns_keep_the_day():
    assert cell_text(pd.Timestamp("2022-03-31")) == "31 Mar 2022"
    assert cell_text(pd.Timestamp("2022-03-31"), period=True) == "Mar 22"
    assert cell_text(pd.Period("2022-03-05", "D")) == "05 Mar 2022"
    assert cell_text(["s1", None, "s2"]) == "s1; s2"


def test_values_equal_in_python_keep_their_own_text():
    from decimal import Decimal

    kpis = frame(KPIS)
    kpis["current"] = pd.Series([True, 1, 1.0, Decimal("1.10")], dtype=object)
    kpis["benchmark"] = pd.Series([Decimal("1.1"), Decimal("1.10"), Decimal("100"), Decimal("-0.0")], dtype=object)
    got = read_frames(frame(PAPER), kpis, frame(SOURCES), name="x").kpis
    assert [k.current for k in got] == ["TRUE", "1", "1", "1.1"]
    assert [k.benchmark for k in got] == ["1.1", "1.1", "100", "0"]


def test_categorical_columns_read_as_their_values():
    kpis = frame(KPIS)
    kpis["section"] = pd.Categorical(kpis["section"], categories=["Unused", "Confidence", "Safer streets"])
    kpis["polarity"] = pd.Categorical(["down", "up", None, "up"])
    kpis["chart"] = pd.Categorical([np.nan] * 4, categories=["line", "bar"])
    got = read_frames(frame(PAPER), kpis, frame(SOURCES), frame(SERIES), name="x").kpis
    assert [k.section for k in got] == ["Safer streets"] * 3 + ["Confidence"]
    assert [k.polarity for k in got] == ["down", "up", "monitor", "up"]
    assert [k.chart for k in got] == [""] * 4


def test_an_id_index_is_read_as_the_id_column_and_names_the_rows():
    kpis = frame(KPIS).set_index("id")
    kpis.loc["A3", "polarity"] = "sideways"
    with pytest.raises(InputError) as e:
        check_frames(frame(PAPER), kpis, frame(SOURCES), frame(SERIES))
    assert str(problem(e, "polarity")).startswith("kpis frame, row 'A3', column `polarity`")
    kpis.loc["A3", "polarity"] = "up"
    got = read_frames(frame(PAPER), kpis, frame(SOURCES), frame(SERIES), name="x")
    assert [k.id for k in got.kpis] == ["A1", "A2", "A3", "B1"]
    assert got.kpis[2].row == RowLabel("A3", 2)


def test_the_frames_given_are_not_modified():
    f = small_frames()
    f["kpis"] = f["kpis"].set_index("id")
    before = {n: v.copy(deep=True) for n, v in f.items()}
    read_frames(*(f[n] for n in SHEETS), name="x")
    for n in SHEETS:
        pd.testing.assert_frame_equal(f[n], before[n])


def test_a_paper_with_timestamps_and_numbers_builds(tmp_path):
    kpis = frame(KPIS)
    kpis["current"] = [12, 3.0, 1017, 0.65]
    kpis["current_period"] = pd.to_datetime(["2022-03-31"] * 4)
    series = pd.DataFrame({"kpi_id": "A1", "period": pd.period_range("2021-12", periods=4, freq="M"),
                           "value": [10.0, np.nan, 12, 11]})
    r = build_frames(frame(PAPER), kpis, frame(SOURCES), series, name="ts", out=tmp_path, quick=True,
                     formats=("pdf",))
    text = squash(" ".join(pdf_pages(r.outputs[0])))
    assert r.outputs == [tmp_path / "ts.pdf"]
    assert "12 [Mar 22]" in text and "1017 [Mar 22]" in text and "0.65 [Mar 22]" in text
    assert "Dec 21" in text and "Mar 22" in text  # the chart's first and last periods
    assert not re.search(r"\b(nan|NaT)\b|00:00|3\.0\b", text)


# ------------------------------------------------------------- pandas stays out of the CLI
def test_the_command_line_and_build_one_never_import_pandas(tmp_path):
    code = f"""
import sys
from boardpaper.__main__ import main
assert main(['check', {str(SAMPLE)!r}]) == 0
assert 'pandas' not in sys.modules, 'check imported pandas'
from boardpaper.api import build_one
build_one({str(SAMPLE_CSV)!r}, out={str(tmp_path)!r}, quick=True)
assert 'pandas' not in sys.modules, 'build_one imported pandas'
print('clean')
"""
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().endswith("clean")


def test_pyproject_declares_the_pandas_extra():
    import tomllib

    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert extras["pandas"] == ["pandas>=2"]
    assert "pandas>=2" in extras["test"]


# ------------------------------------------------------------------------ README and docs
def test_the_readme_from_python_example_runs(tmp_path, monkeypatch):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## From Python\n", 1)[1].split("\n## ", 1)[0]
    snippet = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("boardpaper.build.libreoffice.soffice_path", lambda: None)  # no contents pass: fast
    names = {"__name__": "readme"}
    exec(compile(snippet, "README.md", "exec"), names)
    built = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert built == ["scorecard-2026-06.docx", "scorecard-2026-06.pdf"]
    text = squash(" ".join(pdf_pages(tmp_path / "out" / "scorecard-2026-06.pdf")))
    assert "Reduce knife crime 412 [May 26]" in text and "Jun 25" in text
    # the problem the README shows is the one check_frames reports
    shown = re.search(r"\n\n((?:    .*\n)+)\n`pandas.read_csv`", section).group(1)
    names["kpis"].loc["VC-02", "polarity"] = "sideways"
    with pytest.raises(InputError) as e:
        check_frames(names["paper"], names["kpis"], series=names["series"], name="scorecard-2026-06")
    assert e.value.report() == "\n".join(line[4:] for line in shown.splitlines())


def _api_docs_script():
    spec = importlib.util.spec_from_file_location("make_api_docs", ROOT / "scripts" / "make_api_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docs_api_md_is_in_step_with_the_docstrings():
    script = _api_docs_script()
    assert (ROOT / "docs" / "api.md").read_text(encoding="utf-8") == script.render(), \
        "docs/api.md is out of step: run python scripts/make_api_docs.py"


def test_docs_api_md_covers_every_public_function_and_its_arguments():
    script = _api_docs_script()
    text = script.render()
    for name in ("build_one", "check", "build_frames", "check_frames", "BuildResult"):
        assert f"## `{name}`" in text
    build_frames_doc = text.split("## `build_frames`", 1)[1].split("\n## ", 1)[0]
    for arg in ("paper", "kpis", "sources", "series", "name", "out"):
        assert f"`{arg}`" in build_frames_doc
    assert "InputError" in build_frames_doc
