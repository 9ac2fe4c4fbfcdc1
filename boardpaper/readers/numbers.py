"""What a cell holds as a number, read only as Excel would read it; formula error values; and the
shorthand of UK official statistics that stands for a missing figure.

- A number typed in Excel is taken as stored (``0.93`` under ``0%`` is 93 per cent).
- Text is read as Excel reads typed text: ``1234``, ``1,234``, ``-3.5``, ``(1,200)``, ``45%``,
  ``£1,234``, ``-£5``, ``1e16``, surrounding spaces (non-breaking too) and a leading apostrophe
  (Excel's "keep as text" mark) ignored. ``1 2`` is text in Excel, not 12: a space inside a number
  is refused, as are grouping commas in the wrong places (``1,01``) and abbreviations (``£1.2m``).
- ``#N/A``, ``#DIV/0!``, ``#VALUE!``, ``#REF!``, ``#NAME?``, ``#NUM!``, ``#NULL!`` (and Excel 365's
  ``#SPILL!``, ``#CALC!``, …) are formula errors, wherever they come from (a cached value in an
  .xlsx, text in a CSV).
- ``[x]``, ``[c]``, ``[z]``, ``[low]``, ``[u]``, ``[w]``, ``..``, ``:`` (the Government Statistical
  Service's symbols, and the older ones) mark a missing figure, with its reason.
"""
from __future__ import annotations

import math
import re

from .excel_format import is_percent
from .tables import CellText

_NUMBER = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][-+]?\d{1,3})?$")
_CURRENCY = "£$€"
_MINUS = "-−"  # the hyphen, and the minus sign of published tables (U+2212), never a dash

ERRORS = {
    "#N/A": "no value available, e.g. a lookup that found nothing",
    "#DIV/0!": "a division by zero",
    "#VALUE!": "a value of the wrong type",
    "#REF!": "a reference to a deleted cell",
    "#NAME?": "an unknown function or name",
    "#NUM!": "an impossible number",
    "#NULL!": "ranges that do not meet",
    "#SPILL!": "a result that cannot spill",
    "#CALC!": "a calculation Excel cannot do",
    "#FIELD!": "a missing field",
    "#GETTING_DATA": "data still loading",
    "#BLOCKED!": "a blocked data source",
    "#CONNECT!": "a connection that failed",
    "#BUSY!": "a calculation still running",
    "#UNKNOWN!": "an unsupported data type",
    "#PYTHON!": "a failed Python formula",
}

# Symbols for a missing figure: the Government Statistical Service's shorthand (Analysis Function
# guidance "Symbols, suppression and missing data in tables"), and the older `..` and `:`.
GAP_SYMBOLS = {
    "[x]": "not available",
    "[c]": "confidential",
    "[z]": "not applicable",
    "[low]": "a low figure, below half the smallest unit shown",
    "[u]": "low reliability",
    "[w]": "no or too few cases",
    "..": "not available",
    ":": "not available",
}


def error_value(text: str) -> str | None:
    """The formula error ``text`` is (``#N/A``), or ``None``; compared ignoring case and spaces."""
    t = text.strip().upper()
    return t if t in ERRORS else None


def error_message(error: str) -> str:
    """What a problem says of a cell holding the formula error ``error``."""
    return (f"{error} is a formula's error value ({ERRORS[error]}), not a figure: correct the formula or its "
            "inputs, or clear the cell (a blank series value is a gap in the chart)")


def gap_symbol(text: str) -> tuple[str, str] | None:
    """``(symbol, meaning)`` when ``text`` is a symbol for a missing figure, else ``None``."""
    t = text.strip().lower()
    return (t, GAP_SYMBOLS[t]) if t in GAP_SYMBOLS else None


def parse_number(text: str) -> tuple[float, bool] | None:
    """``text`` as a number, and whether it was a percentage; ``None`` when Excel would not read
    it as a number (see the module's rules)."""
    t = text.strip()
    if t.startswith("'"):
        t = t[1:].strip()
    negative = False
    if t.startswith("(") and t.endswith(")"):
        negative, t = True, t[1:-1].strip()
    percent = t.endswith("%")
    if percent:
        t = t[:-1].rstrip()
    for _ in range(2):  # a sign and a currency symbol, in either order: -£5, £-5
        if t[:1] in _MINUS or t[:1] == "+":
            if negative and t[:1] != "+":
                return None
            negative, t = negative or t[:1] != "+", t[1:].lstrip()
        elif t[:1] and t[:1] in _CURRENCY:
            t = t[1:].lstrip()
    if not t or not _NUMBER.match(t) or not any(ch.isdigit() for ch in t.partition("e")[0].partition("E")[0]):
        return None
    try:
        v = float(t.replace(",", ""))
    except ValueError:
        return None
    if not math.isfinite(v):
        return None
    return (-v if negative else v), percent


def why_not_a_number(text: str) -> str:
    """A short reason a text that :func:`parse_number` refused is not a number, for messages."""
    inner = text.strip().strip("'")
    marker = re.search(r"\s*(\[[a-z]{1,3}\])\s*$", inner, re.I)
    if marker and parse_number(inner[:marker.start()]):
        return (f"a figure with a marker such as {marker.group(1)} is text: put the figure alone in the cell and say "
                "what the marker says in the KPI's text")
    if re.search(r"\d[\s\u00a0\u202f]+\d", inner):
        return "a space inside a number makes it text in Excel (1 2 is not 12)"
    if re.search(r"\d,\d{1,2}(?!\d)|\d,\d{4,}", inner):
        return "its commas are not thousands separators"
    if re.search(r"\d\s*(k|m|bn|million|billion)\b", inner, re.I):
        return "abbreviations are not read; write the whole number"
    return ""


def number_of(cell: str) -> tuple[float, bool] | None:
    """The number a cell holds, and whether it is shown as a percentage: a number typed in Excel
    is taken as stored (``0.93`` under ``0%`` is 93 percent), text is read by :func:`parse_number`."""
    if isinstance(cell, CellText) and isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
        if not math.isfinite(cell.value):
            return None
        if is_percent(cell.number_format):
            return round(cell.value * 100, 10), True
        return float(cell.value), False
    if isinstance(cell, CellText) and cell.value is not None and not isinstance(cell.value, str):
        return None  # a date, a time or a truth value is not a figure
    return parse_number(cell)
