"""Exception reports and the summary matrix, decided once for every writer (part of compose).

Which KPIs get a report (:func:`reasons`): those whose reading is one of the layout's
``[exceptions] when`` rules, in table order, unless the ``kpis`` column ``exception`` says ``no``;
``yes`` forces one. A report holds the KPI text as its heading, the owner, latest figure and target,
the reading in words, a chart the full width of the text (mean, process limits, target and the
rule each special-cause point broke), the ``commentary`` sheet's paragraphs under the layout's
headings (a heading with no text is left out) or "No commentary was provided.", and links back to
the KPI's row and summary line. The summary matrix places every KPI by its two readings.
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Sequence

from ..spc import xmr as spc
from ..errors import InputError, Problem
from ..model import (ExceptionReport, Exceptions, Fact, MatrixEntry, Narrative, NarrativeBlock, NarrativeSection,
                    Reading, Row, Section, Summary, SummaryMatrix)

if TYPE_CHECKING:  # pragma: no cover
    from ..layout import Layout
    from ..readers.workbook import Commentary, Kpi, PaperInput

NO_COMMENTARY = "No commentary was provided."
BULLETS = ("•", "-", "–", "*")  # a line starting with one of these (and a space, or •) is a list item
NO_TARGET = "No target"
TOO_FEW = "Fewer than {n} points"
NOT_ASSESSED = "Not assessed (fewer than {n} points)"
CHART_HEIGHT_MM = 70.0  # a report's chart: the text width wide, this tall (at most 40 % of the text height)
RULE_WORDS = {"limit": "outside a process limit", "trend": "a run of 7 rising or falling points",
              "two-of-three": "2 of 3 points near a limit", "shift": "7 or more points on one side of the mean"}


def off_target(kpi: Kpi) -> bool:
    """The Current figure lies on the wrong side of ``target_value`` for the KPI's polarity."""
    from ..readers.workbook import parse_number

    got = parse_number(kpi.current) if kpi.current else None
    if got is None or kpi.target_value is None or kpi.polarity not in ("up", "down"):
        return False
    return got[0] < kpi.target_value if kpi.polarity == "up" else got[0] > kpi.target_value


def reasons(kpi: Kpi, reading: Reading | None, when: Sequence[str]) -> tuple[str, ...]:
    """The rules of ``when`` that apply to ``kpi`` (empty: none), in ``when``'s order."""
    checks = {
        "special cause concerning": bool(reading and reading.variation == spc.CONCERNING),
        "consistently failing": bool(reading and reading.assurance == spc.FAILING),
        "hit and miss": bool(reading and reading.assurance == spc.HIT_AND_MISS),
        "deteriorated": bool(reading and reading.direction == spc.DETERIORATED),
        "off target": off_target(kpi),
    }
    return tuple(rule for rule in when if checks.get(rule))


def is_exception(kpi: Kpi, reading: Reading | None, when: Sequence[str]) -> bool:
    """Whether ``kpi`` gets an exception report: its ``exception`` column, else the rules."""
    if kpi.exception in ("yes", "no"):
        return kpi.exception == "yes"
    return bool(reasons(kpi, reading, when))


def reading_of(kpi: Kpi, paper: PaperInput, layout: Layout) -> Reading | None:
    """The KPI's SPC reading with the layout's ``min_points`` (the same as the status column's)."""
    from ..spc.kpis import first_series, kpi_reading

    line = first_series(kpi, paper.series.get(kpi.id, []), paper.periods.get(kpi.id, ()))
    return kpi_reading(kpi, line, layout.status.min_points)


def narrative_blocks(text: str) -> tuple[NarrativeBlock, ...]:
    """``text`` as printed: runs of bullet lines (``•``, ``-``) become a list, other lines a
    paragraph with its line breaks; blank lines separate paragraphs."""
    blocks: list[NarrativeBlock] = []
    for line in text.split("\n"):
        stripped = line.strip()
        marker = next((b for b in BULLETS if stripped.startswith(b) and (
            b == "•" or stripped[len(b):len(b) + 1] in (" ", "\t"))), None)
        if not stripped:
            if blocks and blocks[-1].kind == "para":
                blocks.append(NarrativeBlock("gap", ()))
            continue
        if marker:
            item = stripped[len(marker):].strip()
            if blocks and blocks[-1].kind == "list":
                last = blocks[-1]
                blocks[-1] = NarrativeBlock("list", last.lines + (item,), last.markers + (marker,))
            else:
                blocks.append(NarrativeBlock("list", (item,), (marker,)))
        elif blocks and blocks[-1].kind == "para":
            last = blocks[-1]
            blocks[-1] = NarrativeBlock("para", last.lines + (stripped,))
        else:
            blocks.append(NarrativeBlock("para", (stripped,)))
    return tuple(b for b in blocks if b.kind != "gap")


def blocks_text(blocks: Sequence[NarrativeBlock]) -> str:
    """The text a row holds for ``blocks`` (the inverse of :func:`narrative_blocks`, up to spacing)."""
    lines: list[str] = []
    for b in blocks:
        if b.kind == "list":
            markers = b.markers + ("•",) * (len(b.lines) - len(b.markers))
            lines.extend(f"{m} {t}" for m, t in zip(markers, b.lines))
        else:
            lines.extend(b.lines)
    return "\n".join(lines)


def heading_problems(paper: PaperInput, layout: Layout) -> list[Problem]:
    """An error for each ``commentary`` row whose heading is not one of the layout's headings."""
    known = {" ".join(h.split()).casefold() for h in layout.exceptions.headings}
    listed = ", ".join(layout.exceptions.headings)
    return [Problem(f"heading {c.heading!r} is not one of the layout {layout.name!r} exception report headings "
                    f"({listed})", paper.file, "commentary", c.row, "heading")
            for c in paper.commentary if " ".join(c.heading.split()).casefold() not in known]


def _narrative(kpi_id: str, rows: list[Commentary], headings: Sequence[str]) -> tuple[NarrativeSection, ...]:
    out = []
    for heading in headings:
        key = " ".join(heading.split()).casefold()
        entries = tuple(Narrative(kpi_id, heading, c.index, c.text, narrative_blocks(c.text))
                        for c in rows if " ".join(c.heading.split()).casefold() == key)
        entries = tuple(e for e in entries if e.blocks)
        if entries:
            out.append(NarrativeSection(heading, entries))
    return tuple(out)


def _chart(row: Row, kpi: Kpi, paper: PaperInput, layout: Layout):
    """The row's chart at the text's full width, with process limits when it has enough points."""
    if row.chart is None:
        return None, ()
    from ..spc.kpis import first_series, kpi_limits

    line = first_series(kpi, paper.series.get(kpi.id, []), paper.periods.get(kpi.id, ()))
    limits = kpi_limits(kpi, line, layout.status.min_points)
    height = min(CHART_HEIGHT_MM, (layout.page_size[1] - layout.margins[0] - layout.margins[2]) * 0.4)
    spec = replace(row.chart, limits=limits, size=(layout.frame_width, height))
    from ..charts.full_size import chart_key

    return spec, chart_key(spec)


def exceptions_for(sections: Sequence[Section], summary: Summary | None, paper: PaperInput,
                   layout: Layout
                   ) -> tuple[tuple[Section, ...], Summary | None, Exceptions | None, tuple[Problem, ...]]:
    """``sections`` with each reported row linked to its report, the summary with its matrix and
    links, the exception section, and the notices (one warning per report without commentary).
    Raises :class:`InputError` for commentary under a heading the layout does not have."""
    opts = layout.exceptions
    if not opts.on:
        notices = ((Problem(f"the commentary sheet is not printed: the layout {layout.name!r} has no exception "
                            "reports ([exceptions] on = false)", paper.file, "commentary", warning=True),)
                   if paper.commentary else ())
        return tuple(sections), summary, None, notices
    problems = heading_problems(paper, layout)
    if problems:
        raise InputError(problems, file=paper.file)
    kpis = {k.id: k for k in paper.kpis}
    by_kpi: dict[str, list[Commentary]] = {}
    for c in paper.commentary:
        by_kpi.setdefault(c.kpi_id, []).append(c)
    lines = {e.kpi_id: e for e in summary.entries} if summary else {}
    reports, notices, out_sections = [], [], []
    for s in sections:
        rows = []
        for r in s.rows:
            k = kpis[r.id]
            reading = r.reading if r.reading is not None else reading_of(k, paper, layout)
            if not is_exception(k, reading, opts.when):
                if by_kpi.get(r.id):
                    notices.append(Problem(f"KPI {r.id!r} has commentary but no exception report, so it is not "
                                           "printed", paper.file, "commentary", by_kpi[r.id][0].row, "kpi_id",
                                           warning=True))
                rows.append(r)
                continue
            anchor = "bp_x_" + r.anchor.removeprefix("bp_k_")
            reports.append(_report(r, k, reading, anchor, lines.get(r.id), by_kpi.get(r.id, []), paper, layout))
            if not reports[-1].narrative:
                owner = f"owner {k.owner}" if k.owner else "no owner given"
                notices.append(Problem(f"KPI {r.id!r} ({r.kpi}) has an exception report but no commentary ({owner}); "
                                       f"it prints {NO_COMMENTARY!r}", paper.file, "kpis", k.row, "owner",
                                       warning=True))
            rows.append(replace(r, report=anchor))
        out_sections.append(replace(s, rows=tuple(rows)))
    if summary is not None:
        reported = {rep.kpi_id: rep.anchor for rep in reports}
        entries = tuple(replace(e, report=reported.get(e.kpi_id, "")) for e in summary.entries)
        targets = {k.id for k in paper.kpis if k.target_value is not None and k.polarity in ("up", "down")}
        summary = replace(summary, entries=entries, matrix=matrix(entries, targets, layout.status.min_points))
    intro = (f"One report for each KPI that needs attention ({_rule_words(opts.when)}), in the order of the "
             "tables, with its owner's account." if reports else "No KPI needs an exception report this time.")
    return (tuple(out_sections), summary, Exceptions(opts.title, "bp_exceptions", intro, tuple(reports),
                                                       headings=tuple(opts.headings)),
            tuple(notices))


def _rule_words(when: Sequence[str]) -> str:
    words = list(when)
    return " or ".join(words) if len(words) < 3 else ", ".join(words[:-1]) + " or " + words[-1]


def _report(r: Row, k: Kpi, reading: Reading | None, anchor: str, line, rows: list[Commentary],
            paper: PaperInput, layout: Layout) -> ExceptionReport:
    opts = layout.exceptions
    facts = [Fact("Owner:", k.owner, "owner") if k.owner else Fact("Owner:", "not given")]
    latest = line.latest if line is not None else r.value("current")
    facts.append(Fact("Latest:", latest or "not given"))
    target = r.value("target") or (_number(k.target_value) if k.target_value is not None else "")
    facts.append(Fact("Target:", target or "none"))
    why = reasons(k, reading, opts.when)
    if k.exception == "yes":
        because = "Reported because its exception column says yes" + (
            f" (and it is {_rule_words(why)})" if why else "") + "."
    else:
        because = "Reported because it is " + _rule_words(why) + "."
    chart, key = _chart(r, k, paper, layout)
    narrative = _narrative(r.id, rows, opts.headings)
    return ExceptionReport(r.id, r.kpi, anchor, r.anchor, tuple(facts), reading, because, chart, key, narrative,
                           placeholder="" if narrative else NO_COMMENTARY,
                           line_anchor=line.line_anchor if line is not None else "")


def _number(v: float) -> str:
    from ..charts.words import _num

    return _num(v)


HEADER_ICONS = ((spc.COMMON, "variation-common"), (spc.IMPROVING, "variation-improving-high"),
                (spc.CONCERNING, "variation-concerning-high"), (spc.NEITHER, "variation-neither-high"),
                (spc.PASSING, "assurance-passing"), (spc.HIT_AND_MISS, "assurance-hit-and-miss"),
                (spc.FAILING, "assurance-failing"))


def matrix(entries, targets: set[str], min_points: int) -> SummaryMatrix:
    """Every KPI placed by its variation (columns) and assurance (rows). ``targets``: the ids of
    KPIs with a numeric target and a direction (an assurance can be read). A KPI with too few points
    for an XmR chart goes in a last column, and in a last row when it has a target (its assurance
    cannot be read); that column and row appear only when some KPI needs them."""
    columns = list(spc.VARIATIONS)
    rows = [spc.PASSING, spc.HIT_AND_MISS, spc.FAILING, NO_TARGET]
    few, unassessed = TOO_FEW.format(n=min_points), NOT_ASSESSED.format(n=min_points)
    placed: dict[tuple[str, str], list[MatrixEntry]] = {}
    for e in entries:
        variation = e.variation or few
        assurance = e.assurance or (unassessed if e.kpi_id in targets else NO_TARGET)
        placed.setdefault((assurance, variation), []).append(MatrixEntry(e.kpi_id, e.kpi, e.anchor, e.report))
    if any(v == few for _, v in placed):
        columns.append(few)
    if any(a == unassessed for a, _ in placed):
        rows.append(unassessed)
    cells = tuple(tuple(tuple(placed.get((a, v), ())) for v in columns) for a in rows)
    return SummaryMatrix("Variation and assurance", "bp_summary_matrix", tuple(columns), tuple(rows), cells,
                         corner="Assurance (rows) by variation (columns)",
                         description=(f"Every KPI placed by its two readings: columns are the variation "
                                      f"({', '.join(columns)}), rows the assurance ({', '.join(rows)}); "
                                      "each KPI links to its row."),
                         icons=tuple((w, k) for w, k in HEADER_ICONS if w in columns or w in rows))
