"""Uploads: a multipart form read as it arrives, each file written straight into a folder the
server made under a name the server chose, with the readers' size limit enforced while reading.

The name a browser sends for a file is only shown back and cleaned into the output files' name
(:func:`clean_stem`: letters, digits, ``-`` and ``_``); it never names a path. A ``.zip`` of CSV
files is unpacked by :func:`unpack_csv_zip`, which takes only members called like the sheets.
"""
from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from python_multipart.multipart import MultipartParser, parse_options_header

from ..readers.tables import MAX_FILE_BYTES

MAX_FIELD_BYTES = 16 * 1024
MAX_PARTS = 16
SHEETS = ("paper", "kpis", "sources", "series")


class TooLarge(Exception):
    """The request is over the size limit (answered 413; the caller removes what was written)."""


class BadForm(Exception):
    """Not a form this server can read (answered 400)."""


class NoCsrf(Exception):
    """A file came before a valid CSRF token, or none came (answered 403)."""


@dataclass
class Saved:
    """An uploaded file: where the server put it, the name the browser gave (for showing), its size."""

    path: Path
    name: str
    size: int


@dataclass
class Form:
    fields: dict[str, list[str]] = field(default_factory=dict)  # a name may come more than once
    files: dict[str, Saved] = field(default_factory=dict)

    def get(self, name: str, default: str = "") -> str:
        return self.fields.get(name, [default])[-1]


def over_limit(content_length: str | None) -> bool:
    """A declared body so large that no form within the limit can be in it."""
    try:
        return content_length is not None and int(content_length) > MAX_FILE_BYTES * 2 + 1024 * 1024
    except ValueError:
        return False


async def read_form(request, folder: Path, csrf_ok: Callable[[str], bool]) -> Form:
    """The multipart form of ``request``, its files saved in ``folder`` (made here) as
    ``upload-1``, ``upload-2``, …; each file over the readers' limit (50 MB) raises
    :class:`TooLarge` as soon as it is crossed. The ``csrf`` field must come before any file and
    satisfy ``csrf_ok`` (:class:`NoCsrf` otherwise, before any file is written)."""
    ctype, params = parse_options_header(request.headers.get("content-type", ""))
    if ctype == b"application/x-www-form-urlencoded":
        return await _read_fields(request, csrf_ok)
    if ctype != b"multipart/form-data" or b"boundary" not in params:
        raise BadForm("expected a form")
    form = Form()
    state = {"name": "", "filename": None, "buf": bytearray(), "out": None, "size": 0, "parts": 0,
             "header": b"", "value": b"", "disposition": b"", "csrf": csrf_ok("")}  # a bearer needs none

    def on_part_begin():
        state.update(name="", filename=None, buf=bytearray(), out=None, size=0, disposition=b"")
        state["parts"] += 1
        if state["parts"] > MAX_PARTS:
            raise BadForm("too many fields")

    def on_header_field(data, start, end):
        state["header"] += data[start:end]

    def on_header_value(data, start, end):
        state["value"] += data[start:end]

    def on_header_end():
        if state["header"].lower() == b"content-disposition":
            state["disposition"] = state["value"]
        state["header"], state["value"] = b"", b""

    def on_headers_finished():
        _, opts = parse_options_header(state["disposition"])
        state["name"] = opts.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" in opts:
            if not state["csrf"]:
                raise NoCsrf()
            state["filename"] = opts[b"filename"].decode("utf-8", "replace")
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"upload-{len(form.files) + 1}"
            state["out"] = open(path, "wb")
            form.files[state["name"]] = Saved(path, display_name(state["filename"]), 0)

    def on_part_data(data, start, end):
        chunk = data[start:end]
        state["size"] += len(chunk)
        if state["out"] is not None:
            if state["size"] > MAX_FILE_BYTES:
                raise TooLarge()
            state["out"].write(chunk)
        else:
            if state["size"] > MAX_FIELD_BYTES:
                raise BadForm("a field is too long")
            state["buf"].extend(chunk)

    def on_part_end():
        if state["out"] is not None:
            state["out"].close()
            saved = form.files[state["name"]]
            saved.size = state["size"]
            if not state["filename"] and not saved.size:  # a file input left empty
                saved.path.unlink()
                del form.files[state["name"]]
        else:
            value = state["buf"].decode("utf-8", "replace")
            form.fields.setdefault(state["name"], []).append(value)
            if state["name"] == "csrf":
                state["csrf"] = csrf_ok(value)

    parser = MultipartParser(params[b"boundary"], {
        "on_part_begin": on_part_begin, "on_part_data": on_part_data, "on_part_end": on_part_end,
        "on_header_field": on_header_field, "on_header_value": on_header_value, "on_header_end": on_header_end,
        "on_headers_finished": on_headers_finished})
    try:
        async for chunk in request.stream():
            parser.write(chunk)
        parser.finalize()
    except (TooLarge, NoCsrf, BadForm):
        raise
    except Exception as e:  # noqa: BLE001 - python-multipart's own errors: a malformed body
        raise BadForm("malformed form") from e
    finally:
        if state["out"] is not None and not state["out"].closed:
            state["out"].close()
    if not state["csrf"]:
        raise NoCsrf()
    return form


async def _read_fields(request, csrf_ok: Callable[[str], bool]) -> Form:
    """A form without files (``application/x-www-form-urlencoded``), at most 16 kB."""
    from urllib.parse import parse_qs

    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > MAX_FIELD_BYTES:
            raise BadForm("the form is too long")
    form = Form(fields=parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True))
    if not csrf_ok(form.get("csrf")):
        raise NoCsrf()
    return form


def display_name(name: str) -> str:
    """A browser's file name as shown: its last path part (some browsers send a whole path),
    without control characters, at most 120 characters."""
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    return name.strip()[:120] or "upload"


def clean_stem(name: str) -> str:
    """The name the outputs take from an uploaded file (``May board.xlsx`` -> ``May-board``):
    ASCII letters, digits, ``-`` and ``_`` only, at most 60 characters, never empty or hidden."""
    stem = display_name(name).rsplit(".", 1)[0]
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-_")[:60].strip("-_")
    return stem or "paper"


def suffix_of(name: str) -> str:
    """The lower-case suffix of a shown name (``.xlsx``), '' when it has none."""
    base = display_name(name)
    return "." + base.rsplit(".", 1)[1].lower() if "." in base.strip(".") else ""


def unpack_csv_zip(archive: Path, folder: Path) -> Path:
    """The sheets of a ``.zip`` of CSV files (``paper.csv``, ``kpis.csv``, … or Excel's "Unicode
    Text" ``.txt``, at any depth in the archive) written into ``folder`` (made here) under their
    sheet names; nothing else is taken. Raises :class:`ValueError` (one line) for an archive that
    is not a zip, holds no sheet, holds a sheet twice, or unpacks to more than the readers' limit."""
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError):
        raise ValueError("the .zip file cannot be opened: it is not a zip archive") from None
    with zf:
        chosen: dict[str, zipfile.ZipInfo] = {}
        for info in zf.infolist():
            base = info.filename.replace("\\", "/").rsplit("/", 1)[-1]
            if info.is_dir() or base.startswith((".", "~$")) or "." not in base:
                continue
            stem, suffix = base.rsplit(".", 1)
            if stem.lower() in SHEETS and suffix.lower() in ("csv", "txt"):
                key = stem.lower()
                if key in chosen:
                    raise ValueError(f"the .zip file holds the {key} sheet twice ({chosen[key].filename} and "
                                     f"{info.filename}): keep one")
                if info.file_size > MAX_FILE_BYTES:
                    raise ValueError(f"{info.filename} in the .zip file is over the 50 MB limit")
                chosen[key] = info
        if "paper" not in chosen and "kpis" not in chosen:
            raise ValueError("the .zip file holds no paper.csv or kpis.csv: zip the CSV files of one paper "
                             "(paper.csv, kpis.csv, sources.csv, series.csv)")
        if sum(i.file_size for i in chosen.values()) > MAX_FILE_BYTES:
            raise ValueError("the CSV files in the .zip file come to more than the 50 MB limit")
        folder.mkdir(parents=True)
        for key, info in chosen.items():
            with zf.open(info) as src, open(folder / f"{key}.{info.filename.rsplit('.', 1)[1].lower()}", "wb") as dst:
                left = MAX_FILE_BYTES + 1
                while chunk := src.read(1 << 16):
                    left -= len(chunk)
                    if left < 0:
                        raise ValueError(f"{info.filename} in the .zip file is over the 50 MB limit")
                    dst.write(chunk)
    return folder
