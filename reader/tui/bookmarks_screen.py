"""The bookmarks screen: every bookmark, re-anchored; Enter jumps to it,
d deletes it and u brings the last deleted one back."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from reader.display.layout import first_lines


EMPTY = ("No bookmarks yet. To add one: open a document, put the cursor on a paragraph (j and k, "
         "or a click) and press b; a note is optional.")


class BookmarksScreen(Screen):
    """Dismisses with the chosen Bookmark, or None."""

    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("d", "delete", "Delete"),
        Binding("u", "undo", "Undo delete"),
    ]

    def __init__(self, store, shape: bool) -> None:
        super().__init__()
        self.store = store
        self.shape = shape
        self.marks = []
        self.deleted = []

    def compose(self) -> ComposeResult:
        yield Static("Bookmarks: Enter opens, d deletes, u undoes, Escape goes back", id="bm-title")
        yield OptionList(id="bookmarks")
        yield Footer()

    def on_mount(self) -> None:
        # After the first layout: the rows are laid out for the list's width.
        self.call_after_refresh(self.reload)

    def reload(self, keep: int | None = None) -> None:
        self.marks = [self.store.reanchor(b) for b in self.store.all()]
        listing = self.query_one("#bookmarks", OptionList)
        listing.clear_options()
        width = max(10, listing.content_region.width - 4)
        for b in self.marks:
            listing.add_option(Option(self._prompt(b, width), id=str(b.id)))
        if not self.marks:
            listing.add_option(Option(Text(EMPTY, style="dim"), disabled=True))
        if self.marks:
            listing.highlighted = min(keep or 0, len(self.marks) - 1)
        listing.focus()

    def _prompt(self, b, width: int) -> Text:
        text = Text(no_wrap=True, overflow="crop")
        flag = "  ORPHANED" if b.status == "orphaned" else ("  moved" if b.status == "moved" else "")
        text.append(f"#{b.id}  {b.created[:10]}{flag}\n", style="bold red" if b.status == "orphaned" else "dim")
        for line in first_lines(b.title or b.doc, width, 1, self.shape):
            text.append(line.text + "\n", style="bold")
        for line in first_lines(b.exact, width, 2, self.shape):
            text.append(line.text + "\n")
        if b.note:
            for line in first_lines(b.note, width, 1, self.shape):
                text.append(line.text + "\n", style="italic")
        return text

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        chosen = next(b for b in self.marks if str(b.id) == event.option.id)
        self.dismiss(chosen)

    def action_delete(self) -> None:
        listing = self.query_one("#bookmarks", OptionList)
        if listing.highlighted is None or not self.marks:
            return
        b = self.marks[listing.highlighted]
        self.deleted.append(self.store.remove(b.id))
        self.notify(f"bookmark {b.id} deleted; u brings it back")
        self.reload(keep=listing.highlighted)

    def action_undo(self) -> None:
        if self.deleted:
            b = self.store.restore(self.deleted.pop())
            self.notify(f"bookmark {b.id} is back")
            self.reload()

    def action_close(self) -> None:
        self.dismiss(None)
