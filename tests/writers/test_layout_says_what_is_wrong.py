"""Layouts say what is wrong (issue 31, item 4): unknown keys and tables at every level with the
closest valid one, accepted page sizes listed, margins too small for the furniture, a chart column
that cannot hold a chart, and a section setting that matches no section."""
from __future__ import annotations

import pytest

from boardpaper.__main__ import main
from boardpaper.errors import InputError
from boardpaper.layout import load_layout
from tests.helpers import awkward
from tests.helpers.inputs import write_xlsx


def _check(tmp_path, capsys, toml: str):
    layout = tmp_path / "mine.toml"
    layout.write_text('name = "mine"\n' + toml, encoding="utf-8")
    src = write_xlsx(tmp_path / "paper.xlsx", awkward.paper([awkward.kpi(0), awkward.kpi(1, section="Confidence")]))
    code = main(["check", str(src), "--layout", str(layout)])
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.mark.parametrize("toml, message", [
    ('[page]\norientaton = "landscape"\n', "unknown key `orientaton` in [page]: did you mean `orientation`?"),
    ('[font]\nsize = 10\n', "unknown table [font]: did you mean [fonts]?"),
    ('[colour]\ntext = "000000"\n', "unknown table [colour]: did you mean [colours]?"),
    ('[colours]\nheadr_fill = "000000"\n', "unknown key `headr_fill` in [colours]: did you mean `header_fill`?"),
    ('[page]\nmargins_mm = { top = 15, bottm = 15 }\n', "unknown key `bottm` in [page.margins_mm]: did you mean `bottom`?"),
    ('[[columns]]\nkey = "kpi"\nwidht = 3\n', "unknown key `widht` in [[columns]] 1: did you mean `width`?"),
    ('[sections."Safer streets"]\nlables = { kpi = "Measure" }\n',
     'unknown table [sections."Safer streets".lables]: did you mean [sections."Safer streets".labels]?'),
    ('[sections."Safer streets"]\nlabels = { kip = "Measure" }\n',
     'unknown key `kip` in [sections."Safer streets".labels]: did you mean `kpi`?'),
    ('[sections."Safer streets"]\nextra = [{ key = "target", lable = "T" }]\n',
     'unknown key `lable` in [[sections."Safer streets".extra]] 1: did you mean `label`?'),
    ('[status]\ncolum = true\n', "unknown key `colum` in [status]: did you mean `column`?"),
    ('[labels]\npurpse = "Why"\n', "unknown key `purpse` in [labels]: did you mean `purpose`?"),
    ('[chart]\nwidth = 30\n', "unknown key `width` in [chart]: did you mean `width_mm`?"),
    ('authr = "Me"\n', "unknown key `authr`: did you mean `author`?"),
    ('[zzz]\nq = 1\n', "unknown table [zzz]: not one of name, author"),
    ('[page]\nsize = "Legal"\n', "`[page] size` = 'Legal' is not one of A4, A3, Letter"),
    ('[page]\norientation = "sideways"\n', "`[page] orientation` = 'sideways' is not one of portrait, landscape"),
    ('[page]\nmargins_mm = { top = 6 }\n', "`[page] margins_mm top` = 6: the page header needs at least 12 mm"),
    ('[page]\nmargins_mm = { bottom = 8 }\n', "`[page] margins_mm bottom` = 8: the footer and page numbers need at least 12 mm"),
    ('[chart]\ncolumn = "sub_objective"\n', "`[chart] column` = 'sub_objective' cannot hold a chart (its cells are merged"),
    ('[chart]\ncolumn = "curent"\n', "did you mean `current`?"),
    ('[chart]\ncolumn = "status"\n', "`[chart] column` = 'status' cannot hold a chart"),
])
def test_layout_mistake_is_an_error_naming_the_key(tmp_path, capsys, toml, message):
    code, text = _check(tmp_path, capsys, toml)
    assert code == 2 and message in text and "Traceback" not in text, text


def test_every_mistake_is_reported_at_once(tmp_path, capsys):
    code, text = _check(tmp_path, capsys, '[font]\nsize = 10\n[page]\norientaton = "portrait"\n[chart]\ncolum = "kpi"\n')
    assert code == 2 and "[fonts]" in text and "`orientation`" in text and "`column`" in text


def test_bundled_layouts_and_layout_new_have_no_unknown_keys(tmp_path, monkeypatch):
    from boardpaper.layout import LAYOUTS_DIR

    for toml in LAYOUTS_DIR.glob("*.toml"):
        load_layout(toml)
    monkeypatch.chdir(tmp_path)
    assert main(["layout", "new", "fresh"]) == 0
    load_layout(tmp_path / "layouts" / "fresh.toml")


def test_margin_of_12_mm_is_accepted(tmp_path, capsys):
    code, text = _check(tmp_path, capsys, '[page]\nmargins_mm = { top = 12, bottom = 12, left = 5, right = 5 }\n')
    assert code == 0, text


def test_section_setting_matching_no_section_is_a_warning_with_the_closest_title(tmp_path, capsys):
    code, text = _check(tmp_path, capsys, '[sections."Safer street"]\nlabels = { kpi = "Measure" }\n'
                                          '[sections."Confidence"]\nlabels = { kpi = "Measure" }\n')
    assert code == 0
    assert "[sections.\"Safer street\"] names no section of this paper; did you mean 'Safer streets'?" in text
    assert "[sections.\"Confidence\"]" not in text


def test_chart_column_of_sub_objective_is_refused_by_the_api_too(tmp_path):
    layout = tmp_path / "c.toml"
    layout.write_text('name = "c"\n[chart]\ncolumn = "sub_objective"\n')
    with pytest.raises(InputError) as e:
        load_layout(layout)
    assert "`[chart] column`" in str(e.value)
