"""The concordance view: every occurrence of the current query in its
context, one row each (laid out by reader.display.kwic), where the results stand.

Enter opens the document at that occurrence (its paragraph under the
cursor, every occurrence of the query in it lit); S sorts the rows as
found, by the words before the form, or by the words after it.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

SORTS = ("doc", "left", "right")
SORT_NAMES = {"doc": "as found", "left": "by word before", "right": "by word after"}


class ConcordancePanel(OptionList):
    BINDINGS = [Binding("S", "sort", "Sort", tooltip="as found, by the words before, by the words after")]

    class Chosen(Message):
        """An occurrence was chosen: open its document there."""

        def __init__(self, line) -> None:
            super().__init__()
            self.line = line

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.query_text = ""
        self.found = None  # index.engine.concordance.Concordance
        self.sort = "doc"
        self.lines: list = []  # in the order shown

    def gather(self, library, query: str) -> None:
        """Find the occurrences behind the screen; a line says so meanwhile."""
        self.query_text, self.found, self.lines = query, None, []
        self.clear_options()
        self.border_title, self.border_subtitle = "concordance", ""
        self.add_option(Option(Text("finding every occurrence…", style="dim"), disabled=True))
        self._gather(library, query)

    @work(thread=True, exclusive=True, group="concordance", exit_on_error=False)
    def _gather(self, library, query: str) -> None:
        from reader.tui.background import answer

        answer(self.app, lambda cancelled: library.concordance(query, cancelled=cancelled),
               lambda found: self._gathered(query, found), self._say, "cannot make the concordance")

    def _gathered(self, query: str, found) -> None:
        if query == self.query_text:  # not for an older query
            self.found = found
            self._lay_out()

    def _say(self, line: str) -> None:
        from reader.display.safe import clean_line

        self.clear_options()
        self.add_option(Option(Text(clean_line(line), style="dim"), disabled=True))

    def _lay_out(self) -> None:
        from reader.display.kwic import rows

        found = self.found
        self.clear_options()
        self.lines = found.sorted(self.sort)
        left = f" of the first {found.read:,} of {found.documents:,}" if found.read < found.documents else ""
        self.border_title = f"{len(self.lines):,} occurrences · {SORT_NAMES[self.sort]}"
        self.border_subtitle = f"in {len({x.doc_id for x in self.lines}):,} documents{left}"
        if not self.lines:
            self.add_option(Option(Text("no occurrence", style="dim"), disabled=True))
            return
        # Rows must fit the width (OptionList would wrap them).
        width = max(20, self.content_region.width - 1)
        options = []
        for i, row in enumerate(rows(self.lines, width)):
            text = Text(no_wrap=True, overflow="crop")
            text.append(row.text[: row.form_start])
            text.append(row.text[row.form_start : row.form_end], style="bold reverse")
            text.append(row.text[row.form_end :])
            options.append(Option(text, id=str(i)))
        self.add_options(options)
        self.highlighted = 0

    def on_resize(self) -> None:
        if self.found is not None:
            self._lay_out()

    def action_sort(self) -> None:
        if self.found is None:
            return
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self._lay_out()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Chosen(self.lines[int(event.option.id)]))
