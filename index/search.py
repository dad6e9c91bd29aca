"""Search: ranked hits, the total, and snippets, on an open Whoosh index."""

from __future__ import annotations

import pickle
import struct
import time
import zlib
from dataclasses import dataclass, field

from reader.index import query as q
from reader.index.compiler import compile_query
from reader.index.snippets import MAX_SNIPPETS, Snippet, make_snippets


@dataclass
class Hit:
    rank: int
    id: str
    path: str
    title: str
    author: str
    score: float
    snippets: list[Snippet]

    def as_json(self) -> dict:
        return {
            "rank": self.rank,
            "id": self.id,
            "path": self.path,
            "title": self.title,
            "author": self.author,
            "score": round(self.score, 4),
            "snippets": [s.as_json() for s in self.snippets],
        }


@dataclass
class Results:
    query: str
    total: int
    page: int
    limit: int
    hits: list[Hit] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.limit))


def search(ix, text: str, limit: int = 10, page: int = 1, snippets: int = MAX_SNIPPETS) -> Results:
    """Ranked hits for the query on an open Whoosh index."""
    if limit < 1 or page < 1:
        raise q.QueryError("--limit and --page must be 1 or more")
    started = time.perf_counter()
    compile_query(text)  # a bad query is the user's error, not the index's
    try:
        return _run(ix, text, limit, page, snippets, started)
    except _READ_ERRORS as e:
        from reader.index.store import IndexCorrupt

        raise IndexCorrupt(f"reading it failed: {type(e).__name__}: {e}") from e


def list_documents(ix) -> list[dict]:
    """id, path, title and author of every document, sorted by id."""
    try:
        with ix.searcher() as s:
            docs = [
                {"id": f["id"], "path": f.get("path", ""), "title": f.get("title", ""), "author": f.get("author", "")}
                for f in s.all_stored_fields()
            ]
    except _READ_ERRORS as e:
        from reader.index.store import IndexCorrupt

        raise IndexCorrupt(f"reading it failed: {type(e).__name__}: {e}") from e
    return sorted(docs, key=lambda d: d["id"])


def stored_document(ix, doc_id: str) -> dict | None:
    """The stored fields of one document by id, or None."""
    try:
        with ix.searcher() as s:
            return s.document(id=doc_id)
    except _READ_ERRORS as e:
        from reader.index.store import IndexCorrupt

        raise IndexCorrupt(f"reading it failed: {type(e).__name__}: {e}") from e


# What a damaged segment file raises inside Whoosh.
_READ_ERRORS = (OSError, EOFError, ValueError, KeyError, IndexError, struct.error, zlib.error, pickle.UnpicklingError)


def _run(ix, text, limit, page, snippets, started) -> Results:
    from whoosh import scoring

    with ix.searcher(weighting=scoring.BM25F()) as searcher:
        comp = compile_query(text, searcher)
        # Whoosh's shortcuts (skipping blocks that cannot reach the top) make
        # the ranking fast but leave the total uncounted; the match query
        # counts it unscored.
        res = searcher.search(comp.ranked, limit=page * limit)
        total = len(res) if res.has_exact_length() else sum(1 for _ in searcher.docs_for_query(comp.match))
        offset = (page - 1) * limit
        results = Results(text, total, page, limit)
        for i, hit in enumerate(res[offset : offset + limit]):
            stored = hit.fields()
            results.hits.append(
                Hit(
                    rank=offset + i + 1,
                    id=stored["id"],
                    path=stored.get("path", ""),
                    title=stored.get("title", ""),
                    author=stored.get("author", ""),
                    score=hit.score,
                    snippets=make_snippets(stored.get("text", ""), comp.words, comp.phrases, snippets),
                )
            )
    results.seconds = time.perf_counter() - started
    return results
