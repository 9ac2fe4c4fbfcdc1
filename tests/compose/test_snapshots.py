"""The Document as text (boardpaper.model_dump, like pandoc's ``native``) for the sample and the trust
report, against golden files in ``snapshots/``: a change of content shows here, as a readable diff,
before any writer runs. When the content is meant to change, ``make snapshots`` rewrites them
(say why in the commit)."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from boardpaper.api import read
from boardpaper.model_dump import dump
from tests.helpers.inputs import ROOT, SAMPLE

SNAPSHOTS = Path(__file__).with_name("snapshots")
PAPERS = {"spcb-2022-05": SAMPLE, "ipr-example": ROOT / "inputs" / "ipr-example.xlsx"}


@pytest.fixture
def fixed_time(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


@pytest.mark.parametrize("name", sorted(PAPERS))
def test_document_matches_its_snapshot(name, fixed_time, request):
    got = dump(read(PAPERS[name])[2])
    golden = SNAPSHOTS / f"{name}.txt"
    if request.config.getoption("--update-golden"):
        golden.write_text(got, encoding="utf-8")
        pytest.skip(f"{golden.name} rewritten")
    want = golden.read_text(encoding="utf-8")
    if got != want:  # the first differing line, not a wall of text
        pairs = zip(got.splitlines(), want.splitlines())
        line, (g, w) = next(((i, p) for i, p in enumerate(pairs, 1) if p[0] != p[1]), (0, ("", "")))
        pytest.fail(f"{name}: the Document differs from snapshots/{golden.name} at line {line}:\n"
                    f"  now:    {g}\n  before: {w}\n(make snapshots rewrites it when the change is meant)")


def test_dump_is_stable_and_shows_what_changed(fixed_time):
    doc = read(SAMPLE)[2]
    text = dump(doc)
    assert text == dump(read(SAMPLE)[2])  # same input, same text
    lines = text.splitlines()
    assert lines[0] == "Document" and all(line == line.rstrip() for line in lines)
    first = doc.sections[0]
    row = first.rows[0]
    assert f"          id: {row.id!r}" in lines and f"      title: {first.title!r}" in lines
    edited = replace(doc, sections=(replace(first, rows=(replace(row, kpi=row.kpi + " (edited)"),) + first.rows[1:]),)
                     + doc.sections[1:])
    diff = [(a, b) for a, b in zip(text.splitlines(), dump(edited).splitlines()) if a != b]
    assert diff == [(f"          kpi: {row.kpi!r}", f"          kpi: {row.kpi + ' (edited)'!r}")]
