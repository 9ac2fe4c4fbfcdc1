"""The monthly cycle as the command line runs it: harvest a DOCX (checking it against its source
input), and write the input's copy with the edits applied (``--into``)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .apply import Outcome, apply_changes, plan_changes
from ..errors import CycleError
from .changes import Change
from .guard import check_identity, find_conflicts, settle
from .harvest import harvest
from ..errors import InputError
from ..figures import follow_current
from ..readers.workbook import read_paper


@dataclass
class HarvestResult:
    changes: list[Change]
    workbook: Path | None = None
    warnings: list[str] = field(default_factory=list)
    outcome: Outcome | None = None


def harvest_paper(docx: Path | str, *, workbook: Path | str | None = None, into: Path | str | None = None,
                  accept_tracked: bool = False, apply_deletions: bool = False, force: bool = False,
                  prefer: str | None = None) -> HarvestResult:
    """Harvest ``docx``; with ``workbook`` (or the input named by the manifest, found beside the
    DOCX) check it is the input the paper was built from (:func:`~boardpaper.cycle.guard.check_identity`)
    and mark the fields changed there since the build and by officers as conflicts; with ``into``
    write its edited copy (conflicts only with ``prefer`` = ``officer`` or ``workbook``; formula
    cells never). Raises :class:`CycleError` (and :class:`~boardpaper.errors.InputError` for a bad
    workbook) before writing anything."""
    docx = Path(docx)
    changes, manifest = harvest(docx)
    result = HarvestResult(changes)
    source = Path(workbook) if workbook else None
    if source is None and manifest.input_name:
        beside = docx.parent / manifest.input_name
        source = beside if beside.exists() else None
    if into and source is None:
        raise CycleError(f"--into needs the source input: give --workbook (the paper was built from "
                         f"{manifest.input_name or 'an unnamed input'})")
    if source is not None:
        result.workbook = source
        result.changes = changes = _check_source(source, manifest, result)
    if into:
        writable, kept = settle(changes, prefer)
        outcome = plan_changes(writable, accept_tracked=accept_tracked, apply_deletions=apply_deletions)
        result.outcome = outcome
        _follow_series(source, result)  # a changed Current figure also changes its chart's latest point
        held = apply_changes(source, Path(into), outcome.applied, force=force)
        not_written = {id(c) for c, _ in held}
        outcome.applied = [c for c in outcome.applied if id(c) not in not_written]
        outcome.skipped += kept + held
    return result


def _check_source(source: Path, manifest, result: HarvestResult) -> list[Change]:
    """The changes with conflicts marked, once ``source`` is known to be the paper's input."""
    if not source.exists():
        raise CycleError(f"{source} does not exist")

    try:
        paper = read_paper(source)
    except InputError as e:
        first = e.errors[0] if e.errors else None
        raise CycleError(f"{source} cannot be used as the paper's input: {first or e}" +
                         (f" (and {len(e.errors) - 1} more problems: boardpaper check {source})"
                          if len(e.errors) > 1 else "")) from None
    check_identity(manifest, paper, result.changes, str(source))
    if manifest.input_sha256 and paper.sha256 != manifest.input_sha256:
        result.warnings.append(f"warning: {source} has changed since the paper was built (its SHA-256 differs "
                               "from the manifest's); a field changed there and by officers is a conflict, "
                               "one changed only there keeps the workbook's value")
    return find_conflicts(result.changes, manifest, paper)


def _follow_series(source: Path, result: HarvestResult) -> None:
    """Keep the charts in step: for each applied change of a Current figure whose period is its
    chart's latest point, a ``series`` change of that point, listed and applied as its own change;
    a note (a warning line) when the series is left as it is (:func:`boardpaper.figures.follow_current`)."""

    outcome = result.outcome
    paper = read_paper(source)
    kpis = {k.id: k for k in paper.kpis}
    edited: dict[str, dict[str, str]] = {}
    for c in outcome.applied:
        if c.sheet == "kpis" and c.field in ("current", "current_period") and c.kpi in kpis:
            edited.setdefault(c.kpi, {})[c.field] = c.new or ""
    for kid, fields in edited.items():
        if "current" not in fields:
            continue
        k = kpis[kid]
        edit, note = follow_current(k, paper.series.get(kid, []), fields["current"], fields.get("current_period"),
                                    paper.periods.get(kid, ()))
        if edit is not None:
            change = Change(kid, "value", edit.old, edit.new, "edited", "series", k.section,
                            period=edit.period, series=edit.series or None)
            result.changes.append(change)
            outcome.applied.append(change)
        elif note:
            result.warnings.append(f"note: {note}")
