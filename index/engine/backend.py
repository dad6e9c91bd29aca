"""The one interface between the core and a search engine.

The core (reader.core.library and its entity pass, reader.core.enrich) asks an index
for no more than what is here, and it is the only caller: the CLI and the
TUI never see a backend. WhooshBackend, over this package's Whoosh index,
is the one there is. A second one (an OpenSearch cluster for archives
beyond one machine) would implement the same two classes; what it would
take to bring the Arabic analysis there is in docs/architecture.md ("A second
backend").

    Backend    one corpus: open() a Snapshot, update() from its folders, the
               name index, and a folder for what the core keeps beside it
    Snapshot   one consistent state of the text index: search, paths,
               documents, and what the entity and copies passes read
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from reader.index.engine import search as _search
from reader.index.copies import CopiesFile
from reader.index.files.corpus import Document, Root
from reader.index.engine.names import NameIndex, text_identity
from reader.index.progress import ProgressFn, Report
from reader.index.budget import Budget  # noqa: F401 - the core's way to bound a search
from reader.index.engine.search import READ_ERRORS, Copy, DocumentInfo, Hit, Results
from reader.index.engine.store import IndexStore

__all__ = ["READ_ERRORS", "Copy", "DocumentInfo", "Hit", "Results", "Snapshot", "WhooshBackend"]


class Snapshot:
    """An open state of the text index (Whoosh: one commit of it). Reads
    that fail on a damaged file raise one of READ_ERRORS."""

    def __init__(self, ix, names: NameIndex, copies: CopiesFile | None = None):
        self._ix, self._names, self._copies = ix, names, copies

    def close(self) -> None:
        self._ix.close()

    def identity(self) -> str:
        """Which state this is: the entity pass records what it has done for."""
        return text_identity(self._ix)

    def search(self, request, snippets: int, budget=None) -> Results:
        """request.group: fold each document's copies under it, when the copies
        pass has found them for this state (Results.grouped says whether)."""
        copies = self.copies() if request.group else None
        return _search.search(self._ix, request, snippets, self._names, budget, copies)

    def copies(self):
        """The copy pairs of this state (index.copies.Copies), or None when
        the copies pass has not found them yet."""
        return self._copies.load(self.identity()) if self._copies is not None else None

    def copy_groups(self) -> list[tuple[Hit, list[Copy]]] | None:
        """Every group of copies: its oldest document, and the copies of it;
        None when the copies pass has not found them for this state."""
        copies = self.copies()
        return None if copies is None else _search.copy_groups(self._ix, copies)

    def suggestion(self, request) -> str | None:
        return _search.suggestion(self._ix, request)

    def paths(self, request, budget=None) -> tuple[list[str], str]:
        return _search.matching_paths(self._ix, request, self._names, budget)

    def timeline(self, request, by: str, budget=None) -> tuple[list[tuple[str, int]], int]:
        return _search.timeline(self._ix, request, by, self._names, budget)

    def concordance(self, request, budget=None, max_docs: int | None = None):
        return _search.concordance(self._ix, request, self._names, budget, max_docs)

    def related(self, text: str, doc_id: str | None, limit: int = 10) -> Results:
        return _search.related(self._ix, text, doc_id, limit)

    def document(self, doc_id: str) -> Document | None:
        return _search.document(self._ix, doc_id)

    def documents(self) -> list[DocumentInfo]:
        return _search.list_documents(self._ix)

    def doc_count(self) -> int:
        return self._ix.doc_count()

    # What the entity pass reads.

    def docnums(self) -> dict[str, int]:
        """{id: document number} of every live document (the copies pass)."""
        return _search.docnums(self._ix)

    def doc_count_all(self) -> int:
        """Document numbers in use, deleted ones too."""
        return self._ix.doc_count_all()

    def engine_ids(self) -> None:
        """The engine's id of each document number: None, Whoosh's are its numbers."""
        return None

    def catalog(self) -> dict[str, str]:
        """{id: text hash} of every document."""
        return _search.catalog(self._ix)

    def texts(self, wanted: set[str], share: tuple[int, int] = (0, 1)) -> Iterator[tuple[str, str, str]]:
        return _search.texts(self._ix, wanted, share)

    def highlight_terms(self, query: str) -> tuple[list, list]:
        return _search.highlight_terms(self._ix, query)

    def matching_ids(self, query: str) -> set[str]:
        return _search.matching_ids(self._ix, query)

    def reopen_spec(self) -> str:
        """What another process needs to open this very state (picklable)."""
        return self._ix.storage.folder


class WhooshBackend:
    # The passes the Library may run over this index (a cluster has neither yet).
    serves = frozenset({"entities", "copies"})

    def __init__(self, roots: list[Root], base: Path | None = None, workers: int | None = None, options=None):
        self.store = IndexStore(roots, base=base, workers=workers, options=options)
        self.names = NameIndex(self.store.dir / "names")
        self.copies = CopiesFile(self.store.dir / "copies.bin")

    @property
    def key(self) -> str:
        return self.store.dir.name

    @property
    def folder(self) -> Path:
        """The corpus's own folder: the core keeps its entity store and locks here."""
        return self.store.dir

    def open(self) -> Snapshot:
        """The live index; NoIndex or IndexCorrupt when there is none."""
        return Snapshot(self.store.open(), self.names, self.copies)

    def is_live(self, snap: Snapshot) -> bool:
        """Whether snap is of the live generation: False once another
        process has rebuilt the index (the old generation is then removed)."""
        return self.store.live_generation() == Path(snap.reopen_spec()).name

    def update(self, progress: ProgressFn | None = None, rebuild: bool = False, wait: bool = False,
               on_wait: Callable[[str], None] | None = None) -> Report:
        return self.store.update(progress=progress, rebuild=rebuild, wait=wait, on_wait=on_wait)

    @staticmethod
    def open_spec(spec: str) -> Snapshot:
        """In a worker process: the state reopen_spec() named."""
        from whoosh import index as windex

        from reader.index.engine.schema import INDEX_NAME

        return Snapshot(windex.open_dir(spec, indexname=INDEX_NAME), None)
