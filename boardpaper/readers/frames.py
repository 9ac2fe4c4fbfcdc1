"""Raw tables from pandas DataFrames: the same :class:`~.tables.Sheet` values the xlsx and CSV
readers yield, so one check (``workbook.check_sheets``) validates every input.

Each row is named by its label (the DataFrame's index value) instead of a spreadsheet row number,
so a problem reads ``kpis frame, row 'k5', column `polarity```. Cells become the text a spreadsheet
would show (:func:`cell_text`). pandas is imported here, and this module only where DataFrames are
read: the command line never loads it.
"""
from __future__ import annotations

import math
import numbers
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from ..errors import InputError, Problem, RowLabel
from .excel_format import format_value
from .tables import MAX_ROWS, Sheet, normalise
from .workbook import COLUMNS, PaperInput, check_sheets

try:
    import numpy as np
    import pandas as pd
except ImportError as e:  # pragma: no cover - the pandas extra is not installed
    raise ImportError("reading DataFrames needs pandas: pip install 'boardpaper[pandas]'") from e

MONTH = "%b %y"          # "Mar 22", as the sample writes its months
DAY = "%d %b %Y"         # "31 Mar 2022", as the xlsx reader shows dates
PERIOD_COLUMNS = frozenset({"period", "currentperiod", "benchmarkperiod"})


def read_frames(paper, kpis, sources=None, series=None, *, name: str, commentary=None) -> PaperInput:
    """Read and check one paper given as DataFrames; the result is named ``name``.

    Raises :class:`InputError` listing every problem, each naming the frame, the row label and
    the column; :class:`TypeError` when an argument is not a DataFrame (or, for ``paper``, a dict,
    a Series or a list of pairs)."""
    file = _file_label(name)
    problems: list[Problem] = []
    tables = frame_tables(paper, kpis, sources, series, file=file, problems=problems, commentary=commentary)
    with in_frames():
        checked = check_sheets(tables, name=name, file=file, problems=problems)
    checked.warnings = [_in_frame(p) for p in checked.warnings]
    checked.frames = True
    return checked


@contextmanager
def in_frames():
    """Re-raise an :class:`InputError` with its problems about sheets said to be about frames."""
    try:
        yield
    except InputError as e:
        raise InputError([_in_frame(p) for p in e.problems], file=e.file) from None


def frame_tables(paper, kpis, sources=None, series=None, *, file: str,
                 problems: list[Problem] | None = None, commentary=None) -> dict[str, Sheet]:
    """The raw sheets of the given frames, keyed by sheet name; ``None`` frames are absent.
    Problems of a frame's shape (two columns with one name) are added to ``problems``."""
    problems = [] if problems is None else problems
    out = {"paper": _paper_sheet(paper, file, problems)}
    for key, frame in (("kpis", kpis), ("sources", sources), ("series", series), ("commentary", commentary)):
        if frame is None and key != "kpis":
            continue
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"`{key}` must be a pandas DataFrame, not {type(frame).__name__}")
        out[key] = frame_sheet(key, frame, file, problems)
    return out


def frame_sheet(name: str, frame, file: str, problems: list[Problem]) -> Sheet:
    """One DataFrame as a :class:`Sheet`: headers from its columns, rows keyed by :class:`RowLabel`.

    A named index whose name is a column of the contract missing from the columns (as after
    ``set_index("id")``) is read as that column too. Blank rows are skipped, as in a spreadsheet."""
    if len(frame) > MAX_ROWS:
        raise InputError(Problem(f"{len(frame)} rows; the limit is {MAX_ROWS}", file=file, sheet=name,
                                 frame=True))
    columns = [_column_name(c) for c in frame.columns]
    keys = [normalise(c) for c in columns]
    index_name = frame.index.name if frame.index.nlevels == 1 else None
    restore = (index_name is not None and normalise(index_name) not in keys
               and normalise(index_name) in {normalise(k) for k in COLUMNS.get(name, ())})
    if restore:
        columns.insert(0, str(index_name))
        keys.insert(0, normalise(index_name))
    header: dict[str, str] = {}
    for k, typed in zip(keys, columns):
        if k in header:
            problems.append(Problem(f"columns `{header[k]}` and `{typed.strip()}` are the same column (names "
                                    "are compared ignoring case, spaces, hyphens and underscores); keep one",
                                    file, name, None, typed.strip(), frame=True))
        elif k:
            header[k] = typed.strip()
    texts = [_Texts(k in PERIOD_COLUMNS) for k in keys]
    rows = []
    for position, (label, values) in enumerate(zip(frame.index, frame.itertuples(index=False, name=None))):
        if restore:
            values = (label, *values)
        record = {k: t(v) for k, t, v in zip(keys, texts, values) if k}
        if any(v.strip() for v in record.values()):
            rows.append((RowLabel(_plain(label), position), record))
    return Sheet(name, file, header, tuple(rows))


def _paper_sheet(paper, file: str, problems: list[Problem]) -> Sheet:
    """The ``paper`` sheet from a DataFrame (``field``, ``value``), a Series or dict (field →
    value; a list value repeats the field, as ``purpose`` may) or a list of (field, value) pairs."""
    if isinstance(paper, pd.DataFrame):
        return frame_sheet("paper", paper, file, problems)
    if isinstance(paper, (dict, pd.Series)):
        pairs = [(field, field, value) for field, value in paper.items()]
    elif isinstance(paper, (list, tuple)):
        pairs = []
        for position, pair in enumerate(paper):
            if not isinstance(pair, (list, tuple)) or len(pair) != 2:
                raise TypeError(f"`paper` item {position} is not a (field, value) pair: {pair!r}")
            pairs.append((position, *pair))
    else:
        raise TypeError("`paper` must be a DataFrame (columns field, value), a dict or Series of field → "
                        f"value, or a list of (field, value) pairs, not {type(paper).__name__}")
    rows = []
    for label, field, value in pairs:
        for v in (value if isinstance(value, (list, tuple)) else [value]):
            record = {"field": cell_text(field), "value": cell_text(v)}
            if any(t.strip() for t in record.values()):
                rows.append((RowLabel(_plain(label), len(rows)), record))
    return Sheet("paper", file, {"field": "field", "value": "value"}, tuple(rows))


# ---------------------------------------------------------------------------------- cells
class _Texts:
    """:func:`cell_text` for one column, remembering the text of each distinct value (a column
    of periods or dates repeats a few values many times, and formatting them is slow)."""

    def __init__(self, period: bool):
        self.period = period
        self.seen: dict[tuple[type, object], str] = {}

    def __call__(self, value: object) -> str:
        if type(value) is str:
            return value
        key = (type(value), value)  # the type too: True == 1 == 1.0, yet they read differently
        try:
            return self.seen[key]
        except KeyError:
            text = self.seen[key] = cell_text(value, period=self.period)
            return text
        except TypeError:  # unhashable, e.g. a list
            return cell_text(value, period=self.period)


def cell_text(value: object, *, period: bool = False) -> str:
    """What a spreadsheet would show for ``value``, as text.

    Blanks: ``None``, ``NaN``, ``pd.NA``, ``NaT``. Integers as digits; floats to 15 significant
    digits, never in exponent form, integral ones without ``.0`` (``3``, ``0.00001``; a
    ``Decimal`` likewise, without trailing zeros); booleans
    ``TRUE``/``FALSE``; a :class:`pandas.Period` as the span it covers (``Mar 22``, ``Apr-Jun 21``,
    ``2022``, ``2021/22`` for a year from April); dates as ``31 Mar 2022``, or as the month
    (``Mar 22``) in a ``period`` column when they fall on the first or last day of a month; a
    time as ``08:12:37`` and a duration as ``[h]:mm:ss`` shows it (``0:08:13``, ``36:00:00``);
    lists joined with ``; ``; anything else by ``str``."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, float):  # the common case first (np.float64 too): NaN is blank
        return "" if math.isnan(value) else _float_text(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return "; ".join(t for t in (cell_text(v, period=period) for v in value) if t)
    if _is_missing(value):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "TRUE" if value else "FALSE"
    if isinstance(value, np.timedelta64):  # numpy counts it an integer
        return cell_text(pd.Timedelta(value))
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, Decimal):  # as a float is shown: no trailing zeros, no exponent
        return "" if value.is_nan() else format(value.normalize(), "f") if value else "0"
    if isinstance(value, numbers.Real):
        return _float_text(float(value))
    if isinstance(value, pd.Period):
        return _period_text(value)
    if isinstance(value, (datetime, date, np.datetime64)):
        return _date_text(pd.Timestamp(value), period)
    if isinstance(value, (time, timedelta)):  # as Excel shows a time or a duration (rounded to the second)
        return format_value(value, "hh:mm:ss" if isinstance(value, time) else "[h]:mm:ss")
    return str(value)


def _is_missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # array-likes: not a blank cell
        return False


def _float_text(v: float) -> str:
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == 0:
        return "0"  # not "-0"
    text = format(v, ".15g")  # "3" for 3.0, "0.1"; an exponent only when very large or small
    return format(Decimal(text), "f") if "e" in text else text


def _date_text(ts, period: bool) -> str:
    midnight = ts == ts.normalize()
    if period and midnight and (ts.day == 1 or ts.is_month_end):
        return ts.strftime(MONTH)
    return ts.strftime(DAY) if midnight else ts.strftime(f"{DAY} %H:%M")


def _period_text(p) -> str:
    start, end = p.start_time, p.end_time.normalize()
    if start.day == 1 and end.is_month_end and start == start.normalize():
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        if months == 1:
            return start.strftime(MONTH)
        if months == 12:
            return str(start.year) if start.month == 1 else f"{start.year}/{end.strftime('%y')}"
        if start.year == end.year:
            return f"{start.strftime('%b')}-{end.strftime(MONTH)}"
        return f"{start.strftime(MONTH)}-{end.strftime(MONTH)}"
    if start != start.normalize() or (p + 1).start_time - start < pd.Timedelta(days=1):
        return start.strftime(f"{DAY} %H:%M")
    if start == end:
        return start.strftime(DAY)
    return f"{start.strftime(DAY)} – {end.strftime(DAY)}"


# ------------------------------------------------------------------------------- helpers
def _column_name(column: object) -> str:
    if isinstance(column, tuple):  # MultiIndex columns
        return " ".join(str(c) for c in column if str(c))
    return str(column)


def _plain(label: object) -> object:
    """A row label as a plain Python value (``np.int64(3)`` → ``3``), for messages."""
    return label.item() if isinstance(label, np.generic) else label


def _in_frame(p: Problem) -> Problem:
    return replace(p, frame=True) if p.sheet else p


def _file_label(name: object) -> str:
    """How problems name the input; ``name`` becomes the output file name, so it must be plain."""
    if not isinstance(name, str):
        raise TypeError(f"`name` must be a string (the output file name), not {type(name).__name__}")
    bad = (not name.strip() or name in (".", "..") or name.startswith(".")
           or any(ch in name for ch in '/\\:*?"<>|') or any(ord(ch) < 32 for ch in name))
    if bad:
        raise InputError(f"name {name!r} is not a plain file name: it names the outputs "
                         "(<name>.docx, <name>.pdf), so it may not hold folders, : * ? \" < > | or "
                         "start with a dot")
    return f"{name} (DataFrames)"
