"""The reader TUI: search, results, reading. First slice of issue 5.

Searching and indexing run in thread workers; results come back as
messages. The data side (index, display layer, bookmarks) is the same the
CLI uses.
"""

from __future__ import annotations

import time

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer, Input, OptionList, Static

from reader.errors import reason
from reader.core.library import documents_match
from reader.display.safe import clean_line
from reader.tui.background import answer
from reader.tui.commands import ReaderCommands
from reader.tui.query import QueryBox
from reader.tui.reading import ReadingPane
from reader.tui.results import ResultList
from reader.tui.status import StatusLine


PAGE = 50  # results loaded at a time
# A document longer than this (characters) opens before its hits are
# found, which are then found in a worker.
HIGHLIGHT_AT_ONCE = 200_000
# what the keys may do before the results and the panes are mounted
_EARLY_ACTIONS = frozenset({"quit", "quit_unless_typing", "command_palette", "toggle_help", "cancel"})
NARROW = 100  # columns: below, the screens are laid out for 80
# the orders of the results (session.SORTS), as the status line names them
SORT_NAMES = {"relevance": "", "-date": "newest first", "date": "oldest first"}


class ReaderApp(App):
    CSS_PATH = "reader.tcss"
    COMMANDS = App.COMMANDS | {ReaderCommands}
    TITLE = "reader"
    # Below NARROW columns (80, most SSH sessions) the screen carries the
    # class -narrow: the results share the width evenly with the reading
    # pane, the concordance takes all of it, and the entity list stands in
    # place of the other pane of two (reader.tcss). From NARROW up the
    # results and the list sit beside the reading panes as they are.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW, "-wide")]
    # The footer must fit 80 columns, its palette key included: short
    # descriptions, the keys of the focused part first (the results' o,
    # the pane's n and b), the rest under ? (d and t too: no room left).
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("q", "quit_unless_typing", "Quit", show=False),
        Binding("ctrl+z", "suspend_process", "Suspend", show=False, tooltip="back to the shell; fg returns"),
        # priority: run as the app reads the key, so the keys after it (a
        # paste, tmux send-keys) are passed to the query box, not the old focus
        Binding("slash", "focus_query", "Search", priority=True),
        # Tab too: the keys after it must go where the focus went, not into the box it left
        Binding("tab", "focus_next", "Next part", show=False, priority=True),
        Binding("shift+tab", "focus_previous", "Previous part", show=False, priority=True),
        Binding("escape", "cancel", "Cancel", show=False),
        Binding("b", "bookmark", "Bookmark the paragraph", show=False),
        Binding("B", "bookmarks", "Bookmarks", show=False),
        Binding("o", "open_beside", "Open beside", show=False),
        Binding("d", "sort", "Sort: relevance, newest, oldest", show=False, tooltip="the results' order, kept for the next launch"),
        Binding("t", "timeline", "Timeline", show=False, tooltip="the matches per period; Enter narrows the results to one"),
        Binding("r", "related", "Related", show=False,
                tooltip="the documents most like the open one, in the results; Enter opens one beside it"),
        Binding("c", "concordance", "Concordance", show=False,
                tooltip="every occurrence of the query in its context; Enter opens it there, S sorts"),
        Binding("w", "toggle_panes", "Panes", tooltip="one pane or two side by side"),
        Binding("s", "toggle_sync", "Sync scroll", show=False),
        Binding("e", "toggle_entities", "Names", tooltip="colour the names (entities) or not"),
        Binding("E", "entity_panel", "List", tooltip="the list of names in this document"),
        Binding("question_mark", "toggle_help", "Keys", tooltip="every key"),
    ]

    def __init__(self, library, shape: bool = True, query: str = "") -> None:
        """library: a Library, or a function that makes one, called once the
        first screen is drawn (making one imports the index's modules, some
        60 ms that the query box need not wait for)."""
        super().__init__()
        self._make_library = library if callable(library) else None
        self.library = None if self._make_library else library
        self.shape = shape
        self.initial_query = query
        self._shown_query = ""  # what the app last put in the query box
        self._resumed = False  # the session's query and documents have been brought back
        self.ready = False  # the index is open
        self.ui_ready = False  # the results and the panes are mounted (after the first frame)
        self.results = None
        self._bookmarks = None
        from reader.userdata.session import Session

        self.session = Session(self.library.key if self.library is not None else "")
        self._open_ids: dict[str, str] = {}  # pane id -> document id
        self._comparison = None  # (the two documents, reader.core.alignment.Comparison)
        self.related_to = None  # the results are the documents most like this one (its id)
        self._documents: list | None = None  # for the palette, read once
        self.sync_scroll = False
        self.show_entities = True
        self.entity_note = ""  # how far the entity pass is, while it runs
        self._aside = None  # the reading pane the entity list stands in for, below 100 columns
        self._last_progress = 0.0

    def compose(self) -> ComposeResult:
        # The first screen is what a user can act on at once: the query box,
        # the status and the keys. The results, the reading panes and the
        # legend come a frame later (_mount_rest), then the index opens.
        yield QueryBox(placeholder="search: words, OR, NOT, \"a phrase\", prefix*", id="query", shape=self.shape)
        yield StatusLine("opening the index…", id="status")
        yield Footer()

    def on_mount(self) -> None:
        if self.session.theme in self.available_themes:
            self.theme = self.session.theme
        self._focus(self.query_one("#query", Input))
        self.app_resume_signal.subscribe(self, self._repaint)
        self.call_after_refresh(self._mount_rest)

    def _repaint(self, _app=None) -> None:
        """Draw the whole screen again: back from Ctrl+Z (fg) the terminal's
        alternate screen is blank, and Textual redraws only what changes."""
        self.screen.refresh(repaint=True, layout=True)

    async def _mount_rest(self) -> None:
        """What the first screen does without, mounted once it is drawn; then
        the index opens (its worker's imports and reads would otherwise hold
        the interpreter while the first screen is being drawn)."""
        from reader.tui.entity_panel import legend

        if self.library is None:
            self.library = self._make_library()
            self.session.bind(self.library.key)
        main = Horizontal(ResultList(id="results"), ReadingPane(shape=self.shape, id="reading"),
                          ReadingPane(shape=self.shape, id="second"), id="main")
        await self.mount_all([main, Static(legend(True), id="legend")], after="#status")
        self.ui_ready = True
        self.refresh_bindings()
        self.open_index()

    def _focus(self, widget) -> None:
        """Focus a widget now. Widget.focus() waits its turn behind the keys
        already queued, so keys sent at machine speed (a paste, tmux
        send-keys: "/", Ctrl+U, a query) went to the old focus and were lost."""
        widget.screen.set_focus(widget)

    # --- the index -------------------------------------------------------------

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def open_index(self) -> None:
        from reader.errors import ReaderError

        shown = []

        def progress(p) -> None:
            if not shown:
                shown.append(True)
                self.call_from_thread(self._show_progress, True)
            self._progress(p)

        self.library.notify = lambda line: self.call_from_thread(self._status, line)
        try:
            self.library.open(progress=progress)
        except ReaderError as e:
            self.call_from_thread(self._status, f"cannot index: {e}")
            return
        finally:
            self.call_from_thread(self._show_progress, False)
        self.call_from_thread(self._opened, self.library.doc_count())

    def _opened(self, count: int) -> None:
        # ready is set here, on the app's thread, in the same step as the
        # resume: set in the worker, a query entered in between was searched,
        # then searched again by the resume, which cancelled it and left the
        # results unrevealed and the focus in the query box.
        self.ready = True
        self._status(f"{count} documents; type a query and press Enter")
        self._resume()
        self.find_entities()

    def _copies_found(self, any_copies: bool) -> None:
        """Results listed before the copies were known are searched again,
        folded (when there is anything to fold), unless the user has moved
        down them."""
        self._entity_note("")
        r = self.results
        listing = self.query("#results")
        if not any_copies or r is None or r.grouped or self.related_to is not None or not listing:
            return
        if listing.first(ResultList).highlighted in (None, 0):
            self.search(r.query, sort=r.sort)

    def _find_copies(self) -> None:
        """The copies pass (seconds, before the entities' minutes); its
        failure leaves the results unfolded and the entities to come."""
        from reader.errors import ReaderError

        try:
            if not self.library.copies_current():
                self.call_from_thread(self._entity_note, "finding copies")
                report = self.library.find_copies(wait=True)
                self.call_from_thread(self._copies_found, report.pairs + report.same > 0)
        except ReaderError as e:
            self.call_from_thread(self.notify, f"copies not found: {e}", severity="warning")

    @work(thread=True, exclusive=True, group="entities", exit_on_error=False)
    def find_entities(self) -> None:
        """The copies pass then the entity pass, while the user searches and reads (its work is
        done in processes of its own); "entities: N of M" meanwhile."""
        from reader.errors import ReaderError

        last = [0.0]

        def progress(p) -> None:
            now = time.monotonic()
            if p.phase == "entities" and p.total and (now - last[0] > 0.2 or p.done == p.total):
                last[0] = now
                self.call_from_thread(self._entity_note, f"entities: {p.done} of {p.total}")

        try:
            self._find_copies()
            done, total, complete = self.library.entity_status()
            if not complete:
                self.call_from_thread(self._entity_note, f"entities: {done} of {total}")
                self.library.find_entities(progress=progress, wait=True)
        except ReaderError as e:
            self.call_from_thread(self._entity_note, f"entities: {e}")
            return
        except Exception as e:  # a worker's error would vanish with it: say it
            self.call_from_thread(self._entity_note, f"entities stopped: {type(e).__name__}: {e}")
            raise
        self.call_from_thread(self._entity_note, "")

    def _entity_note(self, note: str) -> None:
        self.entity_note = note
        self._refresh_entities()

    def _resume(self) -> None:
        """Come back to where the last session was: its query and documents.
        What the user typed meanwhile wins: it is neither replaced by the
        session's query nor robbed of the focus."""
        self._resumed = True
        box = self.query_one("#query", Input)
        typed = box.value != self._shown_query  # changed by the user since we set it
        if self.initial_query and (not typed or box.value == self.initial_query):
            self._search_now(self.initial_query)  # entered before the index opened, or given on the command line
        elif self.session.query and not typed:
            self._search_now(self.session.query, reveal=False)
        for doc_id, pane in zip(self.session.open_documents, ("#reading", "#second")):
            self.open_document(doc_id, pane, focus=False)
        if self.session.two_panes and self.query_one("#second", ReadingPane).doc is not None:
            self._two_panes(True, focus=False)

    def _progress(self, p) -> None:  # called in the indexing worker's thread
        now = time.monotonic()
        if now - self._last_progress < 0.1 and p.done < p.total:
            return  # each call waits for the screen: a few a second are enough
        self._last_progress = now
        unit = "files found" if p.phase == "reading" else ("documents" if p.phase == "indexing" else "")
        count = f"{p.done} of {p.total} {unit}" if p.total else f"{p.done} {unit}"
        self.call_from_thread(self._status, f"{p.phase}: {count}…".replace(" …", "…"))
        if p.total:  # a phase without a count (committing) keeps the bar as it was
            self.call_from_thread(self._update_bar, p.total, p.done)

    def _bar(self):
        """The progress bar, mounted the first time an index is built: most
        launches open one and never show it."""
        from textual.widgets import ProgressBar

        found = self.query("#progress")
        if found:
            return found.first(ProgressBar)
        bar = ProgressBar(id="progress", show_eta=False)
        self.mount(bar, after="#status")
        return bar

    def _update_bar(self, total: int, done: int) -> None:
        self._bar().update(total=total, progress=done)

    def _show_progress(self, on: bool) -> None:
        if on:
            self._bar().display = True
        for bar in self.query("#progress"):
            bar.display = on

    def _status(self, text: str) -> None:
        self.query_one("#status", StatusLine).say(text)

    def notify(self, message: str, *, title: str = "", **kwargs) -> None:
        """Every notification, the screens' too, goes out cleaned and as
        plain text: a file name in an error is no escape sequence, nor markup."""
        kwargs["markup"] = False
        super().notify(clean_line(message), title=clean_line(title), **kwargs)

    # --- searching -------------------------------------------------------------

    @on(Input.Submitted, "#query")
    def _submitted(self, event: Input.Submitted) -> None:
        self._search_now(event.value)

    def _search_now(self, text: str, reveal: bool = True) -> None:
        """Search for text; reveal: the user asked, so the results list is
        shown and focused when they come (not so for the session's query)."""
        self.query_one("#query", Input).value = self._shown_query = text
        self.session.query = text
        if not text.strip():
            return
        if not self.ready:  # typed before the index opened: searched once it has
            self.initial_query = text
            return
        self.search(text, reveal=reveal, sort=self.session.sort)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def search(self, text: str, page: int = 1, reveal: bool = False, sort: str = "relevance") -> None:
        from reader.errors import ReaderError
        from reader.index.errors import SearchCancelled

        from textual.worker import get_current_worker

        worker = get_current_worker()
        try:
            # Escape or a newer search cancels the worker; the search itself
            # looks at that between terms and stops, so no work goes on.
            results = self.library.search(text, limit=PAGE, page=page, cancelled=lambda: worker.is_cancelled, sort=sort)
        except SearchCancelled:
            return
        except ReaderError as e:
            self.call_from_thread(self._page_failed, page, f"error: {e}")
            return
        except Exception as e:  # a worker's error would vanish with it: say it
            what = "the search failed" if page == 1 else f"cannot load more results (page {page})"
            self.call_from_thread(self._page_failed, page, f"{what}: {reason(e)}")
            return
        if worker.is_cancelled:  # Escape, or a newer search
            return
        if page == 1:
            self.call_from_thread(self._show_results, results, reveal)
        else:
            self.call_from_thread(self._more_results, results)

    def _page_failed(self, page: int, line: str) -> None:
        self._status(line)
        if page > 1 and self.results is not None and self.results.page == page:
            self.results.page = page - 1  # moving down the list asks for it again

    def _show_results(self, results, reveal: bool = False, related_to=None) -> None:
        self.results = results
        self.related_to = related_to  # the document they are like, when they are related ones
        if related_to is not None:
            self._status(f"{len(results.hits)} documents most like the open one; Enter opens one beside it")
        else:
            order = SORT_NAMES.get(results.sort, "")
            n = results.folded
            folded = f", {n} {'copy' if n == 1 else 'copies'} folded (x shows {'it' if n == 1 else 'them'})" if n else ""
            self._status(f"{documents_match(results.total + results.folded)}{folded}, {order + ', ' if order else ''}"
                         f"{results.seconds * 1000:.0f} ms")
        listing = self.query_one("#results", OptionList)
        if reveal:  # two panes, the entity list or the timeline had put the results aside
            self._hide_entity_panel()
            if self.query_one("#second", ReadingPane).display:
                self._two_panes(False)
            listing.display = True
        listing.border_subtitle = "" if results.hits else f"0 of {results.total:,}"
        listing.show(results.hits)
        if results.hits and reveal:
            self._focus(listing)

    @on(ResultList.Resized)
    def _relayout_results(self) -> None:
        found = self.query("#results")
        if self.results is None or not found:  # a resize that came as the app closed
            return
        found.first(ResultList).relayout()

    def _more_results(self, results) -> None:
        if self.results is None or (results.query, results.sort) != (self.results.query, self.results.sort):
            return
        self.results.hits.extend(results.hits)
        self.results.page = results.page
        self.query_one("#results", ResultList).extend(results.hits)

    @on(OptionList.OptionHighlighted, "#results")
    def _position(self, event: OptionList.OptionHighlighted) -> None:
        """Where the highlighted result is: "12 of 4,210" under the list
        (a copy's row counts as its hit's)."""
        i = event.option_list.hit_at(event.option_index)
        if self.results is not None and i is not None:
            event.option_list.border_subtitle = f"{i + 1:,} of {self.results.total:,}"

    @on(OptionList.OptionHighlighted, "#results")
    def _near_the_end(self, event: OptionList.OptionHighlighted) -> None:
        """Long result lists load a page at a time, as the highlight nears the end."""
        r = self.results
        i = event.option_list.hit_at(event.option_index)
        if r is None or i is None or i < len(r.hits) - 5 or len(r.hits) >= r.total:
            return
        if r.page * PAGE == len(r.hits):  # the next page is not on its way yet
            r.page += 1
            self.search(r.query, r.page, sort=r.sort)

    # --- reading ---------------------------------------------------------------

    @on(OptionList.OptionSelected, "#results")
    def _open(self, event: OptionList.OptionSelected) -> None:
        if self.related_to is not None and self.query_one("#reading", ReadingPane).doc is not None:
            self.open_document(event.option.id, "#second")  # beside the one they are like
            self._two_panes(True)
        else:
            self.open_document(event.option.id)

    def action_related(self) -> None:
        pane = self.focused if isinstance(self.focused, ReadingPane) else self.query_one("#reading", ReadingPane)
        if pane.doc is None:
            self.notify("open a document first: r lists the documents most like it")
            return
        if pane.id == "second":  # the one asked about goes first, its related ones beside it
            self.open_document(pane.doc.id, "#reading", focus=False)
        self._status("finding the documents most like it…")
        self._related(pane.doc)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _related(self, doc) -> None:
        def compute(_cancelled):
            results = self.library.related(doc, limit=PAGE)
            results.total = len(results.hits)  # one page: nothing more to load
            return results

        answer(self, compute, lambda results: self._show_related(results, doc.id), self._status,
               "cannot find related documents")

    def _show_related(self, results, doc_id: str) -> None:
        self._show_results(results, reveal=True, related_to=doc_id)
        if not results.hits:
            self._status("no document is like this one: it shares no telling word with another")

    def action_open_beside(self) -> None:
        """Open the highlighted result in the second pane, two panes side by side."""
        listing = self.query_one("#results", OptionList)
        if listing.highlighted is None or not listing.option_count:
            return
        self.open_document(listing.get_option_at_index(listing.highlighted).id, "#second")
        self._two_panes(True)

    def action_toggle_panes(self) -> None:
        self._two_panes(not self.query_one("#second", ReadingPane).display)

    def _two_panes(self, on: bool, focus: bool = True) -> None:
        # At 80 columns two panes and the results cannot all be read: the
        # results step aside while two documents are compared.
        second = self.query_one("#second", ReadingPane)
        if on and second.doc is None:
            self.notify("press o on a result to open it beside the first")
            return
        second.display = on
        self._hide_entity_panel()
        self.query_one("#results", OptionList).display = not on
        self.query_one("#main").set_class(on, "two")
        self.session.two_panes = on
        self._refresh_entities()
        self._refresh_comparison()
        if not focus:
            return
        if on:
            self._focus(second)
        else:
            self._focus(self.query_one("#results", OptionList))

    def open_document(self, doc_id: str, pane_id: str = "#reading", focus: bool = True) -> None:
        """Show a document of the index; if it cannot be read, the status says
        why (before, nothing happened, or the app stopped)."""
        try:
            doc = self.library.document(doc_id)
        except Exception as e:  # the index, the disk: say it, keep going
            self._status(f"cannot open {doc_id}: {reason(e)}")
            return
        if doc is None:
            self._status(f"cannot open {doc_id}: it is no longer in the index (re-index from the palette)")
            return
        # A long document opens at once and its hits light up when found, in
        # a worker that Escape (or the next document) stops.
        later = self.results is not None and len(doc.text) > HIGHLIGHT_AT_ONCE
        hits = self.results.highlights(doc.text) if self.results is not None and not later else []
        pane = self.query_one(pane_id, ReadingPane)
        pane.show(doc, hits, cursor=self.session.position(doc_id), entities=doc.entities)
        if later:
            self._highlight(self.results, doc, pane_id)
        self._open_ids[pane_id] = doc_id
        pane.marked = set()
        self._read_extras(doc, pane_id)
        self._refresh_entities()
        self._refresh_comparison()
        if focus:
            self._focus(pane)

    def _read_extras(self, doc, pane_id: str) -> None:
        """The document's names (from the entity store, or found now when it
        has none) and its bookmarked paragraphs (a scan of the bookmark
        store): read in a worker, so that Enter shows the text at once and
        they follow when read."""
        from functools import partial

        self.run_worker(partial(self._extras, doc, pane_id), thread=True, exclusive=True,
                        group=f"extras{pane_id}", exit_on_error=False)

    def _extras(self, doc, pane_id: str) -> None:  # in a worker's thread
        from textual.worker import get_current_worker

        from reader.userdata.bookmarks import BookmarkStore, StoreError

        worker = get_current_worker()
        try:
            entities = self.library.entities(doc)
        except Exception as e:  # a worker's error would vanish with it: say it
            self.call_from_thread(self._status, f"the names are not coloured: {reason(e)}")
            entities = []
        marked: set[int] = set()
        try:  # its own connection: the app's store belongs to the app's thread (sqlite)
            store = BookmarkStore()
        except StoreError:
            store = None  # said when the user bookmarks or lists the bookmarks
        if store is not None:
            try:
                marked = marked_paragraphs(store.all(), self.library.where(doc), doc)
            except StoreError:
                pass
            finally:
                store.close()
        if not worker.is_cancelled:
            self.call_from_thread(self._show_extras, doc, pane_id, entities, marked)

    def _show_extras(self, doc, pane_id: str, entities: list, marked: set[int]) -> None:
        pane = self.query_one(pane_id, ReadingPane)
        if pane.doc is not doc:  # another document opened meanwhile
            return
        if entities != pane.entities:
            top = pane.scroll_y
            pane.show(doc, pane.hits, cursor=pane.cursor, entities=entities)
            pane.scroll_to(y=top, animate=False)  # where the reader had got to
        pane.marked = marked
        pane.refresh()
        self._refresh_entities()

    @work(thread=True, exclusive=True, group="highlight", exit_on_error=False)
    def _highlight(self, results, doc, pane_id: str) -> None:
        # the time bound is said as a failure too
        answer(self, lambda cancelled: results.highlights(doc.text, cancelled=cancelled),
               lambda hits: self.query_one(pane_id, ReadingPane).set_hits(doc, hits), self._status,
               "the hits are not lit")

    # --- entities ------------------------------------------------------------------

    def action_toggle_entities(self) -> None:
        self.show_entities = not self.show_entities
        self._refresh_entities()

    def _shared(self) -> set[tuple]:
        """Entities both open documents name, when two are side by side."""
        first, second = self.query_one("#reading", ReadingPane), self.query_one("#second", ReadingPane)
        if not (second.display and first.doc is not None and second.doc is not None):
            return set()
        return set(first.entity_keys) & set(second.entity_keys)

    def _refresh_comparison(self) -> None:
        """Two documents side by side: mark the passages they share, the
        same number in both, and say in the status how much they share."""
        first, second = self.query_one("#reading", ReadingPane), self.query_one("#second", ReadingPane)
        if not (second.display and first.doc is not None and second.doc is not None):
            for pane in (first, second):
                pane.set_passages([])
            return
        key = (first.doc.id, first.doc.hash, second.doc.id, second.doc.hash)
        if self._comparison is not None and self._comparison[0] == key:
            self._compared(key, self._comparison[1])
            return
        self._status("comparing the two documents…")
        self._compare(key, first.doc.text, second.doc.text)

    @work(thread=True, exclusive=True, group="compare", exit_on_error=False)
    def _compare(self, key: tuple, a: str, b: str) -> None:
        """The two texts compared behind the screen: 40 ms for the longest
        benchmark articles, seconds for two long reports."""
        from reader.core.alignment import compare

        answer(self, lambda _cancelled: compare(a, b), lambda result: self._compared(key, result), self._status,
               "cannot compare the two documents")

    def _compared(self, key: tuple, result) -> None:
        """Mark the passages, unless other documents were opened meanwhile."""
        first, second = self.query_one("#reading", ReadingPane), self.query_one("#second", ReadingPane)
        if not (second.display and first.doc is not None and second.doc is not None):
            return
        if key != (first.doc.id, first.doc.hash, second.doc.id, second.doc.hash):
            return
        self._comparison = (key, result)
        # nothing in common: every sentence would be "+", and narrower for it
        first.set_passages(result.a if result.pairs else [])
        second.set_passages(result.b if result.pairs else [])
        self._status(result.summary())

    def _refresh_entities(self) -> None:
        shared = self._shared()
        for pane in self.query(ReadingPane):
            pane.set_entities(self.show_entities, shared)
        from reader.tui.entity_panel import legend

        self.query_one("#legend", Static).update(legend(self.show_entities, bool(self.query_one("#second").display), self.entity_note))

    async def action_entity_panel(self) -> None:
        """The entity list of the document being read (the focused pane's)."""
        panel = await self._entity_panel()
        if panel.display:
            self._close_entity_panel()
            return
        pane = self.focused if isinstance(self.focused, ReadingPane) else self.query_one("#reading", ReadingPane)
        if pane.doc is None:
            self.notify("open a document first")
            return
        shared = self._shared()  # before a pane steps aside
        self.query_one("#results", OptionList).display = False
        if self.screen.has_class("-narrow") and self.query_one("#second", ReadingPane).display:
            # three columns of 80 are three of 26: the list takes the other pane's place
            self._aside = self.query_one("#second" if pane.id == "reading" else "#reading", ReadingPane)
            self._aside.display = False
        panel.display = True
        panel.show_entities(pane.entities, shared, self.shape)
        self._focus(panel)

    async def _entity_panel(self):
        """The entity list, mounted on first use: start-up stays as fast as before it."""
        from reader.tui.entity_panel import EntityPanel

        found = self.query("#entities")
        if found:
            return found.first(EntityPanel)
        panel = EntityPanel(id="entities")
        await self.query_one("#main").mount(panel, before="#reading")
        return panel

    def _hide_entity_panel(self) -> None:
        """The entity list, the timeline and the concordance, which stand where the results do."""
        for panel in self.query("#entities, #timeline, #concordance"):
            panel.display = False
        self.query_one("#main").remove_class("kwic")
        if self._aside is not None:  # the pane the entity list stood in for, back
            if self._aside.id == "second":
                self._aside.display = True
            else:
                self._aside.styles.clear_rule("display")
            self._aside = None

    def _close_entity_panel(self) -> None:
        """Close the entity list, the timeline or the concordance: back to the
        document, or from the timeline or the concordance to the results."""
        timeline = any(p.display for p in self.query("#timeline, #concordance"))
        self._hide_entity_panel()
        listing = self.query_one("#results", OptionList)
        listing.display = not self.query_one("#second", ReadingPane).display
        self._focus(listing if timeline and listing.display else self.query_one("#reading", ReadingPane))

    def on_entity_panel_search(self, event) -> None:  # EntityPanel.Search, imported on first use
        self._close_entity_panel()
        if self.query_one("#second", ReadingPane).display:
            self._two_panes(False)
        self._search_now(event.query)

    # --- dates: the order of the results, the timeline -----------------------------

    def action_sort(self) -> None:
        """Relevance, newest first, oldest first, relevance: the current search again, from its first page."""
        from reader.userdata.session import SORTS

        self.session.sort = SORTS[(SORTS.index(self.session.sort) + 1) % len(SORTS)]
        if self.results is not None and self.ready and self.related_to is None:
            self.search(self.results.query, sort=self.session.sort)
        else:
            self._status(f"results {SORT_NAMES[self.session.sort] or 'by relevance'}")

    async def action_timeline(self) -> None:
        """The current results per period, where the results list stands; t again or Escape closes it."""
        from reader.tui.timeline import TimelinePanel

        panel = await self._in_place_of_results("timeline", TimelinePanel,
                                                "search first: the timeline counts the matches of a query by date")
        if panel is not None and (panel.query_text != self.results.query or not panel.by):
            panel.count(self.library, self.results.query)

    async def action_concordance(self) -> None:
        """Every occurrence of the current query in its context, where the
        results list stands; c again or Escape closes it."""
        from reader.tui.concordance import ConcordancePanel

        panel = await self._in_place_of_results("concordance", ConcordancePanel,
                                                "search first: the concordance shows the query's words in their context")
        if panel is not None and panel.query_text != self.results.query:
            panel.gather(self.library, self.results.query)

    async def _in_place_of_results(self, name: str, cls, unsearched: str):
        """Show the panel #name (made on first use) where the results list
        stands, focused; None when it was showing (now closed) or when there
        is no search of words to show it for (unsearched says so)."""
        found = self.query(f"#{name}")
        if found and found.first().display:
            self._close_entity_panel()
            return None
        if self.results is None or self.related_to is not None:
            self.notify(unsearched)
            return None
        if found:
            panel = found.first(cls)
        else:
            panel = cls(id=name)
            await self.query_one("#main").mount(panel, before="#results")
        if self.query_one("#second", ReadingPane).display:
            self._two_panes(False, focus=False)
        self._hide_entity_panel()
        self.query_one("#results", OptionList).display = False
        self.query_one("#main").set_class(name == "concordance", "kwic")
        panel.display = True
        self._focus(panel)
        return panel

    def on_concordance_panel_chosen(self, event) -> None:  # ConcordancePanel.Chosen, imported on first use
        """Open the occurrence's document with its paragraph under the cursor;
        the concordance stays, to choose another (below 100 columns it
        steps aside for the document: c brings it back)."""
        line = event.line
        if self.screen.has_class("-narrow"):
            self._close_entity_panel()
        self.open_document(line.doc_id)
        pane = self.query_one("#reading", ReadingPane)
        if pane.doc is not None and pane.doc.id == line.doc_id:
            at = next((i for i, (s, e) in enumerate(pane.doc.paragraphs) if s <= line.start < e), None)
            if at is not None:
                pane.cursor = at

    def on_timeline_panel_selected(self, event) -> None:  # TimelinePanel.Selected, imported on first use
        from reader.tui.timeline import with_period

        self._search_now(with_period(self.query_one("#timeline").query_text, event.label))  # the periods' query

    # --- bookmarks ---------------------------------------------------------------

    def bookmarks(self):
        """The bookmark store, opened on first use (None, with a notice, if it cannot be)."""
        from reader.errors import ReaderError

        if self._bookmarks is None:
            try:
                self._bookmarks = self.library.bookmark_store()
            except ReaderError as e:
                self.notify(str(e), severity="error")
        return self._bookmarks

    def action_bookmarks(self) -> None:
        store = self.bookmarks()
        if store is None:
            return
        from reader.tui.bookmarks_screen import BookmarksScreen

        self.push_screen(BookmarksScreen(store, self.shape), self._jump)

    def _jump(self, b) -> None:
        """Open a bookmark's document at its passage."""
        if b is None or b.status == "orphaned":
            if b is not None:
                self.notify("this passage is no longer in its document", severity="warning")
            return
        from reader.errors import ReaderError

        try:
            doc = self.library.read(b.path)
        except ReaderError as e:
            self.notify(str(e), severity="warning")
            return
        pane = self.query_one("#reading", ReadingPane)
        para = next((i for i, (s, e) in enumerate(doc.paragraphs) if s <= b.start < e), 0)
        pane.show(doc, [(b.start, b.end)], cursor=para, entities=doc.entities)
        pane.marked = set()
        self._read_extras(doc, "#reading")
        self._open_ids["#reading"] = doc.id
        self._refresh_entities()
        self._focus(pane)

    def _marked_paragraphs(self, doc) -> set[int]:
        store = self.bookmarks()
        return marked_paragraphs(store.all(), self.library.where(doc), doc) if store is not None else set()

    def action_bookmark(self) -> None:
        pane = self.focused if isinstance(self.focused, ReadingPane) else None
        passage = pane.passage() if pane is not None else None
        if passage is None:
            self.notify("open a document and put the cursor on a paragraph first")
            return
        doc, (start, end) = pane.doc, passage

        def save(note: str | None) -> None:
            from reader.userdata.bookmarks import StoreError

            store, where = self.bookmarks(), self.library.where(doc)
            if note is None or store is None:
                return
            try:
                b = store.add(where[0], where[1], doc, start, end, note=note)
            except StoreError as e:
                self.notify(str(e), severity="error")
                return
            pane.marked = self._marked_paragraphs(doc)
            pane.refresh()
            self.notify(f"bookmark {b.id} saved")

        from reader.tui.dialogs import NoteDialog

        self.push_screen(NoteDialog(doc.text[start:end], self.shape), save)

    def action_toggle_sync(self) -> None:
        self.sync_scroll = not self.sync_scroll
        self.notify("the two panes scroll together" if self.sync_scroll else "the panes scroll on their own")

    @on(ReadingPane.Scrolled)
    def _scrolled(self, event: ReadingPane.Scrolled) -> None:
        """With sync on, the other pane follows to the same share of its length."""
        second = self.query_one("#second", ReadingPane)
        if not (self.sync_scroll and second.display):
            return
        other = second if event.pane.id == "reading" else self.query_one("#reading", ReadingPane)
        other.follow(event.fraction)

    @on(ReadingPane.CursorMoved)
    def _moved(self, event: ReadingPane.CursorMoved) -> None:
        if event.pane.doc is not None:
            self.session.remember_position(event.pane.doc.id, event.paragraph)
        # two documents compared: a shared passage brings its counterpart into view
        passage = event.pane.passage_at(event.paragraph) if event.pane.passages else None
        if passage is not None:
            other = self.query_one("#second" if event.pane.id == "reading" else "#reading", ReadingPane)
            other.bring_into_view(event.pane.passages[passage].match)

    def on_unmount(self) -> None:
        # The widgets are gone by now: what is open was noted as it opened.
        if self._resumed:  # a quit before the index opened keeps the documents the session had
            self.session.open_documents = [self._open_ids[p] for p in ("#reading", "#second") if p in self._open_ids]
        self.session.theme = self.theme
        self.session.save()

    # --- keys --------------------------------------------------------------------

    def documents(self) -> list:
        """Every document's id and title, for the palette (cached)."""
        if self._documents is None and self.ready:
            self._documents = self.library.documents()
        return self._documents or []

    def action_reindex(self) -> None:
        self.reindex()

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def reindex(self) -> None:
        from reader.errors import ReaderError

        self.call_from_thread(self._status, "indexing what changed…")
        try:
            report = self.library.update(progress=self._progress)
        except ReaderError as e:
            self.call_from_thread(self._status, str(e))
            return
        self.call_from_thread(self.find_entities)
        self._documents = None
        self.call_from_thread(
            self._status, f"{report.indexed} documents indexed; {report.added} new, {report.updated} changed, {report.removed} removed"
        )

    def set_shaping(self, on: bool | str) -> None:
        """Shape and reorder Arabic ourselves, or leave it to a bidi terminal,
        or (terminal.WORDS) reorder the words and leave each word's letters to kitty."""
        self.shape = on
        self.query_one("#query", QueryBox).shape = on
        for pane in self.query(ReadingPane):  # none yet in the first frame: they will be made with it
            pane.shape = on
            if pane.doc is not None:
                pane.show(pane.doc, pane.hits, cursor=pane.cursor, entities=pane.entities)
        if self.results is not None:
            self._show_results(self.results, related_to=self.related_to)
        self.query_one("#query", QueryBox).refresh()

    def action_toggle_help(self) -> None:
        """? shows every key of the focused widget and the app (Textual's help panel)."""
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "focus_query":  # "/" is typed in a box, and means nothing on other screens
            return not isinstance(self.focused, Input) and bool(self.screen.query("#query"))
        # in the first frame, before the panes are mounted, only what needs none
        return self.ui_ready or action in _EARLY_ACTIONS

    def action_command_palette(self) -> None:
        from reader.tui.commands import ShapedPalette

        if self.use_command_palette and not ShapedPalette.is_open(self):
            self.push_screen(ShapedPalette(id="--command-palette"))

    def action_help_quit(self) -> None:
        """Ctrl+C: Textual's notice says how to quit in markup, which notify
        (plain text, for file names) would show raw."""
        keys = [key for key, b in self.active_bindings.items() if b.binding.action in ("quit", "app.quit")]
        if keys:
            self.notify(f"Press {self.get_key_display(self.active_bindings[keys[0]].binding)} to quit the app",
                        title="Do you want to quit?")

    def action_focus_query(self) -> None:
        self._focus(self.query_one("#query", Input))

    def action_quit_unless_typing(self) -> None:
        if not isinstance(self.focused, Input):
            self.exit()

    def action_cancel(self) -> None:
        if any(p.display for p in self.query("#entities, #timeline, #concordance")):
            self._close_entity_panel()
            return
        if any(w.is_running for w in self.workers if w.group in ("search", "highlight")):
            self.workers.cancel_group(self, "search")
            self.workers.cancel_group(self, "highlight")
            self._status("search cancelled")


def marked_paragraphs(bookmarks: list, where: tuple, doc) -> set[int]:
    """The paragraphs of doc (at where: its root and path) a bookmark falls in."""
    marks = [b for b in bookmarks if (b.root, b.doc) == where]
    return {i for i, (s, e) in enumerate(doc.paragraphs) for b in marks if b.start < e and b.end > s}
