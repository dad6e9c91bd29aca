"""`reader kwic QUERY`: a concordance, every occurrence in its context.

To a terminal each occurrence is a line, the matched form in a column of
its own and its context on both sides, shaped and reordered: in Arabic the
words before the form are on its right and the words after on its left,
so each side is cut at its far end and the words nearest the form stay.
To a pipe or a file: tab-separated, logical order (id, offset, before,
form, after); --json: everything.
"""

from __future__ import annotations

import sys
from functools import lru_cache

from reader.bidi import base_level
from reader.cli.common import EXIT_NO_MATCH, EXIT_OK, config, library, say
from reader.display import Paragraph, cell_width
from reader.safe import clean_line, dumps_json

_HIT, _RESET = "\x1b[1;33m", "\x1b[0m"
_MATCH_CELLS = 24  # the form's column at most; a longer one is cut


def cmd_kwic(args) -> int:
    from reader.index.query import parse
    from reader.library import CONCORDANCE_DOCS, period_filters

    text = " ".join(args.query)
    parse(text)
    period_filters(args.since, args.until)
    found = library(args).concordance(text, max_docs=None if args.all else CONCORDANCE_DOCS,
                                      since=args.since, until=args.until)
    if found.notice:
        say(found.notice)
    lines = found.sorted({"before": "left", "after": "right"}.get(args.sort, args.sort))
    if args.json:
        print(dumps_json({"format": 1, "query": text, "documents": found.documents, "read": found.read,
                          "occurrences": len(lines), "sort": args.sort, "lines": [x.as_json() for x in lines]}))
    elif lines:
        from reader.cli.output import output_for

        out = output_for(sys.stdout, config(args).shape(args.shape), args.color, args.width)
        print_kwic(lines, sys.stdout, out)
    say(_summary(found, lines))
    return EXIT_OK if lines else EXIT_NO_MATCH


def _summary(found, lines) -> str:
    holding = len({x.doc_id for x in lines})
    line = f"{_count(len(lines), 'occurrence')} in {_count(holding, 'document')}"
    if found.read < found.documents:
        line += f"; read the first {found.read:,} of {found.documents:,} matching (--all for every one)"
    return line + f", {found.seconds * 1000:.0f} ms"


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def print_kwic(lines, stream, out) -> None:
    if not out.shape:
        for x in lines:
            print("\t".join((clean_line(x.doc_id), str(x.start), clean_line(x.before), clean_line(x.match),
                             clean_line(x.after))), file=stream)
        return
    forms = [_clip(*_visual(x.match), _MATCH_CELLS, keep_left=True) for x in lines]
    k = max(cells for _f, cells in forms)
    side = max(4, (out.width - k - 2) // 2)
    for x, (form, cells) in zip(lines, forms):
        rtl = base_level(x.match + x.before[-20:]) == 1
        # the words nearest the form stay: its left end of the words before
        # when they read right to left, its right end of the words after
        before, before_cells = _clip(*_visual(_tail(x.before, side)), side, keep_left=rtl)
        after, after_cells = _clip(*_visual(_head(x.after, side)), side, keep_left=not rtl)
        shown = f"{_HIT}{form}{_RESET}" if out.color else form
        gap = " " * (k - cells)
        if rtl:  # what comes after reads on the left, what came before on the right
            row = f"{' ' * (side - after_cells)}{after} {gap}{shown} {before}"
        else:
            row = f"{' ' * (side - before_cells)}{before} {shown}{gap} {after}"
        print(row.rstrip(), file=stream)


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
