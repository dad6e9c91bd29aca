"""What the cluster keeps of each document, read back: one document, the
listing, and what the copies pass reads (every id's text hash, texts).

The corpus is read a page at a time in engine-id order: the engine returns
at most max_matches rows a query.
"""

from __future__ import annotations

from collections.abc import Iterator

from reader.index.cluster.config import INDEX, NUMBERS, STRINGS
from reader.index.cluster.feed import STAMP_ID, document_of, engine_id, keep, unkeep
from reader.index.files import dates
from reader.index.results import DocumentInfo

PAGE = 1000  # rows a query
TEXTS_AT_ONCE = 200  # texts a query (a few hundred kilobytes)


def document(db, doc_id: str):
    cols = ", ".join(("id",) + STRINGS + NUMBERS)
    rows = db.query(f"SELECT {cols} FROM {INDEX} WHERE id = {engine_id(doc_id)}")
    if not rows:
        return None
    stored = dict(zip(("id",) + STRINGS + NUMBERS, rows[0]))
    return document_of(stored) if stored["doc_id"] == keep(doc_id) else None


def _rows(db, cols: str) -> Iterator[list]:
    """Every document's cols (the engine id first), in engine-id order."""
    last = STAMP_ID
    while True:
        rows = db.query(f"SELECT id, {cols} FROM {INDEX} WHERE id > {last} ORDER BY id ASC LIMIT {PAGE} "
                        f"OPTION max_matches={PAGE}")
        for r in rows:
            yield [unkeep(v) if isinstance(v, str) else v for v in r]
        if len(rows) < PAGE:
            return
        last = int(rows[-1][0])


def list_documents(db) -> list[DocumentInfo]:
    """Every document, sorted by id."""
    out = [DocumentInfo(r[1], r[2], r[3], r[4], dates.iso(int(r[5] or 0)), r[6], r[7], dates.iso(int(r[8] or 0)),
                        r[9] == "ocr")
           for r in _rows(db, "doc_id, path, title, author, day, outlet, date_from, file_day, encoding")]
    return sorted(out, key=lambda d: d.id)


def catalog(db) -> list[tuple[int, str, str]]:
    """(engine id, id, text hash) of every document, in engine-id order."""
    return [(int(r[0]), r[1], r[2]) for r in _rows(db, "doc_id, hash")]


def texts(db, wanted: set[str], share: tuple[int, int] = (0, 1)) -> Iterator[tuple[str, str, str]]:
    """(id, text hash, text) of the wanted documents in engine-id order;
    share=(i, n): every n-th from the i-th, as the embedded index splits them."""
    part, parts = share
    ids = sorted(engine_id(d) for d in wanted)
    ids = [e for n, e in enumerate(ids, 1) if n % parts == part]
    for i in range(0, len(ids), TEXTS_AT_ONCE):
        chunk = ids[i:i + TEXTS_AT_ONCE]
        rows = db.query(f"SELECT id, doc_id, hash, text FROM {INDEX} WHERE id IN ({', '.join(map(str, chunk))}) "
                        f"ORDER BY id ASC LIMIT {len(chunk)} OPTION max_matches={len(chunk)}")
        for r in rows:
            yield unkeep(r[1]), unkeep(r[2]), unkeep(r[3])
