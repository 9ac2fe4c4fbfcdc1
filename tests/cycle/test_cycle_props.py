"""Properties of the monthly cycle over awkward text: an unedited paper never harvests to a change,
and a field typed over in the DOCX is found as exactly that field."""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers.inputs import good_sheets, write_csvs
from tests.helpers.cycle import W, brief, changes_of, edit_docx, quick_docx

ALPHABET = "ab Z09,.%£–—'\"‘’“”[]()&<>\u00a0/;:-é\n"
words = st.text(alphabet=ALPHABET, min_size=1, max_size=30).filter(
    lambda t: t.strip() and not t.strip().startswith(("=", "+", "-", "@")))
maybe = st.one_of(st.just(""), words)
SETTINGS = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _sheets(kpi, current, period, benchmark, sub):
    s = good_sheets()
    row = s["kpis"][1]
    row[2], row[3], row[4], row[5], row[6] = sub, kpi, current, period, benchmark
    row[7] = ""
    return s


def _clean(text: str) -> str:
    """What the reader makes of a cell: tabs as spaces, ends trimmed."""
    return text.replace("\t", " ").strip()


@SETTINGS
@given(kpi=words, current=maybe, period=maybe, benchmark=maybe, sub=maybe)
def test_unedited_paper_harvests_to_nothing(kpi, current, period, benchmark, sub):
    with tempfile.TemporaryDirectory() as tmp:
        src = write_csvs(Path(tmp) / "in", _sheets(kpi, current, period, benchmark, sub))
        assert changes_of(quick_docx(src, Path(tmp) / "out" / "in.docx")) == []


@SETTINGS
@given(kpi=words, new=words, current=maybe, period=words)
def test_typed_over_figure_is_found_as_that_field_only(kpi, new, current, period):
    new = _clean(new.replace("\n", " "))  # typed text: a line break would be its own element
    with tempfile.TemporaryDirectory() as tmp:
        src = write_csvs(Path(tmp) / "in", _sheets(kpi, current, period, "", ""))
        paper = quick_docx(src, Path(tmp) / "out" / "in.docx")
        old = _clean(current)

        def edit(root, _notes):
            # the A1 current cell: the bookmarked figure run, or a new run before the period
            marks = [b for b in root.iter(W + "bookmarkStart") if b.get(W + "name", "").startswith("_bp")]
            cell_marks = [b for b in marks if any(a.tag == W + "tc" for a in b.iterancestors())]
            first = cell_marks[1]  # A1: kpi, then current (or the period when there is no figure)
            run = first.getnext()
            if old:  # the whole run retyped (a multi-line figure holds breaks as well as text)
                for child in [c for c in run if c.tag != W + "rPr"]:
                    run.remove(child)
                run.append(_run(new)[0])
            else:  # no figure was printed: type one in front of "[period]"
                first.getparent().find(W + "r").addprevious(_run(new + " "))

        got = changes_of(edit_docx(paper, Path(tmp) / "e.docx", edit))
        from boardpaper.cycle.changes import same

        if same(new, old):
            assert got == []
        else:
            assert {(c.kpi, c.field, c.state) for c in got} == {("A1", "current", "edited")}, brief(got)
            assert same(got[0].new, new)


def _run(text: str):
    from tests.helpers.cycle import run

    return run(text)
