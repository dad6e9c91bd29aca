"""The full build: every core indexes its share of the files into Whoosh segments.

Each worker process reads its own files and writes Whoosh segments (as
Whoosh's MpWriter does with multisegment=True, without the parent pickling
every document to the workers); the parent then writes one table of
contents listing them all. A worker starts a new segment before its
posting pool would spill to disk: Whoosh's spill pickles every posting
out and back and merges the runs in Python, which cost more than a third
of the build. This leans on Whoosh internals (SegmentWriter with _lk=False,
_finalize_segment, TOC); Whoosh is pinned exactly and frozen upstream.
"""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
from pathlib import Path

from whoosh import index as windex
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, clean_files

from reader.index.files import sandbox
from reader.index.engine.codec import codec
from reader.index.files.corpus import Document, FileEntry, Skipped, read
from reader.index.files.formats import limits
from reader.index.progress import Progress, ProgressFn, Report, Ticking
from reader.index.engine.schema import INDEX_NAME, MAX_WORKERS, WRITER_MB, document_fields, make_schema
from reader.index.engine.writer import DocumentFailed, Writer


def build_segments(gen: Path, files: list[FileEntry], report: Report, progress: ProgressFn | None, workers: int | None = None,
                   options=None):
    """Index files into a new Whoosh index at gen; the manifest of what went
    in: {file id: [mtime_ns, size, path, documents]}."""
    limits.current()  # a bad limit is told before any work, not by each worker
    schema = make_schema()
    windex.create_in(str(gen), schema, indexname=INDEX_NAME)
    if workers is None:  # small corpora are not worth a process each
        workers = min(os.cpu_count() or 1, len(files) // 200 or 1, MAX_WORKERS)
    workers = max(1, min(workers, len(files) or 1))
    chunks = [files[i::workers] for i in range(workers)]
    state = Progress(total=len(files), phase="indexing")
    if workers == 1:
        writing = lambda: Ticking(progress, Progress(1, 0, "writing"))  # noqa: E731
        results = [_index_chunk(str(gen), chunks[0], lambda n: _tick(state, n, progress), 1, writing, options)]
    else:
        results = _run_workers(str(gen), chunks, state, progress, options)
    manifest: dict[str, list] = {}
    segments = []
    for segs, done, skipped, ocr in results:
        segments.extend(segs)
        manifest.update(done)
        report.skipped.extend(skipped)
        report.ocr += ocr
    report.added = sum(entry[3] for entry in manifest.values())
    with Ticking(progress, Progress(phase="committing")):
        storage = FileStorage(str(gen))
        TOC(schema, segments, 1).write(storage, INDEX_NAME)
        clean_files(storage, INDEX_NAME, 1, segments)  # the empty generation 0
        shutil.rmtree(gen / f"{INDEX_NAME}.tmp", ignore_errors=True)
    return manifest


def _tick(state: Progress, n: int, progress: ProgressFn | None) -> None:
    state.done += n
    if progress:
        progress(state)


def _run_workers(gen: str, chunks, state: Progress, progress: ProgressFn | None, options):
    from reader.index import workers

    results = []
    writing = Progress(len(chunks), 0, "writing")  # the workers' last segments
    shares = [(gen, chunk, len(chunks), options) for chunk in chunks]
    for kind, payload in workers.run(_worker, shares, "an indexing worker", "the previous index is kept"):
        if kind == "tick":
            _tick(state, payload, progress)
        elif kind == "done":
            results.append(payload)
            writing.done = len(results)
        if progress:  # on "idle" too: the time goes on even when the count does not
            progress(writing if state.done >= state.total else state)
    return results


def _worker(gen: str, chunk: list[FileEntry], workers: int, options, queue) -> None:
    from reader.index.workers import orphaned_exit

    def tick(n: int) -> None:
        orphaned_exit()
        queue.put(("tick", n))

    # The posting pool holds millions of small objects and makes no cycles:
    # the cyclic collector would rescan them all, again and again, for
    # nothing (a third of the time of adding documents). The process ends
    # after its chunk.
    gc.disable()
    try:
        result = _index_chunk(gen, chunk, tick, workers, contextlib.nullcontext, options)
        queue.put(("done", result))
    except BaseException as e:
        queue.put(("error", f"{type(e).__name__}: {e}"))
    finally:
        sandbox.close()  # its reader process: reaped here, not left to init


def _index_chunk(gen: str, chunk: list[FileEntry], tick, workers: int, writing, options=None):
    """(segments, manifest items, skipped, documents read by OCR) for one worker's files; writing()
    is the context of writing the last segment, which reports nothing."""
    ix = windex.open_dir(gen, indexname=INDEX_NAME)
    budget = max(4, WRITER_MB // workers) * 1024 * 1024
    writer = None
    segments, done, skipped, pending, ocr = [], [], [], 0, 0
    for entry in chunk:
        added = 0
        for doc in read(entry, options=options):
            if not isinstance(doc, Document):
                skipped.append(doc)
                continue
            if writer is None:
                writer = _new_writer(ix)
            try:
                writer.add_prepared(writer.prepare(document_fields(doc)))
                added += 1
                ocr += doc.ocr
            except DocumentFailed as e:
                skipped.append(Skipped(entry.path, str(e)))
            if writer.pool.currentsize > budget:
                segments.append(_finish_segment(writer))
                writer = None
        if added:  # a file none of whose articles could be read is tried again next run
            done.append((entry.id, [entry.mtime_ns, entry.size, str(entry.path), added]))
        pending += 1
        if pending >= 20:
            tick(pending)
            pending = 0
    tick(pending)
    if writer is not None and writer.doc_count():  # not when its every document failed
        with writing():
            segments.append(_finish_segment(writer))
    return segments, done, skipped, ocr


def _new_writer(ix):
    # _lk=False: the build holds our own lock. limitmb: never spill (we
    # finish the segment first). compound=False: Whoosh copies each file
    # of a compound segment into memory whenever a searcher opens it.
    return Writer(ix, _lk=False, limitmb=1 << 20, compound=False, codec=codec())


def _finish_segment(writer):
    # Not _finish(): it would delete the temp folder other workers share.
    segment = writer._finalize_segment()
    # The writer and its pool sit in reference cycles and the cyclic GC is
    # off in workers: without this each finished segment's postings stayed
    # in memory (1.4 GB peak on the benchmark corpus instead of ~0.5).
    writer.pool = None
    gc.collect()
    return segment
