"""Small dialogs, as ModalScreen[T] returning through dismiss()."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from reader.tui.query import QueryBox


class NoteDialog(ModalScreen[str | None]):
    """Ask for an optional note: Enter saves (empty is fine), Escape cancels."""

    DEFAULT_CSS = """
    NoteDialog { align: center middle; }
    NoteDialog > Vertical { width: 70%; min-width: 40; height: auto; border: round $primary; padding: 0 1; background: $surface; }
    NoteDialog #note-hint { width: 100%; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, quote: str, shape: bool) -> None:
        super().__init__()
        self.quote = quote
        self.shape = shape

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Bookmark this paragraph"
            # one row of the dialog at 80 columns (it was cut to "…Enter to sav"), wrapped if narrower
            yield Label("Note (optional): Enter saves, Esc cancels", id="note-hint")
            yield QueryBox(placeholder="note", id="note", shape=self.shape)

    def on_mount(self) -> None:
        self.query_one("#note", QueryBox).focus()

    def on_input_submitted(self, event) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
