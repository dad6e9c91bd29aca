"""The reading pane: a document through the display layer, on the Line API.

Textual would re-wrap any text it is given, in the wrong order for Arabic,
so this widget lays out its own rows: each paragraph goes through
reader.display.layout (wrapped, shaped, reordered, right-aligned) at the pane's
width, and render_line hands Textual one visual row at a time. Paragraphs
are prepared once, as they come into view; a resize only re-wraps, and a
screen drawn again takes its rows from a cache of Strips.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.display.layout import OCR_MARK, Paragraph, Spans, Style, VisualLine, pieces, token_line

# A document is laid out a piece at a time: paragraphs are cut into pieces of
# PIECE characters (each starts a row), laid out as they come into view with
# the styles over them alone, their rows counted from their length until
# then. Opening a 1 MB paragraph laid it all out at once, with every hit
# tested at every character: the TUI froze for minutes; a 500 KB article
# with 3,000 entities took 50 ms to open with 20,000 characters laid out.
PIECE = 5_000
KEPT = 400_000  # characters of pieces prepared and laid out kept; the least recently drawn go first
STRIPS = 1_000  # rows kept drawn, as Strips

MARGIN = 2  # cells on the left for the cursor and bookmark marks
# Two documents compared: a gutter after the marks, a passage's pair number
# and "=" (the same once spelling is folded) or "~" (alike) on its first row,
# "│" down its other rows; "+" for a passage only this document has.
_SHARED_PASSAGE = RichStyle(color="cyan", bold=True)
_OWN_PASSAGE = RichStyle(color="yellow")
# Hits in reverse video, as in the results list: no colour at all, so no
# entity's colour can be taken for a hit (black on yellow was read as the
# dates' orange: Textual draws ANSI yellow as orange).
_HIT = RichStyle(bold=True, reverse=True)
_TITLE = RichStyle(bold=True)
_META = RichStyle(dim=True)
# the header's rows: -1 the title and author, -3 the outlet and day, -4 the
# URL and -5 the path (each one left-to-right row, cut with "…")
_HEADER_STYLES = {-1: _TITLE, -3: _META, -4: _META, -5: _META}
_URL, _PATH = -4, -5
FILE_MARK = " (file)"  # a day that is only the file's modification time
# One colour per entity type, from the 16 every terminal has; names both
# documents share are underlined too. Distinct in Textual's own ANSI theme
# as well, where red and magenta (and blue and bright blue) are one colour.
ENTITY_COLOURS = {
    "PERS": "magenta",
    "LOC": "green",
    "ORG": "cyan",
    "MISC": "blue",
    "DATE": "yellow",
    "NUM": "bright_yellow",
}
_ENTITY_STYLES = {f"ent-{t}": RichStyle(color=c) for t, c in ENTITY_COLOURS.items()}
_SHARED = RichStyle(underline=True, bold=True)
_CURSOR_MARK = "▌"
_BOOKMARK_MARK = "●"


class ReadingPane(ScrollView, can_focus=True):
    """One document, its paragraph cursor and its query hits."""

    # rows are laid out for a width that a scroll bar appearing must not change
    DEFAULT_CSS = "ReadingPane { scrollbar-gutter: stable; }"

    BINDINGS = [
        Binding("down,j", "cursor(1)", "Next paragraph", show=False),
        Binding("up,k", "cursor(-1)", "Previous paragraph", show=False),
        Binding("g,home", "first", "Top", show=False),
        Binding("G,end", "last", "Bottom", show=False),
        Binding("n", "hit(1)", "Hit", tooltip="the next paragraph with a hit"),
        Binding("b", "app.bookmark", "Mark", tooltip="bookmark this paragraph"),
        Binding("y", "copy", "Copy", show=False, tooltip="the paragraph, or the selection, as text (logical order)"),
        Binding("N", "hit(-1)", "Previous hit", show=False),
    ]

    cursor = reactive(0, init=False)

    class Scrolled(Message):
        def __init__(self, pane: "ReadingPane", fraction: float) -> None:
            super().__init__()
            self.pane, self.fraction = pane, fraction

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        # A scroll made to follow the other pane is not announced: the
        # announcement would come back to the leader as an order to scroll
        # (undoing its page-down, and bouncing between the panes forever).
        if old_value != new_value and self.max_scroll_y and not self._following:
            self.post_message(self.Scrolled(self, new_value / self.max_scroll_y))

    def follow(self, fraction: float) -> None:
        """Scroll to the same share of this document as the other pane shows
        of its own, at once and silently (see watch_scroll_y)."""
        y = round(fraction * self.max_scroll_y)
        if y == self.scroll_y:
            return
        self._following = True
        try:
            self.scroll_to(y=y, animate=False, immediate=True)
        finally:
            self._following = False

    class CursorMoved(Message):
        def __init__(self, pane: "ReadingPane", paragraph: int) -> None:
            super().__init__()
            self.pane, self.paragraph = pane, paragraph

    def __init__(self, shape: bool = True, **kwargs) -> None:
        super().__init__(**kwargs)
        self.shape = shape
        self.doc = None
        self.hits: list[tuple[int, int]] = []
        self.marked: set[int] = set()  # bookmarked paragraphs
        self.entities: list = []  # index.entities.Entity, in text order
        self._keys: list[tuple] | None = None  # their entity_keys, once asked for
        self.show_entities = True
        self.shared: set[tuple] = set()  # entity keys the other pane names too
        self._paras: list[tuple[int, int]] = []  # each paragraph's (start, end)
        self._head: list[tuple[int, str]] = []  # (-1, -3, -4 or -5, a header row's text)
        self._blocks: list[tuple[int, str, int, int | None]] = []  # what _Layout lays out
        self._spans = Spans()  # the styles, found a piece at a time
        self._prepared = _Kept(KEPT)  # block -> its Paragraph, for any width
        self._strips = _Kept(STRIPS)  # (block, row in it) -> (row, margin, Strip)
        self._layout_of = _Layout([], 10, self._spans, shape, self._prepared)
        self._rows = _Rows(self._layout_of)  # (paragraph, or <0 for the header and blanks, row)
        self._width = 0
        self._following = False  # scrolling to follow the other pane
        self.passages: list = []  # reader.core.alignment.Passage, when two documents are compared

    # --- content -------------------------------------------------------------

    @property
    def entity_keys(self) -> list[tuple]:
        """(type, name key) of each entity: what two documents share."""
        if self._keys is None:
            from reader.entities.features import name_id

            self._keys = [(e.type, name_id(e.name)) for e in self.entities]
        return self._keys

    def show(self, doc, hits: list[tuple[int, int]] | None = None, cursor: int = 0, entities: list | None = None) -> None:
        self.doc = doc
        self.hits = hits or []
        self.entities = entities or []
        self._keys = None
        spans = doc.paragraphs
        self._paras = list(spans)
        # The title heads the pane unless it is the first paragraph already.
        first = " ".join(doc.text[slice(*spans[0])].split()) if spans else ""
        title = "" if first == doc.title else doc.title
        # Outlet, day and URL are the document's text too: through the
        # display layer (cleaned, shaped, reordered), like the title.
        day = doc.date + (FILE_MARK if doc.date and doc.date_from == "file" else "")
        if doc.date_from == "file" and not doc.date:  # the file's time is no publication day
            day = f"undated (file {doc.file_date})" if doc.file_date else "undated"
        meta = " · ".join(x for x in (day, doc.outlet, OCR_MARK if getattr(doc, "ocr", False) else "") if x)
        head = [(-1, title), (-1, doc.author), (-3, meta), (_URL, doc.url), (_PATH, str(doc.path))]
        self._head = [(code, x) for code, x in head if x]
        blocks = []  # (paragraph or <0, text, its offset in the document, direction)
        for code, text in self._head:
            blocks += [(code, text, 0, None)] if code in (_URL, _PATH) else _blocks(code, text, 0, len(text), self.shape)
        for i, (start, end) in enumerate(self._paras):
            blocks.append((-2, "", start, None))
            blocks += _blocks(i, doc.text, start, end, self.shape)
        self._blocks = blocks
        self._prepared = _Kept(KEPT)
        self.set_reactive(ReadingPane.cursor, max(0, min(cursor, len(self._paras) - 1)))
        self._restyle()
        self.scroll_to(y=0, animate=False)
        self._scroll_to_cursor()
        self.refresh()

    def set_hits(self, doc, hits: list[tuple[int, int]]) -> None:
        """Light the hits found for a document, if it is still the one shown."""
        if doc is not self.doc:
            return
        self.hits = hits
        self._restyle()
        self.refresh()

    def set_entities(self, show: bool, shared: set[tuple]) -> None:
        """Colour entities or not; underline the ones in ``shared``."""
        if (show, shared) == (self.show_entities, self.shared):
            return
        self.show_entities, self.shared = show, shared
        self._restyle()
        self.refresh()

    def set_passages(self, passages: list) -> None:
        """Mark the passages the other document shares (or not): [] for none."""
        if passages == self.passages:
            return
        self.passages = passages
        self._width = 0
        self._layout()
        self.refresh()

    @property
    def margin(self) -> int:
        if not self.passages:
            return MARGIN
        return MARGIN + len(str(max((p.pair or 0 for p in self.passages), default=0))) + 2

    def passage_at(self, paragraph: int) -> int | None:
        """The first shared passage that starts in a paragraph (its index)."""
        if not self.doc or not 0 <= paragraph < len(self.doc.paragraphs):
            return None
        start, end = self.doc.paragraphs[paragraph]
        return next((i for i, p in enumerate(self.passages) if p.shared and start <= p.start < end), None)

    def bring_into_view(self, passage: int) -> None:
        """Put the cursor on the paragraph holding a passage, quietly: no
        CursorMoved, no Scrolled (the other pane asked for it)."""
        if not self.doc or not 0 <= passage < len(self.passages):
            return
        at = self.passages[passage].start
        para = next((i for i, (s, e) in enumerate(self.doc.paragraphs) if s <= at < e), None)
        if para is None:
            return
        self.set_reactive(ReadingPane.cursor, para)
        self._following = True
        try:
            self._scroll_to_cursor()
        finally:
            self._following = False
        self.refresh()

    def _styles(self) -> list[Style]:
        styles = [Style(a, b, "hit") for a, b in self.hits]
        if self.show_entities:
            styles += [Style(e.start, e.end, f"ent-{e.type}") for e in self.entities]
            if self.shared:
                styles += [Style(e.start, e.end, "shared")
                           for e, key in zip(self.entities, self.entity_keys) if key in self.shared]
        return styles

    def _restyle(self) -> None:
        """Take the styles in and lay the document out again (the pieces
        prepared are kept: only their rows are made again)."""
        self._spans = Spans(self._styles())
        self._width = 0
        self._layout()

    def _layout(self) -> None:
        """Count the rows at the pane's width (laid out as they are drawn)."""
        width = max(10, self.scrollable_content_region.width - self.margin)
        if width == self._width or self.doc is None:
            return
        self._width = width
        self._layout_of = _Layout(self._blocks, width, self._spans, self.shape, self._prepared)
        self._rows = _Rows(self._layout_of)
        self._strips = _Kept(STRIPS)
        self.virtual_size = Size(width + self.margin, len(self._rows))

    @property
    def _first_row(self) -> list[int]:
        """The first row of each paragraph."""
        return self._layout_of.first_rows()

    def render_lines(self, crop):
        """Lay out what is about to be drawn, and take its real rows into
        the scroll height before drawing it."""
        self._lay_out_view(self.scroll_offset.y)
        return super().render_lines(crop)

    def _gutter_of(self, para: int, line: VisualLine) -> tuple[str, RichStyle | None]:
        """A row's gutter: the passage that starts on it, else the one it
        continues (rows hold characters of the text in visual order)."""
        import bisect

        cells = self.margin - MARGIN
        offsets = [o for o in line.offsets if o is not None] if para >= 0 else []
        if not offsets:
            return (" " * cells, None)
        starts = [p.start for p in self.passages]
        lo, hi = min(offsets), max(offsets) + 1
        first = bisect.bisect_left(starts, lo)
        if first < len(starts) and starts[first] < hi:
            p = self.passages[first]
            sign = f"{p.pair}{'=' if p.similarity >= 1 else '~'}" if p.shared else "+"
        else:
            i = bisect.bisect_right(starts, lo) - 1
            p = self.passages[i] if i >= 0 and self.passages[i].end > lo else None
            sign = "│" if p is not None and p.shared else ""
        style = None if p is None else _SHARED_PASSAGE if p.shared else _OWN_PASSAGE
        return (f"{sign:>{cells - 1}} ", style)

    def on_resize(self) -> None:
        self._layout()
        self.refresh()

    # --- drawing ---------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        row = y + self.scroll_offset.y
        width = self.scrollable_content_region.width
        if row >= len(self._rows):
            return Strip.blank(width)
        b, i, para, line = self._layout_of.at(row)
        mark = " " * MARGIN
        if para >= 0 and para == self.cursor:
            mark = _CURSOR_MARK + (_BOOKMARK_MARK if para in self.marked else " ")
        elif para in self.marked:
            mark = " " + _BOOKMARK_MARK
        runs = [(mark, RichStyle(color="cyan"))]
        if self.passages:
            runs.append(self._gutter_of(para, line))
        selection = self.text_selection
        span = selection.get_span(row) if selection is not None else None
        if span is not None:  # a row under a selection is drawn whole, and not kept
            runs += _runs(para, line)
            runs = _select(runs, span, self.screen.get_component_rich_style("screen--selection"))
            return _strip(runs, row, 0).adjust_cell_length(width)
        # The row's text is kept drawn (the marks change with the cursor);
        # as long as it is at the same row and margin: its segments say where.
        kept = self._strips.get((b, i))
        if kept is None or kept[:2] != (row, self.margin):
            kept = (row, self.margin, _strip(_runs(para, line), row, self.margin))
            self._strips.put((b, i), kept, 1)
        return Strip.join([_strip(runs, row, 0), kept[2]]).adjust_cell_length(width)

    # --- copying ---------------------------------------------------------------------

    def get_selection(self, selection) -> tuple[str, str] | None:
        """The text a mouse selection covers, in logical order: from the first
        to the last character selected as the text is read (the rows show
        presentation forms in visual order, which is no text to paste)."""
        if self.doc is None or not self._rows:
            return None
        first = selection.start.y if selection.start is not None else 0
        last = selection.end.y if selection.end is not None else len(self._rows) - 1
        offsets = []
        for row in range(max(0, first), min(last, len(self._rows) - 1) + 1):
            para, line = self._rows[row]
            span = selection.get_span(row)
            if para < 0 or span is None:
                continue  # the header's rows are not the document's text
            start, end = span
            margin = self.margin
            end = margin + len(line.text) if end == -1 else end
            for i in range(max(start, margin + line.pad), min(end, margin + len(line.text))):
                offsets.append(line.offsets[i - margin - line.pad])
        if not offsets:
            return None
        return self.doc.text[min(offsets) : max(offsets) + 1], "\n"

    def selection_updated(self, selection) -> None:
        self.refresh()

    def action_copy(self) -> None:
        """Copy the selection, or else the paragraph under the cursor, in
        logical order, to the terminal's clipboard (OSC 52)."""
        from reader.display.safe import clean

        selected = self.get_selection(self.text_selection) if self.text_selection is not None else None
        if selected is not None:
            text, what = selected[0], "the selection"
        elif self.passage() is not None:
            start, end = self.passage()
            text, what = self.doc.text[start:end], "the paragraph"
        else:
            self.notify("nothing to copy: open a document first")
            return
        # cleaned: a paste elsewhere must not carry a document's escape sequences
        self.app.copy_to_clipboard(clean(text))
        self.notify(f"copied {what} ({len(text)} characters)")

    # --- moving -------------------------------------------------------------------

    def watch_cursor(self) -> None:
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.CursorMoved(self, self.cursor))

    def _scroll_to_cursor(self) -> None:
        height = self.scrollable_content_region.height
        for _ in range(16):  # the rows where it lands, laid out, may count otherwise: aim again
            if not self._first_row:
                return
            top = self._first_row[self.cursor]
            end = self._first_row[self.cursor + 1] - 1 if self.cursor + 1 < len(self._first_row) else len(self._rows)
            if top < self.scroll_offset.y:
                y = top
            elif end > self.scroll_offset.y + height:
                y = max(top, end - height)
            else:
                return
            if not self._lay_out_view(y):
                break
        self.scroll_to(y=y, animate=False)

    def _lay_out_view(self, top: int) -> bool:
        """Lay out rows top to top + the height, and take their real count
        into the scroll height; whether anything was laid out."""
        laid = self._layout_of.show(top, self.scrollable_content_region.height)
        if self.virtual_size.height != len(self._rows):
            self.virtual_size = Size(self.virtual_size.width, len(self._rows))
        return laid

    def action_cursor(self, step: int) -> None:
        if self._paras:
            self.cursor = max(0, min(len(self._paras) - 1, self.cursor + step))

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        if self._paras:
            self.cursor = len(self._paras) - 1

    def action_hit(self, step: int) -> None:
        """Move the cursor to the next (or previous) paragraph with a hit."""
        if not self.doc or not self.hits:
            return
        import bisect

        spans = self.doc.paragraphs
        starts = [s for s, _e in spans]
        with_hits = sorted({i for a, _b in self.hits for i in [bisect.bisect_right(starts, a) - 1]
                            if i >= 0 and a < spans[i][1]})
        if not with_hits:
            return
        if step > 0:
            nxt = next((i for i in with_hits if i > self.cursor), with_hits[0])
        else:
            nxt = next((i for i in reversed(with_hits) if i < self.cursor), with_hits[-1])
        self.cursor = nxt

    def passage(self) -> tuple[int, int] | None:
        """The paragraph under the cursor as document offsets."""
        if not self.doc or not self.doc.paragraphs:
            return None
        return self.doc.paragraphs[self.cursor]

    def on_click(self, event) -> None:
        row = event.y + self.scroll_offset.y
        if 0 <= row < len(self._rows) and self._rows[row][0] >= 0:
            self.cursor = self._rows[row][0]


def _runs(para: int, line: VisualLine) -> list[tuple[str, RichStyle | None]]:
    return [(text, _style(styles, _HEADER_STYLES.get(para))) for text, styles in line.runs()]


def _strip(runs: list[tuple[str, RichStyle | None]], row: int, x: int) -> Strip:
    """runs as a Strip whose segments say which row and cell they start at,
    so that a mouse selection can be made here (Screen reads the "offset"
    meta)."""
    segments = []
    for text, style in runs:
        meta = RichStyle.from_meta({"offset": (x, row)})
        segments.append(Segment(text, meta if style is None else style + meta))
        x += len(text)
    return Strip(segments)


def _style(names, base: RichStyle | None) -> RichStyle | None:
    if "hit" in names:
        return _HIT
    style = base
    for name in names:
        extra = _ENTITY_STYLES.get(name) or (_SHARED if name == "shared" else None)
        if extra is not None:
            style = extra if style is None else style + extra
    return style


def _select(runs: list[tuple[str, RichStyle | None]], span: tuple[int, int], selected: RichStyle) -> list:
    """runs with the characters in span [start, end) (end -1: to the end) in the selection's style."""
    start, end = span
    out, x = [], 0
    for text, style in runs:
        stop = len(text) if end == -1 else end - x
        a, b = max(0, start - x), max(0, min(len(text), stop))
        if a >= b:
            out.append((text, style))
        else:
            on = selected if style is None else style + selected
            out += [(part, st) for part, st in ((text[:a], style), (text[a:b], on), (text[b:], style)) if part]
        x += len(text)
    return out


def _blank() -> VisualLine:
    return VisualLine([], [], [], 0, 0)


def _blocks(code: int, text: str, start: int, end: int, shape: bool) -> list[tuple[int, str, int, int | None]]:
    """text[start:end] as blocks of a layout: one, or the pieces of a long
    paragraph, which all take the paragraph's direction."""
    cuts = pieces(text, start, end, PIECE)
    if len(cuts) == 1:
        return [(code, text[start:end], start, None)]
    from reader.display.bidi import base_level

    base = base_level(text[start:end]) if shape else None
    return [(code, text[a:b], a, base) for a, b in cuts]


class _Kept:
    """Values kept up to a total size, the least recently used dropped first."""

    def __init__(self, most: int) -> None:
        self.most, self.size = most, 0
        self.items: dict = {}  # key -> (value, size), least recently used first

    def __contains__(self, key) -> bool:
        return key in self.items

    def get(self, key):
        item = self.items.pop(key, None)
        if item is None:
            return None
        self.items[key] = item
        return item[0]

    def put(self, key, value, size: int) -> None:
        old = self.items.pop(key, None)
        self.size += size - (old[1] if old else 0)
        self.items[key] = (value, size)
        while self.size > self.most and len(self.items) > 1:
            first = next(iter(self.items))
            self.size -= self.items.pop(first)[1]


class _Layout:
    """A document's rows at one width, laid out a block (a piece of a
    paragraph, a header row's text, a blank: (paragraph or <0, text,
    offset, direction)) at a time, with the styles over it alone: a block
    not laid out yet counts the rows its length would fill. The blocks
    prepared (shaped, their levels found: a Paragraph) are shared with the
    layouts at other widths; both are kept up to KEPT characters."""

    def __init__(self, blocks: list[tuple[int, str, int, int | None]], width: int, spans: Spans, shape: bool,
                 prepared: _Kept) -> None:
        self.blocks, self.width, self.spans, self.shape = blocks, width, spans, shape
        self.prepared = prepared
        self.counts = [1 if code < -1 else max(1, -(-len(text) // width)) for code, text, _at, _base in blocks]
        self.laid = _Kept(KEPT)  # block -> its rows
        self._starts: list[int] | None = None
        self._first: list[int] | None = None  # the first row of each paragraph

    def starts(self) -> list[int]:
        if self._starts is None:
            from itertools import accumulate

            self._starts = [0, *accumulate(self.counts)]
            self._first = None
        return self._starts

    def __len__(self) -> int:
        return self.starts()[-1]

    def first_rows(self) -> list[int]:
        starts = self.starts()  # counted again since: the first rows are too
        if self._first is None:
            self._first, seen = [], -1
            for b, (code, *_rest) in enumerate(self.blocks):
                if code > seen:
                    self._first.append(starts[b])
                    seen = code
        return self._first

    def locate(self, row: int) -> tuple[int, int]:
        """The block a row falls in, and the row's place in it."""
        import bisect

        b = bisect.bisect_right(self.starts(), row) - 1
        return b, row - self.starts()[b]

    def row(self, row: int) -> tuple[int, VisualLine]:
        return self.at(row)[2:]

    def at(self, row: int) -> tuple[int, int, int, VisualLine]:
        """The block a row falls in, the row's place in it, its paragraph
        (or <0) and the row laid out."""
        b, i = self.locate(row)
        lines = self.lines(b)
        i = min(i, len(lines) - 1)  # its rows were counted again: the last one stands in
        return b, i, self.blocks[b][0], lines[i]

    def lines(self, b: int) -> list[VisualLine]:
        lines = self.laid.get(b)
        if lines is None:
            lines = self._lay_out(b)
            self.laid.put(b, lines, len(self.blocks[b][1]))
            if len(lines) != self.counts[b]:
                self.counts[b] = len(lines)
                self._starts = None
        return lines

    def _lay_out(self, b: int) -> list[VisualLine]:
        code, text, at, base = self.blocks[b]
        if code == -2:
            return [_blank()]
        if code in (_URL, _PATH):
            return [token_line(text, self.width, keep_end=code == _PATH)]
        para = self.prepared.get(b)
        if para is None:
            para = Paragraph(text, at, self.shape, base)
            self.prepared.put(b, para, len(text))
        return para.lines(self.width, self.spans.within(at, at + len(text)) if code >= 0 else ())

    def show(self, top: int, height: int) -> bool:
        """Lay out the blocks rows top to top + height fall in, until their
        real rows fill the view (a block laid out may count fewer rows);
        whether any was laid out."""
        import bisect

        laid = False
        for _ in range(64):
            starts = self.starts()
            first = max(0, bisect.bisect_right(starts, top) - 1)
            last = bisect.bisect_right(starts, top + height) - 1
            todo = [b for b in range(first, min(last + 1, len(self.blocks))) if b not in self.laid]
            if not todo:
                break
            for b in todo:
                self.lines(b)
            laid = True
        return laid


class _Rows:
    """The rows of a _Layout as a sequence: (paragraph or <0, VisualLine)."""

    def __init__(self, layout: _Layout) -> None:
        self.layout = layout

    def __len__(self) -> int:
        return len(self.layout)

    def __getitem__(self, row: int) -> tuple[int, VisualLine]:
        if not 0 <= row < len(self.layout):
            raise IndexError(row)
        return self.layout.row(row)
