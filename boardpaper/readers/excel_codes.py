"""Excel number format codes as text: a format's ``;``-separated sections, one section's
tokens (the one place that knows Excel's quoting), its codes without literal text, and its
literal text. Shared by :mod:`.excel_format` (numbers) and :mod:`.excel_dates` (dates, times)."""
from __future__ import annotations

import re
from functools import lru_cache

_BRACKETS = re.compile(r"\[[^\]]*\]")


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


def codes_of(section: str) -> str:
    """The section without quoted text, escaped characters and ``[...]`` tags: the codes only."""
    return _BRACKETS.sub("", re.sub(r'"[^"]*"|\\.|_.|\*.', "", section))


def literal_text(section: str) -> str:
    """The text a section writes as it is: quoted text and ``\\x`` escapes, tags removed."""
    return re.sub(r'"([^"]*)"|\\(.)', lambda m: m.group(1) if m.group(1) is not None else m.group(2),
                  _BRACKETS.sub("", section))


def tokens(section: str, code: re.Pattern) -> list[tuple[str, str]]:
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
