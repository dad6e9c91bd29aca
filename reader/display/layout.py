"""The display layer: logical paragraphs to visual lines for any terminal.

From a paragraph as stored (logical order) and a width in cells, produce
visual lines: wrapped in logical order on the shaped text, then each line
reordered with the paragraph's base direction (reader.display.bidi), brackets
mirrored, harakat kept after their letter, right-aligned when the paragraph
is right to left. Every character of a visual line carries the offset of
the character it shows in the original text, so styles given as offsets
(search hits, entities, the cursor, a selection) land on their own cells,
and a cell maps back to an offset.

Wrap first, reorder second: reordering a whole paragraph and then wrapping
puts its last words on the first row. The width-independent work
(cleaning, shaping, levels, cell widths) is done once per paragraph and
kept, so a resize or a scroll only costs the lines drawn.

Nothing here imports Textual: the CLI prints these lines, the TUI draws them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import namedtuple
from collections.abc import Iterable
from unicodedata import category as _category

from reader.display import bidi
from reader.display.safe import is_unsafe, needs_cleaning, shown
from reader.display.shaping import reshape
from reader.display.terminal import WORDS

# Plain classes and named tuples, not dataclasses: `reader search` pays for
# every module it imports, and dataclasses brings inspect, ast and typing.

Style = namedtuple("Style", "start end name")
Style.__doc__ = "A styled range of the original text: [start, end) and a style name."


class VisualLine:
    """One screen row: characters in visual order, left to right."""

    __slots__ = ("chars", "offsets", "styles", "cells", "pad")

    def __init__(self, chars: list[str], offsets: list[int], styles: list[tuple[str, ...]], cells: int, pad: int):
        self.chars = chars
        self.offsets = offsets  # original offset of each character
        self.styles = styles  # style names of each character
        self.cells = cells  # width in cells, without padding
        self.pad = pad  # blank cells to the left (right alignment)

    def __repr__(self) -> str:
        return f"VisualLine({self.text!r})"

    @property
    def text(self) -> str:
        return " " * self.pad + "".join(self.chars)

    def offset_at(self, cell: int) -> int | None:
        """The original offset shown at a screen cell, None for padding."""
        cell -= self.pad
        if cell < 0:
            return None
        col = 0
        for ch, off in zip(self.chars, self.offsets):
            w = cell_width(ch)
            if w and col <= cell < col + w:
                return off
            col += w
        return None

    def runs(self) -> list[tuple[str, tuple[str, ...]]]:
        """(text, styles) runs of equal styles, padding first. Each run is
        joined once: adding a character at a time to a run's string copied it
        every time, quadratic in a row of 800,000 harakat."""
        out: list[tuple[str, tuple[str, ...]]] = []
        if self.pad:
            out.append((" " * self.pad, ()))
        styles, first = self.styles, 0
        for i in range(1, len(styles) + 1):
            if i == len(styles) or styles[i] != styles[first]:
                out.append(("".join(self.chars[first:i]), styles[first]))
                first = i
        return out


def cell_width(ch: str) -> int:
    """Cells a character takes in a terminal (0 for harakat, ZWJ, U+FEFF):
    Rich's table, which tmux agreed with on every character probed.

    Below U+1100, in U+2000-U+21FF (punctuation, currency, letterlike
    symbols, arrows) and in the Arabic presentation forms nothing is wide:
    Rich gives 0 to marks and 1 to letters, digits, punctuation, symbols
    and spaces (tests/test_display.py checks every one against Rich). That
    covers Arabic news without importing Rich, some 6 ms of a cold
    `reader search`."""
    global _cell_size
    c = ord(ch)
    if c < 0x1100 or 0x2000 <= c < 0x2200 or 0xFB50 <= c < 0xFE00 or 0xFE70 <= c < 0xFF00:
        cat = _category(ch)
        if cat == "Mn" or cat == "Me":
            return 0
        if cat[0] in "LNPS" or cat == "Zs":
            return 1
    if _cell_size is None:
        from rich.cells import get_character_cell_size as _cell_size
    return _cell_size(ch)


_cell_size = None


class Styles:
    """Styles indexed by offset, for laying out many lines with many styles:
    the names at an offset are found by bisection over the points where they
    change, where testing every style at every character was quadratic (a
    1 MB paragraph with its hits took minutes to print)."""

    def __init__(self, styles: Iterable[Style] = ()):
        styles = [s for s in styles if s.end > s.start]
        self.points: list[int] = []
        self.names: list[tuple[str, ...]] = []  # the names from points[i] to points[i + 1]
        if all(a.end <= b.start for a, b in zip(styles, styles[1:])):  # in order, none overlapping: hits
            for st in styles:
                if self.points and self.points[-1] == st.start:
                    self.names[-1] = (st.name,)
                else:
                    self.points.append(st.start)
                    self.names.append((st.name,))
                self.points.append(st.end)
                self.names.append(())
            return
        # Where styles start (1) and end (0), swept in order: the names in
        # force after each point, in the order the styles were given.
        events = sorted([(s.start, 1, k) for k, s in enumerate(styles)] + [(s.end, 0, k) for k, s in enumerate(styles)])
        active: dict[int, str] = {}
        for i, (at, opens, k) in enumerate(events):
            if opens:
                active[k] = styles[k].name
            else:
                del active[k]
            if i + 1 == len(events) or events[i + 1][0] != at:
                self.points.append(at)
                self.names.append(tuple(active[j] for j in sorted(active)) if len(active) > 1 else tuple(active.values()))

    def __bool__(self) -> bool:
        return bool(self.points)

    def names_at(self, offsets: list[int]) -> list[tuple[str, ...]]:
        """The style names at each offset; offsets mostly ascending (a line
        in logical order), any order works."""
        points, names = self.points, self.names
        if not points or not offsets:
            return [()] * len(offsets)
        if offsets != sorted(offsets):  # marks moved out of a ligature: one at a time
            return [names[i] if i >= 0 else () for i in (bisect_right(points, o) - 1 for o in offsets)]
        out: list[tuple[str, ...]] = []
        i, at, n = bisect_right(points, offsets[0]) - 1, 0, len(offsets)
        while at < n:  # a run of offsets per span between two points
            end = bisect_left(offsets, points[i + 1], at) if i + 1 < len(points) else n
            out += [names[i] if i >= 0 else ()] * (end - at)
            at, i = end, i + 1
        return out


class Spans:
    """Styles sorted by where they start, to take out those over one range
    (a paragraph) by bisection: a document's thousands of hits and entities
    are not swept together when one paragraph of it is laid out. The long
    ones (over LONG characters, rare) are tested against every range."""

    LONG = 4096

    def __init__(self, styles: Iterable[Style] = ()):
        styles = sorted(s for s in styles if s.end > s.start)  # in text order already, mostly: linear
        self.short = [s for s in styles if s.end - s.start <= self.LONG]
        self.long = [s for s in styles if s.end - s.start > self.LONG]
        self.starts = [s.start for s in self.short]

    def within(self, start: int, end: int) -> Styles:
        """The styles over [start, end), indexed."""
        lo = bisect_left(self.starts, start - self.LONG)
        hi = bisect_left(self.starts, end)
        return Styles([s for s in (*self.short[lo:hi], *self.long) if s.end > start and s.start < end])


def as_styles(styles) -> Styles:
    return styles if isinstance(styles, Styles) else Styles(styles)


class Paragraph:
    """One paragraph, prepared once, laid out at any width.

    text: the paragraph as stored; start: its offset in the document, added
    to every offset given out; shape: False hands logical text to terminals
    that do their own bidi (no shaping, no reordering, no alignment), WORDS
    reorders the words but leaves each word's letters as written (kitty); base:
    the direction (0 or 1) when text is a piece of a longer paragraph
    (pieces()), else its own first strong character decides.
    """

    def __init__(self, text: str, start: int = 0, shape: bool = True, base: int | None = None):
        self.start = start
        self.shape = shape
        clean, to_orig = _clean(text)
        if shape:
            shaped, to_clean = reshape(clean)
            self.chars = shaped
            self.orig = [to_orig[i] + start for i in to_clean]
            self.base = bidi.base_level(clean) if base is None else base
            self.levels = bidi.levels(shaped, self.base)
            self.mirrors = not _mirrored().keys().isdisjoint(set(shaped))  # any bracket to mirror
        else:
            self.chars = clean
            self.orig = [i + start for i in to_orig]
            self.base = 0
            self.levels = [0] * len(clean)
        cells = {c: cell_width(c) for c in set(self.chars)}  # once per distinct character
        self.widths = [cells[c] for c in self.chars]

    @property
    def rtl(self) -> bool:
        return self.base % 2 == 1

    def lines(self, width: int, styles: Iterable[Style] | Styles = (), limit: int | None = None) -> list[VisualLine]:
        """The visual lines at a width (the first limit of them); styles: a
        Styles when many paragraphs share them (built once)."""
        width = max(1, width)
        styles = as_styles(styles)
        return [self._line(a, b, width, styles) for a, b in self.wrap(width)[:limit]]

    def wrap(self, width: int) -> list[tuple[int, int]]:
        """Line ranges of the prepared text, in logical order, spaces between
        lines left out; a word wider than the line is cut between letters."""
        chars, widths = self.chars, self.widths
        n = len(chars)
        ranges: list[tuple[int, int]] = []
        i = 0
        while i < n and chars[i] == " ":
            i += 1
        while i < n:
            start, used, last_break = i, 0, None
            while i < n:
                w = widths[i]
                if chars[i] == " ":
                    last_break = i
                if used + w > width and i > start:
                    break
                used += w
                i += 1
            if i < n:
                if chars[i] == " ":
                    end, nxt = i, i
                elif last_break is not None and last_break > start:
                    end, nxt = last_break, last_break
                else:  # a word wider than the line: cut it before its next letter
                    end = nxt = i
                    while end > start + 1 and widths[end - 1] == 0:
                        end -= 1  # keep marks with their letter
                    nxt = end
            else:
                end = nxt = n
            while end > start and chars[end - 1] == " ":
                end -= 1
            ranges.append((start, end))
            i = nxt
            while i < n and chars[i] == " ":
                i += 1
        return ranges or [(0, 0)]

    def _line(self, a: int, b: int, width: int, styles: Styles) -> VisualLine:
        if self.shape:
            order = bidi.visual_order(self.chars, self.levels, self.base, a, b)
            order = _marks_after_base(order, self.widths)
            mirrored, levels, text = _mirrored(), self.levels, self.chars
            if not self.mirrors:  # no bracket to mirror: the characters as they are
                chars = [text[i] for i in order]
            else:
                chars = [mirrored.get(text[i], text[i]) if levels[i] % 2 else text[i] for i in order]
        else:
            order = list(range(a, b))
            chars = [self.chars[i] for i in order]
        offsets = [self.orig[i] for i in order]
        cells = sum(map(self.widths.__getitem__, order))
        if styles:  # found in logical order, where offsets ascend, then put in visual order
            logical = styles.names_at(self.orig[a:b])
            names = [logical[i - a] for i in order]
        else:
            names = [()] * len(offsets)
        pad = max(0, width - cells) if (self.shape and self.rtl) else 0
        line = VisualLine(chars, offsets, names, cells, pad)
        return words_as_written(line) if self.shape == WORDS else line


def pieces(text: str, start: int, end: int, size: int) -> list[tuple[int, int]]:
    """text[start:end] as pieces of at most size characters, each cut after
    a space (else between letters, never before a mark): a paragraph of a
    megabyte is laid out a piece at a time, as its rows come into view.
    Each piece starts a row."""
    out = []
    while end - start > size:
        cut = text.rfind(" ", start + 1, start + size) + 1
        if cut <= start + 1:
            cut = start + size
            back = cut
            while back > start + 1 and _category(text[back]) == "Mn":
                back -= 1
            if back > start + size // 2:  # marks kept with their letter, unless all is marks
                cut = back
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(count: int, most: int, cells: int) -> str:
    """count as a bar of at most cells cells, scaled to most, in eighths of
    a cell at its end; any count above 0 shows (one article is still seen)."""
    if most <= 0 or cells <= 0 or count <= 0:
        return ""
    eighths = max(1, round(count / most * cells * 8))
    return "█" * (eighths // 8) + (_EIGHTHS[eighths % 8] if eighths % 8 else "")


def one_line(text: str, shape: bool = True) -> str:
    """A short text (a title, a name) as one visual line for a screen:
    cleaned like every text, shaped and reordered when shape is on; one of
    over LINE_CHARS characters is cut there, with "…"."""
    cut = len(text) > LINE_CHARS
    text = " ".join(text[:LINE_CHARS].split()) + ("…" if cut else "")
    lines = Paragraph(text, 0, shape).lines(1 << 16)
    return lines[0].text.strip() if lines else ""


def token_line(text: str, width: int, keep_end: bool = False) -> VisualLine:
    """A text read as one left-to-right token (a URL, a path) as one row of
    at most width cells: cleaned, its characters in the order written, not
    shaped nor reordered (the bidi algorithm moves an Arabic segment of a
    URL, and the slashes around it, to the row's other end), and cut with
    "…" at its end, or at its start when keep_end (a path's file name)."""
    clean, to_orig = _clean(text)
    widths = [cell_width(c) for c in clean]
    if sum(widths) <= width:
        return VisualLine(list(clean), to_orig, [()] * len(clean), sum(widths), 0)
    room, used = max(0, width - 1), 0  # a cell for the "…"
    order = range(len(clean) - 1, -1, -1) if keep_end else range(len(clean))
    kept = []
    for i in order:
        if used + widths[i] > room:
            break
        used += widths[i]
        kept.append(i)
    if keep_end:
        kept.reverse()
        while kept and widths[kept[0]] == 0:  # no mark without its letter
            kept.pop(0)
        kept = [kept[0] - 1 if kept else len(clean) - 1, *kept]  # the "…" stands for what went before
    else:
        kept.append(kept[-1] + 1 if kept else 0)  # the "…" stands for what follows
    chars = [clean[i] for i in kept]
    chars[0 if keep_end else -1] = "…"
    return VisualLine(chars, [to_orig[i] for i in kept], [()] * len(kept), sum(map(cell_width, chars)), 0)


# Said beside a document's day wherever it is shown, when its text was read
# off a scanned page (index.files.formats.ocr): its words may be misread.
OCR_MARK = "text read by OCR"

LINE_CHARS = 4096
CELL_CHARS = 8  # characters one cell may stand for (a letter and its harakat)


def first_lines(text: str, width: int, rows: int, shape: bool = True, styles=()) -> list[VisualLine]:
    """The first rows visual lines of a text, its start alone laid out (at
    most CELL_CHARS characters a cell): a title of 40,000 words shown in the
    two rows of a result was laid out whole."""
    return Paragraph(text[: (rows + 1) * max(1, width) * CELL_CHARS], 0, shape).lines(width, styles, limit=rows)


def _clean(text: str) -> tuple[str, list[int]]:
    """Text safe for a terminal, with the original index of each character.

    Bidi controls are dropped (they would reorder what follows), other
    controls shown as U+FFFD, tabs and newlines as spaces; a run of more
    than MAX_MARKS combining marks keeps its first MAX_MARKS.
    """
    kept = None
    if _MARK_FLOOD.search(text):
        text, kept = _drop_mark_floods(text)
    if not needs_cleaning(text):  # most paragraphs: no per-character pass
        return text, kept if kept is not None else list(range(len(text)))
    out, idx = [], []
    for i, ch in enumerate(text):
        if ch in "\t\n\r":
            ch = " "
        elif is_unsafe(ch):
            ch = shown(ch)
        out.append(ch)
        idx.extend([i] * len(ch))
    return "".join(out), idx if kept is None else [kept[i] for i in idx]


# Unicode's stream-safe format (UAX #15) allows 30 combining marks in a row:
# more stack on one cell, where a terminal shows nothing of them, and a
# paragraph of 800,000 harakat took seconds to lay out. The common marks:
# Latin, Cyrillic, Hebrew and Arabic ones, and the general combining blocks.
MAX_MARKS = 30
_MARKS = ("\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc"
          "\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u08d3-\u08ff\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f")
_MARK_FLOOD = re.compile(f"[{_MARKS}]{{{MAX_MARKS + 1},}}")


def _drop_mark_floods(text: str) -> tuple[str, list[int]]:
    """text with each run of marks cut to MAX_MARKS, and the original index
    of each character kept."""
    parts, idx, last = [], [], 0
    for m in _MARK_FLOOD.finditer(text):
        end = m.start() + MAX_MARKS
        parts.append(text[last:end])
        idx.extend(range(last, end))
        last = m.end()
    parts.append(text[last:])
    idx.extend(range(last, len(text)))
    return "".join(parts), idx


# A third way to shape (terminal.WORDS), for kitty: it does no bidi, but
# draws each word of Arabic letters with HarfBuzz, right to left within the
# word (kitty issues 4055, 5494). It needs the words where reader's visual
# order puts them, each word's letters as written: reversed once more they
# came out backwards.
_ARABIC_WORD = re.compile("[\u0600-\u065f\u066a-\u06ef\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff"
                          "\ufb50-\ufdff\ufe70-\ufefe]")  # Arabic script, its digits left out


def words_as_written(line: VisualLine) -> VisualLine:
    """A visual row with each run of Arabic letters (and their marks) put
    back in the order written, where the run stands: the same cells, for a
    terminal that draws each word right to left itself (kitty)."""
    chars, offsets, styles = list(line.chars), list(line.offsets), list(line.styles)
    i, n = 0, len(chars)
    while i < n:
        if not _ARABIC_WORD.match(chars[i]):
            i += 1
            continue
        j = i
        while j < n and _ARABIC_WORD.match(chars[j]):
            j += 1
        run = sorted(range(i, j), key=offsets.__getitem__)  # offsets ascend in the order written
        chars[i:j], offsets[i:j], styles[i:j] = ([xs[k] for k in run] for xs in (line.chars, line.offsets, line.styles))
        i = j
    return VisualLine(chars, offsets, styles, line.cells, line.pad)


def _marks_after_base(order: list[int], widths: list[int]) -> list[int]:
    """Put each run of combining marks after its letter (rule L3): reversing
    a right-to-left run leaves them before it, where a terminal would put
    them on the previous cell."""
    out = list(order)
    i, n = 0, len(out)
    while i < n:
        if widths[out[i]] == 0:
            j = i
            while j < n and widths[out[j]] == 0:
                j += 1
            # marks out[i:j] belong to the letter after them when that letter
            # comes first in logical order (a reversed run)
            if j < n and out[j] < out[i]:
                out[i : j + 1] = [out[j]] + out[i:j][::-1]  # marks back in written order
                i = j + 1
                continue
            i = j
        else:
            i += 1
    return out


def _mirrored() -> dict[str, str]:
    from reader.display.mirroring import MIRRORED  # a copy: bidi.mirror is python-bidi's internal module

    return MIRRORED
