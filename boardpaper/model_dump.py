"""The :class:`~boardpaper.model.Document` as plain text, like pandoc's ``native`` format: what the
composer decided, readable and stable, so a change of content shows in a diff before any writer
runs (the golden files under ``tests/compose/snapshots/``).

One value per line, nested blocks indented by two spaces: ``name: value`` for a plain value (strings
quoted as Python writes them, so a line break or a trailing space shows), ``name: Class`` followed by
its fields for a model value, and ``name: [n]`` followed by ``- …`` items for a list (a list of short
plain values stays on one line; a ``(key, value)`` item is written ``- key: value``). Fields left at
their default (empty, ``None``, ``False``) are not written. A problem's ``file`` is written by its
name only, so the text is the same wherever the input lies.
"""
from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import PurePath

from .model import Document

INDENT = "  "
LONG = 40  # a list of plain values with one longer than this is written one item a line


def dump(document: Document) -> str:
    """``document`` as text (ends with a line break)."""
    return "\n".join(_value("Document", document, 0)) + "\n"


def _is_default(f: dataclasses.Field, value) -> bool:
    if f.default is not dataclasses.MISSING:
        return value == f.default
    if f.default_factory is not dataclasses.MISSING:  # type: ignore[misc]
        return value == f.default_factory()  # type: ignore[misc]
    return value in ((), None, "")


def _scalar(value) -> str | None:
    """The one-line form of a plain value, or ``None`` for one that needs a block."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, float):
        return repr(round(value, 6))
    if value is None or isinstance(value, (str, int, bool)):
        return repr(value)
    if isinstance(value, tuple) and all(_scalar(v) is not None for v in value):
        return "(" + ", ".join(_scalar(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    return None


def _value(name: str, value, depth: int) -> list[str]:
    """The lines of one field (``name`` ``-`` for an item of a list)."""
    pad = INDENT * depth
    head = f"{pad}- " if name == "-" else f"{pad}{name}: "
    if name == "file" and isinstance(value, str) and value:  # where the input lies is no content
        value = PurePath(value).name
    one = _scalar(value)
    if name == "-" and isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str) \
            and _scalar(value[1]) is not None:  # a (key, value) pair
        return [f"{pad}- {value[0]}: {_scalar(value[1])}"]
    if one is not None and (name == "-" or not (isinstance(value, tuple) and len(value) > 1
                                                and any(len(_scalar(v)) > LONG for v in value))):
        return [head + one]
    if dataclasses.is_dataclass(value):
        out = [f"{pad}{name}" if name == type(value).__name__ else head + type(value).__name__]
        for f in dataclasses.fields(value):
            v = getattr(value, f.name)
            if not _is_default(f, v):
                out += _value(f.name, v, depth + 1)
        return out
    if isinstance(value, dict):
        value = tuple(sorted(value.items()))
    if isinstance(value, (tuple, list)):
        out = [f"{head}[{len(value)}]"]
        for item in value:
            out += _value("-", item, depth + 1)
        return out
    return [head + repr(value)]
