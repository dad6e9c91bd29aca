"""The name index: the names found in each document, by type, searchable.

A Whoosh index of its own beside the text index (one per corpus, outside the
text index's generations, so it survives a rebuild of the text), keyed by
document id and text hash: one stemmed field per type (person, place, org,
misc, date) with the Arabic analysis of the text, so phrases, prefixes and
every form of a word work in ``place:الموصل`` as they do in text. The core
fills it with what the entity wing found; search joins it to the text index
by document id. This module knows names only as strings by field: it never
imports the recognizer.

    names/            the Whoosh index (id, hash, person, place, org, misc, date)
    names/meta.json   the analysis and schema it was written with
    names/status.json which text index it is complete for, or how far it got
"""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from pathlib import Path

from reader.index.language.arabic import ANALYSIS_VERSION
from reader.index.engine.codec import codec
from reader.index.compiler import NAME_FIELDS, NAME_TYPES
from reader.index.engine.postings import View
from reader.index.engine.ranking import Ranker

NAME_SCHEMA_VERSION = 4
INDEX_NAME = "NAMES"


def name_schema():
    from whoosh import fields

    from reader.index.engine.schema import NameField, NameListField

    return fields.Schema(
        id=NameField(stored=True, unique=True, sortable=True),
        hash=fields.STORED,
        **{f: NameListField(stemmed=True, positions=True) for f in sorted(NAME_FIELDS)},
    )


class NameIndex:
    def __init__(self, folder: Path):
        self.folder = folder

    # --- state -----------------------------------------------------------------

    def valid(self) -> bool:
        """Whether it exists and was written with today's analysis."""
        try:
            meta = json.loads((self.folder / "meta.json").read_text("utf-8"))
        except (OSError, ValueError):
            return False
        return meta == {"analysis": ANALYSIS_VERSION, "schema": NAME_SCHEMA_VERSION}

    def status(self) -> dict:
        try:
            data = json.loads((self.folder / "status.json").read_text("utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def set_status(self, **status) -> None:
        from reader.atomic import write_atomic

        write_atomic(self.folder / "status.json", json.dumps(status))

    def open(self):
        """The Whoosh index, or None when there is none (yet) or it is stale."""
        if not self.valid():
            return None
        from whoosh import index as windex

        try:
            return windex.open_dir(str(self.folder), indexname=INDEX_NAME)
        except Exception:  # a damaged name index is rebuilt by the next pass
            return None

    def hashes(self) -> dict[str, str]:
        """{document id: text hash} of what it holds."""
        ix = self.open()
        if ix is None:
            return {}
        with ix.reader() as r:
            return {f["id"]: f.get("hash", "") for f in r.all_stored_fields()}

    # --- writing ------------------------------------------------------------------------

    def create(self) -> None:
        """A new empty index (the old one, if any, is replaced)."""
        import shutil

        from whoosh import index as windex

        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        windex.create_in(str(self.folder), name_schema(), indexname=INDEX_NAME)
        from reader.atomic import write_atomic

        write_atomic(self.folder / "meta.json", json.dumps({"analysis": ANALYSIS_VERSION, "schema": NAME_SCHEMA_VERSION}))

    def writer(self, removed=()) -> "NameWriter":
        """A writer for one commit: the removed ids go, add() puts entries in
        (as the entity pass finds them), commit() publishes it all at once."""
        ix = self.open()
        if ix is None:
            self.create()
            ix = self.open()
        return NameWriter(ix, removed)

    # --- searching ---------------------------------------------------------------------

    @contextmanager
    def frequencies(self):
        """A function giving how many documents name a word (a stem), as any
        type; None when there is no name index."""
        ix = self.open()
        if ix is None:
            yield None
            return
        with ix.reader() as reader:
            view = View(reader)
            yield lambda stem: max(view.doc_frequency(f, stem) for f in NAME_TYPES)

    @contextmanager
    def known(self, at_least: int):
        """A function telling whether a plan (index.compiler.name_plan)
        matches the names of at least that many documents."""
        ix = self.open()
        if ix is None:
            yield lambda plan: False
            return
        with ix.reader() as reader:
            ranker = Ranker(View(reader))
            yield lambda plan: len(ranker.some(plan, at_least)) >= at_least

    @contextmanager
    def lookup(self, main: View):
        """A function for Ranker(names=...): a Names leaf's plan run here,
        as {docnum of the text index: score}."""
        ix = self.open()
        if ix is None:
            yield lambda node: {}
            return
        reader = ix.reader()
        try:
            view = View(reader)
            ranker = Ranker(view)
            cache: dict = {}

            def run(node) -> dict[int, float]:
                scores = ranker.run(node)
                if not scores:
                    return {}
                if "ids" not in cache:  # both id columns, read once per search
                    cache["ids"] = {d: i for i, d in view.ids().items()}
                    cache["main"] = main.ids()
                ids, docnums = cache["ids"], cache["main"]
                out = {}
                for d, score in scores.items():
                    m = docnums.get(ids.get(d))
                    if m is not None:
                        out[m] = score
                return out

            yield run
        finally:
            reader.close()
            ix.close()


class NameWriter:
    def __init__(self, ix, removed=()):
        from reader.index.engine.writer import Writer

        self._ix = ix
        self._w = Writer(ix, limitmb=128, compound=False, codec=codec())
        for doc_id in removed:
            self._w.delete_by_term("id", doc_id)

    def add(self, doc_id: str, text_hash: str, names: dict) -> None:
        """One document's names (DocumentFailed, and nothing written, if they cannot be)."""
        from reader.index.engine.schema import NAME_SEPARATOR

        fields = {f: NAME_SEPARATOR.join(names.get(f, ())) for f in NAME_FIELDS}
        prepared = self._w.prepare(dict(id=doc_id, hash=text_hash, **fields))
        self._w.delete_by_term("id", doc_id)
        self._w.add_prepared(prepared)

    def commit(self) -> None:
        try:
            self._w.commit()
        except BaseException:
            self._w.cancel()
            raise
        finally:
            self._ix.close()

    def cancel(self) -> None:
        self._w.cancel()
        self._ix.close()


def text_identity(ix) -> str:
    """Which state of a text index this is: its folder and commit."""
    return f"{os.path.basename(ix.storage.folder)}:{ix.latest_generation()}"
