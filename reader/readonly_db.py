"""A SQLite store that cannot be written, read all the same.

The bookmark store and the entity store keep their WAL beside the file:
where the file or its folder cannot be written (a read-only cache, a store
made read-only), they are opened for reading only, and a change is refused
in one line rather than failing as "damaged".
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path


def writable(path: Path) -> bool:
    """Whether a store that is there can be changed: the file, and its
    folder, where SQLite makes the WAL and its shared memory."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def connect_read_only(path: Path, timeout: float = 5.0) -> sqlite3.Connection:
    """The store opened for reading only. In a folder that cannot be written
    SQLite cannot make the WAL's shared memory; with no WAL there to read,
    the file is opened as immutable instead (nobody can be writing it)."""
    uri = path.resolve().as_uri()
    db = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=timeout, isolation_level=None, check_same_thread=False)
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return db
    except sqlite3.OperationalError:
        db.close()
        if Path(f"{path}-wal").exists():
            raise
    return sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None, check_same_thread=False)
