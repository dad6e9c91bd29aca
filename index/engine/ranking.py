"""Running a plan (index.compiler) on an index: every match, every score, exact.

Every matching document is scored: no block skipping, no pruning, so the
ranking of a document never depends on how many hits are asked for, and
the hits of page k are ranks (k-1)*L+1 .. k*L of one list. Scores are
Whoosh's BM25F, a word's forms and readings counted as one term, summed
in the plan's fixed order; equal scores go in index order. An AND first
intersects the documents of its parts, then scores only those. A name
ranked first (First) is looked for only as far as the ranks shown need,
best-scored first, so what it lifts is the same on every page.
"""

from __future__ import annotations

import heapq
from math import log

from reader.index.budget import Budget
from reader.index.compiler import And, AndNot, First, Names, Or, Phrase, Prefix, Terms
from reader.index.engine.postings import LENGTH_OF_BYTE, View

K1, B = 1.2, 0.75
# A prefix stands for at most this many words, its most frequent (ال* has
# tens of thousands); the search says so. With the query's 50 words at
# most, and the budget below, no query holds the machine.
MAX_EXPANSION = 100
_SOME = 32  # documents whose positions are read at a time when a few will do


class Ranker:
    """Evaluates plans on one View. names(node) evaluates a Names leaf
    (on the name index) as {docnum of this view: score}."""

    def __init__(self, view: View, names=None, budget: Budget | None = None, ranks: int | None = None):
        """ranks: how many of the best a search will show (None: every one,
        0: none, a date order); First lifts the documents it needs for them."""
        self.view = view
        self.names = names
        self.budget = budget or Budget()
        self.ranks = ranks
        self._postings: dict[tuple[str, str], dict[int, float]] = {}
        self._phrases: dict[Phrase, dict[int, float]] = {}
        self._names: dict[Names, dict[int, float]] = {}

    # --- public -----------------------------------------------------------------

    def run(self, node, only: set[int] | None = None) -> dict[int, float]:
        """{docnum: score} of the documents the node matches (within only)."""
        if isinstance(node, Terms):
            out: dict[int, float] = {}
            self._score(out, node.field, node.terms, 1.0, only)
            fields: dict[tuple[str, float], list[str]] = {}  # a word's boosts: its forms in each field
            for b in node.boosts:
                fields.setdefault((b.field, b.weight), []).append(b.term)
            for (fname, weight), terms in fields.items():
                self._boost(out, fname, tuple(terms), weight)
            return out
        if isinstance(node, Prefix):
            out = {}
            for fname, prefix in node.prefixes:
                for t in self._expand(fname, prefix):  # different words: each its own term
                    self._score(out, fname, (t,), 1.0, only)
            return out
        if isinstance(node, (Phrase, Names)):
            found = self._phrase(node) if isinstance(node, Phrase) else self._name(node)
            return found if only is None else {d: s for d, s in found.items() if d in only}
        if isinstance(node, And):
            keys = self._intersection(node.items, only)
            parts = [self.run(i, keys) for i in node.items]
            return {d: sum(p[d] for p in parts) for d in keys}
        if isinstance(node, Or):
            out = {}
            for item in node.items:
                for d, s in self.run(item, only).items():
                    out[d] = out.get(d, 0.0) + s
            return out
        if isinstance(node, AndNot):
            excluded = self.match(node.negative)
            return {d: s for d, s in self.run(node.positive, only).items() if d not in excluded}
        if isinstance(node, First):
            out = self.run(node.node, only)
            first = self._first(node.preferred, out) if out and self.ranks != 0 else set()
            if first:
                lift = max(out.values())  # above every document outside
                for d in first:
                    out[d] += lift
            return out
        raise TypeError(node)

    def match(self, node) -> set[int]:
        """The documents a node matches, unscored."""
        if isinstance(node, Terms):
            return set().union(*(self._post(node.field, t).keys() for t in node.terms))
        if isinstance(node, Prefix):
            return set().union(*(self._post(f, t).keys() for f, p in node.prefixes for t in self._expand(f, p)))
        if isinstance(node, (Phrase, Names)):
            return set(self._phrase(node) if isinstance(node, Phrase) else self._name(node))
        if isinstance(node, And):
            return self._intersection(node.items, None)
        if isinstance(node, Or):
            return set().union(*(self.match(i) for i in node.items))
        if isinstance(node, AndNot):
            return self.match(node.positive) - self.match(node.negative)
        if isinstance(node, First):
            return self.match(node.node)
        raise TypeError(node)

    def some(self, node, n: int) -> set[int]:
        """At least n of the documents a node matches, when it matches as many
        (all of them when fewer): a phrase reads positions a few documents
        at a time and stops once it has n."""
        if isinstance(node, Phrase):
            got: set[int] = set()
            words = And(tuple(Terms(node.field, w) for w in node.words))  # the documents holding every word
            candidates = sorted(self.match(node if any(node.prefix) else words))
            for i in range(0, len(candidates), _SOME):
                got |= self._phrase(node, set(candidates[i:i + _SOME])).keys()
                if len(got) >= n:
                    break
            return got
        if isinstance(node, Or):
            got = set()
            for item in node.items:
                got |= self.some(item, n - len(got))
                if len(got) >= n:
                    break
            return got
        return self.match(node)

    def _first(self, preferred, out: dict[int, float]) -> set[int]:
        """The documents of out that preferred matches, looked for best first
        until the ranks shown are filled with them (with room for copies
        folded), or among all of out. Those found are the best-scored of them
        all, so the pages agree with each other."""
        if self.ranks is None:
            return self._match_within(preferred, set(out))
        need = 2 * self.ranks
        order = [d for d, _s in top(out, len(out))]
        found: set[int] = set()
        for i in range(0, len(order), _SOME):
            found |= self._match_within(preferred, set(order[i:i + _SOME]))
            if len(found) >= need:
                break
        return found

    def _match_within(self, node, keys: set[int]) -> set[int]:
        """The documents among keys a node matches: a phrase reads the
        positions of those documents only."""
        if isinstance(node, Phrase):
            return set(self._phrase(node, keys))
        if isinstance(node, Or):
            return set().union(*(self._match_within(i, keys) for i in node.items))
        return self.match(node) & keys

    # --- scoring -----------------------------------------------------------------------

    def _expand(self, fname: str, prefix: str) -> list[str]:
        self.budget.check()
        return self.view.expand_prefix(fname, prefix, MAX_EXPANSION)

    def _post(self, fname: str, term: str) -> dict[int, float]:
        key = (fname, term)
        hit = self._postings.get(key)
        if hit is None:
            self.budget.check()  # each term read is a point where a search can stop
            hit = self._postings[key] = self.view.postings(fname, term)
        return hit

    def _word(self, fname: str, terms: tuple, weight: float):
        """(postings, lengths, k, c, d) of a word's forms as one term, BM25
        being k*tf / (tf + c + d*length): tf summed over the forms and idf
        from the documents holding any of them (a pseudo-term, as Lucene's
        SynonymQuery), so a rare inflection does not weigh as a rare word."""
        view = self.view
        if len(terms) == 1:
            post, idf = self._post(fname, terms[0]), view.idf(fname, terms[0])
        else:
            post = {}
            for t in terms:
                for doc, tf in self._post(fname, t).items():
                    post[doc] = post.get(doc, 0.0) + tf
            idf = log(max(view.doc_count_all, 1) / (len(post) + 1)) + 1
        k = (K1 + 1) * idf * weight
        return post, view.lengths(fname), k, K1 * (1 - B), K1 * B / view.avg_length(fname)

    def _score(self, out: dict[int, float], fname: str, terms: tuple, weight: float, only) -> None:
        """Add a word's score to out, for the documents that hold it (within only)."""
        post, lengths, k, c, d = self._word(fname, terms, weight)
        if not post:
            return
        docs = post.keys() if only is None else (post.keys() & only)
        get = out.get
        for doc in docs:
            tf = post[doc]
            out[doc] = get(doc, 0.0) + k * tf / (tf + c + d * LENGTH_OF_BYTE[lengths[doc]])

    def _boost(self, out: dict[int, float], fname: str, terms: tuple, weight: float) -> None:
        """Add a word's score to the documents already in out, and only to them."""
        post, lengths, k, c, d = self._word(fname, terms, weight)
        for doc in post.keys() & out.keys():
            tf = post[doc]
            out[doc] += k * tf / (tf + c + d * LENGTH_OF_BYTE[lengths[doc]])

    def _intersection(self, items, only: set[int] | None) -> set[int]:
        sets = sorted((self.match(i) for i in items), key=len)
        keys = set(sets[0]) if only is None else sets[0] & only
        for s in sets[1:]:
            keys &= s
        return keys

    # --- phrases and names ------------------------------------------------------------------

    def _phrase(self, node: Phrase, within: set[int] | None = None) -> dict[int, float]:
        """{doc: score} of the documents holding the phrase (among within, when given)."""
        hit = self._phrases.get(node) if within is None else None
        if hit is not None:
            return hit
        view, fname = self.view, node.field
        words = []  # each word: the terms that can stand in its place
        for i, terms in enumerate(node.words):
            if node.prefix and node.prefix[i]:
                terms = tuple(self._expand(fname, terms[0]))
            words.append(terms)
        candidates = within
        for terms in words:
            docs = set().union(*(self._post(fname, t).keys() for t in terms))
            candidates = docs if candidates is None else candidates & docs
            if not candidates:
                break
        found: dict[int, float] = {}
        if candidates:
            at = [{} for _ in words]  # per word: {doc: set of positions}
            for i, terms in enumerate(words):
                for t in terms:
                    for doc, ps in view.positions(fname, t, candidates).items():
                        at[i].setdefault(doc, set()).update(ps)
            together = _in_sequence if node.near is None else (lambda ps: _within(ps, node.near))
            matched = {doc for doc in candidates if together([w.get(doc, ()) for w in at])}
            for terms in words:
                self._score(found, fname, terms, 1.0, matched)
            for b in node.boosts:  # several words' boosts in one list: each form on its own
                self._boost(found, b.field, (b.term,), b.weight)
        if within is None:
            self._phrases[node] = found
        return found

    def _name(self, node: Names) -> dict[int, float]:
        hit = self._names.get(node)
        if hit is None:
            hit = self._names[node] = self.names(node.node) if self.names is not None else {}
        return hit


def _in_sequence(positions: list) -> bool:
    """Whether some position of the first word is followed, one by one, by
    a position of each next word."""
    first, rest = positions[0], positions[1:]
    return any(all(p + i + 1 in ps for i, ps in enumerate(rest)) for p in first)


def _within(positions: list, span: int) -> bool:
    """Whether some position of every word lies within span of each other
    (NEAR): the narrowest window holding one of each, by a sweep."""
    marks = sorted((p, i) for i, ps in enumerate(positions) for p in ps)
    need, held, start = len(positions), {}, 0
    for pos, word in marks:
        held[word] = held.get(word, 0) + 1
        while len(held) == need:
            first, w = marks[start]
            if pos - first <= span:
                return True
            held[w] -= 1
            if not held[w]:
                del held[w]
            start += 1
    return False


def top(scores: dict[int, float], count: int) -> list[tuple[int, float]]:
    """The count best (docnum, score), best first, equal scores in index order."""
    key = lambda item: (-item[1], item[0])  # noqa: E731
    if count >= len(scores):
        return sorted(scores.items(), key=key)
    return heapq.nsmallest(count, scores.items(), key=key)
