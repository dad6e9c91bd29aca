"""The index: where it lives, incremental updates, rebuilds, locks, kills, damage."""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import READER, ROOT, run_reader, wait_for, write
from reader.index.engine import build as build_mod
from reader.index.engine import store as store_mod
from reader.index.files.corpus import make_roots
from reader.index.engine.schema import make_schema
from conftest import engine_search as search
from reader.index.errors import IndexBusy, IndexCorrupt, NoIndex
from reader.index.lock import Lock
from reader.index.engine.store import IndexStore


def ids(ix, query: str) -> set[str]:
    return {h.id for h in search(ix, query, limit=1000).hits}


def test_index_lives_under_xdg_cache_home(seeds, home):
    st = IndexStore(make_roots([seeds]))
    st.update()
    assert str(st.dir).startswith(str(home / "cache"))
    assert st.current.is_symlink()


def test_search_before_indexing_says_so(seeds):
    with pytest.raises(NoIndex):
        IndexStore(make_roots([seeds])).open()


def test_incremental_update_reads_only_what_changed(seeds):
    st = IndexStore(make_roots([seeds]))
    first = st.update()
    assert (first.added, first.rebuilt_because) == (5, "new index")

    again = st.update()
    assert (again.added, again.updated, again.removed, again.unchanged) == (0, 0, 0, 5)

    changed = seeds / "000_4988a48e5e8b9510.txt"
    changed.write_text(changed.read_text("utf-8") + "\nكلمةفريدةجدا في آخر المقال.\n", "utf-8")
    (seeds / "002_248ac03b830f8f86.txt").unlink()
    write(seeds / "sub" / "new.txt", "مقال جديد\n\nعن البغدادي والخلافة.")
    report = st.update()
    assert (report.added, report.updated, report.removed, report.unchanged) == (1, 1, 1, 3)

    ix = st.open()
    assert ids(ix, "كلمةفريدةجدا") == {"000_4988a48e5e8b9510.txt"}
    assert ids(ix, "البغدادي") >= {"sub/new.txt"}
    assert "002_248ac03b830f8f86.txt" not in ids(ix, "داعش")
    assert ix.doc_count() == 5


def test_a_file_gone_bad_keeps_its_indexed_version(seeds):
    st = IndexStore(make_roots([seeds]))
    st.update()
    bad = seeds / "001_4842e351d2c85202.txt"
    bad.write_bytes(b"\x00\x01\x02 binary now")
    report = st.update()
    assert [s.path.name for s in report.skipped] == [bad.name]
    assert "001_4842e351d2c85202.txt" in ids(st.open(), "خلافته")


def test_analysis_change_rebuilds_by_itself(seeds, monkeypatch):
    st = IndexStore(make_roots([seeds]))
    st.update()
    monkeypatch.setattr(store_mod, "ANALYSIS_VERSION", store_mod.ANALYSIS_VERSION + 1)
    report = st.update()
    assert "another version" in report.rebuilt_because
    assert len(ids(st.open(), "الخلافة")) == 4


def test_schema_change_rebuilds_by_itself(seeds, monkeypatch):
    st = IndexStore(make_roots([seeds]))
    st.update()
    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", store_mod.SCHEMA_VERSION + 1)
    assert "another version" in st.update().rebuilt_because


# --- damage -------------------------------------------------------------------------------


def _gen(st) -> Path:
    return st.current.resolve()


@pytest.mark.parametrize(
    "damage",
    ["garbled_toc", "missing_segment", "missing_meta", "dangling_current"],
)
def test_damaged_index_is_detected_and_rebuilt(seeds, damage):
    st = IndexStore(make_roots([seeds]))
    st.update()
    gen = _gen(st)
    if damage == "garbled_toc":
        for toc in gen.glob("_MAIN_*.toc"):
            toc.write_bytes(b"\x00garbage" * 10)
    elif damage == "missing_segment":
        for seg in gen.glob("MAIN_*"):
            seg.unlink()
    elif damage == "missing_meta":
        (gen / "meta.json").unlink()
    else:
        shutil.rmtree(gen)
    with pytest.raises((IndexCorrupt, NoIndex)):
        st.open()
    report = st.update()
    assert report.rebuilt_because
    assert len(ids(st.open(), "الخلافة")) == 4


def test_cli_rebuilds_a_damaged_index_with_a_message(seeds):
    assert run_reader("index", "--corpus", str(seeds)).returncode == 0
    st = IndexStore(make_roots([seeds]))
    for seg in _gen(st).glob("MAIN_*"):
        seg.write_bytes(seg.read_bytes()[:100])  # truncated by a full disk
    r = run_reader("search", "الخلافة", "--corpus", str(seeds), "--json")
    assert r.returncode == 0, r.stderr
    assert "damaged" in r.stderr and "rebuilding" in r.stderr
    assert r.stdout.count('"id"') == 4


# --- one indexer at a time; searches go on ------------------------------------------------


def test_second_indexer_gets_a_clear_message(seeds):
    st = IndexStore(make_roots([seeds]))
    st.update()
    with Lock(st.dir / "lock", wait=False):
        with pytest.raises(IndexBusy, match="another reader is indexing"):
            st.update()
        r = run_reader("index", "--corpus", str(seeds))
        assert r.returncode == 2
        assert r.stderr.count("\n") == 1 and "another reader is indexing" in r.stderr
        # Searching while the lock is held works on the live index.
        r = run_reader("search", "داعش", "--corpus", str(seeds))
        assert r.returncode == 0 and "documents match" in r.stdout


def _big_corpus(folder: Path, copies: int) -> None:
    """Many distinct articles made from the seeds (varied so each is a document)."""
    texts = [p.read_text("utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for i in range(copies):
        write(folder / f"bulk/{i:05d}.txt", f"مقال رقم {i}\n\n{texts[i % len(texts)]}\nوسم{i}")


def _start_indexer(corpus: Path, *extra: str) -> subprocess.Popen:
    env = dict(os.environ)
    return subprocess.Popen(
        [READER, "index", "--corpus", str(corpus), *extra],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the kill takes its workers too
    )


@pytest.mark.parametrize("mode", ["incremental", "rebuild"])
@pytest.mark.parametrize("delay", [0.3, 1.0, 2.5])
def test_killed_indexer_leaves_previous_index_searchable(seeds, mode, delay):
    st = IndexStore(make_roots([seeds]))
    st.update()
    _big_corpus(seeds, 600)
    proc = _start_indexer(seeds, *(["--rebuild"] if mode == "rebuild" else []))
    time.sleep(delay)  # the kill comes at a moment of the build: early, midway or late
    os.kill(proc.pid, signal.SIGKILL)  # the indexer only: its workers must notice
    proc.wait()
    _assert_no_process_left(str(seeds))

    ix = st.open()  # the previous (or a completed) index, never a broken one
    assert {"000_4988a48e5e8b9510.txt", "001_4842e351d2c85202.txt"} <= ids(ix, "خلايا نائمة")
    report = _update_when_free(st)  # and the next run finishes the work
    assert st.open().doc_count() == 605
    assert report.skipped == []


def _processes_with(marker: str) -> list[str]:
    """The pids of the processes whose command line holds marker."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if marker.encode() in f.read():
                    found.append(pid)
        except OSError:
            continue
    return found


def _assert_no_process_left(marker: str, seconds: float = 10) -> None:
    """Every worker of a killed indexer leaves, even one blocked on a full queue."""
    wait_for(lambda: not _processes_with(marker), timeout=seconds, interval=0.2,
             what="the end of every worker of the killed indexer")


def _update_when_free(st, seconds: float = 20):
    """Update once the killed run's lock is gone (its workers exit within a document)."""

    def updated():
        try:
            return [st.update()]
        except IndexBusy:
            return None

    (report,) = wait_for(updated, timeout=seconds, interval=0.1, what="an update after the killed indexer's workers let the lock go")
    return report


def test_search_works_while_an_index_is_being_built(seeds):
    st = IndexStore(make_roots([seeds]))
    st.update()
    _big_corpus(seeds, 1500)
    proc = _start_indexer(seeds, "--rebuild")
    try:

        def building():  # the new generation's folder beside the one searches use
            assert proc.poll() is None, "the build ended before it was seen under way: make the corpus bigger"
            return len(list(st.dir.glob("gen-*"))) >= 2

        wait_for(building, timeout=30, what="the rebuild's start")
        r = run_reader("search", "خلافته", "--corpus", str(seeds), "--json")
        assert r.returncode == 0, r.stderr
        assert proc.poll() is None, "the build ended before the search: make the corpus bigger"
        assert '"001_4842e351d2c85202.txt"' in r.stdout
    finally:
        proc.wait(timeout=300)
    assert st.open().doc_count() == 1505


# --- the analyzer and the fast path agree ----------------------------------------------------


def test_field_index_equals_whoosh_analyzer_path():

    text = (ROOT / "seeds" / "001_4842e351d2c85202.txt").read_text("utf-8")
    schema = make_schema()
    for name in ("body", "exact", "title_exact"):
        field = schema[name]
        fast = sorted(field.index(text))
        slow = sorted(
            (w.encode("utf-8"), f, wt, v)
            for w, f, wt, v in field.format.word_values(text, field.analyzer, mode="index")
        )
        assert fast == slow, name


def test_first_search_waits_for_an_indexer_already_at_work(seeds):
    st = IndexStore(make_roots([seeds]))
    st.dir.mkdir(parents=True)
    lock = Lock(st.dir / "lock", wait=False)
    lock.__enter__()
    env = dict(os.environ)
    proc = subprocess.Popen(
        [READER, "search", "الخلافة", "--corpus", str(seeds)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    told = b""

    def waiting():  # it says so, then waits on the lock
        nonlocal told
        assert proc.poll() is None, f"the search ended instead of waiting: {told.decode(errors='replace')}"
        if select.select([proc.stderr], [], [], 0)[0]:
            told += os.read(proc.stderr.fileno(), 65536)
        return b"waiting for it" in told

    wait_for(waiting, timeout=60, what="the search saying it waits for the indexer")
    assert proc.poll() is None  # waiting, not failing
    lock.__exit__(None, None, None)
    out, err = proc.communicate(timeout=60)
    err = told.decode(errors="replace") + err
    assert proc.returncode == 0, err
    assert "4 documents match" in out


def test_parallel_build_with_spilling_workers(seeds, monkeypatch):
    # Whoosh spills postings to run files in a temp folder the workers
    # share; a worker finishing first must not delete the others' runs.
    monkeypatch.setattr(build_mod, "WRITER_MB", 1)  # the build's workers read it from their module
    _big_corpus(seeds, 300)
    st = IndexStore(make_roots([seeds]), workers=2)
    report = st.update()
    assert report.added == 305 and not report.skipped
    ix = st.open()
    with ix.reader() as r:
        assert len(r.leaf_readers()) > 2  # each worker's small pool finished segments as it filled
    assert ix.doc_count() == 305
    assert len(ids(ix, "وسم299")) == 1
    assert not (st.current.resolve() / "MAIN.tmp").exists()
