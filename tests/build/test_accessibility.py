"""Accessible by default: the checks of the accessibility report, the accessible table style,
the contrast check, and the tagged PDF made by LibreOffice."""
from __future__ import annotations

import io
import re
import zipfile

import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from boardpaper.build.accessibility import check_docx, check_pdf
from boardpaper.api import build_one
from boardpaper.errors import InputError
from boardpaper.layout import contrast_ratio, load_layout
from tests.helpers import system
from tests.helpers.inputs import ROOT, SAMPLE

needs_libreoffice = system.needs(system.LIBREOFFICE)


def test_the_sample_passes_both_reports(sample_build):
    result, docx, pdf = sample_build
    assert check_docx(docx.read_bytes()) == []
    assert check_pdf(pdf.read_bytes()) == []
    assert [line.split(":")[1].strip().split(" ")[0] for line in result.accessibility] == ["passed", "passed"]


def test_the_docx_check_finds_missing_alt_text_and_skipped_headings(sample_build):
    _, docx, _ = sample_build
    data = docx.read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            part = zin.read(info.filename)
            if info.filename == "word/document.xml":
                part = re.sub(rb'descr="[^"]*"', b'descr=""', part, count=1)
                part = part.replace(b'w:val="Heading1"', b'w:val="Heading3"', 1)
            zout.writestr(info, part)
    problems = check_docx(out.getvalue())
    assert any("has no alt text" in p for p in problems)
    assert any("heading level 3 follows level 0" in p for p in problems)


def test_accessible_tables_have_no_merged_cells_and_keep_every_link(tmp_path):
    result = build_one(SAMPLE, out=tmp_path, quick=True, tables="accessible")
    docx = next(p for p in result.outputs if p.suffix == ".docx")
    with zipfile.ZipFile(docx) as z:
        xml = z.read("word/document.xml").decode()
    assert "w:vMerge" not in xml and "w:gridSpan" not in xml
    anchors = set(re.findall(r'w:anchor="([^"]+)"', xml))
    marks = set(re.findall(r'w:bookmarkStart [^>]*w:name="([^"]+)"', xml))
    assert len(anchors) == 25 and anchors <= marks  # the chart key, 8 tables, 16 sub-objectives
    # the sub-objective is repeated in each row of its group
    assert xml.count(">Violence against women and girls<") >= 8 + 1
    assert check_docx(docx.read_bytes()) == []


def test_a_low_contrast_layout_is_refused_naming_both_colours_and_the_ratio(tmp_path):
    toml = (ROOT / "layouts" / "spcb.toml").read_text()
    toml = toml.replace('header_text = "FFFFFF"', 'header_text = "7F7F7F"').replace(
        'reference_docx = "spcb.docx"', "")
    (tmp_path / "low.toml").write_text(toml)
    with pytest.raises(InputError) as e:
        load_layout(tmp_path / "low.toml")
    message = str(e.value)
    assert "#7F7F7F" in message and "#1F3864" in message and ":1" in message


def test_contrast_ratio_matches_wcag():
    assert contrast_ratio("000000", "FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("777777", "FFFFFF") == pytest.approx(4.48, abs=0.01)


def _structure(pdf: bytes) -> tuple[dict, int]:
    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    counts: dict[str, int] = {}
    alt = 0
    stack, seen = [root["/StructTreeRoot"].get_object().get("/K")], set()
    while stack:
        k = stack.pop()
        if isinstance(k, IndirectObject):
            if k.idnum in seen:
                continue
            seen.add(k.idnum)
            k = k.get_object()
        if isinstance(k, list):
            stack.extend(k)
        elif hasattr(k, "get") and k.get("/S") is not None:
            s = str(k["/S"]).lstrip("/")
            counts[s] = counts.get(s, 0) + 1
            alt += s == "Figure" and bool(k.get("/Alt"))
            stack.append(k.get("/K"))
    return counts, alt


@needs_libreoffice
def test_libreoffice_engine_makes_a_tagged_pdf_ua(tmp_path):
    result = build_one(SAMPLE, out=tmp_path, tables="accessible", pdf_engine="libreoffice")
    pdf = next(p for p in result.outputs if p.suffix == ".pdf").read_bytes()
    r = PdfReader(io.BytesIO(pdf))
    root = r.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()
    assert r.metadata.title.startswith("Performance Report Appendix")
    counts, alt = _structure(pdf)
    assert {"Document", "H1", "Table", "TR", "TH", "TD", "Figure", "Link"} <= set(counts)
    assert alt == 31 + 4  # every chart of the sample, and each sample of the chart key, with its words
    assert "accessibility PDF: passed (tagged)" in result.accessibility


def test_libreoffice_engine_without_libreoffice_fails_clearly(tmp_path, monkeypatch):
    import boardpaper.build.libreoffice as lo

    monkeypatch.setattr(lo, "soffice_path", lambda: None)
    with pytest.raises(InputError, match="needs LibreOffice"):
        build_one(SAMPLE, out=tmp_path, pdf_engine="libreoffice")
