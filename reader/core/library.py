"""The headless core: one corpus, its index, its documents and their entities.

The CLI and the TUI both work through a Library and nothing else of the
layers below: they get typed results (Results, Hit, Document, DocumentInfo,
Report) and never a Whoosh object or a stored-field dict. The Library owns
the policy for opening an index (build it when there is none, rebuild it
when it is damaged, retry a read once on a fresh open before calling the
index damaged) and the one rule for naming a document on a command line.
No Textual here.
"""

from __future__ import annotations

import threading
from pathlib import Path
from collections.abc import Callable

from reader.errors import ReaderError
from reader.index.engine.backend import READ_ERRORS, DocumentInfo, Results
from reader.index.files.corpus import Document, Root, Skipped, from_bytes, make_roots, read_path, split_record
from reader.index.errors import IndexCorrupt, NoIndex
from reader.index.progress import ProgressFn, Report
from reader.index.request import Request
from reader.index.snippets import MAX_SNIPPETS

Notify = Callable[[str], None]
# Documents a concordance reads by default: a common word (السعودية, 5,457
# of the benchmark's articles) then answers in well under a second.
CONCORDANCE_DOCS = 1000
# A search that finds fewer documents than this says what the corpus writes
# instead of its rare or unknown words ("did you mean").
SUGGEST_BELOW = 3


class NoDocument(ReaderError):
    pass


def documents_match(n: int) -> str:
    """How a count of hits begins, in the CLI and the TUI alike."""
    return "1 document matches" if n == 1 else f"{n} documents match"


class Library:
    """A corpus (one or more folders) and everything reader knows of it."""

    def __init__(self, roots: list[Root], *, base: Path | None = None, workers: int | None = None, notify: Notify | None = None,
                 options=None, outlet_aliases: dict[str, list[str]] | None = None, latin_names: bool = True,
                 backend: str | None = None, entities: bool = True, with_skip: tuple[str, ...] | None = None):
        self.roots = roots
        # config.toml's with_skip: the names `entities --with` leaves out (None: the shipped list)
        self.with_skip = with_skip
        # config.toml's entities (--no-entities): whether the recognizer runs at all
        self.entities_on = entities
        # config.toml's latin_names: Najran also searches نجران (index.engine.latin)
        self.latin_names = latin_names
        # config.toml's [outlet_aliases]: source: finds an outlet by any of its spellings
        self.outlet_aliases = outlet_aliases or {}
        self._outlet_groups = None
        # options: index.files.formats.ReadOptions, what config.toml says of reading files;
        # backend: config.toml's (READER_BACKEND before it): the embedded index, or a cluster
        from reader.index.backends import backend_spec, make_backend

        self.backend = make_backend(backend_spec(backend), roots, base=base, workers=workers, options=options)
        self.notify: Notify = notify or (lambda _line: None)
        self._snap = None  # the open state of the index (a backend Snapshot)
        self._lock = threading.Lock()  # the TUI searches from worker threads

    @property
    def outlet_groups(self) -> dict:
        """Each outlet spelling's key -> the keys of its every spelling (index.query.outlet_groups)."""
        if self._outlet_groups is None:
            from reader.index.query import outlet_groups

            self._outlet_groups = outlet_groups(self.outlet_aliases)
        return self._outlet_groups

    @classmethod
    def of(cls, folders: list[Path], **kwargs) -> "Library":
        return cls(make_roots(folders), **kwargs)

    @property
    def key(self) -> str:
        """The corpus's own name among the indexes (sessions are kept by it)."""
        return self.backend.key

    # --- opening and updating ----------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self._snap is not None

    def open(self, progress: ProgressFn | None = None) -> bool:
        """Open the index: build it first if the corpus has none, rebuild it
        if it is damaged (saying so through notify). True if it built."""
        try:
            snap = self.backend.open()
        except NoIndex:
            self.notify("this corpus has no index yet; indexing it first")
            self.update(progress, wait=True)
            return True
        except IndexCorrupt as e:
            self.notify(f"the index is damaged ({e}); rebuilding it")
            self.update(progress, rebuild=True, wait=True)
            return True
        self._swap(snap)
        return False

    def update(self, progress: ProgressFn | None = None, rebuild: bool = False, wait: bool = False) -> Report:
        """Bring the index up to date with the folders (only what changed,
        unless rebuild); another indexer at work raises IndexBusy, or with
        wait=True is waited for."""
        report = self.backend.update(progress=progress, rebuild=rebuild, wait=wait, on_wait=self.notify)
        self._swap(self.backend.open())
        for s in report.skipped:
            self.notify(s.line())
        self.notify(report.summary())
        if report.metadata:
            self.notify(report.metadata)
        return report

    def close(self) -> None:
        self._swap(None)

    def _swap(self, snap) -> None:
        with self._lock:
            old, self._snap = self._snap, snap
        if old is not None:
            old.close()

    def _read(self, fn):
        """fn(snapshot) on the live index, opened (or built) on first use. A
        read that fails is tried once more on a fresh open (an indexer may
        have replaced files in between) before the index counts as damaged
        and is rebuilt."""
        if self._snap is None:
            self.open()
        elif not self.backend.is_live(self._snap):
            # Rebuilt by another process (reader index --rebuild in another
            # terminal): this state's folder is gone.
            try:
                self._swap(self.backend.open())
            except (NoIndex, IndexCorrupt):
                self.open()
        try:
            return fn(self._snap)
        except UnicodeEncodeError:  # from what was asked (a query), never from the files
            raise
        except READ_ERRORS:
            pass
        try:
            self._swap(self.backend.open())
            return fn(self._snap)
        except (IndexCorrupt, *READ_ERRORS) as e:
            self.notify(f"the index is damaged (reading it failed: {type(e).__name__}); rebuilding it")
        self.update(rebuild=True, wait=True)
        return fn(self._snap)

    # --- searching -------------------------------------------------------------------

    def request(self, asked: Request | str, **options) -> Request:
        """The request to run: one built by the caller (the CLI, the TUI), or
        built here from a query's text and Request.of's options; with this
        corpus's outlet aliases and its latin_names setting. QueryError if it
        is bad, raised before the index is opened, so a typo never builds one."""
        if isinstance(asked, str):
            asked = Request.of(asked, **options)
        elif options:
            raise TypeError("options go with a query's text, not a built Request")
        asked = asked.with_outlets(self.outlet_groups)
        return asked if self.latin_names else asked._replace(latin=False)

    def search(self, asked: Request | str, snippets: int = MAX_SNIPPETS,
               cancelled: Callable[[], bool] | None = None, **options) -> Results:
        """The page of hits a request asks for (index.request.Request: the
        query, --since/--until, sort, page, page size, copies folded);
        SearchCancelled once cancelled() is true. A query by entity type while
        entities are still being found, a prefix cut to its commonest words,
        or dates that left out every match carry a notice saying so."""
        from reader.index.engine.backend import Budget

        request = self.request(asked, **options)
        # Read before searching: the pass commits the name index before it
        # writes that it is complete, so a search after a "complete" sees it all.
        notice = self._entity_notice() if request.asks_names else ""
        results = self._read(lambda snap: snap.search(request, snippets, Budget(cancelled=cancelled)))
        if results.total < SUGGEST_BELOW and request.page == 1:  # never for a query that found enough
            results.suggestion = self._read(lambda snap: snap.suggestion(request))
        undated = request.without_dates() if results.total == 0 else None
        if undated is not None:
            notice = _notices(notice, self._undated_note(undated))
        results.notice = _notices(notice, results.notice)
        return results

    def _undated_note(self, request: Request) -> str:
        """Why a search narrowed by dates found nothing, when that is why:
        matches with no publication day (a file's time is none)."""
        from reader.index.engine.backend import Budget

        _periods, undated = self._read(lambda snap: snap.timeline(request, "year", Budget()))
        if not undated:
            return ""
        return (f"{undated:,} match{'es' if undated != 1 else ''} without the dates "
                f"{'have' if undated != 1 else 'has'} no publication day, so no date range holds "
                f"{'them' if undated != 1 else 'it'} (file_days = true in config.toml takes files' times as days)")

    def paths(self, asked: Request | str, **options) -> tuple[list[str], str]:
        """The path of every document the query matches, best first, and
        the notice a search would carry (reader search -l)."""
        from reader.index.engine.backend import Budget

        request = self.request(asked, **options)
        notice = self._entity_notice() if request.asks_names else ""
        paths, limited = self._read(lambda snap: snap.paths(request, Budget()))
        return paths, _notices(notice, limited)

    def timeline(self, asked: Request | str, by: str = "month", cancelled: Callable[[], bool] | None = None,
                 **options) -> tuple[list[tuple[str, int]], int]:
        """([(period, matching articles)], how many matches have no day), the
        periods from the first match's to the last's, empty ones included."""
        from reader.index.engine.backend import Budget

        request = self.request(asked, **options)
        return self._read(lambda snap: snap.timeline(request, by, Budget(cancelled=cancelled)))

    def concordance(self, asked: Request | str, max_docs: int | None = CONCORDANCE_DOCS,
                    cancelled: Callable[[], bool] | None = None, **options):
        """Every occurrence of the query's matched forms in context
        (index.engine.concordance.Concordance), from the first max_docs matching
        documents in the search's order (None: from all of them)."""
        from reader.index.engine.backend import Budget

        request = self.request(asked, **options)
        notice = self._entity_notice() if request.asks_names else ""
        found = self._read(lambda snap: snap.concordance(request, Budget(cancelled=cancelled), max_docs))
        return found._replace(notice=_notices(notice, found.notice))

    def related(self, doc: Document, limit: int = 10) -> Results:
        """The documents of the corpus most like doc (index.related), best
        first, doc itself left out: a story's other versions and sequels."""
        return self._read(lambda snap: snap.related(doc.text, doc.id, limit))

    def copy_groups(self):
        """Every group of copies in the corpus, the largest first: [(its oldest
        document as a Hit, [Copy])]; None when the copies pass has not found
        them for the index as it is."""
        return self._read(lambda snap: snap.copy_groups())

    def companions(self, name: str):
        """(documents naming NAME, the names found with it: reader.core.cooccurrence.Companion,
        most documents first, the notice a search by name carries). Documents
        are counted as a search counts them: a wire copy is a document of its own."""
        from reader.core.cooccurrence import SKIP, companions

        clean = " ".join(name.replace('"', " ").split())
        if not clean:
            from reader.index.query import QueryError

            raise QueryError("give a name: reader entities --with NAME")
        query = " OR ".join(f'{field}:"{clean}"' for field in ("person", "place", "org", "misc"))
        results = self.search(query, limit=None, snippets=0, group=False)
        hashes = self._read(lambda snap: snap.catalog())
        finals = self._finals({hashes.get(h.id, "") for h in results.hits})
        docs = []
        for hit in results.hits:
            rows = finals.get(hashes.get(hit.id, "")) or ()
            # a day that is only the file's modification time is no date of the news
            day = hit.date if hit.date_from != "file" else ""
            docs.append((day, [(r[2], r[3]) for r in rows if len(r) >= 4 and isinstance(r[3], str)]))
        skip = SKIP if self.with_skip is None else self.with_skip
        return len(results.hits), companions(clean, docs, skip), results.notice

    def entity_rows(self, query: str = "", types: frozenset = frozenset(), since: str | None = None,
                    until: str | None = None):
        """(every entity of the documents a query matches (all of them when
        there is none) within --since/--until: reader.core.entity_export.Row
        in document-id and text order, a notice when the entities are not all
        found yet). types: only these (PERS, LOC, ...)."""
        from reader.core.entity_export import rows
        from reader.index.request import period_filters

        self._served("entities", "exporting entities")
        periods = period_filters(since, until)  # checked before any work
        notice = self._entity_notice()
        if query:
            hits = self.search(query, limit=None, snippets=0, group=False, since=since, until=until).hits
            docs = {h.id: (h.outlet, h.date) for h in hits}
        else:
            docs = {d.id: (d.outlet, d.date) for d in self.documents()}
            for f in periods:
                docs = {i: (o, day) for i, (o, day) in docs.items()
                        if day and f.lo <= int(day.replace("-", "")) <= f.hi}
        texts = self._read(lambda snap: {i: (h, t) for i, h, t in snap.texts(set(docs))})
        finals = self._finals({h for h, _t in texts.values()})
        return rows(docs, texts, finals, types), notice

    def _finals(self, hashes: set[str]) -> dict[str, list]:
        """{text hash: the entities the entity pass kept for it} (start, end, type, name)."""
        from reader.core import enrich

        path, _lock = enrich.paths(self.backend)
        if not path.exists():
            return {}
        from reader.entities.store import Annotations

        ann = Annotations(path)
        try:
            return {h: final for h, (_base, final) in ann.get(hashes).items() if final is not None}
        finally:
            ann.close()

    def _entity_notice(self) -> str:
        """A line saying that entities are not all found yet, or ""; NotServed
        when they are not found at all (turned off, or on the cluster)."""
        self._served("entities", "searching by entity (person:, place:, org:, misc:, date:)")
        done, total, complete = self.entity_status()
        if complete:
            return ""
        from reader.core import enrich

        how = "being found" if enrich.running(self.backend) else "not all found yet (reader index finds them)"
        return f"entities are {how}: {done} of {total} documents so far, so person:, place:, org:, misc: and date: may miss some"

    def highlights(self, query: str, text: str) -> list[tuple[int, int]]:
        """Offsets of every form of the query's words in a text, as the
        corpus reads them (the inflections it agrees on); without an index,
        every reading of the words themselves."""
        from reader.index.snippets import highlight_spans

        terms = None
        if self._snap is None:  # reader show --query: never build an index just to light words
            try:
                self._swap(self.backend.open())
            except (NoIndex, IndexCorrupt):
                from reader.index.compiler import highlight_terms

                terms = highlight_terms(query)
        if terms is None:
            terms = self._read(lambda snap: snap.highlight_terms(query))
        return [(m.start, m.end) for m in highlight_spans(text, *terms)]

    # --- documents ---------------------------------------------------------------------

    def outlets(self) -> list[tuple[str, int, list[tuple[str, int]]]]:
        """Each outlet of the corpus, the most documents first: (its name,
        its documents, every spelling met with its count). Spellings that
        fold to one key (index.files.outlets.outlet_key), or that [outlet_aliases]
        joins, are one outlet; its name is the alias table's, else its
        commonest spelling. Documents with no outlet are left out."""
        from collections import Counter

        from reader.index.files.outlets import outlet_key

        groups = self.outlet_groups
        named = {outlet_key(name): name for name in self.outlet_aliases}
        spellings: dict[frozenset, Counter] = {}
        for doc in self.documents():
            if not doc.outlet:
                continue
            key = outlet_key(doc.outlet) or doc.outlet
            spellings.setdefault(groups.get(key, frozenset({key})), Counter())[doc.outlet] += 1
        out = []
        for keys, seen in spellings.items():
            name = next((named[k] for k in sorted(keys) if k in named), None) or seen.most_common(1)[0][0]
            out.append((name, sum(seen.values()), seen.most_common()))
        return sorted(out, key=lambda o: (-o[1], o[0]))

    def documents(self) -> list[DocumentInfo]:
        return self._read(lambda snap: snap.documents())

    def doc_count(self) -> int:
        return self._read(lambda snap: snap.doc_count())

    def document(self, doc_id: str) -> Document | None:
        """A document of the index by id, as indexed, with its entities."""
        doc = self._read(lambda snap: snap.document(doc_id))
        if doc is not None:
            doc.entities = self._kept_entities(doc)
        return doc

    def _kept_entities(self, doc: Document) -> list | None:
        """The entities the entity pass kept for this text, or None."""
        from reader.entities.types import stored_entities

        final = self._finals({doc.hash}).get(doc.hash)
        return None if final is None else stored_entities(doc.text, final)

    def resolve(self, arg: str) -> Document:
        """What a user means by DOC, the same for every command: a path that
        names a file is that file (its indexed version when it is a document
        of this corpus); anything else is a document id."""
        path = Path(arg).expanduser()
        file_part, n = split_record(arg)  # feed.xml#3: an article of a file holding several
        if n is not None and not path.is_file():
            path = Path(file_part).expanduser()
        if path.is_file():
            doc_id = self.id_of(path)
            if doc_id is not None and n is not None:
                doc_id += f"#{n}"
            doc = self.document(doc_id) if doc_id is not None else None
            if doc is not None:
                return doc
            found = read_path(path, f"{path.name}#{n}" if n is not None else None)
            if isinstance(found, Skipped):
                raise NoDocument(f"cannot read {arg}: {found.reason}")
            return found
        doc = self.document(arg)
        if doc is None:
            raise NoDocument(f"no document {arg!r}: give an id from `reader docs` or the path of a file")
        return doc

    @staticmethod
    def from_stream(stream, name: str = "-") -> Document:
        """A document piped in (`pdftotext x.pdf - | reader show -`): read and
        decoded as a file would be, its id and path `-`."""
        from reader.index.files.formats import limits

        most = limits.current().file_bytes
        data = stream.read(most + 1)
        if len(data) > most:
            raise NoDocument(f"standard input is {limits.over('file_mb', 'too large')}")
        found = from_bytes(name, Path(name), data)[0]
        if isinstance(found, Skipped):
            raise NoDocument(f"cannot read standard input: {found.reason}")
        return found

    def read(self, path: str | Path) -> Document:
        """A file as it is on disk now (a bookmark's passage is found in
        that text), with the index's entities when the index holds this
        very text."""
        file_part, n = split_record(str(path))
        file = Path(file_part)
        found = read_path(file, f"{file.name}#{n}" if n is not None else None)
        if isinstance(found, Skipped):
            raise NoDocument(f"cannot read {path}: {found.reason}")
        doc_id = self.id_of(found.path)
        if doc_id is not None and n is not None:
            doc_id += f"#{n}"
        indexed = self.document(doc_id) if doc_id is not None and self.is_open else None
        if indexed is not None and indexed.text == found.text:
            return indexed
        if doc_id is not None:
            found.id = doc_id
        return found

    def id_of(self, path: Path) -> str | None:
        """The document id of a file in one of the corpus folders, or None."""
        path = path.resolve()
        for root in self.roots:
            if path.is_relative_to(root.path):
                return root.doc_id(path)
        return None

    def where(self, doc: Document) -> tuple[str, str]:
        """(folder, path relative to it) of a document, as bookmarks keep it:
        its corpus folder when it has one, else the folder holding it."""
        path = doc.path.resolve()
        n = split_record(doc.id)[1]
        article = f"#{n}" if n is not None else ""  # "feed.xml#3"
        for root in self.roots:
            if path.is_relative_to(root.path):
                return str(root.path), path.relative_to(root.path).as_posix() + article
        return str(path.parent), path.name + article

    def entities(self, doc: Document) -> list:
        """A document's entities: the ones the entity pass kept, else found
        now (a file from outside the corpus, or a pass not there yet).
        NotServed when entities are off."""
        if not self.entities_on:
            from reader.index.errors import NotServed

            raise NotServed.entities_off("a document's entities")
        if doc.entities is not None:
            return doc.entities
        from reader.entities.recognizer import find_entities

        doc.entities = find_entities(doc.text)
        return doc.entities

    # --- entities ------------------------------------------------------------------------

    def serves(self, feature: str) -> bool:
        """Whether a pass runs: entities (unless turned off; a cluster does not
        yet), copies."""
        return feature in self.backend.serves and (feature != "entities" or self.entities_on)

    def _served(self, feature: str, what: str) -> None:
        if not self.serves(feature):
            from reader.index.errors import NotServed

            raise NotServed.entities_off(what) if feature == "entities" and not self.entities_on \
                else NotServed.on_cluster(what)

    def find_entities(self, progress: ProgressFn | None = None, wait: bool = False, workers: int | None = None):
        """The entity pass (reader.core.enrich): the names of every document the
        text index holds, into the name index. Returns an EntityReport."""
        from reader.core import enrich

        self._served("entities", "finding entities")
        if self._snap is None:
            self.open()
        return enrich.find_entities(self.backend, progress=progress, wait=wait, workers=workers)

    def find_copies(self, progress: ProgressFn | None = None, wait: bool = False):
        """The copies pass (reader.core.copies): which documents are copies of
        which, for the search to fold. Returns a CopiesReport."""
        from reader.core import copies

        self._served("copies", "finding copies")
        if self._snap is None:
            self.open()
        return copies.find_copies(self.backend, progress=progress, wait=wait)

    def copies_current(self) -> bool:
        """Whether the copies of the index as it is have been found."""
        from reader.core import copies

        if not self.serves("copies"):
            return True  # nothing to find
        return self._read(lambda snap: copies.current(self.backend, snap))

    def entity_status(self) -> tuple[int, int, bool]:
        """(documents whose entities are searchable, documents, complete)."""
        from reader.core import enrich

        if not self.serves("entities"):
            return 0, self.doc_count(), True  # nothing to wait for: person: says it is not served
        return self._read(lambda snap: enrich.status(self.backend, snap))

    def find_entities_in_background(self) -> None:
        """Start the entity pass in a process of its own that outlives this
        one (after a first build from `reader search`): the shell gets its
        prompt back, the entities come. READER_BACKGROUND=0 turns it off."""
        import os
        import subprocess
        import sys

        if os.environ.get("READER_BACKGROUND", "1") == "0" or not self.serves("entities"):
            return
        folders = [a for r in self.roots for a in ("--corpus", str(r.path))]
        # -P: a folder named reader/ where the user stands (a checkout of this
        # project) must not stand in for the installed package.
        subprocess.Popen(
            [sys.executable, "-P", "-m", "reader", "index", "--entities-only", *folders],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True, preexec_fn=lambda: os.nice(10),
        )

    # --- what the user keeps ------------------------------------------------------------

    @staticmethod
    def bookmark_store():
        """The bookmark store (one for every corpus); StoreError if it cannot be opened."""
        from reader.userdata.bookmarks import BookmarkStore

        return BookmarkStore()

    @staticmethod
    def entity_list():
        """The user's own entity list; GazetteerError if the file is bad."""
        from reader.entities.gazetteer import Gazetteer

        return Gazetteer()


def _notices(*lines: str) -> str:
    """The notices a search carries, as one line."""
    return "; ".join(n for n in lines if n)
