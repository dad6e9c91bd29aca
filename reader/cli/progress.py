"""Progress on stderr while indexing, drawn only when stderr is a terminal.

Every phase of a run (reading the folders, indexing, writing segments,
committing, entities, the name index) gets a line of its own, redrawn in
place with its count, rate and time left, and left on screen with its count
and time when the next phase starts:

    reading    29497 files                                       0:01
    indexing   ████████████████░░░░░░░░ 19211/29497 documents  412/s  0:25 left
"""

from __future__ import annotations

import threading
import time

_WIDTH = 24
_EVERY = 0.1  # seconds between redraws
UNITS = {"reading": "files", "indexing": "documents", "writing": "segments", "entities": "documents", "names": "documents"}


class ProgressBar:
    def __init__(self, stream):
        self.stream = stream
        self.live = stream.isatty()
        self.phase = None
        self.started = self.last = 0.0
        self.first = 0  # done when the phase started
        self.line = self.done_line = ""
        self._lock = threading.Lock()  # a ticker thread redraws too

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        with self._lock:
            self._close_line()

    def update(self, p) -> None:
        if not self.live:
            return
        with self._lock:
            now = time.monotonic()
            if p.phase != self.phase:
                self._close_line()
                self.phase, self.started, self.first = p.phase, now, p.done
            elif now - self.last < _EVERY and p.done < p.total:
                return
            self.last = now
            unit = UNITS.get(p.phase, "")
            counted = f"{p.done}/{p.total} {unit}" if p.total else f"{p.done} {unit}"
            self.done_line = f"{p.phase:<10} {counted.rstrip()}"
            self.line = self._live(p, now - self.started)
            self.stream.write("\r\x1b[2K" + self.line)
            self.stream.flush()

    def _live(self, p, elapsed: float) -> str:
        unit = UNITS.get(p.phase, "")
        head = f"{p.phase:<10} "
        if not p.total:
            return f"{head}{p.done} {unit}".rstrip() + f"  {_clock(elapsed)}"
        share = min(1.0, p.done / p.total)
        filled = int(share * _WIDTH)
        bar = "█" * filled + "░" * (_WIDTH - filled)
        line = f"{head}{bar} {p.done}/{p.total} {unit}"
        rate = (p.done - self.first) / elapsed if elapsed > 0.5 else 0.0
        if rate > 0:
            line += f"  {rate:.0f}/s  {_clock((p.total - p.done) / rate)} left"
        else:
            line += f"  {_clock(elapsed)}"
        return line

    def _close_line(self) -> None:
        """Leave the phase's line on screen, with how long it took."""
        if self.phase is not None and self.line:
            took = _clock(time.monotonic() - self.started)
            self.stream.write(f"\r\x1b[2K{self.done_line}  in {took}\n")
            self.stream.flush()
        self.phase, self.line = None, ""


def _clock(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    return f"{seconds // 60}:{seconds % 60:02d}"
