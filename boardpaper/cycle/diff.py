"""``boardpaper diff OLD NEW``: field-level changes between two inputs (workbooks or CSV folders).

Both inputs are read and checked as a build would read them; KPIs are matched by ``id``. A KPI
that changed section is an edit of its ``section`` field ("moved to another section"); a figure
and its period are separate fields. Series (chart data) are not compared.
"""
from __future__ import annotations

from pathlib import Path

from .changes import Change
from ..readers.workbook import KPI_COLUMNS, PAPER_FIELDS, PaperInput, read_paper

COMPARED_PAPER = tuple(f for f in PAPER_FIELDS if f != "purpose")


def diff_inputs(old: Path | str, new: Path | str) -> list[Change]:
    """Every change from input ``old`` to input ``new``. Raises
    :class:`~boardpaper.errors.InputError` when either cannot be read or checked."""
    return diff_papers(read_paper(Path(old)), read_paper(Path(new)))


def diff_papers(a: PaperInput, b: PaperInput) -> list[Change]:
    out: list[Change] = []
    for name in COMPARED_PAPER:
        x, y = a.fields.get(name, ""), b.fields.get(name, "")
        if x != y:
            out.append(Change(None, name, x or None, y or None, _state(x, y), "paper"))
    for i in range(max(len(a.purpose), len(b.purpose))):
        x = a.purpose[i] if i < len(a.purpose) else ""
        y = b.purpose[i] if i < len(b.purpose) else ""
        if x != y:
            out.append(Change(None, "purpose", x or None, y or None, _state(x, y), "paper", index=i + 1))
    old = {k.id: k for k in a.kpis}
    new = {k.id: k for k in b.kpis}
    for k in b.kpis:
        if k.id not in old:
            out.append(Change(k.id, "kpi", None, k.kpi, "added", section=k.section, note=f"kpis sheet, row {k.row}"))
            continue
        before, after = dict(old[k.id].raw), dict(k.raw)
        for col in KPI_COLUMNS:
            if col != "id" and before.get(col, "") != after.get(col, ""):
                out.append(Change(k.id, col, before.get(col) or None, after.get(col) or None,
                                  "edited", section=k.section))
    for k in a.kpis:
        if k.id not in new:
            out.append(Change(k.id, "kpi", k.kpi, None, "deleted", section=k.section,
                              note=f"was kpis sheet, row {k.row}"))
    out += _commentary(a, b)
    for sid in list(a.sources) + [s for s in b.sources if s not in a.sources]:
        x, y = a.sources.get(sid), b.sources.get(sid)
        if x is None or y is None:
            out.append(Change(None, "text", x and x.text or None, y and y.text or None,
                              "deleted" if y is None else "added", "sources", source=sid))
            continue
        for col in ("text", "url"):
            if getattr(x, col) != getattr(y, col):
                out.append(Change(None, col, getattr(x, col) or None, getattr(y, col) or None,
                                  "edited", "sources", source=sid))
    return _grouped(out)


def _commentary(a: PaperInput, b: PaperInput) -> list[Change]:
    """Commentary rows matched by KPI, heading and their number under it: edited, added, deleted."""
    def rows(p: PaperInput) -> dict[tuple[str, str, int], tuple[str, str, str]]:
        sections = {k.id: k.section for k in p.kpis}
        return {(c.kpi_id, " ".join(c.heading.split()).casefold(), c.index): (c.heading, c.text,
                                                                              sections.get(c.kpi_id, ""))
                for c in p.commentary}

    before, after = rows(a), rows(b)
    out = []
    for key in list(before) + [k for k in after if k not in before]:
        x, y = before.get(key), after.get(key)
        heading, section = (y or x)[0], (y or x)[2]
        old, new = x[1] if x else "", y[1] if y else ""
        if old != new:
            out.append(Change(key[0], f"commentary: {heading}", old or None, new or None,
                              "added" if x is None else "deleted" if y is None else "edited", "commentary",
                              section, index=key[2]))
    return out


def _state(x: str, y: str) -> str:
    return "added" if not x else "deleted" if not y else "edited"


def _grouped(changes: list[Change]) -> list[Change]:
    """Paper first, then KPIs by section in order of first appearance, then sources."""
    order: dict[str, int] = {}
    for c in changes:
        order.setdefault(c.section, len(order))
    rank = {"paper": 0, "kpis": 1, "commentary": 1, "sources": 2}
    return sorted(changes, key=lambda c: (rank.get(c.sheet, 3), order[c.section]))
