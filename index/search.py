"""Search: the parsed query as Whoosh queries, ranked hits, and snippets.

Every word runs through the same analysis as the documents, so harakat,
tatweel, alef forms or Arabic-Indic digits typed in a query change nothing.
A word matches the stemmed fields (any form) and the exact fields (boosted,
so a document with the very form typed ranks above one with a conflated
form); titles weigh more than bodies.
"""

from __future__ import annotations

import pickle
import struct
import time
import zlib
from dataclasses import dataclass, field
from typing import NamedTuple

from index import query as q
from index.arabic import Analysed, analyse, is_stop, normalize, readings, strip_article, tokenize
from index.corpus import paragraphs
from index.whoosh_fixes import FixedAndNot, TreeOr

EXACT_BOOST = 2.0
TITLE_BOOST = 1.5
SNIPPET_CHARS = 220
MAX_SNIPPETS = 2


@dataclass
class Snippet:
    text: str
    start: int  # offset of text in the document
    highlights: list[tuple[int, int]]  # offsets into text

    def as_json(self) -> dict:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.start + len(self.text),
            "highlights": [list(h) for h in self.highlights],
        }


@dataclass
class Hit:
    rank: int
    id: str
    path: str
    title: str
    author: str
    score: float
    snippets: list[Snippet]

    def as_json(self) -> dict:
        return {
            "rank": self.rank,
            "id": self.id,
            "path": self.path,
            "title": self.title,
            "author": self.author,
            "score": round(self.score, 4),
            "snippets": [s.as_json() for s in self.snippets],
        }


@dataclass
class Results:
    query: str
    total: int
    page: int
    limit: int
    hits: list[Hit] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.limit))


# --- from the query tree to term matchers -----------------------------------------


@dataclass(frozen=True)
class _Term:
    """One analysed query word: what it matches in each kind of field."""

    norm: str
    stems: tuple[str, ...]
    prefix: bool = False

    def matches(self, a: Analysed) -> bool:
        if self.prefix:
            return a.norm.startswith(self.norm) or any(s.startswith(self.stems[0]) for s in a.stems)
        return a.norm == self.norm or not set(self.stems).isdisjoint(a.stems)


def _terms(text: str, prefix: bool = False, df=None) -> list[_Term]:
    """The query text analysed like a document: zero or more terms.

    df(norm) gives how many documents hold a word as written (exact field);
    with it, a proclitic reading of a query word is kept only when its bare
    form is more common than the word as typed: بسوريا also asks for سوريا,
    but كاميرون does not ask for اميرون, whose stem is امير (prince).
    """
    if prefix:
        norm = normalize(text)
        return [_Term(norm, (strip_article(norm),), prefix=True)] if norm else []
    out = []
    for span in tokenize(text):
        a = analyse(span.surface)
        if a is None:
            continue
        pairs = readings(a.norm)
        if df is not None and len(pairs) > 1:
            typed = df(a.norm)
            pairs = pairs[:1] + [(w, s) for w, s in pairs[1:] if df(w) > typed]
        out.append(_Term(a.norm, tuple(s for _w, s in pairs)))
    return out


class _Compiler:
    """Turns the query tree into Whoosh queries, and collects the positive
    terms and phrases that snippets highlight.

    The match query decides which documents match, from the stemmed fields
    alone: a document with the exact form has its stem too, and a title is
    a line of its text. The boosts (exact forms, titles) only add to the
    score of documents that already match, so Whoosh intersects short
    single-field posting lists and consults the boosts per match.
    """

    def __init__(self, df=None):
        self.df = df
        self.words: list[_Term] = []
        self.phrases: list[list[_Term]] = []
        self.boosts: list = []

    def compile(self, node, negated=False):
        from whoosh import query as wq

        if isinstance(node, (q.Word, q.Phrase)):
            prefix = isinstance(node, q.Word) and node.prefix
            terms = _terms(node.text, prefix, self.df)
            if not terms:
                return None
            if len(terms) > 1:  # a phrase, or a word of several tokens (11/9)
                return self._phrase(terms, node.field, negated)
            if not negated and node.field is None:
                self.words.append(terms[0])
            return self._word(terms[0], node.field, negated)
        if isinstance(node, q.Not):
            return self.compile(node.item, negated=not negated)
        if isinstance(node, q.Or):
            parts = [p for p in (self.compile(i, negated) for i in node.items) if p is not None]
            return TreeOr(parts) if len(parts) > 1 else (parts[0] if parts else None)
        if isinstance(node, q.And):
            pos = [self.compile(i, negated) for i in node.items if not isinstance(i, q.Not)]
            neg = [self.compile(i.item, not negated) for i in node.items if isinstance(i, q.Not)]
            pos = [p for p in pos if p is not None]
            neg = [n for n in neg if n is not None]
            if not pos:
                return None
            result = wq.And(pos) if len(pos) > 1 else pos[0]
            if neg:
                result = FixedAndNot(result, TreeOr(neg) if len(neg) > 1 else neg[0])
            return result
        raise TypeError(node)

    def _word(self, t: _Term, field: str | None, negated: bool):
        from whoosh import query as wq

        if field == "author":
            return wq.Prefix("author_exact", t.norm) if t.prefix else wq.Term("author_exact", t.norm)
        stem_field, exact_field = ("title_stem", "title_exact") if field == "title" else ("body", "exact")
        if t.prefix:
            # A prefix's stem may be cut shorter than the prefix typed
            # (سعوديه* stems to سعود), so the exact field matches too.
            match = TreeOr([wq.Prefix(stem_field, t.stems[0]), wq.Prefix(exact_field, t.norm)])
        else:
            match = TreeOr([wq.Term(stem_field, s) for s in t.stems]) if len(t.stems) > 1 else wq.Term(stem_field, t.stems[0])
        if not negated:
            self._boost(t, field)
        return match

    def _boost(self, t: _Term, field: str | None) -> None:
        """Scores added on top of the stemmed match: the exact form, titles.

        None for a prefix: its expansion in two more fields costs more than
        the ranking gains (اقتصاد* 130 -> 250 ms on the benchmark corpus).
        """
        from whoosh import query as wq

        if t.prefix:
            return
        if field is None:
            self.boosts.append(wq.Term("exact", t.norm, boost=EXACT_BOOST))
            self.boosts.extend(wq.Term("title_stem", s, boost=TITLE_BOOST) for s in t.stems)
        self.boosts.append(wq.Term("title_exact", t.norm, boost=TITLE_BOOST * EXACT_BOOST))

    def _phrase(self, terms: list[_Term], field: str | None, negated: bool):
        from whoosh import query as wq

        if not negated and field is None:
            self.phrases.append(terms)
        if field in ("title", "author"):
            # Title and author fields keep no positions: all the words, in any order.
            fname = "author_exact" if field == "author" else "title_stem"
            return wq.And([TreeOr([wq.Term(fname, s) for s in ((t.norm,) if field == "author" else t.stems)]) for t in terms])
        steps = [TreeOr([wq.Term("body", s) for s in t.stems]) if len(t.stems) > 1 else wq.Term("body", t.stems[0]) for t in terms]
        return wq.Sequence(steps, slop=1, ordered=True)


@dataclass
class Compiled:
    match: object  # which documents match (stemmed fields only)
    ranked: object  # the match query plus the optional boosts, for scoring
    words: list
    phrases: list


def compile_query(text: str, searcher=None) -> Compiled:
    """The Whoosh queries for a query string; QueryError if it is bad.

    With a searcher, proclitic readings are checked against the corpus.
    """
    from whoosh import query as wq

    tree = q.parse(text)
    df = None
    if searcher is not None:
        df = lambda norm: searcher.doc_frequency("exact", norm)  # noqa: E731
    comp = _Compiler(df)
    match = comp.compile(tree)
    if match is None:
        raise q.QueryError("nothing to search for: every word is a common word (stop word) or punctuation")
    ranked = wq.AndMaybe(match, TreeOr(comp.boosts)) if comp.boosts else match
    return Compiled(match, ranked, comp.words, comp.phrases)


# --- searching --------------------------------------------------------------------------


def search(ix, text: str, limit: int = 10, page: int = 1, snippets: int = MAX_SNIPPETS) -> Results:
    """Ranked hits for the query on an open Whoosh index."""
    if limit < 1 or page < 1:
        raise q.QueryError("--limit and --page must be 1 or more")
    started = time.perf_counter()
    compile_query(text)  # a bad query is the user's error, not the index's
    try:
        return _run(ix, text, limit, page, snippets, started)
    except _READ_ERRORS as e:
        from index.store import IndexCorrupt

        raise IndexCorrupt(f"reading it failed: {type(e).__name__}: {e}") from e


def list_documents(ix) -> list[dict]:
    """id, path, title and author of every document, sorted by id."""
    try:
        with ix.searcher() as s:
            docs = [
                {"id": f["id"], "path": f.get("path", ""), "title": f.get("title", ""), "author": f.get("author", "")}
                for f in s.all_stored_fields()
            ]
    except _READ_ERRORS as e:
        from index.store import IndexCorrupt

        raise IndexCorrupt(f"reading it failed: {type(e).__name__}: {e}") from e
    return sorted(docs, key=lambda d: d["id"])


# What a damaged segment file raises inside Whoosh.
_READ_ERRORS = (OSError, EOFError, ValueError, KeyError, IndexError, struct.error, zlib.error, pickle.UnpicklingError)


def _run(ix, text, limit, page, snippets, started) -> Results:
    from whoosh import scoring

    with ix.searcher(weighting=scoring.BM25F()) as searcher:
        comp = compile_query(text, searcher)
        # Whoosh's shortcuts (skipping blocks that cannot reach the top) make
        # the ranking fast but leave the total uncounted; the match query
        # counts it unscored.
        res = searcher.search(comp.ranked, limit=page * limit)
        total = len(res) if res.has_exact_length() else sum(1 for _ in searcher.docs_for_query(comp.match))
        offset = (page - 1) * limit
        results = Results(text, total, page, limit)
        for i, hit in enumerate(res[offset : offset + limit]):
            stored = hit.fields()
            results.hits.append(
                Hit(
                    rank=offset + i + 1,
                    id=stored["id"],
                    path=stored.get("path", ""),
                    title=stored.get("title", ""),
                    author=stored.get("author", ""),
                    score=hit.score,
                    snippets=make_snippets(stored.get("text", ""), comp.words, comp.phrases, snippets),
                )
            )
    results.seconds = time.perf_counter() - started
    return results


# --- snippets ---------------------------------------------------------------------------


class Mark(NamedTuple):
    start: int
    end: int
    term: int  # which query word or phrase matched
    exact: bool  # the very form typed (normalized), not a conflated one


def highlight_spans(text: str, words: list[_Term], phrases: list[list[_Term]]) -> list[Mark]:
    """Every matched surface form in text, in order."""
    toks = _candidate_tokens(text, words + [t for p in phrases for t in p])
    out: list[Mark] = []
    for span, a in toks:
        if a is None:
            continue
        for n, t in enumerate(words):
            if t.matches(a):
                out.append(Mark(span.start, span.end, n, a.norm == t.norm))
                break
    base = len(words)
    for k, phrase in enumerate(phrases):
        size = len(phrase)
        for i in range(len(toks) - size + 1):
            if all(toks[i + j][1] is not None and phrase[j].matches(toks[i + j][1]) for j in range(size)):
                for j in range(size):
                    span, a = toks[i + j]
                    out.append(Mark(span.start, span.end, base + k, a.norm == phrase[j].norm))
    out.sort()
    merged: list[Mark] = []
    for m in out:  # a token matched by a word and a phrase counts once
        if merged and m.start < merged[-1].end:
            continue
        merged.append(m)
    return merged


def _candidate_tokens(text: str, terms: list[_Term]):
    """(span, analysis or None) for each non-stop token, None where the
    token cannot match: every stem is a substring of its normalized word,
    so a word containing none of the query's stems needs no stemming.
    That keeps snippets cheap in a fresh process, whose caches are cold."""
    needles = {s for t in terms for s in t.stems}
    norms: dict[str, str] = {}
    out = []
    for span in tokenize(text):
        norm = norms.get(span.surface)
        if norm is None:
            norm = norms[span.surface] = normalize(span.surface)
        if not norm or is_stop(norm):
            continue
        out.append((span, analyse(span.surface) if any(n in norm for n in needles) else None))
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
