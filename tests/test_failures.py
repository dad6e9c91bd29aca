"""Every failure is one line on stderr with an exit code of its own (issue 11):
0 found, 1 no match, 2 an error, 3 a crash (a bug) with its traceback kept."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from conftest import READER, SEEDS, run_reader, write


def _run_to(stdout, *args, env=None):
    full = dict(os.environ, **(env or {}))
    return subprocess.run([READER, *args], stdout=stdout, stderr=subprocess.PIPE,
                          text=True, env=full, timeout=120, stdin=subprocess.DEVNULL)


@pytest.mark.parametrize("args", [
    ("search", "داعش"), ("search", "-l", "داعش"), ("search", "--json", "داعش"), ("docs",),
    ("show", "001_4842e351d2c85202.txt"), ("entities", "001_4842e351d2c85202.txt"), ("bookmarks", "list"),
    ("bookmarks", "export"),
])
def test_stdout_on_dev_full_is_one_line_not_a_traceback(seeds, args):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    assert run_reader("--corpus", str(seeds), "index").returncode == 0
    if args[0] == "bookmarks":  # something to list: "no bookmarks" is said on stderr
        assert run_reader("--corpus", str(seeds), "bookmarks", "add", "001_4842e351d2c85202.txt",
                          "--quote", "داعش").returncode == 0
    with open("/dev/full", "w") as full:
        r = _run_to(full, "--corpus", str(seeds), *args)
    if r.returncode == 0:  # wrote nothing at all (no bookmarks to list is still a line)
        pytest.fail(f"{args}: exit 0 with its output lost")
    assert r.returncode == 2, r.stderr
    assert r.stderr.strip().splitlines() == ["reader: error: cannot write the output: No space left on device"]


def test_a_read_only_cache_is_one_line(seeds, home):
    if os.geteuid() == 0:
        # root writes through file modes: a read-only bind is what would
        # show it, and mounting is left to the tmpfs test below.
        cache = home / "cache"
        cache.mkdir(parents=True, exist_ok=True)
        write(cache / "reader", "a file where the folder should be")
    else:
        (home / "cache").mkdir(parents=True, exist_ok=True)
        os.chmod(home / "cache", 0o500)
    r = run_reader("--corpus", str(seeds), "index")
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and r.stderr.startswith("reader: error: cannot write or read")


@pytest.fixture
def small_disk(tmp_path):
    """A 3 MB tmpfs (skipped where mounting is not allowed)."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if shutil.which("mount") is None or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mnt)], capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    yield mnt
    subprocess.run(["umount", str(mnt)], capture_output=True)


def test_a_full_disk_is_one_line_and_leaves_nothing_behind(tmp_path, small_disk):
    from conftest import make_news

    corpus = make_news(tmp_path / "news", 3000)
    env = {"XDG_CACHE_HOME": str(small_disk)}
    r = run_reader("--corpus", str(corpus), "index", env=env)
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert r.stderr.strip().splitlines()[-1].startswith("reader: error:") and "No space left" in r.stderr
    # The failed build's segments are gone: the disk is not left full.
    left = sum(f.stat().st_size for f in small_disk.rglob("*") if f.is_file())
    assert left < 200_000, left
    r = run_reader("--corpus", str(SEEDS), "search", "داعش", env=env)  # a small corpus still fits
    assert r.returncode == 0, r.stderr


def test_a_crash_exits_3_with_one_line_and_keeps_its_traceback(seeds, monkeypatch, capsys, home):
    from reader.cli import main
    from reader.core.library import Library

    def broken(self, *a, **k):
        raise RuntimeError("a bug \x1b]2;PWNED\x07")

    assert main(["--corpus", str(seeds), "index"]) == 0
    capsys.readouterr()
    monkeypatch.setattr(Library, "search", broken)
    assert main(["--corpus", str(seeds), "search", "داعش"]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error" in err and "\x1b" not in err, err
    log = home / "state" / "reader" / "crash.log"
    assert "RuntimeError: a bug" in log.read_text("utf-8") and "Traceback" in log.read_text("utf-8")


@pytest.mark.parametrize("encoding, query, code", [("latin-1", "داعش", 0), ("ascii", "لاشيءهنا", 1)])
def test_a_locale_that_cannot_encode_arabic_prints_escapes(seeds, encoding, query, code):
    full = dict(os.environ, PYTHONIOENCODING=encoding)
    r = subprocess.run([READER, "--corpus", str(seeds), "search", query],
                       capture_output=True, env=full, timeout=120, stdin=subprocess.DEVNULL)
    assert r.returncode == code and b"Traceback" not in r.stderr, r.stderr
    assert b"\\u" in r.stdout + r.stderr  # what it cannot show, as escapes


def test_a_note_that_is_not_utf8_is_one_line(seeds):
    r = run_reader("bookmarks", "add", "001_4842e351d2c85202.txt", "--quote", "لا يزال أمامنا الكثير من العمل",
                   "--corpus", str(seeds))
    assert r.returncode == 0, r.stderr
    r = run_reader("bookmarks", "note", "1", "\udcff")
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "not UTF-8" in r.stderr, r.stderr
