"""An archive that grows: many updates in a row, kills and faults between
them, and readers that outlive a rebuild (issue 25)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import READER, run_reader, write
from reader.index.files.corpus import make_roots
from conftest import engine_search as search
from reader.index.engine.store import IndexStore


def indexed(st: IndexStore) -> list[str]:
    """Every live document id, once per time it is indexed."""
    ix = st.open()
    try:
        with ix.searcher() as s:
            return sorted(f["id"] for f in s.all_stored_fields())
    finally:
        ix.close()


def test_twenty_updates_in_a_row_keep_the_index_current(seeds):
    # The fifth update of the seeds used to crash in Whoosh's segment merge
    # (AssertionError: vbytes=''), and every update after it.
    st = IndexStore(make_roots([seeds]))
    st.update()
    target = seeds / "001_4842e351d2c85202.txt"
    for n in range(20):
        target.write_text(target.read_text("utf-8") + f"\nسطر جديد كلمةالجولة{n}\n", "utf-8")
        write(seeds / "added" / f"{n}.txt", f"مقال {n}\n\nنص مضاف في الجولة كلمةمضافة{n}.")
        report = st.update()
        assert not report.rebuilt_because, report.rebuilt_because
        assert (report.added, report.updated) == (1, 1)
    ix = st.open()
    assert {h.id for h in search(ix, "كلمةالجولة19").hits} == {target.name}
    assert {h.id for h in search(ix, "كلمةمضافة7").hits} == {"added/7.txt"}
    ix.close()
    assert indexed(st) == sorted([p.name for p in seeds.glob("*.txt")] + [f"added/{n}.txt" for n in range(20)])


def test_a_kill_between_the_commit_and_the_manifest_leaves_nothing_twice(seeds):
    # The commit is published; the manifest that records it is not (the
    # process was killed at its rename). The next update must not add the
    # same articles a second time.
    st = IndexStore(make_roots([seeds]))
    st.update()
    manifest = st.current.resolve() / "manifest.json"
    before = manifest.read_bytes()
    write(seeds / "new.txt", "مقال جديد\n\nعن الخلافة والبغدادي.")
    changed = seeds / "000_4988a48e5e8b9510.txt"
    changed.write_text(changed.read_text("utf-8") + "\nإضافة.\n", "utf-8")
    st.update()
    manifest.write_bytes(before)  # as if killed before the manifest's rename
    report = st.update()
    assert report.added == 1 and report.updated == 1
    assert indexed(st) == sorted(p.name for p in seeds.glob("*.txt"))


def test_an_index_that_cannot_be_updated_is_rebuilt_once_and_says_so(seeds):
    assert run_reader("index", "--corpus", str(seeds)).returncode == 0
    st = IndexStore(make_roots([seeds]))
    gen = st.current.resolve()
    for trm in gen.glob("MAIN_*.trm"):  # the term tables: opening still works, updating cannot
        trm.write_bytes(b"\x00" * trm.stat().st_size)
    write(seeds / "new.txt", "مقال جديد\n\nكلمةبعدالعطب في نصه.")
    r = run_reader("index", "--corpus", str(seeds))
    assert r.returncode == 0, r.stderr
    assert "full build (the index could not be updated:" in r.stderr
    r = run_reader("search", "كلمةبعدالعطب", "--corpus", str(seeds), "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["total"] == 1
    again = run_reader("index", "--corpus", str(seeds))
    assert again.returncode == 0 and "0 new, 0 changed" in again.stderr


def _mount_tmpfs(where: Path, size: str) -> None:
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("a small disk to fill needs root (a tmpfs mount)")
    where.mkdir(parents=True, exist_ok=True)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.strip()}")


def _used(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def test_a_full_disk_during_an_update_ends_clean_and_the_next_one_succeeds(seeds, tmp_path, home):
    import random

    cache = home / "cache"
    _mount_tmpfs(cache, "3m")
    try:
        assert run_reader("index", "--corpus", str(seeds)).returncode == 0, "the seeds fit"
        st = IndexStore(make_roots([seeds]))
        gen = st.current.resolve()
        used = _used(gen)
        # Incompressible Arabic words: an index far larger than what is left.
        rng = random.Random(3)
        letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
        for n in range(60):
            words = " ".join("".join(rng.choice(letters) for _ in range(rng.randint(4, 9))) for _ in range(3000))
            write(seeds / "big" / f"{n}.txt", f"عنوان {n}\n\n{words}")
        r = run_reader("index", "--corpus", str(seeds))
        assert r.returncode != 0
        assert r.stderr.strip().splitlines()[-1].startswith("reader: error:") and "No space left" in r.stderr
        assert "Traceback" not in r.stderr
        # What the failed update wrote is gone: the disk is as it was.
        assert st.current.resolve() == gen
        assert _used(gen) <= used + 64 * 1024, sorted(p.name for p in gen.iterdir())
        search_r = run_reader("search", "الخلافة", "--corpus", str(seeds), "--json")
        assert search_r.returncode == 0 and json.loads(search_r.stdout)["total"] == 4
        # Space made (the big files removed): the next update succeeds.
        shutil.rmtree(seeds / "big")
        write(seeds / "small.txt", "مقال صغير\n\nكلمةبعدالامتلاء هنا.")
        r = run_reader("index", "--corpus", str(seeds))
        assert r.returncode == 0, r.stderr
        assert json.loads(run_reader("search", "كلمةبعدالامتلاء", "--corpus", str(seeds), "--json").stdout)["total"] == 1
    finally:
        subprocess.run(["umount", "-l", str(cache)], capture_output=True)


def test_a_library_open_across_a_rebuild_elsewhere_reopens_the_new_index(seeds):
    # A TUI open while `reader index --rebuild` runs in another terminal:
    # its generation's folder is removed under it.
    from reader.core.library import Library

    lib = Library.of([seeds])
    assert lib.search("الخلافة").total == 4
    write(seeds / "new.txt", "مقال جديد\n\nعن الخلافة مرة أخرى.")
    r = run_reader("index", "--rebuild", "--corpus", str(seeds))
    assert r.returncode == 0, r.stderr
    assert lib.search("الخلافة").total == 5
    lib.close()


def _reader_env(home: Path) -> dict:
    return {"XDG_CACHE_HOME": str(home / "cache"), "XDG_STATE_HOME": str(home / "state"),
            "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config")}


def _what_the_passes_found(corpus: Path, home: Path) -> dict:
    """What the copies pass, the entity pass and the name index answer."""
    env = _reader_env(home)
    found = {}
    for query in ("place:جدة", "place:مكة", "place:الدمام", "place:الطائف", "ولي العهد"):
        r = run_reader("search", query, "--corpus", str(corpus), "--json", "--limit", "1000", "--no-group", env=env)
        assert r.returncode in (0, 1), r.stderr
        found[query] = sorted(h["id"] for h in json.loads(r.stdout)["hits"]) if r.returncode == 0 else []
    r = run_reader("dupes", "--corpus", str(corpus), "--json", env=env)
    assert r.returncode in (0, 1), r.stderr
    found["dupes"] = {(g["id"], c["id"], c["similar"]) for g in json.loads(r.stdout)["shown"] for c in g["copies"]} \
        if r.returncode == 0 else set()
    return found


def test_the_passes_killed_at_random_moments_lose_nothing_and_do_nothing_twice(tmp_path):
    import random
    import time

    from conftest import make_news

    corpus = make_news(tmp_path / "news", 120)
    killed, clean = tmp_path / "killed", tmp_path / "clean"
    started = time.monotonic()
    assert run_reader("index", "--corpus", str(corpus), env=_reader_env(clean)).returncode == 0
    whole = time.monotonic() - started  # the text index, the copies and the entities
    rng = random.Random(5)
    cmd = [READER, "index", "--corpus", str(corpus)]
    env = {**os.environ, **_reader_env(killed)}
    for round_ in range(10):
        p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, whole))  # killed at a random moment of the passes: the time must pass
        p.kill()
        p.wait()
        if round_ % 3 == 2:  # work for the next passes: articles edited and added
            victim = rng.choice(sorted(corpus.glob("*.txt")))
            victim.write_text(victim.read_text("utf-8") + "\nوقال مسؤولون في مدينة جدة إن العمل مستمر.\n", "utf-8")
            write(corpus / f"late{round_}.txt", victim.read_text("utf-8"))  # a copy, for the copies pass
    r = run_reader("index", "--corpus", str(corpus), env=_reader_env(killed))
    assert r.returncode == 0, r.stderr
    assert run_reader("index", "--corpus", str(corpus), env=_reader_env(clean)).returncode == 0
    assert _what_the_passes_found(corpus, killed) == _what_the_passes_found(corpus, clean)
