"""Layouts: a board's house style, read from ``<name>.toml`` in a folder of the layout search path.

A layout says everything that differs between boards: page, fonts, colours, page furniture,
the table columns per section, chart size, and an optional reference DOCX whose styles Word uses.
Paths inside a layout are resolved relative to the layout's own folder and may not leave it.
"""
from __future__ import annotations

import json
import math
import os
import re
import tomllib
from dataclasses import MISSING, dataclass, field, fields, is_dataclass, replace
from pathlib import Path

from .errors import InputError, Problem
from .layout_keys import ANY, closest, unknown_keys
from .layout_options import (DEFAULT_HEADINGS, EXCEPTION_RULES, ExceptionOptions, StatusOptions,  # noqa: F401
                             exception_options, status_options)  # (re-exported: the layout's option tables)
from .look import TABLES as LOOK_TABLES
from .look import look_from
from .model import Column, Look
from .options import TABLE_STYLES
from .resources import bundled_layouts

LAYOUTS_DIR = bundled_layouts()  # the layouts that ship with boardpaper (last on the search path)
LAYOUTS_ENV = "BOARDPAPER_LAYOUTS"  # more layout folders, separated by os.pathsep
DEFAULT_LAYOUT = "spcb"
PAGE_SIZES_MM = {"A4": (210.0, 297.0), "A3": (297.0, 420.0), "LETTER": (215.9, 279.4)}
MIN_CONTRAST = 4.5
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
_HEX = re.compile(r"^[0-9A-Fa-f]{6}$")

DEFAULT_COLUMNS = (
    Column("sub_objective", "Sub-Objective", 18),
    Column("kpi", "Key Performance Indicator", 38),
    Column("current", "Current", 22),
    Column("benchmark", "Historical Performance / Benchmark", 22),
)
COLUMN_KEYS = ("sub_objective", "kpi", "current", "benchmark", "target")
COLUMN_KEYS += ("status",)  # the SPC status column ([status] column = true)

DEFAULT_COLOURS = {
    "text": "000000", "heading": "1F3864", "header_fill": "1F3864", "header_text": "FFFFFF",
    "group_fill": "DEEAF6", "group_text": "000000", "border": "8EAADB", "link": "0B4F9C",
    "improving": "1A7F37", "worsening": "B42318", "neutral": "4D4D4D", "target": "000000",
}
DEFAULT_LABELS = {"plan_priority": "Priority:", "title": "Title:", "presented_by": "Presented by:",
                  "purpose": "Purpose of paper", "contents": "Contents",
                  "chart_key": "How to read the charts",
                  "blank_field": "",  # shown after a labelled cover line's label when its field is blank
                  # page furniture, notes heading, what links say, pictures' names and titles
                  "page": "Page {page} of {pages}", "notes": "Notes", "go_to": "Go to {target}",
                  "go_to_note": "Go to footnote {number}: {text}", "open_link": "Open {url}",
                  "go_to_summary_line": "Go to {kpi} in the {summary}",
                  "go_to_report": "Go to the exception report on {title}",
                  "chart_title": "Trend: {kpi}", "chart_name": "Chart {n}", "icon_name": "Status icon {n}",
                  "key_sample_name": "Chart key {n}",
                  # the status summary's table (KPI and latest figure: the tables' own labels first) and counts
                  "summary_section": "Section", "summary_kpi": "Key Performance Indicator",
                  "summary_latest": "Latest", "summary_variation": "Variation", "summary_direction": "Direction",
                  "summary_variation_direction": "Variation / direction", "summary_assurance": "Assurance",
                  "count_variation": "Variation", "count_assurance": "Assurance", "count_direction": "Direction",
                  "count_no_reading": "No reading"}
DEFAULT_SERIES = ("1F3864", "C55A11", "2E7D32", "6A1B9A", "00838F")
# (foreground, background) pairs that carry text and must be readable
CONTRAST_PAIRS = (("text", None), ("heading", None), ("link", None), ("header_text", "header_fill"),
                  ("group_text", "group_fill"), ("neutral", None))


@dataclass(frozen=True)
class Layout:
    """A resolved house style. Lengths are in millimetres, font sizes in points."""

    name: str
    folder: Path
    page_size: tuple[float, float] = PAGE_SIZES_MM["A4"]  # (width, height) as printed
    margins: tuple[float, float, float, float] = (15, 15, 15, 15)  # top, right, bottom, left
    font: str = "Arial"
    font_size: float = 9
    title_size: float = 16
    heading1_size: float = 13
    heading2_size: float = 11
    colours: dict = field(default_factory=lambda: dict(DEFAULT_COLOURS))
    series_colours: tuple[str, ...] = DEFAULT_SERIES
    header: str = "{agenda_item} – {appendix}"
    footer: str = "{board} – {meeting}"
    columns: tuple[Column, ...] = DEFAULT_COLUMNS
    sections: dict = field(default_factory=dict)  # title -> {"labels": {...}, "extra": [...], "columns": [...]}
    chart_size: tuple[float, float] = (50.0, 20.0)
    chart_column: str = "current"
    tables: str = "merged"
    reference_docx: Path | None = None
    author: str = ""
    labels: dict = field(default_factory=lambda: dict(DEFAULT_LABELS))  # cover and contents wording
    status: StatusOptions = field(default_factory=lambda: StatusOptions())  # [status]: SPC readings
    exceptions: ExceptionOptions = field(default_factory=lambda: ExceptionOptions())  # [exceptions]
    look: Look = field(default_factory=Look)  # how every edition looks (boardpaper.look)

    @property
    def chart_note_size(self) -> float:
        """The size in points of the lines under a chart (its rebases and notes), in every edition:
        1.5 pt under the text, never under 7 pt (legible in print)."""
        return max(self.font_size - 1.5, 7.0)

    @property
    def frame_width(self) -> float:
        return self.page_size[0] - self.margins[1] - self.margins[3]

    @property
    def line_mm(self) -> float:
        """The height of one line of table text (the estimates' unit)."""
        return self.font_size * PT_MM * 1.15

    def with_tables(self, style: str) -> Layout:
        if style not in TABLE_STYLES:
            raise InputError(f"--tables {style!r} is not one of {', '.join(TABLE_STYLES)}")
        return replace(self, tables=style)

    def columns_for(self, section: str) -> tuple[Column, ...]:
        """The column set of ``section``: the layout's default, relabelled or extended per section."""
        spec = self.sections.get(section, {})
        cols = tuple(_column(c) for c in spec["columns"]) if "columns" in spec else self.columns
        labels = spec.get("labels", {})
        cols = tuple(replace(c, label=labels.get(c.key, c.label)) for c in cols)
        return cols + tuple(_column(c) for c in spec.get("extra", ()))


def _column(raw: dict) -> Column:
    return Column(str(raw["key"]), str(raw.get("label", raw["key"])), float(raw.get("width", 1)))


@dataclass(frozen=True)
class LayoutFolder:
    """One folder of the layout search path, and why it is on it."""

    path: Path
    origin: str  # "beside the workbook", "current folder", "BOARDPAPER_LAYOUTS", "bundled"


@dataclass(frozen=True)
class FoundLayout:
    """A layout file on the search path; ``shadowed_by`` is the folder whose same-named layout wins."""

    name: str
    path: Path
    folder: LayoutFolder
    shadowed_by: LayoutFolder | None = None


def layout_search_path(near: Path | str | None = None) -> list[LayoutFolder]:
    """Where a layout name is looked up, first match wins: ``layouts/`` beside the workbook
    ``near`` (a file or CSV folder), ``layouts/`` in the current folder, each folder in
    ``$BOARDPAPER_LAYOUTS``, then the bundled layouts. Folders that do not exist are left out,
    and a folder met twice counts once, at its first place."""
    candidates: list[LayoutFolder] = []
    if near:
        candidates.append(LayoutFolder(Path(near).resolve().parent / "layouts", "beside the workbook"))
    try:
        candidates.append(LayoutFolder(Path.cwd() / "layouts", "current folder"))
    except OSError:  # the current folder was deleted under us
        pass
    candidates += [LayoutFolder(Path(entry).expanduser(), LAYOUTS_ENV)
                   for entry in os.environ.get(LAYOUTS_ENV, "").split(os.pathsep) if entry.strip()]
    candidates.append(LayoutFolder(LAYOUTS_DIR, "bundled"))
    seen: set[Path] = set()
    out = []
    for c in candidates:
        real = c.path.resolve()
        if real not in seen and c.path.is_dir():
            seen.add(real)
            out.append(c)
    return out


def find_layouts(near: Path | str | None = None) -> list[FoundLayout]:
    """Every layout on the search path, in search order; a name found again later is shadowed."""
    winners: dict[str, LayoutFolder] = {}
    out = []
    for folder in layout_search_path(near):
        for path in sorted(folder.path.glob("*.toml")):
            if not (_NAME.match(path.stem) and path.is_file()):
                continue  # a file no workbook could name
            out.append(FoundLayout(path.stem, path, folder, winners.get(path.stem)))
            winners.setdefault(path.stem, folder)
    return out


def check_layout_name(name: str) -> str:
    """``name`` if it is a plain layout name (letters, digits, ``-`` and ``_``), else InputError."""
    if not _NAME.match(name or ""):
        raise InputError(Problem(f"layout {name!r} must be a plain layout name (letters, digits, - and _), "
                                 "not a path", sheet="paper", column="layout"))
    return name


def resolve_layout_name(name: str, where: str = "paper sheet, field `layout`",
                        near: Path | str | None = None) -> Path:
    """The TOML file of a layout named in a workbook: a bare name (no path, no ``..``), looked up
    in :func:`layout_search_path` order for the workbook at ``near``."""
    check_layout_name(name)
    folders = layout_search_path(near)
    for folder in folders:
        path = folder.path / f"{name}.toml"
        if path.is_file():
            return path
    known = ", ".join(sorted({f.name for f in find_layouts(near)}))
    looked = "; ".join(f"{f.path} ({f.origin})" for f in folders)
    raise InputError(Problem(
        f"there is no layout named {name!r} (known: {known or 'none'}; looked in {looked}); for a layout kept "
        f"in another folder, build with `--layout PATH/{name}.toml` or add that folder to the "
        f"{LAYOUTS_ENV} environment variable (folders separated by {os.pathsep!r}); "
        f"`boardpaper layout new {name}` makes a new one", sheet="paper", column="layout"))


def _inside(folder: Path, relative: str, key: str, file: str) -> Path:
    """``relative`` resolved inside ``folder``; refuses absolute paths, ``..`` and symlinks that leave it."""
    p = Path(relative)
    target = (folder / p).resolve()
    if p.is_absolute() or not target.is_relative_to(folder.resolve()):
        raise InputError(f"layout key `{key}`: {relative!r} must be a file inside the layout's folder "
                         f"{folder}", file=file)
    if not target.is_file():
        raise InputError(f"layout key `{key}`: {relative!r} does not exist in {folder}", file=file)
    return target


MARGIN_SIDES = ("top", "right", "bottom", "left")
FONT_KEYS = {"body": "font", "size": "font_size", "title_size": "title_size", "heading1_size": "heading1_size",
             "heading2_size": "heading2_size"}  # [fonts] key -> Layout field
CHART_KEYS = ("width_mm", "height_mm", "column")
CHART_COLUMNS = ("kpi", "current", "benchmark", "target")  # columns whose cells can hold a chart
SCHEMA_EXTRAS: dict = {}  # tables other modules add: name -> schema (see boardpaper.layout_keys)


def layout_schema() -> dict:
    """Every key a layout file accepts, nested as the TOML is (see :mod:`boardpaper.layout_keys`),
    built from the defaults and dataclasses that read them."""
    column = {"key": None, "label": None, "width": None}
    return {
        "name": None, "author": None, "reference_docx": None, "tables": None,
        "page": {"size": None, "orientation": None, "margins_mm": dict.fromkeys(MARGIN_SIDES)},
        "fonts": dict.fromkeys(FONT_KEYS),
        "colours": dict.fromkeys([*DEFAULT_COLOURS, "series"]),
        "labels": dict.fromkeys(DEFAULT_LABELS),
        "furniture": {"header": None, "footer": None, "header_align": None},
        "chart": dict.fromkeys(CHART_KEYS),
        "columns": [column],
        "sections": {ANY: {"labels": dict.fromkeys(COLUMN_KEYS), "columns": [column], "extra": [column]}},
        **_option_tables(),
        **{table: dict.fromkeys(keys) for table, keys in LOOK_TABLES.items()},  # boardpaper.look
        **SCHEMA_EXTRAS,
    }


def _option_tables() -> dict:
    """A table per :class:`Layout` field whose default is an options dataclass (``[status]`` →
    :class:`StatusOptions`): its keys are the dataclass's fields, so a table added the same way
    (an ``ExceptionOptions`` for ``[exceptions]``) is accepted with its keys without more code."""
    out = {}
    for f in fields(Layout):
        default = f.default_factory() if f.default_factory is not MISSING else f.default
        if is_dataclass(default) and not isinstance(default, type) and f.name != "look":  # look: LOOK_TABLES
            out[f.name] = dict.fromkeys(type(default).__dataclass_fields__)
    return out


def _page_size(page: dict, file: str) -> tuple[float, float]:
    name = str(page.get("size", "A4"))
    if name.upper() not in PAGE_SIZES_MM:
        shown = {"LETTER": "Letter"}
        raise InputError(Problem(f"`[page] size` = {name!r} is not one of "
                                 f"{', '.join(shown.get(k, k) for k in PAGE_SIZES_MM)}", file=file))
    orientation = str(page.get("orientation", "portrait")).lower()
    if orientation not in ("portrait", "landscape"):
        raise InputError(Problem(f"`[page] orientation` = {orientation!r} is not one of portrait, landscape",
                                 file=file))
    w, h = PAGE_SIZES_MM[name.upper()]
    return (h, w) if orientation == "landscape" else (w, h)


def load_layout(path: Path | str | None = None) -> Layout:
    """Read and check a layout file (default: the bundled ``spcb`` layout)."""
    path = Path(path) if path else LAYOUTS_DIR / f"{DEFAULT_LAYOUT}.toml"
    file = str(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"layout file {path} does not exist", file=file) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise InputError(f"layout file is not valid TOML: {e}", file=file) from None
    folder = path.resolve().parent
    unknown = unknown_keys(raw, layout_schema())
    if unknown:
        raise InputError([Problem(m, file=file) for m in unknown], file=file)
    try:
        page = raw.get("page", {})
        w, h = _page_size(page, file)
        m = page.get("margins_mm", {})
        fonts = raw.get("fonts", {})
        colours = dict(DEFAULT_COLOURS)
        colours.update({k: str(v).lstrip("#") for k, v in raw.get("colours", {}).items() if k != "series"})
        series = tuple(str(c).lstrip("#") for c in raw.get("colours", {}).get("series", DEFAULT_SERIES))
        furniture = raw.get("furniture", {})
        chart = raw.get("chart", {})
        layout = Layout(
            name=str(raw.get("name", path.stem)),
            folder=folder,
            page_size=(w, h),
            margins=(float(m.get("top", 15)), float(m.get("right", 15)), float(m.get("bottom", 15)),
                     float(m.get("left", 15))),
            font=str(fonts.get("body", "Arial")),
            font_size=float(fonts.get("size", 9)),
            title_size=float(fonts.get("title_size", 16)),
            heading1_size=float(fonts.get("heading1_size", 13)),
            heading2_size=float(fonts.get("heading2_size", 11)),
            colours=colours,
            series_colours=series or DEFAULT_SERIES,
            header=str(furniture.get("header", Layout.header)),
            footer=str(furniture.get("footer", Layout.footer)),
            columns=tuple(_column(c) for c in raw["columns"]) if "columns" in raw else DEFAULT_COLUMNS,
            sections=dict(raw.get("sections", {})),
            chart_size=(float(chart.get("width_mm", 50)), float(chart.get("height_mm", 20))),
            chart_column=str(chart.get("column", "current")),
            tables=str(raw.get("tables", "merged")),
            reference_docx=(_inside(folder, raw["reference_docx"], "reference_docx", file)
                            if raw.get("reference_docx") else None),
            author=str(raw.get("author", "")),
            labels=DEFAULT_LABELS | {k: str(v) for k, v in raw.get("labels", {}).items()},
            status=status_options(raw.get("status", {}), file),
            exceptions=exception_options(raw.get("exceptions", {}), file),
        )
        look, look_problems = look_from(raw, colours, layout.font_size, file)
        if look_problems:
            raise InputError(look_problems, file=file)
        layout = replace(layout, look=look)
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise InputError(f"layout file has a bad value: {e}", file=file) from None
    _check(layout, file)
    return layout


def _check(layout: Layout, file: str) -> None:
    problems = []
    page = layout.labels["page"]
    if "{pages}" not in page or "{page}" not in page.replace("{pages}", "") or page.index("{page}") >= page.index("{pages}"):
        problems.append(Problem(f"[labels] page = {page!r} must hold {{page}} and then {{pages}} "
                                "(e.g. \"Page {page} of {pages}\")", file=file))
    for k, v in list(layout.colours.items()) + [("series", c) for c in layout.series_colours]:
        if not _HEX.match(v):
            problems.append(Problem(f"colour `{k}` = {v!r} is not a six-digit hex colour", file=file))
    if problems:
        raise InputError(problems, file=file)
    for fg, bg in CONTRAST_PAIRS:
        back = layout.colours[bg] if bg else "FFFFFF"
        ratio = contrast_ratio(layout.colours[fg], back)
        if ratio < MIN_CONTRAST:
            problems.append(Problem(f"colour `{fg}` #{layout.colours[fg]} on #{back} has contrast "
                                    f"{ratio:.2f}:1, below the {MIN_CONTRAST}:1 that WCAG 2.1 AA asks "
                                    "for text", file=file))
    for c in layout.columns + tuple(c for s in layout.sections.values() for c in
                                    (_column(x) for x in [*s.get("extra", ()), *s.get("columns", ())])):
        if c.key not in COLUMN_KEYS:
            problems.append(Problem(f"column key {c.key!r} is not one of {', '.join(COLUMN_KEYS)}", file=file))
    if layout.chart_column not in CHART_COLUMNS:
        near = closest(layout.chart_column, CHART_COLUMNS)
        why = {"sub_objective": "its cells are merged across a group", "status": "it holds the status icons"}.get(
            layout.chart_column, "no such column" + (f"; did you mean `{near}`?" if near else ""))
        problems.append(Problem(f"`[chart] column` = {layout.chart_column!r} cannot hold a chart ({why}); "
                                f"use one of {', '.join(CHART_COLUMNS)}", file=file))
    if layout.tables not in TABLE_STYLES:
        problems.append(Problem(f"tables = {layout.tables!r} is not one of {', '.join(TABLE_STYLES)}",
                                file=file))
    problems += [Problem(m, file=file) for m in geometry_problems(layout)]
    if problems:
        raise InputError(problems, file=file)


MIN_FRAME_MM = 50.0  # the text area must be at least this wide and tall
# top and bottom margins hold the page header and the footer: the PDF sets the footer's baseline
# 7 mm above the text area and the header's 4 mm below its top, the DOCX puts them half the margin
# from the edge; with printers' unprintable edge of about 5 mm, 12 mm keeps both on the page
MIN_FURNITURE_MARGIN_MM = 12.0
FONT_RANGE = (4.0, 72.0)  # points
PT_MM = 25.4 / 72
CELL_PADDING_MM = 6 * PT_MM  # left and right cell padding of the PDF, together


def column_sets(layout: Layout) -> list[list[tuple[str, Column]]]:
    """Every column set the layout can lay out (the default, and each section's own or extended
    set), each column with the TOML key of its width."""
    default = [(f"[[columns]] {i} width", c) for i, c in enumerate(layout.columns, start=1)]
    sets = [default]
    for title, spec in layout.sections.items():
        if not isinstance(spec, dict) or not ("columns" in spec or "extra" in spec):
            continue
        key = f"[sections.{json.dumps(str(title), ensure_ascii=False)}]"
        own = [(f"{key} columns {i} width", _column(c)) for i, c in enumerate(spec.get("columns", ()), start=1)]
        extra = [(f"{key} extra {i} width", _column(c)) for i, c in enumerate(spec.get("extra", ()), start=1)]
        sets.append((own if "columns" in spec else default) + extra)
    return sets


def geometry_problems(layout: Layout) -> list[str]:
    """Why ``layout`` cannot be laid out, one message per problem, each naming its key: a text
    area too small, font sizes out of range, a column of no width or too narrow for one character."""
    out: list[str] = []
    top, right, bottom, left = layout.margins
    for name, v in zip(("top", "right", "bottom", "left"), layout.margins):
        if not math.isfinite(v) or v < 0:
            out.append(f"`[page] margins_mm {name}` = {v:g}: a margin must be 0 mm or more")
    for name, v in (("top", top), ("bottom", bottom)):
        if math.isfinite(v) and 0 <= v < MIN_FURNITURE_MARGIN_MM:
            where = "page header needs" if name == "top" else "footer and page numbers need"
            out.append(f"`[page] margins_mm {name}` = {v:g}: the {where} at least "
                       f"{MIN_FURNITURE_MARGIN_MM:g} mm (less puts them off the printable page)")
    width = layout.page_size[0] - left - right
    height = layout.page_size[1] - top - bottom
    if not (width >= MIN_FRAME_MM and height >= MIN_FRAME_MM):
        out.append(f"`[page] margins_mm` leave a text area of {width:g} × {height:g} mm; "
                   f"at least {MIN_FRAME_MM:g} × {MIN_FRAME_MM:g} mm is needed")
    lo, hi = FONT_RANGE
    for key, v in (("size", layout.font_size), ("title_size", layout.title_size),
                   ("heading1_size", layout.heading1_size), ("heading2_size", layout.heading2_size)):
        if not (lo <= v <= hi):
            out.append(f"`[fonts] {key}` = {v:g}: font sizes must be between {lo:g} and {hi:g} points")
    for key, v in (("width_mm", layout.chart_size[0]), ("height_mm", layout.chart_size[1])):
        if not (math.isfinite(v) and v > 0):
            out.append(f"`[chart] {key}` = {v:g}: a chart's size must be more than 0 mm")
    if layout.chart_size[1] > height / 2 > 0:
        out.append(f"`[chart] height_mm` = {layout.chart_size[1]:g}: a chart may be at most half the "
                   f"text area's height ({height / 2:g} mm)")
    if out:
        return out
    one_char = layout.font_size * PT_MM  # an em: the widest ordinary character
    seen: set[str] = set()
    for cols in column_sets(layout):
        bad = [(k, c) for k, c in cols if not (math.isfinite(c.width) and c.width > 0)]
        out += [f"`{k}` = {c.width:g}: a column's width must be a number above 0" for k, c in bad if k not in seen]
        seen.update(k for k, _ in bad)
        if bad:
            continue
        total = sum(c.width for _, c in cols)
        for k, c in cols:
            text_mm = width * c.width / total - CELL_PADDING_MM
            if text_mm < one_char and k not in seen:
                seen.add(k)
                out.append(f"`{k}` = {c.width:g}: column {c.key!r} would be {text_mm + CELL_PADDING_MM:.1f} mm "
                           f"wide, too narrow for one character at {layout.font_size:g} pt; give it a larger "
                           "share of the widths")
    return out


def unused_sections(layout: Layout, titles) -> list[str]:
    """A warning for each ``[sections."X"]`` of ``layout`` that names no section in ``titles``,
    with the closest title (the table would silently change nothing). Not for the bundled
    layouts: they describe their own board and are the default for every other."""
    out = []
    titles = list(dict.fromkeys(titles))
    if layout.folder.resolve() == LAYOUTS_DIR.resolve():
        return out  # a bundled layout describes its own board's sections and is the default for every other
    for name in layout.sections:
        if name in titles:
            continue
        near = closest(str(name), titles)
        out.append(f"layout {layout.name!r}: [sections.{json.dumps(str(name), ensure_ascii=False)}] names no "
                   "section of this paper" + (f"; did you mean {near!r}?" if near else
                                              f" (its sections: {', '.join(map(repr, titles))})"))
    return out


def _luminance(hex_colour: str) -> float:
    def chan(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * chan(r) + 0.7152 * chan(g) + 0.0722 * chan(b)


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two ``RRGGBB`` colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def fill(template: str, fields: dict[str, str]) -> str:
    """``template`` with ``{field}`` replaced; unknown fields are blank, values are taken literally
    (braces in them are not re-read), and separators left dangling by blanks are trimmed."""
    class _Blank(dict):
        def __missing__(self, key):
            return ""
    try:
        text = template.format_map(_Blank(fields))
    except (ValueError, AttributeError, IndexError, KeyError):
        text = template
    return text.strip(" –—-|·,")
