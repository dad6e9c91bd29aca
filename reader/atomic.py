"""Writing a file so that a reader sees the old one or the whole new one.

One helper for every file reader writes in place (exports, the entity
list, the session, the index's manifests): a temporary file in the same
folder, fsync, rename over the old name. A file that already exists keeps
its permissions (mkstemp alone would make every rewritten file 0600); a new
one gets the usual 0666 less the umask.

Only a regular file is ever replaced: a device, a FIFO, a folder or a
symlink at the path is refused (NotRegularFile), never turned into a plain
file. A symlink is refused rather than followed: an export's target is
named by the person, and the file it points to may be anyone's.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class NotRegularFile(OSError):
    """What is at the path is not a regular file; the message says what it is."""


def write_atomic(path: Path, data: str | bytes) -> None:
    path = Path(path)
    _check_target(path)
    mode = _mode_for(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _check_target(path: Path) -> None:
    import stat

    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    mode = st.st_mode
    if stat.S_ISREG(mode):
        return
    if stat.S_ISLNK(mode):
        what = f"a symlink (to {os.readlink(path)}); give the file itself"
    elif stat.S_ISDIR(mode):
        what = "a folder"
    elif stat.S_ISFIFO(mode):
        what = "a FIFO"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        what = "a device"
    else:
        what = "not a regular file"
    raise NotRegularFile(f"{path} is {what}; only a regular file is replaced")


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
