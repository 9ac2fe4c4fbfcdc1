"""The layout's option tables, each a dataclass whose fields are its keys: ``[status]`` (the SPC
readings) and ``[exceptions]`` (the exception reports), checked with every problem at once
(:mod:`boardpaper.layout` re-exports them)."""
from __future__ import annotations

from dataclasses import dataclass

from .errors import InputError, Problem


@dataclass(frozen=True)
class StatusOptions:
    """The ``[status]`` table: statistical process control readings (``boardpaper.spc.xmr``).

    ``column`` adds a status column (key ``status``) to every KPI table; ``summary`` adds the summary
    page; ``min_points`` is the fewest points an XmR chart is read from (fewer: direction of travel).
    Readings, chart limits and the summary are in the model only when ``column`` or ``summary`` is on."""

    column: bool = False
    summary: bool = False
    min_points: int = 15
    label: str = "Status"
    width: float = 16
    summary_title: str = "Summary"
    key_title: str = "How to read the status"

    @property
    def on(self) -> bool:
        return self.column or self.summary


def status_options(raw: object, file: str = "") -> StatusOptions:
    """The ``[status]`` table checked; every bad key is reported at once (:class:`InputError`)."""
    if not isinstance(raw, dict):
        raise InputError(Problem("[status] must be a table", file=file))
    problems = []
    known = {f: getattr(StatusOptions, f) for f in StatusOptions.__dataclass_fields__}
    values: dict = {}
    for key, value in raw.items():
        if key not in known:
            problems.append(Problem(f"[status] key `{key}` is not one of {', '.join(known)}", file=file))
        elif isinstance(known[key], bool) and not isinstance(value, bool):
            problems.append(Problem(f"[status] `{key}` = {value!r} must be true or false", file=file))
        elif key == "min_points" and (isinstance(value, bool) or not isinstance(value, int) or value < 2):
            problems.append(Problem(f"[status] `min_points` = {value!r} must be a whole number, 2 or more",
                                    file=file))
        elif key == "width" and (isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0):
            problems.append(Problem(f"[status] `width` = {value!r} must be a positive number", file=file))
        elif isinstance(known[key], str) and not isinstance(value, str):
            problems.append(Problem(f"[status] `{key}` = {value!r} must be text", file=file))
        else:
            values[key] = float(value) if key == "width" else value
    if problems:
        raise InputError(problems, file=file)
    return StatusOptions(**values)


EXCEPTION_RULES = ("special cause concerning", "consistently failing", "hit and miss", "deteriorated", "off target")
DEFAULT_HEADINGS = ("What the data tell us", "Issues", "Actions", "Risks and mitigations")


@dataclass(frozen=True)
class ExceptionOptions:
    """The ``[exceptions]`` table: exception reports after the KPI tables (``boardpaper.exceptions``).

    ``on`` adds the section; a KPI gets a report when any reading in ``when`` applies to it (or its
    ``exception`` column says ``yes``; ``no`` suppresses one); ``headings`` are the narrative
    headings of the ``commentary`` sheet, in print order; ``title`` heads the section."""

    on: bool = False
    when: tuple[str, ...] = ("special cause concerning", "consistently failing")
    headings: tuple[str, ...] = DEFAULT_HEADINGS
    title: str = "Exception reports"


def exception_options(raw: object, file: str = "") -> ExceptionOptions:
    """The ``[exceptions]`` table checked; every bad key is reported at once (:class:`InputError`)."""
    if not isinstance(raw, dict):
        raise InputError(Problem("[exceptions] must be a table", file=file))
    problems, values = [], {}
    for key, value in raw.items():
        if key == "on":
            if not isinstance(value, bool):
                problems.append(Problem(f"[exceptions] `on` = {value!r} must be true or false", file=file))
            else:
                values[key] = value
        elif key == "title":
            if not isinstance(value, str) or not value.strip():
                problems.append(Problem(f"[exceptions] `title` = {value!r} must be text", file=file))
            else:
                values[key] = value.strip()
        elif key in ("when", "headings"):
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                problems.append(Problem(f"[exceptions] `{key}` must be a list of texts", file=file))
                continue
            items = tuple(" ".join(v.split()) for v in value)
            if key == "when":
                items = tuple(v.lower() for v in items)
                bad = [v for v in items if v not in EXCEPTION_RULES]
                if bad:
                    problems.append(Problem(f"[exceptions] `when`: {', '.join(map(repr, bad))} not one of "
                                            f"{', '.join(EXCEPTION_RULES)}", file=file))
                    continue
            folded = [v.casefold() for v in items]
            if len(set(folded)) != len(folded):
                problems.append(Problem(f"[exceptions] `{key}` names an entry twice", file=file))
                continue
            if key == "headings" and not items:
                problems.append(Problem("[exceptions] `headings` needs at least one heading", file=file))
                continue
            values[key] = items
        else:
            problems.append(Problem(f"[exceptions] key `{key}` is not one of on, when, headings, title", file=file))
    if problems:
        raise InputError(problems, file=file)
    return ExceptionOptions(**values)
