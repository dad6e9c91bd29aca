"""What an indexing run reports while it works, and what it did."""

from __future__ import annotations

from collections.abc import Callable


class Progress:
    """What an indexing run reports as it goes (a callback gets it)."""

    __slots__ = ("total", "done", "phase")

    def __init__(self, total: int = 0, done: int = 0, phase: str = ""):
        self.total, self.done, self.phase = total, done, phase


class Report:
    """What an indexing run did, for the summary line."""

    def __init__(self):
        self.added = self.updated = self.removed = self.unchanged = 0
        self.skipped: list = []  # reader.index.files.corpus.Skipped
        self.unsupported: dict[str, int] = {}  # files of other types, by ending
        self.rebuilt_because = ""
        self.ocr = 0  # documents read by OCR (index.files.formats.ocr) in this run
        self.metadata = ""  # the metadata tables' line (index.files.metadata), when there are some
        self.seconds = 0.0

    @property
    def indexed(self) -> int:
        return self.added + self.updated + self.unchanged

    def summary(self) -> str:
        parts = [f"{self.indexed} document{'' if self.indexed == 1 else 's'} indexed"]
        if self.rebuilt_because:
            parts.append(f"full build ({self.rebuilt_because})")
        else:
            parts.append(f"{self.added} new, {self.updated} changed, {self.removed} removed, {self.unchanged} unchanged")
        if self.ocr:
            parts.append(f"{self.ocr} read by OCR")
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped")
        if self.unsupported:
            from reader.index.files.corpus import unsupported_line

            parts.append(unsupported_line(self.unsupported))
        return f"{'; '.join(parts)}; {self.seconds:.1f}s"


ProgressFn = Callable[[Progress], None]


class Ticking:
    """Report a phase every half second while a long step runs that cannot
    report itself (a Whoosh commit, the last segment's postings), so that a
    progress display never sits silent."""

    def __init__(self, progress: ProgressFn | None, state: Progress, every: float = 0.5):
        self.progress, self.state, self.every = progress, state, every
        self._stop = self._thread = None

    def __enter__(self):
        if self.progress is None:
            return self
        import threading

        self._stop = threading.Event()
        self.progress(self.state)

        def tick():
            while not self._stop.wait(self.every):
                self.progress(self.state)

        self._thread = threading.Thread(target=tick, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        # Joined: no tick may reach the callback after the step is over
        # (a TUI test saw a late "committing" overwrite the final status).
        if self._stop is not None:
            self._stop.set()
            self._thread.join()
