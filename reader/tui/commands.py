"""Command palette entries: open a document by title, re-index, shaping,
the results' order, their timeline and concordance.

Reader's own commands are listed as soon as the palette opens (discover),
not only once something is typed. Titles are matched on the text as
written (logical order, what a user types) and shown through the display
layer with the app's shaping, cut to one row: the palette would wrap a
long visual row again, in the wrong order. What is typed in the palette is
drawn as the query box draws it: shaped, in visual order.
"""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.command import CommandInput, CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider, SearchIcon
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, LoadingIndicator

from reader.display.layout import cell_width
from reader.display.safe import clean_line
from reader.display.terminal import WORDS
from reader.tui.query import QueryBox
from reader.tui.rows import clipped_line

# what a palette row loses to the list's padding and scrollbar
_ROW_MARGIN = 8


class ReaderCommands(Provider):
    async def startup(self) -> None:
        """Every document's title, read in a thread as the palette opens (on a
        large corpus, seconds the screen must not freeze for), once per launch."""
        worker = self.app.run_worker(self.app.documents, thread=True, group="palette", exit_on_error=False)
        self._documents = await worker.wait()

    def _fixed(self) -> list[tuple[str, object, str]]:
        app = self.app
        return [
            ("Re-index the corpus (only what changed)", app.action_reindex, "add, update and remove what changed on disk"),
            ("Shaping: on (join and reorder Arabic)", partial(app.set_shaping, True), "for terminals without bidi: xterm, tmux, most"),
            ("Shaping: off (the terminal does its own bidi)", partial(app.set_shaping, False), "for Konsole, WezTerm, mlterm with bidi on"),
            ("Shaping: words (reorder the words, each as written)", partial(app.set_shaping, WORDS), "for kitty"),
            ("Sort the results: relevance, newest, oldest first (d)", app.action_sort, "each time the next order"),
            ("Timeline of the matches (t)", app.action_timeline, "the matches per period; Enter narrows to one"),
            ("Concordance of the query (c)", app.action_concordance, "every occurrence in its context; Enter opens it"),
        ]

    async def discover(self) -> Hits:
        for label, action, help in self._fixed():
            yield DiscoveryHit(label, action, text=label, help=help)

    async def search(self, query: str) -> Hits:
        app = self.app
        matcher = self.matcher(query)
        for label, action, help in self._fixed():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), action, help=help)
        width = max(20, app.size.width - _ROW_MARGIN)
        for doc in getattr(self, "_documents", None) or ():
            # Matched on the text as written, shown cleaned and shaped:
            # nothing of a title or a file name reaches the terminal raw.
            label = f"Open: {doc.title}  ({doc.id})"
            score = matcher.match(label)
            if score > 0:
                doc_id = clean_line(doc.id)
                room = width - len("Open: ") - sum(cell_width(c) for c in f"  ({doc_id})")
                title = clipped_line(doc.title, max(10, room), app.shape)
                # rich Text, not a str: a title holding [brackets] is no markup
                shown = Text(f"Open: {title}  ({doc_id})", no_wrap=True, overflow="ellipsis")
                yield Hit(score, shown, partial(app.open_document, doc.id), text=clean_line(label))


class ShapedCommandInput(CommandInput, QueryBox):
    """The palette's input, drawn as the query box is (Textual's draws
    Arabic in logical order: letters unjoined, words reversed). CommandInput
    first: the palette finds its input by that name."""


class ShapedPalette(CommandPalette):
    """Textual's palette with ShapedCommandInput in place of its input (its
    layout otherwise as Textual composes it)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="--container"):
            with Horizontal(id="--input"):
                yield SearchIcon()
                yield ShapedCommandInput(placeholder=self._placeholder, select_on_focus=False, shape=self.app.shape)
                if not self.run_on_select:
                    yield Button("\u25b6")
            with Vertical(id="--results"):
                yield CommandList()
                yield LoadingIndicator()
