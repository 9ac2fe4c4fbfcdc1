"""Installed like a tool: the wheel built from the tree, installed into a fresh virtual environment,
run in an empty folder, far from the checkout.

One wheel and one environment for the whole module (about a minute, mostly installing the
dependencies). Deselect with ``-m "not install"``.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers.inputs import ROOT

pytestmark = pytest.mark.install

BUNDLED = ("layouts", "inputs")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> tuple[Path, str]:
    """The wheel built by `python -m build` (sdist first, then the wheel from the sdist, as from a
    fresh clone), and everything the build printed."""
    dist = tmp_path_factory.mktemp("dist")
    r = subprocess.run([sys.executable, "-m", "build", "--outdir", str(dist), str(ROOT)],
                       capture_output=True, text=True, env=os.environ | {"PYTHONWARNINGS": "default"})
    assert r.returncode == 0, r.stdout + r.stderr
    (whl,) = dist.glob("boardpaper-*.whl")
    return whl, r.stdout + r.stderr


@pytest.fixture(scope="module")
def tool(wheel, tmp_path_factory):
    """Run ``boardpaper`` from a fresh environment holding only the wheel and its dependencies."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    for args in (["--require-hashes", "-r", str(ROOT / "requirements" / "runtime.txt")], ["--no-deps", str(wheel[0])]):
        # the lock's runtime set, then the wheel: what the wheel needs is all in the lock
        r = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", *args],
                           capture_output=True, text=True)
        assert r.returncode == 0, r.stdout + r.stderr
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "BOARDPAPER_LAYOUTS", "VIRTUAL_ENV", "PYTHONHOME")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"

    def run(*args: str, cwd: Path, code: int = 0) -> subprocess.CompletedProcess:
        done = subprocess.run([str(venv / "bin" / "boardpaper"), *args], cwd=cwd, env=env,
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == code, f"boardpaper {' '.join(args)}: {done.returncode}\n{done.stdout}{done.stderr}"
        return done

    run.venv = venv
    run.env = env
    return run


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def test_the_wheel_builds_without_deprecation_warnings(wheel):
    _, output = wheel
    assert not re.search(r"deprecat", output, re.I), output


def test_the_wheel_carries_every_bundled_layout_and_input(wheel):
    names = set(zipfile.ZipFile(wheel[0]).namelist())
    expected = {f"boardpaper/_bundled/{p.relative_to(ROOT).as_posix()}" for folder in BUNDLED
                for p in (ROOT / folder).rglob("*") if p.is_file() and not p.name.startswith((".", "~$"))}
    assert {"boardpaper/_bundled/layouts/spcb.toml", "boardpaper/_bundled/layouts/spcb.docx",
            "boardpaper/_bundled/inputs/spcb-2022-05.xlsx"} <= expected
    assert expected <= names
    assert not any(n.startswith(("layouts/", "inputs/")) for n in names)  # nothing at the top of site-packages


def test_the_wheel_carries_dejavu_sans_with_its_licence(wheel):
    """The font of last resort is in the package (boardpaper/fonts/data), not borrowed from
    another package or the machine."""
    names = set(zipfile.ZipFile(wheel[0]).namelist())
    assert {"boardpaper/fonts/data/DejaVuSans.ttf", "boardpaper/fonts/data/DejaVuSans-Bold.ttf",
            "boardpaper/fonts/data/LICENSE-DejaVu.txt"} <= names


def test_it_runs_from_the_installed_package_not_the_checkout(tool, tmp_path):
    py = tool.venv / "bin" / "python"
    code = ("import boardpaper.api as a, boardpaper.layout as l, boardpaper.fonts.coverage as f; "
            "print(a.__file__, a.SAMPLE, l.LAYOUTS_DIR, f.find_family('dejavu sans')[0])")
    out = subprocess.run([str(py), "-c", code], cwd=tmp_path, env=tool.env, capture_output=True, text=True,
                         check=True).stdout.split()
    assert all(Path(p).is_relative_to(tool.venv) for p in out), out
    assert tool("--version", cwd=tmp_path).stdout.strip() == "boardpaper 0.1.0"


def test_build_in_an_empty_folder_builds_the_sample(tool, tmp_path):
    done = tool("build", cwd=tmp_path)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["spcb-2022-05.docx", "spcb-2022-05.pdf"]
    assert "76 KPIs" in done.stdout
    from docx import Document

    doc = Document(tmp_path / "out" / "spcb-2022-05.docx")
    assert "Title" in [s.name for s in doc.styles]  # the bundled reference DOCX's styles were found
    assert "Strategic Policing and Crime Board" in _pdf_text(tmp_path / "out" / "spcb-2022-05.pdf")


def test_a_new_board_from_the_starter_workbook_and_its_own_layout(tool, tmp_path):
    done = tool("new", "board.xlsx", cwd=tmp_path)
    assert "boardpaper check board.xlsx" in done.stdout
    check = tool("check", "board.xlsx", cwd=tmp_path)
    assert "no problems found" in check.stdout and "warning" not in check.stdout + check.stderr
    tool("build", "board.xlsx", "--quick", cwd=tmp_path)
    assert (tmp_path / "out" / "board.pdf").is_file() and (tmp_path / "out" / "board.docx").is_file()
    before = (tmp_path / "board.xlsx").read_bytes()
    refused = tool("new", "board.xlsx", cwd=tmp_path, code=2)
    assert "already exists" in refused.stderr and (tmp_path / "board.xlsx").read_bytes() == before

    tool("layout", "new", "myboard", cwd=tmp_path)
    toml = tmp_path / "layouts" / "myboard.toml"
    text = toml.read_text(encoding="utf-8")
    assert 'name = "myboard"' in text and (tmp_path / "layouts" / "myboard.docx").is_file()
    toml.write_text(re.sub(r"(?m)^footer = .*$", 'footer = "MYBOARD FOOTER {meeting}"', text), encoding="utf-8")
    tool("layout", "new", "myboard", cwd=tmp_path, code=2)
    assert "MYBOARD FOOTER" in toml.read_text(encoding="utf-8")  # not overwritten

    tool("new", "mine.xlsx", "--layout", "myboard", cwd=tmp_path)
    tool("build", "mine.xlsx", "--quick", cwd=tmp_path)
    pdf = _pdf_text(tmp_path / "out" / "mine.pdf")
    assert pdf.count("MYBOARD FOOTER June 2026") >= 2 and "Strategic Policing and Crime Board – June" not in pdf
    assert "MYBOARD FOOTER" not in _pdf_text(tmp_path / "out" / "board.pdf")

    listing = tool("layouts", cwd=tmp_path).stdout.splitlines()
    rows = {line.split()[0]: line for line in listing if not line.startswith("searched")}
    assert set(rows) == {"myboard", "spcb", "ipr"}
    assert "current folder" in rows["myboard"] and str(toml) in rows["myboard"]
    assert "bundled" in rows["spcb"] and str(tool.venv) in rows["spcb"]
    assert "bundled" in rows["ipr"]
