"""Where ``boardpaper serve`` keeps things: one folder (``--data``) holding an SQLite index
(``boardpaper.sqlite3``) and a folder per edition.

- ``editions/<key>/``: one build: its input as uploaded, its outputs, ``warnings.txt``,
  ``accessibility.txt``, ``changes.txt`` and ``changes.json`` (against the board's previous
  edition) and ``edition.json`` (time, options, input's SHA-256, timings). Made in ``tmp/`` and
  renamed into place whole; the index row is written only after that, so a build killed at any
  point leaves no half edition (:meth:`Store.sweep` clears leftovers at start-up). Nothing in an
  edition folder is ever written again.
- ``incoming/<key>/`` and ``readbacks/<key>/``: uploads waiting to be built or read back.

A board is known by its paper's ``board`` field, compared with case and runs of spaces ignored
(:func:`board_key`); a paper without one is filed under its ``layout`` field, else under
"(no board named)". Keys are random (``secrets.token_hex``): the server never makes a path from
anything a person sent.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import sqlite3
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

NO_BOARD = "(no board named)"

SCHEMA = """
CREATE TABLE IF NOT EXISTS boards (
    id INTEGER PRIMARY KEY,
    key TEXT UNIQUE NOT NULL,          -- board_key(name)
    name TEXT NOT NULL                 -- as the first edition wrote it
);
CREATE TABLE IF NOT EXISTS editions (
    id INTEGER PRIMARY KEY,
    key TEXT UNIQUE NOT NULL,          -- the folder under editions/, and the edition's address
    board_id INTEGER NOT NULL REFERENCES boards(id),
    created REAL NOT NULL,             -- seconds since the epoch
    meeting TEXT NOT NULL,
    title TEXT NOT NULL,
    input_name TEXT NOT NULL,          -- the file name shown (as uploaded, cleaned)
    input_file TEXT NOT NULL,          -- the kept input, relative to the edition folder
    input_sha256 TEXT NOT NULL,
    outputs TEXT NOT NULL,             -- JSON list of file names in the edition folder
    warnings TEXT NOT NULL,            -- JSON list of lines
    accessibility TEXT NOT NULL,       -- JSON list of lines
    notes TEXT NOT NULL,               -- JSON list of lines
    changes TEXT,                      -- JSON list of {kpi, field, old, new, state, line}; NULL: first edition
    kpis INTEGER NOT NULL,
    pages INTEGER NOT NULL,
    seconds REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS editions_by_board ON editions(board_id, created);
CREATE INDEX IF NOT EXISTS editions_by_input ON editions(input_sha256);
"""


def default_data_dir() -> Path:
    """``$XDG_DATA_HOME/boardpaper``, else ``~/.local/share/boardpaper``."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "boardpaper"


def board_key(name: str) -> str:
    """The board a name stands for: NFC, case folded, runs of spaces as one, ends stripped."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def board_name(fields: dict[str, str]) -> str:
    """The board a paper belongs to (see the module's rule)."""
    return (fields.get("board") or "").strip() or (fields.get("layout") or "").strip() or NO_BOARD


def new_key() -> str:
    return secrets.token_hex(12)


@dataclass
class Edition:
    """One row of the index, its lists decoded."""

    id: int
    key: str
    board_id: int
    board: str
    created: float
    meeting: str
    title: str
    input_name: str
    input_file: str
    input_sha256: str
    outputs: list[str]
    warnings: list[str]
    accessibility: list[str]
    notes: list[str]
    changes: list[dict] | None
    kpis: int
    pages: int
    seconds: float


class Store:
    """The data folder. Safe to open from several processes at once (SQLite's own locking)."""

    def __init__(self, root: Path | str):
        self.root = Path(root).resolve()
        if not self.root.exists():
            self.root.mkdir(parents=True, mode=0o700)  # editions are the board's: not for other users
        for sub in ("editions", "incoming", "readbacks", "tmp"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        with self._db() as db:
            db.executescript(SCHEMA)

    def _db(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.root / "boardpaper.sqlite3", timeout=30)
        db.execute("PRAGMA journal_mode=WAL")
        db.row_factory = sqlite3.Row
        return db

    # ------------------------------------------------------------------ folders
    def folder(self, kind: str, key: str) -> Path:
        """The folder of an upload or edition by its key; :class:`KeyError` for a key the server
        did not make (so no request can name a path)."""
        if kind not in ("editions", "incoming", "readbacks", "tmp") or not _is_key(key):
            raise KeyError(key)
        return self.root / kind / key

    def staging(self) -> Path:
        """A new empty folder in ``tmp/`` to make an edition in."""
        path = self.root / "tmp" / new_key()
        path.mkdir()
        return path

    def sweep(self) -> None:
        """At start-up: remove what a killed server or build left (uploads never built, editions
        half made, edition folders whose index row was never written)."""
        for sub in ("tmp", "incoming"):
            for p in (self.root / sub).iterdir():
                shutil.rmtree(p, ignore_errors=True)
        with self._db() as db:
            known = {r["key"] for r in db.execute("SELECT key FROM editions")}
        for p in (self.root / "editions").iterdir():
            if p.name not in known:
                shutil.rmtree(p, ignore_errors=True)

    # ------------------------------------------------------------------ editions
    def add_edition(self, staged: Path, *, board: str, fields: dict[str, str], input_name: str,
                    input_file: str, input_sha256: str, outputs: list[str], warnings: list[str],
                    accessibility: list[str], notes: list[str], changes: list[dict] | None, kpis: int,
                    pages: int, seconds: float) -> str:
        """Rename the finished folder ``staged`` into ``editions/`` and index it; returns its key."""
        key = new_key()
        target = self.root / "editions" / key
        os.rename(staged, target)  # fails rather than replace: the key is new
        with self._db() as db:
            bkey = board_key(board)
            db.execute("INSERT OR IGNORE INTO boards(key, name) VALUES (?, ?)", (bkey, board))
            board_id = db.execute("SELECT id FROM boards WHERE key = ?", (bkey,)).fetchone()["id"]
            db.execute(
                "INSERT INTO editions(key, board_id, created, meeting, title, input_name, input_file, input_sha256,"
                " outputs, warnings, accessibility, notes, changes, kpis, pages, seconds)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (key, board_id, time.time(), fields.get("meeting", ""), fields.get("title", ""), input_name,
                 input_file, input_sha256, json.dumps(outputs), json.dumps(warnings), json.dumps(accessibility),
                 json.dumps(notes), None if changes is None else json.dumps(changes), kpis, pages, seconds))
        return key

    def latest(self, board: str) -> Edition | None:
        """The board's newest edition."""
        rows = self._editions("WHERE b.key = ? ORDER BY e.created DESC, e.id DESC LIMIT 1", (board_key(board),))
        return rows[0] if rows else None

    def edition(self, key: str) -> Edition | None:
        rows = self._editions("WHERE e.key = ?", (key,)) if _is_key(key) else []
        return rows[0] if rows else None

    def by_input(self, sha256: str) -> Edition | None:
        """The newest edition built from an input with this SHA-256."""
        rows = self._editions("WHERE e.input_sha256 = ? ORDER BY e.created DESC, e.id DESC LIMIT 1", (sha256,))
        return rows[0] if rows else None

    def board_editions(self, board_id: int) -> list[Edition]:
        return self._editions("WHERE e.board_id = ? ORDER BY e.created DESC, e.id DESC", (board_id,))

    def boards(self) -> list[dict]:
        """Every board: id, name, how many editions, the newest's time."""
        with self._db() as db:
            rows = db.execute("SELECT b.id, b.name, COUNT(e.id) AS editions, MAX(e.created) AS latest FROM boards b"
                              " JOIN editions e ON e.board_id = b.id GROUP BY b.id ORDER BY latest DESC").fetchall()
        return [dict(r) for r in rows]

    def board(self, board_id: int) -> dict | None:
        with self._db() as db:
            row = db.execute("SELECT id, name FROM boards WHERE id = ?", (board_id,)).fetchone()
        return dict(row) if row else None

    def edition_file(self, key: str, name: str) -> Path | None:
        """The path of file ``name`` of edition ``key`` when the index lists it (its outputs, the
        reports, its input), else ``None``: nothing outside the data folder is ever served."""
        e = self.edition(key)
        if e is None or name not in served_files(e):
            return None
        path = (self.root / "editions" / e.key / name).resolve()
        return path if path.is_file() and path.is_relative_to(self.root) else None

    def _editions(self, where: str, args: tuple) -> list[Edition]:
        with self._db() as db:
            rows = db.execute("SELECT e.*, b.name AS board FROM editions e JOIN boards b ON b.id = e.board_id "
                              + where, args).fetchall()
        out = []
        for r in rows:
            d = dict(r)
            for k in ("outputs", "warnings", "accessibility", "notes"):
                d[k] = json.loads(d[k])
            d["changes"] = None if d["changes"] is None else json.loads(d["changes"])
            out.append(Edition(**d))
        return out


REPORTS = ("warnings.txt", "accessibility.txt", "changes.txt", "changes.json", "edition.json")


def served_files(e: Edition) -> set[str]:
    """The names a request may fetch from an edition's folder."""
    return set(e.outputs) | set(REPORTS) | {e.input_file, e.input_file + ".zip"}  # a CSV folder: its .zip


def _is_key(key: str) -> bool:
    return len(key) == 24 and all(c in "0123456789abcdef" for c in key)
