"""Every exception boardpaper raises, in one place: problems found in the input (reported to people
rather than raised as tracebacks), LibreOffice failures, harvest/diff failures, and lost content (a bug)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input; ``str(problem)`` is the line ``boardpaper check`` prints.

    Attributes:
        message: what is wrong, in plain words.
        file: the input (a path, or ``"<name> (DataFrames)"``).
        sheet: the sheet (or frame): ``paper``, ``kpis``, ``sources`` or ``series``.
        row: the row number as the spreadsheet shows it, or a :class:`RowLabel` for a
            DataFrame's row; ``None`` for the sheet as a whole.
        column: the column, as the contract names it.
        warning: ``True`` when the problem does not stop a build.
        frame: ``True`` when ``sheet`` is a DataFrame (shown as ``kpis frame``).
    """

    message: str
    file: str = ""
    sheet: str = ""
    row: int | RowLabel | None = None
    column: str = ""
    warning: bool = False
    frame: bool = False

    def __str__(self) -> str:
        where = []
        if self.sheet:
            where.append(f"{self.sheet} {'frame' if self.frame else 'sheet'}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column `{self.column}`")
        place = ", ".join(where)
        prefix = "warning: " if self.warning else ""
        return f"{prefix}{place}: {self.message}" if place else f"{prefix}{self.message}"


class InputError(Exception):
    """The input cannot be built. ``problems`` lists every error found (warnings included).

    Attributes:
        problems: every :class:`Problem` found, errors and warnings.
        errors: the problems that are not warnings.
        file: the input the problems are about.
        report: a method returning every problem on its own line, as ``boardpaper check`` prints them.
    """

    def __init__(self, problems: list[Problem] | Problem | str, file: str = ""):
        if isinstance(problems, str):
            problems = [Problem(problems, file=file)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        self.file = file or next((p.file for p in self.problems if p.file), "")
        super().__init__(self.report())

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    def report(self) -> str:
        """Every problem on its own line, grouped by sheet, with a count at the end."""
        lines = []
        if self.file:
            lines.append(f"{self.file}:")
        order: dict[str, list[Problem]] = {}
        for p in self.problems:
            order.setdefault(p.sheet, []).append(p)
        for probs in order.values():
            lines.extend(f"  {p}" for p in sorted(probs, key=lambda p: (p.warning, getattr(p.row, "position", p.row) or 0)))
        n = len(self.errors)
        lines.append(f"{n} problem{'s' if n != 1 else ''} to fix" if n else "no errors")
        return "\n".join(lines)


@dataclass(frozen=True)
class RowLabel:
    """A row named by its label (a DataFrame's index value) rather than a spreadsheet row number.

    Attributes:
        label: the index value; shown as ``'k5'`` for a string, as ``7`` otherwise.
        position: the row's place in the frame (0-based), which orders the problems.
    """

    label: object
    position: int

    def __str__(self) -> str:
        return repr(self.label) if isinstance(self.label, str) else str(self.label)


class LibreOfficeError(RuntimeError):
    """LibreOffice is missing, failed, or took too long; the message is one line."""


class LibreOfficeMadeNoPdf(LibreOfficeError):
    """LibreOffice ran and made no PDF (as opposed to not finishing in time)."""


class CycleError(Exception):
    """A harvest or diff cannot go on; the message is one line for the person at the keyboard."""


class LostContentError(RuntimeError):
    """A KPI of the input is missing from an output: a bug, never the user's fault."""
