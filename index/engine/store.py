"""Where an index lives, how it is built, kept current, locked and swapped.

Layout, one folder per corpus under the cache directory::

    indexes/<key>/lock        flock()ed by the one indexer at work
    indexes/<key>/current     symlink to the live generation
    indexes/<key>/gen-<n>/    a Whoosh index + meta.json + manifest.json

A full build (first run, analysis or schema change, corruption) writes a new
generation and swaps ``current`` with an atomic rename, so a killed build
leaves the previous index live. An incremental run updates the live
generation in place: Whoosh publishes a commit by renaming its TOC file,
so readers see the old commit or the new one, never half of one. The
manifest (file stamps) is written after the commit; every step is
idempotent (a changed file's articles are deleted by its name before they
are added, whatever the manifest says), so a kill between the two costs a
re-read, nothing else. Files a failed or killed update left (a segment
never committed, Whoosh's posting pools, a temporary TOC or manifest) are
removed under the lock before the next one starts, so a full disk does not
stay full. An update that fails inside Whoosh (a damaged segment) is
followed by one full build, and the report says why.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import struct
import time
import zlib
from pathlib import Path
from collections.abc import Callable

from reader.index.files import sandbox
from reader.index.language.arabic import ANALYSIS_VERSION
from reader.index.engine.codec import codec
from reader.index.files.corpus import Document, FileEntry, Root, Skipped, read, walk
from reader.index.errors import IndexCorrupt, NoIndex
from reader.index.lock import Lock
from reader.index.progress import Progress, ProgressFn, Report, Ticking
from reader.index.engine.schema import INDEX_NAME, SCHEMA_VERSION, WRITER_MB, document_fields
from reader.index.locations import cache_root, corpus_key

class IndexStore:
    """The index of one corpus."""

    def __init__(self, roots: list[Root], base: Path | None = None, workers: int | None = None, options=None):
        self.roots = roots
        self.dir = (base or cache_root()) / corpus_key(roots)
        self.workers = workers  # processes for a full build; None: one per core
        self.options = options  # index.files.formats.ReadOptions: what config.toml says of reading

    # --- reading -----------------------------------------------------------

    @property
    def current(self) -> Path:
        return self.dir / "current"

    def open(self):
        """The live Whoosh index; NoIndex or IndexCorrupt when there is none."""
        if not self.current.exists():
            raise NoIndex("this corpus has not been indexed yet")
        # The generation itself, not the symlink: a swap after this point
        # must not mix files of two generations.
        gen = self.current.resolve()
        problem = self._check_meta(gen)
        if problem:
            raise IndexCorrupt(problem)
        # A commit at work removes the TOC and segments it replaces: what
        # looks missing may be a moment between two commits, so look again
        # before calling the index damaged (a search must not rebuild it).
        for attempt in range(1, OPEN_TRIES):
            try:
                return self._open_generation(gen)
            except IndexCorrupt:
                time.sleep(0.05 * attempt)
        return self._open_generation(gen)

    @staticmethod
    def _open_generation(gen: Path):
        from whoosh import index as windex

        try:
            ix = windex.open_dir(str(gen), indexname=INDEX_NAME)
            # Read the TOC and see each segment's files are there; opening
            # them (doc_count()) would cost more than the search itself.
            segments = ix._read_toc().segments
        except Exception as e:  # any failure to open is corruption to us
            raise IndexCorrupt(f"cannot open ({type(e).__name__}: {e})") from e
        names = os.listdir(gen)
        for seg in segments:
            if not any(n.startswith(f"{INDEX_NAME}_{seg.segid}") for n in names):
                raise IndexCorrupt(f"segment {seg.segid} is missing")
        return ix

    def _check_meta(self, gen: Path) -> str:
        try:
            meta = json.loads((gen / "meta.json").read_text("utf-8"))
        except (OSError, ValueError) as e:
            return f"unreadable meta.json ({e.__class__.__name__})"
        if meta.get("analysis") != ANALYSIS_VERSION or meta.get("schema") != SCHEMA_VERSION:
            return "index made by another version of the Arabic analysis or schema"
        return ""

    def manifest(self, gen: Path) -> dict[str, list]:
        """{file id: [mtime_ns, size, path, documents it gave]}."""
        try:
            data = json.loads((gen / "manifest.json").read_text("utf-8"))
            return data["files"]
        except (OSError, ValueError, KeyError, TypeError):
            return {}

    # --- writing ------------------------------------------------------------

    def update(
        self,
        progress: ProgressFn | None = None,
        rebuild: bool = False,
        wait: bool = False,
        on_wait: Callable[[str], None] | None = None,
    ) -> Report:
        """Bring the index up to date with the corpus (build it if needed).

        Another indexer at work raises IndexBusy, or with wait=True is
        waited for (on_wait hears why first).
        """
        started = time.perf_counter()
        self.dir.mkdir(parents=True, exist_ok=True)
        sandbox.start()
        with Lock(self.dir / "lock", wait=wait, on_wait=on_wait):
            self._clean_stale_generations()
            self._clean_live_generation()
            reading = Progress(phase="reading")

            def found(n: int) -> None:
                reading.done = n
                progress(reading)

            walked = walk(self.roots, found if progress else None)
            files, skipped = walked
            if progress:
                progress(reading)
            self._load_metadata()
            reason = "rebuild requested" if rebuild else (self._rebuild_reason() or self._reading_changed())
            if reason:
                report = self._build(files, progress)
                report.rebuilt_because = reason
            else:
                # A folder that cannot be read now keeps what it held, as a
                # file that went bad keeps its indexed version.
                unreadable = [str(s.path) for s in skipped if s.path.is_dir()]
                try:
                    report = self._incremental(files, progress, unreadable)
                except _update_faults() as e:
                    # Not the disk, not the user: the index itself (a
                    # segment Whoosh cannot merge). Never left stuck.
                    report = self._build(files, progress)
                    report.rebuilt_because = f"the index could not be updated: {type(e).__name__}: {e}"[:200]
            report.skipped[:0] = skipped
            report.unsupported = walked.unsupported
            if self.options.table is not None and (reason or report.added or report.updated):
                report.metadata = self.options.table.summary([f.id for f in files])
        report.seconds = time.perf_counter() - started
        return report

    def _rebuild_reason(self) -> str:
        if not self.current.exists():
            return "new index" if not os.path.islink(self.current) else "index generation missing"
        try:
            self.open().close()
        except IndexCorrupt as e:
            return str(e)
        return ""

    def _load_metadata(self) -> None:
        """Read the metadata tables (index.files.metadata) the options name, else
        those the live index was built with: a table given once stays
        with the index. Their rows go to the reading of every file."""
        from reader.index.files.formats import ReadOptions
        from reader.index.files.metadata import read_metadata

        options = self.options or ReadOptions()
        paths = list(options.metadata) or self._meta().get("metadata", {}).get("paths", [])
        table = read_metadata([Path(p) for p in paths], options.json_fields) if paths else None
        self.options = options._replace(metadata=tuple(paths), table=table)

    def _reading_changed(self) -> str:
        """Why the corpus must be read again: the metadata tables, or
        whether a file's day counts (file_days), are not those the live
        index was built with."""
        meta = self._meta()
        if bool(meta.get("file_days", False)) != bool(self.options.file_days):
            return "file_days " + ("set" if self.options.file_days else "unset")
        table = self.options.table
        built = meta.get("metadata", {}).get("digest", "")
        now = table.digest if table is not None else ""
        if now == built:
            return ""
        return "a metadata table changed" if now and built else "metadata tables given" if now else "metadata tables dropped"

    def _meta(self) -> dict:
        """The live generation's meta.json ({} when there is none)."""
        try:
            return json.loads((self.current / "meta.json").read_text("utf-8"))
        except (OSError, ValueError):
            return {}

    def _build(self, files: list[FileEntry], progress: ProgressFn | None) -> Report:
        import tempfile

        gen = Path(tempfile.mkdtemp(prefix="gen-", dir=self.dir))
        report = Report()
        from reader.index.engine.build import build_segments

        try:
            manifest = build_segments(gen, files, report, progress, self.workers, self.options)
            _write_json(gen / "manifest.json", {"files": manifest})
            _write_json(
                gen / "meta.json",
                {
                    "analysis": ANALYSIS_VERSION,
                    "schema": SCHEMA_VERSION,
                    "roots": [str(r.path) for r in self.roots],
                    "created": time.time(),
                    "metadata": self._metadata_meta(),
                    "file_days": bool(self.options is not None and self.options.file_days),
                },
            )
            self._publish(gen)
        except BaseException:
            # A full disk must not stay full of the failed build's segments;
            # the previous generation is untouched.
            shutil.rmtree(gen, ignore_errors=True)
            raise
        return report

    def _metadata_meta(self) -> dict:
        table = self.options.table if self.options is not None else None
        return {"paths": list(self.options.metadata), "digest": table.digest} if table is not None else {}

    def _publish(self, gen: Path) -> None:
        """Point `current` at gen atomically, then drop older generations."""
        tmp = self.dir / f"current.{os.getpid()}"
        if os.path.lexists(tmp):
            os.unlink(tmp)
        os.symlink(gen.name, tmp)
        os.replace(tmp, self.current)
        self._clean_stale_generations()

    def _clean_stale_generations(self) -> None:
        """Remove generations that are not live: left by a killed build or
        replaced by a newer one (open readers keep their files on POSIX)."""
        live = os.readlink(self.current) if os.path.islink(self.current) else None
        for p in self.dir.glob("gen-*"):
            if p.name != live:
                shutil.rmtree(p, ignore_errors=True)

    def live_generation(self) -> str | None:
        """The name of the live generation's folder (None: no index)."""
        try:
            return os.readlink(self.current)
        except OSError:
            return None

    def _clean_live_generation(self) -> None:
        """Remove from the live generation what no commit refers to: the
        leftovers of an update that failed or was killed. Only under the
        lock: an update at work has files of its own there."""
        from whoosh.filedb.filestore import FileStorage
        from whoosh.index import TOC, clean_files

        if self.live_generation() is None:
            return
        gen = self.current.resolve()
        try:
            storage = FileStorage(str(gen))
            toc = TOC.read(storage, INDEX_NAME)
        except Exception:  # noqa: BLE001 - a damaged index is _rebuild_reason's to find
            return
        clean_files(storage, INDEX_NAME, toc.generation, toc.segments)
        for p in gen.iterdir():
            # Whoosh's posting pools (MAIN.tmp/), a TOC being written
            # (_MAIN_3.toc.<time>), a manifest being written (.manifest.json.*.tmp)
            if p.name == f"{INDEX_NAME}.tmp":
                shutil.rmtree(p, ignore_errors=True)
            elif (p.name.startswith(f"_{INDEX_NAME}_") and not p.name.endswith(".toc")) \
                    or (p.name.startswith(".") and p.name.endswith(".tmp")):
                p.unlink(missing_ok=True)

    def _incremental(self, files: list[FileEntry], progress: ProgressFn | None, unreadable=()) -> Report:
        from reader.index.engine.writer import DocumentFailed, Writer

        gen = self.current.resolve()
        old = self.manifest(gen)
        report = Report()
        present = {f.id for f in files}
        kept = tuple(folder.rstrip("/") + "/" for folder in unreadable)
        if kept:
            present |= {i for i, (_mtime, _size, path, _n) in old.items() if path.startswith(kept)}
        changed = [f for f in files if old.get(f.id, [None, None])[:2] != list(f.stamp)]
        removed = [file_id for file_id in old if file_id not in present]
        report.unchanged = sum(old[f.id][3] for f in files if f.id in old) - sum(old[f.id][3] for f in changed if f.id in old)
        if not changed and not removed:
            return report
        manifest = {k: v for k, v in old.items() if k in present}
        ix = self.open()
        # Our own lock makes this the only writer; Whoosh's may still be held
        # for a moment by a child of a writer just killed.
        writer = Writer(ix, limitmb=WRITER_MB, compound=False, codec=codec(), timeout=WRITE_LOCK_WAIT)
        try:
            for file_id in removed:
                writer.delete_by_term("file", file_id)
                report.removed += old[file_id][3]
            state = Progress(total=len(changed), phase="indexing")
            for entry in changed:
                prepared = []
                for doc in read(entry, options=self.options):
                    if isinstance(doc, Document):
                        try:
                            prepared.append(writer.prepare(document_fields(doc)))
                            report.ocr += doc.ocr
                            continue
                        except DocumentFailed as e:
                            doc = Skipped(entry.path, str(e))
                    report.skipped.append(doc)
                if prepared:
                    # Deleted whether or not the manifest knows the file: a
                    # kill after the commit and before the manifest left its
                    # articles indexed under a stamp nobody wrote.
                    writer.delete_by_term("file", entry.id)
                    if entry.id in old:
                        report.updated += len(prepared)
                    else:
                        report.added += len(prepared)
                    for p in prepared:
                        writer.add_prepared(p)
                    manifest[entry.id] = [entry.mtime_ns, entry.size, str(entry.path), len(prepared)]
                # else the old version, if any, stays indexed and the
                # manifest keeps its old stamp: retried next run.
                state.done += 1
                if progress:
                    progress(state)
            with Ticking(progress, Progress(phase="committing")):
                writer.commit()
        except BaseException:
            _cancel(writer)
            ix.close()
            self._clean_live_generation()  # what the failed commit wrote: a full disk must not stay full
            raise
        ix.close()
        _write_json(gen / "manifest.json", {"files": manifest})
        return report


WRITE_LOCK_WAIT = 10.0  # seconds
OPEN_TRIES = 4


def _update_faults() -> tuple:
    """What an update raises when the index, not the disk or the user, is at fault."""
    from whoosh.codec.base import OutOfOrderError
    from whoosh.filedb.filetables import FileFormatError
    from whoosh.index import IndexError as WhooshIndexError

    return (AssertionError, EOFError, ValueError, KeyError, IndexError, TypeError, AttributeError,
            struct.error, zlib.error, pickle.UnpicklingError, FileFormatError, WhooshIndexError, OutOfOrderError)


# --- small helpers ----------------------------------------------------------------


def _cancel(writer) -> None:
    """Cancel a Whoosh writer that failed; on a full disk its own flush fails
    too, and its write lock must be let go all the same."""
    try:
        writer.cancel()
    except Exception:  # noqa: BLE001 - the first failure is the one to report
        lock = getattr(writer, "writelock", None)
        if lock is not None:
            try:
                lock.release()
            except Exception:  # noqa: BLE001
                pass


def _write_json(path: Path, data) -> None:
    from reader.atomic import write_atomic

    # ASCII: a file name that is not UTF-8 is kept as escapes JSON reads back.
    write_atomic(path, json.dumps(data))


