"""The DOCX follows every [fonts] and [colours] setting the PDF follows, even where the layout's
reference document defines the style otherwise (issue 31, item 4): read back from the DOCX styles."""
from __future__ import annotations

import docx as python_docx
from docx.oxml.ns import qn

from boardpaper.__main__ import main
from tests.helpers.cycle import quick_docx
from tests.helpers.inputs import good_sheets, write_xlsx


def _made_layout(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["layout", "new", "house"]) == 0
    toml = tmp_path / "layouts" / "house.toml"
    text = toml.read_text(encoding="utf-8")
    text = text.replace('body = "Arial"', 'body = "Georgia"').replace("size = 9", "size = 11")
    text = text.replace("heading1_size = 13", "heading1_size = 17")
    text = text.replace('heading = "1F3864"', 'heading = "7A1F3D"').replace('link = "0B4F9C"', 'link = "6B2C91"')
    text = text.replace('header_fill = "1F3864"', 'header_fill = "7A1F3D"').replace('border = "8EAADB"', 'border = "999999"')
    text = text.replace('text = "000000"', 'text = "222222"')
    toml.write_text(text, encoding="utf-8")


def test_docx_styles_follow_the_layout_over_its_reference_document(tmp_path, monkeypatch):
    _made_layout(tmp_path, monkeypatch)
    sheets = good_sheets()
    sheets["paper"].append(["layout", "house"])
    src = write_xlsx(tmp_path / "paper.xlsx", sheets)
    d = python_docx.Document(str(quick_docx(src, tmp_path / "out" / "p.docx")))
    normal, h1, title, link = (d.styles[n] for n in ("Normal", "Heading 1", "Title", "Hyperlink"))
    assert (normal.font.name, normal.font.size.pt, str(normal.font.color.rgb)) == ("Georgia", 11, "222222")
    assert (h1.font.size.pt, str(h1.font.color.rgb)) == (17, "7A1F3D")
    assert str(title.font.color.rgb) == "7A1F3D" and str(link.font.color.rgb) == "6B2C91"
    table = d.styles["BP Scorecard"].element
    fills = {p.get(qn("w:type")): p.find(".//" + qn("w:shd")).get(qn("w:fill")) for p in table.findall(qn("w:tblStylePr"))}
    assert fills["firstRow"] == "7A1F3D"
    assert {b.get(qn("w:color")) for b in table.find(qn("w:tblPr")).find(qn("w:tblBorders"))} == {"999999"}
    assert all(f.get(qn("w:ascii")) == "Georgia" for f in d.styles.element.iter(qn("w:rFonts"))
               if f.get(qn("w:ascii")))


def test_docx_of_an_unchanged_layout_new_keeps_the_reference_styles(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["layout", "new", "same"]) == 0
    sheets = good_sheets()
    sheets["paper"].append(["layout", "same"])
    d = python_docx.Document(str(quick_docx(write_xlsx(tmp_path / "p.xlsx", sheets), tmp_path / "o" / "p.docx")))
    assert (d.styles["Normal"].font.name, d.styles["Normal"].font.size.pt) == ("Arial", 9)
    assert str(d.styles["Heading 1"].font.color.rgb) == "1F3864"
