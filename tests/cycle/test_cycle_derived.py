"""Text boardpaper makes itself (status summary, counts, key, contents) is known to the manifest:
an untouched DOCX of any layout harvests as no changes, also after LibreOffice opens and saves it,
while an edit to that text is still listed (issue 31, item 3)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.helpers.cycle import build_docx, changes_of, edit_docx
from tests.helpers.inputs import ROOT, SAMPLE
from tests.helpers import system
from tests.helpers.office_edit import lo_edit

TRUST = ROOT / "inputs" / "ipr-example.xlsx"
needs_lo = system.needs(system.UNO)


def _status_in_spcb(tmp: Path) -> Path:
    """The sample under a layout of its own: spcb's house style with the status column and summary
    on, accessible tables (no merged labels) and another summary title."""
    folder = tmp / "layouts"
    folder.mkdir()
    shutil.copy(ROOT / "layouts" / "spcb.docx", folder / "spcb.docx")
    toml = (ROOT / "layouts" / "spcb.toml").read_text(encoding="utf-8")
    toml = toml.replace('name = "spcb"', 'name = "mine"').replace('tables = "merged"', 'tables = "accessible"')
    toml = toml[:toml.index("[status]")]
    toml += '[status]\ncolumn = true\nsummary = true\nmin_points = 5\nsummary_title = "Where we stand"\n'
    (folder / "mine.toml").write_text(toml, encoding="utf-8")
    wb = load_workbook(SAMPLE)
    ws = wb["paper"]
    row = next(r for r in ws.iter_rows() if r[0].value == "layout")
    row[1].value = "mine"
    wb.save(tmp / "sample-status.xlsx")
    return tmp / "sample-status.xlsx"


@pytest.fixture(scope="module", params=["trust", "sample", "status-in-spcb"])
def built(request, tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp(request.param)
    source = {"trust": lambda: TRUST, "sample": lambda: SAMPLE, "status-in-spcb": lambda: _status_in_spcb(tmp)}
    return build_docx(source[request.param](), tmp / "out")


def test_untouched_paper_of_any_layout_harvests_to_no_changes(built):
    assert changes_of(built) == []


def test_edited_summary_wording_is_still_listed(built, tmp_path):
    import zipfile

    with zipfile.ZipFile(built) as z:
        xml = z.read("word/document.xml").decode()
    if " · " not in xml:
        pytest.skip("no status summary in this layout")

    def edit(root, _notes):
        t = next(t for t in root.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")
                 if t.text and " · " in t.text)
        t.text = "Ordinary variation " + t.text  # in the counts line
    changes = changes_of(edit_docx(built, tmp_path / "e.docx", edit))
    assert changes and all(c.state == "unmapped" for c in changes)
    assert any("Ordinary variation" in (c.new or "") for c in changes)


@needs_lo
@pytest.mark.libreoffice
def test_libreoffice_save_of_an_untouched_paper_harvests_to_no_changes(built, tmp_path):
    saved = lo_edit(built, tmp_path / "saved.docx", [])
    assert changes_of(saved) == []
