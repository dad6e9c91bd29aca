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
            self.line = self._live(p, now - self.started, _columns(self.stream))
            self.stream.write("\r\x1b[2K" + self.line)
            self.stream.flush()

    def _live(self, p, elapsed: float, columns: int = 80) -> str:
        """The phase's line, within columns - 1 cells: a longer one wraps,
        and "\\r, erase the line" redraws only its last row, leaving a copy
        of the rest above each time. The rate gives way first, then the
        unit, then the bar shrinks; what is left is cut."""
        unit = UNITS.get(p.phase, "")
        head = f"{p.phase:<10} "
        room = max(1, columns - 1)
        if not p.total:
            return ((f"{head}{p.done} {unit}" if p.done else head).rstrip() + f"  {_clock(elapsed)}")[:room]
        rate = (p.done - self.first) / elapsed if elapsed >= _RATE_AFTER else 0.0
        tails = [f"  {rate:.0f}/s  {_clock((p.total - p.done) / rate)} left" if rate > 0 else f"  {_clock(elapsed)}", ""]
        share = min(1.0, p.done / p.total)
        for counted in (f" {p.done}/{p.total} {unit}", f" {p.done}/{p.total}"):
            for tail in tails:
                cells = room - len(head) - len(counted) - len(tail)
                if cells >= _MIN_BAR:
                    width = min(_WIDTH, cells)
                    filled = int(share * width)
                    return f"{head}{'█' * filled}{'░' * (width - filled)}{counted}{tail}"
        return f"{head}{p.done}/{p.total}"[:room]

    def _close_line(self) -> None:
        """Leave the phase's line on screen, with how long it took."""
        if self.phase is not None and self.line:
            took = _clock(time.monotonic() - self.started)
            done = f"{self.done_line}  in {took}"[: max(1, _columns(self.stream) - 1)]
            self.stream.write(f"\r\x1b[2K{done}\n")
            self.stream.flush()
            self.finished.add(self.phase)
        self.phase, self.line = None, ""


_MIN_BAR = 8  # cells: a shorter bar shows nothing the count does not


def _columns(stream) -> int:
    """The terminal's width (80 when it cannot be asked)."""
    import os

    try:
        return os.get_terminal_size(stream.fileno()).columns or 80
    except (OSError, ValueError, AttributeError):
        return 80


def _clock(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    return f"{seconds // 60}:{seconds % 60:02d}"
