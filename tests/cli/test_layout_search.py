"""The layout search path: beside the workbook, current folder, $BOARDPAPER_LAYOUTS, bundled;
name escapes; `boardpaper layouts` and `boardpaper layout new`; the bundled files."""
from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from boardpaper import layout as layout_mod
from boardpaper import resources
from boardpaper.__main__ import main
from boardpaper.api import SAMPLE, read
from boardpaper.errors import InputError
from boardpaper.layout import (LAYOUTS_DIR, find_layouts, layout_search_path, load_layout,
                               resolve_layout_name)
from tests.helpers.inputs import ROOT, good_sheets, write_xlsx

SPCB = (ROOT / "layouts" / "spcb.toml").read_text(encoding="utf-8")


def _layout(folder: Path, name: str, footer: str, reference: str | None = "spcb.docx") -> Path:
    """A copy of spcb named ``name`` in ``folder`` with its own footer (and reference DOCX)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = SPCB.replace('name = "spcb"', f'name = "{name}"').replace(
        'footer = "{board} – {meeting}"', f'footer = "{footer}"')
    if reference is None:
        text = text.replace('reference_docx = "spcb.docx"', "")
    elif reference == "spcb.docx":
        (folder / "spcb.docx").write_bytes((ROOT / "layouts" / "spcb.docx").read_bytes())
    else:
        text = text.replace('reference_docx = "spcb.docx"', f'reference_docx = "{reference}"')
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def places(tmp_path, monkeypatch):
    """A workbook folder, a current folder and two $BOARDPAPER_LAYOUTS folders, each with layouts:
    `a` everywhere, `b` from the current folder on, `c` in both env folders, `d` only in the second."""
    wb, cwd, env1, env2 = (tmp_path / n for n in ("board", "cwd", "env1", "env2"))
    for folder, names in ((wb / "layouts", "a"), (cwd / "layouts", "ab"), (env1, "abc"), (env2, "abcd")):
        for n in names:
            _layout(folder, n, f"{n} from {folder.parent.name if folder.name == 'layouts' else folder.name}",
                    reference=None)
    monkeypatch.chdir(cwd)
    monkeypatch.setenv("BOARDPAPER_LAYOUTS", os.pathsep.join([str(env1), "", str(tmp_path / "missing"),
                                                               str(env2)]))
    return wb / "paper.xlsx", wb, cwd, env1, env2


def test_search_order_is_workbook_folder_cwd_env_then_bundled(places):
    workbook, wb, cwd, env1, env2 = places
    assert [f.origin for f in layout_search_path(workbook)] == [
        "beside the workbook", "current folder", "BOARDPAPER_LAYOUTS", "BOARDPAPER_LAYOUTS", "bundled"]
    assert resolve_layout_name("a", near=workbook) == wb / "layouts" / "a.toml"
    assert resolve_layout_name("b", near=workbook) == cwd / "layouts" / "b.toml"
    assert resolve_layout_name("c", near=workbook) == env1 / "c.toml"
    assert resolve_layout_name("d", near=workbook) == env2 / "d.toml"
    assert resolve_layout_name("spcb", near=workbook) == LAYOUTS_DIR / "spcb.toml"
    assert resolve_layout_name("a") == cwd / "layouts" / "a.toml"  # no workbook: starts at the cwd


def test_a_folder_met_twice_is_searched_once(tmp_path, monkeypatch):
    monkeypatch.delenv("BOARDPAPER_LAYOUTS", raising=False)
    _layout(tmp_path / "layouts", "x", "x", reference=None)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BOARDPAPER_LAYOUTS", str(tmp_path / "layouts"))
    folders = layout_search_path(tmp_path / "paper.xlsx")
    assert [f.origin for f in folders] == ["beside the workbook", "bundled"]
    assert [f.name for f in find_layouts(tmp_path / "paper.xlsx")].count("x") == 1


def test_a_workbook_builds_with_the_layout_beside_it(places):
    workbook, *_ = places
    write_xlsx(workbook, good_sheets() | {"paper": good_sheets()["paper"] + [["layout", "a"]]})
    _, lay, _ = read(workbook)
    assert lay.footer == "a from board"
    sheets = good_sheets()
    sheets["paper"].append(["layout", "c"])
    _, lay, _ = read(write_xlsx(workbook, sheets))
    assert lay.footer == "c from env1"


def test_a_csv_folder_looks_beside_the_folder(places):
    from tests.helpers.inputs import write_csvs

    workbook, wb, *_ = places
    sheets = good_sheets()
    sheets["paper"].append(["layout", "a"])
    _, lay, _ = read(write_csvs(wb / "paper-csv", sheets))
    assert lay.footer == "a from board"


def test_unknown_name_lists_what_is_known_and_where_it_looked(places):
    workbook, wb, *_ = places
    with pytest.raises(InputError) as e:
        resolve_layout_name("zzz", near=workbook)
    text = e.value.report()
    assert "no layout named 'zzz'" in text and "known: a, b, c, d, ipr, spcb" in text
    assert str(wb / "layouts") in text and "boardpaper layout new zzz" in text


@pytest.mark.parametrize("name", ["../a", "a/../b", "/etc/passwd", "..", ".", "a.toml", "a b", " a", "a\\b",
                                  "", "-a", "x" * 65, "a\nb", "ä"])
def test_only_plain_names_are_looked_up(places, name):
    workbook, *_ = places
    with pytest.raises(InputError, match="plain layout name"):
        resolve_layout_name(name, near=workbook)


def test_a_layout_found_on_the_path_keeps_its_reference_docx_inside_its_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("BOARDPAPER_LAYOUTS", raising=False)
    (tmp_path / "secret.docx").write_bytes((ROOT / "layouts" / "spcb.docx").read_bytes())
    _layout(tmp_path / "layouts", "sneaky", "x", reference="../secret.docx")
    sheets = good_sheets()
    sheets["paper"].append(["layout", "sneaky"])
    workbook = write_xlsx(tmp_path / "w.xlsx", sheets)
    with pytest.raises(InputError, match="inside the layout's folder"):
        read(workbook)
    good = _layout(tmp_path / "layouts", "good", "x")
    assert load_layout(good).reference_docx == (tmp_path / "layouts" / "spcb.docx").resolve()


def test_layouts_command_marks_shadowed_layouts(places, capsys):
    workbook, wb, cwd, env1, env2 = places
    assert main(["layouts", str(workbook)]) == 0
    lines = capsys.readouterr().out.splitlines()
    a_lines = [line for line in lines if line.split()[:1] == ["a"]]
    assert len(a_lines) == 4 and "beside the workbook" in a_lines[0] and "shadowed" not in a_lines[0]
    assert all(f"shadowed by {wb / 'layouts' / 'a.toml'}" in line for line in a_lines[1:])
    spcb = [line for line in lines if line.startswith("spcb ")]
    assert len(spcb) == 1 and "bundled" in spcb[0] and "shadowed" not in spcb[0]
    assert lines[-1].startswith("searched, in order: ")


def test_layout_new_copies_the_default_and_never_overwrites(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("BOARDPAPER_LAYOUTS", raising=False)
    monkeypatch.chdir(tmp_path)
    assert main(["layout", "new", "myboard"]) == 0
    toml, docx = tmp_path / "layouts" / "myboard.toml", tmp_path / "layouts" / "myboard.docx"
    lay = load_layout(toml)
    assert lay.name == "myboard" and lay.reference_docx == docx.resolve()
    assert docx.read_bytes() == (LAYOUTS_DIR / "spcb.docx").read_bytes()
    assert lay.columns == load_layout().columns and lay.footer == load_layout().footer
    assert resolve_layout_name("myboard", near=tmp_path / "w.xlsx") == tmp_path / "layouts" / "myboard.toml"
    before = toml.read_bytes()
    capsys.readouterr()
    assert main(["layout", "new", "myboard"]) == 2
    assert "already exist" in capsys.readouterr().err and toml.read_bytes() == before
    toml.unlink()  # the TOML gone but the DOCX still there: still refused, nothing written
    assert main(["layout", "new", "myboard"]) == 2
    assert not toml.exists()


def test_a_new_layout_turned_portrait_keeps_its_tab_stops_on_the_page(tmp_path, monkeypatch):
    """The copied reference DOCX was made for a landscape page; the contents and footer tab stops
    follow the layout's own page, so page numbers stay inside the margin."""
    from docx import Document as open_docx
    from docx.shared import Mm

    monkeypatch.delenv("BOARDPAPER_LAYOUTS", raising=False)
    monkeypatch.chdir(tmp_path)
    assert main(["layout", "new", "tall"]) == 0
    toml = tmp_path / "layouts" / "tall.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('orientation = "landscape"', 'orientation = "portrait"'),
                    encoding="utf-8")
    lay = load_layout(toml)
    sheets = good_sheets()
    sheets["paper"].append(["layout", "tall"])
    assert main(["build", str(write_xlsx(tmp_path / "w.xlsx", sheets)), "--out", str(tmp_path / "o"),
                 "--quick", "--format", "docx"]) == 0
    styles = open_docx(tmp_path / "o" / "w.docx").styles
    for name in ("toc 1", "toc 2", "Footer", "Header"):
        stops = [t.position for t in styles[name].paragraph_format.tab_stops]
        assert stops and max(stops) <= Mm(lay.frame_width) + 635, name  # within a twip (635 EMU) of the margin


@pytest.mark.parametrize("name", ["../evil", "a/b", "spcb.toml"])
def test_layout_new_refuses_a_path(tmp_path, monkeypatch, capsys, name):
    monkeypatch.chdir(tmp_path)
    assert main(["layout", "new", name]) == 2
    err = capsys.readouterr().err
    assert "plain layout name" in err and "sheet" not in err
    assert not any(tmp_path.rglob("*.toml"))


def test_the_bundled_files_come_from_the_repository_in_a_checkout():
    assert LAYOUTS_DIR == ROOT / "layouts" and SAMPLE == ROOT / "inputs" / "spcb-2022-05.xlsx"


def test_bundled_files_in_a_zipped_package_are_copied_out(tmp_path, monkeypatch):
    """A package imported from a zip: the reference DOCX still resolves inside a real folder."""
    z = tmp_path / "pkg.zip"
    with zipfile.ZipFile(z, "w") as zf:
        for p in (ROOT / "layouts").iterdir():
            zf.write(p, f"boardpaper/_bundled/layouts/{p.name}")
    monkeypatch.setattr(resources, "_packaged", lambda kind: zipfile.Path(z, f"boardpaper/_bundled/{kind}/"))
    resources.bundled_dir.cache_clear()
    try:
        folder = resources.bundled_layouts()
        assert folder.is_dir() and folder != ROOT / "layouts"
        lay = load_layout(folder / "spcb.toml")
        assert lay.reference_docx == (folder / "spcb.docx").resolve()
    finally:
        resources.bundled_dir.cache_clear()


def test_the_module_level_bundled_folder_is_what_the_search_path_ends_with(monkeypatch, tmp_path):
    monkeypatch.delenv("BOARDPAPER_LAYOUTS", raising=False)
    _layout(tmp_path / "other", "elsewhere", "x", reference=None)
    monkeypatch.setattr(layout_mod, "LAYOUTS_DIR", tmp_path / "other")
    monkeypatch.chdir(tmp_path)
    assert resolve_layout_name("elsewhere") == tmp_path / "other" / "elsewhere.toml"


def test_version_is_the_installed_distribution_version(capsys):
    from importlib.metadata import version

    with pytest.raises(SystemExit) as e:
        main(["--version"])
    assert e.value.code == 0 and capsys.readouterr().out.strip() == f"boardpaper {version('boardpaper')}"
