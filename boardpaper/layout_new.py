"""``boardpaper layout new NAME``: a layout for a new board to edit, and its reference DOCX.

Without ``--from`` the layout is neutral: every key written out with what it does, no board's
wording (cover labels such as "Priority:"), no section settings, no author; its reference DOCX is
made from it. ``--from spcb``, ``--from ipr`` or ``--from FILE.toml`` copies that layout on purpose,
with its own wording, sections and reference DOCX. Nothing is ever written over.
"""
from __future__ import annotations

import re
import tempfile
import tomllib
from pathlib import Path

from .errors import InputError
from .layout import LAYOUTS_DIR, check_layout_name, load_layout
from .starter import _from_command_line

NEUTRAL = '''# Layout `{name}`, written by `boardpaper layout new {name}`: a neutral start to edit.
# A workbook uses it with the row `layout` = `{name}` in its paper sheet. Every key is optional
# except `name`; README "Make a layout for another board" explains each.
name = "{name}"
author = ""                       # the documents' author property: your office
reference_docx = "{name}.docx"    # its styles, page set-up, header and footer: open it in Word to change them
tables = "merged"                 # or "accessible": no merged cells

[labels]                          # the cover and contents wording
plan_priority = "Priority:"       # printed before the paper's plan_priority field
title = "Title:"
presented_by = "Presented by:"
blank_field = ""                  # printed after a label whose field is blank ("" leaves the line out)
purpose = "Purpose of paper"
contents = "Contents"

[page]
size = "A4"                       # A4, A3 or Letter
orientation = "landscape"         # or "portrait"
margins_mm = {{ top = 15, bottom = 15, left = 15, right = 15 }}

[fonts]
body = "Arial"                    # falls back to Liberation Sans, then DejaVu Sans, in the PDF
size = 9
title_size = 16
heading1_size = 13
heading2_size = 11

[colours]                         # RRGGBB; text on a fill is checked for 4.5:1 contrast
text = "000000"
heading = "1F3864"
header_fill = "1F3864"            # table header row
header_text = "FFFFFF"
group_fill = "DEEAF6"             # sub-objective cells
group_text = "000000"
border = "8EAADB"
link = "0B4F9C"
improving = "1A7F37"
worsening = "B42318"
neutral = "4D4D4D"
target = "4D4D4D"
series = ["1F3864", "C55A11", "2E7D32", "6A1B9A", "00838F"]

[furniture]                       # {{agenda_item}}, {{appendix}}, {{board}}, {{meeting}}, {{title}} come from the paper sheet
header = "{{agenda_item}} – {{appendix}}"
header_align = "right"            # left, center or right
footer = "{{board}} – {{meeting}}"   # "Page N of M" follows at the right

[cover]                           # the cover lines other than the title
size = 9
bold = ["reference", "meeting"]   # among reference, meeting, plan_priority, presented_by, purpose

[contents]
leader = "dots"                   # or "none": between an entry and its page number
bold = true                       # sections in bold
colour = "link"                   # a [colours] name or RRGGBB

[spacing]                         # points
title_before = 10
title_after = 8
heading_before = 18               # above each section heading (not at the top of a page)
heading_after = 6
rule = 0.5                        # table rules

[footnotes]
url = true                        # print each source's web address after its text

[chart]
width_mm = 35
height_mm = 12
column = "current"                # the column whose cell carries the chart

# The columns of every section (key: sub_objective, kpi, current, benchmark, target, status).
# A section may relabel, extend or replace them:
#   [sections."Section title"]
#   labels = {{ current = "Latest" }}
#   extra = [{{ key = "target", label = "Target", width = 12 }}]
[[columns]]
key = "sub_objective"
label = "Sub-Objective"
width = 18
[[columns]]
key = "kpi"
label = "Key Performance Indicator"
width = 38
[[columns]]
key = "current"
label = "Current"
width = 22
[[columns]]
key = "benchmark"
label = "Benchmark"
width = 22

[status]                          # statistical process control readings (docs/input.md)
column = false                    # true: a status column on every row
summary = false                   # true: a summary page after the contents
min_points = 15
'''

EXCEPTIONS_NOTE = ("# [exceptions] (copied too): the exception reports -- `on` turns them on; `when` lists the "
                   "readings that call for\n# a report; `headings` are its parts; `title` heads them. See README "
                   '"Exception reports".\n')


def new_layout(name: str, folder: Path | str = "layouts", source: str | None = None) -> list[Path]:
    """Write ``folder/<name>.toml`` and its reference DOCX ``folder/<name>.docx``: neutral, or a
    copy of ``source`` (a bundled layout's name, or a ``.toml`` file). Writes nothing when either
    file exists (InputError). Returns the files written."""
    with _from_command_line():
        check_layout_name(name)
    folder = Path(folder)
    toml_path = folder / f"{name}.toml"
    if source is None:
        text, docx = NEUTRAL.format(name=name), None
    else:
        origin = _source_path(source, LAYOUTS_DIR)
        text, docx = _copied(name, origin)
    if docx is None:
        docx = _reference_for(text, name)
    files = {folder / f"{name}.docx": docx, toml_path: text.encode("utf-8")}
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


def _source_path(source: str, bundled: Path) -> Path:
    """The layout file ``--from`` names: a bundled layout by name, else a ``.toml`` file."""
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", source) and (bundled / f"{source}.toml").is_file():
        return bundled / f"{source}.toml"
    path = Path(source)
    if path.suffix.lower() != ".toml" or not path.is_file():
        known = ", ".join(sorted(p.stem for p in bundled.glob("*.toml")))
        raise InputError(f"--from {source!r}: not a bundled layout ({known}) nor a .toml layout file")
    return path


def _copied(name: str, origin: Path) -> tuple[str, bytes | None]:
    """``origin``'s text renamed ``name`` with a note that it was copied on purpose, and its
    reference DOCX (``None``: it has none; one is made)."""
    text = origin.read_text(encoding="utf-8")
    try:
        reference = tomllib.loads(text).get("reference_docx")
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"--from {origin}: not valid TOML: {e}") from None
    docx = None
    if reference and (origin.parent / reference).is_file():
        docx = (origin.parent / reference).read_bytes()
    line = f'reference_docx = "{name}.docx"  # its styles, page set-up, header and footer: open it in Word to change them'
    text, found = re.subn(r"^reference_docx\s*=.*$", line, text, count=1, flags=re.M)
    if not found:
        text = line + "\n" + text
    text = re.sub(r"^author\s*=.*$", 'author = ""  # the documents\' author property: your office',
                  text, count=1, flags=re.M)
    text, found = re.subn(r"^name\s*=.*$", f'name = "{name}"', text, count=1, flags=re.M)
    text = ("" if found else f'name = "{name}"\n') + text
    note = re.search(r"^\[exceptions\]", text, flags=re.M) is not None
    text = (f"# Layout `{name}`, copied from `{origin.stem}` by `boardpaper layout new {name} --from ...`: it keeps\n"
            f"# {origin.stem}'s own wording, section settings and reference DOCX. Edit it.\n"
            f"# A workbook uses it with the row `layout` = `{name}` in its paper sheet.\n"
            + (EXCEPTIONS_NOTE if note else "") + text)
    return text, docx


def _reference_for(text: str, name: str) -> bytes:
    """The reference DOCX of a layout's ``text``, made from it (styles, page, header and footer)."""
    from .writers.docx.writer import reference_docx_bytes  # lazy: python-docx only when a reference DOCX is made

    with tempfile.TemporaryDirectory(prefix="boardpaper-layout-") as tmp:
        path = Path(tmp) / f"{name}.toml"
        path.write_text(re.sub(r"^reference_docx\s*=.*$", "", text, count=1, flags=re.M), encoding="utf-8")
        return reference_docx_bytes(load_layout(path))
