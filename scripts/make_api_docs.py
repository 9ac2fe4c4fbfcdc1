"""Render the Python API reference, docs/api.md, from the docstrings in boardpaper.

    python scripts/make_api_docs.py           # rewrite docs/api.md
    python scripts/make_api_docs.py --check   # exit 1 when docs/api.md is out of step

Docstrings are Google style: a summary, then ``Args:``, ``Returns:``, ``Raises:`` or
``Attributes:`` sections whose entries are ``name: text`` (continued on deeper-indented lines).
``tests/readers/test_frames.py`` fails when docs/api.md differs from what this script renders.
"""
from __future__ import annotations

import dataclasses
import inspect
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from boardpaper import api, errors  # noqa: E402 - after the path is set

TARGET = ROOT / "docs" / "api.md"
PUBLIC = ((api, ("build_one", "check", "build_frames", "check_frames", "BuildResult")),
          (errors, ("InputError", "Problem", "RowLabel")))
SECTIONS = {"Args": "Arguments", "Returns": "Returns", "Raises": "Raises", "Attributes": "Attributes"}
INTRO = """\
# Python API

*Made by `scripts/make_api_docs.py` from the docstrings in `boardpaper/api.py` and
`boardpaper/errors.py`; do not edit by hand (a test fails when this file is out of step).*

```python
from boardpaper.api import build_one, check, build_frames, check_frames
from boardpaper.errors import InputError
```

`build_one` and `check` do what `boardpaper build` and `boardpaper check` do. `build_frames` and
`check_frames` take pandas DataFrames instead of files; they need the `pandas` extra
(`pip install 'boardpaper[pandas]'`), and only they import pandas. The input contract (sheets,
columns, accepted values) is [docs/input.md](input.md).
"""


def render() -> str:
    """The whole of docs/api.md."""
    parts = [INTRO]
    for module, names in PUBLIC:
        for name in names:
            parts.append(_entry(module.__name__, name, getattr(module, name)))
    return "\n".join(parts).rstrip("\n") + "\n"


def _entry(module: str, name: str, obj) -> str:
    kind = "class" if inspect.isclass(obj) else "function"
    lines = [f"## `{name}`", "", f"*{kind} in `{module}`*", "", "```python", _signature(name, obj), "```", ""]
    doc = inspect.getdoc(obj) or ""
    if kind == "class" and dataclasses.is_dataclass(obj):
        doc = _without_section(doc, "Attributes")
        lines += _prose(doc)
        lines += _fields_table(obj)
    else:
        lines += _prose(doc)
    return "\n".join(lines).rstrip("\n") + "\n"


def _signature(name: str, obj) -> str:
    if inspect.isclass(obj):
        if dataclasses.is_dataclass(obj):
            frozen = "(frozen=True)" if obj.__dataclass_params__.frozen else ""
            return f"@dataclass{frozen}\nclass {name}"
        base = ", ".join(b.__name__ for b in obj.__bases__ if b is not object)
        init = _signature("__init__", obj.__init__)
        return f"class {name}({base}):\n    def {init}: ..."
    sig = inspect.signature(obj)
    params, star = [], False
    for p in sig.parameters.values():
        if p.kind is p.KEYWORD_ONLY and not star:
            params.append("*")
            star = True
        text = p.name + (f": {_annotation(p.annotation)}" if p.annotation is not p.empty else "")
        if p.default is not p.empty:
            text += f" = {p.default!r}" if p.annotation is not p.empty else f"={p.default!r}"
        params.append(text)
    returns = f" -> {_annotation(sig.return_annotation)}" if sig.return_annotation is not sig.empty else ""
    one_line = f"{name}({', '.join(params)}){returns}"
    if len(one_line) <= 100:
        return one_line
    return f"{name}(\n" + "".join(f"    {p},\n" for p in params) + f"){returns}"


def _annotation(a) -> str:
    return a if isinstance(a, str) else getattr(a, "__name__", repr(a))


def _markdown(text: str) -> str:
    """reST roles and literals as Markdown code."""
    text = re.sub(r":(?:class|func|meth|attr|mod|exc):`~?([^`]+)`", lambda m: f"`{m.group(1).split('.')[-1]}`", text)
    return re.sub(r"``(.+?)``", r"`\1`", text)


def _prose(doc: str) -> list[str]:
    """The docstring as Markdown: paragraphs as they are, sections as bulleted lists."""
    out: list[str] = []
    section = None
    for line in doc.splitlines():
        head = line.rstrip(":").strip()
        if not line.startswith(" ") and line.endswith(":") and head in SECTIONS:
            section = head
            while out and not out[-1]:
                out.pop()
            out += ["", f"**{SECTIONS[head]}**", ""]
            continue
        if section is None or not line.strip():
            if section is not None and not line.strip():
                continue
            out.append(_markdown(line))
            continue
        body = line.strip()
        if len(line) - len(line.lstrip()) <= 4:  # a new entry
            name, sep, text = body.partition(":")
            if section in ("Returns",) or not sep or " " in name.replace(", ", ","):
                out.append(f"- {_markdown(body)}")
            else:
                names = ", ".join(f"`{n.strip()}`" for n in name.split(","))
                out.append(f"- {names}: {_markdown(text.strip())}")
        else:  # a continuation line
            out[-1] += f" {_markdown(body)}"
    while out and not out[-1]:
        out.pop()
    return out + [""]


def _without_section(doc: str, name: str) -> str:
    lines, keep = [], True
    for line in doc.splitlines():
        if not line.startswith(" ") and line.strip():
            keep = line.rstrip(":").strip() != name
        if keep:
            lines.append(line)
    return "\n".join(lines).rstrip()


def _fields_table(cls) -> list[str]:
    """A dataclass's fields, typed, with the text of its ``Attributes:`` section."""
    meaning: dict[str, str] = {}
    current = None
    in_section = False
    for line in (inspect.getdoc(cls) or "").splitlines():
        if not line.startswith(" ") and line.strip():
            in_section = line.rstrip(":").strip() == "Attributes"
            continue
        if not in_section or not line.strip():
            continue
        if len(line) - len(line.lstrip()) <= 4:
            current, _, text = line.strip().partition(":")
            meaning[current] = text.strip()
        elif current:
            meaning[current] += " " + line.strip()
    rows = ["| field | type | default | meaning |", "|---|---|---|---|"]
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING:
            default = f"`{f.default!r}`"
        elif f.default_factory is not dataclasses.MISSING:
            default = f"`{f.default_factory()!r}`"
        else:
            default = "required"
        cells = (f"`{f.name}`", f"`{_annotation(f.type)}`", default, _markdown(meaning.get(f.name, "")))
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return rows + [""]


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != text:
            print(f"{TARGET.relative_to(ROOT)} is out of step: run python scripts/make_api_docs.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
