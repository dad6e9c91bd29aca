"""Search on an open Whoosh index: ranked hits, the total, snippets, documents.

Everything leaves this module typed (Hit, Results, Document, DocumentInfo):
no Whoosh object or stored-field dict goes further up.
"""

from __future__ import annotations

import pickle
import struct
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from reader.index.compiler import compile_query
from reader.index.corpus import Document, parse
from reader.index.query import QueryError
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
    # The query's words and phrases, as snippets highlight them: a front end
    # lights a whole document with highlight_spans(text, *results.terms).
    terms: tuple[list, list] = ([], [])

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.limit))

    def highlights(self, text: str) -> list[tuple[int, int]]:
        """Offsets of every form of the query's words in a document's text."""
        from reader.index.snippets import highlight_spans

        return [(m.start, m.end) for m in highlight_spans(text, *self.terms)]


@dataclass(frozen=True)
class DocumentInfo:
    id: str
    path: str
    title: str
    author: str

    def as_json(self) -> dict:
        return {"id": self.id, "path": self.path, "title": self.title, "author": self.author}


# What a damaged segment file raises inside Whoosh.
READ_ERRORS = (OSError, EOFError, ValueError, KeyError, IndexError, struct.error, zlib.error, pickle.UnpicklingError)


def search(ix, query: str, limit: int = 10, page: int = 1, snippets: int = MAX_SNIPPETS, tree=None) -> Results:
    """Page ``page`` of ``limit`` hits for a query (tree: what query.parse()
    made of it, when the caller has parsed it already).

    The ranking is exhaustive: every matching document is scored, so the
    hits of page k are exactly ranks (k-1)*limit+1 .. k*limit of one long
    list, whatever the page size; equal scores go in index order.
    """
    if limit < 1 or page < 1:
        raise QueryError("--limit and --page must be 1 or more")
    from whoosh import collectors, scoring

    started = time.perf_counter()
    with ix.searcher(weighting=scoring.BM25F()) as searcher:
        comp = compile_query(query if tree is None else tree, lambda norm: searcher.doc_frequency("exact", norm))
        ranked = comp.ranked
        # usequality and replace off: Whoosh's block skipping and matcher
        # replacement drop optional clauses and so change scores (see
        # tests/test_ranking.py); scoring everything is exact.
        collector = collectors.TopCollector(limit=page * limit, usequality=False, replace=0)
        searcher.search_with_collector(ranked, collector)
        found = collector.results()
        offset = (page - 1) * limit
        results = Results(query, len(found), page, limit, terms=(comp.words, comp.phrases))
        for i, (docnum, score) in enumerate(list(found.items())[offset : offset + limit]):
            stored = searcher.stored_fields(docnum)
            results.hits.append(
                Hit(
                    rank=offset + i + 1,
                    id=stored["id"],
                    path=stored.get("path", ""),
                    title=stored.get("title", ""),
                    author=stored.get("author", ""),
                    score=score,
                    snippets=make_snippets(stored.get("text", ""), comp.words, comp.phrases, snippets),
                )
            )
    results.seconds = time.perf_counter() - started
    return results


def list_documents(ix) -> list[DocumentInfo]:
    """Every document, sorted by id."""
    with ix.searcher() as s:
        docs = [DocumentInfo(f["id"], f.get("path", ""), f.get("title", ""), f.get("author", "")) for f in s.all_stored_fields()]
    return sorted(docs, key=lambda d: d.id)


def document(ix, doc_id: str) -> tuple[Document, object] | None:
    """A document by id, as indexed, and its stored entity spans; or None."""
    with ix.searcher() as s:
        found = s.document(id=doc_id)
    if found is None:
        return None
    doc = parse(found["id"], Path(found["path"]), found["text"], found.get("encoding", "utf-8"))
    return doc, found.get("entities")
