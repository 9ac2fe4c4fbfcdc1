#!/usr/bin/env python3
"""Write a layout's reference DOCX (its Word styles, page set-up, header and footer) from its TOML.

    python scripts/make_reference_docx.py layouts/spcb.toml      # -> layouts/spcb.docx

The file written is the one the layout's ``reference_docx`` key names (default: ``<layout>.docx``
beside the TOML). Its styles are defined from the layout by the DOCX writer's own
``ensure_styles``; the output is byte-identical for the same TOML. Open it in Word or LibreOffice
to restyle, save, and every paper built with the layout uses the new styles.
"""
from __future__ import annotations

import sys
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from boardpaper.errors import InputError  # noqa: E402
from boardpaper.layout import load_layout  # noqa: E402
from boardpaper.writers.docx.writer import reference_docx_bytes  # noqa: E402


def target_path(toml: Path) -> Path:
    """Where the reference DOCX of the layout in ``toml`` goes."""
    raw = tomllib.loads(toml.read_text(encoding="utf-8"))
    name = raw.get("reference_docx") or f"{toml.stem}.docx"
    target = (toml.parent / name).resolve()
    if Path(name).is_absolute() or not target.is_relative_to(toml.parent.resolve()):
        raise SystemExit(f"make_reference_docx: reference_docx {name!r} must stay inside {toml.parent}")
    return target


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    toml = Path(argv[0])
    target = target_path(toml)
    placeholder = not target.exists()
    if placeholder:  # load_layout insists the reference file exists; this run is what makes it
        target.write_bytes(b"")
    try:
        layout = load_layout(toml)
        data = reference_docx_bytes(layout)
    except InputError as e:
        if placeholder:
            target.unlink()
        print(f"make_reference_docx: {'; '.join(str(p) for p in e.problems)}", file=sys.stderr)
        return 1
    except BaseException:
        if placeholder:
            target.unlink()
        raise
    target.write_bytes(data)
    print(f"wrote {target} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
