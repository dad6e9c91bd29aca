"""Entities kept by the content hash of the text they were found in.

One SQLite file per corpus, beside its index. For each text hash it keeps
the spans the model and rules found (``base``: the costly part, valid for
one model fingerprint) and the entities under the lists of names
(``final``, valid for the lists recorded in ``meta``). A rebuild of the text
index, a document renamed or copied, or an edit of the user's list never
re-runs the model on a text it has seen.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Iterable

from reader.errors import ReaderError
from reader.transaction import immediate

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS spans (hash TEXT PRIMARY KEY, base TEXT NOT NULL, final TEXT);
"""


class AnnotationsError(ReaderError):
    pass


class Annotations:
    def __init__(self, path: Path):
        from reader.readonly_db import connect_read_only, writable

        self.path = path
        # A store in a cache that cannot be written is read all the same:
        # what it holds is shown; a pass that would add to it is refused.
        self.read_only = path.exists() and not writable(path)
        try:
            if self.read_only:
                self.db = connect_read_only(path, timeout=30)
                self.db.execute("SELECT count(*) FROM spans").fetchone()
                return
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")  # a lost tail costs a re-run, never damage
            self.db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as e:
            raise AnnotationsError(f"the entity store {path} is unreadable ({e}); delete it to start again") from None

    def _writing(self) -> None:
        if self.read_only:
            raise AnnotationsError(f"the entity store {self.path} is read-only (it or the cache folder); "
                                   "its entities are read, no new ones kept")

    def close(self) -> None:
        self.db.close()

    # --- what the spans are valid for ------------------------------------------------

    def meta(self, key: str):
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def set_meta(self, key: str, value) -> None:
        self._writing()
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, json.dumps(value, ensure_ascii=False)))

    def reset(self, model: str) -> None:
        """Forget every span: the model changed."""
        self._writing()
        with immediate(self.db):
            self.db.execute("DELETE FROM spans")
            self.set_meta("model", model)

    def forget_finals(self, keep: set[str]) -> None:
        """The lists changed: the finals of texts not checked against the new
        lists (kept: the ones that were) are dropped; their bases stay."""
        self._writing()
        with immediate(self.db):
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS kept (hash TEXT PRIMARY KEY)")
            self.db.execute("DELETE FROM kept")
            self.db.executemany("INSERT OR IGNORE INTO kept VALUES (?)", ((h,) for h in keep))
            self.db.execute("UPDATE spans SET final=NULL WHERE hash NOT IN (SELECT hash FROM kept)")

    # --- spans ---------------------------------------------------------------------------

    def get(self, hashes: Iterable[str]) -> dict[str, tuple[list, list | None]]:
        """{hash: (base, final or None)} for the hashes the store holds."""
        out = {}
        hashes = list(hashes)
        for i in range(0, len(hashes), 500):
            chunk = hashes[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for h, base, final in self.db.execute(f"SELECT hash, base, final FROM spans WHERE hash IN ({marks})", chunk):
                out[h] = (json.loads(base), json.loads(final) if final is not None else None)
        return out

    def final(self, text_hash: str) -> list | None:
        row = self.db.execute("SELECT final FROM spans WHERE hash=?", (text_hash,)).fetchone()
        return json.loads(row[0]) if row and row[0] is not None else None

    def put(self, rows: Iterable[tuple[str, list, list]]) -> None:
        """Store (hash, base, final) rows in one transaction."""
        self._writing()
        with immediate(self.db):
            self.db.executemany(
                "INSERT OR REPLACE INTO spans VALUES (?, ?, ?)",
                ((h, _dumps(base), _dumps(final)) for h, base, final in rows),
            )


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
