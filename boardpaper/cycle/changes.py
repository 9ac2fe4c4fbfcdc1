"""Field-level changes, shared by ``boardpaper diff`` and ``boardpaper harvest``: the
:class:`Change` record, how it is printed (plain lines grouped by section, or JSON), and how an
edited piece of text is mapped back to the input fields it was built from.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field

from ..errors import CycleError  # noqa: F401 (re-exported)
from ..manifest import Seg, Unit

ROW_DELETION_PENDING = "row deletion pending"  # the note of a row whose deletion is a pending tracked change
STATES = ("edited", "added", "deleted", "tracked", "conflict", "comment", "unmapped")
FIELD_WORDS = {"kpi": "KPI text", "current": "current figure", "current_period": "current period",
               "benchmark": "benchmark", "benchmark_period": "benchmark period", "target": "target",
               "target_value": "target value", "section": "section", "sub_objective": "sub-objective",
               "polarity": "polarity", "sources": "sources", "chart": "chart", "text": "text", "url": "link",
               "agenda_item": "agenda item", "presented_by": "presented by", "plan_priority": "plan priority"}


@dataclass(frozen=True)
class Change:
    """One change. ``sheet`` says where ``field`` lives: ``kpis`` (``kpi`` is the KPI id),
    ``commentary`` (``field`` is ``commentary: <heading>``, ``index`` numbers the KPI's rows under
    that heading from 1; ``old`` is ``None`` for a row added),
    ``paper`` (``field`` is the paper field; ``index`` numbers ``purpose`` points from 1) or
    ``sources`` (``source`` is the source id) or ``series`` (``field`` ``value``: the KPI's value
    in ``period`` of ``series``, ``""`` the unnamed one). ``state``: edited, added, deleted, tracked (a
    pending tracked change), conflict (changed by the officer and, to another value, in the
    workbook since the build: ``old`` built, ``workbook`` now, ``new`` the officer's), comment, or
    unmapped (changed text that no input field explains; ``note`` says where)."""

    kpi: str | None
    field: str | None
    old: str | None
    new: str | None
    state: str
    sheet: str = "kpis"
    section: str = ""
    source: str | None = None
    index: int | None = None
    author: str | None = None
    note: str = ""
    cells: dict[str, str] = field(default_factory=dict)  # an added row's text per column
    workbook: str | None = None  # a conflict's value in the workbook now
    period: str | None = None  # sheet ``series``: the period of the value (``series`` names its series)
    series: str | None = None

    @property
    def officer_state(self) -> str:
        """``edited`` or ``tracked`` for a conflict (what the officer did), else ``state``."""
        if self.state == "conflict":
            return "tracked" if "was a tracked change" in self.note else "edited"
        return self.state

    def as_json(self) -> dict:
        d = {k: v for k, v in asdict(self).items() if v not in (None, "", {}) or k in ("kpi", "field", "old", "new")}
        if self.state == "conflict":
            d["workbook"] = self.workbook
        return d


def to_json(changes: list[Change], not_applied: dict[int, str] | None = None) -> str:
    """The changes as a JSON list; with ``not_applied`` (``id(change)`` -> reason, from ``--into``)
    each change also says ``"applied": true`` or ``false`` with ``"not_applied"``, the reason."""
    out = []
    for c in changes:
        d = c.as_json()
        if not_applied is not None:
            d["applied"] = id(c) not in not_applied
            if id(c) in not_applied:
                d["not_applied"] = not_applied[id(c)]
        out.append(d)
    return json.dumps(out, ensure_ascii=False, indent=2)


def _q(text: str | None) -> str:
    return "(blank)" if not text else json.dumps(text, ensure_ascii=False)


def describe(c: Change) -> str:
    """One line in plain words."""
    words = FIELD_WORDS.get(c.field or "", (c.field or "").replace("_", " "))
    who = c.kpi or (f"source {c.source}" if c.source else "")
    if c.sheet == "paper":
        who, words = "", words + (f" point {c.index}" if c.index else "")
    lead = f"{who}: " if who else ""
    if c.sheet == "commentary" and c.state != "comment":
        under = f"commentary under {(c.field or '').removeprefix('commentary: ')!r}"
        if c.state in ("added", "deleted"):
            return f"{lead}{under} {c.state}: {_q(c.new if c.state == 'added' else c.old)}"
        if c.state == "tracked" and c.old is None:
            return f"{lead}{under} added, a pending tracked change: {_q(c.new)}"
        return f"{lead}{under} {'changed' if c.state == 'edited' else 'has a pending tracked change'}: " \
               f"{_q(c.old)} → {_q(c.new)}"
    if c.state == "comment":
        return f"{lead}comment by {c.author or 'unknown'} on the {words}: {_q(c.new)}"
    if c.state == "conflict":
        return (f"{lead}{words} conflict: built {_q(c.old)}, workbook now {_q(c.workbook)}, officer {_q(c.new)}"
                + (" (a pending tracked change)" if c.officer_state == "tracked" else ""))
    if c.state == "unmapped":
        return f"changed text not traced to the workbook ({c.note}): {_q(c.old)} → {_q(c.new)}"
    if c.sheet == "paper" and c.state in ("added", "deleted"):
        return f"{words} {c.state}: {_q(c.new if c.state == 'added' else c.old)}"
    if c.state == "tracked" and c.sheet == "kpis" and c.note == ROW_DELETION_PENDING:
        return f"{lead}row deletion pending, a tracked change not yet accepted (the row shows {_q(c.old)})"
    if c.state == "tracked" and c.sheet == "kpis" and c.kpi is None and c.field == "kpi" and c.old is None:
        return "row insertion pending, a tracked change not yet accepted" + (f": {_q(c.new)}" if c.new else "") + (
            f" ({c.note})" if c.note else "")
    if c.state == "added":
        return f"{lead}added" + (f": {_q(c.new)}" if c.new else "") + (f" ({c.note})" if c.note else "")
    if c.state == "deleted":
        return f"{lead}deleted (was {_q(c.old)})" + (f" ({c.note})" if c.note else "")
    if c.field == "section" and c.sheet == "kpis":
        verb = "moved to another section" if c.state == "edited" else "tracked move to another section"
        if c.note == "section heading retitled":
            verb = "section heading retitled" if c.state == "edited" else "section heading has a pending tracked change"
        return f"{lead}{verb}: {_q(c.old)} → {_q(c.new)}"
    if c.sheet == "series":
        named = f", series {_q(c.series)}" if c.series else ""
        return f"{lead}series value for {c.period}{named} changed (series sheet): {_q(c.old)} → {_q(c.new)}"
    what = "changed" if c.state == "edited" else "has a pending tracked change"
    return f"{lead}{words} {what}: {_q(c.old)} → {_q(c.new)}"


def to_plain(changes: list[Change]) -> str:
    """One line per change, grouped under the section (or paper / sources / comments)."""
    if not changes:
        return "no changes"
    groups: dict[str, list[str]] = {}
    for c in changes:
        if c.sheet == "paper":
            head = "Paper"
        elif c.sheet == "sources":
            head = "Sources"
        elif c.state == "unmapped" and not c.section:
            head = "Not traced to the workbook"
        else:
            head = f"Section: {c.section}" if c.section else "Other"
        groups.setdefault(head, []).append("  " + describe(c))
    lines = []
    for head, items in groups.items():
        lines.append(head)
        lines.extend(items)
    n = len(changes)
    lines.append(f"{n} change{'s' if n != 1 else ''}")
    return "\n".join(lines)


# ----------------------------------------------------------------------------- text matching
_FOLD = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2018": "'", "\u2019": "'",
                       "\u201a": "'", "\u201b": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
                       "\u201f": '"', "\u2032": "'", "\u2033": '"', "\u2011": "-"})


def tidy(text: str) -> str:
    """An officer's text as a workbook value: NFC, non-breaking spaces as spaces, ends stripped."""
    return (unicodedata.normalize("NFC", text).replace("\u00a0", " ").replace("\u202f", " ")
            .replace("\u2011", "-").strip())


def fold(text: str) -> str:
    """``text`` for comparison: NFC, Word's smart quotes and non-breaking spaces folded to plain
    ones (same length after NFC), so an autocorrected quote is not an edit."""
    return unicodedata.normalize("NFC", text).translate(_FOLD)


def same(a: str | None, b: str | None) -> bool:
    """Equal once folded and with runs of spaces collapsed."""
    return comparable(a or "") == comparable(b or "")


def comparable(text: str) -> str:
    """The form :func:`same` compares."""
    return _squash(fold(text))


def _squash(text: str) -> str:
    return "\n".join(re.sub(r"[ \t]+", " ", line).strip() for line in text.strip().split("\n"))


def recover(unit: Unit, new_text: str, mark_texts: dict[str, str] | None = None) -> dict[str, str] | None:
    """The field values that make ``unit`` print ``new_text``: ``{}`` when nothing changed, the
    changed fields otherwise, ``None`` when the text cannot be split into the unit's fields (its
    fixed wording was edited). Tries, in order: the bookmarks' own texts (when they rebuild the
    whole text), one field changed with the rest intact, then the fixed wording as separators."""
    if same(new_text, unit.text):
        return {}
    fields = [s for s in unit.segs if s.field]
    if not fields:
        return None
    new = unicodedata.normalize("NFC", new_text)
    for attempt in (_by_marks, _one_field, _by_wording):
        values = attempt(unit, new, mark_texts or {})
        if values is not None:
            return {k: tidy(v) for k, v in values.items()
                    if not same(v, next(s.text for s in fields if s.field == k))}
    return None


def _by_marks(unit: Unit, new: str, marks: dict[str, str]) -> dict[str, str] | None:
    if not all(s.mark in marks for s in unit.segs if s.field):
        return None
    rebuilt = "".join(marks[s.mark] if s.field else s.text for s in unit.segs)
    if not same(rebuilt, new):
        return None
    return {s.field: marks[s.mark] for s in unit.segs if s.field}


def _one_field(unit: Unit, new: str, _marks) -> dict[str, str] | None:
    folded = fold(new)
    found = []
    for k, seg in enumerate(unit.segs):
        if not seg.field:
            continue
        before = fold("".join(s.text for s in unit.segs[:k]))
        after = fold("".join(s.text for s in unit.segs[k + 1:]))
        if len(before) + len(after) <= len(folded) and folded.startswith(before) and folded.endswith(after):
            found.append({seg.field: new[len(before):len(new) - len(after)]})
    return found[0] if len(found) == 1 else None


def _by_wording(unit: Unit, new: str, _marks) -> dict[str, str] | None:
    pattern, names = "", []
    for s in unit.segs:
        if s.field:
            pattern += "(.*?)" if len(names) < sum(1 for x in unit.segs if x.field) - 1 else "(.*)"
            names.append(s.field)
        else:
            pattern += re.escape(fold(s.text))
    m = re.fullmatch(pattern, fold(new), re.S)
    if m is None:
        return None
    return {name: new[m.start(i + 1):m.end(i + 1)] for i, name in enumerate(names)}


def with_values(unit: Unit, values: dict[str, str]) -> Unit:
    """``unit`` with its fields' text replaced by ``values`` (fields not given keep theirs)."""
    return Unit(tuple(Seg(values.get(s.field, s.text) if s.field else s.text, s.field, s.mark) for s in unit.segs))
