"""``boardpaper harvest``: what officers changed in a DOCX boardpaper built, field by field.

The DOCX's manifest (:mod:`boardpaper.manifest`) says what was built; each table row is known by
the hidden bookmarks in its cells (or, if an officer retyped every cell, by its unchanged text),
each cell by its column, each field by its bookmark or by the fixed wording around it. Text is
compared before and after pending tracked changes: typed-over text is ``edited``, tracked text is
``tracked``; rows are ``deleted`` or ``added``; comments are listed where they sit; text that no
field explains is ``unmapped``, never dropped.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from . import docx_text as docxread
from .derived import key as derived_key
from .derived import row_text as derived_row_text
from .changes import ROW_DELETION_PENDING, Change, comparable, fold, recover, same, tidy, with_values
from .docx_text import NOTE, W, EditedDocx, Text
from .harvest_exceptions import harvest_exceptions
from ..manifest import GroupEntry, Manifest, SectionEntry, Seg, Unit


def harvest(path: Path | str) -> tuple[list[Change], Manifest]:
    """Every change in the DOCX at ``path`` against its manifest. Raises
    :class:`~boardpaper.cycle.changes.CycleError` for a file boardpaper did not make or cannot read."""
    doc = docxread.read(Path(path))
    h = _Harvest(doc)
    h.cover()
    h.tables()
    h.headings()
    harvest_exceptions(h)
    h.leftovers()
    h.furniture()
    h.comments()
    return _ordered(h.changes, doc.manifest), doc.manifest


def _ordered(changes: list[Change], m: Manifest) -> list[Change]:
    """Paper, then KPI changes in the paper's order, then sources, unmapped text and comments."""
    order = {kid: i for i, kid in enumerate(m.kpis)}
    sections = {s.title: i for i, s in reversed(list(enumerate(m.sections)))}

    def key(c: Change):
        if c.state == "comment":
            return (4, 0, 0)
        if c.sheet == "paper":
            return (0, 0, 0)
        if c.sheet == "sources":
            return (2, 0, 0)
        if c.state == "unmapped" and not c.section:
            return (3, 0, 0)
        return (1, sections.get(c.section, len(sections)), order.get(c.kpi, len(order)))

    return sorted(changes, key=key)


class _Harvest:
    def __init__(self, doc: EditedDocx):
        self.doc, self.m = doc, doc.manifest
        self.changes: list[Change] = []
        self.mark_owner: dict[str, str] = {}  # mark -> kpi id
        for kid, k in self.m.kpis.items():
            for unit in k.cells.values():
                for mark in unit.marks:
                    self.mark_owner[mark] = kid
        self.cover_marks = {mark: i for i, c in enumerate(self.m.cover) for mark in c.unit.marks}
        self.seen_kpis: set[str] = set()
        self.used: set = set()  # paragraphs accounted for
        self.anchors: dict = {}  # comment id -> (kpi, field, sheet, section) it sits on
        self.sources_done: set[tuple[str, str]] = set()
        self.by_text: dict[str, list[str]] | None = None  # a cell's text -> KPIs showing it

    def section_title(self, kid: str) -> str:
        return self.m.sections[self.m.kpis[kid].section].title

    # ------------------------------------------------------------------ cover
    def cover(self) -> None:
        paras = [p for p in self.doc.body.iter(W + "p") if not _in_table(p)]
        found: dict[int, object] = {}
        for p in paras:
            for b in p.iter(W + "bookmarkStart"):
                i = self.cover_marks.get(b.get(W + "name", ""))
                if i is not None and i not in found:
                    found[i] = p
        for i, entry in enumerate(self.m.cover):
            p = found.get(i)
            if p is None:  # no bookmark left: the line unchanged somewhere, or gone
                p = next((q for q in paras if q not in self.used and
                          same(docxread.text_of([q]).new, entry.unit.text)), None)
            if p is None and _paper_field(entry):
                self.changes.append(Change(None, _paper_field(entry), entry.unit.text, None, "deleted", "paper",
                                           index=entry.number or None, note="cover line removed"))
            if p is None:
                if not _paper_field(entry) and entry.unit.text.strip():  # the layout's wording, e.g. "Purpose"
                    self.changes.append(Change(None, None, entry.unit.text, None, "unmapped",
                                               note="cover wording (from the layout) edited or removed"))
                continue
            self.used.add(p)
            t = docxread.text_of([p])
            self._unit_changes(t, entry.unit, lambda f, e=entry: dict(
                kpi=None, field=f, sheet="paper", index=e.number or None), "cover line")
            self._remember_comments(t, entry.unit, None, "paper", "")

    # ------------------------------------------------------------------ tables
    def tables(self) -> None:
        """Rows known by their bookmarks first (every table), then rows whose bookmarks are all
        gone by an unchanged cell; a table with neither is boardpaper's own (it links to the
        paper's anchors: contents, summary) or one an officer added (listed as unmapped)."""
        tables = [(tbl, tbl.findall(W + "tr")) for tbl in self.doc.body.iter(W + "tbl")]
        ids = {tr: self._row_by_marks(tr) for _, rows in tables for tr in rows}
        for _, rows in tables:
            for tr in rows:
                if ids[tr] is None and not docxread.is_header_row(tr) and not self._has_marks(tr):
                    ids[tr] = self._row_by_text(tr)
        for tbl, rows in tables:
            known = [ids[tr] for tr in rows if ids[tr]]
            for tr in rows:
                for p in tr.iter(W + "p"):
                    self.used.add(p)
            if not known:
                self._foreign_table(tbl, rows)
                continue
            sec = self.m.sections[self.m.kpis[known[0]].section]
            table_section = self.section_title(Counter(known).most_common(1)[0][0])
            for label in self._label_spans(rows, ids):
                self._label(label)
            for tr in rows:
                if ids[tr]:
                    self._row(tr, ids[tr])
                elif not docxread.is_header_row(tr) and tr is not rows[0]:
                    self._added_row(tr, sec, table_section)
        for kid, k in self.m.kpis.items():
            if kid not in self.seen_kpis:
                self.changes.append(Change(kid, "kpi", k.fields.get("kpi", ""), None, "deleted",
                                           section=self.section_title(kid), note=k.origin))

    def _has_marks(self, tr) -> bool:
        return any(b.get(W + "name", "") in self.mark_owner for b in tr.iter(W + "bookmarkStart"))

    def _row_by_marks(self, tr) -> str | None:
        owners = Counter(self.mark_owner[b.get(W + "name", "")] for b in tr.iter(W + "bookmarkStart")
                         if b.get(W + "name", "") in self.mark_owner)
        for kid, _ in owners.most_common():
            if kid not in self.seen_kpis:
                self.seen_kpis.add(kid)
                return kid
        return None

    def _row_by_text(self, tr) -> str | None:
        if self.by_text is None:
            self.by_text = {}
            for kid, k in self.m.kpis.items():
                for u in k.cells.values():
                    if u.text.strip():
                        self.by_text.setdefault(comparable(u.text), []).append(kid)
        for _, tc in docxread.cells_of(tr):  # every bookmark gone: known by an unchanged cell
            text = docxread.text_of(docxread.paragraphs_of(tc)).old.replace(NOTE, "")
            kid = next((k for k in self.by_text.get(comparable(text), ()) if k not in self.seen_kpis), None)
            if kid:
                self.seen_kpis.add(kid)
                return kid
        return None

    def _foreign_table(self, tbl, rows) -> None:
        links = [e.get(W + "anchor", "") for e in tbl.iter(W + "hyperlink")]
        links += [b.get(W + "name", "") for b in tbl.iter(W + "bookmarkStart")]
        if any(n.startswith("bp_") for n in links):
            return  # boardpaper's own table of links (summary)
        derived = self.derived_keys()
        for tr in rows:
            text = derived_row_text(tr)
            if text and derived_key(text) not in derived:
                self.changes.append(Change(None, None, None, tidy(text), "unmapped", note="a table added to the paper"))

    def _row(self, tr, kid: str) -> None:
        k = self.m.kpis[kid]
        sec = self.m.sections[k.section]
        section = sec.title
        if docxread.row_state(tr) == "deleted":
            self.changes.append(Change(kid, "kpi", k.fields.get("kpi", ""), None, "tracked", section=section,
                                       note=ROW_DELETION_PENDING))
            return
        for col, tc in docxread.cells_of(tr):
            key = sec.columns[col] if col < len(sec.columns) else None
            if key == "sub_objective":  # see _label_spans
                continue
            t = docxread.text_of(docxread.paragraphs_of(tc))
            if key is None:
                if t.new.strip():
                    self.changes.append(Change(kid, None, None, t.new, "unmapped", section=section,
                                               note="text in a column added to the table"))
                continue
            unit = k.cells.get(key, Unit(()))
            if key == "kpi":
                self._notes(t, kid, k.notes, section)
                t = _strip_notes(t)
            self._unit_changes(t, unit, lambda f: dict(kpi=kid, field=f, section=section), f"{key} cell of {kid}",
                               fallback=_figure_and_period(k.fields, key))
            self._remember_comments(t, unit, kid, "kpis", section, default=key)

    def _label_spans(self, rows, ids) -> list[_Label]:
        """The sub-objective cells of a table, each with the KPIs it labels: its own row's and
        those of the rows below whose cells continue its vertical merge within the same group (a
        continuation left after the group's first row went begins a label of its own)."""
        labels: list[_Label] = []
        for tr in rows:
            kid = ids[tr]
            sec = self.m.sections[self.m.kpis[kid].section] if kid else None
            if sec is None or "sub_objective" not in sec.columns:
                continue
            col = sec.columns.index("sub_objective")
            tc = next((c for i, c in docxread.cells_of(tr) if i == col), None)
            if tc is None:
                continue
            index = sec.kpis.index(kid)
            group = next((g for g in sec.groups if g.first <= index < g.first + g.count), None)
            last = labels[-1] if labels else None
            if last and docxread.vmerge_continues(tc) and last.group is group and last.section is sec:
                last.kpis.append(kid)
            else:
                labels.append(_Label(tr, tc, [kid], group, sec))
        return labels

    def _label(self, label: _Label) -> None:
        """One sub-objective cell against the label as built, for every KPI it labels. Where the
        group's label was printed once (a merged cell in its first row) and that row is gone, the
        cell now heading the group was built blank: left blank it is no change (LibreOffice and
        Word drop the merged cell's text with its first row); given text, it is a new label."""
        group, sec, kids = label.group, label.section, label.kpis
        t = docxread.text_of(docxread.paragraphs_of(label.cell))
        if docxread.row_state(label.row) == "deleted":  # a pending row deletion marks the label deleted too
            t = Text(t.old, t.old, t.marks_old, dict(t.marks_old), t.notes, t.comments, t.bookmarks)
        printed_here = group is None or sec.kpis[group.first] == kids[0] or _repeats(group, label.row)
        blank = not t.old.strip() and not t.new.strip()
        if not printed_here and (blank or docxread.vmerge_continues(label.cell)):
            return  # blank, or a cell that continues a merge (its text, if any, is not the officer's)
        for kid in kids:
            title = group.title if group else self.m.kpis[kid].fields.get("sub_objective", "")
            unit = Unit((Seg(title, "sub_objective"),))
            self._unit_changes(t, unit, lambda f, m=kid: dict(kpi=m, field=f, section=sec.title),
                               f"sub-objective cell of {kid}")
            if kid == kids[0]:
                self._remember_comments(t, unit, kid, "kpis", sec.title, default="sub_objective")

    def _notes(self, t: Text, kid: str, sources: tuple[str, ...], section: str) -> None:
        for note_id, sid in zip(t.notes, sources):
            ft = self.doc.footnotes.get(note_id)
            built_text, url = self.m.sources.get(sid, ("", ""))
            built = built_text or url
            if ft is None:
                continue
            old, new = _without_url(ft.old, url, built), _without_url(ft.new, url, built)
            for state, before, after in (("edited", built, old), ("tracked", old, new)):
                if not same(before, after) and (sid, after) not in self.sources_done:
                    self.sources_done.add((sid, after))
                    self.changes.append(Change(None, "text", tidy(before), tidy(after), state, "sources", source=sid))
        if len(t.notes) < len(sources):
            self.changes.append(Change(kid, "sources", " ".join(sources), " ".join(sources[:len(t.notes)]),
                                       "unmapped", section=section, note="footnote mark removed"))

    def _added_row(self, tr, sec, section: str) -> None:
        cells = {}
        for col, tc in docxread.cells_of(tr):
            key = sec.columns[col] if sec and col < len(sec.columns) else f"column {col + 1}"
            text = _strip_notes(docxread.text_of(docxread.paragraphs_of(tc))).new.strip()
            if text:
                cells[key] = tidy(text)
        if not cells:
            return
        state = "tracked" if docxread.row_state(tr) == "inserted" else "added"
        self.changes.append(Change(None, "kpi", None, cells.get("kpi") or " | ".join(cells.values()), state,
                                   section=section, cells=cells, note="row added in the DOCX; give it an id "
                                   "in the workbook to keep it"))

    # ------------------------------------------------------------------ headings and the rest
    def headings(self) -> None:
        anchors = {s.anchor: i for i, s in enumerate(self.m.sections)}
        found = set()
        for p in self.doc.body.iter(W + "p"):
            if p in self.used:
                continue
            names = [b.get(W + "name", "") for b in p.iter(W + "bookmarkStart")]
            hit = next((anchors[n] for n in names if n in anchors), None)
            if hit is None or hit in found:
                continue
            found.add(hit)
            self.used.add(p)
            sec = self.m.sections[hit]
            t = docxread.text_of([p])
            unit = Unit((Seg(sec.title, "section"),))
            for kid in sec.kpis:
                if kid in self.seen_kpis:
                    self._unit_changes(t, unit, lambda f, k=kid: dict(kpi=k, field=f, section=sec.title,
                                                                      note="section heading retitled"),
                                       f"heading of {sec.title!r}")
            self._remember_comments(t, unit, sec.kpis[0] if sec.kpis else None, "kpis", sec.title,
                                    default="section")
        for i, sec in enumerate(self.m.sections):
            if i not in found and any(k in self.seen_kpis for k in sec.kpis):
                self.changes.append(Change(None, "section", sec.title, None, "unmapped", section=sec.title,
                                           note="section heading removed or its bookmark lost"))

    def leftovers(self) -> None:
        """Paragraphs outside the tables that no cover line, heading or contents entry explains."""
        known = {self._fold_toc(s.title) for s in self.m.sections}
        known |= {self._fold_toc(g.title) for s in self.m.sections for g in s.groups}
        known |= {self._fold_toc(self.m.contents_label)}
        known |= self.derived_keys()
        known |= {self._fold_toc(text) for text in self.m.fixed}  # the chart key's wording
        for p in self.doc.body.iter(W + "p"):
            if p in self.used or _in_table(p):
                continue
            t = docxread.text_of([p])
            if not t.new.strip() and not t.old.strip():
                continue
            if self._fold_toc(t.new.strip()) in known or self._fold_toc(t.old.strip()) in known:
                continue
            self.changes.append(Change(None, None, (t.old.strip() or None) if t.tracked else None,
                                       t.new.strip() or None, "unmapped", note="paragraph added or edited "
                                       "outside the tables" + (" (a pending tracked change)" if t.tracked else "")))

    def furniture(self) -> None:
        """Page headers and footers: made from the layout and paper fields, so an edit is listed
        as unmapped (page numbers, which every client recomputes, are ignored)."""
        def as_built(kind: str, text: str) -> bool:
            if kind == "header":
                return same(text, self.m.header)
            pattern = "\\d*".join(re.escape(part) for part in comparable(self.m.footer).split("#"))
            return re.fullmatch(pattern, comparable(text)) is not None

        if self.m.header is None or self.m.footer is None:
            return
        for kind, t in self.doc.furniture:
            for text in dict.fromkeys((t.old, t.new)):
                if text.strip() and not as_built(kind, text):
                    self.changes.append(Change(None, None, None, tidy(text), "unmapped",
                                               note=f"page {kind} (from the layout and paper fields)"))
                    break

    @staticmethod
    def _fold_toc(text: str) -> str:
        return derived_key(text)

    def derived_keys(self) -> set[str]:
        """The text boardpaper made itself (summary, counts, key, headings of its own), as built."""
        return {derived_key(t) for t in self.m.derived}

    def comments(self) -> None:
        for cid, (kid, field_, sheet, section) in self.anchors.items():
            author, text = self.doc.comments.get(cid, ("", ""))
            self.changes.append(Change(kid, field_, None, text, "comment", sheet, section, author=author or None))
        for cid, (author, text) in self.doc.comments.items():
            if cid not in self.anchors:
                self.changes.append(Change(None, None, None, text, "comment", "", author=author or None,
                                           note="comment outside the paper's fields"))

    # ------------------------------------------------------------------ one unit
    def _unit_changes(self, t: Text, unit: Unit, where, place: str, fallback: _ValueCell | None = None) -> None:
        """``edited`` for text changed outside tracking, ``tracked`` for pending tracked changes.
        ``fallback`` reads a value cell as "figure [period]" whatever the built cell showed."""
        base = _choose(unit, fallback, t.old, t.marks_old)
        if base is None:
            self.changes.append(Change(**where(None), old=unit.text, new=tidy(t.old), state="unmapped",
                                       note=f"{place}: its fixed wording was changed"))
            return
        old_values = {**(fallback.built if fallback else {}), **{s.field: s.text for s in unit.segs if s.field}}
        for f, v in base.items():
            self.changes.append(Change(**where(f), old=old_values.get(f) or None, new=v or None, state="edited"))
        if not t.tracked:
            return
        after = _choose(with_values(unit, base), fallback.after(base) if fallback else None, t.new, t.marks_new)
        if after is None:
            self.changes.append(Change(**where(None), old=tidy(t.old), new=tidy(t.new), state="unmapped",
                                       note=f"{place}: a tracked change to its fixed wording"))
            return
        for f, v in after.items():
            self.changes.append(Change(**where(f), old=base.get(f, old_values.get(f)) or None, new=v or None,
                                       state="tracked"))

    def _remember_comments(self, t: Text, unit: Unit, kid, sheet: str, section: str, default: str = "") -> None:
        fields = {s.mark: s.field for s in unit.segs if s.mark}
        first = next((s.field for s in unit.segs if s.field), default)
        for cid, mark in t.comments:
            self.anchors.setdefault(cid, (kid, fields.get(mark, first) or default, sheet, section))


@dataclass
class _Label:
    """A sub-objective cell in row ``row`` and the KPIs whose rows it labels."""

    row: object
    cell: object
    kpis: list[str]
    group: GroupEntry | None
    section: SectionEntry


def _repeats(group: GroupEntry, tr) -> bool:
    """Whether ``group``'s label was printed in every row (accessible tables, a group taller than
    a page); a manifest that does not say is read from the table: only merged tables merge cells."""
    if group.repeat is not None:
        return group.repeat
    return next(tr.getparent().iter(W + "vMerge"), None) is None


PERIOD_OF = {"current": "current_period", "benchmark": "benchmark_period"}


class _ValueCell:
    """A value cell read as "figure [period]": the last bracketed group is the period, whatever
    the built cell showed (an officer may add a period to a bare figure, or a figure to a period)."""

    def __init__(self, key: str, built: dict[str, str]):
        self.key, self.period, self.built = key, PERIOD_OF[key], built

    def read(self, text: str, period_mark: str | None = None) -> dict[str, str] | None:
        """The changed fields, or ``None`` when the brackets around a built period are gone
        (its fixed wording was edited). ``period_mark`` is the text still inside the period's
        bookmark, which settles a period that itself holds brackets."""
        text = text.strip()
        tail = f"[{period_mark}]" if period_mark else None
        m = re.fullmatch(r"(.*?)\s*\[([^\[\]]*)\]", text, re.S)
        if tail and fold(text).endswith(fold(tail)):
            figure, period = text[:len(text) - len(tail)], period_mark
        elif m:
            figure, period = m.group(1), m.group(2)
        elif self.built.get(self.period):
            return None
        else:
            figure, period = text, ""
        values = {self.key: tidy(figure), self.period: tidy(period)}
        return {f: v for f, v in values.items() if not same(v, self.built.get(f, ""))}

    def after(self, values: dict[str, str]) -> _ValueCell:
        return _ValueCell(self.key, {**self.built, **values})


def _figure_and_period(fields: dict[str, str], key: str) -> _ValueCell | None:
    if key not in PERIOD_OF:
        return None
    return _ValueCell(key, {key: fields.get(key, ""), PERIOD_OF[key]: fields.get(PERIOD_OF[key], "")})


def _choose(unit: Unit, fallback: _ValueCell | None, text: str, marks: dict[str, str]) -> dict[str, str] | None:
    """The changed fields of ``unit`` printing ``text``; for a value cell, the cell's own reading
    unless it contradicts a surviving bookmark, lets a figure swallow a period, or changes more
    fields than reading it as "figure [period]"."""
    base = recover(unit, text, marks)
    if fallback is None or base == {}:
        return base
    period_mark = next((marks.get(s.mark) for s in unit.segs if s.field == fallback.period and s.mark), None)
    alt = fallback.read(text, period_mark)
    if alt is None:
        return base
    if base is None or _swallows_period(base, unit) or not _agrees_with_marks(base, unit, marks) \
            or len(alt) < len(base):
        return alt
    return base


def _agrees_with_marks(values: dict[str, str], unit: Unit, marks: dict[str, str]) -> bool:
    return all(same(values[s.field], marks[s.mark]) for s in unit.segs
               if s.field in values and s.mark in marks)


def _swallows_period(values: dict[str, str], unit: Unit) -> bool:
    """A figure that now ends in "[…]" where the built cell showed no period."""
    shown = {s.field for s in unit.segs if s.field}
    return any(f in values and f"{f}_period" not in shown and re.search(r"\[[^\[\]]*\]\s*$", values[f])
               for f in PERIOD_OF)


def _strip_notes(t: Text) -> Text:
    """``t`` without footnote marks and the superscript commas boardpaper puts between them."""
    pattern = re.compile(NOTE + "(?:," + NOTE + ")*")
    return Text(pattern.sub("", t.old), pattern.sub("", t.new),
                {k: pattern.sub("", v) for k, v in t.marks_old.items()},
                {k: pattern.sub("", v) for k, v in t.marks_new.items()}, t.notes, t.comments, t.bookmarks)


def _in_table(p) -> bool:
    return any(a.tag == W + "tbl" for a in p.iterancestors())


def _paper_field(entry) -> str | None:
    return next((s.field for s in entry.unit.segs if s.field), None)


def _without_url(text: str, url: str, built: str) -> str:
    """A footnote's text without the source's web address printed after it (the look's
    ``note_url``): that address is the source's ``url``, not part of its ``text``."""
    text = text.strip()
    if url and built != url and text.endswith(url):
        return text[:-len(url)].rstrip()
    return text
