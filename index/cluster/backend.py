"""The cluster behind the backend interface (index.engine.backend): a
Backend and its Snapshot, as the core sees every engine.

What the cluster does not keep yet (the entity index) raises NotServed,
one line saying so; `serves` names the passes it allows (the copies). The
copies pass's file stays on this machine, beside the manifest, its pairs
by engine id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from reader.index.cluster import search as _search
from reader.index.cluster import stored
from reader.index.cluster.client import Connection, check_version, parse_spec, shard_addresses
from reader.index.cluster.config import INDEX
from reader.index.cluster.feed import STAMP_ID, Feed
from reader.index.copies import CopiesFile
from reader.index.errors import ClusterError, NoIndex
from reader.index.files.corpus import Document, Root
from reader.index.progress import ProgressFn, Report
from reader.index.results import DocumentInfo, Results

class ClusterSnapshot:
    """The cluster as it is now: a real-time index is always its newest
    state, which state says (the build and this machine's manifest)."""

    def __init__(self, spec: str, db: Connection, shards: list[Connection], state: str, copies: CopiesFile):
        self.spec, self.db, self.state = spec, db, state
        self._stats, self._copies = shards, copies
        self.engine = _search.Engine(db, shards)
        self._catalog: list[tuple[int, str, str]] | None = None

    def close(self) -> None:
        for c in [self.db, *self._stats]:
            c.close()

    def identity(self) -> str:
        return f"{self.spec} {self.state}"

    def search(self, request, snippets: int, budget=None) -> Results:
        return _search.search(self.engine, request, snippets, self.copies() if request.group else None)

    def copies(self):
        return self._copies.load(self.identity())

    def copy_groups(self):
        copies = self.copies()
        return None if copies is None else _search.copy_groups(self.engine, copies)

    def suggestion(self, request) -> str | None:
        return _search.suggestion(self.engine, request)

    def paths(self, request, budget=None) -> tuple[list[str], str]:
        results = _search.search(self.engine, request._replace(limit=None, page=1), 0)
        return list(dict.fromkeys(h.path for h in results.hits)), results.notice

    def timeline(self, request, by: str, budget=None):
        return _search.timeline(self.engine, request, by)

    def concordance(self, request, budget=None, max_docs: int | None = None):
        return _search.concordance(self.engine, request, max_docs, budget)

    def related(self, text: str, doc_id: str | None, limit: int = 10) -> Results:
        return _search.related(self.engine, text, doc_id, limit)

    def document(self, doc_id: str) -> Document | None:
        return stored.document(self.db, doc_id)

    def documents(self) -> list[DocumentInfo]:
        return stored.list_documents(self.db)

    def doc_count(self) -> int:
        return self.engine.totals()[0]

    # What the copies pass reads: documents numbered in engine-id order.

    def _all(self) -> list[tuple[int, str, str]]:
        if self._catalog is None:
            self._catalog = stored.catalog(self.db)
        return self._catalog

    def docnums(self) -> dict[str, int]:
        return {doc_id: n for n, (_e, doc_id, _h) in enumerate(self._all())}

    def doc_count_all(self) -> int:
        return len(self._all())

    def engine_ids(self) -> list[int]:
        return [e for e, _d, _h in self._all()]

    def catalog(self) -> dict[str, str]:
        return {doc_id: text_hash for _e, doc_id, text_hash in self._all()}

    def texts(self, wanted: set[str], share: tuple[int, int] = (0, 1)) -> Iterator[tuple[str, str, str]]:
        return stored.texts(self.db, wanted, share)

    def highlight_terms(self, query: str) -> tuple[list, list]:
        from reader.index.compiler import compile_query
        from reader.index.query import parse, split_filters

        rest, _wanted, _unwanted = split_filters(parse(query))
        if rest is None:
            return [], []
        comp = compile_query(rest, self.engine.agreement())
        return comp.words, comp.phrases

    def matching_ids(self, query: str) -> set[str]:
        from reader.index.request import Request

        return {h.id for h in _search.search(self.engine, Request.of(query, limit=None), 0).hits}

    def reopen_spec(self) -> str:
        return self.spec


class ClusterBackend:
    """One corpus on a cluster named by sphinx://HOST:PORT (its aggregator)."""

    serves = frozenset({"copies"})  # not the entity pass yet

    def __init__(self, spec: str, roots: list[Root], base: Path | None = None, options=None):
        from reader.index.locations import cache_root, corpus_key

        self.spec = spec
        self.host, self.port = parse_spec(spec)
        self.roots, self.options = roots, options
        self._key = corpus_key(roots)
        self._folder = (base or cache_root()) / self._key / f"cluster-{self.host}-{self.port}"
        self.copies = CopiesFile(self._folder / "copies.bin")

    @property
    def key(self) -> str:
        return self._key

    @property
    def folder(self) -> Path:
        return self._folder

    def _aggregator(self) -> Connection:
        db = Connection(self.host, self.port, "aggregator")
        try:
            check_version(db)
        except ClusterError:
            db.close()
            raise
        return db

    def open(self) -> ClusterSnapshot:
        """The cluster's index; NoIndex when this corpus was never sent to it."""
        db = self._aggregator()
        shards = shard_addresses(db)
        stamps = db.query(f"SELECT id FROM {INDEX} WHERE id <= {STAMP_ID} LIMIT {STAMP_ID}")
        down = _search.lost(db.warnings())  # a shard down is no missing index: its searches say what they lack
        state = self._feed([]).state()
        if not state or (len(stamps) < len(shards) and not down):
            db.close()
            raise NoIndex("this corpus has not been sent to the cluster yet")
        stats = []  # the shards that answer, for keyword statistics (a shard down is said by the search)
        for host, port in shards:
            try:
                stats.append(Connection(host, port, "shard"))
            except ClusterError:
                pass
        return ClusterSnapshot(self.spec, db, stats, state, self.copies)

    def is_live(self, snap: ClusterSnapshot) -> bool:
        return True

    def update(self, progress: ProgressFn | None = None, rebuild: bool = False, wait: bool = False,
               on_wait: Callable[[str], None] | None = None) -> Report:
        db = self._aggregator()
        try:
            shards = [Connection(host, port, "shard") for host, port in shard_addresses(db)]
        finally:
            db.close()
        try:
            return self._feed(shards).update(self.roots, progress, rebuild, wait, on_wait)
        finally:
            for s in shards:
                s.close()

    def _feed(self, shards: list[Connection]) -> Feed:
        return Feed(shards, self._folder, self._key, self.options)
