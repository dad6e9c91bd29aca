"""Putting a corpus into the cluster: a full build, then only what changed.

Each document goes to one shard, chosen by a stable hash of its id, under an
engine id drawn from the same hash. Each shard holds one more row, id 1: the
index's stamp (schema, analysis, the build it belongs to). This machine keeps
the files' stamps and the ids of their documents (manifest.json beside the
lock), saved after every batch the engine took: a connection lost half way
loses nothing, the next run sends what was not taken, and a changed file's
old articles are deleted before its new ones go in.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from pathlib import Path

from reader.index.cluster.client import Connection
from reader.index.cluster.config import CLUSTER_SCHEMA, INDEX, NUMBERS, STRINGS
from reader.index.cluster.tokens import FIELDS, document_tokens
from reader.index.files.corpus import Document, FileEntry, read, walk
from reader.index.files.outlets import outlet_key
from reader.index.language.arabic import ANALYSIS_VERSION
from reader.index.lock import Lock
from reader.index.progress import Progress, ProgressFn, Report

# Each shard's stamp row: id 1 + its number (the aggregator keeps one row of
# an id); documents' ids are 2^62 and up.
STAMP_ID = 1000  # ids up to this are stamps
BATCH = 100  # documents sent in one round trip
COLUMNS = ("id",) + FIELDS + STRINGS + NUMBERS
_REPLACE = f"REPLACE INTO {INDEX} ({', '.join(COLUMNS)}) VALUES ({', '.join(['%s'] * len(COLUMNS))})"


def placed(doc_id: str, shards: int) -> tuple[int, int]:
    """(engine id, shard) of a document id: the same on every machine and run."""
    digest = _digest(doc_id)
    return engine_id(doc_id), int.from_bytes(digest[8:], "big") % shards


def engine_id(doc_id: str) -> int:
    """A document's id in the engine (whatever the number of shards)."""
    return (int.from_bytes(_digest(doc_id)[:8], "big") & ((1 << 62) - 1)) | (1 << 62)


def _digest(doc_id: str) -> bytes:
    return hashlib.blake2b(doc_id.encode("utf-8", "surrogateescape"), digest_size=16).digest()


# Strings the engine keeps must be UTF-8; a file name need not be (surrogateescape).
_RAW = "\ufffeb64:"


def keep(text: str) -> str:
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        import base64

        return _RAW + base64.b64encode(text.encode("utf-8", "surrogateescape")).decode("ascii")


def unkeep(text: str) -> str:
    if not text.startswith(_RAW):
        return text
    import base64

    return base64.b64decode(text[len(_RAW):]).decode("utf-8", "surrogateescape")


def row(doc: Document, engine_id: int) -> tuple:
    tokens = document_tokens(doc.text, doc.title, doc.author, outlet_key(doc.outlet))
    strings = {"doc_id": doc.id, "path": str(doc.path), "title": doc.title, "author": doc.author,
               "encoding": doc.encoding, "hash": doc.hash, "file": doc.file, "date_from": doc.date_from,
               "outlet": doc.outlet, "url": doc.url, "text": doc.text}
    return (engine_id, *(tokens[f] for f in FIELDS), *(keep(strings[s]) for s in STRINGS), doc.day, doc.file_day)


class Feed:
    """The corpus's files into the shards, with the manifest kept in folder."""

    def __init__(self, shards: list[Connection], folder: Path, corpus: str, options=None):
        self.shards, self.folder, self.corpus, self.options = shards, folder, corpus, options

    def update(self, roots, progress: ProgressFn | None = None, rebuild: bool = False, wait: bool = False,
               on_wait=None) -> Report:
        started = time.perf_counter()
        self.folder.mkdir(parents=True, exist_ok=True)
        with Lock(self.folder / "lock", wait=wait, on_wait=on_wait):
            walked = walk(roots, None)
            files, skipped = walked
            manifest = self._manifest()
            reason = "rebuild requested" if rebuild else self._rebuild_reason(manifest)
            if reason:
                manifest = self._start_build()
            report = self._send(files, manifest, progress)
            report.rebuilt_because = reason
            report.skipped[:0] = skipped
            report.unsupported = walked.unsupported
        report.seconds = time.perf_counter() - started
        return report

    # --- the stamp and the manifest ------------------------------------------------------

    def stamps(self) -> list[dict | None]:
        """Each shard's stamp, None where it has none."""
        out = []
        for shard in self.shards:
            rows = shard.query(f"SELECT text FROM {INDEX} WHERE id <= {STAMP_ID}")
            try:
                out.append(json.loads(rows[0][0]) if rows else None)
            except (ValueError, TypeError):
                out.append(None)
        return out

    def _rebuild_reason(self, manifest: dict) -> str:
        stamps = self.stamps()
        if any(s is None for s in stamps):
            return "new index"
        if any(s.get("schema") != CLUSTER_SCHEMA or s.get("analysis") != ANALYSIS_VERSION for s in stamps):
            return "index made by another version of the Arabic analysis or schema"
        if any(s.get("shards") != len(self.shards) for s in stamps):
            return f"the cluster has {len(self.shards)} shards now"
        builds = {s.get("build") for s in stamps}
        if len(builds) != 1 or manifest.get("build") not in builds or any(s.get("corpus") != self.corpus for s in stamps):
            return "the cluster holds another build than this machine's"
        return ""

    def _start_build(self) -> dict:
        build = uuid.uuid4().hex
        stamp = json.dumps({"schema": CLUSTER_SCHEMA, "analysis": ANALYSIS_VERSION, "build": build,
                            "corpus": self.corpus, "shards": len(self.shards), "created": time.time()})
        for i, shard in enumerate(self.shards):
            shard.query(f"TRUNCATE RTINDEX {INDEX}")
            shard.query(f"REPLACE INTO {INDEX} (id, doc_id, text) VALUES (%s, %s, %s)", (i + 1, "", stamp))
        manifest = {"build": build, "files": {}}
        self._save(manifest)
        return manifest

    def built(self) -> str:
        """The build this machine sent to the cluster (its manifest's), or ""."""
        return self._manifest().get("build", "")

    def state(self) -> str:
        """Which state of the corpus this machine sent: its build and a digest
        of its manifest (saved after every batch); "" when it sent none."""
        try:
            raw = (self.folder / "manifest.json").read_bytes()
        except OSError:
            return ""
        build = self.built()
        return f"{build} {hashlib.blake2b(raw, digest_size=8).hexdigest()}" if build else ""

    def _manifest(self) -> dict:
        try:
            data = json.loads((self.folder / "manifest.json").read_text("utf-8"))
            return data if isinstance(data.get("files"), dict) else {"files": {}}
        except (OSError, ValueError, AttributeError):
            return {"files": {}}

    def _save(self, manifest: dict) -> None:
        from reader.atomic import write_atomic

        write_atomic(self.folder / "manifest.json", json.dumps(manifest))

    # --- sending ---------------------------------------------------------------------

    def _send(self, files: list[FileEntry], manifest: dict, progress) -> Report:
        report = Report()
        old = manifest["files"]
        present = {f.id for f in files}
        changed = [f for f in files if old.get(f.id, [None, None])[:2] != list(f.stamp)]
        removed = [i for i in old if i not in present]
        report.unchanged = sum(old[f.id][3] for f in files if f.id in old) - sum(old[f.id][3] for f in changed if f.id in old)
        n = len(self.shards)
        if removed:
            self._delete([d for i in removed for d in old[i][4]])
            report.removed = sum(old[i][3] for i in removed)
            for i in removed:
                del old[i]
            self._save(manifest)
        state = Progress(total=len(changed), phase="indexing")
        batch: list[tuple[FileEntry, list[Document]]] = []
        for entry in changed:
            docs = []
            for doc in read(entry, options=self.options):
                if isinstance(doc, Document):
                    docs.append(doc)
                    report.ocr += doc.ocr
                else:
                    report.skipped.append(doc)
            if docs:  # a file none of whose articles could be read keeps what it had, and is tried again
                batch.append((entry, docs))
                if entry.id in old:
                    report.updated += len(docs)
                else:
                    report.added += len(docs)
            if sum(len(d) for _e, d in batch) >= BATCH:
                self._flush(batch, manifest, n)
                batch = []
            state.done += 1
            if progress:
                progress(state)
        if batch:
            self._flush(batch, manifest, n)
        if progress:
            progress(Progress(phase="committing"))
        for shard in self.shards:
            shard.query(f"FLUSH RTINDEX {INDEX}")
        return report

    def _flush(self, batch, manifest: dict, n: int) -> None:
        """Send a batch of files' documents, then write them into the manifest."""
        old = manifest["files"]
        stale = [d for entry, _docs in batch if entry.id in old for d in old[entry.id][4]]
        per_shard: list[list[tuple]] = [[] for _ in range(n)]
        kept = {}
        for entry, docs in batch:
            for doc in docs:
                engine_id, shard = placed(doc.id, n)
                per_shard[shard].append(row(doc, engine_id))
            kept[entry.id] = [entry.mtime_ns, entry.size, str(entry.path), len(docs), [d.id for d in docs]]
        new_ids = {d for v in kept.values() for d in v[4]}
        self._delete([d for d in stale if d not in new_ids])
        for shard, rows in zip(self.shards, per_shard):
            if rows:
                shard.many(_REPLACE, rows)
        old.update(kept)
        self._save(manifest)

    def _delete(self, doc_ids: list[str]) -> None:
        n = len(self.shards)
        per_shard: list[list[int]] = [[] for _ in range(n)]
        for d in doc_ids:
            engine_id, shard = placed(d, n)
            per_shard[shard].append(engine_id)
        for shard, ids in zip(self.shards, per_shard):
            for i in range(0, len(ids), 500):
                shard.query(f"DELETE FROM {INDEX} WHERE id IN ({', '.join(map(str, ids[i:i + 500]))})")


def document_of(stored: dict) -> Document:
    """A Document from the strings and numbers a row keeps."""
    from reader.index.files.corpus import split_record
    from reader.index.files.structure import paragraphs

    s = {k: unkeep(v) if isinstance(v, str) else v for k, v in stored.items()}
    return Document(s["doc_id"], Path(s["path"]), s["text"], s["title"], s["author"], s["encoding"] or "utf-8",
                    paragraphs(s["text"]), s["hash"], file=split_record(s["doc_id"])[0], day=int(s["day"] or 0),
                    date_from=s["date_from"], outlet=s["outlet"], url=s["url"], file_day=int(s["file_day"] or 0))

