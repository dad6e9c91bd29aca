"""One SQLite transaction, taken for writing at once (BEGIN IMMEDIATE).

The bookmark store and the entity store open their databases with
isolation_level=None (autocommit) and group each change in one of these:
the write lock is taken at BEGIN, so a second writer waits (busy timeout)
instead of failing half way, and an error rolls everything back.
"""

from __future__ import annotations

from contextlib import contextmanager


@contextmanager
def immediate(db):
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
