"""A cell's value as Excel shows it, from the cell's number format.

The digits, grouping, rounding, percent scaling and literal affixes are done by Babel
(``babel.numbers.format_decimal``, CLDR number patterns, which Excel's number codes closely
follow); this module translates one Excel format section into a Babel pattern, chooses the
section (positive; negative; zero; text; or by condition, ``[>=1000]0.0,"k";0``), and handles
what CLDR patterns lack: Excel's ``General`` (at most 11 characters, exponent only when needed:
``0.00001``, ``1E+16``), quoted text, ``\\x`` escapes, ``[$£-809]`` currency tags, ``_x``
spacers, ``*x`` fills, thousands scaling (``#,##0,``) and fractions (``# ?/?``, ``# ?/8``).
Dates, times and durations are shown from their serial number by :mod:`.excel_dates`.
Rounding is half away from zero, as in Excel. English (en-GB) separators are used.
"""
from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from functools import lru_cache

from .excel_codes import codes_of, literal_text, sections, tokens
from .excel_dates import DEFAULT_LOCALE, LOCALE_BUILTINS, format_serial, is_date_section, locale_code, serial

LOCALE = "en_GB"  # separators and grouping of numbers
_NUMBER_CODE = re.compile(r"[0#?.,%@]")
_CONDITION = re.compile(r"\[(=|>=?|<[>=]?)\s*(-?\d+(?:\.\d*)?)\]")
_FRACTION = re.compile(r"^(?:([#0?,]+)\s+)?([#0?]+)\s*/\s*([#0?]+|\d+)$")


def format_value(value: object, number_format: str | None, *, builtin: int | None = None,
                 locale: str = DEFAULT_LOCALE) -> str:
    """``value`` (a number, date, time, duration, bool or text) as Excel shows it under
    ``number_format``; ``builtin`` is the cell's built-in format id (14, 22: the short date, shown
    in ``locale``, a Babel locale name)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    fmt = (number_format or "General").strip() or "General"
    if isinstance(value, (datetime, date, time, timedelta)):
        section = choose_section(fmt, 1.0)[0]
        if not is_date_section(section) and builtin is None:
            return _date_in_general(value)
        return format_serial(serial(value), locale_code(builtin, section, locale))
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            return str(value)
        return format_number(value, fmt, builtin=builtin, locale=locale)
    return str(value)


def _date_in_general(value: datetime | date | time | timedelta) -> str:
    if isinstance(value, datetime):
        return value.strftime("%d %b %Y") if value.time() == time(0) else value.strftime("%d %b %Y %H:%M")
    return str(value) if isinstance(value, timedelta) else value.isoformat()


@lru_cache(maxsize=512)
def is_percent(fmt: str | None) -> bool:
    """Whether the (first section of the) format shows the value as a percentage."""
    return "%" in codes_of(sections(fmt or "General")[0])


@lru_cache(maxsize=512)
def is_date_format(fmt: str | None) -> bool:
    """Whether the (first section of the) format shows a date, a time or a duration."""
    return is_date_section(sections(fmt or "General")[0])


@lru_cache(maxsize=512)
def has_day_without_year(fmt: str | None) -> bool:
    """A date format showing a day and month but no year, such as ``d-mmm`` (what Excel gives a
    typed "Mar 22")."""
    codes = codes_of(sections(fmt or "General")[0]).lower()
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



def choose_section(fmt: str, value: float) -> tuple[str, bool]:
    """The section of ``fmt`` that shows ``value``, and whether the value is shown without its
    sign (the negative section of a format without conditions shows its own sign, if any).

    Without conditions: positive; negative; zero (a missing section falls back to the first).
    With conditions (``[>=1000]0.0,"k";[<0]-0;0``), as Excel: the first section when its condition
    holds, else the second when its condition holds, else the third (or the second, when only the
    first has a condition). A section chosen by condition keeps the value's sign unless its
    condition admits only negative numbers."""
    parts = [p for p in sections(fmt)]
    if len(parts) > 1 and "@" in codes_of(parts[-1]) and len(parts) < 4:
        parts = parts[:-1]  # a text section
    parts = parts[:3] or ["General"]
    first = _CONDITION.search(parts[0])
    second = _CONDITION.search(parts[1]) if len(parts) > 1 else None
    if first or second:
        if _holds(value, first):
            return parts[0], _negative_only(first)
        if len(parts) > 1 and _holds(value, second):
            return parts[1], _negative_only(second)
        index = 2 if first and second else 1
        if index < len(parts):
            return parts[index], False
        return (parts[0] if not first else "General"), False
    if value < 0 and len(parts) > 1:
        return parts[1], True
    if value == 0 and len(parts) > 2:
        return parts[2], False
    return parts[0], False


def _holds(value: float, condition: re.Match | None) -> bool:
    if condition is None:
        return False
    op, limit = condition.group(1), float(condition.group(2))
    return {"=": value == limit, ">": value > limit, ">=": value >= limit, "<": value < limit,
            "<=": value <= limit, "<>": value != limit}[op]


def _negative_only(condition: re.Match | None) -> bool:
    """Whether a condition admits negative numbers only (``[<0]``, ``[<=-1]``): its section then
    writes its own sign, as the negative section does."""
    if condition is None:
        return False
    op, limit = condition.group(1), float(condition.group(2))
    return (op == "<" and limit <= 0) or (op == "<=" and limit < 0)


def format_number(value: float | int, fmt: str, *, builtin: int | None = None,
                  locale: str = DEFAULT_LOCALE) -> str:
    """A number under a number format, as Excel shows it."""
    section, unsigned = choose_section(fmt, value)
    if not section.strip() and len(sections(fmt)) > 1:
        return ""  # an empty section hides the value (`0;-0;;@` shows nothing for zero; `;;;` hides all)
    sign = ""
    if value < 0 and not unsigned:
        sign, value = "-", -value
    elif unsigned:
        value = -value if value < 0 else value
    if _is_date(section, builtin):
        return sign + format_serial(value, locale_code(builtin, section, locale))
    codes = codes_of(section)
    if codes.strip().lower() in ("general", ""):
        literal = literal_text(section)
        text = literal.replace("General", general(value)) if "General" in literal else (literal or general(value))
        return sign + text if text != "0" else text
    if not re.search(r"[0#?]", codes):  # a text format (@) shows a number as General; words as written
        return sign + general(value) if "@" in codes else literal_text(section)
    fraction = _FRACTION.match(codes.strip())
    if fraction:
        text = format_fraction(value, fraction)
        prefix, suffix = _affixes(section)
        return (sign if text.strip("0 ") else "") + prefix + text + suffix
    scientific = re.search(r"([0#?]+)(?:\.([0#?]+))?[eE]([+-])([0#]+)", codes)
    if scientific:
        decimals = len(scientific.group(2) or "")
        mantissa, exponent = f"{Decimal(repr(value)):.{decimals}E}".split("E") if value else (
            f"{0:.{decimals}f}", "0")
        esign = "-" if int(exponent) < 0 else ("+" if scientific.group(3) == "+" else "")
        return f"{sign}{mantissa}E{esign}{abs(int(exponent)):0{len(scientific.group(4))}d}"
    pattern, scale = _pattern(section)
    if not re.search(r"[0#]", pattern):  # only literals (e.g. "-" for zero): shown as written
        return pattern.replace("''", "\0").replace("'", "").replace("\0", "'")
    if "0" not in codes and _rounds_to_zero(value / scale, codes):  # `"-"??`, `#`: no digit for nothing
        prefix, suffix = _affixes(section)
        return (prefix + suffix).strip() or ""
    try:
        text = _babel_format(value / scale, pattern)
    except (ValueError, ArithmeticError):  # a pattern CLDR cannot express: shown as General
        return sign + general(value)
    return sign + text


def _rounds_to_zero(value: float, codes: str) -> bool:
    """Whether ``value`` shows as zero at the decimals the codes give (``#.##``: two)."""
    decimals = len(re.search(r"\.([#?0]*)", codes).group(1)) if "." in codes else 0
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP) == 0


def _is_date(section: str, builtin: int | None) -> bool:
    return builtin in LOCALE_BUILTINS or is_date_section(section)


def format_fraction(value: float, match: re.Match) -> str:
    """A non-negative ``value`` as a fraction: ``# ?/?`` (0.75 → ``3/4``, 1.5 → ``1 1/2``), ``?/?``
    (improper: ``3/2``), ``# ?/8`` (eighths); the closest fraction with at most as many
    denominator digits as the format gives, as Excel chooses it."""
    whole_code, _, denominator = match.groups()
    exact = Fraction(Decimal(repr(value)))
    whole = math.floor(exact) if whole_code else 0
    rest = exact - whole
    if denominator.isdigit():
        den = int(denominator) or 1
        num_den = (math.floor(rest * den + Fraction(1, 2)), den)
    else:
        part = rest.limit_denominator(10 ** len(denominator) - 1)
        num_den = (part.numerator, part.denominator)
    if whole_code and num_den[0] and num_den[0] == num_den[1]:
        whole, num_den = whole + 1, (0, num_den[1])
    if not whole_code:
        return f"{num_den[0]}/{num_den[1]}"
    if num_den[0] == 0:
        return str(whole)
    return (f"{whole} " if whole or "0" in whole_code else "") + f"{num_den[0]}/{num_den[1]}"


def _affixes(section: str) -> tuple[str, str]:
    """Literal text before the first and after the last number code of a section."""
    parts = tokens(section, re.compile(r"[0-9#?/,%@]"))
    codes = [i for i, (k, t) in enumerate(parts) if k == "code"]
    if not codes:
        return "", ""
    def text(items: list[tuple[str, str]]) -> str:
        return "".join(t for k, t in items if k == "literal")

    return text(parts[:codes[0]]), text(parts[codes[-1] + 1:])



@lru_cache(maxsize=256)
def _pattern(section: str) -> tuple[str, int]:
    """A CLDR pattern for one Excel section, and the thousands scaling (``#,##0,`` → 1000)."""
    out: list[str] = []
    literal: list[str] = []

    def flush() -> None:
        if literal:
            out.append("'" + "".join(literal).replace("'", "''") + "'")
            literal.clear()

    for kind, text in tokens(section, _NUMBER_CODE):
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
    from babel.numbers import format_decimal

    with localcontext() as ctx:
        ctx.rounding = ROUND_HALF_UP  # Excel rounds halves away from zero
        return format_decimal(Decimal(repr(value)), format=pattern, locale=LOCALE)
