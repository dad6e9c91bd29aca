"""Snippets: the passages of a document with the most matched query terms.

Highlights are character offsets into the snippet's text, of every matched
surface form as written (with its harakat, article and pronouns), so any
front end can light them.
"""

from __future__ import annotations

from collections import namedtuple

from reader.index.arabic import WORD_RE, analyse, core, fold_hamza, is_stop, normalize
from reader.index.structure import paragraphs

SNIPPET_CHARS = 220
MAX_SNIPPETS = 2


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


def highlight_spans(text: str, words: list, phrases: list[list], seen: dict | None = None) -> list[Mark]:
    """Every matched surface form in text, in order. seen: what each surface
    form was found to be, shared by the calls of one query over many texts
    (a concordance); a call of its own by default."""
    toks = _candidate_tokens(text, words + [t for p in phrases for t in p], {} if seen is None else seen)
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


def _candidate_tokens(text: str, terms: list, seen: dict) -> list[tuple[int, int, object]]:
    """(start, end, analysis or None) for each non-stop token, None where
    the token cannot match: every stem's core is a substring of its
    normalized word, so a word containing none of the query's stems needs no stemming.
    Decided once per distinct surface form: a fresh process, whose caches
    are cold, makes the snippets of ten long articles in a few ms."""
    needles = {core(s) for t in terms for s in t.stems} | {e for t in terms for e in t.exacts}
    out = []
    for m in WORD_RE.finditer(text):
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


def make_snippets(text: str, words, phrases, count: int = MAX_SNIPPETS) -> list[Snippet]:
    """Up to count passages with the most distinct matched terms."""
    if count <= 0 or not text:
        return []
    spans = highlight_spans(text, words, phrases)
    paras = paragraphs(text)
    if not spans:
        if not paras:
            return []
        s, e = paras[0]
        return [_snippet(text, s, min(e, _word_end(text, s + SNIPPET_CHARS, e)), [])]
    candidates = []
    for p_start, p_end in paras:
        inside = [h for h in spans if p_start <= h.start < p_end]
        for h in inside:
            ws = max(p_start, _word_start(text, h[0] - SNIPPET_CHARS // 4, p_start))
            we = min(p_end, _word_end(text, ws + SNIPPET_CHARS, p_end))
            hits = [x for x in inside if x.start >= ws and x.end <= we]
            # Most distinct query terms, then the forms typed, then most hits.
            score = (len({x.term for x in hits}), sum(x.exact for x in hits), len(hits), -ws)
            candidates.append((score, ws, we, hits))
    candidates.sort(key=lambda c: c[0], reverse=True)
    chosen: list[tuple[int, int, list]] = []
    for _score, ws, we, hits in candidates:
        if all(we <= cs or ws >= ce for cs, ce, _h in chosen):
            chosen.append((ws, we, hits))
            if len(chosen) == count:
                break
    chosen.sort()
    return [_snippet(text, ws, we, hits) for ws, we, hits in chosen]


def _snippet(text: str, start: int, end: int, hits) -> Snippet:
    piece = text[start:end].replace("\n", " ")  # same length: offsets hold
    return Snippet(piece, start, [(m.start - start, m.end - start) for m in hits])


def _word_start(text: str, pos: int, floor: int) -> int:
    """The start of the word at pos (never before floor)."""
    pos = max(pos, floor)
    while pos > floor and not text[pos - 1].isspace():
        pos -= 1
    return pos


def _word_end(text: str, pos: int, ceiling: int) -> int:
    """The end of the last whole word before pos (never after ceiling)."""
    if pos >= ceiling:
        return ceiling
    cut = pos
    while cut > 0 and not text[cut].isspace():
        cut -= 1
    return cut if cut > 0 else pos
