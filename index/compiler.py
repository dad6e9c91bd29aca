"""From the parsed query to a plan ranking can run, and the terms snippets light.

Every word runs through the same analysis as the documents, so harakat,
tatweel, alef forms or Arabic-Indic digits typed in a query change nothing.
A word matches the stemmed fields (any form); the exact form (boosted, so
a document with the very form typed ranks above one with a conflated form)
and titles only add to the score of documents that already match.
Entity fields (person:, place: ...) are matched in the name index, a
separate Whoosh index of the names found in each document.
"""

from __future__ import annotations

from collections import namedtuple

from reader.index import query as q
from reader.index.language.arabic import Analysed, analyse, ends_with_ta, fold_hamza, normalize, strip_article, tokenize
from reader.index.language.expansion import Agreement, word_stems
from reader.index.language.variants import PARTICLES, compounds, respellings, spaced

# Fields of entity names (the name index), searched as person:, place: ...
NAME_FIELDS = frozenset(q.FIELDS) - {"title", "author", "source"}
EXACT_BOOST = 2.0
TITLE_BOOST = 1.5


class Term(namedtuple("Term", "norm stems prefix exacts", defaults=(False, ()))):
    """One analysed query word: what it matches in each kind of field (norm:
    the word normalized; stems: its stem readings, a tuple; exacts: other
    spellings matched only as whole words, in the exact field)."""

    __slots__ = ()

    def matches(self, a: Analysed) -> bool:
        if self.prefix:
            return a.norm.startswith(self.norm) or any(s.startswith(self.stems[0]) for s in a.stems)
        return a.norm == self.norm or a.norm in self.exacts or not set(self.stems).isdisjoint(a.stems)


def query_terms(text: str, prefix: bool = False, ag: Agreement | None = None, phrase: bool = False) -> list[Term]:
    """The query text analysed like a document: zero or more terms.

    With the index's frequencies (ag), each word asks for the readings and
    inflections the corpus agrees on (index/language/expansion.py); without, for every
    reading of itself, as a document's token is indexed.
    """
    if prefix:
        norm = fold_hamza(normalize(text))
        return [Term(norm, (strip_article(norm),), prefix=True)] if norm else []
    out = []
    for span in tokenize(text):
        a = analyse(span.surface)
        if a is None:
            continue
        ta = ends_with_ta(span.surface, a.norm)
        stems = word_stems(a.norm, ta, ag, plurals=not phrase)
        others, wholes = respellings(a.norm)
        for other in others:  # transliterations: أمريكية, أميركية
            stems += tuple(s for s in word_stems(other, ta, ag, not phrase) if s not in stems)
        out.append(Term(a.norm, stems, exacts=tuple(wholes)))
    return out


def frequencies(view) -> Agreement:
    """Agreement over a reader of the index (index/postings.View)."""
    return Agreement(lambda n: view.doc_frequency("exact", n), lambda t: view.doc_frequency("body", t))


# --- the plan ------------------------------------------------------------------------
#
# Leaves match documents and score them; boosts only add to the score of a
# document the leaf matched. Scores are BM25F (Whoosh's, k1 1.2, b 0.75)
# summed in the plan's fixed order, so a document's score never depends on
# which page is asked for.


# Named tuples (a cold `reader search` pays for every import; dataclasses
# would bring inspect, ast and typing).
Boost = namedtuple("Boost", "field term weight")
# Any of some terms of one field (a word's stem readings), plus boosts.
Terms = namedtuple("Terms", "field terms boosts", defaults=((),))
# Any term starting with one of the prefixes: a tuple of (field, prefix).
Prefix = namedtuple("Prefix", "prefixes")
# Words at consecutive positions of a field; each word (a tuple of terms) any
# of its terms, or where prefix (a tuple of flags) says so any term that
# starts with its one term; boosts, as a word's, added to what it matched;
# near (query.Phrase's): the words in any order within that many positions.
Phrase = namedtuple("Phrase", "field words prefix boosts near", defaults=((), (), None))
And = namedtuple("And", "items")
Or = namedtuple("Or", "items")
AndNot = namedtuple("AndNot", "positive negative")
# A leaf matched in the name index (person:, place: ...).
Names = namedtuple("Names", "node")
# node's documents, those that preferred also matches ranked above the rest
# (a run of unquoted words the name index knows as one name).
First = namedtuple("First", "node preferred")


class Compiled:
    """A query's plan, the terms snippets light (one Term per word, a list of
    Terms per phrase), and whether it asks the name index."""

    def __init__(self, plan, words: list, phrases: list, uses_names: bool = False):
        self.plan, self.words, self.phrases, self.uses_names = plan, words, phrases, uses_names
        self.said = []  # Latin-letter names searched as Arabic spellings (index.engine.latin)


# A name particle (variants.PARTICLES) joined or apart puts a name hundreds
# of documents apart in the index: a query gives both spellings.
_PARTICLES = PARTICLES
_MIN_NAME = 3


def _norms(text: str) -> list[str]:
    return [fold_hamza(normalize(span.surface)) for span in tokenize(text)]


def _respelt(norms: list[str]) -> list[str] | None:
    """The tokens with each name particle joined (if apart) or apart (if
    joined) from the name after it, and each compound of the variants
    table (فيسبوك, فيس بوك) likewise; None when there is none."""
    table, apart = compounds(), spaced()
    out, changed, i = [], False, 0
    while i < len(norms):
        w = norms[i]
        if i + 1 < len(norms) and (w, norms[i + 1]) in apart:
            out.append(apart[(w, norms[i + 1])])
            changed, i = True, i + 2
            continue
        if w in table:
            out += list(table[w])
            changed, i = True, i + 1
            continue
        if w in _PARTICLES and i + 1 < len(norms):
            out.append(w + norms[i + 1])
            changed, i = True, i + 2
            continue
        p = next((p for p in _PARTICLES if w.startswith(p) and len(w) - len(p) >= _MIN_NAME), None)
        if p is not None:
            out += [p, w[len(p):]]
            changed = True
        else:
            out.append(w)
        i += 1
    return out if changed else None


def _joins(a: list[str], b: list[str]) -> bool:
    """Whether two query words are one name written apart (عبد الله, فيس بوك)."""
    return bool(a and b) and (a[-1] in _PARTICLES or (a[-1], b[0]) in spaced())


class _Spelt(q.Phrase):
    """The spaced spelling of a name the user wrote joined (عبد الله for
    عبدالله): matched as a phrase, ranked as the joined word, without the
    boosts of its particles (الله is in every religious phrase)."""

    __slots__ = ()


class Alias(q.Word):
    """Another writing of the word before it in an Or (a Latin writing of an
    Arabic name, index.engine.latin): its forms join that word's, one term to
    the ranking, so a rare writing does not weigh as a rare word."""

    __slots__ = ()


def _aliased(node) -> bool:
    first = node.items[0]
    return (type(first) is q.Word and not first.prefix and len(node.items) > 1
            and all(isinstance(i, Alias) and i.field == first.field for i in node.items[1:]))


def _both_spellings(node):
    """The query tree with each name's joined and spaced spellings as one Or
    (a word, a phrase, or a particle followed by its name in an AND)."""
    if isinstance(node, q.Or):
        return q.Or(tuple(_both_spellings(i) for i in node.items))
    if isinstance(node, q.Not):
        return q.Not(_both_spellings(node.item))
    if isinstance(node, q.Word) and not node.prefix and node.field not in ("author", "source"):
        other = _respelt(_norms(node.text))
        if other and len(other) == 2:
            return q.Or((node, _Spelt(" ".join(other), node.field)))
    elif isinstance(node, q.Phrase) and node.field not in ("author", "source") and node.near is None:
        other = _respelt(_norms(node.text))
        if other:
            alt = _Spelt(" ".join(other), node.field) if len(other) > 1 else q.Word(other[0], False, node.field)
            return q.Or((node, alt))
    elif isinstance(node, q.And):
        items, i = [], 0
        while i < len(node.items):
            a = node.items[i]
            b = node.items[i + 1] if i + 1 < len(node.items) else None
            if (isinstance(a, q.Word) and isinstance(b, q.Word) and not a.prefix and not b.prefix
                    and a.field is None and b.field is None and _joins(_norms(a.text), _norms(b.text))):
                both = a.text + " " + b.text
                items.append(q.Or((_Spelt(both), q.Word("".join(_norms(both))))))
                i += 2
                continue
            items.append(_both_spellings(a))
            i += 1
        return q.And(tuple(items)) if len(items) > 1 else items[0]
    return node


class _Compiler:
    """Turns the query tree into a plan, and collects the positive terms and
    phrases that snippets highlight."""

    def __init__(self, ag: Agreement | None = None):
        self.ag = ag
        self.words: list[Term] = []
        self.phrases: list[list[Term]] = []
        self.uses_names = False

    def compile(self, node, negated=False):
        if isinstance(node, q.Or) and _aliased(node):
            return self._aliased(node, negated)
        if isinstance(node, (q.Word, q.Phrase)):
            prefix = isinstance(node, q.Word) and node.prefix
            terms = query_terms(node.text, prefix, self.ag, phrase=isinstance(node, q.Phrase))
            if not terms:
                return None
            if len(terms) > 1:  # a phrase, or a word of several tokens (11/9)
                return self._phrase(terms, node.field, negated, getattr(node, "near", None),
                                    boosted=not isinstance(node, _Spelt))
            if not negated and node.field not in ("title", "author"):
                self.words.append(terms[0])
            return self._word(terms[0], node.field, negated)
        if isinstance(node, q.Not):
            return self.compile(node.item, negated=not negated)
        if isinstance(node, q.Or):
            parts = tuple(p for p in (self.compile(i, negated) for i in node.items) if p is not None)
            return Or(parts) if len(parts) > 1 else (parts[0] if parts else None)
        if isinstance(node, q.And):
            pos = [self.compile(i, negated) for i in node.items if not isinstance(i, q.Not)]
            neg = [self.compile(i.item, not negated) for i in node.items if isinstance(i, q.Not)]
            pos = tuple(p for p in pos if p is not None)
            neg = tuple(n for n in neg if n is not None)
            if not pos:
                return None
            result = And(pos) if len(pos) > 1 else pos[0]
            if neg:
                result = AndNot(result, Or(neg) if len(neg) > 1 else neg[0])
            return result
        raise TypeError(node)

    def _aliased(self, node, negated: bool):
        """A word and its other writings (Alias) as one word of all their forms."""
        terms = query_terms(node.items[0].text, False, self.ag)
        if len(terms) != 1:  # a word of several tokens: its writings stay beside it
            return self.compile(q.Or(tuple(q.Word(*i) for i in node.items)), negated)
        t = terms[0]
        more = [s for a in node.items[1:] for u in query_terms(a.text, False, self.ag) for s in u.stems]
        t = t._replace(stems=t.stems + tuple(dict.fromkeys(s for s in more if s not in t.stems)))
        if not negated and node.items[0].field not in ("title", "author"):
            self.words.append(t)
        return self._word(t, node.items[0].field, negated)

    def _word(self, t: Term, fname: str | None, negated: bool):
        if fname == "author":
            return Prefix((("author_exact", t.norm),)) if t.prefix else Terms("author_exact", (t.norm,))
        if fname in NAME_FIELDS:
            self.uses_names = True
            return Names(Prefix(((fname, t.stems[0]),)) if t.prefix else Terms(fname, t.stems))
        stem_field, exact_field = ("title_stem", "title_exact") if fname == "title" else ("body", "exact")
        if t.prefix:
            # A prefix's stem may be cut shorter than the prefix typed
            # (سعوديه* stems to سعود), so the exact field matches too. No
            # boosts: their expansion in two more fields costs more than the
            # ranking gains.
            return Prefix(((stem_field, t.stems[0]), (exact_field, t.norm)))
        terms = Terms(stem_field, t.stems, () if negated else self._boosts(t, fname))
        if t.exacts and fname is None:  # سوريا: also سورية, as a whole word
            return Or((terms, Terms(exact_field, t.exacts)))
        return terms

    @staticmethod
    def _boosts(t: Term, fname: str | None) -> tuple[Boost, ...]:
        """Scores added on top of the stemmed match: the exact form, titles."""
        out = []
        if fname is None:
            out.append(Boost("exact", t.norm, EXACT_BOOST))
            out.extend(Boost("title_stem", s, TITLE_BOOST) for s in t.stems)
        out.append(Boost("title_exact", t.norm, TITLE_BOOST * EXACT_BOOST))
        return tuple(out)

    def _phrase(self, terms: list[Term], fname: str | None, negated: bool, near: int | None = None,
                boosted: bool = True):
        if not negated and fname not in ("title", "author"):
            if near is None:
                self.phrases.append(terms)
            else:  # words apart: each lit where it stands
                self.words.extend(terms)
        if fname in ("title", "author"):
            # Title and author fields keep no positions: all the words, in any order.
            target = "author_exact" if fname == "author" else "title_stem"
            return And(tuple(Terms(target, (t.norm,) if fname == "author" else t.stems) for t in terms))
        words = tuple((t.stems[0],) if t.prefix else t.stems for t in terms)
        prefix = tuple(t.prefix for t in terms)
        if fname in NAME_FIELDS:
            self.uses_names = True
            return Names(Phrase(fname, words, prefix))
        # The boosts its words would have unquoted (the exact form, the title):
        # a phrase ranks its documents as the same words unquoted would.
        boosts = () if negated or not boosted else tuple(b for t in terms if not t.prefix for b in self._boosts(t, None))
        return Phrase("body", words, prefix, boosts, near)


def compile_query(query, ag: Agreement | None = None) -> Compiled:
    """The plan for a query (its text, or the tree parse() made); QueryError
    if it is bad.

    ag, the index's frequencies (frequencies(view)), lets the corpus decide
    which readings and inflections of a query word to ask for.
    """
    tree = q.parse(query) if isinstance(query, str) else query
    comp = _Compiler(ag)
    plan = comp.compile(_both_spellings(tree))
    if plan is None:
        raise q.QueryError("nothing to search for: every word is a common word (stop word) or punctuation")
    return Compiled(plan, comp.words, comp.phrases, comp.uses_names)


# A run of unquoted words is tried as one name at most this long.
LONGEST_NAME = 5
# The name fields that hold names (date: holds days).
NAME_TYPES = ("person", "place", "org", "misc")


def word_runs(tree) -> list[tuple[int, int, str]]:
    """The runs of two or more plain words side by side in an unquoted
    query's top-level AND, as (first item, past the last, text), longest
    first: the candidates for a name typed without quotes."""
    if not isinstance(tree, q.And):
        return []
    runs, start = [], None
    for i, item in enumerate(tree.items + (None,)):
        plain = isinstance(item, q.Word) and item.field is None and not item.prefix
        if plain and start is None:
            start = i
        elif not plain and start is not None:
            runs.append((start, i))
            start = None
    out = [(a, a + n, " ".join(w.text for w in tree.items[a:a + n]))
           for lo, hi in runs for n in range(min(hi - lo, LONGEST_NAME), 1, -1) for a in range(lo, hi - n + 1)]
    return sorted(out, key=lambda r: (r[0] - r[1], r[0]))


def name_plan(text: str):
    """The plan matching a run of words as a name of any type in the name
    index's own documents (not joined to the text index)."""
    return _unjoined(compile_query(q.Or(tuple(q.Phrase(text, f) for f in NAME_TYPES))).plan)


def _unjoined(plan):
    """A plan of name-index leaves, run on the name index itself."""
    if isinstance(plan, Names):
        return plan.node
    if isinstance(plan, (Or, And)):
        return type(plan)(tuple(_unjoined(i) for i in plan.items))
    return plan


def preferring(comp: Compiled, names: list[str], ag: Agreement | None = None) -> Compiled:
    """The compiled query with the documents that hold one of the names,
    as a phrase, ranked first."""
    tree = q.Or(tuple(q.Phrase(n) for n in names)) if len(names) > 1 else q.Phrase(names[0])
    comp.plan = First(comp.plan, compile_query(tree, ag).plan)
    return comp


def highlight_terms(query, ag: Agreement | None = None) -> tuple[list, list]:
    """The words and phrases of a query that highlight_spans() lights."""
    tree = q.parse(query) if isinstance(query, str) else query
    rest, _wanted, _unwanted = q.split_filters(tree)
    if rest is None:  # source: and date: only: no word to light
        return [], []
    comp = compile_query(rest, ag)
    return comp.words, comp.phrases
