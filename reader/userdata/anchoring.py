"""Text-quote anchors: find a passage again after its document changed.

A passage is kept as offsets and as a W3C Web Annotation TextQuoteSelector:
the exact quote with some characters before (prefix) and after (suffix).
When the text at the offsets is no longer the quote, the quote is looked
for again: exactly first (the occurrence whose context agrees best, then
the nearest), then tolerant of small edits (a word changed, a comma added).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

CONTEXT = 32  # characters of prefix and suffix kept
MIN_SIMILARITY = 0.75  # of a tolerant match to the quote


@dataclass(frozen=True)
class Quote:
    exact: str
    prefix: str
    suffix: str

    @classmethod
    def at(cls, text: str, start: int, end: int) -> "Quote":
        return cls(text[start:end], text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT])


def find(text: str, quote: Quote, start: int, end: int) -> tuple[int, int] | None:
    """Where the quoted passage is now: (start, end), or None if it is gone."""
    if not quote.exact:
        return None
    if text[start:end] == quote.exact:
        return start, end
    exact = _exact(text, quote, start)
    if exact is not None:
        return exact
    return _tolerant(text, quote, start)


def _context_score(text: str, quote: Quote, pos: int) -> int:
    before = text[max(0, pos - len(quote.prefix)) : pos]
    after = text[pos + len(quote.exact) : pos + len(quote.exact) + len(quote.suffix)]
    return _common_suffix(before, quote.prefix) + _common_prefix(after, quote.suffix)


def _exact(text: str, quote: Quote, near: int) -> tuple[int, int] | None:
    hits, pos = [], text.find(quote.exact)
    while pos >= 0:
        hits.append(pos)
        pos = text.find(quote.exact, pos + 1)
    if not hits:
        return None
    best = max(hits, key=lambda p: (_context_score(text, quote, p), -abs(p - near)))
    return best, best + len(quote.exact)


def _tolerant(text: str, quote: Quote, near: int) -> tuple[int, int] | None:
    """The span most like the quote, found from pieces of it that survived."""
    q = quote.exact
    n = len(q)
    piece = max(4, n // 4)
    starts = set()
    for offset in range(0, max(1, n - piece + 1), max(1, piece // 2)):
        chunk = q[offset : offset + piece]
        pos = text.find(chunk)
        while pos >= 0:
            starts.add(max(0, pos - offset))
            pos = text.find(chunk, pos + 1)
    best, best_score = None, 0.0
    for s in starts:
        lo, hi = max(0, s - n // 4), min(len(text), s + n + n // 4)
        window = text[lo:hi]
        sm = difflib.SequenceMatcher(None, window, q, autojunk=False)
        blocks = [b for b in sm.get_matching_blocks() if b.size]
        if not blocks:
            continue
        a, b = lo + blocks[0].a - blocks[0].b, lo + blocks[-1].a + blocks[-1].size + (n - blocks[-1].b - blocks[-1].size)
        a, b = max(lo, a), min(hi, b)
        score = difflib.SequenceMatcher(None, text[a:b], q, autojunk=False).ratio()
        key = (score, -abs(a - near))
        if score >= MIN_SIMILARITY and (best is None or key > (best_score, -abs(best[0] - near))):
            best, best_score = (a, b), score
    return best


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])
