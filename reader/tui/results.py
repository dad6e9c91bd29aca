"""The result list: one row per hit, laid out by the display layer, and the
copies folded under a hit, shown beneath it on x.

Rows are pre-laid (shaped, reordered, cut to the width) and no_wrap:
OptionList would re-wrap them in the wrong order. A new width lays them
out again. Each row is an option whose id is its document's, so Enter and
o open a copy as they open a hit.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.display.layout import Style, first_lines
from reader.tui.rows import clipped, copy_line, hit_line


def repeats_title(snippet: str, title: str) -> bool:
    """The snippet is the title again: inside it, or the paragraph the
    title was cut from (the index cuts long titles with an ellipsis)."""
    s = " ".join(snippet.split()).strip(" …")
    t = " ".join(title.split()).strip(" …")
    return bool(s) and (s in t or bool(t) and s.startswith(t))


class ResultList(OptionList):
    """The hits of a search, loaded a page at a time; a hit's copies under
    it when unfolded."""

    BINDINGS = [
        Binding("o", "app.open_beside", "Beside", tooltip="open it beside the first document"),
        Binding("x", "toggle_copies", "Copies", show=False, tooltip="show or hide the copies folded under a result (+N copies)"),
    ]

    class Resized(Message):
        pass

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.hits: list = []
        self.unfolded: set[str] = set()  # ids of the hits whose copies are shown
        self._of_row: list[int] = []  # for each row, the index of its hit in hits

    def on_resize(self) -> None:
        self.post_message(self.Resized())

    # --- what is listed ---------------------------------------------------------

    def show(self, hits: list) -> None:
        """List these hits (a new search), the first highlighted."""
        self.hits = list(hits)
        self.unfolded = set()
        self._lay_out(0)

    def extend(self, hits: list) -> None:
        """The next page's hits, after the ones listed."""
        first = len(self.hits)
        self.hits.extend(hits)
        self.add_options(self._rows(range(first, len(self.hits))))

    def relayout(self) -> None:
        """Lay the rows out again (a new width), the same row highlighted."""
        self._lay_out(self.highlighted)

    def hit_at(self, row: int | None) -> int | None:
        """The index in hits of the hit a row belongs to (a copy's row: the hit it is folded under)."""
        return self._of_row[row] if row is not None and 0 <= row < len(self._of_row) else None

    def action_toggle_copies(self) -> None:
        i = self.hit_at(self.highlighted)
        if i is None:
            return
        hit = self.hits[i]
        if not hit.copies:
            self.app.notify("this result has no copies folded under it")
            return
        self.unfolded ^= {hit.id}
        row = self._of_row.index(i)
        # unfolded: the cursor steps onto the first copy (in view); folded: back on the hit
        self._lay_out(row + 1 if hit.id in self.unfolded else row)

    def _lay_out(self, highlighted: int | None) -> None:
        self.clear_options()
        self._of_row = []
        self.add_options(self._rows(range(len(self.hits))))
        if self.option_count and highlighted is not None:
            self.highlighted = min(highlighted, self.option_count - 1)

    def _rows(self, indices) -> list[Option]:
        # Room for OptionList's padding and scrollbar, so rows never re-wrap.
        width = max(10, self.content_region.width - 4)
        shape = self.app.shape
        rows = []
        for i in indices:
            hit = self.hits[i]
            rows.append(Option(hit_prompt(hit, width, shape, hit.id in self.unfolded), id=hit.id))
            self._of_row.append(i)
            if hit.id in self.unfolded:
                for c in hit.copies:
                    rows.append(Option(copy_prompt(c, width, shape), id=c.id))
                    self._of_row.append(i)
        return rows


def hit_prompt(hit, width: int, shape: bool, unfolded: bool = False) -> Text:
    """A hit's row: its title in two rows at most, a snippet that is not
    the title again, its day, outlet, score and id; "+N copies" under it."""
    text = Text(no_wrap=True, overflow="crop")
    heading = hit.title + (f" — {hit.author}" if hit.author else "")
    for line in clipped(heading, width, shape, rows=2):  # "…" where it is cut
        text.append(line.text + "\n", style="bold")
    s = next((s for s in hit.snippets if not repeats_title(s.text, hit.title)), None)
    if s is not None:
        styles = [Style(a, b, "hit") for a, b in s.highlights]
        for line in first_lines(s.text, width, 2, shape, styles):
            for run, names in line.runs():
                text.append(run, style="reverse" if "hit" in names else "")
            text.append("\n")
    for run, style in hit_line(hit, width, shape):
        text.append(run, style=f"dim {style}".strip())
    if hit.copies:
        n = len(hit.copies)
        label = f"{'−' if unfolded else '+'}{n} {'copy' if n == 1 else 'copies'}{' (% alike)' if unfolded else ''}"
        text.append("\n" + label, style="green")
        hint = "  x hides them" if unfolded else "  x shows them"
        if len(label) + len(hint) <= width:  # whole, or not at all
            text.append(hint, style="dim")
    return text


def copy_prompt(copy, width: int, shape: bool) -> Text:
    """A copy's row under its hit: how alike, its day, outlet and id; its title."""
    text = Text(no_wrap=True, overflow="crop")
    for run, style in copy_line(copy, width, shape):
        text.append(run, style=style)
    for line in clipped(copy.title, max(4, width - 2), shape, rows=1):
        text.append("\n  " + line.text, style="dim")
    return text
