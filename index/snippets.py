"""Snippets: the passages of a document with the most matched query terms.

Highlights are character offsets into the snippet's text, of every matched
surface form as written (with its harakat, article and pronouns), so any
front end can light them.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import namedtuple

from reader.index.language.arabic import WORD_RE, analyse, core, fold_hamza, is_stop, normalize
from reader.index.files.structure import paragraphs

SNIPPET_CHARS = 220
MAX_SNIPPETS = 2
# Snippets are chosen from an article's first 200,000 characters (a long
# report's first hundred pages): a search stays quick on a 10 MB document.
SNIPPET_TEXT = 200_000


class Snippet(namedtuple("Snippet", "text start highlights")):
    """A passage: its text, its offset in the document, and the offsets of
    its highlights in text."""

    __slots__ = ()

    def as_json(self) -> dict:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.start + len(self.text),
            "highlights": [list(h) for h in self.highlights],
        }


# term: which query word or phrase matched; exact: the very form typed
# (normalized), not a conflated one.
Mark = namedtuple("Mark", "start end term exact")


def highlight_spans(text: str, words: list, phrases: list[list], seen: dict | None = None, budget=None) -> list[Mark]:
    """Every matched surface form in text, in order. seen: what each surface
    form was found to be, shared by the calls of one query over many texts
    (a concordance); a call of its own by default. budget: a search's
    bound (index.budget.Budget), checked as the text is read."""
    toks = _candidate_tokens(text, words + [t for p in phrases for t in p], {} if seen is None else seen, budget)
    out: list[Mark] = []
    for start, end, a in toks:
        if a is None:
            continue
        for n, t in enumerate(words):
            if t.matches(a):
                out.append(Mark(start, end, n, a.norm == t.norm))
                break
    base = len(words)
    for k, phrase in enumerate(phrases):
        size = len(phrase)
        for i in range(len(toks) - size + 1):
            if all(toks[i + j][2] is not None and phrase[j].matches(toks[i + j][2]) for j in range(size)):
                for j in range(size):
                    start, end, a = toks[i + j]
                    out.append(Mark(start, end, base + k, a.norm == phrase[j].norm))
    out.sort()
    merged: list[Mark] = []
    for m in out:  # a token matched by a word and a phrase counts once
        if merged and m.start < merged[-1].end:
            continue
        merged.append(m)
    return merged


_STOP = object()  # a token phrases step over


def _candidate_tokens(text: str, terms: list, seen: dict, budget=None) -> list[tuple[int, int, object]]:
    """(start, end, analysis or None) for each non-stop token, None where
    the token cannot match: every stem's core is a substring of its
    normalized word, so a word containing none of the query's stems needs no stemming.
    Decided once per distinct surface form: a fresh process, whose caches
    are cold, makes the snippets of ten long articles in a few ms."""
    needles = {core(s) for t in terms for s in t.stems} | {e for t in terms for e in t.exacts}
    out = []
    for n, m in enumerate(WORD_RE.finditer(text)):
        if budget is not None and n % 4096 == 0:
            budget.check()
        surface = m.group()
        hit = seen.get(surface, seen)
        if hit is seen:
            norm = fold_hamza(normalize(surface))
            if not norm or is_stop(norm):
                hit = _STOP
            else:
                hit = analyse(surface) if any(n in norm for n in needles) else None
            seen[surface] = hit
        if hit is not _STOP:
            out.append((m.start(), m.end(), hit))
    return out


def make_snippets(text: str, words, phrases, count: int = MAX_SNIPPETS, budget=None) -> list[Snippet]:
    """Up to count passages with the most distinct matched terms.

    Linear in the text and its hits: a paragraph's candidate windows are
    found by bisection and scored with counts kept as the window slides
    (scoring each window against every hit of its paragraph took 76 s on an
    article of 50,000 lines holding the word), in the first SNIPPET_TEXT
    characters. budget: checked as it goes (index.budget.Budget)."""
    if count <= 0 or not text:
        return []
    text = text[:SNIPPET_TEXT]
    spans = highlight_spans(text, words, phrases, budget=budget)
    paras = paragraphs(text)
    if not spans:
        if not paras:
            return []
        s, e = paras[0]
        return [_snippet(text, s, min(e, _word_end(text, s + SNIPPET_CHARS, s, e)), [])]
    starts = [h.start for h in spans]
    ends = [h.end for h in spans]  # increasing too: the marks do not overlap
    candidates = []
    for p_start, p_end in paras:
        first, last = bisect_left(starts, p_start), bisect_left(starts, p_end)
        window = _Window(spans)
        for k in range(first, last):
            if budget is not None and k % 1024 == 0:
                budget.check()
            ws = max(p_start, _word_start(text, spans[k].start - SNIPPET_CHARS // 4, p_start))
            we = min(p_end, _word_end(text, ws + SNIPPET_CHARS, ws, p_end))
            lo = max(first, bisect_left(starts, ws))
            hi = max(lo, min(last, bisect_right(ends, we)))
            # Most distinct query terms, then the forms typed, then most hits.
            candidates.append((window.score(lo, hi) + (-ws,), ws, we, lo, hi))
    candidates.sort(key=lambda c: c[0], reverse=True)
    chosen: list[tuple[int, int, int, int]] = []
    for _score, ws, we, lo, hi in candidates:
        if all(we <= cs or ws >= ce for cs, ce, _lo, _hi in chosen):
            chosen.append((ws, we, lo, hi))
            if len(chosen) == count:
                break
    chosen.sort()
    return [_snippet(text, ws, we, spans[lo:hi]) for ws, we, lo, hi in chosen]


class _Window:
    """The marks spans[lo:hi] of a window sliding forward through a
    paragraph: how many distinct terms, typed forms and marks it holds,
    kept up to date as its ends move (each mark goes in and out once)."""

    def __init__(self, spans: list[Mark]) -> None:
        self.spans = spans
        self.lo = self.hi = 0
        self.terms: dict[int, int] = {}
        self.exact = 0

    def score(self, lo: int, hi: int) -> tuple[int, int, int]:
        if lo < self.lo or hi < self.hi or lo >= self.hi:  # a jump: start again from here
            self.lo = self.hi = lo
            self.terms.clear()
            self.exact = 0
        while self.hi < hi:
            self._count(self.spans[self.hi], 1)
            self.hi += 1
        while self.lo < lo:
            self._count(self.spans[self.lo], -1)
            self.lo += 1
        return len(self.terms), self.exact, hi - lo

    def _count(self, m: Mark, step: int) -> None:
        n = self.terms.get(m.term, 0) + step
        if n:
            self.terms[m.term] = n
        else:
            del self.terms[m.term]
        self.exact += step * m.exact


def _snippet(text: str, start: int, end: int, hits) -> Snippet:
    piece = text[start:end].replace("\n", " ")  # same length: offsets hold
    return Snippet(piece, start, [(m.start - start, m.end - start) for m in hits])


def _word_start(text: str, pos: int, floor: int) -> int:
    """The start of the word at pos (never before floor); pos itself when
    no space comes within SNIPPET_CHARS before it (one endless "word")."""
    pos = max(pos, floor)
    stop = max(floor, pos - SNIPPET_CHARS)
    at = pos
    while at > stop and not text[at - 1].isspace():
        at -= 1
    return at if at == floor or text[at - 1].isspace() else pos


def _word_end(text: str, pos: int, floor: int, ceiling: int) -> int:
    """The end of the last whole word before pos (never after ceiling);
    pos itself when no space comes between floor and pos."""
    if pos >= ceiling:
        return ceiling
    cut = pos
    while cut > floor and not text[cut].isspace():
        cut -= 1
    return cut if cut > floor else pos
