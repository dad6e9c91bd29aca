"""The entity pass: the names in each document, found after its text is indexed.

The build's enrich step, run once the text index is published (searchable):
for each document of the text index it takes the entities kept for its text
hash (reader.entities.store), running the recognizer only on texts it has
never seen, and writes their names by type into the name index
(reader.index.engine.names), where ``person:``/``place:`` queries find them.

- A rebuild of the text index (an analysis change) re-runs nothing: the
  texts' hashes are the same.
- An edit of the lists of names (``reader entities add``) redoes only the
  lists' overlay, and only for the documents the text index says contain a
  changed name.
- A new model re-runs the recognizer once on everything.

One pass at a time per corpus (its own lock, apart from the text index's, so
searches and text updates go on). Killed, it loses at most the batch it was
writing; the next pass goes on from there.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

from reader.index.engine.backend import WhooshBackend
from reader.index.lock import Lock
from reader.index.progress import Progress, ProgressFn, Ticking

SMALL = 200  # documents below which worker processes are not worth starting
MAX_WORKERS = 4
BATCH = 50
# Documents the model reads at once: its decoder steps through all their
# sentences side by side (a numpy step per position), so 16 short articles
# cost little more than the longest sentence among them.
DOCS_AT_ONCE = 16


@dataclass
class EntityReport:
    total: int = 0  # documents in the text index
    recognized: int = 0  # texts the model ran on
    retagged: int = 0  # texts whose lists of names were applied again
    written: int = 0  # name index entries written
    removed: int = 0
    failed: list = field(default_factory=list)  # (document id, why) of documents whose entities failed
    rebuilt_because: str = ""
    seconds: float = 0.0

    def summary(self) -> str:
        head = f"entities of {self.total} documents"
        if self.rebuilt_because:
            head += f" ({self.rebuilt_because})"
        parts = [f"{self.recognized} read by the model", f"{self.retagged} re-tagged", f"{self.written} updated"]
        if self.removed:
            parts.append(f"{self.removed} removed")
        if self.failed:
            parts.append(f"{len(self.failed)} failed")
        return f"{head}: {', '.join(parts)}; {self.seconds:.1f}s"


def paths(backend: WhooshBackend):
    """(entity store file, lock file) of a corpus."""
    return backend.folder / "entities.sqlite3", backend.folder / "entities.lock"


def find_entities(backend: WhooshBackend, progress: ProgressFn | None = None, wait: bool = False,
                  workers: int | None = None) -> EntityReport:
    """Bring the name index up to date with the text index (IndexBusy if
    another pass is at work, unless wait)."""
    from reader.entities import recognizer as rec
    from reader.entities.store import Annotations

    started = time.perf_counter()
    entries = [list(e) for e in rec.lists()]  # a bad entity list fails here, before any work
    model = rec.model_fingerprint()
    names = backend.names
    ann_path, lock = paths(backend)
    backend.folder.mkdir(parents=True, exist_ok=True)
    with Lock(lock, wait=wait):
        snap = backend.open()
        try:
            identity = snap.identity()
            ann = Annotations(ann_path)
            report = EntityReport()
            try:
                with Ticking(progress, Progress(phase="entities")):  # what is there, what is new
                    docs = snap.catalog()
                    report.total = len(docs)
                    if ann.meta("model") != model:
                        if ann.meta("model") is not None:
                            report.rebuilt_because = "the entity model changed"
                        ann.reset(model)
                    if names.valid():
                        have = names.hashes()
                    else:
                        if (names.folder / "meta.json").exists():
                            report.rebuilt_because = report.rebuilt_because or "the Arabic analysis changed"
                        names.create()
                        have = {}
                    affected = _affected_by_lists(snap, ann, docs, entries)
                    ann.set_meta("lists", entries)
                    todo = {i for i, h in docs.items() if have.get(i) != h or i in affected}
                    removed = [i for i in have if i not in docs]
                names.set_status(text=identity, complete=False, done=len(docs) - len(todo), total=len(docs))
                # Names go into the name index as they are found (the parent
                # has time while the workers read); one commit at the end.
                writer = names.writer(removed)
                try:
                    found = _entities(snap, ann, docs, todo, report, progress, workers, names, identity, writer.add)
                except BaseException:
                    writer.cancel()
                    raise
                with Ticking(progress, Progress(0, found, "names")):  # a commit: no bar
                    writer.commit()
                report.written, report.removed = found, len(removed)
                names.set_status(text=identity, complete=True, done=len(docs), total=len(docs))
            finally:
                ann.close()
        finally:
            snap.close()
    report.seconds = time.perf_counter() - started
    return report


def _affected_by_lists(snap, ann, docs: dict[str, str], entries: list) -> set[str]:
    """The ids whose lists overlay must be redone because the lists changed:
    the documents holding any changed name (all its words), found through
    the text index. Finals of other texts not in the index are dropped."""
    from reader.entities.recognizer import keyed
    from reader.index.query import QueryError

    old = ann.meta("lists")
    if old is None or old == entries:
        return set()
    before, after = keyed([tuple(e) for e in old]), keyed([tuple(e) for e in entries])
    changed = {k for k in before.keys() | after.keys() if before.get(k, (None,))[0] != after.get(k, (None,))[0]}
    affected: set[str] = set()
    for key in changed:
        text = (after.get(key) or before.get(key))[1]
        query = " ".join(w.replace('"', " ") for w in text.split())
        try:
            affected |= snap.matching_ids(query)
        except QueryError:  # only stop words: any document may hold it
            affected = set(docs)
            break
    ann.forget_finals(keep={h for i, h in docs.items() if i not in affected})
    return affected


def _entities(snap, ann, docs, todo, report, progress, workers, names, identity, add) -> int:
    """add(id, hash, {field: [names]}) for each todo document, running the
    recognizer (or only the lists) where the store has no final entities;
    how many were added."""
    cached = ann.get({docs[i] for i in todo})
    found = 0
    need: set[str] = set()
    for i in sorted(todo):
        hit = cached.get(docs[i])
        if hit is not None and hit[1] is not None:
            error = _add(add, i, docs[i], _by_field(hit[1]))
            if error:
                report.failed.append((i, error))
            else:
                found += 1
        else:
            need.add(i)
    if not need:
        return found
    bases = {docs[i]: cached[docs[i]][0] for i in need if docs[i] in cached}
    state = Progress(total=len(need), phase="entities")
    rows: list = []
    last_status = time.monotonic()
    for item in _tagged(snap, need, bases, workers):
        if item is None:
            if progress:
                progress(state)
            continue
        doc_id, text_hash, base, final, new, error = item
        if error is None:
            error = _add(add, doc_id, text_hash, _by_field(final))
        if error is None:
            found += 1
            rows.append((text_hash, base, final))
            report.recognized += new
            report.retagged += not new
        else:  # kept out of both stores: the next pass tries it again
            report.failed.append((doc_id, error))
        state.done += 1
        if len(rows) >= 500:
            ann.put(rows)
            rows = []
        if progress:
            progress(state)
        if time.monotonic() - last_status > 2:  # other processes see how far it got
            last_status = time.monotonic()
            names.set_status(text=identity, complete=False, done=len(docs) - len(need) + state.done, total=len(docs))
    ann.put(rows)
    return found


def _add(add, doc_id: str, text_hash: str, names: dict) -> str | None:
    """add() one document's names; why it failed, or None."""
    from reader.index.engine.writer import DocumentFailed

    try:
        add(doc_id, text_hash, names)
    except DocumentFailed as e:
        return f"writing its names: {e}"
    return None


def _by_field(final: list) -> dict[str, list[str]]:
    from reader.entities.types import FIELD_OF_TYPE

    out: dict[str, list[str]] = {}
    for _start, _end, kind, name in final:
        f = FIELD_OF_TYPE.get(kind)
        if f:
            out.setdefault(f, []).append(name)
    return out


# --- the recognizer at work -----------------------------------------------------------------


def _tagged(snap, need: set[str], bases: dict, workers: int | None):
    """(id, hash, base, final, new) for each needed document, from worker
    processes when there are many."""
    if workers is None:
        workers = min(os.cpu_count() or 1, MAX_WORKERS) if len(need) >= SMALL else 1
    if workers <= 1:
        yield from _tag_share(snap, need, bases, (0, 1))
        return
    yield from _run_workers(snap.reopen_spec(), need, bases, workers)


def _tag_share(snap, need, bases, share):
    import itertools

    from reader.entities.recognizer import recognizer

    rec = recognizer()
    texts = snap.texts(need, share)
    while chunk := list(itertools.islice(texts, DOCS_AT_ONCE)):
        yield from _tag_chunk(rec, chunk, bases)


def _tag_chunk(rec, chunk, bases):
    """(id, hash, base, final, new, error) for each of a few documents, the
    new ones read by the model together."""
    from reader.entities.features import tokens_of
    from reader.entities.recognizer import searched_part

    read, failed = [], {}
    for doc_id, text_hash, text in chunk:
        try:
            text = searched_part(text)
            read.append((doc_id, text_hash, text, tokens_of(text)))
        except Exception as e:  # noqa: BLE001
            failed[doc_id] = e
    new = [r for r in read if bases.get(r[1]) is None]
    try:
        found = dict(zip((r[0] for r in new), rec.bases([(r[2], r[3]) for r in new])))
    except Exception:  # noqa: BLE001
        found = {}  # one document's fault: each is read alone below, and the one named
    for doc_id, text_hash, _text in chunk:
        if doc_id in failed:
            yield doc_id, text_hash, None, None, True, _failed(failed[doc_id])
    for doc_id, text_hash, text, tokens in read:
        base = bases.get(text_hash)
        is_new = base is None
        # One document's fault (a bug its text meets) must not stop the
        # pass: it is named in the report and the others go on.
        try:
            if is_new:
                base = [list(b) for b in (found[doc_id] if doc_id in found else rec.base(text, tokens))]
            final = [[e.start, e.end, e.type, e.name] for e in rec.overlay(text, base, tokens)]
        except Exception as e:  # noqa: BLE001
            yield doc_id, text_hash, None, None, is_new, _failed(e)
            continue
        yield doc_id, text_hash, base, final, is_new, None


def _failed(e: Exception) -> str:
    return f"entities failed ({type(e).__name__}: {e})"


def _run_workers(spec: str, need, bases, count: int):
    from reader.index import workers

    shares = [(spec, need, bases, (i, count)) for i in range(count)]
    for kind, payload in workers.run(_worker, shares, "an entity worker", "what it found so far is kept"):
        if kind == "idle":
            yield None  # nothing new: the caller redraws its progress
        elif kind == "batch":
            yield from payload


def _worker(spec: str, need, bases, share, q) -> None:
    from reader.index.workers import orphaned_exit

    try:
        snap = WhooshBackend.open_spec(spec)
        batch = []
        for item in _tag_share(snap, need, bases, share):
            batch.append(item)
            if len(batch) >= BATCH:
                orphaned_exit()
                q.put(("batch", batch))
                batch = []
        q.put(("batch", batch))
        q.put(("done", None))
    except BaseException as e:
        q.put(("error", f"{type(e).__name__}: {e}"))


def status(backend: WhooshBackend, snap) -> tuple[int, int, bool]:
    """(documents with their entities, documents, complete) for the text
    index as it is now."""
    names = backend.names
    s = names.status() if names.valid() else {}
    total = snap.doc_count()
    if s.get("text") == snap.identity():
        if s.get("complete"):
            return total, total, True
        return min(s.get("done", 0), total), total, False
    # The text changed since the last pass: count what still agrees.
    have = names.hashes()
    return sum(have.get(i) == h for i, h in snap.catalog().items()), total, False


def running(backend: WhooshBackend) -> bool:
    """Whether a pass is at work on this corpus (its lock is held)."""
    import fcntl

    _ann, lock = paths(backend)
    try:
        fd = os.open(lock, os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False
