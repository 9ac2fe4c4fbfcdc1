"""Harvest of merged sub-objective labels when rows of their group are deleted, with the DOCX edited
as Word saves it: the label is printed once, in the first row of its group (a vertically merged
cell), so deleting that row takes the label's text with it; the rows left must not read as
relabelled. Also the accessible tables (the label in every row) and pending tracked deletions."""
from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from boardpaper.__main__ import main
from boardpaper.cycle.docx_text import read

from tests.helpers.inputs import SAMPLE
from tests.helpers.cycle import W, brief, build_docx, changes_of, edit_docx, run, w

PRC = "Preventing and Reducing Crime"
VAWG = "Violence against women and girls"  # PRC-01…08 in the sample
JUSTICE = "Bringing offenders to justice"  # PRC-09, PRC-10


@pytest.fixture(scope="module")
def merged(tmp_path_factory) -> Path:
    return build_docx(SAMPLE, tmp_path_factory.mktemp("merged"))


@pytest.fixture(scope="module")
def accessible(tmp_path_factory) -> Path:
    from boardpaper.api import build_one

    return build_one(SAMPLE, out=tmp_path_factory.mktemp("accessible"), quick=True, tables="accessible",
                     formats=("docx",)).outputs[0]


@pytest.fixture(scope="module")
def kpis(merged) -> dict:
    return read(merged).manifest.kpis


def text(kpis, kid: str) -> str:
    return kpis[kid].fields["kpi"]


def kpi_row(root, kpi_text: str):
    """The table row whose cells hold ``kpi_text``."""
    for tr in root.iter(W + "tr"):
        if kpi_text in "".join(t.text or "" for t in tr.iter(W + "t")):
            return tr
    raise LookupError(kpi_text)


def label_cell(tr):
    return tr.find(W + "tc")


def vmerge(tc) -> str | None:
    """``restart``, ``continue`` or None."""
    vm = tc.find(f"{W}tcPr/{W}vMerge")
    return None if vm is None else vm.get(W + "val", "continue")


def set_vmerge(tc, value: str | None) -> None:
    """As Word writes it: ``<w:vMerge w:val="restart"/>``, ``<w:vMerge/>`` (continue) or none."""
    tcpr = tc.find(W + "tcPr")
    for vm in tcpr.findall(W + "vMerge"):
        tcpr.remove(vm)
    if value:
        tcpr.append(w("vMerge", val="restart") if value == "restart" else w("vMerge"))


def set_text(tc, new: str) -> None:
    """Type ``new`` over everything in cell ``tc`` (bookmarks inside go, as when Word retypes a cell)."""
    for p in tc.findall(W + "p")[1:]:
        tc.remove(p)
    p = tc.find(W + "p")
    for child in [c for c in p if c.tag != W + "pPr"]:
        p.remove(child)
    if new:
        p.append(run(new))


def delete_row(tr) -> None:
    tr.getparent().remove(tr)


def track_row_deletion(tr) -> None:
    """A pending tracked row deletion as Word saves it: ``w:trPr/w:del``, every run of the row in
    ``w:del`` with its text as ``w:delText``, every paragraph mark deleted."""
    trpr = tr.find(W + "trPr")
    if trpr is None:
        trpr = w("trPr")
        tr.insert(0, trpr)
    trpr.append(w("del", id=990, author="Officer", date="2026-06-01T10:00:00Z"))
    for i, r in enumerate(list(tr.iter(W + "r"))):
        for t in r.findall(W + "t"):
            t.tag = W + "delText"
        wrapper = w("del", id=991 + i, author="Officer", date="2026-06-01T10:00:00Z")
        r.addprevious(wrapper)
        wrapper.append(r)
    for p in tr.iter(W + "p"):
        ppr = p.find(W + "pPr")
        if ppr is None:
            ppr = w("pPr")
            p.insert(0, ppr)
        rpr = ppr.find(W + "rPr")
        if rpr is None:
            rpr = w("rPr")
            ppr.append(rpr)
        rpr.append(w("del", id=980, author="Officer", date="2026-06-01T10:00:00Z"))


def deleted(kpis, *kids) -> set:
    return {(k, "kpi", text(kpis, k), None, "deleted") for k in kids}


def relabelled(kids, old: str, new: str | None, state: str = "edited") -> set:
    return {(k, "sub_objective", old, new, state) for k in kids}


def prc(*numbers) -> list[str]:
    return [f"PRC-{n:02d}" for n in numbers]


# ----------------------------------------------------------------------------- the first row goes
@pytest.mark.parametrize("next_cell", ["continue", "restart", "restart with the label", "no merge"])
def test_first_row_of_a_merged_group_deleted_is_only_that_deletion(next_cell, merged, kpis, tmp_path):
    """Word leaves the next row's cell a continuation, or a restart that is empty (or, when it
    keeps the text, holding the label); LibreOffice leaves an empty restart, or no merge at all
    when one row is left. None of them is a relabelling."""
    def edit(root, _notes):
        first, second = kpi_row(root, text(kpis, "PRC-01")), kpi_row(root, text(kpis, "PRC-02"))
        assert vmerge(label_cell(first)) == "restart" and vmerge(label_cell(second)) == "continue"
        delete_row(first)
        cell = label_cell(second)
        set_vmerge(cell, {"continue": "continue", "no merge": None}.get(next_cell, "restart"))
        if next_cell == "restart with the label":
            set_text(cell, VAWG)

    edited = edit_docx(merged, tmp_path / "e.docx", edit)
    assert brief(changes_of(edited)) == deleted(kpis, "PRC-01")


def test_first_row_of_a_two_row_group_deleted_leaves_a_continuation_under_another_group(merged, kpis, tmp_path):
    """PRC-09 heads "Bringing offenders to justice" just below the last row of another merged group:
    the continuation left in PRC-10 is not read as joining that group's label."""
    def edit(root, _notes):
        delete_row(kpi_row(root, text(kpis, "PRC-09")))
        assert vmerge(label_cell(kpi_row(root, text(kpis, "PRC-10")))) == "continue"

    assert brief(changes_of(edit_docx(merged, tmp_path / "e.docx", edit))) == deleted(kpis, "PRC-09")


@pytest.mark.parametrize("gone", [(2,), (8,), (1, 2), (2, 3, 4, 5, 6, 7, 8), tuple(range(1, 9))],
                         ids=["middle", "last", "first-two", "all-but-first", "all"])
def test_any_rows_of_a_group_deleted_are_only_those_deletions(gone, merged, kpis, tmp_path):
    def edit(root, _notes):
        rows = {n: kpi_row(root, text(kpis, k)) for n, k in zip(range(1, 9), prc(*range(1, 9)))}
        for n in gone:
            delete_row(rows[n])
        left = [n for n in range(1, 9) if n not in gone]
        if left and 1 in gone:  # as LibreOffice saves it: an empty restart heads the rows left
            set_vmerge(label_cell(rows[left[0]]), "restart")

    assert brief(changes_of(edit_docx(merged, tmp_path / "e.docx", edit))) == deleted(kpis, *prc(*gone))


def test_new_label_typed_after_the_first_row_went_relabels_every_row_left(merged, kpis, tmp_path):
    def edit(root, _notes):
        delete_row(kpi_row(root, text(kpis, "PRC-01")))
        cell = label_cell(kpi_row(root, text(kpis, "PRC-02")))
        set_vmerge(cell, "restart")
        set_text(cell, "VAWG")

    assert brief(changes_of(edit_docx(merged, tmp_path / "e.docx", edit))) == (
        deleted(kpis, "PRC-01") | relabelled(prc(*range(2, 9)), VAWG, "VAWG"))


def test_label_typed_over_in_place_relabels_the_rows_it_spans_but_not_a_deleted_one(merged, kpis, tmp_path):
    def edit(root, _notes):
        set_text(label_cell(kpi_row(root, text(kpis, "PRC-01"))), "VAWG")
        delete_row(kpi_row(root, text(kpis, "PRC-05")))

    assert brief(changes_of(edit_docx(merged, tmp_path / "e.docx", edit))) == (
        deleted(kpis, "PRC-05") | relabelled(prc(1, 2, 3, 4, 6, 7, 8), VAWG, "VAWG"))


def test_label_emptied_by_the_officer_in_its_own_row_is_still_a_change(merged, kpis, tmp_path):
    def edit(root, _notes):
        set_text(label_cell(kpi_row(root, text(kpis, "PRC-09"))), "")

    assert brief(changes_of(edit_docx(merged, tmp_path / "e.docx", edit))) == relabelled(prc(9, 10), JUSTICE, None)


# ----------------------------------------------------------------------------- tracked row deletion
def test_pending_tracked_deletion_of_the_first_row_is_only_that_and_says_so(merged, kpis, tmp_path, capsys):
    def edit(root, _notes):
        track_row_deletion(kpi_row(root, text(kpis, "PRC-01")))

    edited = edit_docx(merged, tmp_path / "e.docx", edit)
    assert brief(changes_of(edited)) == {("PRC-01", "kpi", text(kpis, "PRC-01"), None, "tracked")}
    assert main(["harvest", str(edited)]) == 0
    plain = capsys.readouterr().out
    assert "PRC-01: row deletion pending" in plain and "KPI text" not in plain and "(blank)" not in plain
    assert main(["harvest", str(edited), "--json"]) == 0
    [got] = json.loads(capsys.readouterr().out)
    assert got["note"] == "row deletion pending" and got["state"] == "tracked"


def test_tracked_deletion_is_applied_only_with_deletions_asked_for_and_an_emptied_kpi_text_is_no_deletion(
        merged, kpis, tmp_path, capsys):
    """A KPI text deleted (tracked) in a row that stays is not a row deletion, nor written blank
    (a KPI needs its text): it is listed as not applied."""
    def edit(root, _notes):
        track_row_deletion(kpi_row(root, text(kpis, "PRC-01")))
        row = kpi_row(root, text(kpis, "PRC-03"))  # PRC-03: its KPI text deleted (tracked), the row kept
        kpi_cell = row.findall(W + "tc")[1]
        for r in list(kpi_cell.iter(W + "r")):
            for t in r.findall(W + "t"):
                t.tag = W + "delText"
            wrapper = w("del", id=970, author="Officer", date="2026-06-01T10:00:00Z")
            r.addprevious(wrapper)
            wrapper.append(r)

    edited = edit_docx(merged, tmp_path / "e.docx", edit)
    assert brief(changes_of(edited)) == {("PRC-01", "kpi", text(kpis, "PRC-01"), None, "tracked"),
                                         ("PRC-03", "kpi", text(kpis, "PRC-03"), None, "tracked")}
    into = tmp_path / "new.xlsx"
    assert main(["harvest", str(edited), "--workbook", str(SAMPLE), "--into", str(into), "--accept-tracked"]) == 0
    err = capsys.readouterr().err
    assert "not applied: PRC-01: row deletion pending" in err and "(use --apply-deletions)" in err
    assert "not applied: PRC-03" in err and "a blank KPI text is not written" in err
    after = read(build_docx(into, tmp_path / "out")).manifest.kpis
    assert "PRC-01" in after and after["PRC-03"].fields["kpi"] == text(kpis, "PRC-03")
    into.unlink()
    assert main(["harvest", str(edited), "--workbook", str(SAMPLE), "--into", str(into), "--accept-tracked",
                 "--apply-deletions"]) == 0
    capsys.readouterr()
    after = read(build_docx(into, tmp_path / "out2")).manifest.kpis
    assert "PRC-01" not in after and after["PRC-03"].fields["kpi"] == text(kpis, "PRC-03")


# ----------------------------------------------------------------------------- round trip
def _group_rows(path: Path, first_kpi_text: str) -> list[tuple[str | None, str]]:
    """(vMerge, label text) of the sub-objective cells from the row holding ``first_kpi_text`` to
    the end of its group, as the rebuilt DOCX shows them."""
    from lxml import etree

    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    tr = kpi_row(root, first_kpi_text)
    out = [(vmerge(label_cell(tr)), "".join(t.text or "" for t in label_cell(tr).iter(W + "t")))]
    for nxt in tr.itersiblings(W + "tr"):
        if vmerge(label_cell(nxt)) != "continue":
            break
        out.append(("continue", "".join(t.text or "" for t in label_cell(nxt).iter(W + "t"))))
    return out


@pytest.mark.parametrize("new_label", [None, "VAWG"])
def test_round_trip_gives_the_group_label_on_every_remaining_row(new_label, merged, kpis, tmp_path, capsys):
    def edit(root, _notes):
        delete_row(kpi_row(root, text(kpis, "PRC-01")))
        cell = label_cell(kpi_row(root, text(kpis, "PRC-02")))
        set_vmerge(cell, "restart")
        if new_label:
            set_text(cell, new_label)

    edited = edit_docx(merged, tmp_path / "e.docx", edit)
    into = tmp_path / "june.xlsx"
    assert main(["harvest", str(edited), "--workbook", str(SAMPLE), "--into", str(into), "--apply-deletions"]) == 0
    capsys.readouterr()
    rebuilt = build_docx(into, tmp_path / "out")
    m = read(rebuilt).manifest
    label = new_label or VAWG
    assert "PRC-01" not in m.kpis
    assert {m.kpis[k].fields["sub_objective"] for k in prc(*range(2, 9))} == {label}
    section = next(s for s in m.sections if s.title == PRC)
    assert [(g.title, g.first, g.count) for g in section.groups[:2]] == [(label, 0, 7), (JUSTICE, 7, 2)]
    assert _group_rows(rebuilt, text(kpis, "PRC-02")) == [("restart", label)] + [("continue", "")] * 6
    assert changes_of(rebuilt) == []


# ----------------------------------------------------------------------------- accessible tables
def test_accessible_tables_first_row_deleted_is_only_that_deletion(accessible, kpis, tmp_path):
    def edit(root, _notes):
        assert vmerge(label_cell(kpi_row(root, text(kpis, "PRC-02")))) is None
        delete_row(kpi_row(root, text(kpis, "PRC-01")))

    assert brief(changes_of(edit_docx(accessible, tmp_path / "e.docx", edit))) == deleted(kpis, "PRC-01")


def _without_repeat_record(path: Path, tmp_path: Path) -> Path:
    """``path`` as boardpaper built it before the manifest said whether a group's label repeats."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    name = next(n for n in parts if n.startswith("customXml/item") and b"urn:boardpaper:manifest" in parts[n][:400])
    stripped = re.sub(rb' repeat="[01]"', b"", parts[name])
    assert stripped != parts[name]
    return edit_docx(path, tmp_path / "old-manifest.docx", lambda root, notes: None, extra={name: stripped})


@pytest.mark.parametrize("manifest", ["current", "without the repeat record"])
def test_accessible_tables_each_row_label_is_its_own(manifest, accessible, kpis, tmp_path):
    """Every row prints its label: emptying one after the first row went is a change of that row
    only, and retyping the first row's label relabels only that row."""
    src = accessible if manifest == "current" else _without_repeat_record(accessible, tmp_path)

    def edit(root, _notes):
        delete_row(kpi_row(root, text(kpis, "PRC-01")))
        set_text(label_cell(kpi_row(root, text(kpis, "PRC-02"))), "")
        set_text(label_cell(kpi_row(root, text(kpis, "PRC-09"))), "Justice")

    assert brief(changes_of(edit_docx(src, tmp_path / "e.docx", edit))) == (
        deleted(kpis, "PRC-01") | relabelled(["PRC-02"], VAWG, None) | relabelled(["PRC-09"], JUSTICE, "Justice"))


def test_merged_paper_without_the_repeat_record_still_reads_the_first_row_deletion(merged, kpis, tmp_path):
    def edit(root, _notes):
        delete_row(kpi_row(root, text(kpis, "PRC-01")))
        set_vmerge(label_cell(kpi_row(root, text(kpis, "PRC-02"))), "restart")

    src = _without_repeat_record(merged, tmp_path)
    assert brief(changes_of(edit_docx(src, tmp_path / "e.docx", edit))) == deleted(kpis, "PRC-01")
