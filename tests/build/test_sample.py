"""The bundled sample is the published May 2022 appendix, table for table."""
from __future__ import annotations

import re
import zipfile

import pytest
from pypdf import PdfReader

from boardpaper.api import build_one, read
from boardpaper.charts import alt_text
from tests.helpers.inputs import SAMPLE

PUBLISHED_TABLES = [
    "Rebuilding community policing",
    "Preventing and Reducing Crime",
    "Increased Confidence in West Midlands Police",
    "Supporting the workforce, organisational change and new technology",
    "An efficient and effective criminal justice system",
    "Supporting victims and witnesses",
    "Reducing Violence",
    "Supporting the workforce, organisational change and new technology",
]


@pytest.fixture(scope="module")
def sample():
    return read(SAMPLE)[2]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_one(SAMPLE, out=tmp_path_factory.mktemp("sample"), quick=True)


def test_eight_tables_in_the_published_order(sample):
    assert [s.title for s in sample.sections] == PUBLISHED_TABLES
    last = sample.sections[-1]
    assert [g.title for g in last.groups] == ["Public Transport", "Safer travel"]
    assert len({s.anchor for s in sample.sections}) == 8


def test_outline_and_headings_list_the_recurring_section_twice(built):
    pdf = PdfReader(next(p for p in built.outputs if p.suffix == ".pdf"))
    top = [o.title for o in pdf.outline if not isinstance(o, list)]
    assert top == ["How to read the charts"] + PUBLISHED_TABLES  # the chart key, then the tables
    last_children = pdf.outline[-1]
    assert isinstance(last_children, list) and [o.title for o in last_children] == ["Public Transport",
                                                                                      "Safer travel"]
    xml = zipfile.ZipFile(next(p for p in built.outputs if p.suffix == ".docx")).read("word/document.xml").decode()
    headings = re.findall(r'<w:pStyle w:val="Heading1"/>.*?<w:t[^>]*>([^<]*)</w:t>', xml)
    assert headings == ["How to read the charts"] + PUBLISHED_TABLES


def test_footnotes_nine_and_ten_as_published(sample):
    notes = {n.number: n.source.text for n in sample.notes}
    assert len(notes) == 10
    assert "sharp object" in notes[9] and "NHS Digital" in notes[9]
    assert notes[10].startswith("SPCB April 22 – Agenda Item 6")


def test_header_labels_as_printed(sample):
    labels = {s.anchor: [c.label for c in s.columns] for s in sample.sections}
    assert labels["bp_s1"][-2:] == ["Current / Latest", "Historical Performance / Benchmark"]
    assert labels["bp_s2"][-1] == "Historical Performance/ Benchmark"
    assert labels["bp_s3"][-1] == "Baseline/Target"
    assert labels["bp_s7"][-1] == "Target"


def test_no_chart_calls_a_rise_in_violence_or_gun_crime_an_improvement(sample):
    words = {c.kpi_id: alt_text(c) for c in sample.charts}
    for kpi in ("RV-03", "RV-05"):
        assert "improvement" not in words[kpi] and "deterioration" not in words[kpi]
    rows = {r.id: r for s in sample.sections for r in s.rows}
    for r in rows.values():  # "Monitor …" KPIs that chart counts are read without a direction
        if r.kpi.startswith("Monitor") and r.chart is not None:
            assert r.chart.polarity == "monitor", r.id


def test_the_co2_chart_compares_each_quarter_with_the_same_quarter_a_year_before(sample):
    spec = next(c for c in sample.charts if c.kpi_id == "SWF-05")
    assert [s.name for s in spec.series] == ["Apr–Jun", "Oct–Dec"]
    words = alt_text(spec)
    assert "Apr–Jun: 19.41 in 2020, 18.54 in 2021" in words
    assert "Oct–Dec: 27.73 in 2020, 30.07 in 2021" in words
    assert "62%" not in words
