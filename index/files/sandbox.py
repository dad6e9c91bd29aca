"""A reader process: untrusted files are read in a forked child, under a
memory limit and a clock, so that one file can neither exhaust the machine
nor stop a build.

Each process that reads files (the build's workers, an incremental update,
`reader show`) has one such child, started at its first file and kept for
the next ones (a fork per file would cost more than reading most of them).
The child gets RLIMIT_AS set to what it was forked with plus
READ_MEMORY_MB: a file that needs more raises MemoryError there, which is
told as that limit, and the child starts afresh for the next file. A file
that takes longer than READ_SECONDS has its child killed. Where there is
no fork (or no /proc to measure from) files are read in process, still
under the caps on inflating and the clock the readers check themselves.
"""

from __future__ import annotations

import atexit
import os
import signal

from reader.index.files.formats import limits
from reader.index.files.formats.limits import LimitExceeded

# Over the reading clock, for the child to cut a file itself and answer
# (limits.SOFT_SHARE) before it is killed: pickling a big answer takes time.
_GRACE = 2.0


class _Child:
    def __init__(self):
        from multiprocessing.connection import Pipe

        mine, theirs = Pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child, which leaves by os._exit
            mine.close()
            _serve(theirs)
        theirs.close()
        self.pid, self.conn, self.owner = pid, mine, os.getpid()
        self.limits = limits.current()  # the environment it was forked with

    def stop(self, kill: bool = False) -> int | None:
        """Ends the child (kill: at once) and returns how it ended (os.waitpid status)."""
        if kill:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.conn.close()  # a child waiting for work sees the end of its pipe and leaves
        try:
            return os.waitpid(self.pid, 0)[1]
        except ChildProcessError:
            return None


_child: _Child | None = None


def available() -> bool:
    return hasattr(os, "fork") and os.path.exists("/proc/self/statm")


def start() -> None:
    """Fork this process's reader now, if it has none: an update calls this
    before it takes its locks, so that the child, which outlives a killed
    parent by a moment, never holds them."""
    global _child
    if available() and (_child is None or _child.owner != os.getpid()):
        _child = _Child()


def call(fn, *args):
    """fn(*args) in the reader process, under the limits; its result. A
    file over the clock or the memory raises LimitExceeded saying which."""
    global _child
    budget = limits.current()
    if _child is not None and _child.owner != os.getpid():
        _child = None  # a forked copy of the parent's: not ours to talk to
    if _child is not None and _child.limits != budget:  # the limits were set again
        close()
    if _child is None:
        _child = _Child()
    child = _child
    try:
        child.conn.send((fn, args))
    except OSError:  # a child that died waiting (the OOM killer): the file was never its
        close()
        _child = child = _Child()
        child.conn.send((fn, args))
    clock = "seconds"
    try:
        while True:
            answered = child.conn.poll(getattr(budget, clock) + _GRACE)
            if answered:
                kind, value, fresh = child.conn.recv()
            if not answered or kind != "more":
                break
            clock = value  # the child was allowed another clock (limits.allow)
    except (EOFError, OSError):
        answered, kind = None, None
    if answered and kind in ("ok", "raised"):
        if fresh:  # the child is leaving (see _serve): the next file gets a new one
            child.stop()
            _child = None
        if kind == "raised":
            raise value
        return value
    _child = None
    status = child.stop(kill=True)
    if answered is False:
        raise LimitExceeded(limits.over(clock, f"reading took over {getattr(budget, clock):g} s"))
    raise LimitExceeded(_death(status))


def _death(status: int | None) -> str:
    """The line of a child that died reading a file (the kernel's OOM
    killer, a library's crash)."""
    if status is not None and os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig in (signal.SIGKILL, signal.SIGSEGV, signal.SIGABRT):
            # The kernel's OOM killer; a stack that cannot grow past
            # RLIMIT_AS; Python's abort when even a MemoryError cannot be made
            return limits.over("memory_mb", f"the reader died ({signal.Signals(sig).name}), as it does out of memory")
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = f"signal {sig}"
        return f"the reader crashed on it ({name})"
    return "the reader crashed on it"


def close() -> None:
    """Ends this process's reader child, if it has one."""
    global _child
    if _child is not None and _child.owner == os.getpid():
        _child.stop()
    _child = None


atexit.register(close)


def _serve(conn) -> None:  # pragma: no cover - measured through call(), in the child
    from reader.index import workers

    code = 0
    # A file allowed another clock (limits.allow): the parent waits that long.
    limits.clock_listener = lambda name: conn.send(("more", name, False))
    try:
        # What dies with it (Python's "Fatal error" when memory runs out)
        # is told by the parent in one line, not on the user's terminal.
        os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
        import faulthandler

        faulthandler.disable()
        workers.detach()
        # Every other inherited descriptor closed: the parent's locks (its
        # Whoosh write lock, taken before the files are read) must die with
        # the parent, not wait for this child to notice it is gone.
        keep = conn.fileno()
        os.closerange(3, keep)
        os.closerange(keep + 1, _max_fd())
        _limit_memory(limits.current().memory_mb)
        while True:
            try:
                fn, args = conn.recv()
            except EOFError:
                break
            try:
                answer = ("ok", fn(*args), False)
            except MemoryError:
                limits.memory_hit = True
                answer = ("raised", LimitExceeded(limits.memory_line()), True)
            except Exception as e:  # noqa: BLE001 - told to the caller, who raises it
                answer = ("raised", e, False)
            # After a MemoryError, or grown past its mark, it leaves: the
            # parent forks a new one (fresh: its answer's third item).
            fresh = answer[2] or limits.memory_hit or limits.short_of_memory()
            try:
                conn.send(answer[:2] + (fresh,))
            except MemoryError:
                conn.send(("raised", LimitExceeded(limits.memory_line()), True))
                fresh = True
            except Exception as e:  # noqa: BLE001 - an answer that does not pickle
                conn.send(("raised", RuntimeError(f"{type(e).__name__}: {e}"), fresh))
            if fresh:
                break
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _max_fd() -> int:
    import resource

    soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    return soft if 0 < soft <= 1 << 16 else 1 << 16


def _limit_memory(megabytes: float) -> None:
    """RLIMIT_AS: what the child was forked with, and megabytes more; the
    readers that can cut a file do at limits.SOFT_MEMORY_SHARE of those."""
    import resource

    size, budget = limits.address_space(), int(megabytes * 1048576)
    soft = size + budget
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    limits.memory_soft = size + int(limits.SOFT_MEMORY_SHARE * budget)
