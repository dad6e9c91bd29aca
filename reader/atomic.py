"""Writing a file so that a reader sees the old one or the whole new one.

One helper for every file reader writes in place (exports, the entity
list, the session, the index's manifests): a temporary file in the same
folder, fsync, rename over the old name. A file that already exists keeps
its permissions (mkstemp alone would make every rewritten file 0600); a new
one gets the usual 0666 less the umask.

A write killed before its rename leaves its temporary file behind, hidden
beside the user's file and as large as it. Each temporary file is locked
(flock) while it is written, and the next write of the same file removes
those no live process holds: a lock goes with its process, however it died,
where a stale lock file (git's index.lock) waits for a person to remove it.

Only a regular file is ever replaced: a device, a FIFO, a folder or a
symlink at the path is refused (NotRegularFile), never turned into a plain
file. A symlink is refused rather than followed: an export's target is
named by the person, and the file it points to may be anyone's.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from pathlib import Path


class NotRegularFile(OSError):
    """What is at the path is not a regular file; the message says what it is."""


def write_atomic(path: Path, data: str | bytes) -> None:
    path = Path(path)
    _check_target(path)
    mode = _mode_for(path)
    _sweep(path)
    fd, tmp = _locked_temporary(path)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
            f.flush()
            os.fsync(f.fileno())
            os.chmod(tmp, mode)
            os.replace(tmp, path)  # still locked: never taken for a dead writer's
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _locked_temporary(path: Path) -> tuple[int, str]:
    """A new temporary file beside path, its lock held. A sweep may take
    one between its making and its locking: then it is gone, and another
    is made."""
    while True:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        if _lock(fd, wait=True) and os.fstat(fd).st_nlink > 0:
            return fd, tmp
        os.close(fd)


def _sweep(path: Path) -> None:
    """Remove what killed writes of path left: its temporary files that no
    live process holds locked."""
    pattern = re.compile(rf"\.{re.escape(path.name)}\.[A-Za-z0-9_]{{8}}\.tmp")
    try:
        names = [n for n in os.listdir(path.parent) if pattern.fullmatch(n)]
    except OSError:
        return
    for name in names:
        leftover = path.parent / name
        try:
            fd = os.open(leftover, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue
        try:
            if stat.S_ISREG(os.fstat(fd).st_mode) and _lock(fd, wait=False):
                os.unlink(leftover)
        except OSError:
            pass
        finally:
            os.close(fd)


def _lock(fd: int, wait: bool) -> bool:
    """flock fd, waiting for it (a writer's own file: True, even where
    locks cannot be had) or not (a sweep: False if anyone holds it, or
    locks cannot be had, so nothing is taken for a dead writer's)."""
    try:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except (ImportError, OSError):  # no flock here (Windows, some network folders)
        return wait
    return True


def _check_target(path: Path) -> None:
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    mode = st.st_mode
    if stat.S_ISREG(mode):
        return
    if stat.S_ISLNK(mode):
        what = f"a symlink (to {os.readlink(path)}); give the file itself"
    else:
        from reader.paths import kind_of

        what = kind_of(mode)
    raise NotRegularFile(f"{path} is {what}; only a regular file is replaced")


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
