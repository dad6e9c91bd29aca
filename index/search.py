"""Search on an open Whoosh index: ranked hits, the total, snippets, documents.

Everything leaves this module typed (Hit, Results, Document, DocumentInfo):
no Whoosh object or stored-field dict goes further up.
"""

from __future__ import annotations

import pickle
import struct
import time
import zlib
from collections import namedtuple
from pathlib import Path

from reader.index.compiler import compile_query
from reader.index.corpus import Document, parse
from reader.index.postings import View
from reader.index.query import QueryError
from reader.index.ranking import Ranker, top
from reader.index.snippets import MAX_SNIPPETS, make_snippets


class Hit(namedtuple("Hit", "rank id path title author score snippets")):
    """One ranked document: its rank from 1, id, absolute path, title,
    author, score and snippets."""

    __slots__ = ()

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


class Results:
    """A page of hits and what a front end shows around them."""

    def __init__(self, query: str, total: int, page: int, limit: int, terms=([], [])):
        self.query, self.total, self.page, self.limit = query, total, page, limit
        self.hits: list[Hit] = []
        self.seconds = 0.0
        # The query's words and phrases, as snippets highlight them.
        self.terms = terms
        self.notice = ""  # one line a front end shows beside the hits

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.limit))

    def highlights(self, text: str) -> list[tuple[int, int]]:
        """Offsets of every form of the query's words in a document's text."""
        from reader.index.snippets import highlight_spans

        return [(m.start, m.end) for m in highlight_spans(text, *self.terms)]


class DocumentInfo(namedtuple("DocumentInfo", "id path title author")):
    __slots__ = ()

    def as_json(self) -> dict:
        return dict(self._asdict())


# What a damaged segment file raises inside Whoosh.
READ_ERRORS = (OSError, EOFError, ValueError, KeyError, IndexError, struct.error, zlib.error, pickle.UnpicklingError)


def search(ix, query: str, limit: int | None = 10, page: int = 1, snippets: int = MAX_SNIPPETS, tree=None,
           names=None, budget=None) -> Results:
    """Page ``page`` of ``limit`` hits for a query (limit None: every hit).

    tree: what query.parse() made of the query, when the caller has it;
    names: the name index (index.names.NameIndex) for person:, place: ...
    budget: when to stop (index.ranking.Budget: a time bound, a cancel).
    Every matching document is scored, so the hits of page k are exactly
    ranks (k-1)*limit+1 .. k*limit of one list, whatever the page size.
    """
    if (limit is not None and limit < 1) or page < 1:
        raise QueryError("--limit and --page must be 1 or more")
    started = time.perf_counter()
    with ix.reader() as reader:
        view = View(reader)
        comp = compile_query(query if tree is None else tree, lambda norm: view.doc_frequency("exact", norm))
        scores = _scores(view, comp, names, budget)
        offset = (page - 1) * (limit or 0)
        best = top(scores, len(scores) if limit is None else page * limit)[offset:]
        results = Results(query, len(scores), page, limit or max(1, len(scores)), terms=(comp.words, comp.phrases))
        results.notice = limited_notice(view)
        for i, (docnum, score) in enumerate(best):
            stored = view.stored_fields(docnum)
            text = view.column("text", docnum).decode("utf-8", "surrogatepass") if snippets else ""
            results.hits.append(
                Hit(
                    rank=offset + i + 1,
                    id=stored["id"],
                    path=stored.get("path", ""),
                    title=stored.get("title", ""),
                    author=stored.get("author", ""),
                    score=score,
                    snippets=make_snippets(text, comp.words, comp.phrases, snippets) if snippets else [],
                )
            )
    results.seconds = time.perf_counter() - started
    return results


def matching_paths(ix, query: str, tree=None, names=None, budget=None) -> tuple[list[str], str]:
    """The path of every document a query matches, best first (reader search
    -l), read from the path column: no stored fields, no snippets; and the
    notice a search would carry."""
    with ix.reader() as reader:
        view = View(reader)
        comp = compile_query(query if tree is None else tree, lambda norm: view.doc_frequency("exact", norm))
        scores = _scores(view, comp, names, budget)
        paths = [view.column("path", d) for d, _score in top(scores, len(scores))]
    return [p.decode("utf-8", "surrogateescape") if isinstance(p, bytes) else p for p in paths], limited_notice(view)


def _scores(view, comp, names, budget) -> dict[int, float]:
    if names is not None and comp.uses_names:
        with names.lookup(view) as lookup:
            return Ranker(view, lookup, budget).run(comp.plan)
    return Ranker(view, budget=budget).run(comp.plan)


def limited_notice(view) -> str:
    """A line saying which prefixes were cut to their most frequent words, or ""."""
    if not view.limited:
        return ""
    from reader.index.ranking import MAX_EXPANSION

    cut = ", ".join(f"{p}* ({n:,} words)" for p, n in sorted(view.limited.items()))
    return f"searched only the {MAX_EXPANSION} most frequent words of {cut}: type more letters to reach the rest"


def list_documents(ix) -> list[DocumentInfo]:
    """Every document, sorted by id."""
    with ix.searcher() as s:
        docs = [DocumentInfo(f["id"], f.get("path", ""), f.get("title", ""), f.get("author", "")) for f in s.all_stored_fields()]
    return sorted(docs, key=lambda d: d.id)


def document(ix, doc_id: str) -> Document | None:
    """A document by id, as indexed; None if the index has no such id."""
    with ix.reader() as reader:
        view = View(reader)
        docnum = view.docnum(doc_id)
        if docnum is None:
            return None
        stored = view.stored_fields(docnum)
        text = view.column("text", docnum).decode("utf-8", "surrogatepass")
    return parse(stored["id"], Path(stored["path"]), text, stored.get("encoding", "utf-8"))


def catalog(ix) -> dict[str, str]:
    """{id: text hash} of every document in the index."""
    with ix.reader() as r:
        return {f["id"]: f.get("hash", "") for f in r.all_stored_fields()}


def texts(ix, wanted: set[str], share: tuple[int, int] = (0, 1)):
    """(id, hash, text) of the wanted documents, in index order; share=(i, n)
    gives every n-th document from the i-th, so n workers split the work."""
    part, parts = share
    with ix.reader() as reader:
        view = View(reader)
        n = 0
        for seg, offset, deleted in view.leaves:
            for d in range(seg.doc_count_all()):
                if d in deleted:
                    continue
                stored = seg.stored_fields(d)
                if stored.get("id") not in wanted:
                    continue
                n += 1
                if n % parts != part:
                    continue
                text = view.column("text", d + offset).decode("utf-8", "surrogatepass")
                yield stored["id"], stored.get("hash", ""), text


def matching_ids(ix, query: str) -> set[str]:
    """The ids of every document a query matches (no ranking, no names)."""
    with ix.reader() as reader:
        view = View(reader)
        comp = compile_query(query)
        docnums = Ranker(view).match(comp.plan)
        if not docnums:
            return set()
        return {doc_id for doc_id, d in view.ids().items() if d in docnums}
