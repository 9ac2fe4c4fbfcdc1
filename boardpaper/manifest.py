"""The build manifest a DOCX carries, so that officers' edits can be traced back to the input.

Every value the paper takes from the input (cover fields and purpose points, section titles,
sub-objectives, KPI text, each figure and each period, targets) is printed inside a hidden Word
bookmark (``_bp1``, ``_bp2``…; hidden because of the leading underscore). The manifest, a custom
XML part of the DOCX, says what each bookmark holds and records the build: the input's file name
and SHA-256, boardpaper's version, every ``kpis`` field of every KPI as read, the sources, and
how each cell and cover line was put together from fields and fixed wording (``segments``).

Bookmarks rather than content controls: LibreOffice 7.4 drops a content control's tag when it
saves a DOCX, but keeps bookmarks and custom XML parts (checked; see tests/cycle/test_cycle_lo.py).

:func:`plan` names the bookmarks for a :class:`~boardpaper.model.Document` (the DOCX writer paints
them), :func:`to_xml` writes the manifest and :func:`from_xml` reads it back. The format is defined
here, beside the model, so that the DOCX writer (which embeds it) and the monthly cycle
(:mod:`boardpaper.cycle`, which reads it back) share one definition without importing each other.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from .model import Document
from .model_reports import blocks_text

NS = "urn:boardpaper:manifest:1"
FORMAT = "1"
_B = "{%s}" % NS
MARK_PREFIX = "_bp"
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(text: str) -> str:
    """``text`` as the DOCX holds it: no characters XML 1.0 cannot carry, ``\n`` line ends."""
    return _NOT_XML.sub("", str(text).replace("\r\n", "\n").replace("\r", "\n"))


def version() -> str:
    """boardpaper's version as installed ('' when unknown)."""
    from importlib.metadata import PackageNotFoundError  # lazy: importlib.metadata (~20 ms) only when the version is asked
    from importlib.metadata import version as _version  # lazy: importlib.metadata (~20 ms) only when the version is asked

    try:
        return _version("boardpaper")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
        return ""


@dataclass(frozen=True)
class Seg:
    """One piece of a printed unit: ``text``, the ``field`` it shows ('' = fixed wording) and the
    bookmark ``mark`` around it ('' = none)."""

    text: str
    field: str = ""
    mark: str = ""


@dataclass(frozen=True)
class Unit:
    """A paragraph (cover line, heading) or table cell as built, made of segments."""

    segs: tuple[Seg, ...]

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segs)

    @property
    def marks(self) -> tuple[str, ...]:
        return tuple(s.mark for s in self.segs if s.mark)


@dataclass
class KpiEntry:
    """One KPI as built: every ``kpis`` field as read, its cells, its sources in citation order."""

    id: str
    section: int  # index into Manifest.sections
    fields: dict[str, str]
    cells: dict[str, Unit]
    notes: tuple[str, ...] = ()
    origin: str = ""


@dataclass
class GroupEntry:
    """A run of rows sharing a sub-objective: ``first`` and ``count`` index the section's KPIs.
    ``repeat``: the label was printed in every row (accessible tables, a group taller than a
    page) rather than once, in the first row's merged cell; ``None`` when the manifest predates
    the record."""

    title: str
    anchor: str
    first: int
    count: int
    repeat: bool | None = None


@dataclass
class SectionEntry:
    title: str
    anchor: str
    columns: tuple[str, ...]
    kpis: tuple[str, ...]
    groups: tuple[GroupEntry, ...] = ()


@dataclass
class CoverEntry:
    """A cover line: its role, the ``purpose`` point number, and the unit (label included)."""

    role: str
    number: int
    unit: Unit


@dataclass
class Manifest:
    """What :func:`from_xml` reads back."""

    input_name: str
    input_sha256: str
    version: str
    cover: list[CoverEntry] = field(default_factory=list)
    paper: dict[str, str] = field(default_factory=dict)
    purpose: list[str] = field(default_factory=list)
    sections: list[SectionEntry] = field(default_factory=list)
    kpis: dict[str, KpiEntry] = field(default_factory=dict)
    sources: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (text, url)
    contents_label: str = ""
    fixed: list[str] = field(default_factory=list)  # the paper's own wording outside the tables (keys)
    header: str | None = None  # page header as built (None: not recorded)
    footer: str | None = None  # page footer as built, page numbers as "#"
    derived: list[str] = field(default_factory=list)  # paragraphs of wording the writer decided (summary, key)
    exceptions: ExceptionsEntry | None = None  # the exception reports as built


@dataclass
class NarrativeEntry:
    """One commentary row as built: its heading, its number under that heading for the KPI, its
    text as the paper prints it, and its paragraphs ``(kind, marker, text, mark)``."""

    heading: str
    index: int
    text: str
    paras: list[tuple[str, str, str, str]] = field(default_factory=list)


@dataclass
class ReportEntry:
    """An exception report as built: derived paragraphs (``fixed``), the facts line, the narrative."""

    kpi: str
    anchor: str
    fixed: list[str] = field(default_factory=list)
    facts: Unit = field(default_factory=lambda: Unit(()))
    narrative: list[NarrativeEntry] = field(default_factory=list)
    placeholder: tuple[str, str] | None = None  # (text, mark)


@dataclass
class ExceptionsEntry:
    title: str
    anchor: str
    link: str
    fixed: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    reports: list[ReportEntry] = field(default_factory=list)


@dataclass
class MarkPlan:
    """The bookmark names the writer paints: cover line ``i`` segment ``j`` → name, and KPI id,
    column key, segment ``j`` → name."""

    cover: dict[tuple[int, int], str] = field(default_factory=dict)
    cells: dict[tuple[str, str, int], str] = field(default_factory=dict)
    reports: dict[tuple, str] = field(default_factory=dict)  # exception reports: see report_keys


def plan(doc: Document) -> MarkPlan:
    """Name a bookmark for every segment of ``doc`` that shows an input field, in reading order."""
    p = MarkPlan()
    n = 0
    for i, line in enumerate(doc.cover.lines):
        for j, (text, name) in enumerate(line.segments):
            if name and text:
                n += 1
                p.cover[(i, j)] = f"{MARK_PREFIX}{n}"
    for s in doc.sections:
        for r in s.rows:
            for c in s.columns:
                if c.key == "sub_objective":
                    continue
                for j, (text, name) in enumerate(r.segments_of(c.key)):
                    if name and text:
                        n += 1
                        p.cells[(r.id, c.key, j)] = f"{MARK_PREFIX}{n}"
    for key in report_keys(doc):
        n += 1
        p.reports[key] = f"{MARK_PREFIX}{n}"
    return p


def report_keys(doc: Document) -> list[tuple]:
    """The marked pieces of the exception reports, in reading order: ``("owner", kpi)``, each
    narrative paragraph ``("para", kpi, heading, index, block, line)`` (``line``: a list item's
    number, 0 for a paragraph) and ``("placeholder", kpi)``."""
    out: list[tuple] = []
    for r in doc.exceptions.reports if doc.exceptions else ():
        if any(f.field for f in r.facts):
            out.append(("owner", r.kpi_id))
        for section in r.narrative:
            for e in section.entries:
                for j, b in enumerate(e.blocks):
                    lines = range(len(b.lines)) if b.kind == "list" else (0,)
                    out.extend(("para", r.kpi_id, e.heading, e.index, j, k) for k in lines)
        if r.placeholder:
            out.append(("placeholder", r.kpi_id))
    return out


FACT_SEP = "  ·  "


def facts_unit(report, marks: MarkPlan) -> Unit:
    """A report's facts line as painted: ``Owner: X  ·  Latest: …  ·  Target: …``, the owner's
    text marked (it is the ``kpis`` field ``owner``)."""
    segs: list[Seg] = []
    for i, f in enumerate(report.facts):
        segs.append(Seg((FACT_SEP if i else "") + f.label + " "))
        segs.append(Seg(f.text, f.field, marks.reports.get(("owner", report.kpi_id), "") if f.field else ""))
    return Unit(tuple(segs))


def cover_unit(line, index: int, marks: MarkPlan) -> Unit:
    """Cover line ``index`` as painted: the bold label and a space, then its segments."""
    lead = (Seg(f"{line.label} "),) if line.label else ()
    segs = line.segments or ((line.text, ""),)
    return Unit(lead + tuple(Seg(t, f, marks.cover.get((index, j), "")) for j, (t, f) in enumerate(segs)))


def cell_unit(row, key: str, marks: MarkPlan) -> Unit:
    return Unit(tuple(Seg(t, f, marks.cells.get((row.id, key, j), ""))
                      for j, (t, f) in enumerate(row.segments_of(key))))


def fixed_texts(doc: Document) -> list[str]:
    """The paragraphs the paper writes outside its tables in its own words, not from the input:
    the chart key and the status summary's counts, key and legend (harvest passes over them)."""
    out: list[str] = []
    if doc.chart_key is not None:
        out += [doc.chart_key.title] + [e.words for e in doc.chart_key.entries]
    if doc.summary is not None:
        s = doc.summary  # its counts and legend as composed (model_status.Summary)
        out += [s.title, s.key_title, *s.key]
        out += [f"{group}: {got}" for group, got in s.count_lines]
        out += [f"{words} – {text}" for _, words, text in s.legend]
    return out


def to_xml(doc: Document, marks: MarkPlan, tables: str = "merged", derived: tuple[str, ...] | list[str] = ()) -> bytes:
    """The manifest of ``doc`` as painted with ``marks``, its tables in the ``tables`` style
    (``merged`` or ``accessible``: whether a group's label was printed once or in every row);
    ``derived``: the paragraphs of wording the writer painted outside tables (summary, key, contents)."""
    root = etree.Element(_B + "manifest", nsmap={"bp": NS}, format=FORMAT, boardpaper=version())
    etree.SubElement(root, _B + "input", name=xml_text(doc.source.name), sha256=doc.source.sha256)
    etree.SubElement(root, _B + "contents", label=xml_text(doc.properties.contents_label))
    fixed = etree.SubElement(root, _B + "fixed")
    for text in fixed_texts(doc):
        etree.SubElement(fixed, _B + "text").text = xml_text(text)
    f = doc.furniture
    etree.SubElement(root, _B + "furniture", header=xml_text(f.header),
                     footer=xml_text(f"{f.footer}\t{f.page_before}#{f.page_middle}#{f.page_after}"))
    cover = etree.SubElement(root, _B + "cover")
    c = doc.cover
    for name in ("board", "meeting", "title", "agenda_item", "appendix", "plan_priority", "presented_by"):
        etree.SubElement(cover, _B + "field", name=name).text = xml_text(getattr(c, name))
    for p in c.purpose:
        etree.SubElement(cover, _B + "field", name="purpose").text = xml_text(p)
    for i, line in enumerate(c.lines):
        e = etree.SubElement(cover, _B + "line", role=line.role, number=str(line.number))
        _segs(e, cover_unit(line, i, marks))
    notes_of = {}
    sources = etree.SubElement(root, _B + "sources")
    seen = set()
    for s in doc.sections:
        for r in s.rows:
            notes_of[r.id] = [n.source.id for n in r.notes]
            for n in r.notes:
                if n.source.id not in seen:
                    seen.add(n.source.id)
                    etree.SubElement(sources, _B + "source", id=xml_text(n.source.id),
                                     url=xml_text(n.source.url or "")).text = xml_text(n.source.text)
    for s in doc.sections:
        se = etree.SubElement(root, _B + "section", title=xml_text(s.title), anchor=s.anchor,
                              columns=" ".join(col.key for col in s.columns))
        for g in s.groups:
            etree.SubElement(se, _B + "group", title=xml_text(g.title), anchor=g.anchor, first=str(g.first),
                             count=str(g.count), repeat="1" if tables == "accessible" or g.repeat_label else "0")
        for r in s.rows:
            ke = etree.SubElement(se, _B + "kpi", id=xml_text(r.id), origin=r.origin)
            for name, value in (r.fields or (("id", r.id), ("kpi", r.kpi), ("sub_objective", r.sub_objective))):
                etree.SubElement(ke, _B + "field", name=name).text = xml_text(value)
            for n in notes_of[r.id]:
                etree.SubElement(ke, _B + "note", source=xml_text(n))
            for col in s.columns:
                if col.key != "sub_objective":
                    cell = etree.SubElement(ke, _B + "cell", key=col.key)
                    for j, (text, name) in enumerate(r.segments_of(col.key)):
                        e = etree.SubElement(cell, _B + "seg")
                        e.text = xml_text(text)
                        if name:
                            e.set("field", name)
                            mark = marks.cells.get((r.id, col.key, j))
                            if mark:
                                e.set("mark", mark)
                    if col.key == "kpi" and r.report and doc.exceptions is not None:  # the link to its report
                        etree.SubElement(cell, _B + "seg").text = xml_text("\n" + doc.exceptions.link)
    _exceptions_xml(root, doc, marks)
    for text in dict.fromkeys(derived):
        etree.SubElement(root, _B + "derived").text = xml_text(text)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _exceptions_xml(root, doc: Document, marks: MarkPlan) -> None:
    """The exception reports as built: each report's derived text (``fixed``: wording no workbook
    field holds), its facts line, and each commentary row's paragraphs with their marks."""
    ex = doc.exceptions
    if ex is None:
        return
    top = etree.SubElement(root, _B + "exceptions", title=xml_text(ex.title), anchor=ex.anchor,
                           link=xml_text(ex.link))
    etree.SubElement(top, _B + "fixed").text = xml_text(ex.intro)
    for h in ex.headings:
        etree.SubElement(top, _B + "heading").text = xml_text(h)
    for r in ex.reports:
        re_ = etree.SubElement(top, _B + "report", kpi=xml_text(r.kpi_id), anchor=r.anchor)
        for text in report_fixed_texts(r):
            etree.SubElement(re_, _B + "fixed").text = xml_text(text)
        _segs(etree.SubElement(re_, _B + "facts"), facts_unit(r, marks))
        for section in r.narrative:
            for e in section.entries:
                ne = etree.SubElement(re_, _B + "narrative", heading=xml_text(e.heading), index=str(e.index))
                etree.SubElement(ne, _B + "text").text = xml_text(blocks_text(e.blocks))
                for j, b in enumerate(e.blocks):
                    for k, line in enumerate(b.lines if b.kind == "list" else ("\n".join(b.lines),)):
                        pe = etree.SubElement(ne, _B + "para", kind=b.kind,
                                              mark=marks.reports.get(("para", r.kpi_id, e.heading, e.index, j, k), ""))
                        if b.kind == "list":
                            pe.set("marker", b.markers[k] if k < len(b.markers) else "•")
                        pe.text = xml_text(line)
        if r.placeholder:
            etree.SubElement(re_, _B + "placeholder", mark=marks.reports.get(("placeholder", r.kpi_id), "")
                             ).text = xml_text(r.placeholder)


def report_fixed_texts(r) -> list[str]:
    """The paragraphs of report ``r`` that show no workbook field, as the DOCX prints them."""
    out = [r.title, r.reasons, *(r.reading.words if r.reading else ()), *r.chart_key]
    out += [s.heading for s in r.narrative]
    out.append(back_links_text(r))
    return out


def back_links_text(r) -> str:
    """The report's closing line of links, as painted."""
    return "   ".join(t for t in (r.back_to_row, r.back_to_summary if r.line_anchor else "") if t)


def _segs(parent, unit: Unit) -> None:
    for s in unit.segs:
        e = etree.SubElement(parent, _B + "seg")
        e.text = xml_text(s.text)
        if s.field:
            e.set("field", s.field)
        if s.mark:
            e.set("mark", s.mark)


def is_manifest(xml: bytes) -> bool:
    """True when ``xml`` (a custom XML part) is a boardpaper manifest."""
    return b"urn:boardpaper:manifest:1" in xml[:400]


def from_xml(xml: bytes) -> Manifest:
    """Read a manifest written by :func:`to_xml`. Raises ``ValueError`` when it is not one."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as e:
        raise ValueError(f"the manifest is not readable XML ({e})") from None
    if root.tag != _B + "manifest":
        raise ValueError("not a boardpaper manifest")
    inp = root.find(_B + "input")
    m = Manifest(inp.get("name", "") if inp is not None else "", inp.get("sha256", "") if inp is not None else "",
                 root.get("boardpaper", ""))
    furniture = root.find(_B + "furniture")
    if furniture is not None:
        m.header, m.footer = furniture.get("header", ""), furniture.get("footer", "")
    contents = root.find(_B + "contents")
    m.contents_label = contents.get("label", "") if contents is not None else ""
    m.fixed = [t.text or "" for t in root.iterfind(f"{_B}fixed/{_B}text")]
    cover = root.find(_B + "cover")
    if cover is not None:
        for f in cover.findall(_B + "field"):
            if f.get("name") == "purpose":
                m.purpose.append(f.text or "")
            else:
                m.paper[f.get("name")] = f.text or ""
        for line in cover.findall(_B + "line"):
            m.cover.append(CoverEntry(line.get("role", ""), int(line.get("number", "0") or 0), _unit(line)))
    for s in root.iterfind(_B + "sources/" + _B + "source"):
        m.sources[s.get("id")] = (s.text or "", s.get("url", ""))
    m.derived = [d.text or "" for d in root.findall(_B + "derived")]
    ex = root.find(_B + "exceptions")
    if ex is not None:
        m.exceptions = _exceptions_entry(ex)
    for si, se in enumerate(root.findall(_B + "section")):
        ids = []
        for ke in se.findall(_B + "kpi"):
            kid = ke.get("id")
            ids.append(kid)
            m.kpis[kid] = KpiEntry(kid, si, {f.get("name"): f.text or "" for f in ke.findall(_B + "field")},
                                   {c.get("key"): _unit(c) for c in ke.findall(_B + "cell")},
                                   tuple(n.get("source") for n in ke.findall(_B + "note")), ke.get("origin", ""))
        groups = tuple(GroupEntry(g.get("title", ""), g.get("anchor", ""), int(g.get("first")), int(g.get("count")),
                                  None if g.get("repeat") is None else g.get("repeat") == "1")
                       for g in se.findall(_B + "group"))
        m.sections.append(SectionEntry(se.get("title", ""), se.get("anchor", ""),
                                       tuple(se.get("columns", "").split()), tuple(ids), groups))
    return m


def _exceptions_entry(ex) -> ExceptionsEntry:
    out = ExceptionsEntry(ex.get("title", ""), ex.get("anchor", ""), ex.get("link", ""),
                          [f.text or "" for f in ex.findall(_B + "fixed")],
                          [h.text or "" for h in ex.findall(_B + "heading")])
    for re_ in ex.findall(_B + "report"):
        facts = re_.find(_B + "facts")
        r = ReportEntry(re_.get("kpi", ""), re_.get("anchor", ""), [f.text or "" for f in re_.findall(_B + "fixed")],
                        _unit(facts) if facts is not None else Unit(()))
        for ne in re_.findall(_B + "narrative"):
            text = ne.find(_B + "text")
            r.narrative.append(NarrativeEntry(ne.get("heading", ""), int(ne.get("index", "1") or 1),
                                              text.text or "" if text is not None else "",
                                              [(p.get("kind", "para"), p.get("marker", ""), p.text or "",
                                                p.get("mark", "")) for p in ne.findall(_B + "para")]))
        ph = re_.find(_B + "placeholder")
        if ph is not None:
            r.placeholder = (ph.text or "", ph.get("mark", ""))
        out.reports.append(r)
    return out


def _unit(parent) -> Unit:
    return Unit(tuple(Seg(s.text or "", s.get("field", ""), s.get("mark", "")) for s in parent.findall(_B + "seg")))


__all__ = ["Manifest", "MarkPlan", "Seg", "Unit", "plan", "to_xml", "from_xml", "is_manifest"]
