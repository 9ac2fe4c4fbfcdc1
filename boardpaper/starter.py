"""``boardpaper new``: a starter workbook that a secretariat can fill in Excel without the docs.

The columns come from the input contract (:mod:`boardpaper.readers.workbook`); this module adds
only the plain-words help for each, the example rows, and the Excel furniture: bold frozen header
rows, column widths, wrapped text, dropdowns, and an ``instructions`` sheet (which the readers
ignore). The example rows are a complete small paper that ``check`` accepts and ``build`` builds.
"""
from __future__ import annotations

import io
from contextlib import contextmanager
from pathlib import Path

from .errors import InputError, Problem
from .model import CHART_KINDS, POLARITIES
from .readers.workbook import (COLUMNS, COMMENTARY_COLUMNS, KPI_COLUMNS, PAPER_FIELDS, REQUIRED_KPI, REQUIRED_PAPER,
                               SERIES_COLUMNS, SOURCE_COLUMNS)

INSTRUCTIONS = "instructions"
LAST_ROW = 1000  # dropdowns and checks cover rows 2..LAST_ROW of each sheet

# field or column -> (what to write, in plain words; an example)
PAPER_HELP = {
    "board": ("The name of the board or committee the paper goes to.", "Strategic Policing and Crime Board"),
    "meeting": ("The meeting, usually its month and year. Shown in the page footer.", "June 2026"),
    "title": ("The title of the paper, shown on the cover.", "Performance Scorecard"),
    "agenda_item": ("The agenda item number, shown on the cover and in the page header.", "Agenda Item 6"),
    "appendix": ("Which appendix this is, shown on the cover and in the page header.", "Appendix 1"),
    "plan_priority": ("The plan priority the paper reports on, for the cover.", "All priorities"),
    "presented_by": ("Who presents the paper, for the cover.", "Head of Performance"),
    "layout": ("The name of the board's layout (house style), e.g. one made with `boardpaper layout new "
               "NAME`. Only a name, never a folder or file path. Blank: the standard layout.", "spcb"),
    "purpose": ("One point of the 'Purpose of paper' box. Add one row per point: each becomes a "
                "numbered paragraph.", "To update the board on performance against the plan."),
    "author": ("Who wrote the document (saved in the file's properties).", "Performance Team"),
    "keywords": ("Words to help find the document, separated by ;", "performance; scorecard"),
    "language": ("The language of the paper, as a tag: en-GB for English, cy-GB for Welsh. Screen "
                 "readers use it to pronounce the text. Blank: en-GB.", "en-GB"),
}
KPI_HELP = {
    "id": ("A short code for the indicator, different on every row and kept the same every month. "
           "The series sheet uses it.", "K1"),
    "section": ("The plan priority the indicator belongs to. Each section gets its own heading and table, "
                "in the order they first appear.", "Safer streets"),
    "sub_objective": ("The group within the section. Rows next to each other with the same text share "
                      "one cell in the table.", "Reduce burglary"),
    "kpi": ("The indicator, as the board should read it.", "Residential burglaries recorded"),
    "current": ("The latest figure, as it should be printed.", "412"),
    "current_period": ("The period of the latest figure; printed after it in brackets.", "Mar 26"),
    "benchmark": ("The figure to compare with: last year, an average, a baseline.", "455"),
    "benchmark_period": ("The period of the benchmark figure.", "Mar 25"),
    "target": ("The target, as it should be printed. A Target column appears in any section that "
               "has one.", "Below 430"),
    "target_value": ("The target as a plain number, drawn as a dashed line on the chart.", "430"),
    "polarity": ("Which way is better: up, down, or monitor (neither; the default). Pick from the "
                 "dropdown.", "down"),
    "sources": ("Where the figures come from: ids from the sources sheet, separated by ; Each becomes "
                "a footnote.", "S1"),
    "chart": ("line or bar for that kind of chart, none for no chart, blank to draw one whenever the "
              "series sheet has figures for the indicator. Pick from the dropdown.", "line"),
    "baseline": ("Only for status readings: a whole number of points, 12 or more, from which the mean and "
                 "process limits are worked out and then held fixed. Blank: from every point.", "12"),
    "owner": ("The person accountable for the indicator, named in its exception report and in the "
              "reminders `boardpaper check` prints for reports without commentary.", "Head of Crime"),
    "exception": ("yes to give the indicator an exception report whatever its readings, no to leave it out; "
                  "blank lets the layout's [exceptions] rules decide (layouts with exception reports only).", "no"),
}
SOURCE_HELP = {
    "id": ("A short code for the source, used in the sources column of the kpis sheet.", "S1"),
    "text": ("The source as it should read in the footnote.", "Police recorded crime, force data"),
    "url": ("Optional web address starting with http:// or https://; the footnote links to it.",
            "https://www.example.org/data"),
}
SERIES_HELP = {
    "kpi_id": ("The id of the indicator (from the kpis sheet) this figure belongs to.", "K1"),
    "period": ("The period, as it should be labelled on the chart (Oct 25, Q1 2025, 2024/25, a date). "
               "Months, quarters, years and dates are drawn in time order, whatever the rows' order; "
               "other labels in the order given. Each period once per line.", "Oct 25"),
    "value": ("The figure: a number such as 1234, 1,234, -3.5, 45% or £1,234. Blank, [x], [c], [z] "
              "or [low] leave a gap (the chart's words say why). Write whole numbers, not 1.2m or 12k.", "436"),
    "series": ("Only when one indicator has several lines: the name of this line.", "Burglary"),
    "rebase": ("Only where the process changed (a new pathway, a new counting rule): why. Limits are worked "
               "out afresh from this period; the reason is printed under the chart.", "New counting rule"),
    "target": ("Only for a target that changes over time: this period's target as a number. Blank keeps "
               "the one before; it takes the place of the kpis sheet's target_value.", "430"),
    "note": ("A short note on this point, marked on the chart by a number and printed under it.",
             "Cyber attack: figures estimated"),
}
COMMENTARY_HELP = {
    "kpi_id": ("The id of the indicator (from the kpis sheet) whose exception report this paragraph is for.", "K1"),
    "heading": ("One of the layout's exception report headings, e.g. What the data tell us, Issues, Actions, "
                "Risks and mitigations (the ipr layout).", "Actions"),
    "text": ("One paragraph of the owner's account. Alt+Enter starts a new line; lines starting with • or - "
             "print as a bulleted list.", "Extra weekend clinics from June."),
}
HELP = {"paper": PAPER_HELP, "kpis": KPI_HELP, "sources": SOURCE_HELP, "series": SERIES_HELP,
        "commentary": COMMENTARY_HELP}
REQUIRED = {"paper": REQUIRED_PAPER, "kpis": REQUIRED_KPI, "sources": ("id", "text"),
            "series": ("kpi_id", "period"), "commentary": ("kpi_id", "heading")}  # as the readers check
SHEET_HELP = {
    "paper": "Facts about the paper: one row per field, its name in the field column and its value in the "
             "value column.",
    "kpis": "One row per indicator, in the order they are to appear in the paper.",
    "sources": "Where the figures come from, one row per source; the kpis sheet cites them by id and each "
               "becomes a footnote.",
    "series": "The figures for each indicator's small chart: one row per indicator and period. Optional.",
    "commentary": "Optional, for layouts with exception reports: the owners' narrative, one row per paragraph "
                  "under one of the layout's headings (add a sheet named commentary with these columns).",
}
WIDTHS = {"field": 16, "value": 60, "id": 8, "section": 22, "sub_objective": 22, "kpi": 45, "text": 50,
          "url": 40, "kpi_id": 10, "period": 12, "polarity": 11, "chart": 9, "sources": 12, "owner": 18,
          "exception": 10}

_PERIODS = ("Oct 25", "Nov 25", "Dec 25", "Jan 26", "Feb 26", "Mar 26")
EXAMPLE_KPIS = (
    {"id": "K1", "section": "Safer streets", "sub_objective": "Reduce burglary",
     "kpi": "Residential burglaries recorded", "current": 412, "current_period": "Mar 26",
     "benchmark": 455, "benchmark_period": "Mar 25", "target": "Below 430", "target_value": 430,
     "polarity": "down", "sources": "S1", "chart": "line"},
    {"id": "K2", "section": "Safer streets", "sub_objective": "Reduce burglary",
     "kpi": "Burglary victims contacted within 24 hours", "current": 0.91, "current_period": "Mar 26",
     "benchmark": 0.85, "benchmark_period": "Mar 25", "polarity": "up", "sources": "S1", "chart": "bar"},
    {"id": "K3", "section": "Confident communities", "sub_objective": "Public trust",
     "kpi": "Residents who agree the police do a good job in their area", "current": 0.58,
     "current_period": "Q4 25/26", "benchmark": 0.61, "benchmark_period": "Q4 24/25", "polarity": "up",
     "sources": "S2"},
    {"id": "K4", "section": "Confident communities", "sub_objective": "Public trust",
     "kpi": "Calls to the non-emergency number", "current": 18240, "current_period": "Mar 26",
     "polarity": "monitor", "chart": "none"},
)
EXAMPLE_SOURCES = (("S1", "Police recorded crime, force data", "https://www.example.org/crime-data"),
                   ("S2", "Public confidence survey", ""))
EXAMPLE_SERIES = (("K1", (470, 455, 448, 431, 425, 412)), ("K2", (0.84, 0.86, 0.88, 0.87, 0.9, 0.91)),
                  ("K3", (0.6, 0.61, 0.59, 0.57, 0.58, 0.58)))
_PERCENT_IDS = {"K2", "K3"}


def new_workbook(path: Path | str, layout: str = "") -> Path:
    """Write a starter workbook to ``path`` (an ``.xlsx`` that does not exist yet) naming ``layout``
    (a plain layout name on the search path, or blank for the default). Raises :class:`InputError`
    when the file exists, the name does not end ``.xlsx`` or the layout is unknown."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise InputError(f"{path}: a new workbook's name must end in .xlsx")
    if path.exists():
        raise InputError(f"{path} already exists; boardpaper never writes over a file: choose another "
                         "name or move the file away")
    if layout:
        from .layout import resolve_layout_name

        with _from_command_line():
            resolve_layout_name(layout, near=path)
    data = _workbook_bytes(layout)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "xb") as f:  # exclusive: never replaces a file made meanwhile
            f.write(data)
    except FileExistsError:
        raise InputError(f"{path} already exists; boardpaper never writes over a file") from None
    return path


@contextmanager
def _from_command_line():
    """Layout-name problems reported without the workbook place (sheet, column) they usually name."""
    try:
        yield
    except InputError as e:
        raise InputError([Problem(p.message, warning=p.warning) for p in e.problems]) from None


def _workbook_bytes(layout: str) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    _instructions(wb.active)
    paper_rows = []
    for f in PAPER_FIELDS:
        example = PAPER_HELP[f][1]
        if f == "layout":
            example = layout
        paper_rows.append({"field": f, "value": example})
        if f == "purpose":
            paper_rows.append({"field": f, "value": "To highlight the indicators that need the board's "
                                                    "attention."})
    _sheet(wb, "paper", paper_rows)
    _sheet(wb, "kpis", [{k: (_percent(v) if k in ("current", "benchmark") and r["id"] in _PERCENT_IDS
                             else v) for k, v in r.items()} for r in EXAMPLE_KPIS])
    _sheet(wb, "sources", [dict(zip(SOURCE_COLUMNS, s)) for s in EXAMPLE_SOURCES])
    _sheet(wb, "series", [{"kpi_id": k, "period": p, "value": _percent(v) if k in _PERCENT_IDS else v}
                          for k, values in EXAMPLE_SERIES for p, v in zip(_PERIODS, values)])
    _dropdowns(wb)
    wb.active = 0
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


class _Percent(float):
    """A fraction written with Excel's 0% format, as Excel stores a typed 91%."""


def _percent(v):
    return None if v is None else _Percent(v)


def _styles():
    from openpyxl.styles import Alignment, Font, PatternFill

    return (Font(bold=True), PatternFill("solid", fgColor="DEEAF6"),
            Alignment(wrap_text=True, vertical="top"))


def _sheet(wb, name: str, rows: list[dict]) -> None:
    """A contract sheet: bold frozen header, widths, wrapped text, the example ``rows``."""
    from openpyxl.comments import Comment
    from openpyxl.utils import get_column_letter

    bold, fill, wrap = _styles()
    ws = wb.create_sheet(name)
    columns = COLUMNS[name]
    required = ("field", "value") if name == "paper" else REQUIRED[name]
    for i, col in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=i, value=col)
        cell.font, cell.fill, cell.alignment = bold, fill, wrap
        what = HELP[name].get(col, ("", ""))[0] if name != "paper" else (
            "Field names: " + ", ".join(PAPER_FIELDS) if col == "field" else "The value of the field.")
        cell.comment = Comment(("Required. " if col in required else "") + what, "boardpaper",
                               width=300, height=120)
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = WIDTHS.get(col, 14)
        ws.column_dimensions[letter].alignment = wrap
    for r, record in enumerate(rows, start=2):
        for i, col in enumerate(columns, start=1):
            value = record.get(col)
            cell = ws.cell(row=r, column=i, value=float(value) if isinstance(value, _Percent) else value)
            cell.alignment = wrap
            if isinstance(value, _Percent):
                cell.number_format = "0%"
            elif isinstance(value, int) and value >= 1000:
                cell.number_format = "#,##0"
            if name == "paper" and col == "field" and value in REQUIRED_PAPER:
                cell.font = bold
    ws.freeze_panes = "A2"


def _dropdowns(wb) -> None:
    """Excel data validation: pick-lists for polarity, chart and the paper fields; id checks for
    sources and kpi_id."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    def column(sheet: str, key: str) -> str:
        letter = get_column_letter(COLUMNS[sheet].index(key) + 1)
        return f"{letter}2:{letter}{LAST_ROW}"

    kpis, series = wb["kpis"], wb["series"]
    from .readers.workbook import EXCEPTION_CHOICES

    for key, choices in (("polarity", POLARITIES), ("chart", CHART_KINDS), ("exception", EXCEPTION_CHOICES)):
        dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True,
                            showErrorMessage=True, errorTitle=f"Not a {key}",
                            error=f"Choose one of: {', '.join(choices)}" + (" (or leave blank)" if key != "polarity"
                                                                           else ""),
                            showInputMessage=True, promptTitle=key, prompt=KPI_HELP[key][0][:255])
        kpis.add_data_validation(dv)
        dv.add(column("kpis", key))
    ids = get_column_letter(SOURCE_COLUMNS.index("id") + 1)
    dv = DataValidation(type="list", formula1=f"sources!${ids}$2:${ids}${LAST_ROW}", allow_blank=True,
                        showErrorMessage=True, errorStyle="warning", errorTitle="Not a source id",
                        error="Not an id from the sources sheet. Several ids separated by ; are fine: "
                              "click Yes to keep it.")
    kpis.add_data_validation(dv)
    dv.add(column("kpis", "sources"))
    dv = DataValidation(type="list", formula1='"' + ",".join(PAPER_FIELDS) + '"', allow_blank=True,
                        showErrorMessage=True, errorStyle="warning", errorTitle="Not a field name",
                        error="boardpaper will ignore this row: the field names are in the dropdown.")
    wb["paper"].add_data_validation(dv)
    dv.add(f"A2:A{LAST_ROW}")
    kid = get_column_letter(KPI_COLUMNS.index("id") + 1)
    dv = DataValidation(type="list", formula1=f"kpis!${kid}$2:${kid}${LAST_ROW}", allow_blank=True,
                        showErrorMessage=True, errorTitle="Not a KPI id",
                        error="Choose an id from the id column of the kpis sheet.")
    series.add_data_validation(dv)
    dv.add(column("series", "kpi_id"))


def _instructions(ws) -> None:
    """The ``instructions`` sheet: how to use the workbook, then every column in plain words."""
    bold, fill, wrap = _styles()
    from openpyxl.styles import Font

    ws.title = INSTRUCTIONS
    intro = (
        "How to fill in this workbook",
        "1. Fill in the four sheets paper, kpis, sources and series. Replace the example rows with your own.",
        "2. Keep row 1 of each sheet (the column names) as it is. Hover over a column name to see what goes in it.",
        "3. Check it: boardpaper check FILE.xlsx — every problem is listed with its sheet, row and column.",
        "4. Build the paper: boardpaper build FILE.xlsx — the Word document and the PDF go to the out folder.",
        "Figures are printed exactly as typed (or as Excel shows them, e.g. 91% or 1,234). "
        "This instructions sheet is ignored by boardpaper.",
    )
    for r, line in enumerate(intro, start=1):
        cell = ws.cell(row=r, column=1, value=line)
        if r == 1:
            cell.font = Font(bold=True, size=14)
    top = len(intro) + 2
    for i, head in enumerate(("sheet", "column", "must be filled in", "what to write", "example"), start=1):
        cell = ws.cell(row=top, column=i, value=head)
        cell.font, cell.fill, cell.alignment = bold, fill, wrap
    r = top + 1
    for sheet, columns in (("paper", PAPER_FIELDS), ("kpis", KPI_COLUMNS), ("sources", SOURCE_COLUMNS),
                           ("series", SERIES_COLUMNS), ("commentary", COMMENTARY_COLUMNS)):
        required = REQUIRED[sheet]
        ws.cell(row=r, column=1, value=sheet).font = bold
        ws.cell(row=r, column=4, value=SHEET_HELP[sheet]).alignment = wrap
        ws.cell(row=r, column=4).font = bold
        r += 1
        for col in columns:
            what, example = HELP[sheet].get(col, ("", ""))
            name = f"{col} (a row in the field column)" if sheet == "paper" else col
            for i, v in enumerate((sheet, name, "yes" if col in required else "no", what, example), start=1):
                ws.cell(row=r, column=i, value=v).alignment = wrap
            r += 1
    for letter, width in zip("ABCDE", (10, 26, 9, 70, 34)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = ws.cell(row=top + 1, column=1)
    ws.column_dimensions["B"].alignment = ws.column_dimensions["D"].alignment = wrap


def new_layout(name: str, folder: Path | str = "layouts") -> list[Path]:
    """Copy the bundled default layout to ``folder/<name>.toml`` (and its reference DOCX to
    ``folder/<name>.docx``) with ``name`` set, for a board to edit. Writes nothing when either
    file exists (InputError). Returns the files written."""
    import re
    import tomllib

    from .layout import DEFAULT_LAYOUT, LAYOUTS_DIR, check_layout_name, load_layout

    with _from_command_line():
        check_layout_name(name)
    folder = Path(folder)
    source = LAYOUTS_DIR / f"{DEFAULT_LAYOUT}.toml"
    text = source.read_text(encoding="utf-8")
    reference = tomllib.loads(text).get("reference_docx")
    toml_path = folder / f"{name}.toml"
    files = {toml_path: b""}
    if reference:
        files[folder / f"{name}{Path(reference).suffix}"] = (source.parent / reference).read_bytes()
        text = re.sub(r"^reference_docx\s*=.*$", f'reference_docx = "{name}{Path(reference).suffix}"  # its '
                      "styles, page set-up, header and footer: open it in Word to change them", text, count=1,
                      flags=re.M)
    text = re.sub(r"^author\s*=.*$", 'author = ""  # the documents\' author property: your office',
                  text, count=1, flags=re.M)
    text, found = re.subn(r"^name\s*=.*$", f'name = "{name}"', text, count=1, flags=re.M)
    text = ("" if found else f'name = "{name}"\n') + text
    text = (f"# Layout `{name}`, copied from the bundled `{DEFAULT_LAYOUT}` layout by "
            f"`boardpaper layout new {name}`: edit it.\n# A workbook uses it with the row `layout` = "
            f"`{name}` in its paper sheet.\n" + text)
    files[toml_path] = text.encode("utf-8")
    taken = [p for p in files if p.exists()]
    if taken:
        raise InputError(f"{', '.join(map(str, taken))} already exist{'s' if len(taken) == 1 else ''}; "
                         "boardpaper never writes over a file: choose another name or move it away")
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    try:
        for path in sorted(files, key=lambda p: p == toml_path):  # the TOML last
            with open(path, "xb") as f:
                f.write(files[path])
            written.append(path)
        load_layout(toml_path)
    except FileExistsError as e:  # made meanwhile
        for path in written:
            path.unlink(missing_ok=True)
        raise InputError(f"{e.filename} already exists; boardpaper never writes over a file") from None
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return sorted(written)
