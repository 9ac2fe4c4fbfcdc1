"""Harvest never guesses: the checks between the paper as built, the workbook now and the officers' edits.

* :func:`check_identity` refuses a workbook that is not the paper's input. The manifest records the
  input as built: its SHA-256, the paper's ``board`` and ``title``, and every KPI's id and wording
  (the ``kpi`` field). A workbook is the paper's input when its SHA-256 is the manifest's, or else
  when its board and title, its set of KPI ids and each KPI's wording are the built ones — a value
  may also already be the officer's edit from the DOCX (a workbook the edits were applied to).
  Anything else (another board's or month's workbook, KPIs added or removed, an id reused for
  another indicator) raises :class:`CycleError` before anything is written.
* :func:`find_conflicts` turns an officer's change to a field that also changed in the workbook
  since the build into a ``conflict`` (built, workbook now, officer); a field changed only in
  the workbook is no change at all (the workbook's newer value stays).
* :func:`settle` decides the conflicts with ``--prefer officer|workbook``; without it ``--into``
  writes nothing.
"""
from __future__ import annotations

from dataclasses import replace

from .changes import Change, same, tidy
from ..errors import CycleError
from ..manifest import Manifest

PREFER = ("officer", "workbook")
IDENTITY_FIELDS = ("board", "title")  # paper fields that name the paper (meeting may be moved)


def workbook_value(c: Change, paper) -> str | None:
    """The value the workbook holds now for the field ``c`` changes (``None``: the workbook has no
    such field, KPI or source)."""
    if c.sheet == "paper":
        if c.field == "purpose":
            i = (c.index or 1) - 1
            return paper.purpose[i] if 0 <= i < len(paper.purpose) else None
        return paper.fields.get(c.field)
    if c.sheet == "sources":
        s = paper.sources.get(c.source or "")
        return None if s is None else {"text": s.text, "url": s.url}.get(c.field or "")
    k = next((k for k in paper.kpis if k.id == c.kpi), None)
    if k is None:
        return None
    return dict(k.raw).get(c.field or "", "")


def _officer_values(changes: list[Change]) -> dict[tuple, str]:
    return {(c.sheet, c.kpi, c.source, c.field, c.index): c.new or "" for c in changes
            if c.state in ("edited", "tracked") and c.field}


def check_identity(manifest: Manifest, paper, changes: list[Change], name: str) -> None:
    """Raise :class:`CycleError` (one line) unless ``paper`` (the workbook read now, called ``name``)
    is the input the manifest was built from, as the module docstring defines it."""
    if manifest.input_sha256 and paper.sha256 == manifest.input_sha256:
        return
    officer = _officer_values(changes)

    def agrees(built: str, now: str, key: tuple) -> bool:
        return same(built, now) or (key in officer and same(officer[key], now))

    problems = []
    for f in IDENTITY_FIELDS:
        built, now = manifest.paper.get(f), paper.fields.get(f, "")
        if built is not None and not agrees(built, now, ("paper", None, None, f, None)):
            problems.append(f"its {f} is {tidy(now)!r}, the paper's is {tidy(built)!r}")
    now_ids = [k.id for k in paper.kpis]
    deleted = {c.kpi for c in changes if c.sheet == "kpis" and c.field == "kpi" and c.new is None
               and c.state in ("deleted", "tracked")}  # rows the officers deleted may be gone already
    missing = [k for k in manifest.kpis if k not in set(now_ids) and k not in deleted]
    extra = [k for k in now_ids if k not in manifest.kpis]
    if missing:
        problems.append(f"KPI {_ids(missing)} of the paper {'is' if len(missing) == 1 else 'are'} not in it")
    if extra:
        problems.append(f"its KPI {_ids(extra)} {'is' if len(extra) == 1 else 'are'} not in the paper")
    for k in paper.kpis:
        entry = manifest.kpis.get(k.id)
        if entry is None:
            continue
        built = entry.fields.get("kpi", "")
        if not agrees(built, k.kpi, ("kpis", k.id, None, "kpi", None)):
            problems.append(f"KPI {k.id!r} reads {_short(k.kpi)!r} there, {_short(built)!r} in the paper")
    if problems:
        more = f" and {len(problems) - 3} more differences" if len(problems) > 3 else ""
        raise CycleError(f"{name} does not match the paper (not the input it was built from, "
                         f"{manifest.input_name or 'another input'}): " + "; ".join(problems[:3]) + more +
                         "; nothing written")


def _ids(ids: list[str]) -> str:
    shown = ", ".join(repr(i) for i in ids[:3])
    return shown + (f" and {len(ids) - 3} more" if len(ids) > 3 else "")


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def built_value(c: Change, manifest: Manifest) -> str | None:
    """The value the paper was built with for the field ``c`` changes (``None``: not recorded)."""
    if c.sheet == "paper":
        if c.field == "purpose":
            i = (c.index or 1) - 1
            return manifest.purpose[i] if 0 <= i < len(manifest.purpose) else None
        return manifest.paper.get(c.field or "")
    if c.sheet == "sources":
        text, url = manifest.sources.get(c.source or "", (None, None))
        return {"text": text, "url": url}.get(c.field or "")
    entry = manifest.kpis.get(c.kpi or "")
    return None if entry is None else entry.fields.get(c.field or "", "")


def find_conflicts(changes: list[Change], manifest: Manifest, paper) -> list[Change]:
    """``changes`` with each officer's edit of a field the workbook also changed since the build
    (to another value than the officer's) made a ``conflict`` carrying the workbook's value."""
    out = []
    for c in changes:
        if c.state in ("edited", "tracked") and c.field and (c.kpi or c.sheet != "kpis"):
            built, now = built_value(c, manifest), workbook_value(c, paper)
            if built is not None and now is not None and not same(built, now) and not same(now, c.new):
                c = replace(c, state="conflict", workbook=tidy(now),
                            note=(c.note + "; " if c.note else "") + f"was a {c.state} change")
        out.append(c)
    return out


def settle(changes: list[Change], prefer: str | None) -> tuple[list[Change], list[tuple[Change, str]]]:
    """The changes ``--into`` may write and the conflicts left out, with the reason. Raises
    :class:`CycleError` when there are conflicts and ``prefer`` is not given (nothing is written)."""
    conflicts = [c for c in changes if c.state == "conflict"]
    if conflicts and prefer not in PREFER:
        first = conflicts[0]
        who = first.kpi or first.source or "paper"
        raise CycleError(f"{len(conflicts)} field{'s' if len(conflicts) != 1 else ''} changed both in the "
                         f"workbook since the build and by officers (first: {who} {first.field}: built "
                         f"{first.old!r}, workbook now {first.workbook!r}, officer {first.new!r}); nothing "
                         "written: choose with --prefer officer or --prefer workbook")
    if prefer == "officer":
        return changes, []
    keep = [c for c in changes if c.state != "conflict"]
    return keep, [(c, "the workbook's value kept (--prefer workbook)") for c in conflicts]


__all__ = ["PREFER", "check_identity", "find_conflicts", "settle", "built_value", "workbook_value"]
