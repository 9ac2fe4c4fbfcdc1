"""Charts of processes that change (issue #28): mean and limits as steps per process, a stepped
target trajectory, a rebase marked on the axis, numbered note markers; their words (alt text and
the lines under the chart); and the same in every edition."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest

from boardpaper.spc import xmr as spc
from boardpaper.charts import scene
from boardpaper.charts.spec import make_spec
from boardpaper.charts.words import alt_text, chart_notes
from boardpaper.layout import load_layout

MONTHS = tuple(f"M{i:02d}" for i in range(24))


def measure(text: str, size: float) -> float:
    return len(text) * size * 0.55


def scene_of(s, lay=None):
    return scene.scene(s, scene.Style.of(lay or load_layout(), "Helvetica"), measure)


def chart(values, *, rebases=(), targets=(), notes=(), target=None, min_points=9, kind="line", baseline=None):
    s = make_spec("K", "Patients seen", [(MONTHS[i], v, "") for i, v in enumerate(values)], chart=kind,
                  polarity="up", target=target, rebases=[(MONTHS[i], r) for i, r in rebases],
                  targets=[(MONTHS[i], t) for i, t in targets], notes=[(MONTHS[i], "", t) for i, t in notes])
    lim = spc.limits(values, "up", min_points, rebases=[(r.index, r.reason) for r in s.rebases], baseline=baseline)
    return replace(s, limits=lim, size=(60.0, 20.0))


STEP = [48, 52] * 6 + [58, 62] * 5  # 12 around 50, then 10 around 60


def lines(items, colour):
    return [i for i in items if isinstance(i, scene.Line) and i.colour == colour]


def test_mean_and_limits_step_at_a_rebase_and_a_bar_marks_it_on_the_axis():
    s = chart(STEP, rebases=[(12, "New pathway")])
    items = scene_of(s)
    grey = lines(items, scene.PROCESS_COLOUR)
    means = [i for i in grey if i.dash is None and i.width == scene.MEAN_W]
    rebase = [i for i in grey if i.width == scene.REBASE_W]
    assert len(means) == 2 and len([i for i in lines(items, scene.LIMIT_COLOUR) if i.dash == scene.LIMIT_DASH]) == 4
    first, second = sorted(means, key=lambda i: i.points[0][0])
    assert first.points[1][0] == pytest.approx(second.points[0][0])  # they meet where the process changes
    assert second.points[0][1] > first.points[0][1]  # and step up
    (bar,) = rebase
    assert bar.points[0][0] == bar.points[1][0] == pytest.approx(first.points[1][0])  # upright, at the change
    base = next(i for i in items if isinstance(i, scene.Line) and i.colour == scene.BASE_COLOUR).points[0][1]
    assert bar.points[0][1] < base < bar.points[1][1]  # across the axis
    plain = scene_of(chart(STEP))  # no rebase: one mean, two limits
    assert len(lines(plain, scene.MEAN_COLOUR)) + len(lines(plain, scene.LIMIT_COLOUR)) == 3


def test_a_rebase_is_marked_even_without_process_limits():
    s = replace(chart(STEP, rebases=[(12, "New pathway")]), limits=None)
    assert [i.width for i in lines(scene_of(s), scene.PROCESS_COLOUR)] == [scene.REBASE_W]
    assert chart_notes(s) == ("Rebased M12: New pathway",)


def test_a_trajectory_is_a_stepped_dashed_line():
    lay = load_layout()
    s = chart([80, 84] * 10, targets=[(0, 70), (10, 85), (19, 95)], target=65)
    assert s.targets[0] == 70 and s.target == 95
    (line,) = lines(scene_of(s, lay), lay.colours["target"])
    ys = sorted({round(y, 3) for _, y in line.points})
    assert len(ys) == 3 and line.dash == scene.TARGET_DASH  # three levels, one stepped line
    xs = [x for x, _ in line.points]
    assert xs == sorted(xs)  # left to right, risers where it changes
    flat = chart([80, 84] * 10, target=65)
    (level,) = lines(scene_of(flat, lay), lay.colours["target"])
    assert len(level.points) == 2  # a constant target is one level line, as before


def test_a_trajectory_with_periods_before_its_first_target_starts_there():
    lay = load_layout()
    s = chart([80, 84] * 10, targets=[(5, 90)])
    (line,) = lines(scene_of(s, lay), lay.colours["target"])
    assert min(x for x, _ in line.points) > 0.2 * s.size[0] * scene.MM


def test_notes_are_numbered_markers_never_under_six_and_a_half_points():
    s = chart(STEP, notes=[(15, "Ward closed"), (3, "Winter pressures"), (15, "Staff strike")])
    assert [(a.number, a.index, a.text) for a in s.annotations] == [
        (1, 3, "Winter pressures"), (2, 15, "Ward closed"), (3, 15, "Staff strike")]
    items = scene_of(s)
    numbers = [i for i in items if isinstance(i, scene.Text) and i.text in ("1", "2", "3")]
    assert [n.text for n in numbers] == ["1", "2", "3"] and all(n.size >= 6.5 for n in numbers)
    W, H = s.size[0] * scene.MM, s.size[1] * scene.MM
    assert all(0 <= n.x and n.x + measure(n.text, n.size) <= W and 0 <= n.y <= H for n in numbers)
    assert chart_notes(s) == ("(1) M03: Winter pressures", "(2) M15: Ward closed", "(3) M15: Staff strike")
    two, three = numbers[1:]  # two notes on one point: side by side, never on top of each other
    assert three.x - two.x >= 2 * 0.62 * scene.NOTE_SIZE


def test_many_notes_on_the_last_points_stay_apart_and_inside_the_chart():
    s = chart(STEP, notes=[(21, f"Note {i}") for i in range(5)] + [(20, "Another")])
    discs = [m for m in scene_of(s) if isinstance(m, scene.Mark) and m.colour == "FFFFFF"]
    xs = sorted(m.x for m in discs)
    assert len(xs) == 6 and all(b - a >= 2 * discs[0].r for a, b in zip(xs, xs[1:]))
    assert xs[0] >= discs[0].r and xs[-1] <= s.size[0] * scene.MM - discs[0].r


def test_a_note_at_a_gap_or_on_a_bar_chart_is_still_drawn():
    values = [48, 52] * 6 + [None] + [58, 62] * 5
    for kind in ("line", "bar"):
        s = chart(values, notes=[(12, "No data: cyber attack")], kind=kind)
        assert any(isinstance(i, scene.Text) and i.text == "1" for i in scene_of(s))


def test_the_words_give_each_process_the_trajectory_rebases_and_notes():
    s = chart(STEP, rebases=[(12, "New pathway")], notes=[(3, "Winter pressures")],
              targets=[(0, 45), (12, 55)])
    text = alt_text(s)
    assert "from M00: mean 50, process limits 39.36 to 60.64; from M12: mean 60, process limits" in text
    assert "target 55 in M21, a trajectory from 45 in M00" in text
    assert text.endswith("note (1) M03: Winter pressures; rebased M12: New pathway.")
    fixed = chart(STEP, baseline=12, rebases=[(12, "x")], min_points=9)
    assert "(fixed from its first 12 points)" not in alt_text(fixed)  # 12 points: all of them
    longer = chart(STEP + [60] * 2, baseline=12)
    assert "(fixed from its first 12 points)" in alt_text(longer)


def test_the_key_explains_only_what_the_paper_uses():
    plain = spc.key_lines(9)
    assert plain == spc.key_lines(9, ()) and not any("rebase" in line.lower() for line in plain)
    full = spc.key_lines(9, spc.FEATURES)
    assert len(full) == len(plain) + 4
    text = " ".join(full[len(plain):])
    for words in ("upright bar", "fewer than 9 points since the rebase", "baseline of n points",
                  "stepped dashed line", "small number"):
        assert words in text


# ------------------------------------------------------------------------------------------------
# Every edition
# ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from boardpaper.api import build_one as build
    from tests.helpers.inputs import write_xlsx
    from tests.helpers.processes import LAYOUT, process_sheets

    folder = tmp_path_factory.mktemp("editions")
    sheets, _ = process_sheets()
    path = write_xlsx(folder / "may.xlsx", sheets)
    (folder / "layouts").mkdir()
    (folder / "layouts" / "trust.toml").write_text(LAYOUT, encoding="utf-8")
    build(path, out=folder / "out", quick=True, formats=("docx", "pdf", "html"))
    return folder / "out"


TEXTS = ("Rebased Jan 24: New triage pathway from Jan 24", "Rebased May 24: Counting rule changed",
         "(1) Mar 23: Winter pressures", "Rebased Jun 23: Merger", "(2) Oct 23: New ward opened")


def test_the_pdf_html_and_docx_print_the_rebase_reasons_and_notes(built):
    from docx import Document
    from pypdf import PdfReader

    pdf = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(built / "may.pdf").pages)
    html = (built / "may.html").read_text(encoding="utf-8")
    docx = Document(str(built / "may.docx"))
    cells = [p.text for t in docx.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    for text in TEXTS:
        assert text in pdf and f"<li>{text}</li>" in html and text in cells
    assert "A rebase, marked by an upright bar" in pdf and "A small number on a chart" in html
    styles = {p.style.name for t in docx.tables for row in t.rows for c in row.cells for p in c.paragraphs
              if p.text in TEXTS}
    assert styles == {"BP Chart Note"}
    alts = re.findall(r'aria-label="(KPI REB[^"]*)"', html)
    assert alts and "rebased Jan 24: New triage pathway from Jan 24" in alts[0]


def test_the_lines_under_a_chart_are_never_under_seven_points_in_the_pdf(built):
    import pdfplumber

    with pdfplumber.open(built / "may.pdf") as pdf:
        words = [w for page in pdf.pages for w in page.extract_words(extra_attrs=["size"])]
    sizes = {round(w["size"], 1) for w in words if w["text"] in ("Rebased", "Winter", "Merger")}
    assert sizes and min(sizes) >= 7.0
    numbers = [w for w in words if w["text"] in ("1", "2") and w["size"] < 7]
    assert numbers and min(w["size"] for w in numbers) >= 6.5  # the note markers on the chart


def test_an_unedited_docx_with_notes_harvests_without_them(built):
    from boardpaper.cycle.harvest import harvest

    changes, _ = harvest(built / "may.docx")
    said = " ".join(str(c.new) for c in changes)
    assert not any(t in said for t in ("Rebased", "Winter pressures", "New ward opened"))
    assert not [c for c in changes if c.kpi]  # nothing read as an edit of a KPI's cells
