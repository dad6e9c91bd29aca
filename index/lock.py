"""One indexer at a time per corpus: an flock the kernel drops if we die."""

from __future__ import annotations

import errno
import fcntl
import os
from pathlib import Path
from collections.abc import Callable

from reader.index.errors import IndexBusy


class Lock:
    """An exclusive flock on a file; the kernel drops it if we are killed."""

    held: list[int] = []  # fds of locks this process holds

    def __init__(self, path: Path, wait: bool, on_wait: Callable[[str], None] | None = None):
        self.path, self.wait, self.on_wait, self.fd = path, wait, on_wait, None

    @classmethod
    def close_inherited(cls) -> None:
        """In a forked child: close the parent's lock fds, so that the lock
        is released when the parent dies, whatever the children do."""
        for fd in cls.held:
            try:
                os.close(fd)
            except OSError:
                pass
        cls.held.clear()

    def __enter__(self):
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            holder = _read_pid(self.fd)
            if not self.wait:
                os.close(self.fd)
                raise IndexBusy(
                    f"another reader is indexing this corpus{holder}; "
                    "searches use the previous index until it finishes"
                ) from None
            if self.on_wait:
                self.on_wait(f"another reader is indexing this corpus{holder}; waiting for it")
            fcntl.flock(self.fd, fcntl.LOCK_EX)
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, str(os.getpid()).encode(), 0)
        Lock.held.append(self.fd)
        return self

    def __exit__(self, *exc):
        Lock.held.remove(self.fd)
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)


def _read_pid(fd: int) -> str:
    try:
        pid = os.pread(fd, 32, 0).decode().strip()
    except OSError:
        return ""
    return f" (pid {pid})" if pid.isdigit() else ""
