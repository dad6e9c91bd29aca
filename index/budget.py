"""When a search must stop: a time bound and a cancel, the same for every engine."""

from __future__ import annotations

SECONDS = 10.0  # a search that runs longer stops with a one-line error


class Budget:
    """When a search must stop: past its time, or when whoever asked for it
    no longer wants it (the TUI's Escape, a newer search)."""

    def __init__(self, seconds: float = SECONDS, cancelled=None):
        import time

        self._clock = time.monotonic
        self.deadline = self._clock() + seconds
        self.seconds = seconds
        self.cancelled = cancelled or (lambda: False)

    def check(self) -> None:
        # Called before every term read: the imports only when it stops.
        if self.cancelled():
            from reader.index.errors import SearchCancelled

            raise SearchCancelled("search cancelled")
        if self._clock() > self.deadline:
            from reader.index.query import QueryError

            raise QueryError(f"the search took over {self.seconds:.0f} s and was stopped: narrow the query"
                             " (longer prefixes, fewer ORs)")
