"""Unknown keys in a layout file, named with the closest valid one.

A schema is nested as the TOML is: a ``dict`` is a table (its keys the keys it accepts), a
``list`` holding one dict is an array of tables, ``None`` a plain value; the key :data:`ANY`
stands for names the author chooses (section titles). :mod:`boardpaper.layout` builds the schema
from its dataclasses and defaults (:func:`boardpaper.layout.layout_schema`), so a new key is
accepted as soon as it has a default.
"""
from __future__ import annotations

import difflib
import json
import re

ANY = "*"
_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


def _name(key: str) -> str:
    return key if _BARE.match(key) else json.dumps(key, ensure_ascii=False)


def closest(word: str, options) -> str | None:
    """The valid name nearest ``word`` (difflib, case folded), or ``None`` when none is near."""
    options = [o for o in options if o != ANY]
    folded = {o.casefold(): o for o in options}
    hit = difflib.get_close_matches(word.casefold(), list(folded), n=1, cutoff=0.6)
    return folded[hit[0]] if hit else None


def unknown_keys(raw: dict, schema: dict, where: str = "", shown: str = "") -> list[str]:
    """One message per key of ``raw`` (a TOML document or table) that ``schema`` does not
    accept, at every nesting level, each naming the key, where it is and the closest valid key
    (or every valid key when none is close). ``where`` is the dotted path of ``raw``, ``shown``
    how the message names it (``[[columns]] 2`` for an array's second table)."""
    out: list[str] = []
    for key, value in raw.items():
        spec = schema[key] if key in schema else schema.get(ANY, KeyError)
        path = f"{where}.{_name(key)}" if where else _name(key)
        if spec is KeyError:
            out.append(_unknown(key, value, schema, where, shown or f"[{where}]"))
        elif isinstance(spec, dict) and isinstance(value, dict):
            out += unknown_keys(value, spec, path)
        elif isinstance(spec, list) and isinstance(value, list):
            for i, item in enumerate(value, start=1):
                if isinstance(item, dict):
                    out += unknown_keys(item, spec[0], path, f"[[{path}]] {i}")
    return out


def _unknown(key: str, value, schema: dict, where: str, shown: str) -> str:
    tables = [k for k, v in schema.items() if isinstance(v, (dict, list)) and k != ANY]
    values = [k for k, v in schema.items() if v is None and k != ANY]
    is_table = isinstance(value, dict) or (isinstance(value, list) and value and all(isinstance(v, dict) for v in value))
    near = closest(key, tables if is_table else values) or closest(key, tables + values)
    if is_table and not where:
        what = f"unknown table [{_name(key)}]"
    elif is_table:
        what = f"unknown table [{where}.{_name(key)}]"
    else:
        what = f"unknown key `{_name(key)}`" + (f" in {shown}" if where else "")
    if near:
        shown = f"[{where + '.' if where else ''}{_name(near)}]" if near in tables else f"`{_name(near)}`"
        return f"{what}: did you mean {shown}?"
    valid = ", ".join(_name(k) for k in schema if k != ANY)
    return f"{what}: not one of {valid}"


__all__ = ["ANY", "closest", "unknown_keys"]
