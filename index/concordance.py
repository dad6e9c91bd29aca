"""The concordance: every occurrence of a query's matched forms, in context.

Keyword in context, as concordancers show it: for each place a document
has one of the forms the query matches (the same forms search lights),
the words before it, the form, and the words after it. Documents are read
in the search's order (best first, or by date); `max_docs` bounds how many
are read, so a common word answers in a fraction of a second and says how
many it left.
"""

from __future__ import annotations

import re
from collections import namedtuple

from reader.index.language.arabic import WORD_RE, fold_hamza, normalize
from reader.index.snippets import highlight_spans

CONTEXT_CHARS = 150  # of each side kept, cut back to whole words
_SPACES = re.compile(r"\s+")


class Line(namedtuple("Line", "doc_id title outlet date start end before match after")):
    """One occurrence: its document, its offsets there, and the text before,
    the form itself and the text after, as written (line breaks as spaces)."""

    __slots__ = ()

    def as_json(self) -> dict:
        return self._asdict()

    def key(self, side: str) -> tuple:
        """What sorting by the words before (left) or after (right) sorts by:
        the nearest word first, spelling folded."""
        words = WORD_RE.findall(self.before)[::-1] if side == "left" else WORD_RE.findall(self.after)
        return tuple(fold_hamza(normalize(w)) for w in words[:3]) + (fold_hamza(normalize(self.match)),)


class Concordance(namedtuple("Concordance", "query lines documents read seconds notice")):
    """lines: in the search's order of documents, then text order;
    documents: how many match; read: how many of them were read."""

    __slots__ = ()

    def sorted(self, by: str) -> list[Line]:
        """The lines by "doc" (as found), "left" or "right" (the words before
        or after, nearest first: usages grouped, as concordancers sort)."""
        return list(self.lines) if by == "doc" else sorted(self.lines, key=lambda line: line.key(by))


def lines_from(docs, comp, budget=None) -> list[Line]:
    """The lines of documents given in order as (id, title, outlet, day, text);
    comp: the compiled query, whose words and phrases are what is lit."""
    seen: dict = {}  # each surface form decided once for all the texts
    lines: list[Line] = []
    for n, (doc_id, title, outlet, day, text) in enumerate(docs):
        if budget is not None and n % 64 == 0:
            budget.check()
        marks = highlight_spans(text, comp.words, comp.phrases, seen)
        for start, end in _occurrences(marks) if marks else ():
            before, after = _context(text, start, end)
            lines.append(Line(doc_id, title, outlet, day, start, end, before, _flat(text[start:end]), after))
    return lines


def _occurrences(marks) -> list[tuple[int, int]]:
    """One occurrence per run of marks that touch (a phrase's words)."""
    out: list[list[int]] = []
    for m in marks:
        if out and m.start - out[-1][1] <= 1 and out[-1][2] == m.term:
            out[-1][1] = m.end
        else:
            out.append([m.start, m.end, m.term])
    return [(a, b) for a, b, _t in out]


def _context(text: str, start: int, end: int) -> tuple[str, str]:
    """Up to CONTEXT_CHARS of text each side, cut back to whole words."""
    lo = max(0, start - CONTEXT_CHARS)
    if lo > 0:
        space = text.find(" ", lo, start)
        lo = space + 1 if space >= 0 else start
    hi = min(len(text), end + CONTEXT_CHARS)
    if hi < len(text):
        space = text.rfind(" ", end, hi)
        hi = space if space >= 0 else end
    return _flat(text[lo:start]), _flat(text[end:hi])


def _flat(piece: str) -> str:
    """Line breaks and runs of spaces as one space: a line of its own."""
    return _SPACES.sub(" ", piece)
