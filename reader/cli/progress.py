"""A progress bar on stderr for indexing, drawn only when stderr is a terminal."""

from __future__ import annotations

import time

_WIDTH = 30
_EVERY = 0.1  # seconds between redraws


class ProgressBar:
    def __init__(self, stream):
        self.stream = stream
        self.live = stream.isatty()
        self.last = 0.0
        self.drawn = False

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.drawn:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()

    def update(self, p) -> None:
        now = time.monotonic()
        if not self.live or (now - self.last < _EVERY and p.done < p.total):
            return
        self.last = now
        share = p.done / p.total if p.total else 1.0
        filled = int(share * _WIDTH)
        bar = "█" * filled + "░" * (_WIDTH - filled)
        self.stream.write(f"\r{p.phase:<10} {bar} {p.done}/{p.total} files")
        self.stream.flush()
        self.drawn = True
