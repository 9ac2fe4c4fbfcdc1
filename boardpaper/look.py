"""The layout tables that decide how every edition looks (:class:`~boardpaper.model.Look`):
``[furniture] header_align``, ``[cover]``, ``[contents]``, ``[spacing]`` and ``[footnotes]``.
Each bad key is reported at once, naming it."""
from __future__ import annotations

import re

from .errors import Problem
from .model import Look

ALIGNS = ("left", "center", "right")
LEADERS = ("dots", "none")
COVER_ROLES = ("reference", "meeting", "plan_priority", "presented_by", "purpose")
TABLES = {
    "cover": {"size": "size", "bold": "roles"},
    "contents": {"size": "size", "leader": LEADERS, "bold": "bool", "colour": "colour"},
    "spacing": {"title_before": "number", "title_after": "number", "heading_before": "number",
                "heading_after": "number", "rule": "number"},
    "footnotes": {"url": "bool"},
}


def look_from(raw: dict, colours: dict[str, str], font_size: float, file: str = "") -> tuple[Look, list[Problem]]:
    """The look a layout file's ``raw`` tables ask for, and a problem per bad key. Sizes default to
    the body size; ``[contents] colour`` is a colour name of ``[colours]`` (``link``, ``text``,
    ``heading``, …) or ``RRGGBB``."""
    problems: list[Problem] = []
    got: dict[str, dict] = {}
    for table, keys in TABLES.items():
        values = raw.get(table, {})
        if not isinstance(values, dict):
            problems.append(Problem(f"[{table}] must be a table", file=file))
            continue
        got[table] = {}
        for key, value in values.items():
            kind = keys.get(key)
            bad = _bad(kind, value, colours)
            if kind is None:
                problems.append(Problem(f"[{table}] key `{key}` is not one of {', '.join(keys)}", file=file))
            elif bad:
                problems.append(Problem(f"[{table}] `{key}` = {value!r} {bad}", file=file))
            else:
                got[table][key] = value
    align = raw.get("furniture", {}).get("header_align", Look.header_align) if isinstance(
        raw.get("furniture", {}), dict) else Look.header_align
    if align not in ALIGNS:
        problems.append(Problem(f"[furniture] `header_align` = {align!r} must be one of {', '.join(ALIGNS)}",
                                file=file))
        align = Look.header_align
    cover, contents, spacing = got.get("cover", {}), got.get("contents", {}), got.get("spacing", {})
    colour = str(contents.get("colour", "link")).lstrip("#")
    look = Look(
        header_align=align,
        cover_size=float(cover.get("size", font_size)),
        cover_bold=tuple(cover.get("bold", Look.cover_bold)),
        contents_size=float(contents.get("size", font_size)),
        contents_leader=contents.get("leader", Look.contents_leader),
        contents_bold=bool(contents.get("bold", Look.contents_bold)),
        contents_colour=colours.get(colour, colour).upper(),
        title_space=(float(spacing.get("title_before", Look.title_space[0])),
                     float(spacing.get("title_after", Look.title_space[1]))),
        heading_space=(float(spacing.get("heading_before", Look.heading_space[0])),
                       float(spacing.get("heading_after", Look.heading_space[1]))),
        rule=float(spacing.get("rule", Look.rule)),
        note_url=bool(got.get("footnotes", {}).get("url", Look.note_url)),
        cell_size=font_size - 0.5, note_size=max(font_size - 1.5, 6.5), furniture_size=max(font_size - 1, 6.5),
    )
    return look, problems


def _bad(kind, value, colours: dict[str, str]) -> str:
    """Why ``value`` is not of ``kind`` (``""``: it is)."""
    if kind == "size":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and 6.5 <= value <= 72
        return "" if ok else "must be a font size from 6.5 to 72 points"
    if kind == "number":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 72
        return "" if ok else "must be a number of points from 0 to 72"
    if kind == "bool":
        return "" if isinstance(value, bool) else "must be true or false"
    if kind == "roles":
        ok = isinstance(value, list) and all(v in COVER_ROLES for v in value)
        return "" if ok else f"must be a list of cover lines among {', '.join(COVER_ROLES)}"
    if kind == "colour":
        ok = isinstance(value, str) and (value in colours or re.fullmatch(r"#?[0-9A-Fa-f]{6}", value))
        return "" if ok else f"must name a colour of [colours] ({', '.join(sorted(colours))}) or be RRGGBB"
    if isinstance(kind, tuple):
        return "" if value in kind else f"must be one of {', '.join(kind)}"
    return ""
