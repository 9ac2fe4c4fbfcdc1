"""Problems found in the input, reported to people rather than raised as tracebacks."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input. ``row`` is the row number as the spreadsheet shows it, or
    a :class:`RowLabel` for a DataFrame's row; ``frame`` says the ``sheet`` is a DataFrame."""

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
    """The input cannot be built. ``problems`` lists every error found (warnings included)."""

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

    Shown as the label (``'k5'`` for a string, ``7`` otherwise); ``position`` (0-based) orders rows."""

    label: object
    position: int

    def __str__(self) -> str:
        return repr(self.label) if isinstance(self.label, str) else str(self.label)
