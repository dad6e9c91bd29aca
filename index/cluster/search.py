"""Searching the cluster: a compiled query in the engine's query language,
the matches ranked by reader's BM25 (index.cluster.scoring).

The engine finds every match and counts them; a BM25 of its own picks the
CANDIDATES best, and reader scores those exactly as the embedded index
would. The filters (date:, source:,
--since, --until) are the engine's: they count.
"""

from __future__ import annotations

import re
import time
from itertools import product

from reader.index import query as q
from reader.index.cluster.config import INDEX
from reader.index.cluster.feed import STAMP_ID, engine_id, unkeep
from reader.index.cluster.scoring import B, K1, bm25, idf, term_frequencies
from reader.index.cluster.tokens import EVERY, MARK, PHRASE_FIELDS, source_term, term
from reader.index.compiler import And, AndNot, First, Names, Or, Phrase, Prefix, Terms, compile_query
from reader.index.errors import NotServed
from reader.index.files import dates
from reader.index.language.arabic import TA, TAG
from reader.index.language.expansion import ENDINGS, Agreement
from reader.index.query import split_filters
from reader.index.request import Request
from reader.index.results import Copy, Hit, Results
from reader.index.snippets import make_snippets

# Matches reader scores itself: the engine's best this many (or the pages asked for, twice over).
CANDIDATES = 2000
_NOTHING = MARK * 9  # a word no document holds
# A phrase of words with several forms each is searched as at most this many phrases.
MOST_PHRASES = 64
_LENGTHS = {"body": ("body_len", "forms_len"), "exact": ("exact_len",), "title_stem": ("title_stem_len",),
            "title_exact": ("title_exact_len",), "author_exact": ("author_exact_len",)}
# How the engine picks the candidates: the hits of every query word in each field, weighted
# by field and summed, saturated over the body's length as BM25 saturates a term's frequency.
# reader's BM25 takes a word's forms as one term; the engine's bm25f weighs each form as a word
# of its own, and its best 1,000 missed some of reader's first page for 42 of the 69 judged
# queries (this: none, nor of 50 topics and 50 common words never tried before).
_FIELD_WEIGHTS = "field_weights=(exact=2, title_stem=3, title_exact=5)"


class Engine:
    """One state of the cluster as a search sees it: the aggregator, the
    shards (for keyword statistics, read from their dictionaries without
    searching), and the collection statistics BM25 needs (asked once, kept)."""

    def __init__(self, db, shards=()):
        self.db, self.shards = db, list(shards)
        self._docs: dict[str, int] = {}
        self._any: dict[tuple, int] = {}
        self._totals = None

    def totals(self) -> tuple[int, dict[str, float]]:
        """(documents, {field: its average length})."""
        if self._totals is None:
            lens = [c for cols in _LENGTHS.values() for c in cols]
            row = self.db.query(f"SELECT COUNT(*), {', '.join(f'SUM({c})' for c in lens)} FROM {INDEX} WHERE id > {STAMP_ID}")
            n = int(row[0][0]) if row else 0
            sums = dict(zip(lens, (int(v or 0) for v in row[0][1:]))) if row else {}
            avg = {f: (sum(sums.get(c, 0) for c in cols) / max(n, 1)) or 1.0 for f, cols in _LENGTHS.items()}
            self._totals = (n, avg)
        return self._totals

    def documents(self, keyword: str) -> int:
        """How many documents hold a keyword (an engine term)."""
        if keyword not in self._docs:
            self.prefetch([keyword])
        return self._docs[keyword]

    def prefetch(self, keywords) -> None:
        """Ask for the documents of several keywords at once: each shard's
        dictionary (CALL KEYWORDS), summed; a prefix (سعو*) by a search."""
        new = [k for k in dict.fromkeys(keywords) if k not in self._docs]
        words = [k for k in new if not k.endswith("*")]
        if words and self.shards:
            counts = dict.fromkeys(words, 0)
            for shard in self.shards:
                for row in shard.query(f"CALL KEYWORDS(%s, '{INDEX}', 1)", (" ".join(words),)):
                    if row[1] in counts:
                        counts[row[1]] += int(row[3])
            self._docs.update(counts)
        for k in new:
            if k not in self._docs:
                self.db.query(f"SELECT id FROM {INDEX} WHERE MATCH(%s) LIMIT 0 OPTION ranker=none", (k,))
                self._docs[k] = int(self.db.meta().get("docs[0]", 0))

    def holding_any(self, keywords: tuple[str, ...]) -> int:
        """How many documents hold at least one of some keywords."""
        self.prefetch(keywords)
        held = tuple(k for k in keywords if self._docs[k])
        if len(held) <= 1:
            return self._docs[held[0]] if held else 0
        hit = self._any.get(held)
        if hit is None:
            self.db.query(f"SELECT id FROM {INDEX} WHERE MATCH(%s) LIMIT 0 OPTION ranker=none", (_any(held),))
            hit = self._any[held] = int(self.db.meta().get("total_found", 0))
        return hit

    def agreement(self) -> Agreement:
        return Agreement(lambda n: self.documents(term("exact", n)), self._stem_documents)

    def _stem_documents(self, stem: str) -> int:
        """A stem's documents, asked with the inflections the expansion asks
        next (index.language.expansion): one round trip for a word's family."""
        key = term("body", stem)
        if key not in self._docs:
            base = stem.split(TAG)[0]
            bare = base[:-1] if base.endswith(TA) else base
            family = [bare, bare + TA, bare + TA + TAG + "ي", *(bare + TAG + e for e in (*ENDINGS, "ه"))]
            self.prefetch([key, *(term("body", f) for f in family)])
        return self._docs[key]


def _in_body(expr: str) -> str:
    """Body words sought where their frequency counts: body and forms, not
    the phrase fields that repeat them (the same documents either way)."""
    return f"(@(body,forms) {expr})"


def _any(keywords) -> str:
    return keywords[0] if len(keywords) == 1 else "(" + " | ".join(keywords) + ")"


# --- the query in the engine's language ----------------------------------------------------------


class _Query:
    """A plan (index.compiler) as a MATCH expression, and what scores it: the
    keywords of every word, boost and phrase (scored, in order)."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.scored: dict[str, None] = {}  # keywords, in order
        self.single = False

    def expr(self, node) -> str:
        if isinstance(node, Terms):
            keys = tuple(term(node.field, t) for t in node.terms)
            self._score(*keys, *(term(b.field, b.term) for b in node.boosts))
            return _in_body(_any(keys)) if node.field == "body" else _any(keys)
        if isinstance(node, Prefix):
            keys = tuple(term(f, p) + "*" for f, p in node.prefixes)
            self._score(*keys)
            return _any(tuple(_in_body(k) if f == "body" else k for k, (f, _p) in zip(keys, node.prefixes)))
        if isinstance(node, Phrase):
            return self._phrase(node)
        if isinstance(node, And):
            return "(" + " ".join(self.expr(i) for i in node.items) + ")"
        if isinstance(node, Or):
            return "(" + " | ".join(self.expr(i) for i in node.items) + ")"
        if isinstance(node, AndNot):
            return f"({self.expr(node.positive)} -{self.expr(node.negative)})"
        if isinstance(node, First):
            return self.expr(node.node)
        if isinstance(node, Names):
            raise NotServed("person:, place:, org:, misc: and date: search the entity index, which the cluster "
                            "backend does not keep yet: search these names as words, or use the embedded index")
        raise TypeError(node)

    def _score(self, *keywords: str) -> None:
        for k in keywords:
            self.scored.setdefault(k, None)

    def _phrase(self, node: Phrase) -> str:
        slots = []
        for terms, prefix in zip(node.words, node.prefix or (False,) * len(node.words)):
            if prefix:
                slots.append((term(node.field, terms[0]) + "*",))
                continue
            held = tuple(k for k in (term(node.field, t) for t in terms) if self.engine.documents(k))
            slots.append(held)
        self._score(*(k for s in slots for k in s), *(term(b.field, b.term) for b in node.boosts))
        if not all(slots):
            return _NOTHING
        fields = f"@({','.join(PHRASE_FIELDS)}) " if node.field == "body" else ""
        if node.near is not None:
            return f"({fields}(" + f" NEAR/{node.near} ".join(_any(s) for s in slots) + "))"
        phrases = []
        for words in product(*slots):
            phrases.append('"' + " ".join(words) + '"')
            if len(phrases) >= MOST_PHRASES:
                break
        return f"({fields}(" + " | ".join(phrases) + "))"

    def match(self, node) -> str:
        """The expression; with the keywords it lacks as MAYBE when the engine
        can count every keyword's frequency in this one search (no phrase, no
        keyword twice: single)."""
        expr = self.expr(node)
        written = _keywords(expr)
        self.single = '"' not in expr and "NEAR/" not in expr and len(set(written)) == len(written)
        if not self.single:
            return expr
        extra = [k for k in self.scored if k not in set(written)]
        return f"({expr} MAYBE ({' | '.join(extra)}))" if extra else expr


# --- ranking ---------------------------------------------------------------------------------------


class _Scorer:
    """The embedded index's scores (index.engine.ranking.Ranker.run) for the
    candidates, from their keyword frequencies and field lengths."""

    def __init__(self, engine: Engine, tfs: dict[int, dict[str, int]], lengths: dict[int, dict[str, int]]):
        self.engine, self.tfs, self.lengths = engine, tfs, lengths
        self.total, self.avg = engine.totals()

    def run(self, node, docs: set[int]) -> dict[int, float]:
        if isinstance(node, Terms):
            out = self._word(node.field, node.terms, docs)
            groups: dict[tuple[str, float], list[str]] = {}
            for b in node.boosts:
                groups.setdefault((b.field, b.weight), []).append(b.term)
            for (field, weight), terms in groups.items():
                for d, s in self._word(field, tuple(terms), set(out), weight).items():
                    out[d] += s
            return out
        if isinstance(node, Prefix):
            out: dict[int, float] = {}
            for f, p in node.prefixes:
                for d, s in self._word(f, (p,), docs, prefix=True).items():
                    out[d] = out.get(d, 0.0) + s
            return out
        if isinstance(node, Phrase):
            held = self._phrase_docs(node, docs)
            out = {d: 0.0 for d in held}
            for terms, prefix in zip(node.words, node.prefix or (False,) * len(node.words)):
                for d, s in self._word(node.field, terms[:1] if prefix else terms, held, prefix=prefix).items():
                    out[d] += s
            for b in node.boosts:
                for d, s in self._word(b.field, (b.term,), held, b.weight).items():
                    out[d] += s
            return out
        if isinstance(node, And):
            parts = [self.run(i, docs) for i in node.items]
            keys = set.intersection(*(set(p) for p in parts))
            return {d: sum(p[d] for p in parts) for d in keys}
        if isinstance(node, Or):
            out = {}
            for item in node.items:
                for d, s in self.run(item, docs).items():
                    out[d] = out.get(d, 0.0) + s
            return out
        if isinstance(node, AndNot):
            return self.run(node.positive, docs)  # the engine left out what the negative matches
        if isinstance(node, First):
            return self.run(node.node, docs)
        raise TypeError(node)

    def _word(self, field: str, terms: tuple, docs, weight: float = 1.0, prefix: bool = False) -> dict[int, float]:
        keys = tuple(term(field, t) + ("*" if prefix else "") for t in terms)
        w_idf = idf(self.engine.holding_any(keys), self.total)
        avg = self.avg[field]
        cols = _LENGTHS[field]
        out = {}
        for d in docs:
            tf = sum(self.tfs[d].get(k, 0) for k in keys)
            if tf:
                out[d] = bm25(tf, sum(self.lengths[d][c] for c in cols), avg, w_idf, weight)
        return out

    def _phrase_docs(self, node: Phrase, docs: set[int]) -> set[int]:
        """The candidates that hold the phrase, asked of the engine (in an
        OR, a candidate may have matched by another part)."""
        expr = _Query(self.engine)._phrase(node)
        held: set[int] = set()
        for part in _parts(list(docs)):
            rows = self.engine.db.query(f"SELECT id FROM {INDEX} WHERE MATCH(%s) AND id IN ({', '.join(map(str, part))}) "
                                        f"LIMIT {len(part)} OPTION max_matches={len(part)}", (expr,))
            held.update(int(r[0]) for r in rows)
        return held


# --- searching -----------------------------------------------------------------------------------


def _where(wanted, unwanted) -> tuple[str, str]:
    """(what the filters add to MATCH, the WHERE conditions they add), as
    index.engine.search._filtered applies them: an outlet by its key (or
    its first part before a dot), a day within a range (undated: never)."""
    match, where = [], []
    for f in wanted:
        if f.kind == "source":
            match.append(_source(f))
        else:
            where.append(f"day BETWEEN {max(int(f.lo), 1)} AND {int(f.hi)}")
    for f in unwanted:
        if f.kind == "source":
            match.append("-" + _source(f))
        else:  # the engine has no NOT BETWEEN: a computed flag
            where.append(f"IF(day BETWEEN {max(int(f.lo), 1)} AND {int(f.hi)}, 1, 0) = 0")
    return " ".join(match), " AND ".join(where)


def _source(f) -> str:
    keys = [source_term(v) + ("*" if f.prefix else "") for v in f.value.split("|") if v]
    return _any(tuple(keys)) if keys else _NOTHING


def search(engine: Engine, request: Request, snippets: int, copies=None) -> Results:
    """The page of hits a request asks for, as index.engine.search.search gives
    it; copies (index.copies.Copies, by engine id): fold each hit's copies under it."""
    return _page(engine, request, snippets, snippets > 0, copies)[0]


def _page(engine: Engine, request: Request, snippets: int, texts: bool, copies=None) -> tuple[Results, dict[int, dict]]:
    """(the page, the listing of each hit: its text too when texts). The
    copies fold the candidates: a copy ranked below them stays counted."""
    started = time.perf_counter()
    page, limit, sort = request.page, request.limit, request.sort
    query = _Query(engine)
    match, where, comp = _match_of(engine, request, query)
    words, phrases, plan = (comp.words, comp.phrases, comp.plan) if comp is not None else ([], [], None)
    want = max(CANDIDATES, 2 * page * limit) if limit is not None else max(_count(engine, match, where), 1)
    single = plan is not None and query.single
    rows, total, missing = _select(engine, match, where, want, scored=plan is not None, factors=single, sort=sort)
    if sort != "relevance" and total > len(rows):  # the last day may be cut: its order within is not known
        last = int(rows[-1]["day"] or 0)
        rows = [r for r in rows if int(r["day"] or 0) != last] or rows
    if plan is not None:
        scores = _scores(engine, plan, rows, query)
    else:
        scores = {int(r["id"]): 0.0 for r in rows}
    key = _order_key(rows, sort)
    folded, taken = {}, 0
    if copies is not None:  # the whole ranking is folded: the matches below the candidates follow them
        below = _ids(engine, match, where, total) if total > len(rows) else []
        scores, folded, taken = fold(copies, scores, key, below)
        total -= taken
    results = Results(request.text, total, page, limit or max(1, total), terms=(words, phrases))
    results.request, results.sort = request, sort
    results.grouped, results.folded = copies is not None, taken
    order = sorted(scores.items(), key=key)
    offset = (page - 1) * (limit or 0)
    chosen = order[offset:offset + limit] if limit is not None else order
    info = _listed(engine, [d for d, _s in chosen], texts)
    shown = {o for d, _s in chosen for o, _p in folded.get(d, ())}
    of_copies = _listed(engine, list(shown), False) if shown else {}
    for i, (d, score) in enumerate(chosen):
        shown_snippets = make_snippets(unkeep(info[d]["text"]), words, phrases, snippets) if snippets else []
        hit = _hit(info[d], offset + i + 1, score, shown_snippets)
        if d in folded:
            hit = hit._replace(copies=tuple(_copy(of_copies[o], p) for o, p in folded[d] if o in of_copies))
        results.hits.append(hit)
    results.notice = "; ".join(x for x in (missing, _unread_latin(request)) if x)
    results.seconds = time.perf_counter() - started
    return results, info


def _unread_latin(request: Request) -> str:
    """The line saying a Latin-letter name was searched only as written (the
    embedded index also reads it in Arabic, index.engine.latin), or ""."""
    if not request.latin:
        return ""
    from reader.index.suggestions import plain_words

    latin = [w.text for w in plain_words(request.tree) if any("a" <= c <= "z" for c in w.text.lower())]
    return f"searched as written: {', '.join(latin)} (the cluster backend does not read Latin names as Arabic yet)" \
        if latin else ""


_LISTED = ("doc_id", "path", "title", "author", "outlet", "url", "date_from", "encoding", "day", "file_day")
_LENGTH_COLUMNS = tuple(c for cols in _LENGTHS.values() for c in cols)


_ORDERS = {"relevance": "WEIGHT() DESC, id ASC", "date": "undated ASC, day ASC, WEIGHT() DESC, id ASC",
           "-date": "day DESC, WEIGHT() DESC, id ASC"}


def _ranker(engine: Engine, weighted: bool = True) -> str:
    """The candidates' ranker (_FIELD_WEIGHTS); not weighted: the body's hits alone count."""
    avg = engine.totals()[1]["body"]
    hits = "sum(hit_count*user_weight)"
    ranker = f"ranker=expr('1000*{hits}/({hits}+{K1 * (1 - B)}+{K1 * B}*(body_len+forms_len)/{avg:.3f})')"
    return f"{ranker}, {_FIELD_WEIGHTS}" if weighted else ranker


def _matching(where: str) -> str:
    """A WHERE clause: the documents (not the stamp rows) that MATCH(%s) and the filters' conditions."""
    return " AND ".join([f"id > {STAMP_ID}", "MATCH(%s)"] + ([where] if where else []))


def _select(engine: Engine, match: str, where: str, want: int, scored: bool, factors: bool = False,
            ranker: str = "", sort: str = "relevance"):
    """(the first `want` matches in the sort's order as dicts (a date sort:
    by day, undated last), the total the engine counted, a notice of shards
    that did not answer); factors: with each match's keyword frequencies
    (row["tf"]); ranker: how the engine picks the best."""
    cols = ("id", "day", *_LENGTH_COLUMNS) + (("PACKEDFACTORS()",) if factors else ())
    order = _ORDERS[sort] if scored or sort != "relevance" else "id ASC"
    undated = ", IF(day = 0, 1, 0) AS undated" if sort == "date" else ""
    sql = (f"SELECT {', '.join(cols)}{undated} FROM {INDEX} WHERE {_matching(where)} ORDER BY {order} LIMIT {want} "
           f"OPTION max_matches={want}" + (f", {ranker or _ranker(engine)}" if scored else ""))
    raw = engine.db.query(sql, (match,))
    meta = engine.db.meta()
    missing = lost(engine.db.warnings())
    rows = [dict(zip(cols, r)) for r in raw]  # the undated flag, last, is left out
    if factors:
        keywords = _keywords(match)
        for row in rows:
            row["tf"] = {keywords[i]: n for i, n in term_frequencies(row.pop("PACKEDFACTORS()")).items()
                         if i < len(keywords)}
    return rows, int(meta.get("total_found", len(raw))), missing


_KEYWORD = re.compile(r'NEAR/\d+|MAYBE|@!?\([^)]*\)|[^\s()|"\-]+')


def _keywords(match: str) -> list[str]:
    """The keywords of a MATCH expression in the order the engine numbers
    them (PACKEDFACTORS' word0, word1 ...)."""
    return [k for k in _KEYWORD.findall(match) if k != "MAYBE" and not k.startswith(("NEAR/", "@"))]


def _frequencies(engine: Engine, keywords: list[str], ids: list[int]) -> dict[int, dict[str, int]]:
    """{engine id: {keyword: its frequency}} of some documents: asked as one
    OR of the keywords, each once (in a phrase the engine counts only the
    phrase's hits, and a keyword written twice is counted oddly)."""
    out: dict[int, dict[str, int]] = {d: {} for d in ids}
    if not keywords:
        return out
    for part in _parts(ids):
        sql = (f"SELECT id, PACKEDFACTORS() FROM {INDEX} WHERE MATCH(%s) AND id IN ({', '.join(map(str, part))}) "
               f"LIMIT {len(part)} OPTION max_matches={len(part)}, ranker=expr('1')")
        # the phrase fields repeat the body's words: counted once, in body and forms
        asked = f"@!({','.join(PHRASE_FIELDS[1:])}) ({' | '.join(keywords)})"
        for doc, packed in engine.db.query(sql, (asked,)):
            out[int(doc)] = {keywords[i]: n for i, n in term_frequencies(packed).items() if i < len(keywords)}
    return out


IDS_AT_ONCE = 1000  # the engine takes at most 4,096 values in one IN ()


def _parts(ids: list[int]) -> list[list[int]]:
    ids = sorted(ids)
    return [ids[i:i + IDS_AT_ONCE] for i in range(0, len(ids), IDS_AT_ONCE)]


def lost(warnings: list[str]) -> str:
    """A notice naming the shards whose documents an answer lacks, or ""."""
    down = sorted({m for w in warnings for m in re.findall(r"agent (\S+?):? ", w)})
    if not any("agent" in w for w in warnings):
        return ""
    n = max(len(down), 1)
    named = f" ({', '.join(down)})" if down else ""
    return f"{n} shard{'s' if n > 1 else ''}{named} did not answer: these results lack their documents"


def _scores(engine: Engine, plan, rows: list[dict], query: _Query) -> dict[int, float]:
    if rows and "tf" in rows[0]:
        tfs = {int(r["id"]): r["tf"] for r in rows}
    else:
        tfs = _frequencies(engine, list(query.scored), [int(r["id"]) for r in rows])
    lengths = {int(r["id"]): {c: int(r[c] or 0) for c in _LENGTH_COLUMNS} for r in rows}
    scorer = _Scorer(engine, tfs, lengths)
    got = scorer.run(plan, set(tfs))
    return {d: got.get(d, 0.0) for d in tfs}


def _order_key(rows: list[dict], sort: str):
    """The request's order of (engine id, score): best first, equal scores by
    engine id; or by day (undated last), the better first within a day."""
    if sort == "relevance":
        return lambda kv: (-kv[1], kv[0])
    days = {int(r["id"]): int(r["day"] or 0) for r in rows}
    sign = 1 if sort == "date" else -1
    return lambda kv: (not days[kv[0]], sign * days[kv[0]], -kv[1], kv[0])


def fold(copies, scores: dict[int, float], key, below=()) -> tuple[dict, dict, int]:
    """index.copies.Copies.fold over engine ids: (the candidates' rows and
    scores, {row: [(copy, percent)]}, how many matches were folded in all).
    The candidates go in the order key gives, then the matches below them
    (below: engine ids), so a row takes its copies wherever they rank;
    documents the copies pass has not seen stay rows."""
    names, numbers = copies.names, copies.numbers()
    dense = {numbers[d]: s for d, s in scores.items() if d in numbers}
    after = {numbers[d]: i for i, d in enumerate(below) if d in numbers and numbers[d] not in dense}
    every = {**dense, **dict.fromkeys(after, 0.0)}
    _rows, folded = copies.fold(every, lambda kv: (1, after[kv[0]]) if kv[0] in after
                                else (0, key((names[kv[0]], kv[1]))))
    if not folded:
        return scores, {}, 0
    taken = {names[o] for members in folded.values() for o, _p in members}
    return ({d: s for d, s in scores.items() if d not in taken},
            {names[d]: [(names[o], p) for o, p in members] for d, members in folded.items() if names[d] in scores},
            len(taken))


def _ids(engine: Engine, match: str, where: str, n: int) -> list[int]:
    """The engine ids of the first n matches, by engine id (no ranking)."""
    rows = engine.db.query(f"SELECT id FROM {INDEX} WHERE {_matching(where)} ORDER BY id ASC LIMIT {n} "
                           f"OPTION max_matches={n}, ranker=none", (match,))
    return [int(r[0]) for r in rows]


def _listed(engine: Engine, ids: list[int], text: bool) -> dict[int, dict]:
    """What the hits shown need of their documents (the text too, for snippets)."""
    cols = ("id", *_LISTED) + (("text",) if text else ())
    out = {}
    for part in _parts(ids):
        rows = engine.db.query(f"SELECT {', '.join(cols)} FROM {INDEX} WHERE id IN ({', '.join(map(str, part))}) "
                               f"LIMIT {len(part)} OPTION max_matches={len(part)}")
        out.update((int(r[0]), dict(zip(cols, r))) for r in rows)
    return out


def suggestion(engine: Engine, request: Request) -> str | None:
    """Did you mean (index.suggestions), from the shards' dictionaries: a
    word's spellings asked in one round trip."""
    from reader.index.suggestions import suggestion

    return suggestion(request, lambda norm: engine.documents(term("exact", norm)),
                      lambda norms: engine.prefetch(term("exact", n) for n in norms))


def copy_groups(engine: Engine, copies) -> list[tuple[Hit, list[Copy]]]:
    """Every group of copies, as index.engine.search.copy_groups gives them:
    the largest first, each under its oldest document (undated ones last)."""
    names = copies.names
    info = _listed(engine, [names[d] for d in copies.linked], False)
    linked = [d for d in copies.linked if names[d] in info]  # a document gone since the pass is in no group
    days = {d: int(info[names[d]]["day"] or 0) for d in linked}
    order = sorted(linked, key=lambda d: (not days[d], days[d], d))
    groups = sorted(copies.groups(order), key=lambda g: -len(g[1]))
    return [(_hit(info[names[d]], i + 1, 0.0, []),
             [_copy(info[names[o]], p) for o, p in sorted(members, key=lambda m: -m[1]) if names[o] in info])
            for i, (d, members) in enumerate(groups)]


def _copy(row: dict, similar: int) -> Copy:
    s = {k: unkeep(v) if isinstance(v, str) else v for k, v in row.items() if k in _LISTED}
    return Copy(s["doc_id"], s["path"], s["title"], s["outlet"], dates.iso(int(s["day"] or 0)), s["date_from"],
                similar, dates.iso(int(s["file_day"] or 0)))


def _hit(row: dict, rank: int, score: float, snippets: list) -> Hit:
    s = {k: unkeep(v) if isinstance(v, str) else v for k, v in row.items() if k in _LISTED}
    return Hit(rank=rank, id=s["doc_id"], path=s["path"], title=s["title"], author=s["author"], score=score,
               snippets=snippets, date=dates.iso(int(s["day"] or 0)), date_from=s["date_from"], outlet=s["outlet"],
               url=s["url"], file_date=dates.iso(int(s["file_day"] or 0)))


def timeline(engine: Engine, request: Request, by: str) -> tuple[list[tuple[str, int]], int]:
    if by not in dates.BY:
        raise q.QueryError(f"unknown period {by!r}: use {', '.join(dates.BY)}")
    match, where, _comp = _match_of(engine, request)
    rows = engine.db.query(f"SELECT day, COUNT(*) AS n FROM {INDEX} WHERE {_matching(where)} GROUP BY day "
                           f"ORDER BY day ASC LIMIT 100000 OPTION max_matches=100000", (match,))
    counts = {int(r[0] or 0): int(r[1]) for r in rows}
    undated = counts.pop(0, 0)
    if not counts:
        return [], undated
    per: dict[str, int] = {}
    for day, n in counts.items():
        label = dates.bucket(day, by)
        per[label] = per.get(label, 0) + n
    return [(label, per.get(label, 0)) for label in dates.buckets_between(min(counts), max(counts), by)], undated


def _match_of(engine: Engine, request: Request, query: "_Query | None" = None):
    """(the MATCH expression, the WHERE conditions, the compiled query or
    None) of a request: its words, then its filters."""
    rest, wanted, unwanted = split_filters(request.tree)
    filters, where = _where(wanted + request.filters, unwanted)
    comp = compile_query(rest, engine.agreement()) if rest is not None else None
    match = (query or _Query(engine)).match(comp.plan) if comp is not None else EVERY
    return (f"{match} {filters}" if filters else match), where, comp


def _count(engine: Engine, match: str, where: str) -> int:
    engine.db.query(f"SELECT id FROM {INDEX} WHERE {_matching(where)} LIMIT 0 OPTION ranker=none", (match,))
    return int(engine.db.meta().get("total_found", 0))


def concordance(engine: Engine, request: Request, max_docs: int | None, budget=None):
    """Every occurrence of the query's matched forms in context
    (index.concordance), from the first max_docs matches in the search's order."""
    from collections import namedtuple

    from reader.index.concordance import Concordance, lines_from

    started = time.perf_counter()
    found, info = _page(engine, request._replace(page=1, limit=max_docs), 0, texts=True)
    lit = namedtuple("Lit", "words phrases")(*found.terms)
    docs = ((h.id, h.title, h.outlet, h.date, unkeep(info[engine_id(h.id)]["text"])) for h in found.hits)
    lines = lines_from(docs, lit, budget)
    return Concordance(request.text, lines, found.total, len(found.hits), time.perf_counter() - started, found.notice)


class _Counts:
    """What index.related asks of an index: its documents, a stem's documents."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.doc_count_all = engine.totals()[0]

    def doc_frequency(self, field: str, stem: str) -> int:
        return self.engine.documents(term(field, stem))


def related(engine: Engine, text: str, doc_id: str | None, limit: int = 10) -> Results:
    """The documents most like a text (index.related), best first, as the
    embedded index ranks them; doc_id: the text's own, left out."""
    from reader.index.language.arabic import analyses
    from reader.index.related import related_plan

    started = time.perf_counter()
    engine.prefetch({term("body", a.stems[0]) for a in analyses(text) if a.stems})  # one round trip a shard
    plan = related_plan(_Counts(engine), text)
    results = Results(f"related:{doc_id or '-'}", 0, 1, limit)
    if plan is not None:
        query = _Query(engine)
        match = query.match(plan)
        # One term of many forms (index.related), in the body alone
        rows, total, missing = _select(engine, match, "", max(CANDIDATES, 2 * limit), scored=True,
                                       factors=query.single, ranker=_ranker(engine, weighted=False))
        scores = _scores(engine, plan, rows, query)
        own = engine_id(doc_id) if doc_id else None
        results.total = total - (1 if doc_id else 0)  # its own words: it matches itself
        scores.pop(own, None)
        best = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        info = _listed(engine, [d for d, _s in best], False)
        results.hits = [_hit(info[d], i + 1, score, []) for i, (d, score) in enumerate(best)]
        results.notice = missing
    results.seconds = time.perf_counter() - started
    return results
