"""Papers that are hard to lay out build, and read right in both formats: a sub-objective longer
than a page, a row taller than a page, footnotes that do not fit their page, long unbroken words."""
from __future__ import annotations

import io
import re
import zipfile

import pytest

from tests.helpers import awkward
from boardpaper.api import build_one, read
from boardpaper.writers.pdf.writer import layout_pdf
from tests.helpers import system
from tests.helpers.inputs import write_xlsx
from tests.helpers.readback import (docx_text, find_inspect, footnote_targets, holds, inspect_problems, misplaced_words, page_texts, squash,
                      stream_text)

MM = 72 / 25.4
PORTRAIT = 'name = "a4-portrait"\n[page]\nsize = "A4"\norientation = "portrait"\n'


def build(tmp_path, sheets, layout_toml: str | None = None):
    """Build with the API (quick), return (document, docx bytes, pdf bytes)."""
    src = write_xlsx(tmp_path / "paper.xlsx", sheets)
    layout = None
    if layout_toml:
        layout = tmp_path / "layout.toml"
        layout.write_text(layout_toml)
    result = build_one(src, out=tmp_path / "out", quick=True, layout=layout)
    _, _, doc = read(src, layout)
    files = {p.suffix: p.read_bytes() for p in result.outputs}
    return doc, files[".docx"], files[".pdf"]


def assert_everything_is_there(tmp_path, doc, docx: bytes, pdf: bytes) -> None:
    """Every KPI and every cited source's text in both formats; nothing drawn out of place; and
    paper-inspect reports no problem with either file."""
    dtext, ptext = docx_text(docx), stream_text(pdf)
    for s in doc.sections:
        for r in s.rows:
            assert squash(r.kpi) in dtext and holds(ptext, r.kpi), r.id
            for n in r.notes:
                assert squash(n.source.text) in dtext and holds(ptext, n.source.text), n.number
    assert misplaced_words(pdf, (15 * MM, 15 * MM)) == []
    if find_inspect() is None:
        pytest.skip("paper-inspect is not beside the project")
    for suffix, data in (("docx", docx), ("pdf", pdf)):
        path = tmp_path / f"check.{suffix}"
        path.write_bytes(data)
        assert inspect_problems(path) == [], suffix


def pages_showing(texts: list[str], snippets: list[str]) -> list[int]:
    """Indexes of the pages whose text holds any of ``snippets`` (whitespace ignored)."""
    return [i for i, t in enumerate(texts) if any(s in squash(t) for s in snippets)]


def test_a_sub_objective_of_120_kpis_with_one_taller_than_a_page(tmp_path):
    doc, docx, pdf = build(tmp_path, awkward.long_group(120, tall_at=50))
    assert_everything_is_there(tmp_path, doc, docx, pdf)
    texts = page_texts(pdf)
    rows = pages_showing(texts, ["KPInumber", "Sentence"])
    assert len(rows) >= 4
    for i in rows:
        assert "Availability" in texts[i], i + 1
    assert sum("Availability (continued)" in t for t in texts) == len(rows) - 1


def test_twelve_kpis_with_five_notes_and_one_with_forty(tmp_path):
    doc, docx, pdf = build(tmp_path, awkward.footnote_table())
    assert_everything_is_there(tmp_path, doc, docx, pdf)
    lay = read(tmp_path / "paper.xlsx")[1]
    _, passes = layout_pdf(doc, lay)
    marker_page = {n: p for p, ns in passes.notes.items() for n in ns}
    feet = {}
    for p, ns in passes.feet.items():
        for n in ns:
            feet.setdefault(n, []).append(p)
    assert set(feet) == {n.number for n in doc.notes}
    for n, pages in feet.items():
        assert pages[0] >= marker_page[n]  # a note never comes before its marker
        assert pages == list(range(pages[0], pages[-1] + 1))  # a continued note goes on to the next page


@pytest.mark.parametrize("cited, layout_toml", [(70, None), (120, PORTRAIT)])
def test_a_kpi_citing_many_sources_continues_its_notes_on_the_next_page(tmp_path, cited, layout_toml):
    sheets = awkward.paper([awkward.kpi(0, sources=[f"s{j}" for j in range(cited)]), awkward.kpi(1)],
                           awkward.numbered_sources(cited))
    doc, docx, pdf = build(tmp_path, sheets, layout_toml)
    assert_everything_is_there(tmp_path, doc, docx, pdf)
    lay = read(tmp_path / "paper.xlsx", tmp_path / "layout.toml" if layout_toml else None)[1]
    _, passes = layout_pdf(doc, lay)
    marker_page, = {p for p, ns in passes.notes.items() if 1 in ns}
    assert passes.feet[marker_page][0] == 1  # the notes start on the marker's page …
    assert max(passes.feet) > marker_page  # … and go on to the next
    shown = [n for p in sorted(passes.feet) for n in passes.feet[p]]
    assert sorted(set(shown)) == list(range(1, cited + 1))
    targets = footnote_targets(pdf)
    assert all(targets[n] == {min(p for p, ns in passes.feet.items() if n in ns)} for n in range(1, cited + 1))


def test_three_hundred_notes(tmp_path):
    doc, docx, pdf = build(tmp_path, awkward.three_hundred_notes())
    assert len(doc.notes) == 300
    assert_everything_is_there(tmp_path, doc, docx, pdf)
    targets = footnote_targets(pdf)  # every marker links to the page its note starts on
    lay = read(tmp_path / "paper.xlsx")[1]
    _, passes = layout_pdf(doc, lay)
    starts = {}
    for p in sorted(passes.feet):
        for n in passes.feet[p]:
            starts.setdefault(n, p)
    assert set(targets) == set(range(1, 301)) and all(targets[n] == {starts[n]} for n in targets)


def test_a_22_kpi_group_with_a_tall_row_in_landscape(tmp_path):
    doc, docx, pdf = build(tmp_path, awkward.group_with_tall_row())
    assert_everything_is_there(tmp_path, doc, docx, pdf)
    texts = page_texts(pdf)
    rows = pages_showing(texts, [f"KPInumber{i}measured" for i in range(22)] + ["Sentence"])
    assert len(rows) >= 2
    for i in rows:
        assert "Positive outcomes" in texts[i], i + 1
    tall = [r for s in doc.sections for r in s.rows if r.may_split]
    assert [r.id for r in tall] == ["K5"]
    group = doc.sections[0].groups[0]
    assert group.repeat_label and not doc.sections[0].groups[1].repeat_label
    # the DOCX: the tall row may break across pages, and the long group is not merged but
    # labelled in every row, so LibreOffice and Word show the label on every page
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        xml = z.read("word/document.xml").decode()
    rows_xml = re.findall(r"<w:tr[ >].*?</w:tr>", xml, re.S)
    table_rows = [r for r in rows_xml if "K" in r or "Positive" in r][-(len(doc.sections[0].rows) + 1):]
    body = table_rows[1:]
    assert ["cantSplit" not in r for r in body].count(True) == 1
    assert "cantSplit" not in body[5]
    for r in body[:22]:
        assert "Positive outcomes" in r and "vMerge" not in r
    assert "Victims" in body[22] and "vMerge" in body[22]  # a short group is still merged


def test_long_unbroken_words_wrap_inside_their_cells_in_a4_portrait(tmp_path):
    doc, docx, pdf = build(tmp_path, awkward.long_words(), PORTRAIT)
    assert_everything_is_there(tmp_path, doc, docx, pdf)
    text = stream_text(pdf)
    assert "G" * 150 in text and "9" * 120 in text and awkward.URL in text
    assert "-\n" not in "".join(page_texts(pdf)).replace(awkward.URL, "")  # no hyphen added at a break


@pytest.mark.libreoffice
def test_libreoffice_shows_the_long_groups_label_on_every_page(tmp_path):
    from boardpaper.build.libreoffice import convert_to_pdf

    system.require(system.LIBREOFFICE)
    doc, docx, _ = build(tmp_path, awkward.group_with_tall_row())
    texts = page_texts(convert_to_pdf(docx))
    # every page where one of the group's rows starts (a page holding only the middle of the tall
    # row shows no label: Word and LibreOffice do not repeat a cell's text when its row breaks)
    rows = pages_showing(texts, [f"KPInumber{i}measured" for i in range(22)] + ["Sentence0of"])
    assert len(rows) >= 2
    for i in rows:
        assert "Positive outcomes" in texts[i], i + 1
    assert "Sentence149" in squash("".join(texts))  # the tall row is there whole


@pytest.mark.parametrize("toml, key", [
    ('[[columns]]\nkey = "kpi"\nwidth = 30\n[[columns]]\nkey = "current"\nwidth = 0\n', "`[[columns]] 2 width`"),
    ('[[columns]]\nkey = "kpi"\nwidth = 30\n[[columns]]\nkey = "current"\nwidth = -4\n', "`[[columns]] 2 width`"),
    ('[[columns]]\nkey = "kpi"\nwidth = 2000\n[[columns]]\nkey = "current"\nwidth = 1\n', "`[[columns]] 2 width`"),
    ('[sections."Safer streets"]\nextra = [{ key = "target", width = 0 }]\n',
     '`[sections."Safer streets"] extra 1 width`'),
    ('[page]\nmargins_mm = { left = 110, right = 110 }\n', "`[page] margins_mm`"),
    ('[page]\nmargins_mm = { top = -5 }\n', "`[page] margins_mm top`"),
    ('[fonts]\nsize = 0\n', "`[fonts] size`"),
    ('[chart]\nwidth_mm = 0\n', "`[chart] width_mm`"),
])
def test_a_layout_that_cannot_be_laid_out_is_refused_naming_its_key(tmp_path, capsys, toml, key):
    from boardpaper.__main__ import main
    from boardpaper.errors import InputError

    layout = tmp_path / "bad.toml"
    layout.write_text('name = "bad"\n' + toml)
    src = write_xlsx(tmp_path / "paper.xlsx", awkward.paper([awkward.kpi(0)]))
    code = main(["check", str(src), "--layout", str(layout)])
    err = capsys.readouterr().err
    assert code == 2 and key in err and "Traceback" not in err, err
    with pytest.raises(InputError) as e:
        build_one(src, out=tmp_path / "out", layout=layout)
    assert key in str(e.value)
    assert not (tmp_path / "out").exists()


def test_the_command_line_build_exits_2_on_a_layout_column_of_width_0(tmp_path):
    import subprocess
    import sys

    layout = tmp_path / "bad.toml"
    layout.write_text('name = "bad"\n[[columns]]\nkey = "kpi"\nwidth = 3\n[[columns]]\nkey = "current"\nwidth = 0\n')
    src = write_xlsx(tmp_path / "paper.xlsx", awkward.paper([awkward.kpi(0)]))
    r = subprocess.run([sys.executable, "-m", "boardpaper", "build", str(src), "--out", str(tmp_path / "out"),
                        "--layout", str(layout)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 2 and "`[[columns]] 2 width`" in r.stderr and "Traceback" not in r.stderr, r.stderr


def test_rows_below_a_row_whose_notes_continue_stay_under_its_header(tmp_path):
    """A row whose 30 long notes continue on the next page, then rows with no notes: they follow
    it on its page in the same part of the table, not under a second header row mid-page."""
    sources = [[f"s{j}", f"Source number {j} – " + "annual statistics of recorded crime " * 6,
                f"https://example.org/{j}"] for j in range(30)]
    rows = [awkward.kpi(0, sources=[f"s{j}" for j in range(30)])] + [awkward.kpi(i) for i in range(1, 25)]
    result = build_one(write_xlsx(tmp_path / "m.xlsx", awkward.paper(rows, sources)), out=tmp_path / "o",
                       quick=True, formats=("pdf",))
    texts = page_texts(result.outputs[0].read_bytes())
    assert [t.count("Key Performance Indicator") for t in texts][1] == 1 and "KPI number 24" in "".join(texts)
    assert max(t.count("Key Performance Indicator") for t in texts) == 1


@pytest.mark.parametrize("tables", ["merged", "accessible"])
def test_a_sub_objective_title_taller_than_a_page_is_laid_out(tmp_path, tables):
    """A sub-objective title that wraps to more than a page in its column: the PDF layout used to
    put the whole title back at the top of every part that continued the row, so the build never
    ended (thousands of pages a minute). The rest of the title goes on instead."""
    import subprocess
    import sys

    title = "Availability " + "abcdefghij" * 80  # one unbroken word: about 70 lines in a 23 mm column
    rows = [awkward.kpi(i, group=title) for i in range(3)]
    src = write_xlsx(tmp_path / "paper.xlsx", awkward.paper(rows))
    layout = tmp_path / "narrow.toml"
    layout.write_text('name = "narrow"\n[page]\nsize = "A4"\norientation = "landscape"\n'
                      '[[columns]]\nkey = "sub_objective"\nwidth = 10\n[[columns]]\nkey = "kpi"\nwidth = 100\n')
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "boardpaper", "build", str(src), "--out", str(out), "--layout",
                        str(layout), "--quick", "--format", "pdf", "--tables", tables],
                       capture_output=True, text=True, timeout=120)  # a layout that never ends fails here
    assert r.returncode == 0, r.stderr
    pdf = (out / "paper.pdf").read_bytes()
    assert len(page_texts(pdf)) <= 12  # cover, contents, the title about twice, three short rows
    text = stream_text(pdf)
    assert holds(text, title)
    for row in rows:
        assert squash(row[3]) in text, row[0]
