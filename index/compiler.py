"""From the parsed query to Whoosh queries, and the terms snippets highlight.

Every word runs through the same analysis as the documents, so harakat,
tatweel, alef forms or Arabic-Indic digits typed in a query change nothing.
A word matches the stemmed fields (any form); the exact fields (boosted, so
a document with the very form typed ranks above one with a conflated form)
and titles only add to the score.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.index import query as q
from reader.index.arabic import Analysed, analyse, normalize, readings, strip_article, tokenize
from reader.index.whoosh_fixes import FixedAndNot, TreeOr

# Fields of entity names (index.schema), searched as person:, place: ...
ENTITY_FIELDS = frozenset(q.FIELDS) - {"title", "author"}
EXACT_BOOST = 2.0
TITLE_BOOST = 1.5


@dataclass(frozen=True)
class Term:
    """One analysed query word: what it matches in each kind of field."""

    norm: str
    stems: tuple[str, ...]
    prefix: bool = False

    def matches(self, a: Analysed) -> bool:
        if self.prefix:
            return a.norm.startswith(self.norm) or any(s.startswith(self.stems[0]) for s in a.stems)
        return a.norm == self.norm or not set(self.stems).isdisjoint(a.stems)


def query_terms(text: str, prefix: bool = False, df=None) -> list[Term]:
    """The query text analysed like a document: zero or more terms.

    df(norm) gives how many documents hold a word as written (exact field);
    with it, a proclitic reading of a query word is kept only when its bare
    form is more common than the word as typed: بسوريا also asks for سوريا,
    but كاميرون does not ask for اميرون, whose stem is امير (prince).
    """
    if prefix:
        norm = normalize(text)
        return [Term(norm, (strip_article(norm),), prefix=True)] if norm else []
    out = []
    for span in tokenize(text):
        a = analyse(span.surface)
        if a is None:
            continue
        pairs = readings(a.norm)
        if df is not None and len(pairs) > 1:
            typed = df(a.norm)
            pairs = pairs[:1] + [(w, s) for w, s in pairs[1:] if df(w) > typed]
        out.append(Term(a.norm, tuple(s for _w, s in pairs)))
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
        self.words: list[Term] = []
        self.phrases: list[list[Term]] = []
        self.boosts: list = []

    def compile(self, node, negated=False):
        from whoosh import query as wq

        if isinstance(node, (q.Word, q.Phrase)):
            prefix = isinstance(node, q.Word) and node.prefix
            terms = query_terms(node.text, prefix, self.df)
            if not terms:
                return None
            if len(terms) > 1:  # a phrase, or a word of several tokens (11/9)
                return self._phrase(terms, node.field, negated)
            if not negated and node.field not in ("title", "author"):
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

    def _word(self, t: Term, field: str | None, negated: bool):
        from whoosh import query as wq

        if field == "author":
            return wq.Prefix("author_exact", t.norm) if t.prefix else wq.Term("author_exact", t.norm)
        if field in ENTITY_FIELDS:
            return self._stems(field, t)
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

    def _boost(self, t: Term, field: str | None) -> None:
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

    def _phrase(self, terms: list[Term], field: str | None, negated: bool):
        from whoosh import query as wq

        if not negated and field not in ("title", "author"):
            self.phrases.append(terms)
        if field in ("title", "author"):
            # Title and author fields keep no positions: all the words, in any order.
            fname = "author_exact" if field == "author" else "title_stem"
            return wq.And([TreeOr([wq.Term(fname, s) for s in ((t.norm,) if field == "author" else t.stems)]) for t in terms])
        steps = [self._stems(field if field in ENTITY_FIELDS else "body", t) for t in terms]
        return wq.Sequence(steps, slop=1, ordered=True)

    @staticmethod
    def _stems(field: str, t: Term):
        """Any stem of the word in a stemmed field (its prefix, for foo*)."""
        from whoosh import query as wq

        if t.prefix:
            return wq.Prefix(field, t.stems[0])
        return TreeOr([wq.Term(field, s) for s in t.stems]) if len(t.stems) > 1 else wq.Term(field, t.stems[0])


@dataclass
class Compiled:
    match: object  # which documents match (stemmed fields only)
    ranked: object  # the match query plus the optional boosts, for scoring
    words: list
    phrases: list


def compile_query(query, df=None) -> Compiled:
    """The Whoosh queries for a query (its text, or the tree parse() made);
    QueryError if it is bad.

    df(norm), the number of documents holding a word as written, lets the
    corpus decide which proclitic readings of a query word to keep.
    """
    from whoosh import query as wq

    tree = q.parse(query) if isinstance(query, str) else query
    comp = _Compiler(df)
    match = comp.compile(tree)
    if match is None:
        raise q.QueryError("nothing to search for: every word is a common word (stop word) or punctuation")
    ranked = wq.AndMaybe(match, TreeOr(comp.boosts)) if comp.boosts else match
    return Compiled(match, ranked, comp.words, comp.phrases)


def highlight_terms(query) -> tuple[list, list]:
    """The words and phrases of a query that highlight_spans() lights."""
    comp = compile_query(query)
    return comp.words, comp.phrases
