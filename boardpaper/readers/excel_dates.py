"""Dates, times and durations as Excel shows them, from the cell's serial number.

Excel stores a date or a time as a serial number of days (1 = 1 January 1900, the fraction is
the time of day) and formats that number; this module does the same, so ``[h]:mm:ss`` of
0:08:12.6 shows ``0:08:13``, ``[h]:mm`` of 1.5 days ``36:00`` and ``mm:ss`` ``08:13``:

- the serial is first rounded to the smallest unit the format shows below a second (``ss.0``:
  tenths), else to the whole second, carrying into minutes, hours and days; larger units are then
  truncated, never rounded (``h:mm`` of 0:08:40 is ``0:08``), as Excel does;
- ``[h]``, ``[m]``, ``[s]`` show elapsed time (hours past 24, minutes past 60, ...);
- ``m``/``mm`` right after an hour or right before a second code is minutes, else months;
- the built-in "short date" (numFmtId 14; 22 with a time) and the system date and time tags
  (``[$-F800]``, ``[$-x-sysdate]``, ``[$-F400]``, ``[$-x-systime]``) are shown in the workbook's
  locale, as Excel shows them on the reader's machine: ``31/03/2024`` in en-GB (the default),
  ``3/31/2024`` in en-US (CLDR date patterns, through Babel).

Month and day names are English.
"""
from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from .excel_codes import codes_of, tokens

DEFAULT_LOCALE = "en_GB"
SHORT_DATE, SHORT_DATE_TIME = 14, 22  # built-in number formats Excel shows in the machine's locale
LOCALE_BUILTINS = frozenset({SHORT_DATE, SHORT_DATE_TIME})
_SYSTEM_DATE = re.compile(r"(?i)\[\$-(?:F800|x-sysdate)\]")
_SYSTEM_TIME = re.compile(r"(?i)\[\$-(?:F400|x-systime)\]")
SYSTEM_TAG = re.compile(r"(?i)\[\$-(?:F800|x-sysdate|F400|x-systime)\]")  # shown in the reader's locale
_ELAPSED = re.compile(r"(?i)^(h+|m+|s+)$")
DATE_CODE = re.compile(r"(?i)(yyyy|yy|e|mmmmm|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|am/pm|a/p|\.0+)")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_EPOCH = datetime(1899, 12, 30)  # serial 0 in the 1900 date system (valid from 1 March 1900)


def babel_locale(language: str | None) -> str:
    """A paper's ``language`` tag (``en-GB``, ``en-US``, ``cy``) as a Babel locale name; the
    default (``en_GB``) when it is blank, plain ``en``, or unknown to Babel."""
    tag = (language or "").strip().replace("-", "_")
    if not tag or tag.lower() in ("en", DEFAULT_LOCALE.lower()):  # bare "en": British, not CLDR's American
        return DEFAULT_LOCALE
    from babel import Locale, UnknownLocaleError  # here: babel loads locale data, only for a paper not in en-GB

    try:
        return str(Locale.parse(tag))
    except (ValueError, TypeError, UnknownLocaleError):
        return DEFAULT_LOCALE


def serial(value: datetime | date | time | timedelta) -> float:
    """A date, time or duration as Excel's serial number of days (1900 date system)."""
    if isinstance(value, timedelta):
        return value.total_seconds() / 86400
    if isinstance(value, time):
        return (value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6) / 86400
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    return (value.replace(tzinfo=None) - _EPOCH).total_seconds() / 86400


@lru_cache(maxsize=64)
def locale_code(builtin: int | None, section: str, locale: str = DEFAULT_LOCALE) -> str:
    """The Excel code a section stands for in ``locale``: the built-in short date (numFmtId 14,
    22) or a system date or time tag becomes the locale's own pattern; any other section is
    returned as it is."""
    from babel.dates import get_date_format, get_time_format  # here: only for the short date and system tags

    if builtin == SHORT_DATE:
        return _excel_code(get_date_format("short", locale).pattern, four_digit_year=True)
    if builtin == SHORT_DATE_TIME:
        return (_excel_code(get_date_format("short", locale).pattern, four_digit_year=True) + " "
                + _excel_code(get_time_format("short", locale).pattern))
    if _SYSTEM_DATE.search(section):
        return _excel_code(get_date_format("full" if locale.startswith("en_US") else "long", locale).pattern)
    if _SYSTEM_TIME.search(section):
        return _excel_code(get_time_format("medium", locale).pattern)
    return section


def _excel_code(cldr: str, four_digit_year: bool = False) -> str:
    """A CLDR date pattern (``dd/MM/y``, ``h:mm a``) as an Excel date code (``dd/mm/yyyy``,
    ``h:mm AM/PM``); literal text is quoted."""
    out = []
    for m in re.finditer(r"'([^']*)'|([GyYMLdEecaHhKkms])\2*|(.)", cldr):
        quoted, letter, other = m.group(1), m.group(2), m.group(3)
        run = m.group()
        if quoted is not None:
            out.append(f'"{quoted}"' if quoted else '"\'"')
        elif other is not None:
            out.append(other if other in " /-.,:" else f'"{other}"')
        elif letter in "yY":
            out.append("yyyy" if four_digit_year or len(run) != 2 else "yy")
        elif letter in "ML":
            out.append("m" * min(len(run), 4))
        elif letter == "d":
            out.append("d" * min(len(run), 2))
        elif letter in "Eec":
            out.append("dddd" if len(run) >= 4 else "ddd")
        elif letter in "HhKk":
            out.append("h" * min(len(run), 2))
        elif letter == "m":
            out.append("mm")
        elif letter == "s":
            out.append("ss")
        elif letter == "a":
            out.append("AM/PM")
    return "".join(out)


def is_date_section(section: str) -> bool:
    """Whether one format section shows a date, a time or a duration."""
    codes = codes_of(section).lower().replace("general", "")
    return bool(re.search(r"[dmyhse]", codes.replace("e+", "").replace("e-", ""))) or bool(
        re.search(r"(?i)\[(h+|m+|s+)\]", section)) or bool(_SYSTEM_DATE.search(section) or _SYSTEM_TIME.search(section))


def format_serial(days: float, section: str) -> str:
    """The serial number ``days`` under one date, time or duration section, as Excel shows it."""
    if not math.isfinite(days):
        return str(days)
    negative = days < 0
    tokens_ = [t for t in tokens(section, DATE_CODE) if t[0] != "tag" or _ELAPSED.match(t[1])]
    decimals = max((len(t[1]) - 1 for t in tokens_ if t[0] == "code" and t[1].startswith(".")), default=0)
    decimals = min(decimals, 3)
    unit = Decimal(1).scaleb(-decimals)
    seconds = (Decimal(repr(abs(days))) * 86400).quantize(unit, rounding=ROUND_HALF_UP)
    whole = int(seconds)
    fraction = seconds - whole
    day, rest = divmod(whole, 86400)
    hour, rest = divmod(rest, 3600)
    minute, second = divmod(rest, 60)
    when = (_EPOCH + timedelta(days=day)) if day < 3_000_000 else None
    ampm = any(t[0] == "code" and t[1].lower() in ("am/pm", "a/p") for t in tokens_)
    out: list[str] = []
    for index, (kind, text) in enumerate(tokens_):
        code = text.lower()
        if kind == "literal":
            out.append(text)
        elif kind == "tag":  # [h], [mm], [ss]: elapsed time
            total = {"h": whole // 3600, "m": whole // 60, "s": whole}[code[0]]
            out.append(f"{total:0{len(code)}d}")
        elif code.startswith("."):
            digits = f"{fraction:.{decimals}f}"[2:]
            out.append("." + digits[:len(code) - 1].ljust(len(code) - 1, "0"))
        elif code.startswith("m") and len(code) <= 2 and _is_minute(tokens_, index):
            out.append(f"{minute:0{len(code)}d}")
        elif code.startswith("h"):
            shown = (hour % 12 or 12) if ampm else hour
            out.append(f"{shown:0{len(code)}d}")
        elif code.startswith("s"):
            out.append(f"{second:0{len(code)}d}")
        elif code in ("am/pm", "a/p"):
            out.append(("AM" if hour < 12 else "PM") if code == "am/pm" else ("A" if hour < 12 else "P"))
        elif when is None:
            out.append("#")
        elif code.startswith("y") or code == "e":
            out.append(f"{when.year:04d}" if len(code) > 2 or code == "e" else f"{when.year % 100:02d}")
        elif code.startswith("m"):
            name = MONTHS[when.month - 1]
            out.append({1: str(when.month), 2: f"{when.month:02d}", 3: name[:3], 4: name}.get(len(code), name[0]))
        elif code.startswith("d"):
            out.append({1: str(when.day), 2: f"{when.day:02d}", 3: DAYS[when.weekday()][:3]}.get(
                len(code), DAYS[when.weekday()]))
    return ("-" if negative and whole else "") + "".join(out)


def _is_minute(tokens_: list[tuple[str, str]], index: int) -> bool:
    """``m``/``mm`` means minutes right after an hour code or right before a seconds code."""
    codes = [(i, t.lower()) for i, (k, t) in enumerate(tokens_) if k in ("code", "tag") and not t.startswith(".")]
    position = [i for i, _ in codes].index(index)
    before = codes[position - 1][1] if position > 0 else ""
    after = codes[position + 1][1] if position + 1 < len(codes) else ""
    return before.startswith("h") or after.startswith("s")


@lru_cache(maxsize=16)
def month_first(locale: str) -> bool:
    """Whether ``locale`` writes a numeric date month first (en-US: ``3/31/2024``)."""
    if locale == DEFAULT_LOCALE:
        return False
    from babel.dates import get_date_format  # here: only for a paper not in en-GB

    pattern = get_date_format("short", locale).pattern
    letters = [ch for ch in pattern if ch in "dMLy"]
    return bool(letters) and letters[0] in "ML"
