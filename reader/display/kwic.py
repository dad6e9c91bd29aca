"""A concordance line laid out for a screen: the matched form in a column,
its context on both sides, shaped and reordered.

In Arabic the words before the form read on its right and the words after
on its left, so each side is cut at its far end and the words nearest the
form stay; the form's right edge, where reading starts, is one column on
every row. Used by `reader kwic` and the TUI's concordance view alike.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from reader.display.bidi import base_level
from reader.display.layout import Paragraph, cell_width

MATCH_CELLS = 24  # the form's column at most; a longer one is cut


class Row(NamedTuple):
    text: str  # visual order, for a screen
    form_start: int  # where the form is in text (characters)
    form_end: int


def rows(lines, width: int) -> list[Row]:
    """One row per concordance line (index.engine.concordance.Line), width cells at most."""
    forms = [_clip(*_visual(x.match), MATCH_CELLS, keep_left=True) for x in lines]
    k = max((cells for _f, cells in forms), default=0)
    side = max(4, (width - k - 2) // 2)
    out = []
    for x, (form, cells) in zip(lines, forms):
        rtl = base_level(x.match + x.before[-20:]) == 1
        # the words nearest the form stay: its left end of the words before
        # when they read right to left, its right end of the words after
        before, before_cells = _clip(*_visual(_tail(x.before, side)), side, keep_left=rtl)
        after, after_cells = _clip(*_visual(_head(x.after, side)), side, keep_left=not rtl)
        gap = " " * (k - cells)
        if rtl:  # what comes after reads on the left, what came before on the right
            head = f"{' ' * (side - after_cells)}{after} {gap}"
            out.append(Row(f"{head}{form} {before}".rstrip(), len(head), len(head) + len(form)))
        else:
            head = f"{' ' * (side - before_cells)}{before} "
            out.append(Row(f"{head}{form}{gap} {after}".rstrip(), len(head), len(head) + len(form)))
    return out


def _visual(text: str) -> tuple[str, int]:
    """A piece of text as one visual line, and its cells."""
    lines = Paragraph(text, 0, True).lines(1 << 16) if text else []
    return ("".join(lines[0].chars), lines[0].cells) if lines else ("", 0)  # chars: without the padding


def _tail(text: str, cells: int) -> str:
    """The last whole words of text that fit in cells."""
    words = text.split()
    kept, used = [], 0
    for w in reversed(words):
        need = _cells(w) + (1 if kept else 0)
        if used + need > cells:
            break
        kept.append(w)
        used += need
    return " ".join(reversed(kept))


def _head(text: str, cells: int) -> str:
    """The first whole words of text that fit in cells."""
    kept, used = [], 0
    for w in text.split():
        need = _cells(w) + (1 if kept else 0)
        if used + need > cells:
            break
        kept.append(w)
        used += need
    return " ".join(kept)


def _clip(visual: str, width: int, cells: int, keep_left: bool) -> tuple[str, int]:
    """A visual line of width cells cut to cells, keeping its left or its right end."""
    if width <= cells:
        return visual, width
    chars = visual if keep_left else visual[::-1]
    kept, used = [], 0
    for ch in chars:
        w = cell_width(ch)
        if used + w > cells:
            break
        kept.append(ch)
        used += w
    return ("".join(kept) if keep_left else "".join(reversed(kept))), used


@lru_cache(maxsize=100_000)
def _cells(word: str) -> int:
    return sum(cell_width(c) for c in word)
