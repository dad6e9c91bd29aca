"""The query box: Arabic shown shaped and in visual order as it is typed.

Textual's Input draws the value in logical order, which a terminal without
bidi shows as isolated letters, reversed. QueryBox keeps Input's editing
(the value and the cursor stay logical) and draws the value through the
display layer, with the cursor cell where the next letter will appear: to
the left of the last letter typed in right-to-left text, to its right in
left-to-right text.
"""

from __future__ import annotations

from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.strip import Strip
from textual.widgets import Input

from reader.display.bidi import base_level as bidi_base
from reader.display.layout import Paragraph, VisualLine, cell_width, words_as_written
from reader.display.terminal import WORDS

WINDOW = 400  # characters laid out either side of the cursor in a long query


class QueryBox(Input):
    # Enter pressed while the app starts comes as Ctrl+J: the terminal was
    # still in cooked mode, which turns its CR into LF (seen in tmux: a query
    # and Enter sent at launch kept the query and lost the search).
    BINDINGS = [Binding("ctrl+j", "submit", "Search", show=False)]

    def __init__(self, *args, shape: bool | str = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.shape = shape
        self._laid = None  # ((value, window start), row, levels): the last layout

    async def _on_key(self, event: events.Key) -> None:
        """Input's own keys (Ctrl+U, Backspace, the arrows, Enter) in the
        order they come. Textual runs a widget's bindings only once the key
        has bubbled up to the app, by which time the keys sent right after
        it (a paste, tmux send-keys) are already in the box: "/", Ctrl+U and
        a query left the box empty, Ctrl+U deleting the query typed after it."""
        bindings = self._bindings.key_to_bindings.get(event.key)
        if bindings:
            event.stop()
            event.prevent_default()
            self._restart_blink()
            await self.run_action(bindings[0].action)
            return
        await super()._on_key(event)

    def _layout(self) -> tuple[VisualLine, dict[int, int]]:
        """The value as one visual row, laid out once per value and cursor
        (a keystroke asks three times), and only the part of a long value
        around the cursor: a row shows some 80 cells, and laying out a
        pasted 5,000-character query on every key froze the TUI for 30 s."""
        value, c = self.value, self.cursor_position
        lo = hi = 0
        if len(value) > 2 * WINDOW:
            lo = max(0, min(c - WINDOW, len(value) - 2 * WINDOW))
            hi = lo + 2 * WINDOW
        key = (value, lo)
        if self._laid is None or self._laid[0] != key:
            text = value[lo:hi] if hi else value
            # in visual order even for kitty (WORDS): the cursor's cell is found there
            p = Paragraph(text, lo, shape=True, base=bidi_base(value[: lo + 1000]) if lo else None)
            (line,) = p.lines(10**6)
            level_of: dict[int, int] = {}
            for i, off in enumerate(p.orig):
                level_of.setdefault(off, p.levels[i])
            self._laid = (key, line, level_of)
        return self._laid[1], self._laid[2]

    def visual_cursor(self) -> int:
        """The cell, in the visual row, where the next letter will go (-1: left of it)."""
        line, level_of = self._layout()
        c = self.cursor_position
        col, places = 0, {}
        for ch, off in zip(line.chars, line.offsets):
            w = cell_width(ch)
            if w:
                places.setdefault(off, (col, w))
            col += w
        if not places:
            return 0
        if c == 0:
            off = min(places)
            start, w = places[off]
            return start + w if level_of.get(off, 0) % 2 else start
        off = max(o for o in places if o < c) if any(o < c for o in places) else min(places)
        start, w = places[off]
        return start - 1 if level_of.get(off, 0) % 2 else start + w

    def _shaped(self) -> bool:
        return self.shape and bool(self.value) and not self.password

    @property
    def _cursor_offset(self) -> int:
        if not self._shaped():
            return super()._cursor_offset
        return self.visual_cursor() + 1  # +1: the blank cell drawn before the row

    def render_line(self, y: int) -> Strip:
        if y != 0 or not self._shaped():
            return super().render_line(y)
        line, _levels = self._layout()
        if self.shape == WORDS:  # kitty draws each word's letters: the same cells, each word as written
            line = words_as_written(line)
        width = self.scrollable_content_region.width + 1
        cursor = self.visual_cursor() + 1 if self.has_focus and self._cursor_visible else None
        cursor_style = self.get_component_rich_style("input--cursor")
        cells = [" "] + [ch for ch in line.chars] + [" "]
        segments, col = [], 0
        for ch in cells:
            segments.append(Segment(ch, cursor_style if col == cursor and cell_width(ch) else None))
            col += cell_width(ch)
        return Strip(segments).crop(0, width).extend_cell_length(width).apply_style(self.rich_style)
