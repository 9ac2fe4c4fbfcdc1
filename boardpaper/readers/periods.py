"""When a series period is: the key that puts periods in time order, or ``None`` when the text
is not a time (``Baseline``, ``Jan``: a month without its year cannot be placed).

A period reads as one of five kinds, each ordered by when it starts:

- ``month``: ``Mar 22``, ``Mar-22``, ``March 2022``, ``2022-03``, ``03/2022``, and a rolling
  period named by its last month: ``12 months to Mar 22``, ``Year to March 2022``, ``YTD Mar 22``;
- ``quarter``: ``Q1 2022``, ``2022 Q1``, ``2022Q1``, ``Apr-Jun 22``, ``Apr–Jun 2022``, and a
  quarter of a financial year, ``Q1 2022/23`` (April to June 2022);
- ``financial year``: ``2021/22``, ``2021-22``, ``2021/2022``, ``FY2021/22``, ``FY 21/22``;
- ``year``: ``2022``;
- ``date``: ``31/03/2024`` (day first; month first when the paper's language is en-US),
  ``31 Mar 2024``, ``31-Mar-24``, ``2024-03-31``, ``31.03.2024``, ``w/e 31/03/2024``, ``week ending
  31 March 2024``; and any cell Excel holds as a date (its month, or its year, when its format
  shows no day, or no month). A date shown without its year (``22-Mar``, which is what Excel makes
  of a typed "Mar 22") is not placed: its year is the year it was typed.

A KPI's periods are put in time order only when every one of them reads as the same kind.
"""
from __future__ import annotations

import re
from datetime import date, datetime

from .excel_codes import codes_of

MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = (r"(january|february|march|april|may|june|july|august|september|october|november|december|"
          r"jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?")
_YEAR = r"'?(\d{4}|\d{2})"
_DASH = r"\s*[-–—/]\s*"
_PATTERNS = (
    ("month", re.compile(rf"^(?:(?:rolling\s+)?(?:12|twelve)\s+months?\s+(?:to|ending)\s+|year\s+(?:to|ending)\s+|"
                         rf"ytd\s+|r12m?\s+(?:to\s+)?)?{_MONTH}[\s,\-–/]*{_YEAR}$")),
    ("fy", re.compile(r"^(?:fy\s*)?(\d{4}|\d{2})\s*[-–/]\s*(\d{4}|\d{2})$")),
    ("month-iso", re.compile(r"^(\d{4})-(\d{1,2})$")),
    ("month-numeric", re.compile(r"^(\d{1,2})/(\d{4})$")),
    ("quarter-fy", re.compile(r"^q([1-4])\s*(?:fy\s*)?(\d{4}|\d{2})\s*[-–/]\s*(\d{4}|\d{2})$")),
    ("quarter", re.compile(r"^q([1-4])\s*[-–/]?\s*(\d{4}|\d{2})$")),
    ("quarter-after", re.compile(r"^(\d{4})\s*[-–/]?\s*q([1-4])$")),
    ("quarter-months", re.compile(rf"^{_MONTH}{_DASH}{_MONTH}\s*[-–]?\s*{_YEAR}$")),
    ("year", re.compile(r"^(\d{4})$")),
    ("date-iso", re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")),
    ("date-numeric", re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})$")),
    ("date-words", re.compile(rf"^(\d{{1,2}})(?:st|nd|rd|th)?[\s\-]+{_MONTH}[\s\-,]+{_YEAR}$")),
)
_WEEK = re.compile(r"^(?:week\s+(?:ending|commencing|beginning)|w/[ec]|w[ec]\.?)\s*:?\s*")


def period_key(text: str, value: object = None, number_format: str = "", *,
               month_first: bool = False) -> tuple[str, int] | None:
    """``(kind, ordinal)`` of a period (its kind and when it starts, comparable within a kind),
    or ``None`` when it does not read as a time. ``value``/``number_format``: what an Excel cell
    holds, when it holds a date; ``month_first``: numeric dates are month/day/year (en-US)."""
    if isinstance(value, (datetime, date)):
        return _from_date(value, number_format)
    t = " ".join(str(text).lower().split())
    t = _WEEK.sub("", t)
    for kind, pattern in _PATTERNS:
        m = pattern.match(t)
        if m:
            key = _key(kind, m.groups(), month_first)
            if key:
                return key
    return None


def _from_date(value: date, number_format: str) -> tuple[str, int] | None:
    codes = codes_of((number_format or "").split(";")[0]).lower()
    d = value.date() if isinstance(value, datetime) else value
    if "d" in codes and "m" in codes and "y" not in codes:
        return None  # `22-Mar`: Excel's reading of a typed "Mar 22" (this year's 22 March); its year is a guess
    if "d" not in codes and "m" in codes and "y" in codes:
        return "month", d.year * 12 + d.month - 1
    if "d" not in codes and "m" not in codes and "y" in codes:
        return "year", d.year
    return "date", d.toordinal()


def _year(text: str) -> int:
    text = text.lstrip("'")
    return int(text) + 2000 if len(text) == 2 else int(text)


def _month(name: str) -> int:
    return MONTH_NAMES.index(name[:3]) + 1


def _key(kind: str, g: tuple[str, ...], month_first: bool) -> tuple[str, int] | None:
    if kind == "month":
        return "month", _year(g[1]) * 12 + _month(g[0]) - 1
    if kind == "month-iso":
        year, month = int(g[0]), int(g[1])
        return ("month", year * 12 + month - 1) if 1 <= month <= 12 else None
    if kind == "month-numeric":
        month, year = int(g[0]), int(g[1])
        return ("month", year * 12 + month - 1) if 1 <= month <= 12 else None
    if kind == "quarter-fy":
        start, end = _year(g[1]), _year(g[2])
        if end % 100 != (start + 1) % 100:
            return None
        return "quarter", start * 12 + 3 + (int(g[0]) - 1) * 3
    if kind == "quarter":
        return "quarter", _year(g[1]) * 12 + (int(g[0]) - 1) * 3
    if kind == "quarter-after":
        return "quarter", int(g[0]) * 12 + (int(g[1]) - 1) * 3
    if kind == "quarter-months":
        first, last = _month(g[0]), _month(g[1])
        if (last - first) % 12 != 2:
            return None
        year = _year(g[2]) - (1 if last < first else 0)  # Nov-Jan 23 starts in November 2022
        return "quarter", year * 12 + first - 1
    if kind == "fy":
        start, end = _year(g[0]), _year(g[1])
        if end % 100 != (start + 1) % 100 or (len(g[0]) == 2 and len(g[1]) == 4):
            return None
        return "financial year", start
    if kind == "year":
        year = int(g[0])
        return ("year", year) if 1900 <= year <= 2200 else None
    if kind == "date-iso":
        return _date_key(int(g[0]), int(g[1]), int(g[2]))
    if kind == "date-numeric":
        first, second = int(g[0]), int(g[1])
        day, month = (second, first) if month_first else (first, second)
        return _date_key(_year(g[2]), month, day)
    if kind == "date-words":
        return _date_key(_year(g[2]), _month(g[1]), int(g[0]))
    return None


def _date_key(year: int, month: int, day: int) -> tuple[str, int] | None:
    try:
        return "date", date(year, month, day).toordinal()
    except ValueError:
        return None


def time_order(keys: list[tuple[str, int] | None]) -> list[int] | None:
    """The positions of ``keys`` in time order (stable), or ``None`` when they are not all times
    of one kind (then the rows' order stands)."""
    if not keys or any(k is None for k in keys) or len({k[0] for k in keys if k}) != 1:
        return None
    return sorted(range(len(keys)), key=lambda i: keys[i][1])  # type: ignore[index]
