"""One helper writes every file reader rewrites: whole or not at all, its mode kept."""

from __future__ import annotations

import os
import stat

import pytest

from conftest import run_reader, wait_for
from reader import atomic
from reader.atomic import write_atomic


def test_a_crash_mid_write_leaves_the_old_file_and_no_debris(tmp_path, monkeypatch):
    target = tmp_path / "cites.md"
    target.write_text("the previous export\n", "utf-8")

    def crash(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", crash)
    with pytest.raises(OSError):
        write_atomic(target, "# Bookmarks\n" * 1000)
    assert target.read_text("utf-8") == "the previous export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["cites.md"]


def test_an_existing_file_keeps_its_mode(tmp_path):
    target = tmp_path / "shared.md"
    target.write_text("old\n", "utf-8")
    os.chmod(target, 0o664)
    write_atomic(target, "new\n")
    assert target.read_text("utf-8") == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o664


def test_a_new_file_gets_the_usual_mode_not_0600(tmp_path):
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.json", b"{}")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o644


def test_bookmark_export_keeps_the_mode_of_the_file_it_replaces(seeds, tmp_path):
    target = tmp_path / "cites.md"
    target.write_text("old\n", "utf-8")
    os.chmod(target, 0o664)
    r = run_reader("bookmarks", "add", str(seeds / "001_4842e351d2c85202.txt"), "--start", "0", "--end", "20")
    assert r.returncode == 0, r.stderr
    r = run_reader("bookmarks", "export", "--output", str(target))
    assert r.returncode == 0, r.stderr
    assert target.read_text("utf-8").startswith("# Bookmarks")
    assert stat.S_IMODE(target.stat().st_mode) == 0o664


# --- a write killed before its rename (issue 25) --------------------------------------------------

WRITER = """
import sys
from pathlib import Path
from reader.atomic import write_atomic
write_atomic(Path(sys.argv[1]), b"# Bookmarks\\n" * (int(sys.argv[2]) // 12))
"""


def _leftovers(folder, name):
    return [p for p in folder.iterdir() if p.name.startswith(f".{name}.") and p.name.endswith(".tmp")]


def _killed_before_rename(target, size: int) -> None:
    """Write target in a child process and SIGKILL it once its temporary
    file holds the whole export (its fsync and rename still to come)."""
    import signal
    import subprocess
    import sys

    for _attempt in range(5):
        child = subprocess.Popen([sys.executable, "-P", "-c", WRITER, str(target), str(size)],
                                 env={**os.environ})

        def whole_or_done() -> str | None:
            if child.poll() is not None:
                return "done"
            tmp = _leftovers(target.parent, target.name)
            return "whole" if tmp and tmp[0].stat().st_size >= size - 12 else None

        # polled often: the fsync and the rename come soon after the last byte
        if wait_for(whole_or_done, timeout=60, interval=0.0005, what="the writer's temporary file whole") == "whole":
            os.kill(child.pid, signal.SIGKILL)
            child.wait()
            return
        size *= 2  # it finished first: a longer write
    pytest.skip("the writer was never caught before its rename")


def test_a_write_killed_before_its_rename_leaves_nothing_after_the_next(tmp_path):
    target = tmp_path / "cites.md"
    target.write_text("the previous export\n", "utf-8")
    _killed_before_rename(target, 32 << 20)
    assert target.read_text("utf-8") == "the previous export\n"
    assert len(_leftovers(tmp_path, "cites.md")) == 1  # the killed write's, whole
    write_atomic(target, "the next export\n")
    assert target.read_text("utf-8") == "the next export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cites.md"]


def test_a_write_in_progress_elsewhere_is_not_swept(tmp_path):
    import fcntl

    target = tmp_path / "cites.md"
    busy = tmp_path / ".cites.md.abcd1234.tmp"
    with open(busy, "wb") as f:  # another process's write, under way: its lock held
        fcntl.flock(f.fileno(), fcntl.LOCK_EX)
        write_atomic(target, "mine\n")
        assert busy.exists()
    assert target.read_text("utf-8") == "mine\n"
