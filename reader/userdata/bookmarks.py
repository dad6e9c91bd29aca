"""The bookmark store: SQLite in the platform's data directory.

WAL, one transaction per change, a busy timeout for the other terminal's
writes, a schema version with migrations. A file that is not ours, or
that SQLite's quick_check finds damaged, is never written to: it gets a
one-line error instead, and salvage() reads out what is still readable.
No Textual here.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from reader.userdata.anchoring import Quote, find
from reader.errors import ReaderError
from reader.readonly_db import connect_read_only, writable
from reader.transaction import immediate

APP = "reader-bookmarks"
LOCK_TIMEOUT = 5.0  # seconds to wait for another process's write

# Each entry takes the schema from the version before it to its own number.
MIGRATIONS: list[str] = [
    # 1: the first schema
    """
    CREATE TABLE bookmarks (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        root TEXT NOT NULL,
        doc TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        exact TEXT NOT NULL,
        prefix TEXT NOT NULL,
        suffix TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '[]',
        created TEXT NOT NULL,
        updated TEXT NOT NULL
    );
    CREATE INDEX bookmarks_doc ON bookmarks (root, doc);
    """,
    # 2: what a citation and following a moved file need
    """
    ALTER TABLE bookmarks ADD COLUMN title TEXT NOT NULL DEFAULT '';
    ALTER TABLE bookmarks ADD COLUMN author TEXT NOT NULL DEFAULT '';
    ALTER TABLE bookmarks ADD COLUMN doc_sha TEXT NOT NULL DEFAULT '';
    ALTER TABLE bookmarks ADD COLUMN status TEXT NOT NULL DEFAULT 'ok';
    """,
    # 3: a citation names the outlet and the day of publication
    """
    ALTER TABLE bookmarks ADD COLUMN outlet TEXT NOT NULL DEFAULT '';
    ALTER TABLE bookmarks ADD COLUMN published TEXT NOT NULL DEFAULT '';
    ALTER TABLE bookmarks ADD COLUMN url TEXT NOT NULL DEFAULT '';
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(ReaderError):
    """A bookmark store problem, told in one line."""


@dataclass
class Bookmark:
    id: int
    root: str
    doc: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    note: str = ""
    tags: list[str] = field(default_factory=list)
    created: str = ""
    updated: str = ""
    title: str = ""
    author: str = ""
    doc_sha: str = ""
    status: str = "ok"
    outlet: str = ""
    published: str = ""  # the article's day, 2019-03-15, as the index had it
    url: str = ""

    @property
    def path(self) -> str:
        return os.path.join(self.root, self.doc)

    def as_json(self) -> dict:
        d = asdict(self)
        d["created"], d["updated"] = rfc3339(self.created), rfc3339(self.updated)
        d["path"] = self.path
        d["quote"] = self.exact
        return d


def store_path() -> Path:
    from reader.paths import bookmarks_file

    return bookmarks_file()


def text_sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _now() -> str:
    """RFC 3339 in UTC (what jq's fromdateiso8601 and every JSON tool read)."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def rfc3339(stamp: str) -> str:
    """A stored time as RFC 3339 UTC; stores written before kept local
    time as 2026-12-02T08:26:11+0300, which is not."""
    if not stamp or stamp.endswith("Z"):
        return stamp
    from datetime import datetime, timezone

    try:
        moment = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        return stamp
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class BookmarkStore:
    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path else store_path()
        self._shas: dict[str, dict] = {}  # folder -> {text sha: file}, read by _follow
        self.unreadable: dict[str, str] = {}  # file -> why, of the bookmarks reanchor could not check
        self.read_only = False
        self.db = self._open()

    # --- opening -------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.path.exists():
            if not os.access(self.path, os.R_OK):
                raise StoreError(f"cannot read the bookmark store {self.path}; check its permissions")
            # A store that cannot be written (nor its folder, where the WAL
            # goes) is still read: listed and exported, never changed.
            self.read_only = not writable(self.path)
        try:
            db = connect_read_only(self.path, LOCK_TIMEOUT) if self.read_only else \
                sqlite3.connect(self.path, timeout=LOCK_TIMEOUT, isolation_level=None)
        except sqlite3.DatabaseError as e:
            raise StoreError(self._explain(e)) from None
        try:
            db.row_factory = sqlite3.Row
            self._check_whole(db)  # reads only: a damaged file is never written
            self._check_ours(db)  # nor a foreign one
            self._check_rows(db)  # nor one whose rows cannot all be read
            if self.read_only:
                self._check_version(db)
            else:
                db.execute("PRAGMA journal_mode=WAL")
                self._migrate(db)
        except sqlite3.DatabaseError as e:
            db.close()
            raise StoreError(self._explain(e)) from None
        except ValueError as e:  # text that is no longer UTF-8
            db.close()
            raise StoreError(self._damaged(f"{type(e).__name__}")) from None
        except BaseException:
            db.close()
            raise
        return db

    def _explain(self, e: sqlite3.DatabaseError) -> str:
        msg = str(e)
        if "locked" in msg or "busy" in msg:
            return f"the bookmark store {self.path} is locked by another process; try again"
        if "not a database" in msg or "malformed" in msg:
            return f"{self.path} is not a bookmark store (or is damaged); it was left untouched"
        return f"bookmark store {self.path}: {msg}"

    def _check_ours(self, db: sqlite3.Connection) -> None:
        """StoreError unless the file is empty or a reader bookmark store."""
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return
        app = db.execute("SELECT value FROM meta WHERE key='app'").fetchone() if "meta" in tables else None
        if app is None or app[0] != APP:
            raise StoreError(f"{self.path} is not a reader bookmark store; it was left untouched")

    def _check_whole(self, db: sqlite3.Connection) -> None:
        """StoreError if SQLite finds the file damaged. quick_check reads
        every page but skips the index-to-table cross-checks (0.6 ms for a
        store of 300 bookmarks)."""
        problems = [r[0] for r in db.execute("PRAGMA quick_check(1)")]
        if problems != ["ok"]:
            raise StoreError(self._damaged(problems[0] if problems else "no answer"))

    def _damaged(self, why: str) -> str:
        return (f"the bookmark store {self.path} is damaged ({why}); it was left untouched; "
                "`reader bookmarks export --salvage` writes out what can still be read")

    def _check_rows(self, db: sqlite3.Connection) -> None:
        """StoreError if a row cannot be read (text that is no longer UTF-8,
        tags no longer JSON): what list would find, found before any write."""
        if not db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='bookmarks'").fetchone():
            return
        try:
            for row in db.execute("SELECT * FROM bookmarks"):
                _from_row(row)
        except _ROW_ERRORS as e:
            raise StoreError(self._damaged(f"a row cannot be read: {type(e).__name__}")) from None

    def _check_version(self, db: sqlite3.Connection) -> int:
        version = 0
        if db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'").fetchone():
            row = db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            version = int(row[0]) if row else 0
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path} was written by a newer reader (schema {version}); upgrade reader")
        return version

    def _migrate(self, db: sqlite3.Connection) -> None:
        if self._check_version(db) == SCHEMA_VERSION:
            return  # nothing to write: a store is not changed by being opened
        with immediate(db):
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            if db.execute("SELECT value FROM meta WHERE key='app'").fetchone() is None:
                db.execute("INSERT INTO meta VALUES ('app', ?), ('schema', '0')", (APP,))
            version = int(db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise StoreError(f"{self.path} was written by a newer reader (schema {version}); upgrade reader")
            for v in range(version, SCHEMA_VERSION):
                for statement in filter(str.strip, MIGRATIONS[v].split(";")):
                    db.execute(statement)
            db.execute("UPDATE meta SET value=? WHERE key='schema'", (str(SCHEMA_VERSION),))

    def close(self) -> None:
        self.db.close()

    # --- changes: one transaction each -------------------------------------------

    def _write(self, sql: str, args: tuple, asked: bool = True) -> sqlite3.Cursor | None:
        """One change in its transaction. A read-only store refuses a change
        the user asked for (asked) and skips one of its own (an anchor kept
        true), which a list shows without saving."""
        if self.read_only:
            if not asked:
                return None
            raise StoreError(f"the bookmark store {self.path} is read-only (it or its folder); nothing was saved")
        for value in args:  # sqlite3 would raise on a lone surrogate
            if isinstance(value, str) and not _encodable(value):
                raise StoreError("cannot save text that is not UTF-8 (a byte of the note, a tag or the file's"
                                 " name); nothing was saved")
        try:
            with immediate(self.db):
                return self.db.execute(sql, args)
        except sqlite3.OperationalError as e:
            raise StoreError(self._explain(e)) from None

    def add(self, root: str, rel: str, doc, start: int, end: int, note: str = "", tags: list[str] | None = None) -> Bookmark:
        """Bookmark doc.text[start:end]: doc is an index.files.corpus.Document, its
        file rel (a path relative to the corpus folder root)."""
        if not (0 <= start < end <= len(doc.text)):
            raise StoreError(f"--start/--end {start}-{end} are outside the document (0-{len(doc.text)})")
        q = Quote.at(doc.text, start, end)
        now = _now()
        cur = self._write(
            'INSERT INTO bookmarks (root, doc, start, "end", exact, prefix, suffix, note, tags, created, updated,'
            " title, author, doc_sha, status, outlet, published, url) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?, 'ok',?,?,?)",
            (root, rel, start, end, q.exact, q.prefix, q.suffix, note, json.dumps(tags or [], ensure_ascii=False),
             now, now, doc.title, doc.author, text_sha(doc.text), getattr(doc, "outlet", ""),
             _published(doc), getattr(doc, "url", "")),
        )
        return self.get(cur.lastrowid)

    def get(self, bookmark_id: int) -> Bookmark:
        try:
            row = self.db.execute("SELECT * FROM bookmarks WHERE id=?", (bookmark_id,)).fetchone()
            bm = None if row is None else _from_row(row)
        except _ROW_ERRORS as e:
            raise self._refuse(e) from None
        if bm is None:
            raise StoreError(f"no bookmark {bookmark_id}")
        return bm

    def all(self) -> list[Bookmark]:
        try:
            return [_from_row(r) for r in self.db.execute("SELECT * FROM bookmarks ORDER BY id")]
        except _ROW_ERRORS as e:
            raise self._refuse(e) from None

    def _refuse(self, e: Exception) -> StoreError:
        """A damage found only when a row is read: no more writes either."""
        self.db.close()
        self.db = _Closed(self._damaged(f"a row cannot be read: {type(e).__name__}"))
        return StoreError(self.db.message)

    @staticmethod
    def salvage(path: Path | None = None) -> tuple[list[Bookmark], int]:
        """(every bookmark that can still be read, how many rows could not)
        from a store, damaged or not, opened read-only."""
        path = Path(path) if path else store_path()
        if not path.is_file():
            raise StoreError(f"there is no bookmark store at {path}")
        try:
            db = connect_read_only(path, LOCK_TIMEOUT)
        except sqlite3.DatabaseError as e:
            raise StoreError(f"cannot open {path} even to read it: {e}") from None
        db.row_factory = sqlite3.Row
        found, lost = [], 0
        try:
            top = _top_id(db)
            # One id at a time, each looked up from the root: a wrecked page
            # costs its own rows only, not every row after it.
            for i in range(1, top + 1):
                try:
                    row = db.execute("SELECT * FROM bookmarks WHERE id=?", (i,)).fetchone()
                    if row is not None:
                        found.append(_from_row(row))
                except _ROW_ERRORS:
                    lost += 1
        finally:
            db.close()
        return found, lost

    def remove(self, bookmark_id: int) -> Bookmark:
        bm = self.get(bookmark_id)
        self._write("DELETE FROM bookmarks WHERE id=?", (bookmark_id,))
        return bm

    def restore(self, bm: Bookmark) -> Bookmark:
        """Put back a removed bookmark, with its id (the way back from rm)."""
        d = bm.as_json()
        cols = ["id", "root", "doc", "start", "end", "exact", "prefix", "suffix", "note", "tags", "created",
                "updated", "title", "author", "doc_sha", "status"]
        d["tags"] = json.dumps(bm.tags, ensure_ascii=False)
        names = ", ".join(f'"{c}"' for c in cols)
        self._write(f"INSERT INTO bookmarks ({names}) VALUES ({', '.join('?' * len(cols))})", tuple(d[c] for c in cols))
        return self.get(bm.id)

    def set_note(self, bookmark_id: int, note: str) -> Bookmark:
        self.get(bookmark_id)
        self._write("UPDATE bookmarks SET note=?, updated=? WHERE id=?", (note, _now(), bookmark_id))
        return self.get(bookmark_id)

    def save_anchor(self, bm: Bookmark) -> None:
        self._write(
            'UPDATE bookmarks SET doc=?, start=?, "end"=?, exact=?, prefix=?, suffix=?, doc_sha=?, status=?, updated=?'
            " WHERE id=?",
            (bm.doc, bm.start, bm.end, bm.exact, bm.prefix, bm.suffix, bm.doc_sha, bm.status, _now(), bm.id),
            asked=False,
        )

    # --- keeping anchors true ------------------------------------------------------

    def reanchor(self, bm: Bookmark) -> Bookmark:
        """Check a bookmark against its document as it is now: follow the
        passage or the file (status moved) or mark it orphaned, never
        deleting it. What changed is saved."""
        from reader.index.files.corpus import Document, read_path, split_record

        file_part, n = split_record(bm.doc)  # "feed.xml#3": an article of a file holding several
        file = Path(bm.root) / file_part
        why = _cannot_read(file)
        if why:  # there, but not to be read now: as last saved, nothing changed
            self.unreadable[str(file)] = why
            bm.status = "unreadable"
            return bm
        doc = read_path(file, bm.doc if n is not None else None) if file.is_file() else None
        followed = False
        if not isinstance(doc, Document):
            doc = self._follow(bm)
            if doc is None:
                return self._mark(bm, "orphaned")
            followed = True
        if not followed and text_sha(doc.text) == bm.doc_sha:
            return self._mark(bm, "ok")
        quote = Quote(bm.exact, bm.prefix, bm.suffix)
        span = find(doc.text, quote, bm.start, bm.end)
        if span is None and not followed:
            # Not in this file's text, or not in this article of it any more
            # (a feed's new item renumbers the rest): its text elsewhere.
            doc = self._follow(bm)
            followed = doc is not None
            span = find(doc.text, quote, bm.start, bm.end) if followed else None
        if span is None:
            return self._mark(bm, "orphaned")
        if followed:
            n = split_record(doc.id)[1]
            bm.doc = doc.path.relative_to(bm.root).as_posix() + (f"#{n}" if n is not None else "")
        q = Quote.at(doc.text, *span)
        moved = followed or span != (bm.start, bm.end) or q.exact != bm.exact
        bm.start, bm.end = span
        bm.exact, bm.prefix, bm.suffix = q.exact, q.prefix, q.suffix
        bm.doc_sha, bm.status = text_sha(doc.text), "moved" if moved else "ok"
        self.save_anchor(bm)
        return bm

    def _follow(self, bm: Bookmark):
        """The same text under another name in the bookmark's folder, or
        None. The folder is read once per store, however many bookmarks
        lost their file (five orphans in a folder of 20,000 files cost a
        rescan each)."""
        from reader.index.files.corpus import Document, Root, read, walk

        shas = self._shas.get(bm.root)
        if shas is None:
            shas = self._shas[bm.root] = {}
            files, _skipped = walk([Root(Path(bm.root))])
            for entry in files:
                for doc in read(entry):
                    if isinstance(doc, Document):
                        shas.setdefault(text_sha(doc.text), entry)
        entry = shas.get(bm.doc_sha)
        docs = read(entry) if entry is not None else []
        return next((d for d in docs if isinstance(d, Document) and text_sha(d.text) == bm.doc_sha), None)

    def _mark(self, bm: Bookmark, status: str) -> Bookmark:
        if bm.status != status:
            bm.status = status
            self._write("UPDATE bookmarks SET status=?, updated=? WHERE id=?", (status, _now(), bm.id), asked=False)
        return bm


def _cannot_read(file: Path) -> str | None:
    """Why a bookmarked file that is there cannot be read (a folder made
    unreadable), or None: readable, or gone (then followed or orphaned)."""
    try:
        os.close(os.open(file, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)))
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as e:
        return e.strerror or type(e).__name__
    return None


def _published(doc) -> str:
    """The day a citation gives: the article's, not a file's modification time."""
    return doc.date if getattr(doc, "date_from", "") in ("manifest", "metadata", "text") else ""


# What reading a damaged row raises: SQLite's own errors, text that is no
# longer UTF-8, tags that are no longer JSON, a column of the wrong type.
_ROW_ERRORS = (sqlite3.DatabaseError, ValueError, TypeError, KeyError)


def _from_row(row: sqlite3.Row) -> Bookmark:
    d = dict(row)
    d["tags"] = json.loads(d.get("tags") or "[]")
    bm = Bookmark(**d)
    if not (isinstance(bm.id, int) and isinstance(bm.start, int) and isinstance(bm.end, int)
            and all(isinstance(getattr(bm, k), str) for k in ("root", "doc", "exact", "prefix", "suffix", "note"))
            and isinstance(bm.tags, list) and all(isinstance(t, str) for t in bm.tags)):
        raise TypeError("a column holds a value of the wrong type")
    return bm


def _top_id(db: sqlite3.Connection) -> int:
    """The highest bookmark id there ever was, by whichever table still answers."""
    for sql in ("SELECT seq FROM sqlite_sequence WHERE name='bookmarks'", "SELECT max(id) FROM bookmarks"):
        try:
            row = db.execute(sql).fetchone()
        except _ROW_ERRORS:
            continue
        if row and isinstance(row[0], int) and 0 <= row[0] <= 10_000_000:
            return row[0]
    raise StoreError("no bookmark can be read from the store: its tables are wrecked")


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class _Closed:
    """Stands in for the connection of a store found damaged: every use is refused."""

    def __init__(self, message: str):
        self.message = message

    def execute(self, *_args, **_kw):
        raise StoreError(self.message)

    def close(self) -> None:
        pass
