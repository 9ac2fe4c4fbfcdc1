"""Hostile workbooks: refused quickly, nothing of a local file reaches an output."""
from __future__ import annotations

import zipfile

import pytest

from boardpaper.__main__ import main
from boardpaper.errors import InputError
from boardpaper.layout import load_layout, resolve_layout_name
from boardpaper.readers.workbook import read_paper
from tests.helpers.inputs import ROOT, good_sheets, write_xlsx

SECRET = "TOP-SECRET-7f3a9c"


def _replace_part(src, dst, name: str, data: bytes, compress=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", compress) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, data if info.filename == name else zin.read(info.filename))
    return dst


def _sheet_with(tmp_path, doctype: str, text: str):
    """A workbook whose `paper` sheet declares ``doctype`` and shows ``text`` as the board's name."""
    src = write_xlsx(tmp_path / "src.xlsx", good_sheets())
    with zipfile.ZipFile(src) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert "Test Board" in xml
    head, body = xml.split("?>", 1) if xml.startswith("<?xml") else ('<?xml version="1.0"', xml)
    xml = f"{head}?>{doctype}{body.replace('Test Board', text)}"
    return _replace_part(src, tmp_path / "evil.xlsx", "xl/worksheets/sheet1.xml", xml.encode())


def test_external_entity_is_refused_and_the_secret_never_appears(tmp_path, capsys):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    evil = _sheet_with(tmp_path, f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file://{secret}">]>', "&xxe;")
    out = tmp_path / "out"
    assert main(["build", str(evil), "--out", str(out), "--quick"]) == 2
    printed = capsys.readouterr()
    assert SECRET not in printed.out + printed.err
    assert not out.exists() or not any(SECRET.encode() in p.read_bytes() for p in out.iterdir())


def test_billion_laughs_is_refused(tmp_path):
    lol = '<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)) + "]>"
    evil = _sheet_with(tmp_path, lol, "&lol9;")
    with pytest.raises(InputError):
        read_paper(evil)


def test_a_part_that_inflates_hugely_is_refused_before_parsing(tmp_path):
    src = write_xlsx(tmp_path / "src.xlsx", good_sheets())
    bomb = _replace_part(src, tmp_path / "bomb.xlsx", "xl/worksheets/sheet1.xml", b" " * (30 * 1024 * 1024))
    with pytest.raises(InputError, match="zip bomb"):
        read_paper(bomb)


def test_too_many_uncompressed_bytes_are_refused(tmp_path, monkeypatch):
    from boardpaper.readers import tables

    monkeypatch.setattr(tables, "MAX_UNZIPPED_BYTES", 1000)
    with pytest.raises(InputError, match="would unpack to"):
        read_paper(write_xlsx(tmp_path / "w.xlsx", good_sheets()))


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "..", "spcb/../../x", "a b"])
def test_a_workbook_names_a_layout_only_by_plain_name(name):
    with pytest.raises(InputError, match="plain layout name"):
        resolve_layout_name(name)


def test_workbook_with_path_layout_exits_2(tmp_path, capsys):
    sheets = good_sheets()
    sheets["paper"].append(["layout", "../../etc/passwd"])
    bad = write_xlsx(tmp_path / "w.xlsx", sheets)
    assert main(["build", str(bad), "--out", str(tmp_path / "out"), "--quick"]) == 2
    assert "plain layout name" in capsys.readouterr().err


@pytest.mark.parametrize("ref", ["../../../etc/passwd", "/etc/passwd"])
def test_layout_files_stay_inside_their_folder(tmp_path, ref):
    toml = (ROOT / "layouts" / "spcb.toml").read_text().replace('reference_docx = "spcb.docx"',
                                                                f'reference_docx = "{ref}"')
    (tmp_path / "l.toml").write_text(toml)
    with pytest.raises(InputError, match="inside the layout's folder"):
        load_layout(tmp_path / "l.toml")


def test_symlink_out_of_the_layout_folder_is_refused(tmp_path):
    (tmp_path / "lay").mkdir()
    (tmp_path / "lay" / "ref.docx").symlink_to("/etc/passwd")
    toml = (ROOT / "layouts" / "spcb.toml").read_text().replace('reference_docx = "spcb.docx"',
                                                                'reference_docx = "ref.docx"')
    (tmp_path / "lay" / "l.toml").write_text(toml)
    with pytest.raises(InputError, match="inside the layout's folder"):
        load_layout(tmp_path / "lay" / "l.toml")


def test_csv_too_large_is_refused(tmp_path, monkeypatch):
    from boardpaper.readers import tables
    from tests.helpers.inputs import write_csvs

    monkeypatch.setattr(tables, "MAX_FILE_BYTES", 100)
    with pytest.raises(InputError, match="the limit is"):
        read_paper(write_csvs(tmp_path / "c", good_sheets()))
