"""Wheel build hook: the top-level ``layouts/`` and ``inputs/`` become package data.

They stay where they are in the repository (the single source); each regular file under them is
mapped to ``boardpaper/_bundled/<folder>/...`` in the wheel, where ``boardpaper.resources`` reads
it. An editable install needs nothing: it reads the checkout's folders directly.
"""
from __future__ import annotations

from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

BUNDLED = ("layouts", "inputs")  # top-level folders shipped inside the package


def bundled_files(root: Path) -> dict[str, str]:
    """{source path: path inside the wheel} for every file to bundle; skips hidden files, Office
    lock files (``~$...``) and half-written outputs (``*.part``)."""
    out: dict[str, str] = {}
    for folder in BUNDLED:
        for path in sorted((root / folder).rglob("*")):
            rel = path.relative_to(root)
            if (not path.is_file() or any(p.startswith((".", "~$")) for p in rel.parts)
                    or path.suffix == ".part"):
                continue
            out[str(path)] = f"boardpaper/_bundled/{rel.as_posix()}"
    return out


class BundleHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name == "wheel" and version != "editable":
            build_data["force_include"].update(bundled_files(Path(self.root)))
