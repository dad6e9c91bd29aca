"""Worker processes for the builds: one per share of the work, their messages in order.

The text build and the entity pass both fork a few processes, each given
its share, and read what they send on one queue: (kind, payload) messages,
("done", payload) when a worker has finished, ("error", text) when it
failed. fork, not spawn: it is fast, the workers inherit the loaded
modules, and from the TUI's worker thread spawn fails (its resource
tracker wants the stderr that Textual holds).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator

from reader.index.errors import BuildFailed
from reader.index.lock import Lock


def run(target, shares: list[tuple], what: str, after: str) -> Iterator[tuple[str, object]]:
    """Start target(*share, queue) in a process per share; yield their
    messages, and ("idle", None) every half second without one, so that the
    caller can redraw its progress. A worker that dies or fails raises
    BuildFailed: "{what} died (exit code 1); {after}"."""
    import multiprocessing  # only a build needs it: not imported for a search
    import queue as queue_mod

    ctx = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    q = ctx.Queue()
    procs = [ctx.Process(target=_main, args=(target, share, q), daemon=True) for share in shares]
    for p in procs:
        p.start()
    finished = 0
    try:
        while finished < len(procs):
            try:
                kind, payload = q.get(timeout=0.5)
            except queue_mod.Empty:
                dead = [p for p in procs if p.exitcode not in (None, 0)]
                if dead:
                    raise BuildFailed(f"{what} died (exit code {dead[0].exitcode}); {after}")
                yield "idle", None
                continue
            if kind == "error":
                raise BuildFailed(f"{what} failed ({payload}); {after}")
            finished += kind == "done"
            yield kind, payload
    finally:
        for p in procs:
            if p.is_alive():
                p.terminate()
            p.join()


def _main(target, share: tuple, q) -> None:
    """A worker's life: the parent's locks dropped (they must die with the
    parent), its target, its messages flushed, then out at once. A forked
    child inherits the parent's exit handlers and streams (in the TUI,
    Textual's): running them at exit failed, and the worker died with exit
    code 1 after its last message, which the parent took for a worker dead
    mid-way."""
    detach()
    code = 1
    try:
        target(*share, q)
        code = 0
    finally:
        q.close()
        q.join_thread()
        os._exit(code)


def detach() -> None:
    """In a forked child: the parent's locks dropped, and out within half a
    second of the parent's death."""
    global _parent
    Lock.close_inherited()
    _parent = os.getppid()
    threading.Thread(target=_exit_when_orphaned, daemon=True).start()


_parent = None  # in a worker: the process that started it


def _exit_when_orphaned() -> None:
    """A worker whose parent was killed leaves within half a second, even
    blocked: flushing its queue at exit waits forever on a full pipe that
    nobody reads any more (seen: workers of a SIGKILLed `reader index`
    sleeping for hours)."""
    while True:
        time.sleep(0.5)
        orphaned_exit()


def orphaned_exit() -> None:
    """In a worker, between batches: stop, writing nothing, if the parent
    was killed."""
    if _parent is not None and os.getppid() != _parent:
        os._exit(1)
