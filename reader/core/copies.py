"""The copies pass: which documents of the corpus are copies of one another.

Run once the text index is published, before the entity pass (seconds
where entities take minutes), by `reader index`, the TUI, and the
background pass after a first build:

- each text is sketched once (reader.core.shingles) and kept by its hash in
  copies.sqlite3 beside the index: a rebuild, a renamed or copied file is
  never sketched again;
- texts whose sketches agree on a band are candidates, and each candidate
  pair is measured exactly on its two texts (the percentage a user sees is
  the true share of shingles), kept by its two hashes;
- the pairs of index.copies.SAME or more, and documents of the very same
  text, are written for this state of the text index (index.copies),
  where a search finds them.

One pass at a time per corpus (its own lock). Killed, it loses the
sketches of the batch it was writing; the groups stay those of the state
before, which a search does not use for a newer state.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from reader.errors import ReaderError
from reader.index.engine.backend import WhooshBackend
from reader.index.copies import SAME
from reader.index.lock import Lock
from reader.index.progress import Progress, ProgressFn, Ticking
from reader.transaction import immediate

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sketch (hash TEXT PRIMARY KEY, mins BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS pair (a TEXT NOT NULL, b TEXT NOT NULL, similar REAL NOT NULL, PRIMARY KEY (a, b));
"""


class SketchStoreError(ReaderError):
    pass


@dataclass
class CopiesReport:
    total: int = 0  # documents in the text index
    sketched: int = 0  # texts sketched this time
    measured: int = 0  # candidate pairs measured this time
    pairs: int = 0  # pairs of copies (distinct texts)
    same: int = 0  # documents whose text another document has too
    seconds: float = 0.0

    def summary(self) -> str:
        return (f"copies among {self.total} documents: {self.pairs} pairs of copies, {self.same} documents"
                f" of a text another has too; {self.sketched} texts sketched, {self.measured} pairs measured;"
                f" {self.seconds:.1f}s")


def paths(backend: WhooshBackend) -> tuple[Path, Path]:
    """(sketch store, lock file) of a corpus."""
    return backend.folder / "copies.sqlite3", backend.folder / "copies.lock"


def current(backend: WhooshBackend, snap) -> bool:
    """Whether the copies of this state of the text index are written."""
    return backend.copies.identity() == snap.identity()


def find_copies(backend: WhooshBackend, progress: ProgressFn | None = None, wait: bool = False) -> CopiesReport:
    """Write the copies of the text index as it is now (IndexBusy if another
    pass is at work, unless wait)."""
    started = time.perf_counter()
    report = CopiesReport()
    store_path, lock = paths(backend)
    backend.folder.mkdir(parents=True, exist_ok=True)
    with Lock(lock, wait=wait):
        snap = backend.open()
        try:
            report.total = snap.doc_count()
            if not current(backend, snap):
                store = SketchStore(store_path)
                try:
                    _find(snap, store, backend, report, progress)
                finally:
                    store.close()
        finally:
            snap.close()
    report.seconds = time.perf_counter() - started
    return report


def _find(snap, store: "SketchStore", backend: WhooshBackend, report: CopiesReport, progress) -> None:
    from reader.core.shingles import Shingler, candidates, jaccard, sketch

    identity = snap.identity()
    docs = snap.catalog()
    ids_of: dict[str, list[str]] = {}
    for doc_id, text_hash in sorted(docs.items()):
        ids_of.setdefault(text_hash, []).append(doc_id)
    shingler = Shingler()
    new = {ids[0] for h, ids in ids_of.items() if not store.has(h)}
    state = Progress(total=len(new), phase="copies")
    rows = []
    for _id, text_hash, text in snap.texts(new):
        rows.append((text_hash, sketch(shingler.shingles(text))))
        state.done += 1
        if len(rows) >= 500:
            store.put(rows)
            rows = []
        if progress and state.done % 50 == 0:
            progress(state)
    store.put(rows)
    report.sketched = len(new)
    with Ticking(progress, Progress(phase="comparing")):
        sketches = store.sketches(ids_of)
        pairs = candidates((h, s) for h, s in sketches.items() if s.min() != 0xFFFFFFFF)
        known = store.pairs()
        todo = sorted(p for p in pairs if p not in known)
        texts = {h: shingler.shingles(t) for _id, h, t in snap.texts({ids_of[h][0] for p in todo for h in p})}
        measured = [(a, b, jaccard(texts[a], texts[b])) for a, b in todo]
        store.put_pairs(measured)
        report.measured = len(measured)
        known.update(((a, b), s) for a, b, s in measured)
        docnums = snap.docnums()
        out = []
        for (a, b), similar in known.items():
            if similar >= SAME and a in ids_of and b in ids_of:
                report.pairs += 1
                out.extend((docnums[x], docnums[y], similar) for x in ids_of[a] for y in ids_of[b])
        for ids in ids_of.values():  # the very same text under several names
            report.same += len(ids) if len(ids) > 1 else 0
            out.extend((docnums[x], docnums[y], 1.0) for i, x in enumerate(ids) for y in ids[i + 1 :])
        backend.copies.write(identity, snap.doc_count_all(), out, snap.engine_ids())


class SketchStore:
    """The sketch of every text by its hash, and the measured pairs."""

    def __init__(self, path: Path):
        try:
            self._open(path)
        except sqlite3.DatabaseError:  # a damaged cache: made again (15 s for 30,000 articles)
            try:
                for damaged in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                    damaged.unlink(missing_ok=True)
                self._open(path)
            except (sqlite3.DatabaseError, OSError) as e:
                raise SketchStoreError(f"the sketch store {path} cannot be written ({e})") from None

    def _open(self, path: Path) -> None:
        from reader.core.shingles import VERSION

        self.db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")  # a lost tail costs a re-run, never damage
        self.db.executescript(_SCHEMA)
        row = self.db.execute("SELECT value FROM meta WHERE key='version'").fetchone()
        if row is None or row[0] != VERSION:  # another way of sketching: start again
            with immediate(self.db):
                self.db.execute("DELETE FROM sketch")
                self.db.execute("DELETE FROM pair")
                self.db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (VERSION,))
        self._have = {h for (h,) in self.db.execute("SELECT hash FROM sketch")}

    def close(self) -> None:
        self.db.close()

    def has(self, text_hash: str) -> bool:
        return text_hash in self._have

    def put(self, rows) -> None:
        with immediate(self.db):
            self.db.executemany("INSERT OR REPLACE INTO sketch VALUES (?, ?)", ((h, s.tobytes()) for h, s in rows))
        self._have.update(h for h, _s in rows)

    def sketches(self, hashes) -> dict:
        import numpy as np

        wanted = set(hashes)
        return {h: np.frombuffer(mins, dtype=np.uint32) for h, mins in self.db.execute("SELECT hash, mins FROM sketch")
                if h in wanted}

    def pairs(self) -> dict[tuple[str, str], float]:
        return {(a, b): s for a, b, s in self.db.execute("SELECT a, b, similar FROM pair")}

    def put_pairs(self, rows) -> None:
        with immediate(self.db):
            self.db.executemany("INSERT OR REPLACE INTO pair VALUES (?, ?, ?)", rows)
