"""The query language, parsed into a small tree before any engine sees it.

    خلافة داعش            both words (AND is implied)
    داعش OR القاعدة       either
    داعش NOT العراق       also written  داعش -العراق
    "خلايا نائمة"          the words in this order («…» and “…” work too)
    خلاف*                 any word starting so
    title:الخلافة         in the title only (also author:)
    place:الموصل          the word as a named entity of that type (also
                          person:, org:, misc:, date:)
    (داعش OR القاعدة) سوريا
    source:alriyadh       articles of one outlet (source:"Al Riyadh", source:alr*)
    date:2019-03          published in that period (2019, 2019-03-15, 30d,
                          2019-03..2019-05, >=2019-03, <2019); date: with a
                          word (date:مارس) still searches dates named in the text

source: and date: with a day narrow the whole query: they stand beside its
words (or alone: source:okaz date:2019), not inside OR or parentheses.

Operators are the upper-case Latin words OR, AND, NOT, so they cannot clash
with Arabic text. A malformed query raises QueryError with one line that
says what to change; so does one past the bounds below (no query may hold
the machine), one holding a control character, or bytes that are not text.
A word given twice counts once.
"""

from __future__ import annotations

import re
from collections import namedtuple

from reader.errors import ReaderError

# title/author search those fields; the rest search entity names by type
# (index.entities.QUERY_FIELDS, not imported: parsing stays light).
FIELDS = ("title", "author", "person", "place", "org", "misc", "date", "source")
SORTS = ("relevance", "date", "-date")  # of the hits: by score, oldest first, newest first
MIN_PREFIX = 2  # letters before '*' once harakat and tatweel are taken out
MAX_CHARS = 1000  # a query, not a document pasted in
MAX_TERMS = 50  # words and phrases' words
MAX_DEPTH = 20  # parentheses and NOTs inside one another


class QueryError(ReaderError):
    pass


# The tree: named tuples (a cold `reader search` pays for every import;
# dataclasses would bring inspect, ast and typing). A Node is one of them.
Word = namedtuple("Word", "text prefix field", defaults=(False, None))
# near: None, the words in order, one after the other; else a number, the
# words in any order within that many positions of each other (NEAR/n,
# "A B"~n).
Phrase = namedtuple("Phrase", "text field near", defaults=(None, None))
And = namedtuple("And", "items")  # a tuple of Nodes
Or = namedtuple("Or", "items")
Not = namedtuple("Not", "item")
# A filter on the article's metadata: kind "source" (value: the outlet's
# key, prefix: source:alr*) or "date" (lo, hi: YYYYMMDD, inclusive).
Filter = namedtuple("Filter", "kind value prefix lo hi", defaults=("", False, 0, 0))
Node = tuple  # for annotations: Word, Phrase, And, Or, Not or Filter

_QUOTES = {'"': '"', "«": "»", "“": "”", "„": "“"}
_TOKEN_RE = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<open>\()
  | (?P<close>\))
  | (?P<phrase>(?P<field_p>[a-z]+:)?(?P<q>["«“„]))
  | (?P<word>[^\s()"«»“”„]+)
    """,
    re.VERBOSE,
)


_NEAR_RE = re.compile(r"NEAR(?:/(\d+))?")
_SLOP_RE = re.compile(r"~(\d+)")
NEAR_DEFAULT = 10  # NEAR alone: within ten words
MAX_NEAR = 100


def _near_span(n: int) -> int:
    if n > MAX_NEAR:
        raise QueryError(f"NEAR/{n}: at most NEAR/{MAX_NEAR}")
    return n


# C0 and C1 controls (tab and newline are spaces) and lone surrogates: a
# byte of the command line that is not UTF-8 reaches Python as one.
_BAD_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def parse(text: str) -> Node:
    bad = _BAD_RE.search(text)
    if bad:
        ch = bad.group()
        what = "a byte that is not UTF-8 text" if "\ud800" <= ch <= "\udfff" else f"the control character U+{ord(ch):04X}"
        raise QueryError(f"the query holds {what} (character {bad.start() + 1}): type it again")
    if len(text) > MAX_CHARS:
        raise QueryError(f"the query is {len(text)} characters long; the limit is {MAX_CHARS}")
    tokens = _lex(text)
    terms = sum(len(v.text.split()) if isinstance(v, Phrase) else 1 for k, v in tokens if k == "term")
    if terms > MAX_TERMS:
        raise QueryError(f"the query has {terms} words; the limit is {MAX_TERMS}")
    if not tokens:
        raise QueryError("empty query: type a word to search for")
    parser = _Parser(tokens)
    node = parser.parse_or()
    if parser.pos < len(tokens):
        tok = tokens[parser.pos]
        if tok[0] == ")":
            raise QueryError("unbalanced ')': it closes no '('")
        raise QueryError(f"unexpected {tok[1]!r}")
    _check_positive(node)
    return node


def _lex(text: str) -> list[tuple[str, object]]:
    """Tokens as (kind, value): kinds 'term', 'OR', 'AND', 'NOT', '(', ')'."""
    out: list[tuple[str, object]] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN_RE.match(text, pos)
        if m is None:  # a stray closing quote
            raise QueryError(f"unexpected {text[pos]!r} at character {pos + 1}")
        pos = m.end()
        if m.group("space"):
            continue
        if m.group("open"):
            out.append(("(", "("))
        elif m.group("close"):
            out.append((")", ")"))
        elif m.group("phrase"):
            closing = _QUOTES[m.group("q")]
            end = text.find(closing, pos)
            if end < 0:
                raise QueryError(f"unclosed quote: add {closing} to end the phrase")
            field = _field(m.group("field_p"))
            words = text[pos:end].strip()
            pos = end + 1
            slop = _SLOP_RE.match(text, pos)
            if slop:  # "A B"~n: n positions more than the phrase's own
                pos = slop.end()
            if words:
                near = None if not slop or not int(slop.group(1)) else _near_span(int(slop.group(1))) + len(words.split()) - 1
                out.append(("term", _source(words) if field == "source" else Phrase(words, field, near)))
        else:
            out.append(_word(m.group("word")))
    return out


def _field(spec: str | None) -> str | None:
    if not spec:
        return None
    name = spec[:-1]
    if name not in FIELDS:
        raise QueryError(f"unknown field {name!r}: use {', '.join(f + ':' for f in FIELDS)}")
    return name


def _word(raw: str) -> tuple[str, object]:
    if raw in ("OR", "AND", "NOT"):
        return (raw, raw)
    near = _NEAR_RE.fullmatch(raw)
    if near:
        return ("NEAR", _near_span(int(near.group(1) or NEAR_DEFAULT)))
    negate = raw.startswith("-") and len(raw) > 1
    if negate:
        raw = raw[1:]
    field = None
    bare = re.fullmatch(r"([a-z]+):", raw)
    if bare and bare.group(1) in FIELDS:  # "place: الموصل" would search the word "place"
        raise QueryError(f"{raw} needs its word right after the colon, as in {raw}الموصل")
    m = re.match(r"([a-z]+):(.+)", raw)
    if m:
        field, raw = _field(m.group(1) + ":"), m.group(2)
    if field == "source":
        node = _source(raw)
        return ("term", Not(node) if negate else node)
    if field == "date" and _dates().looks_like_date_filter(raw):
        try:
            lo, hi = _dates().date_range(raw)
        except ValueError as e:
            raise QueryError(f"date:{raw}: {e}") from None
        node = Filter("date", raw, False, lo, hi)
        return ("term", Not(node) if negate else node)
    prefix = raw.endswith("*")
    core = raw.rstrip("*")
    if "*" in core:
        raise QueryError(f"{raw!r}: '*' works only at the end of a word")
    if prefix and _letters(core) < MIN_PREFIX:
        raise QueryError(f"{raw!r}: give at least {MIN_PREFIX} letters before '*'")
    node = Word(core, prefix, field)
    return ("term", Not(node) if negate else node)


def _dates():
    from reader.index.files import dates

    return dates


def _source(raw: str) -> Filter:
    from reader.index.files.outlets import outlet_key

    prefix = raw.endswith("*")
    key = outlet_key(raw.rstrip("*"))
    if not key:
        raise QueryError(f"source:{raw} names no outlet: give its name, as in source:alriyadh")
    return Filter("source", key, prefix)


def with_outlet_aliases(node: Node, groups: dict[str, frozenset[str]]) -> Node:
    """The query with each source: filter standing for its outlet's every
    spelling (groups: an outlet key -> the keys of its aliases, config.toml's
    [outlet_aliases]): source:okaz finds "صحيفة عكاظ" too. The keys are
    joined by "|" in the filter's value (a key holds letters, digits, dots)."""
    if not groups:
        return node

    def widened(f: Filter) -> Filter:
        return f._replace(value="|".join(sorted(groups.get(f.value, {f.value})))) if f.kind == "source" else f

    items = node.items if isinstance(node, And) else (node,)
    out = tuple(widened(i) if isinstance(i, Filter)
                else Not(widened(i.item)) if isinstance(i, Not) and isinstance(i.item, Filter) else i for i in items)
    return And(out) if isinstance(node, And) else out[0]


def without_dates(node: Node) -> Node | None:
    """The query with its date: filters taken out (None: nothing was left,
    or it had none to take out)."""
    items = node.items if isinstance(node, And) else (node,)
    keep = tuple(i for i in items if not _is_date(i))
    if len(keep) == len(items) or not keep:
        return None
    return keep[0] if len(keep) == 1 else And(keep)


def _is_date(node: Node) -> bool:
    inner = node.item if isinstance(node, Not) else node
    return isinstance(inner, Filter) and inner.kind == "date"


def outlet_groups(aliases: dict[str, list[str]]) -> dict[str, frozenset[str]]:
    """config.toml's [outlet_aliases] (an outlet -> its other spellings) as
    each spelling's key -> the keys of them all."""
    from reader.index.files.outlets import outlet_key

    groups: dict[str, frozenset[str]] = {}
    for name, spellings in aliases.items():
        keys = frozenset(k for k in (outlet_key(s) for s in [name, *spellings]) if k)
        for k in keys:
            groups[k] = groups.get(k, frozenset()) | keys
    return groups


def split_filters(node: Node) -> tuple[Node | None, tuple, tuple]:
    """(the query without its filters, the filters, the negated filters).
    None: the query is only filters (every article they allow)."""
    items = node.items if isinstance(node, And) else (node,)
    keep, wanted, unwanted = [], [], []
    for item in items:
        if isinstance(item, Filter):
            wanted.append(item)
        elif isinstance(item, Not) and isinstance(item.item, Filter):
            unwanted.append(item.item)
        else:
            if _has_filter(item):
                raise QueryError("source: and date: narrow the whole query: put them outside OR and parentheses")
            keep.append(item)
    rest = None if not keep else keep[0] if len(keep) == 1 else And(tuple(keep))
    return rest, tuple(wanted), tuple(unwanted)


def _has_filter(node: Node) -> bool:
    if isinstance(node, Filter):
        return True
    if isinstance(node, Not):
        return _has_filter(node.item)
    if isinstance(node, (And, Or)):
        return any(_has_filter(i) for i in node.items)
    return False


def _letters(word: str) -> int:
    """Letters and digits of a word once harakat and tatweel are taken out
    (اـ* is one letter: it would expand to every word with an alef)."""
    from reader.index.language.arabic import normalize

    return sum(c.isalnum() for c in normalize(word))


def _unique(items: list) -> tuple:
    """A word or phrase given twice counts once (500 copies of one word
    took 97 s)."""
    return tuple(dict.fromkeys(items))


class _Parser:
    def __init__(self, tokens):
        self.tokens, self.pos, self.depth = tokens, 0, 0

    def _deeper(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QueryError(f"the query nests parentheses or NOTs more than {MAX_DEPTH} deep")

    def peek(self):
        return self.tokens[self.pos][0] if self.pos < len(self.tokens) else None

    def parse_or(self) -> Node:
        items = [self.parse_and()]
        while self.peek() == "OR":
            self.pos += 1
            if self.peek() in (None, ")", "OR", "AND"):
                raise QueryError("OR needs a word on each side")
            items.append(self.parse_and())
        items = _unique(items)
        return items[0] if len(items) == 1 else Or(items)

    def parse_and(self) -> Node:
        items = []
        while self.peek() not in (None, ")", "OR"):
            if self.peek() == "AND":
                if not items:
                    raise QueryError("AND needs a word on each side")
                self.pos += 1
                if self.peek() in (None, ")", "OR", "AND"):
                    raise QueryError("AND needs a word on each side")
                continue
            items.append(self.parse_unary())
            while self.peek() == "NEAR":
                span = self.tokens[self.pos][1]
                self.pos += 1
                if self.peek() in (None, ")", "OR", "AND", "NOT", "NEAR"):
                    raise QueryError("NEAR needs a word on each side")
                items[-1] = _near(items[-1], self.parse_unary(), span)
        if not items:
            if self.peek() == "OR":
                raise QueryError("OR needs a word on each side")
            raise QueryError("empty parentheses" if self.peek() == ")" else "nothing to search for")
        items = _unique(items)
        return items[0] if len(items) == 1 else And(items)

    def parse_unary(self) -> Node:
        kind = self.peek()
        if kind == "NOT":
            self.pos += 1
            if self.peek() in (None, ")", "OR", "AND", "NOT"):
                raise QueryError("NOT needs a word after it")
            self._deeper()
            node = Not(self.parse_unary())
            self.depth -= 1
            return node
        if kind == "(":
            self.pos += 1
            self._deeper()
            node = self.parse_or()
            if self.peek() != ")":
                raise QueryError("unbalanced '(': add ')' to close it")
            self.pos += 1
            self.depth -= 1
            return node
        if kind == "NEAR":
            raise QueryError("NEAR needs a word on each side")
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok[1]


def _near(left: Node, right: Node, span: int) -> Phrase:
    """A NEAR/span B (and on, A NEAR B NEAR C): the words within span
    positions of each other, in any order."""
    words = []
    for side in (left, right):
        if isinstance(side, Phrase) and side.near is not None and side is left:
            words.extend(side.text.split())
            span = max(span, side.near)
        elif isinstance(side, Word) and side.field is None and not side.prefix:
            words.append(side.text)
        else:
            raise QueryError("NEAR joins plain words (no field:, prefix* or quotes): A NEAR/5 B")
    return Phrase(" ".join(words), None, span)


def _check_positive(node: Node) -> None:
    """Every OR branch and the whole query must keep something: a query of
    only NOT would return every document but the excluded ones."""
    if isinstance(node, Not):
        if isinstance(node.item, Filter):
            return  # -source:okaz alone: every article but that outlet's
        raise QueryError("a query of only NOT finds nothing: add a word to search for")
    if isinstance(node, Or):
        for item in node.items:
            _check_positive(item)
    if isinstance(node, And):
        if all(isinstance(i, Not) for i in node.items) and not any(isinstance(i.item, Filter) for i in node.items):
            raise QueryError("a query of only NOT finds nothing: add a word to search for")
        for item in node.items:
            if not isinstance(item, Not):
                _check_positive(item)
