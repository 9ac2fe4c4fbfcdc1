"""The page's two forms end to end, through a plain HTTP client: a held-out-style workbook built
into DOCX, PDF and HTML holding every KPI; a bad workbook listing its problems exactly as
``check`` words them and building nothing; the diff on a board's second edition; an officer's
edited DOCX read back into a workbook, which builds."""
from __future__ import annotations

import html
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from boardpaper.api import check
from boardpaper.errors import InputError
from boardpaper.readers.workbook import read_paper

from tests.helpers import system
from tests.helpers.serve import DOCX, build, fire_board_sheets, kpi_texts, links, post_form, wait_for_job, write_workbook


def _squash(text: str) -> str:
    return " ".join(text.split())


def docx_text(data: bytes) -> str:
    import docx

    d = docx.Document(io.BytesIO(data))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts.extend(c.text for c in row.cells)
    return _squash(" ".join(parts))


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return _squash(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages))


def html_text(data: bytes) -> str:
    return _squash(html.unescape(re.sub(r"<[^>]+>", " ", data.decode("utf-8"))))


def _downloads(client, page) -> dict[str, bytes]:
    got = {}
    for href in links(page.text):
        suffix = href.rsplit(".", 1)[-1]
        if href.startswith("/editions/") and suffix in ("docx", "pdf", "html"):
            r = client.get(href)
            assert r.status_code == 200 and r.headers["content-disposition"].startswith("attachment")
            got[suffix] = r.content
    return got


def test_a_held_out_workbook_builds_into_three_formats_holding_every_kpi(client, tmp_path):
    sheets = fire_board_sheets()
    page = build(client, write_workbook(tmp_path / "Fire board Oct.xlsx", sheets))
    assert page.status_code == 200 and page.url.path.startswith("/editions/")
    hrefs = links(page.text)
    for suffix in ("docx", "pdf", "html"):
        assert f"{page.url.path}/Fire-board-Oct.{suffix}" in hrefs
    files = _downloads(client, page)
    assert files["pdf"].startswith(b"%PDF") and files["docx"].startswith(b"PK")
    texts = {"docx": docx_text(files["docx"]), "pdf": pdf_text(files["pdf"]), "html": html_text(files["html"])}
    for kpi in kpi_texts(sheets):
        for fmt, text in texts.items():
            assert _squash(kpi) in text, (fmt, kpi)
    assert "94%" in texts["html"] and "£2,450,000" in texts["html"]  # as Excel shows them
    assert client.get(f"{page.url.path}/Fire-board-Oct.docx").headers["content-type"] == DOCX
    for report in ("warnings.txt", "accessibility.txt", "edition.json"):
        assert f"{page.url.path}/{report}" in hrefs
    assert "accessibility DOCX: passed" in client.get(f"{page.url.path}/accessibility.txt").text
    kept = json.loads(client.get(f"{page.url.path}/edition.json").text)
    assert kept["board"] == "Northshire Fire and Rescue Authority" and len(kept["input_sha256"]) == 64


def test_a_bad_workbook_lists_every_problem_as_check_words_it_and_builds_nothing(client, data, tmp_path):
    sheets = fire_board_sheets()
    sheets["kpis"][2][10] = "sideways"          # FR-02's polarity
    sheets["kpis"][3][0] = "FR-01"              # a repeated id
    sheets["sources"].append(["src3", "Orphan source", "not a link"])
    bad = write_workbook(tmp_path / "bad.xlsx", sheets)
    with pytest.raises(InputError) as e:
        check(bad)
    expected = [str(p) for p in e.value.problems]
    assert any("polarity" in line and "row 3" in line for line in expected)
    editions = sorted((data / "editions").iterdir())
    page = build(client, bad)
    assert page.status_code == 422
    listed = [html.unescape(li) for li in re.findall(r"<li(?: class=\"warning\")?>(.*?)</li>",
                                                        page.text.split('id="problems"')[1].split("</ul>")[0])]
    assert listed == expected  # every problem, worded exactly as `boardpaper check` prints it
    assert "kpis sheet, row 3, column `polarity`: &#39;sideways&#39; is not one of up, down, monitor" in page.text
    assert re.search(r'<input type="file" id="workbook"[^>]*aria-describedby="[^"]*problems', page.text)
    assert 'aria-invalid="true"' in page.text
    assert sorted((data / "editions").iterdir()) == editions  # nothing built
    assert not list((data / "incoming").iterdir())


def test_a_second_build_of_a_board_shows_what_changed(client, tmp_path):
    first = build(client, write_workbook(tmp_path / "oct.xlsx", fire_board_sheets("Second Board", "October 2026", 1234)))
    assert "first edition" in first.text
    second_sheets = fire_board_sheets("second  board", "November 2026", 1301)
    second = build(client, write_workbook(tmp_path / "nov.xlsx", second_sheets))
    assert "Changes since the previous edition" in second.text
    changes = json.loads(client.get(f"{second.url.path}/changes.json").text)
    assert {"kpi": "FR-03", "field": "current", "old": "1234", "new": "1301"}.items() <= next(
        c for c in changes if c["kpi"] == "FR-03" and c["field"] == "current").items()
    assert any(c["field"] == "meeting" for c in changes)
    assert re.search(r"<th scope=\"row\">FR-03</th><td>current</td><td[^>]*>1234</td><td[^>]*>1301</td>", second.text)
    assert "FR-03 current figure changed" in client.get(f"{second.url.path}/changes.txt").text.replace(":", "")
    board = [h for h in links(second.text) if h.startswith("/boards/")][0]
    listing = client.get(board).text
    assert first.url.path in listing and second.url.path in listing


def test_a_zip_of_csv_files_builds(client, tmp_path):
    import csv

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, rows in fire_board_sheets("Zip Board").items():
            text = io.StringIO()
            csv.writer(text).writerows([["" if v is None else v for v in row] for row in rows])
            z.writestr(f"export/{name}.csv", text.getvalue())
        z.writestr("../../evil.csv", "x")       # not a sheet's name: never taken, never a path
        z.writestr("__MACOSX/._kpis.csv", "junk")
    (tmp_path / "csv.zip").write_bytes(buf.getvalue())
    page = build(client, tmp_path / "csv.zip", formats=("docx", "html"))
    assert page.status_code == 200, page.text
    assert "Home fire safety visits" in html_text(_downloads(client, page)["html"])
    assert f"{page.url.path}/csv.zip" in links(page.text)  # the input as uploaded


def test_an_upload_that_is_not_a_workbook_is_an_error_tied_to_its_field(client):
    r = post_form(client, "/build", fields={"format": ["docx"]}, files={"workbook": ("old.xls", b"\xd0\xcf\x11\xe0")})
    assert r.status_code == 400
    assert "an Excel 97-2003 workbook" in r.text
    assert re.search(r'id="workbook"[^>]*aria-describedby="workbook-help workbook-error"[^>]*aria-invalid="true"', r.text)
    r = post_form(client, "/build", fields={}, files={"workbook": ("a.xlsx", b"PK")})
    assert r.status_code == 400 and 'id="formats-error"' in r.text


def _edit_figure(docx: bytes, old: str, new: str) -> bytes:
    """An officer's edit: the figure typed over in Word (python-docx keeps the bookmarks round it)."""
    import docx as python_docx

    d = python_docx.Document(io.BytesIO(docx))
    for t in d.tables:
        for row in t.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    for r in p.runs:
                        if old in r.text:
                            r.text = r.text.replace(old, new)
                            out = io.BytesIO()
                            d.save(out)
                            return out.getvalue()
    raise LookupError(old)


def test_an_edited_docx_reads_back_into_a_workbook_that_builds(client, tmp_path):
    page = build(client, write_workbook(tmp_path / "readback.xlsx", fire_board_sheets("Readback Board", "May 2026", 1234)),
                 formats=("docx",))
    docx = _downloads(client, page)["docx"]
    edited = _edit_figure(docx, "1234", "1250")  # a General-format number: Excel shows 1234
    r = post_form(client, "/readback", files={"docx": ("edited by officer.docx", edited)})
    assert r.status_code == 303
    listing = wait_for_job(client, r.headers["location"])
    assert listing.status_code == 200, listing.text
    assert re.search(r"<th scope=\"row\">FR-03</th><td>current</td><td[^>]*>1234</td><td[^>]*>1250</td><td><span[^>]*>edited",
                     listing.text), listing.text
    assert page.url.path in listing.text  # found the kept workbook of that edition
    assert 'name="accept_tracked"' in listing.text and 'name="apply_deletions"' in listing.text
    made = post_form(client, f"{listing.url.path}/apply", fields={"accept_tracked": "yes"}, page=listing.url.path)
    assert made.status_code == 303
    result = wait_for_job(client, made.headers["location"])
    href = next(h for h in links(result.text) if h.startswith("/readbacks/") and h.endswith(".xlsx"))
    (tmp_path / "back.xlsx").write_bytes(client.get(href).content)
    back = read_paper(tmp_path / "back.xlsx")
    assert dict(next(k for k in back.kpis if k.id == "FR-03").raw)["current"] == "1250"
    rebuilt = post_form(client, f"{result.url.path}/build", page=result.url.path)
    new = wait_for_job(client, rebuilt.headers["location"])
    assert new.url.path.startswith("/editions/") and new.url.path != page.url.path
    assert re.search(r"<th scope=\"row\">FR-03</th><td>current</td><td[^>]*>1234</td><td[^>]*>1250</td>", new.text)


def test_a_docx_read_back_with_its_workbook_and_a_docx_boardpaper_did_not_make(client, tmp_path):
    book = write_workbook(tmp_path / "given.xlsx", fire_board_sheets("Given Board"))
    page = build(client, book, formats=("docx",))
    edited = _edit_figure(_downloads(client, page)["docx"], "8.5", "8.4")
    r = post_form(client, "/readback", files={"docx": ("e.docx", edited), "source": ("given.xlsx", book.read_bytes())})
    listing = wait_for_job(client, r.headers["location"])
    assert "FR-01" in listing.text and "8.4" in listing.text and "given.xlsx" in listing.text
    import docx as python_docx

    other = io.BytesIO()
    python_docx.Document().save(other)
    r = post_form(client, "/readback", files={"docx": ("letter.docx", other.getvalue())})
    failed = wait_for_job(client, r.headers["location"])
    assert failed.status_code == 422 and "cannot be read back" in failed.text
    r = post_form(client, "/readback", files={"docx": ("notes.txt", b"hi")})
    assert r.status_code == 400 and 'id="docx-error"' in r.text


def test_an_edit_made_in_libreoffice_reads_back(client, tmp_path):
    """The officer's edit typed in LibreOffice itself (its UNO bridge) and saved as DOCX there."""
    from tests.helpers.office_edit import lo_edit

    system.require(system.UNO)
    page = build(client, write_workbook(tmp_path / "lo.xlsx", fire_board_sheets("LibreOffice Board", "June 2026", 1234)),
                 formats=("docx",))
    (tmp_path / "built.docx").write_bytes(_downloads(client, page)["docx"])
    edited = lo_edit(tmp_path / "built.docx", tmp_path / "edited.docx",
                     [{"replace": "Home fire safety visits", "with": "Home fire and wellbeing visits"},
                      {"replace": "8.5", "with": "8.3"}])
    r = post_form(client, "/readback", files={"docx": ("edited.docx", edited.read_bytes())})
    listing = wait_for_job(client, r.headers["location"])
    assert re.search(r"<th scope=\"row\">FR-01</th><td>current</td><td[^>]*>8.5</td><td[^>]*>8.3</td>", listing.text)
    assert re.search(r"<th scope=\"row\">FR-03</th><td>kpi</td><td[^>]*>Home fire safety visits[^<]*</td>"
                     r"<td[^>]*>Home fire and wellbeing visits", listing.text)


@pytest.mark.parametrize("quick", [True, False], ids=["quick", "contents pass"])
def test_the_server_builds_byte_for_byte_what_the_command_line_builds(client, tmp_path, quick):
    """Same input, same choices: the same files (with the contents pass, the kept LibreOffice
    measures the same page numbers as a LibreOffice started for the build)."""
    import shutil

    from boardpaper.api import build_one
    if not quick:
        system.require(system.LIBREOFFICE)
    book = write_workbook(tmp_path / "same.xlsx", fire_board_sheets(f"Same Board {quick}"))
    fields = {"quick": "yes"} if quick else {}
    page = build(client, book, formats=("docx", "pdf", "html"), **fields)
    served = _downloads(client, page)
    # the command line, on a copy named as the server keeps it
    cli = tmp_path / "cli"
    cli.mkdir()
    shutil.copy(book, cli / "same.xlsx")
    result = build_one(cli / "same.xlsx", out=cli / "out", quick=quick, formats=("docx", "pdf", "html"))
    for path in result.outputs:
        assert served[path.suffix[1:]] == path.read_bytes(), path.name
