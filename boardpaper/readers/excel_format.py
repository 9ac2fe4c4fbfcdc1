"""A cell's value as Excel shows it, from the cell's number format.

The digits, grouping, rounding, percent scaling and literal affixes are done by Babel
(``babel.numbers.format_decimal``, CLDR number patterns, which Excel's number codes closely
follow); this module only translates one Excel format section into a Babel pattern, chooses the
section (positive; negative; zero; text), and handles what CLDR patterns lack: Excel's
``General`` (at most 11 characters, exponent only when needed: ``0.00001``, ``1E+16``), quoted
text, ``\\x`` escapes, ``[$£-809]`` currency tags, ``_x`` spacers, ``*x`` fills, thousands
scaling (``#,##0,``) and date codes (``d-mmm``, ``mmm-yy``, ``dd/mm/yyyy``). Rounding is half away
from zero, as in Excel. English (en-GB) month names and separators are used.
"""
from __future__ import annotations

import math
import re
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import lru_cache

LOCALE = "en_GB"
_DATE_CODE = re.compile(r"(?i)(yyyy|yy|mmmmm|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|am/pm|a/p)")
_BRACKETS = re.compile(r"\[[^\]]*\]")
_NUMBER_CODE = re.compile(r"[0#?.,%@]")


def format_value(value: object, number_format: str | None) -> str:
    """``value`` (a number, date, time, bool or text) as Excel shows it under ``number_format``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    fmt = (number_format or "General").strip() or "General"
    if isinstance(value, (datetime, date, time)):
        return format_date(value, fmt)
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            return str(value)
        return format_number(value, fmt)
    return str(value)


@lru_cache(maxsize=512)
def sections(fmt: str) -> tuple[str, ...]:
    """The ``;``-separated sections of a format, ignoring ``;`` inside quotes or after ``\\``."""
    out, cur, quoted, escaped = [], [], False, False
    for ch in fmt:
        if escaped:
            cur.append(ch)
            escaped = False
        elif ch == "\\":
            cur.append(ch)
            escaped = True
        elif ch == '"':
            quoted = not quoted
            cur.append(ch)
        elif ch == ";" and not quoted:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return tuple(out)


def _unquoted(section: str) -> str:
    """The section without quoted text, escaped characters and ``[...]`` tags: the codes only."""
    return _BRACKETS.sub("", re.sub(r'"[^"]*"|\\.|_.|\*.', "", section))


@lru_cache(maxsize=512)
def is_percent(fmt: str | None) -> bool:
    """Whether the (first section of the) format shows the value as a percentage."""
    return "%" in _unquoted(sections(fmt or "General")[0])


@lru_cache(maxsize=512)
def is_date_format(fmt: str | None) -> bool:
    codes = _unquoted(sections(fmt or "General")[0]).lower()
    return codes != "general" and bool(re.search(r"[dmyhs]", codes.replace("general", "")))


@lru_cache(maxsize=512)
def has_day_without_year(fmt: str | None) -> bool:
    """A date format showing a day and month but no year, such as ``d-mmm`` (what Excel gives a
    typed "Mar 22")."""
    codes = _unquoted(sections(fmt or "General")[0]).lower()
    return "d" in codes and "m" in codes and "y" not in codes


def general(value: float | int) -> str:
    """Excel's ``General``: the value in at most 11 characters, in exponent form only when fixed
    notation cannot show it (``0.00001``, ``0.333333333``, ``12345678901``, ``1E+16``)."""
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        if abs(value) < 1e11:
            return str(int(value))
    if value == 0:
        return "0"
    a = abs(value)
    if 1e-9 <= a < 1e11:
        int_digits = max(1, math.floor(math.log10(a)) + 1)
        decimals = max(0, 11 - int_digits - 1 - (value < 0))
        text = _round_fixed(value, decimals)
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        if text not in ("0", "-0"):
            return text
    mantissa, exponent = f"{Decimal(repr(value)):.5E}".split("E")
    mantissa = mantissa.rstrip("0").rstrip(".") if "." in mantissa else mantissa
    sign = "-" if int(exponent) < 0 else "+"
    return f"{mantissa}E{sign}{abs(int(exponent)):02d}"


def _round_fixed(value: float | int, decimals: int) -> str:
    with localcontext() as ctx:
        ctx.rounding = ROUND_HALF_UP
        return f"{Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals)):f}"


def format_number(value: float | int, fmt: str) -> str:
    parts = sections(fmt)
    section = parts[0]
    negative_section = len(parts) > 1 and value < 0
    if negative_section:
        section, value = parts[1], -value
    elif value == 0 and len(parts) > 2:
        section = parts[2]
    if _unquoted(section).strip().lower() in ("general", ""):
        literal = _literal_text(section)
        return literal.replace("General", general(value)) if "General" in literal else (literal or general(value))
    codes = _unquoted(section)
    if is_date_format(section) or "/" in codes or not re.search(r"[0#?]", codes):
        return general(value)  # durations, fractions, text (@): shown as General
    scientific = re.search(r"([0#?]+)(?:\.([0#?]+))?[eE]([+-])([0#]+)", codes)
    if scientific:
        decimals = len(scientific.group(2) or "")
        mantissa, exponent = f"{Decimal(repr(value)):.{decimals}E}".split("E")
        sign = "-" if int(exponent) < 0 else ("+" if scientific.group(3) == "+" else "")
        return f"{mantissa}E{sign}{abs(int(exponent)):0{len(scientific.group(4))}d}"
    pattern, scale = _pattern(section)
    if not re.search(r"[0#]", pattern):  # only literals (e.g. "-" for zero): shown as written
        return pattern.replace("''", "\0").replace("'", "").replace("\0", "'")
    try:
        return _babel_format(value / scale, pattern)
    except (ValueError, ArithmeticError):  # a pattern CLDR cannot express: shown as General
        return general(value)


@lru_cache(maxsize=256)
def _pattern(section: str) -> tuple[str, int]:
    """A CLDR pattern for one Excel section, and the thousands scaling (``#,##0,`` → 1000)."""
    out: list[str] = []
    literal: list[str] = []

    def flush() -> None:
        if literal:
            out.append("'" + "".join(literal).replace("'", "''") + "'")
            literal.clear()

    for kind, text in _tokens(section, _NUMBER_CODE):
        if kind == "tag":
            if text.startswith("$"):  # [$£-809]: a currency symbol and a locale
                literal.append(text[1:].split("-")[0])
        elif kind == "literal":
            literal.append(text)
        elif text != "@":  # text placeholder: nothing in a number
            flush()
            out.append("#" if text == "?" else text)
    flush()
    pattern = "".join(out)
    scale = 1
    number = re.search(r"[0#][0#,.]*", pattern)
    if number and number.group().endswith(","):  # trailing commas divide by a thousand each
        commas = len(number.group()) - len(number.group().rstrip(","))
        scale = 1000 ** commas
        pattern = pattern[:number.end() - commas] + pattern[number.end():]
    return pattern, scale


def _babel_format(value: float | int, pattern: str) -> str:
    from babel.numbers import format_decimal  # lazy: babel loads only for a cell with a number format

    with localcontext() as ctx:
        ctx.rounding = ROUND_HALF_UP  # Excel rounds halves away from zero
        return format_decimal(Decimal(repr(value)), format=pattern, locale=LOCALE)


def _literal_text(section: str) -> str:
    return re.sub(r'"([^"]*)"|\\(.)', lambda m: m.group(1) if m.group(1) is not None else m.group(2),
                  _BRACKETS.sub("", section))


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def format_date(value: datetime | date | time, fmt: str) -> str:
    """A date or time under an Excel date format; ``General`` or a number format gives ``22 Mar 2026``."""
    section = sections(fmt)[0]
    if not is_date_format(section):
        if isinstance(value, datetime):
            return value.strftime("%d %b %Y") if value.time() == time(0) else value.strftime("%d %b %Y %H:%M")
        return value.isoformat()
    d = value if isinstance(value, (datetime, date)) else None
    t = value if isinstance(value, time) else (value.time() if isinstance(value, datetime) else time(0))
    has_ampm = bool(re.search(r"(?i)am/pm|a/p", _unquoted(section)))
    out: list[str] = []
    tokens = _date_tokens(section)
    for index, (kind, text) in enumerate(tokens):
        if kind == "literal":
            out.append(text)
            continue
        code = text.lower()
        if code.startswith("m") and len(code) <= 2 and _is_minute(tokens, index):
            out.append(f"{t.minute:0{len(code)}d}")
        elif code.startswith("y") and d:
            out.append(f"{d.year:04d}" if len(code) > 2 else f"{d.year % 100:02d}")
        elif code.startswith("m") and d:
            out.append({1: str(d.month), 2: f"{d.month:02d}", 3: MONTHS[d.month - 1][:3],
                        4: MONTHS[d.month - 1]}.get(len(code), MONTHS[d.month - 1][0]))
        elif code.startswith("d") and d:
            out.append({1: str(d.day), 2: f"{d.day:02d}", 3: DAYS[d.weekday()][:3]}.get(len(code),
                                                                                     DAYS[d.weekday()]))
        elif code.startswith("h"):
            hour = (t.hour % 12 or 12) if has_ampm else t.hour
            out.append(f"{hour:0{len(code)}d}")
        elif code.startswith("s"):
            out.append(f"{t.second:0{len(code)}d}")
        elif code in ("am/pm", "a/p"):
            out.append(("AM" if t.hour < 12 else "PM") if code == "am/pm" else ("A" if t.hour < 12 else "P"))
    return "".join(out)


def _tokens(section: str, code: re.Pattern) -> list[tuple[str, str]]:
    """One format section as ``(kind, text)`` tokens, the one place that knows Excel's quoting:
    ``"text"`` and ``\\x`` are ``literal``; ``[...]`` is a ``tag`` (its inside); ``_x`` is a space
    and ``*x`` (fill) nothing, both ``literal``; a match of ``code`` at a position is a ``code``;
    any other character is ``literal``."""
    out: list[tuple[str, str]] = []
    i, n = 0, len(section)
    while i < n:
        ch = section[i]
        if ch == '"':
            j = section.find('"', i + 1)
            j = n if j < 0 else j
            out.append(("literal", section[i + 1:j]))
            i = j + 1
        elif ch == "\\" and i + 1 < n:
            out.append(("literal", section[i + 1]))
            i += 2
        elif ch == "[":
            j = section.find("]", i)
            j = n if j < 0 else j
            out.append(("tag", section[i + 1:j]))
            i = j + 1
        elif ch in "_*" and i + 1 < n:
            out.append(("literal", " " if ch == "_" else ""))
            i += 2
        else:
            m = code.match(section, i)
            if m:
                out.append(("code", m.group()))
                i = m.end()
            else:
                out.append(("literal", ch))
                i += 1
    return out


def _date_tokens(section: str) -> list[tuple[str, str]]:
    return [t for t in _tokens(section, _DATE_CODE) if t[0] != "tag"]


def _is_minute(tokens: list[tuple[str, str]], index: int) -> bool:
    """``m``/``mm`` means minutes right after an hour code or right before a seconds code."""
    codes = [(i, t.lower()) for i, (k, t) in enumerate(tokens) if k == "code"]
    position = [i for i, _ in codes].index(index)
    before = codes[position - 1][1] if position > 0 else ""
    after = codes[position + 1][1] if position + 1 < len(codes) else ""
    return before.startswith("h") or after.startswith("s")
