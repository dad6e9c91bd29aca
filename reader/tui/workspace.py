"""The workspace: the results, the two reading panes, the panels that stand
where the results do (the entity list, the timeline, the concordance) and
the legend of colours below.

It owns what is open and how it is laid out: which documents the panes
show, one pane or two, the passages two documents share, the names
coloured or not, the panes scrolled together, and the bookmarks made from
them. Reading a document's names, its bookmarks, its hits in a long text
and comparing two documents are done behind the screen.
"""

from __future__ import annotations

from functools import partial

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from reader.errors import reason
from reader.tui.background import answer
from reader.tui.focus import focus_now
from reader.tui.reading import ReadingPane
from reader.tui.results import ResultList
from reader.tui.status import Say

# A document longer than this (characters) opens before its hits are
# found, which are then found in a worker.
HIGHLIGHT_AT_ONCE = 200_000
PANELS = "#entities, #timeline, #concordance"  # what stands where the results do


class Workspace(Vertical):
    def __init__(self, library, session, shape, **kwargs) -> None:
        super().__init__(**kwargs)
        self.library, self.session = library, session
        self.results = ResultList(library, id="results")
        self.first = ReadingPane(shape=shape, id="reading")
        self.second = ReadingPane(shape=shape, id="second")
        self.main = Horizontal(self.results, self.first, self.second, id="main")
        self.legend = Static(id="legend")  # the colours of the names: refresh_entities
        self.open_ids: dict[str, str] = {}  # pane id -> document id
        self.comparison = None  # (the two documents' key, reader.core.alignment.Comparison)
        self.sync_scroll = False
        self.show_entities = True
        self.entity_note = ""  # how far the entity pass is, while it runs
        self._aside = None  # the reading pane the entity list stands in for, below 100 columns
        self.refresh_entities()
        self.bookmark_store = None  # opened on the first b or B

    def compose(self) -> ComposeResult:
        yield self.main
        yield self.legend

    @property
    def two(self) -> bool:
        """Two documents side by side."""
        return bool(self.second.display)

    def focused_pane(self) -> ReadingPane:
        """The pane being read: the focused one, else the first."""
        return self.app.focused if isinstance(self.app.focused, ReadingPane) else self.first

    def other(self, pane: ReadingPane) -> ReadingPane:
        return self.second if pane is self.first else self.first

    def pane(self, pane_id: str) -> ReadingPane:
        return self.second if pane_id in ("#second", "second") else self.first

    # --- the results -----------------------------------------------------------------

    @on(ResultList.Found)
    def _found(self, event: ResultList.Found) -> None:
        """Room for new results (two panes, the entity list or the timeline
        had put them aside), then listed; focused when the user asked."""
        if event.reveal:
            self.hide_panels()
            if self.two:
                self.set_two_panes(False)
            self.results.display = True
        self.results.list_results()
        if event.results.hits and event.reveal:
            focus_now(self.results)

    @on(ResultList.OptionSelected, "#results")
    def _open(self, event: ResultList.OptionSelected) -> None:
        if self.results.related_to is not None and self.first.doc is not None:
            self.open_document(event.option.id, "#second")  # beside the one they are like
            self.set_two_panes(True)
        else:
            self.open_document(event.option.id)

    def related(self) -> None:
        """The documents most like the open one, in place of the results."""
        pane = self.focused_pane()
        if pane.doc is None:
            self.app.notify("open a document first: r lists the documents most like it")
            return
        if pane is self.second:  # the one asked about goes first, its related ones beside it
            self.open_document(pane.doc.id, "#reading", focus=False)
        self.post_message(Say("finding the documents most like it…"))
        self.results.related(pane.doc)

    def open_beside(self) -> None:
        """Open the highlighted result in the second pane, two panes side by side."""
        listing = self.results
        if listing.highlighted is None or not listing.option_count:
            return
        self.open_document(listing.get_option_at_index(listing.highlighted).id, "#second")
        self.set_two_panes(True)

    # --- reading ---------------------------------------------------------------------

    def open_document(self, doc_id: str, pane_id: str = "#reading", focus: bool = True) -> None:
        """Show a document of the index; if it cannot be read, the status says why."""
        try:
            doc = self.library.document(doc_id)
        except Exception as e:  # the index, the disk: say it, keep going
            self.post_message(Say(f"cannot open {doc_id}: {reason(e)}"))
            return
        if doc is None:
            self.post_message(Say(f"cannot open {doc_id}: it is no longer in the index (re-index from the palette)"))
            return
        # A long document opens at once and its hits light up when found, in
        # a worker that Escape (or the next document) stops.
        results = self.results.results
        later = results is not None and len(doc.text) > HIGHLIGHT_AT_ONCE
        hits = results.highlights(doc.text) if results is not None and not later else []
        pane = self.pane(pane_id)
        self.show(pane, doc, hits, cursor=self.session.position(doc_id))
        if later:
            self._highlight(results, doc, pane)
        self.refresh_comparison()
        if focus:
            focus_now(pane)

    def restore(self) -> None:
        """The documents the last session had open, one pane or two as it had them."""
        for doc_id, pane_id in zip(self.session.open_documents, ("#reading", "#second")):
            self.open_document(doc_id, pane_id, focus=False)
        if self.session.two_panes and self.second.doc is not None:
            self.set_two_panes(True, focus=False)

    def show(self, pane: ReadingPane, doc, hits, cursor: int) -> None:
        """doc in pane, its names and bookmarks following from a worker."""
        pane.show(doc, hits, cursor=cursor, entities=doc.entities)
        pane.marked = set()
        self.open_ids[f"#{pane.id}"] = doc.id
        self.run_worker(partial(self._extras, doc, pane), thread=True, exclusive=True,
                        group=f"extras-{pane.id}", exit_on_error=False)
        self.refresh_entities()

    def _extras(self, doc, pane: ReadingPane) -> None:  # in a worker's thread
        """The document's names (from the entity store, or found now) and its
        bookmarked paragraphs: Enter shows the text at once, they follow."""
        from textual.worker import get_current_worker

        from reader.userdata.bookmarks import BookmarkStore, StoreError

        worker = get_current_worker()
        try:
            entities = self.library.entities(doc) if self.library.entities_on else []
        except Exception as e:  # a worker's error would vanish with it: say it
            self.post_message(Say(f"the names are not coloured: {reason(e)}"))
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
            self.app.call_from_thread(self._show_extras, doc, pane, entities, marked)

    def _show_extras(self, doc, pane: ReadingPane, entities: list, marked: set[int]) -> None:
        if pane.doc is not doc:  # another document opened meanwhile
            return
        if entities != pane.entities:
            top = pane.scroll_y
            pane.show(doc, pane.hits, cursor=pane.cursor, entities=entities)
            pane.scroll_to(y=top, animate=False)  # where the reader had got to
        pane.marked = marked
        pane.refresh()
        self.refresh_entities()

    @work(thread=True, exclusive=True, group="highlight", exit_on_error=False)
    def _highlight(self, results, doc, pane: ReadingPane) -> None:
        # the time bound is said as a failure too
        answer(self.app, lambda cancelled: results.highlights(doc.text, cancelled=cancelled),
               lambda hits: pane.set_hits(doc, hits), lambda line: self.post_message(Say(line)), "the hits are not lit")

    def cancel(self) -> bool:
        """Stop the search and the lighting of hits on their way (Escape); whether there were any."""
        running = any(w.is_running for w in self.app.workers if w.node is self and w.group == "highlight")
        self.app.workers.cancel_group(self, "highlight")
        return self.results.cancel() or running

    def set_shaping(self, on) -> None:
        for pane in (self.first, self.second):
            pane.shape = on
            if pane.doc is not None:
                pane.show(pane.doc, pane.hits, cursor=pane.cursor, entities=pane.entities)
        if self.results.results is not None:
            self.results.list_results()

    # --- two documents -----------------------------------------------------------------

    def toggle_panes(self) -> None:
        self.set_two_panes(not self.two)

    def set_two_panes(self, on: bool, focus: bool = True) -> None:
        # At 80 columns two panes and the results cannot all be read: the
        # results step aside while two documents are compared.
        if on and self.second.doc is None:
            self.app.notify("press o on a result to open it beside the first")
            return
        self.second.display = on
        self.hide_panels()
        self.results.display = not on
        self.main.set_class(on, "two")
        self.session.two_panes = on
        self.refresh_entities()
        self.refresh_comparison()
        if focus:
            focus_now(self.second if on else self.results)

    def refresh_comparison(self) -> None:
        """Two documents side by side: mark the passages they share, the
        same number in both, and say in the status how much they share."""
        first, second = self.first, self.second
        if not (second.display and first.doc is not None and second.doc is not None):
            for pane in (first, second):
                pane.set_passages([])
            return
        key = (first.doc.id, first.doc.hash, second.doc.id, second.doc.hash)
        if self.comparison is not None and self.comparison[0] == key:
            self._compared(key, self.comparison[1])
            return
        self.post_message(Say("comparing the two documents…"))
        self._compare(key, first.doc.text, second.doc.text)

    @work(thread=True, exclusive=True, group="compare", exit_on_error=False)
    def _compare(self, key: tuple, a: str, b: str) -> None:
        """The two texts compared behind the screen: 40 ms for the longest
        benchmark articles, seconds for two long reports."""
        from reader.core.alignment import compare

        answer(self.app, lambda _cancelled: compare(a, b), lambda result: self._compared(key, result),
               lambda line: self.post_message(Say(line)), "cannot compare the two documents")

    def _compared(self, key: tuple, result) -> None:
        """Mark the passages, unless other documents were opened meanwhile."""
        first, second = self.first, self.second
        if not (second.display and first.doc is not None and second.doc is not None):
            return
        if key != (first.doc.id, first.doc.hash, second.doc.id, second.doc.hash):
            return
        self.comparison = (key, result)
        # nothing in common: every sentence would be "+", and narrower for it
        first.set_passages(result.a if result.pairs else [])
        second.set_passages(result.b if result.pairs else [])
        self.post_message(Say(result.summary()))

    def toggle_sync(self) -> None:
        self.sync_scroll = not self.sync_scroll
        self.app.notify("the two panes scroll together" if self.sync_scroll else "the panes scroll on their own")

    @on(ReadingPane.Scrolled)
    def _scrolled(self, event: ReadingPane.Scrolled) -> None:
        """With sync on, the other pane follows to the same share of its length."""
        if self.sync_scroll and self.two:
            self.other(event.pane).follow(event.fraction)

    @on(ReadingPane.CursorMoved)
    def _moved(self, event: ReadingPane.CursorMoved) -> None:
        if event.pane.doc is not None:
            self.session.remember_position(event.pane.doc.id, event.paragraph)
        # two documents compared: a shared passage brings its counterpart into view
        passage = event.pane.passage_at(event.paragraph) if event.pane.passages else None
        if passage is not None:
            self.other(event.pane).bring_into_view(event.pane.passages[passage].match)

    # --- names -------------------------------------------------------------------------

    def toggle_entities(self) -> None:
        self.show_entities = not self.show_entities
        self.refresh_entities()

    def set_entity_note(self, note: str) -> None:
        self.entity_note = note
        self.refresh_entities()

    def shared(self) -> set[tuple]:
        """Entities both open documents name, when two are side by side."""
        if not (self.two and self.first.doc is not None and self.second.doc is not None):
            return set()
        return set(self.first.entity_keys) & set(self.second.entity_keys)

    def refresh_entities(self) -> None:
        from reader.tui.entity_panel import legend

        shared = self.shared()
        for pane in (self.first, self.second):
            pane.set_entities(self.show_entities, shared)
        self.legend.update(legend(self.show_entities, self.two, self.entity_note))

    async def entity_panel(self) -> None:
        """The entity list of the document being read (the focused pane's)."""
        from reader.tui.entity_panel import EntityPanel

        panel = await self._panel("entities", EntityPanel, before="#reading")
        if panel.display:
            self.close_panel()
            return
        pane = self.focused_pane()
        if pane.doc is None:
            self.app.notify("open a document first")
            return
        shared = self.shared()  # before a pane steps aside
        self.results.display = False
        if self.screen.has_class("-narrow") and self.two:
            # three columns of 80 are three of 26: the list takes the other pane's place
            self._aside = self.other(pane)
            self._aside.display = False
        panel.display = True
        panel.show_entities(pane.entities, shared, self.first.shape)
        focus_now(panel)

    async def _panel(self, name: str, cls, before: str):
        """The panel #name, mounted on first use: start-up stays as fast as before it."""
        found = self.main.query(f"#{name}")
        if found:
            return found.first(cls)
        panel = cls(id=name)
        await self.main.mount(panel, before=before)
        return panel

    # --- the panels in place of the results ----------------------------------------------

    def panel_open(self) -> bool:
        return any(p.display for p in self.main.query(PANELS))

    def hide_panels(self) -> None:
        """The entity list, the timeline and the concordance, which stand where the results do."""
        for panel in self.main.query(PANELS):
            panel.display = False
        self.main.remove_class("kwic")
        if self._aside is not None:  # the pane the entity list stood in for, back
            if self._aside is self.second:
                self._aside.display = True
            else:
                self._aside.styles.clear_rule("display")
            self._aside = None

    def close_panel(self) -> None:
        """Close the entity list, the timeline or the concordance: back to the
        document, or from the timeline or the concordance to the results."""
        timeline = any(p.display for p in self.main.query("#timeline, #concordance"))
        self.hide_panels()
        self.results.display = not self.two
        focus_now(self.results if timeline and self.results.display else self.first)

    async def in_place_of_results(self, name: str, cls, unsearched: str):
        """Show the panel #name (made on first use) where the results list
        stands, focused; None when it was showing (now closed) or when there
        is no search of words to show it for (unsearched says so)."""
        found = self.main.query(f"#{name}")
        if found and found.first().display:
            self.close_panel()
            return None
        if self.results.results is None or self.results.related_to is not None:
            self.app.notify(unsearched)
            return None
        panel = await self._panel(name, cls, before="#results")
        if self.two:
            self.set_two_panes(False, focus=False)
        self.hide_panels()
        self.results.display = False
        self.main.set_class(name == "concordance", "kwic")
        panel.display = True
        focus_now(panel)
        return panel

    async def timeline(self) -> None:
        """The current results per period, where the results list stands; t again or Escape closes it."""
        from reader.tui.timeline import TimelinePanel

        panel = await self.in_place_of_results(
            "timeline", TimelinePanel, "search first: the timeline counts the matches of a query by date")
        query = self.results.results.query if panel is not None else ""
        if panel is not None and (panel.query_text != query or not panel.by):
            panel.count(self.library, query)

    async def concordance(self) -> None:
        """Every occurrence of the current query in its context, where the
        results list stands; c again or Escape closes it."""
        from reader.tui.concordance import ConcordancePanel

        panel = await self.in_place_of_results(
            "concordance", ConcordancePanel, "search first: the concordance shows the query's words in their context")
        if panel is not None and panel.query_text != self.results.results.query:
            panel.gather(self.library, self.results.results.query)

    def on_concordance_panel_chosen(self, event) -> None:  # ConcordancePanel.Chosen, imported on first use
        """Open the occurrence's document with its paragraph under the cursor;
        the concordance stays, to choose another (below 100 columns it
        steps aside for the document: c brings it back)."""
        line = event.line
        if self.screen.has_class("-narrow"):
            self.close_panel()
        self.open_document(line.doc_id)
        pane = self.first
        if pane.doc is not None and pane.doc.id == line.doc_id:
            at = next((i for i, (s, e) in enumerate(pane.doc.paragraphs) if s <= line.start < e), None)
            if at is not None:
                pane.cursor = at

    # --- bookmarks -----------------------------------------------------------------------

    def bookmarks(self):
        """The bookmark store, opened on first use (None, with a notice, if it cannot be)."""
        from reader.errors import ReaderError

        if self.bookmark_store is None:
            try:
                self.bookmark_store = self.library.bookmark_store()
            except ReaderError as e:
                self.app.notify(str(e), severity="error")
        return self.bookmark_store

    def list_bookmarks(self) -> None:
        store = self.bookmarks()
        if store is None:
            return
        from reader.tui.bookmarks_screen import BookmarksScreen

        self.app.push_screen(BookmarksScreen(store, self.first.shape), self._jump)

    def _jump(self, b) -> None:
        """Open a bookmark's document at its passage."""
        if b is None or b.status == "orphaned":
            if b is not None:
                self.app.notify("this passage is no longer in its document", severity="warning")
            return
        self._read_bookmarked(b)

    @work(thread=True, exclusive=True, group="jump", exit_on_error=False)
    def _read_bookmarked(self, b) -> None:
        """Read from its file (a PDF takes seconds), behind the screen."""
        answer(self.app, lambda _cancelled: self.library.read(b.path), partial(self._at_bookmark, b),
               lambda line: self.app.notify(line, severity="warning"), "cannot open the bookmark")

    def _at_bookmark(self, b, doc) -> None:
        para = next((i for i, (s, e) in enumerate(doc.paragraphs) if s <= b.start < e), 0)
        self.show(self.first, doc, [(b.start, b.end)], cursor=para)
        focus_now(self.first)

    def bookmark(self) -> None:
        """Bookmark the paragraph under the focused pane's cursor, with a note."""
        pane = self.app.focused if isinstance(self.app.focused, ReadingPane) else None
        passage = pane.passage() if pane is not None else None
        if passage is None:
            self.app.notify("open a document and put the cursor on a paragraph first")
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
                self.app.notify(str(e), severity="error")
                return
            pane.marked = marked_paragraphs(store.all(), where, doc)
            pane.refresh()
            self.app.notify(f"bookmark {b.id} saved")

        from reader.tui.dialogs import NoteDialog

        self.app.push_screen(NoteDialog(doc.text[start:end], pane.shape), save)


def marked_paragraphs(bookmarks: list, where: tuple, doc) -> set[int]:
    """The paragraphs of doc (at where: its root and path) a bookmark falls in."""
    marks = [b for b in bookmarks if (b.root, b.doc) == where]
    return {i for i, (s, e) in enumerate(doc.paragraphs) for b in marks if b.start < e and b.end > s}
