"""Build workers (reader.index.workers): what a forked worker inherits must
not kill it after its work is done."""

from __future__ import annotations

import os
import sys
import time

from reader.index import workers


class _BrokenStream:
    """Stands for Textual's capture of stdout in a forked child: it cannot
    be flushed there."""

    def __init__(self):
        self.pid = os.getpid()

    def write(self, text):
        return len(text)

    def flush(self):
        if os.getpid() != self.pid:
            raise RuntimeError("no app in this process")


def _target(delay: float, q) -> None:
    time.sleep(delay)  # the second worker ends a while after the first: the time must pass
    q.put(("item", delay))
    q.put(("done", None))


def test_a_worker_done_first_is_not_taken_for_dead(monkeypatch):
    # One worker ends at once, the other a second later: the parent looks
    # at the first one's exit code while it waits for the second.
    monkeypatch.setattr(sys, "stdout", _BrokenStream())
    messages = list(workers.run(_target, [(0.0,), (1.5,)], "a test worker", "nothing lost"))
    assert sorted(p for k, p in messages if k == "item") == [0.0, 1.5]
    assert sum(k == "done" for k, _p in messages) == 2
