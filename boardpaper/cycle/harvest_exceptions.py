"""Harvesting the exception reports of an edited DOCX: the owner on each report's facts line, and
the narrative as ``commentary`` changes.

Every paragraph from the section's heading to the end of the body belongs to the section. A
narrative paragraph is known by its hidden bookmark; a commentary row's new text is rebuilt from
its paragraphs (list items with the bullet the officer typed), so an edit of one sentence is that
row's change (field ``commentary: <heading>``, sheet ``commentary``). A paragraph an officer adds
under a narrative heading (or in place of "No commentary was provided.") is an added commentary
row under that heading (the layout's first heading for the placeholder). Wording compose decided
(headings, facts, readings, chart key, links) is known from the manifest and is no change when
untouched; edited, it is listed as unmapped.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from . import docx_text as docxread
from .changes import Change, comparable, same, tidy
from .docx_text import W, Text

if TYPE_CHECKING:  # pragma: no cover
    from .harvest import _Harvest
    from .manifest import NarrativeEntry, ReportEntry

SHEET = "commentary"


def field_of(heading: str) -> str:
    """The field name a commentary change carries: ``commentary: <heading>``."""
    return f"commentary: {heading}"


def rebuild(paras: list[tuple[str, str, str, str]], texts: dict[int, str]) -> str:
    """A commentary row's text from its paragraphs' ``texts`` (by paragraph number; a paragraph
    missing from ``texts`` was deleted): list items get their bullet back."""
    lines = []
    for j, (kind, marker, _built, _mark) in enumerate(paras):
        if j not in texts:
            continue
        text = texts[j].strip()
        if text:
            lines.append(f"{marker or '•'} {text}" if kind == "list" else text)
    return "\n".join(lines)


def harvest_exceptions(h: _Harvest) -> None:
    """Add the section's changes to ``h.changes`` and its paragraphs to ``h.used``."""
    ex = h.m.exceptions
    if ex is None:
        return
    paras = [p for p in h.doc.body.iter(W + "p") if not any(a.tag == W + "tbl" for a in p.iterancestors())]
    start = next((i for i, p in enumerate(paras) if ex.anchor in _names(p)), None)
    if start is None:
        return
    by_anchor = {r.anchor: r for r in ex.reports}
    marks: dict[str, tuple] = {}
    for r in ex.reports:
        for s in r.facts.segs:
            if s.mark:
                marks[s.mark] = ("facts", r)
        for e in r.narrative:
            for j, (_k, _m, _t, mark) in enumerate(e.paras):
                if mark:
                    marks[mark] = ("para", r, e, j)
        if r.placeholder and r.placeholder[1]:
            marks[r.placeholder[1]] = ("placeholder", r)
    headings = {comparable(x): x for x in ex.headings}
    shared = {comparable(x) for x in ex.fixed + [ex.title] + h.m.derived}
    found: dict[int, dict[int, Text]] = {}  # id(narrative entry) -> paragraph number -> text
    report: ReportEntry | None = None
    heading: str | None = None
    for p in paras[start:]:
        h.used.add(p)
        names = _names(p)
        t = docxread.text_of([p])
        if ex.anchor in names:
            _fixed(h, t, ex.title, None, "the exception reports' heading")
            continue
        hit = next((by_anchor[n] for n in names if n in by_anchor), None)
        if hit is not None:
            report, heading = hit, None
            _fixed(h, t, next(iter(hit.fixed), ""), hit.kpi, "an exception report's heading (the KPI text)")
            continue
        mark = next((marks[n] for n in names if n in marks), None)
        if mark is not None and mark[0] == "facts":
            kid = mark[1].kpi
            h._unit_changes(t, mark[1].facts, lambda f, k=kid: dict(kpi=k, field=f, section=_section(h, k)),
                            f"facts line of the exception report on {kid}")
            continue
        if mark is not None and mark[0] == "para":
            _, report, entry, j = mark
            heading = entry.heading
            found.setdefault(id(entry), {})[j] = t
            continue
        if mark is not None and mark[0] == "placeholder":
            report, heading = mark[1], ex.headings[0] if ex.headings else ""
            if not same(t.old, report.placeholder[0]) or not same(t.new, report.placeholder[0]):
                _added(h, report.kpi, heading, t, lambda text: same(text, report.placeholder[0]))
            continue
        if not t.old.strip() and not t.new.strip():
            continue
        key = comparable(t.new) if comparable(t.new) in headings else comparable(t.old)
        if report is not None and key in headings:
            heading = headings[key]
            continue
        if _style(p) == HEADING_STYLE:  # a narrative heading retyped: wording the layout decides
            h.changes.append(Change(report.kpi if report else None, None, None, tidy(t.new) or None, "unmapped",
                                    section=_section(h, report.kpi) if report else "",
                                    note="a narrative heading of an exception report was edited (the headings "
                                         "come from the layout)"))
            heading = None
            continue
        known = shared | ({comparable(x) for x in report.fixed} | {comparable(report.facts.text)} if report else set())
        if comparable(t.old) in known and comparable(t.new) in known:
            continue
        if report is not None and heading is not None:
            _added(h, report.kpi, heading, t, lambda text: comparable(text) in known)
        else:
            kid = report.kpi if report else None
            h.changes.append(Change(kid, None, t.old.strip() or None, t.new.strip() or None, "unmapped",
                                    section=_section(h, kid),
                                    note="exception reports: wording boardpaper wrote was edited, or a paragraph added "
                                         "outside a narrative heading"))
    for r in ex.reports:
        for e in r.narrative:
            _row(h, r, e, found.get(id(e), {}))


HEADING_STYLE = "Heading3"  # the style id of a narrative heading (writers/docx/styles.py)


def _style(p) -> str:
    style = p.find(f"{W}pPr/{W}pStyle")
    return style.get(W + "val", "") if style is not None else ""


def _names(p) -> list[str]:
    return [b.get(W + "name", "") for b in p.iter(W + "bookmarkStart")]


def _section(h: _Harvest, kid: str | None) -> str:
    return h.section_title(kid) if kid in h.m.kpis else ""


def _fixed(h: _Harvest, t: Text, built: str, kid: str | None, where: str) -> None:
    for state, before, after in (("edited", built, t.old), ("tracked", t.old, t.new)):
        if not same(before, after):
            h.changes.append(Change(kid, None, tidy(before) or None, tidy(after) or None, "unmapped",
                                    section=_section(h, kid), note=f"{where} was edited"
                                    + (" (a pending tracked change)" if state == "tracked" else "")))


def _added(h: _Harvest, kid: str, heading: str, t: Text, known) -> None:
    """A paragraph added under ``heading``: a new commentary row (pending when it is tracked)."""
    old, new = t.old.strip(), t.new.strip()
    if old and not known(old):
        h.changes.append(Change(kid, field_of(heading), None, tidy(old), "added", SHEET, _section(h, kid),
                                note="paragraph added under the heading: a new commentary row"))
    if new != old and new and not known(new):
        h.changes.append(Change(kid, field_of(heading), None, tidy(new), "tracked", SHEET, _section(h, kid),
                                note="paragraph added under the heading (a pending tracked change)"))


def _row(h: _Harvest, r: ReportEntry, e: NarrativeEntry, texts: dict[int, Text]) -> None:
    """One commentary row: edited (typed over), tracked (pending), or deleted (every paragraph gone)."""
    where = dict(kpi=r.kpi, field=field_of(e.heading), sheet=SHEET, section=_section(h, r.kpi), index=e.index)
    if not texts:
        h.changes.append(Change(**where, old=e.text, new=None, state="deleted", note="its paragraphs were removed"))
        return
    built = rebuild(e.paras, {j: p[2] for j, p in enumerate(e.paras)})
    before = rebuild(e.paras, {j: t.old for j, t in texts.items()})
    after = rebuild(e.paras, {j: t.new for j, t in texts.items()})
    if not same(before, built):
        h.changes.append(Change(**where, old=e.text, new=tidy(before) or None, state="edited"))
    if not same(after, before):
        h.changes.append(Change(**where, old=tidy(before) or None, new=tidy(after) or None, state="tracked"))
    for cid, _mark in (c for t in texts.values() for c in t.comments):
        h.anchors.setdefault(cid, (r.kpi, field_of(e.heading), SHEET, _section(h, r.kpi)))
