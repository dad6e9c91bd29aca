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


_RATE_AFTER = 2.0  # seconds of a phase before its rate (and time left) mean anything
_active: list = []  # the bars drawing now, for say()


def print_above(line: str, stream) -> None:
    """A message while a bar may be drawing: on a line of its own above the
    bar's, which is drawn again below it."""
    bar = _active[-1] if _active else None
    if bar is None or bar.stream is not stream or not bar.live:
        print(line, file=stream)
        return
    with bar._lock:
        stream.write("\r\x1b[2K" + line + "\n" + bar.line)
        stream.flush()


class ProgressBar:
    def __init__(self, stream):
        self.stream = stream
        self.live = stream.isatty()
        self.phase = None
        self.started = self.last = 0.0
        self.first = 0  # done when the phase started
        self.line = self.done_line = ""
        self.finished: set[str] = set()  # phases whose line is left on screen
        self._lock = threading.Lock()  # a ticker thread redraws too

    def __enter__(self):
        _active.append(self)
        return self

    def __exit__(self, *exc):
        with self._lock:
            self._close_line()
        _active.remove(self)

    def update(self, p) -> None:
        if not self.live:
            return
        with self._lock:
            now = time.monotonic()
            if p.phase in self.finished:
                return  # a late report of a phase already ended (another worker's last tick)
            if p.phase != self.phase:
                self._close_line()
                self.phase, self.started, self.first = p.phase, now, p.done
            elif now - self.last < _EVERY and p.done < p.total:
                return
            self.last = now
            unit = UNITS.get(p.phase, "")
            if p.total:
                counted = f"{p.done}/{p.total} {unit}"
            else:  # a step that cannot count (a commit) shows its time only
                counted = f"{p.done} {unit}" if p.done else ""
            self.done_line = f"{p.phase:<10} {counted}".rstrip()
            self.line = self._live(p, now - self.started)
            self.stream.write("\r\x1b[2K" + self.line)
            self.stream.flush()

    def _live(self, p, elapsed: float) -> str:
        unit = UNITS.get(p.phase, "")
        head = f"{p.phase:<10} "
        if not p.total:
            return (f"{head}{p.done} {unit}" if p.done else head).rstrip() + f"  {_clock(elapsed)}"
        share = min(1.0, p.done / p.total)
        filled = int(share * _WIDTH)
        bar = "█" * filled + "░" * (_WIDTH - filled)
        line = f"{head}{bar} {p.done}/{p.total} {unit}"
        rate = (p.done - self.first) / elapsed if elapsed >= _RATE_AFTER else 0.0
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
            self.finished.add(self.phase)
        self.phase, self.line = None, ""


def _clock(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    return f"{seconds // 60}:{seconds % 60:02d}"
