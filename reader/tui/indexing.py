"""The index's work behind the screen, and its progress bar.

Opening the index (building it the first time), updating it from the
palette, then the copies pass (seconds) and the entity pass (minutes, in
processes of its own) while the user searches and reads. It says what it
does by messages: the app routes them.
"""

from __future__ import annotations

import time

from textual import work
from textual.containers import Vertical
from textual.message import Message

from reader.tui.status import Say


class Indexing(Vertical):
    """Hidden but for its progress bar, shown while an index is built."""

    class Opened(Message):
        """The index is open: count documents can be searched."""

        def __init__(self, count: int) -> None:
            super().__init__()
            self.count = count

    class Updated(Message):
        """The index took in what changed in the folders (a Report)."""

        def __init__(self, report) -> None:
            super().__init__()
            self.report = report

    class CopiesFound(Message):
        """The copies pass found copies (any: whether there is anything to fold)."""

        def __init__(self, any_copies: bool) -> None:
            super().__init__()
            self.any_copies = any_copies

    class Note(Message):
        """How far the copies and entity passes are ("" once done), for the legend."""

        def __init__(self, note: str) -> None:
            super().__init__()
            self.note = note

    def __init__(self, library, **kwargs) -> None:
        super().__init__(**kwargs)
        self.library = library
        self._last_progress = 0.0

    # --- the work ----------------------------------------------------------------

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def open(self) -> None:
        from reader.errors import ReaderError

        shown = []

        def progress(p) -> None:
            if not shown:
                shown.append(True)
                self.app.call_from_thread(self._show_bar, True)
            self._progress(p)

        self.library.notify = lambda line: self.post_message(Say(line))
        try:
            self.library.open(progress=progress)
        except ReaderError as e:
            self.post_message(Say(f"cannot index: {e}"))
            return
        finally:
            self.app.call_from_thread(self._show_bar, False)
        self.post_message(self.Opened(self.library.doc_count()))

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def update(self) -> None:
        from reader.errors import ReaderError

        self.post_message(Say("indexing what changed…"))
        try:
            report = self.library.update(progress=self._progress)
        except ReaderError as e:
            self.post_message(Say(str(e)))
            return
        self.post_message(self.Updated(report))

    @work(thread=True, exclusive=True, group="entities", exit_on_error=False)
    def find_entities(self) -> None:
        """The copies pass then the entity pass; "entities: N of M" meanwhile."""
        from reader.errors import ReaderError

        last = [0.0]

        def progress(p) -> None:
            now = time.monotonic()
            if p.phase == "entities" and p.total and (now - last[0] > 0.2 or p.done == p.total):
                last[0] = now
                self.post_message(self.Note(f"entities: {p.done} of {p.total}"))

        try:
            self._find_copies()
            if not self.library.serves("entities"):
                if not self.library.entities_on:
                    self.post_message(self.Note("entities are off"))
                return
            done, total, complete = self.library.entity_status()
            if not complete:
                self.post_message(self.Note(f"entities: {done} of {total}"))
                self.library.find_entities(progress=progress, wait=True)
        except ReaderError as e:
            self.post_message(self.Note(f"entities: {e}"))
            return
        except Exception as e:  # a worker's error would vanish with it: say it
            self.post_message(self.Note(f"entities stopped: {type(e).__name__}: {e}"))
            raise
        self.post_message(self.Note(""))

    def _find_copies(self) -> None:
        """The copies pass; its failure leaves the results unfolded and the entities to come."""
        from reader.errors import ReaderError

        try:
            if not self.library.copies_current():
                self.post_message(self.Note("finding copies"))
                report = self.library.find_copies(wait=True)
                self.post_message(self.Note(""))
                self.post_message(self.CopiesFound(report.pairs + report.same > 0))
        except ReaderError as e:
            self.app.call_from_thread(self.app.notify, f"copies not found: {e}", severity="warning")

    # --- the progress bar ----------------------------------------------------------

    def _progress(self, p) -> None:  # called in the indexing worker's thread
        now = time.monotonic()
        if now - self._last_progress < 0.1 and p.done < p.total:
            return  # each call waits for the screen: a few a second are enough
        self._last_progress = now
        unit = "files found" if p.phase == "reading" else ("documents" if p.phase == "indexing" else "")
        count = f"{p.done} of {p.total} {unit}" if p.total else f"{p.done} {unit}"
        self.post_message(Say(f"{p.phase}: {count}…".replace(" …", "…")))
        if p.total:  # a phase without a count (committing) keeps the bar as it was
            self.app.call_from_thread(self._update_bar, p.total, p.done)

    def _bar(self):
        """The progress bar, made the first time an index is built: most
        launches open one and never show it."""
        from textual.widgets import ProgressBar

        found = self.query(ProgressBar)
        if found:
            return found.first()
        bar = ProgressBar(id="progress", show_eta=False)
        self.mount(bar)
        return bar

    def _update_bar(self, total: int, done: int) -> None:
        self._bar().update(total=total, progress=done)

    def _show_bar(self, on: bool) -> None:
        if on:
            self._bar().display = True
        self.display = on
        for bar in self.query("#progress"):
            bar.display = on
