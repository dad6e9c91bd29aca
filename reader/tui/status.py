"""The status line: one row, two when the text is longer (an error naming a
long path), broken at the pane's edge rather than between words, so that
two rows of 80 columns hold 156 characters of it, its end included."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import Static

from reader.display.layout import cell_width
from reader.display.safe import clean_line


class StatusLine(Static):
    def __init__(self, text: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.said = clean_line(text)

    def say(self, text: str) -> None:
        self.said = clean_line(text)
        self.refresh(layout=True)

    def render(self) -> Text:
        return Text("\n".join(broken(self.said, self.content_region.width or 80)))


def broken(text: str, width: int) -> list[str]:
    """text in rows of at most width cells, broken at any character."""
    rows, row, used = [], "", 0
    for ch in text:
        w = cell_width(ch)
        if used + w > width and row:
            rows.append(row)
            row, used = "", 0
        row, used = row + ch, used + w
    return rows + [row]


class Say(Message):
    """A line for the status: any part of the TUI posts it (from a worker's
    thread too); the app shows it."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
