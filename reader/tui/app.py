"""The reader TUI's app: it composes the screen and routes keys and messages.

The parts own their state and their work behind the screen: the query box
(reader.tui.query), the status line, the index's work and progress
(reader.tui.indexing), and the workspace (reader.tui.workspace: the results,
which run the searches, the reading panes, the panels and the bookmarks).
The app keeps what spans them: the library, the session, the shaping mode,
the query as typed.
"""

from __future__ import annotations

from textual import on
from textual.app import App, ComposeResult
from textual.widgets import Footer, Input

from reader.display.safe import clean_line
from reader.tui.commands import ReaderCommands
from reader.tui.focus import focus_now
from reader.tui.indexing import Indexing
from reader.tui.keys import EARLY_ACTIONS, KEYS
from reader.tui.query import QueryBox
from reader.tui.results import PAGE, ResultList, found_line
from reader.tui.status import Say, StatusLine

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
    BINDINGS = KEYS

    def __init__(self, library, shape: bool = True, query: str = "") -> None:
        """library: a Library, or a function that makes one, called once the
        first screen is drawn (making one imports the index's modules, some
        60 ms that the query box need not wait for)."""
        super().__init__()
        from reader.userdata.session import Session

        self._make_library = library if callable(library) else None
        self.library = None if self._make_library else library
        self.shape = shape
        self.initial_query = query
        self._shown_query = ""  # what the app last put in the query box
        self._resumed = False  # the session's query and documents have been brought back
        self.ready = False  # the index is open
        self.ui_ready = False  # the workspace is mounted (after the first frame)
        self.session = Session(self.library.key if self.library is not None else "")
        self.workspace = None  # reader.tui.workspace.Workspace, from the second frame
        self.indexing: Indexing | None = None
        self._documents: list | None = None  # for the palette, read once
        self.query_box = QueryBox(placeholder="search: words, OR, NOT, NEAR, \"a phrase\", prefix*", id="query", shape=shape)
        self.status_line = StatusLine("opening the index…", id="status")

    def compose(self) -> ComposeResult:
        # The first screen is what a user can act on at once: the query box,
        # the status and the keys. The workspace comes a frame later
        # (_mount_rest), then the index opens.
        yield self.query_box
        yield self.status_line
        yield Footer()

    def on_mount(self) -> None:
        if self.session.theme in self.available_themes:
            self.theme = self.session.theme
        focus_now(self.query_box)
        self.app_resume_signal.subscribe(self, self._repaint)
        self.call_after_refresh(self._mount_rest)

    def _repaint(self, _app=None) -> None:
        """Draw the whole screen again: back from Ctrl+Z (fg) the terminal's
        alternate screen is blank, and Textual redraws only what changes."""
        self.screen.refresh(repaint=True, layout=True)

    async def _mount_rest(self) -> None:
        """The workspace, mounted once the first screen is drawn; then the
        index opens (its worker's imports and reads would otherwise hold the
        interpreter while the first screen is being drawn)."""
        from reader.tui.workspace import Workspace

        if self.library is None:
            self.library = self._make_library()
            self.session.bind(self.library.key)
        self.indexing = Indexing(self.library, id="indexing")
        self.workspace = Workspace(self.library, self.session, self.shape, id="workspace")
        await self.mount_all([self.indexing, self.workspace], after="#status")
        self.ui_ready = True
        self.refresh_bindings()
        self.indexing.open()

    @property
    def results(self):
        """The results listed (index.engine.search.Results), or None."""
        return self.workspace.results.results if self.workspace is not None else None

    @property
    def related_to(self) -> str | None:
        """The id of the document the results are like, when they are related ones."""
        return self.workspace.results.related_to if self.workspace is not None else None

    def say(self, text: str) -> None:
        self.status_line.say(text)

    def on_say(self, event: Say) -> None:
        self.say(event.text)

    def notify(self, message: str, *, title: str = "", **kwargs) -> None:
        """Every notification, the screens' too, goes out cleaned and as
        plain text: a file name in an error is no escape sequence, nor markup."""
        kwargs["markup"] = False
        super().notify(clean_line(message), title=clean_line(title), **kwargs)

    # --- the index -------------------------------------------------------------

    @on(Indexing.Opened)
    def _opened(self, event: Indexing.Opened) -> None:
        # ready is set here, on the app's thread, in the same step as the
        # resume: set in the worker, a query entered in between was searched,
        # then searched again by the resume, which cancelled it and left the
        # results unrevealed and the focus in the query box.
        self.ready = True
        self.say(f"{event.count} documents; type a query and press Enter")
        self._resume()
        self.indexing.find_entities()

    def _resume(self) -> None:
        """Come back to where the last session was: its query and documents.
        What the user typed meanwhile wins: it is neither replaced by the
        session's query nor robbed of the focus."""
        self._resumed = True
        box = self.query_box
        typed = box.value != self._shown_query  # changed by the user since we set it
        if self.initial_query and (not typed or box.value == self.initial_query):
            self.search_for(self.initial_query)  # entered before the index opened, or given on the command line
        elif self.session.query and not typed:
            self.search_for(self.session.query, reveal=False)
        self.workspace.restore()

    @on(Indexing.CopiesFound)
    def _copies_found(self, event: Indexing.CopiesFound) -> None:
        if event.any_copies:
            self.workspace.results.fold_copies()

    @on(Indexing.Note)
    def _entity_note(self, event: Indexing.Note) -> None:
        self.workspace.set_entity_note(event.note)

    @property
    def entity_note(self) -> str:
        return self.workspace.entity_note if self.workspace is not None else ""

    def action_reindex(self) -> None:
        self.indexing.update()

    @on(Indexing.Updated)
    def _updated(self, event: Indexing.Updated) -> None:
        r = event.report
        self._documents = None
        self.indexing.find_entities()
        self.say(f"{r.indexed} documents indexed; {r.added} new, {r.updated} changed, {r.removed} removed")

    def documents(self) -> list:
        """Every document's id and title, for the palette (cached)."""
        if self._documents is None and self.ready:
            self._documents = self.library.documents()
        return self._documents or []

    # --- searching -------------------------------------------------------------

    @on(Input.Submitted, "#query")
    def _submitted(self, event: Input.Submitted) -> None:
        self.search_for(event.value)

    def search_for(self, text: str, reveal: bool = True) -> None:
        """Search for text; reveal: the user asked, so the results list is
        shown and focused when they come (not so for the session's query)."""
        self.query_box.value = self._shown_query = text
        self.session.query = text
        if not text.strip():
            return
        if not self.ready:  # typed before the index opened: searched once it has
            self.initial_query = text
            return
        self._search(text, reveal)

    def _search(self, text: str, reveal: bool = False) -> None:
        """The request for text in the session's order, checked here, searched by the results list."""
        from reader.index.query import QueryError
        from reader.index.request import Request

        try:
            request = Request.of(text, sort=self.session.sort, limit=PAGE)
        except QueryError as e:
            self.workspace.results.cancel()  # an older search's results must not come after the error
            self.say(f"error: {e}")
            return
        self.workspace.results.search(request, reveal)

    @on(ResultList.Found)
    def _found(self, event: ResultList.Found) -> None:
        self.say(found_line(event.results, self.related_to, SORT_NAMES.get(event.results.sort, "")))

    def action_sort(self) -> None:
        """Relevance, newest first, oldest first, relevance: the current search again, from its first page."""
        from reader.userdata.session import SORTS

        self.session.sort = SORTS[(SORTS.index(self.session.sort) + 1) % len(SORTS)]
        if self.results is not None and self.ready and self.related_to is None:
            self._search(self.results.query)
        else:
            self.say(f"results {SORT_NAMES[self.session.sort] or 'by relevance'}")

    def on_entity_panel_search(self, event) -> None:  # EntityPanel.Search, imported on first use
        self.workspace.close_panel()
        if self.workspace.two:
            self.workspace.set_two_panes(False)
        self.search_for(event.query)

    def on_timeline_panel_selected(self, event) -> None:  # TimelinePanel.Selected, imported on first use
        from reader.tui.timeline import with_period

        self.search_for(with_period(event.control.query_text, event.label))  # the periods' query

    async def action_timeline(self) -> None:
        await self.workspace.timeline()

    async def action_concordance(self) -> None:
        await self.workspace.concordance()

    # --- the workspace's keys ----------------------------------------------------

    def open_document(self, doc_id: str, pane_id: str = "#reading", focus: bool = True) -> None:
        self.workspace.open_document(doc_id, pane_id, focus)

    def action_related(self) -> None:
        self.workspace.related()

    def action_open_beside(self) -> None:
        self.workspace.open_beside()

    def action_toggle_panes(self) -> None:
        self.workspace.toggle_panes()

    def action_toggle_sync(self) -> None:
        self.workspace.toggle_sync()

    def action_toggle_entities(self) -> None:
        self.workspace.toggle_entities()

    async def action_entity_panel(self) -> None:
        await self.workspace.entity_panel()

    def action_bookmark(self) -> None:
        self.workspace.bookmark()

    def action_bookmarks(self) -> None:
        self.workspace.list_bookmarks()

    def set_shaping(self, on: bool | str) -> None:
        """Shape and reorder Arabic ourselves, or leave it to a bidi terminal,
        or (terminal.WORDS) reorder the words and leave each word's letters to kitty."""
        self.shape = on
        self.query_box.shape = on
        if self.workspace is not None:  # none in the first frame: it is made with the new mode
            self.workspace.set_shaping(on)
        self.query_box.refresh()

    def on_unmount(self) -> None:
        # The widgets are gone by now: what is open was noted as it opened.
        if self._resumed:  # a quit before the index opened keeps the documents the session had
            ids = self.workspace.open_ids
            self.session.open_documents = [ids[p] for p in ("#reading", "#second") if p in ids]
        self.session.theme = self.theme
        self.session.save()

    # --- keys --------------------------------------------------------------------

    def action_toggle_help(self) -> None:
        """? shows every key of the focused widget and the app (Textual's help panel)."""
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "focus_query":  # "/" is typed in a box, and means nothing on other screens
            return not isinstance(self.focused, Input) and bool(self.screen.query("#query"))
        # in the first frame, before the workspace is mounted, only what needs none
        return self.ui_ready or action in EARLY_ACTIONS

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
        focus_now(self.query_box)

    def action_quit_unless_typing(self) -> None:
        if not isinstance(self.focused, Input):
            self.exit()

    def action_cancel(self) -> None:
        if self.workspace is None:
            return
        if self.workspace.panel_open():
            self.workspace.close_panel()
        elif self.workspace.cancel():
            self.say("search cancelled")
