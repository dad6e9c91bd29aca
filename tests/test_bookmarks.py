"""Bookmarks: the store, re-anchoring, the CLI, exports, and what must never be lost."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_reader, write
from permissions import run_plain
from reader.index.files.corpus import read_path
from reader.userdata import bookmarks as bm_mod
from reader.userdata.bookmarks import BookmarkStore, StoreError

S001 = "001_4842e351d2c85202.txt"
QUOTE = "لا يزال أمامنا الكثير من العمل"


def add(store, folder: Path, name: str, start: int, end: int, **kw):
    return store.add(str(folder), name, read_path(folder / name), start, end, **kw)


def test_store_lives_under_xdg_data_home(home):
    store = BookmarkStore()
    assert str(store.path).startswith(str(home / "data"))
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_add_keeps_offsets_and_a_text_quote_anchor(seeds):
    store = BookmarkStore()
    text = (seeds / S001).read_text("utf-8")
    s = text.index(QUOTE)
    b = add(store, seeds, S001, s, s + len(QUOTE), note="روباك", tags=["اقتباس", "2019"])
    assert (b.start, b.end, b.exact) == (s, s + len(QUOTE), QUOTE)
    assert text[:s].endswith(b.prefix) and text[s + len(QUOTE) :].startswith(b.suffix)
    assert len(b.prefix) == len(b.suffix) == 32
    assert b.title.startswith("انتهت دولة") and b.tags == ["اقتباس", "2019"] and b.created


# --- re-anchoring ------------------------------------------------------------------------


@pytest.fixture
def anchored(seeds):
    store = BookmarkStore()
    text = (seeds / S001).read_text("utf-8")
    s = text.index(QUOTE)
    return store, add(store, seeds, S001, s, s + len(QUOTE)), seeds / S001, text


def test_unchanged_document_is_ok(anchored):
    store, b, _f, _t = anchored
    assert store.reanchor(store.get(b.id)).status == "ok"


def test_paragraph_inserted_above_moves_the_offsets(anchored):
    store, b, f, text = anchored
    added = "فقرة جديدة أضيفت في أعلى المقال بعد نشره.\n\n"
    f.write_text(added + text, "utf-8")
    r = store.reanchor(store.get(b.id))
    assert r.status == "moved" and (r.start, r.end) == (b.start + len(added), b.end + len(added))
    assert read_path(f).text[r.start : r.end] == QUOTE
    assert store.get(b.id).start == r.start  # saved
    assert store.reanchor(store.get(b.id)).status == "ok"


def test_slightly_edited_passage_is_found(anchored):
    store, b, f, text = anchored
    f.write_text(text.replace("أمامنا الكثير من العمل", "أمامنا كثير من العمل"), "utf-8")
    r = store.reanchor(store.get(b.id))
    assert r.status == "moved"
    assert r.exact == "لا يزال أمامنا كثير من العمل"


def test_passage_gone_is_orphaned_not_deleted(anchored):
    store, b, f, text = anchored
    f.write_text(text.replace(QUOTE, "تغير هذا الكلام كليا وما عاد كما كان"), "utf-8")
    assert store.reanchor(store.get(b.id)).status == "orphaned"
    assert [x.id for x in store.all()] == [b.id]
    assert store.get(b.id).exact == QUOTE  # the passage as it was is kept


def test_missing_document_is_orphaned(anchored):
    store, b, f, _t = anchored
    f.unlink()
    assert store.reanchor(store.get(b.id)).status == "orphaned"


def test_renamed_file_with_the_same_text_is_followed(anchored):
    store, b, f, _t = anchored
    (f.parent / "archive").mkdir()
    f.rename(f.parent / "archive" / "renamed.txt")
    r = store.reanchor(store.get(b.id))
    assert (r.status, r.doc) == ("moved", "archive/renamed.txt")
    assert store.get(b.id).doc == "archive/renamed.txt"


def test_many_orphans_in_one_folder_read_it_once(seeds, monkeypatch):
    from reader.index.files import corpus

    store = BookmarkStore()
    for name in sorted(p.name for p in seeds.iterdir()):
        add(store, seeds, name, 0, 5)
    for p in seeds.iterdir():
        p.unlink()
    walks = []
    real = corpus.walk
    monkeypatch.setattr(corpus, "walk", lambda roots, *a: walks.append(roots) or real(roots, *a))
    assert {store.reanchor(b).status for b in store.all()} == {"orphaned"}
    assert len(walks) == 1


# --- the command line ----------------------------------------------------------------------


def bm(*args, env=None):
    return run_reader("bookmarks", *args, env=env)


def test_cli_add_list_note_rm(seeds):
    r = bm("add", S001, "--quote", QUOTE, "--note", "روباك", "--tag", "اقتباس", "--corpus", str(seeds))
    assert r.returncode == 0, r.stderr
    text = (seeds / S001).read_text("utf-8")
    s = text.index("داعش")
    assert bm("add", S001, "--start", str(s), "--end", str(s + 4), "--corpus", str(seeds)).returncode == 0
    items = json.loads(bm("list", "--json").stdout)
    assert [i["id"] for i in items] == [1, 2]
    first = items[0]
    for key in ("id", "doc", "path", "start", "end", "quote", "note", "tags", "created", "status"):
        assert key in first
    assert (first["quote"], first["note"], first["tags"], first["status"]) == (QUOTE, "روباك", ["اقتباس"], "ok")
    assert Path(first["path"]) == seeds / S001
    assert [i["id"] for i in json.loads(bm("list", "--json", "--tag", "اقتباس").stdout)] == [1]
    assert [i["id"] for i in json.loads(bm("list", "--json", "--doc", "nope.txt").stdout)] == []
    assert bm("note", "2", "عن داعش").returncode == 0
    assert json.loads(bm("list", "--json").stdout)[1]["note"] == "عن داعش"
    assert bm("rm", "1").returncode == 0
    assert [i["id"] for i in json.loads(bm("list", "--json").stdout)] == [2]
    r = bm("rm", "1")
    assert r.returncode == 2 and "no bookmark 1" in r.stderr


@pytest.mark.parametrize(
    "args,message",
    [
        (["--start", "5"], "give --start and --end"),
        (["--start", "50", "--end", "10"], "outside the document"),
        (["--quote", "كلام غير موجود"], "does not occur"),
        (["--quote", "داعش", "--start", "1", "--end", "2"], "either --quote"),
    ],
)
def test_cli_add_errors_are_one_line(seeds, args, message):
    r = bm("add", S001, *args, "--corpus", str(seeds))
    assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr


def test_markdown_export_is_a_citation_list_in_logical_order(seeds, tmp_path):
    bm("add", S001, "--quote", QUOTE, "--note", "قالها روباك", "--corpus", str(seeds))
    bm("add", "002_248ac03b830f8f86.txt", "--quote", "لا تزال داعش تطلق تهديداتها", "--corpus", str(seeds))
    out = tmp_path / "cites.md"
    assert bm("export", "--output", str(out)).returncode == 0
    md = out.read_text("utf-8")
    assert "## انتهت دولة 'الخلافة' وبقي خطرها عابرا للحدود" in md
    assert "## لا تزال داعش تطلق تهديداتها للعالم أجمع ، تعد بتكثيف… — مكرم محمد أحمد" in md
    assert f"> {QUOTE}" in md and "Note: قالها روباك" in md
    assert f"`{seeds / S001}`, characters" in md
    assert not any("\ufe70" <= c <= "\ufeff" for c in md)  # no presentation forms: logical text
    rows = list(csv.DictReader(io.StringIO(bm("export", "--format", "csv").stdout)))
    assert rows[0]["quote"] == QUOTE
    assert json.loads(bm("export", "--format", "json").stdout)[0]["quote"] == QUOTE


# --- reliability ---------------------------------------------------------------------------

WRITER = """
import sys
from pathlib import Path
from reader.index.files.corpus import read_path
from reader.userdata.bookmarks import BookmarkStore
folder, count = Path(sys.argv[1]), int(sys.argv[2])
doc = read_path(folder / "001_4842e351d2c85202.txt")
store = BookmarkStore()
for i in range(count):
    b = store.add(str(folder), doc.path.name, doc, i, i + 10, note=sys.argv[3] + str(i))
    print(b.id, flush=True)
"""


def _writer(seeds, count, tag):
    env = dict(os.environ)
    return subprocess.Popen([sys.executable, "-P", "-c", WRITER, str(seeds), str(count), tag], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_writers_at_once_lose_nothing(seeds):
    BookmarkStore().close()  # create it first, as a user's earlier session did
    procs = [_writer(seeds, 100, "a"), _writer(seeds, 100, "b")]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    notes = [b.note for b in BookmarkStore().all()]
    assert len(notes) == 200 and len(set(notes)) == 200


def test_killed_writer_loses_nothing_committed(seeds):
    BookmarkStore().close()
    p = _writer(seeds, 100000, "k")
    committed = []
    while len(committed) < 50:
        committed.append(int(p.stdout.readline()))
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    store = BookmarkStore()
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    ids = {b.id for b in store.all()}
    assert set(committed) <= ids


def test_locked_store_gets_a_clear_message(seeds, monkeypatch):
    monkeypatch.setattr(bm_mod, "LOCK_TIMEOUT", 0.2)
    store = BookmarkStore()
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match="locked by another process"):
            add(BookmarkStore(), seeds, S001, 0, 10)
    finally:
        other.execute("ROLLBACK")
    assert add(store, seeds, S001, 0, 10).id == 1


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_foreign_sqlite_database_is_never_touched(home):
    path = bm_mod.store_path()
    path.parent.mkdir(parents=True)
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE invoices (n INTEGER)")
    db.commit()
    db.close()
    before = _digest(path)
    with pytest.raises(StoreError, match="not a reader bookmark store"):
        BookmarkStore()
    assert _digest(path) == before
    r = run_reader("bookmarks", "list")
    assert r.returncode == 2 and r.stderr.count("\n") == 1


def test_file_that_is_not_a_database_is_never_touched(home):
    path = bm_mod.store_path()
    write(path, "these are my notes, not a database\n" * 20)
    before = _digest(path)
    with pytest.raises(StoreError, match="not a bookmark store"):
        BookmarkStore()
    assert _digest(path) == before


def test_unreadable_store_gets_a_clear_message(home):
    BookmarkStore().close()
    os.chmod(bm_mod.store_path(), 0)
    r = run_plain("bookmarks", "list")
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "cannot read the bookmark store" in r.stderr, r.stderr


def test_older_schema_is_migrated_keeping_bookmarks(home):
    path = bm_mod.store_path()
    path.parent.mkdir(parents=True)
    db = sqlite3.connect(path)
    db.executescript(bm_mod.MIGRATIONS[0])
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute("INSERT INTO meta VALUES ('app', ?), ('schema', '1')", (bm_mod.APP,))
    db.execute(
        "INSERT INTO bookmarks (root, doc, start, \"end\", exact, prefix, suffix, note, tags, created, updated)"
        " VALUES ('/r', 'a.txt', 1, 5, 'نص', '', '', 'ملاحظة', '[]', 't', 't')"
    )
    db.commit()
    db.close()
    store = BookmarkStore()
    assert store.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()[0] == str(bm_mod.SCHEMA_VERSION)
    (b,) = store.all()
    assert (b.note, b.exact, b.status, b.title) == ("ملاحظة", "نص", "ok", "")


# --- a damaged store (issue 11: byte flips crashed list and add still wrote) --------------------


def _filled_store(seeds, count=120) -> Path:
    store = BookmarkStore()
    text = (seeds / S001).read_text("utf-8")
    s = text.index(QUOTE)
    for i in range(count):
        add(store, seeds, S001, s, s + len(QUOTE), note=f"ملاحظة {i} " * 20, tags=[f"t{i % 7}"])
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return bm_mod.store_path()


def _flip(path: Path, rng, flips: int) -> None:
    data = bytearray(path.read_bytes())
    for _ in range(flips):
        i = rng.randrange(100, len(data))  # past the header: SQLite still opens it
        data[i] ^= 1 << rng.randrange(8)
    path.write_bytes(bytes(data))


def test_random_damage_is_one_line_and_a_damaged_store_is_never_written(seeds, tmp_path):
    import random

    path = _filled_store(seeds)
    good = path.read_bytes()
    refused = 0
    for trial in range(30):
        path.write_bytes(good)
        _flip(path, random.Random(trial), flips=40)
        before = _digest(path)
        damaged = False
        try:
            store = BookmarkStore()
            try:
                store.all()
                add(store, seeds, S001, 0, 5)
            finally:
                store.close()
        except StoreError as e:  # never any other exception
            assert "\n" not in str(e)
            damaged = "damaged" in str(e) or "not a bookmark store" in str(e)
        if damaged:
            refused += 1
            assert _digest(path) == before, f"trial {trial}: a damaged store was written to"
    assert refused >= 20  # most flips are found (quick_check reads every page)


def test_damaged_store_cli_is_one_line_and_salvage_exports_what_is_readable(seeds, tmp_path):
    path = _filled_store(seeds, count=300)
    data = bytearray(path.read_bytes())
    page = 4096
    data[page * 20 : page * 20 + 64] = b"\xff" * 64  # a page of rows is wrecked
    path.write_bytes(bytes(data))
    before = _digest(path)
    for args in (("list",), ("add", S001, "--quote", QUOTE, "--corpus", str(seeds)), ("export",)):
        r = run_reader("bookmarks", *args)
        assert r.returncode == 2 and r.stderr.count("\n") == 1 and "damaged" in r.stderr, (args, r.stderr)
        assert "Traceback" not in r.stderr
    out = tmp_path / "saved.json"
    r = run_reader("bookmarks", "export", "--salvage", "--format", "json", "--output", str(out))
    assert r.returncode == 0, r.stderr
    saved = json.loads(out.read_text("utf-8"))
    assert 100 < len(saved) < 300 and all(b["quote"] == QUOTE for b in saved)
    assert "could not be read" in r.stderr
    assert _digest(path) == before


def test_quick_check_runs_when_the_store_opens(home, monkeypatch):
    calls = []
    real = BookmarkStore._check_whole
    monkeypatch.setattr(BookmarkStore, "_check_whole", lambda self, db: calls.append(1) or real(self, db))
    BookmarkStore().close()
    assert calls == [1]


# --- exports write regular files only ------------------------------------------------------------


def test_export_refuses_a_symlink_a_fifo_and_a_device_and_keeps_a_files_mode(seeds, tmp_path):
    bm("add", S001, "--quote", QUOTE, "--corpus", str(seeds))
    target = tmp_path / "mine.md"
    target.write_text("precious", "utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    fifo = tmp_path / "fifo.md"
    os.mkfifo(fifo)
    for where, what in ((link, "a symlink"), (fifo, "a FIFO"), (Path("/dev/null"), "a device"), (tmp_path, "a folder")):
        r = bm("export", "--output", str(where))
        assert r.returncode == 2 and r.stderr.count("\n") == 1 and what in r.stderr, r.stderr
    assert link.is_symlink() and target.read_text("utf-8") == "precious"
    assert fifo.is_fifo() and Path("/dev/null").is_char_device()
    os.chmod(target, 0o640)
    assert bm("export", "--output", str(target)).returncode == 0
    assert (target.stat().st_mode & 0o777) == 0o640 and QUOTE in target.read_text("utf-8")


def test_a_store_found_damaged_by_list_refuses_every_write(seeds):
    """Issue 25: list said damaged, yet add, note and rm (each a command of
    its own, opening the store afresh) still wrote into it."""
    import random

    path = _filled_store(seeds)
    good = path.read_bytes()
    damaged_trials = 0
    for trial in range(30):
        path.write_bytes(good)
        _flip(path, random.Random(trial), flips=40)
        before = _digest(path)
        try:
            store = BookmarkStore()
            try:
                store.all()
            finally:
                store.close()
            continue  # list found nothing wrong
        except StoreError as e:
            assert "damaged" in str(e) or "not a bookmark store" in str(e), str(e)
        damaged_trials += 1
        for write in (lambda s: add(s, seeds, S001, 0, 5), lambda s: s.set_note(3, "x"), lambda s: s.remove(3)):
            with pytest.raises(StoreError):
                store = BookmarkStore()
                try:
                    write(store)
                finally:
                    store.close()
            assert _digest(path) == before, f"trial {trial}: a store list called damaged was written to"
    assert damaged_trials >= 20


def test_a_read_only_store_is_listed_and_exported_and_refuses_changes(seeds, tmp_path):
    assert bm("add", S001, "--quote", QUOTE, "--note", "روباك", "--corpus", str(seeds)).returncode == 0
    path = bm_mod.store_path()
    before = _digest(path)
    os.chmod(path, 0o444)
    os.chmod(path.parent, 0o555)  # nor can the WAL be made beside it
    try:
        r = run_plain("bookmarks", "list", "--no-pager")
        assert r.returncode == 0 and QUOTE in r.stdout and "روباك" in r.stdout, r.stderr
        r = run_plain("bookmarks", "list", "--json")
        assert r.returncode == 0 and json.loads(r.stdout)[0]["quote"] == QUOTE, r.stderr
        r = run_plain("bookmarks", "export", "--output", str(tmp_path / "out.md"))
        assert r.returncode == 0 and QUOTE in (tmp_path / "out.md").read_text("utf-8"), r.stderr
        r = run_plain("bookmarks", "export", "--salvage", "--format", "json")
        assert r.returncode == 0 and "wrecked" not in r.stderr and json.loads(r.stdout)[0]["quote"] == QUOTE, r.stderr
        for args in (("note", "1", "x"), ("rm", "1"), ("add", S001, "--quote", QUOTE, "--corpus", str(seeds))):
            r = run_plain("bookmarks", *args)
            assert r.returncode == 2 and r.stderr.count("\n") == 1 and "read-only" in r.stderr, (args, r.stderr)
    finally:
        os.chmod(path.parent, 0o755)
        os.chmod(path, 0o644)
    assert _digest(path) == before


def test_an_unreadable_file_costs_only_its_own_bookmarks(seeds, tmp_path):
    hidden = seeds / "hidden"
    hidden.mkdir()
    (seeds / S001).rename(hidden / S001)
    other = sorted(p.name for p in seeds.glob("*.txt"))[0]
    assert bm("add", f"hidden/{S001}", "--quote", QUOTE, "--corpus", str(seeds)).returncode == 0
    assert bm("add", other, "--start", "0", "--end", "12", "--corpus", str(seeds)).returncode == 0
    path = bm_mod.store_path()
    os.chmod(hidden, 0)
    try:
        r = run_plain("bookmarks", "list", "--no-pager")
        assert r.returncode == 0, r.stderr
        assert "#1  unreadable" in r.stdout and "#2  ok" in r.stdout, r.stdout
        told = [line for line in r.stderr.splitlines() if "cannot read" in line]
        assert len(told) == 1 and "1 bookmark shown as last saved" in told[0] and "Permission denied" in told[0], r.stderr
        r = run_plain("bookmarks", "list", "--json")
        assert r.returncode == 0 and [b["status"] for b in json.loads(r.stdout)] == ["unreadable", "ok"], r.stderr
        r = run_plain("bookmarks", "export", "--format", "csv")
        assert r.returncode == 0 and QUOTE in r.stdout and other in r.stdout, r.stderr
    finally:
        os.chmod(hidden, 0o755)
    # nothing was saved of the unreadable one: readable again, it is simply ok
    assert [b.status for b in BookmarkStore(path).all()] == ["ok", "ok"]
    assert [b["status"] for b in json.loads(bm("list", "--json").stdout)] == ["ok", "ok"]
