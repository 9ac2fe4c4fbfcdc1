"""From a checked input and a layout to the :class:`~boardpaper.model.Document` every writer renders.

Everything a reader of the paper sees is decided here, once: sections (one per run of consecutive
rows), columns, the chart column, groups, notes, cover lines, page furniture and properties.
Writers only paint what this returns.
"""
from __future__ import annotations

import os
from dataclasses import fields, replace
from datetime import datetime, timezone
from pathlib import Path

from .. import charts
from ..charts.key import chart_key
from ..charts.spec import kpi_spec
from .exceptions import exceptions_for
from ..errors import InputError, Problem
from ..figures import number_style
from ..layout import DEFAULT_LABELS as LAYOUT_LABELS
from ..layout import Layout, fill, unused_sections
from ..model import (ChartSpec, Column, Cover, CoverLine, Document, Furniture, Group, InputFile, Note, Properties, Row,
                    Section, Segment, Source, Wording)
from ..readers.workbook import Kpi, PaperInput
from .cells import chart_column, period_segments, table_description, with_period  # noqa: F401 (re-exported)
from .readings import spc_for
from . import row_sizes as sizes

DEFAULT_LABELS = {"sub_objective": "Sub-Objective", "kpi": "Key Performance Indicator",
                  "current": "Current", "benchmark": "Historical Performance / Benchmark", "target": "Target"}
DEFAULT_WIDTHS = {"sub_objective": 18.0, "kpi": 38.0, "current": 22.0, "benchmark": 22.0, "target": 12.0}
VALUE_KEYS = ("current", "benchmark", "target")
FALLBACK_CREATED = datetime(2000, 1, 1, tzinfo=timezone.utc)
COVER_FIELDS = ("agenda_item", "appendix", "board", "meeting", "title", "plan_priority", "presented_by")


def build_time(paper: PaperInput | None = None) -> datetime:
    """The timestamp written into the outputs: ``SOURCE_DATE_EPOCH`` when set, else a fixed value
    (so the same input always gives the same bytes)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return FALLBACK_CREATED


def _values(k: Kpi) -> tuple[tuple[str, str], ...]:
    return (("current", with_period(k.current, k.current_period)),
            ("benchmark", with_period(k.benchmark, k.benchmark_period)),
            ("target", k.target))


def value_segments(fields: dict[str, str]) -> tuple[tuple[str, tuple[Segment, ...]], ...]:
    """Each value column's display text split into the ``kpis`` fields it shows."""
    target = fields.get("target", "")
    return (("current", period_segments(fields.get("current", ""), fields.get("current_period", ""),
                                        "current", "current_period")),
            ("benchmark", period_segments(fields.get("benchmark", ""), fields.get("benchmark_period", ""),
                                          "benchmark", "benchmark_period")),
            ("target", ((target, "target"),) if target else ()))


def section_columns(layout: Layout, title: str, rows: list[Row] | tuple[Row, ...],
                    has_groups: bool) -> tuple[Column, ...]:
    """The layout's columns for this section, with nothing the input holds left out: a value
    column the layout lacks is added when any row fills it; an empty sub-objective column is dropped."""
    cols = list(layout.columns_for(title))
    keys = {c.key for c in cols}
    if "kpi" not in keys:
        cols.insert(1 if cols and cols[0].key == "sub_objective" else 0,
                    Column("kpi", DEFAULT_LABELS["kpi"], DEFAULT_WIDTHS["kpi"]))
    for key in VALUE_KEYS:
        if key not in keys and any(r.value(key) for r in rows):
            cols.append(Column(key, DEFAULT_LABELS[key], DEFAULT_WIDTHS[key]))
    if not has_groups:
        cols = [c for c in cols if c.key != "sub_objective"]
    elif "sub_objective" not in keys:
        cols.insert(0, Column("sub_objective", DEFAULT_LABELS["sub_objective"], DEFAULT_WIDTHS["sub_objective"]))
    return tuple(cols)


def make_section(layout: Layout, title: str, anchor: str, rows: tuple[Row, ...],
                 groups: tuple[Group, ...]) -> Section:
    """A section with its columns, chart column, caption and description decided."""
    cols = section_columns(layout, title, rows, bool(groups))
    chart_key = chart_column(layout, cols)
    return Section(title, anchor, cols, rows, groups, chart_column=chart_key,
                   caption=title, description=table_description(title, len(rows), cols))


def _runs(kpis: list[Kpi]) -> list[tuple[str, list[Kpi]]]:
    """Consecutive KPIs with the same section, in input order (a section that comes back after
    another is a new run)."""
    runs: list[tuple[str, list[Kpi]]] = []
    for k in kpis:
        if runs and runs[-1][0] == k.section:
            runs[-1][1].append(k)
        else:
            runs.append((k.section, [k]))
    return runs


def _groups(kpis: list[Kpi], anchor: str) -> tuple[Group, ...]:
    groups: list[Group] = []
    for i, k in enumerate(kpis):
        if k.sub_objective and (i == 0 or kpis[i - 1].sub_objective != k.sub_objective):
            groups.append(Group(k.sub_objective, f"{anchor}_g{len(groups) + 1}", i, 1))
        elif k.sub_objective:
            g = groups[-1]
            groups[-1] = Group(g.title, g.anchor, g.first, g.count + 1)
    return tuple(groups)


def cover_lines(cover: Cover, layout: Layout) -> tuple[CoverLine, ...]:
    """The cover block as printed, in order, with the layout's wording."""
    label = LAYOUT_LABELS | layout.labels
    lines: list[CoverLine] = []
    reference = " – ".join(x for x in (cover.agenda_item, cover.appendix) if x)
    if reference:
        lines.append(CoverLine("reference", reference, fields=("agenda_item", "appendix"),
                               segments=_joined(cover, ("agenda_item", "appendix"), " – ")))
    meeting = " ".join(x for x in (cover.board, cover.meeting) if x)
    if meeting:
        lines.append(CoverLine("meeting", meeting, fields=("board", "meeting"),
                               segments=_joined(cover, ("board", "meeting"), " ")))
    lines.extend(_labelled(cover, "plan_priority", label))
    lines.append(CoverLine("title", cover.title, label["title"], ("title",), segments=((cover.title, "title"),)))
    lines.extend(_labelled(cover, "presented_by", label))
    if cover.purpose:
        lines.append(CoverLine("purpose_heading", label["purpose"]))
        lines.extend(CoverLine("purpose", p, fields=("purpose",), number=i, segments=((p, "purpose"),))
                     for i, p in enumerate(cover.purpose, start=1))
    return tuple(lines)


def _labelled(cover: Cover, name: str, label: dict[str, str]) -> tuple[CoverLine, ...]:
    """The labelled cover line of field ``name``; when the field is blank, the layout's
    ``blank_field`` wording (not a workbook value, so not traced back to a field), or no line."""
    value = getattr(cover, name)
    if value:
        return (CoverLine(name, value, label[name], (name,), segments=((value, name),)),)
    if label.get("blank_field"):
        return (CoverLine(name, label["blank_field"], label[name], segments=((label["blank_field"], ""),)),)
    return ()


def _joined(cover: Cover, names: tuple[str, ...], sep: str) -> tuple[Segment, ...]:
    """The non-blank cover fields ``names`` joined by ``sep``, as segments."""
    out: list[Segment] = []
    for name in names:
        if getattr(cover, name):
            if out:
                out.append((sep, ""))
            out.append((getattr(cover, name), name))
    return tuple(out)


def make_cover(fields: dict[str, str], purpose: list[str] | tuple[str, ...], layout: Layout) -> Cover:
    """The cover: the ``paper`` fields and its lines as printed."""
    cover = Cover(board=fields.get("board", ""), meeting=fields.get("meeting", ""), title=fields.get("title", ""),
                  agenda_item=fields.get("agenda_item", ""), appendix=fields.get("appendix", ""),
                  plan_priority=fields.get("plan_priority", ""), presented_by=fields.get("presented_by", ""),
                  purpose=tuple(purpose))
    return Cover(**{**cover.__dict__, "lines": cover_lines(cover, layout)})


def make_furniture(cover: Cover, layout: Layout) -> Furniture:
    """Header and footer text, the layout's templates filled from the cover; the page number's
    wording from ``[labels] page`` ("Page {page} of {pages}")."""
    values = {k: getattr(cover, k) for k in COVER_FIELDS}
    before, rest = (LAYOUT_LABELS | layout.labels)["page"].split("{page}", 1)
    middle, after = rest.split("{pages}", 1)
    return Furniture(header=fill(layout.header, values), footer=fill(layout.footer, values),
                     page_before=before, page_middle=middle, page_after=after)


def make_wording(layout: Layout) -> Wording:
    """The words writers print that belong to no one block, from the layout's ``[labels]``."""
    labels = LAYOUT_LABELS | layout.labels
    return Wording(**{f.name: labels[f.name] for f in fields(Wording)})


def make_properties(fields: dict[str, str], cover: Cover, layout: Layout) -> Properties:
    """Title, subject ("board – meeting"), author (the paper's, else the layout's), keywords, and
    language (the paper's ``language`` field, else en-GB)."""
    keywords = tuple(w.strip() for w in fields.get("keywords", "").split(";") if w.strip()) or (
        "scorecard", "performance", cover.board)
    return Properties(title=cover.title, subject=" – ".join(x for x in (cover.board, cover.meeting) if x),
                      author=fields.get("author") or layout.author, keywords=tuple(k for k in keywords if k),
                      language=fields.get("language") or Properties.language,
                      contents_label=(LAYOUT_LABELS | layout.labels)["contents"])


def chart_of(k: Kpi, series: list, periods: tuple[str, ...] = ()) -> ChartSpec | None:
    """KPI ``k``'s chart from its series points (:func:`~boardpaper.charts.spec.kpi_spec`), its labels in the KPI's own number format (as
    its Current figure writes numbers; :func:`boardpaper.figures.number_style`)."""
    spec = kpi_spec(k, series, periods) if series else None
    if spec is None:
        return None
    values = [v for s in spec.series for v in s.values]
    first = [v for v in spec.series[0].values if v is not None]
    return replace(spec, number=number_style(k.current, first[-1] if first else None, values))


PROPERTY_LIMIT = 255  # characters in a DOCX core property (Word's limit); the PDF and HTML take the same text


def fit_properties(props: Properties, file: str = "") -> tuple[Properties, tuple[Problem, ...]]:
    """``props`` cut to what every format holds (:data:`PROPERTY_LIMIT` characters each; keywords
    dropped from the end until they fit, joined by ``; ``), with a warning naming each field cut.
    The cover and the page furniture print the fields whole."""
    notices = []
    where = {"title": "field `title`", "subject": "fields `board` and `meeting` (the subject, \"board – meeting\")",
             "author": "field `author` (or the layout's author)"}
    changes: dict[str, object] = {}
    for name, said in where.items():
        text = getattr(props, name)
        if len(text) > PROPERTY_LIMIT:
            changes[name] = text[:PROPERTY_LIMIT - 1].rstrip() + "…"
            notices.append(Problem(f"the document properties hold at most {PROPERTY_LIMIT} characters; the {name} "
                                   f"({len(text)} characters, from the paper's {said}) is cut to fit there (the "
                                   "paper itself prints it whole)", file, "paper", None, "value", warning=True))
    keywords = list(props.keywords)
    if len("; ".join(keywords)) > PROPERTY_LIMIT:
        kept: list[str] = []
        for k in keywords:
            if len("; ".join(kept + [k[:PROPERTY_LIMIT]])) > PROPERTY_LIMIT:
                break
            kept.append(k[:PROPERTY_LIMIT])
        dropped = len(keywords) - len(kept)
        changes["keywords"] = tuple(kept)
        notices.append(Problem(f"the document properties hold at most {PROPERTY_LIMIT} characters of keywords; "
                               f"{len(keywords)} keywords take {len('; '.join(keywords))}, so the last {dropped} "
                               f"{'is' if dropped == 1 else 'are'} left out of the properties", file, "paper", None,
                               "value", warning=True))
    return (replace(props, **changes) if changes else props), tuple(notices)


def compose(paper: PaperInput, layout: Layout) -> Document:
    """The document for ``paper`` in ``layout``: one section per run of consecutive rows with the
    same ``section`` (in input order), sub-objective groups over consecutive rows, notes numbered
    in reading order."""
    sources = {s.id: Source(s.id, s.text, s.url or None) for s in paper.sources.values()}
    note_number = 0
    sections = []
    for si, (title, kpis) in enumerate(_runs(paper.kpis), start=1):
        anchor = f"bp_s{si}"
        rows: list[Row] = []
        for k in kpis:
            notes = []
            for sid in k.sources:
                note_number += 1
                notes.append(Note(note_number, sources[sid]))
            spec = chart_of(k, paper.series.get(k.id, []), paper.periods.get(k.id, ()))
            rows.append(Row(k.id, k.kpi, k.sub_objective, _values(k), tuple(notes), spec,
                            f"kpis sheet, row {k.row}", fields=k.raw, segments=value_segments(dict(k.raw))))
        sections.append(make_section(layout, title, anchor, tuple(rows), _groups(kpis, anchor)))
    sections, summary = spc_for(sections, paper, layout)
    sections, summary, exceptions, reported = exceptions_for(sections, summary, paper, layout)
    sections, notices = size_charts(list(sections), layout)
    sections = [mark_tall(layout, s) for s in sections]  # on the final columns, status texts and chart sizes
    cover = make_cover(paper.fields, paper.purpose, layout)
    properties, cut = fit_properties(make_properties(paper.fields, cover, layout), paper.file)
    return Document(cover=cover, sections=tuple(sections), created=build_time(paper), name=paper.name,
                    chart_key=chart_key([r.chart for s in sections for r in s.rows if r.chart], layout),
                    furniture=make_furniture(cover, layout), look=layout.look, properties=properties,
                    summary=summary, notices=tuple(notices) + cut + reported + _unused_layout_sections(layout, sections),
                    exceptions=exceptions, wording=make_wording(layout),
                    source=InputFile(Path(paper.file).name, paper.sha256))


def _unused_layout_sections(layout: Layout, sections) -> tuple[Problem, ...]:
    """A warning per ``[sections."X"]`` of the layout naming no section of the paper."""
    return tuple(Problem(m, warning=True) for m in unused_sections(layout, [s.title for s in sections]))


CELL_PADDING_MM = 3.0  # a cell's left + right margins in either format (DOCX 2 x 1.2 mm, PDF 2 x 3 pt)
MIN_CHART_MM = 3.0     # the narrowest chart drawn (a marker and its line); a narrower chart column is an error


def chart_room(layout: Layout, section: Section) -> float | None:
    """The width in mm a chart may take in ``section``'s chart column, inside the cell margins."""
    if section.chart_column is None:
        return None
    total = sum(max(c.width, 0) for c in section.columns) or 1.0
    col = next(c for c in section.columns if c.key == section.chart_column)
    return layout.frame_width * max(col.width, 0) / total - CELL_PADDING_MM


def size_charts(sections: list[Section], layout: Layout) -> tuple[list[Section], tuple[Problem, ...]]:
    """Each chart given the size it is drawn at (``ChartSpec.size``), and one warning naming
    ``[chart] width_mm`` when any chart column is narrower than that.

    The rule: a chart is ``[chart] width_mm`` wide, or as wide as its column leaves inside the cell
    margins when that is less (its height is kept), so that neither format overflows or clips it;
    its legend may add rows to its height (:func:`charts.drawn_size`). Raises :class:`InputError`
    when a chart column leaves less than ``MIN_CHART_MM``."""
    want_w, want_h = layout.chart_size
    narrowed: list[tuple[Section, float]] = []
    out = []
    for s in sections:
        room = chart_room(layout, s)
        if room is None or not any(r.chart for r in s.rows):
            out.append(s)
            continue
        if room < MIN_CHART_MM:
            raise InputError(Problem(
                f"layout {layout.name!r}: the chart column `{s.chart_column}` of section {s.title!r} leaves "
                f"{max(room, 0):.1f} mm inside its cell margins, too narrow for a chart (at least {MIN_CHART_MM:g} mm): "
                "widen that column ([[columns]] width) or choose another [chart] column"))
        width = want_w
        if room < want_w:
            width = room
            narrowed.append((s, width))
        rows = tuple(replace(r, chart=replace(r.chart, size=charts.drawn_size(r.chart, width, want_h)))
                     if r.chart else r for r in s.rows)
        out.append(replace(s, rows=rows))
    if not narrowed:
        return out, ()
    keys = ", ".join(f"`{k}`" for k in dict.fromkeys(s.chart_column for s, _ in narrowed))
    lo, hi = min(w for _, w in narrowed), max(w for _, w in narrowed)
    drawn = f"{lo:.1f} mm" if round(lo, 1) == round(hi, 1) else f"{lo:.1f} to {hi:.1f} mm"
    where = (f"section {narrowed[0][0].title!r}" if len(narrowed) == 1 else
             f"{len(narrowed)} sections (the first {narrowed[0][0].title!r})")
    return out, (Problem(
        f"layout {layout.name!r}, [chart] width_mm = {want_w:g}: wider than the chart column ({keys}) inside its "
        f"cell margins in {where}; those charts are drawn as wide as their column ({drawn}), their height kept",
        warning=True),)


def mark_tall(layout: Layout, section: Section) -> Section:
    """``section`` with the page-size facts every writer reads, estimated on its final columns and
    chart sizes: a row estimated taller than a page may split across pages; a group estimated
    taller than a page shows its label in every row (a merged cell's text would be on its first
    page only); every group's continuation label."""
    heights = [sizes.row_mm(layout, r, section.columns, section.chart_column) for r in section.rows]
    rows = tuple(replace(r, may_split=sizes.is_tall(h, layout) or r.may_split, estimated_mm=h)
                 for r, h in zip(section.rows, heights))
    continued = (LAYOUT_LABELS | layout.labels).get("continued", "(continued)")
    groups = tuple(replace(g, continued=f"{g.title} {continued}",
                           repeat_label=sizes.is_tall(sum(heights[g.first:g.first + g.count]), layout))
                   for g in section.groups)
    return replace(section, rows=rows, groups=groups)
