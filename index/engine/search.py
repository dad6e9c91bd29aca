"""Search on an open Whoosh index: ranked hits, the total, snippets, documents.

Everything leaves this module typed (Hit, Results, Document, DocumentInfo):
no Whoosh object or stored-field dict goes further up.
"""

from __future__ import annotations

import pickle
import struct
import time
import zlib
from pathlib import Path

from whoosh.index import EmptyIndexError

from reader.index.files import dates
from reader.index.compiler import compile_query, frequencies, name_plan, preferring, word_runs
from reader.index.files.corpus import Document, split_record
from reader.index.files.structure import paragraphs
from reader.index.engine.postings import View
from reader.index import query as q
from reader.index.query import QueryError, split_filters
from reader.index.request import Request
from reader.index.engine.ranking import Ranker, top
from reader.index.results import Copy, DocumentInfo, Hit, Results  # noqa: F401 - the engine's own types
from reader.index.snippets import MAX_SNIPPETS, make_snippets


# What a damaged segment file raises inside Whoosh.
# EmptyIndexError: the generation's folder was removed under an open index.
READ_ERRORS = (OSError, EOFError, ValueError, KeyError, IndexError, struct.error, zlib.error, pickle.UnpicklingError,
               EmptyIndexError)


def search(ix, request: Request, snippets: int = MAX_SNIPPETS, names=None, budget=None, copies=None) -> Results:
    """The page of hits a request asks for (index.request.Request).

    names: the name index (index.engine.names.NameIndex) for person:, place: ...
    budget: when to stop (index.budget.Budget: a time bound, a cancel);
    copies: the corpus's copy pairs (index.copies.Copies) to fold the
    ranking with, or None.
    Every matching document is scored, and the whole ranking folded, so the
    hits of page k are exactly rows (k-1)*limit+1 .. k*limit of one list,
    whatever the page size.
    """
    started = time.perf_counter()
    sort, page, limit = request.sort, request.page, request.limit
    with ix.reader() as reader:
        view = View(reader)
        ranks = (0 if sort != "relevance" else None if limit is None else page * limit)
        scores, comp = _matches(view, request, names, budget, ranks)
        folded = {}
        if copies is not None:
            scores, folded = copies.fold(scores, None if sort == "relevance" else _date_key(view, sort))
        offset = (page - 1) * (limit or 0)
        count = len(scores) if limit is None else page * limit
        best = (top(scores, count) if sort == "relevance" else _by_date(view, scores, sort, count))[offset:]
        results = Results(request.text, len(scores), page, limit or max(1, len(scores)), terms=(comp.words, comp.phrases))
        results.request = request
        results.notice = _joined(limited_notice(view), _said(comp))
        results.sort = sort
        results.grouped = copies is not None
        results.folded = sum(len(c) for c in folded.values())
        for i, (docnum, score) in enumerate(best):
            text = view.column("text", docnum).decode("utf-8", "surrogatepass") if snippets else ""
            shown = make_snippets(text, comp.words, comp.phrases, snippets, budget) if snippets else []
            hit = _hit(view, docnum, offset + i + 1, score, shown)
            if docnum in folded:
                hit = hit._replace(copies=tuple(_copy(view, d, p) for d, p in folded[docnum]))
            results.hits.append(hit)
        if page == 1 and sort == "relevance" and limit is not None and len(scores) < limit:
            results.also = _all_but_one(view, request, budget, copies, scores, limit - len(scores), snippets)
    results.seconds = time.perf_counter() - started
    return results


def _all_but_one(view, request: Request, budget, copies, matched, count: int, snippets: int) -> list[Hit]:
    """The count best articles holding every word of an unquoted query of
    several words but one, ranked by the words they hold: what fills a page
    that all the words leave short (a topic typed with a word its articles
    do not use). Hits ranked after the matched ones; [] for any other query."""
    rest, wanted, unwanted = split_filters(request.tree)
    items = rest.items if isinstance(rest, q.And) else ()
    if len(items) < 2 or not all(isinstance(i, (q.Word, q.Phrase)) and i.field is None for i in items):
        return []
    ag = frequencies(view)
    ranker = Ranker(view, budget=budget)
    try:
        parts = [ranker.run(compile_query(i, ag).plan) for i in items]
    except QueryError:  # a stop word alone: it takes no part
        return []
    held: dict[int, list[int]] = {}
    for n, part in enumerate(parts):
        for d in part:
            held.setdefault(d, []).append(n)
    scores = {d: sum(parts[n][d] for n in ns) for d, ns in held.items() if len(ns) == len(parts) - 1 and d not in matched}
    if wanted + request.filters or unwanted:
        scores = _filtered(view, scores, wanted + request.filters, unwanted)
    folded = {}
    if copies is not None:
        scores, folded = copies.fold(scores, None)
    found, lit = [], {}  # lit: what lights an article, by the item it lacks
    for i, (docnum, score) in enumerate(top(scores, count)):
        lacks = next(n for n in range(len(parts)) if n not in held[docnum])
        hit = _hit(view, docnum, len(matched) + i + 1, score, [])._replace(missing=(_surface(items[lacks]),))
        if snippets:
            if lacks not in lit:
                lit[lacks] = _lit_without(items, ag, lacks)
            text = view.column("text", docnum).decode("utf-8", "surrogatepass")
            hit = hit._replace(snippets=make_snippets(text, *lit[lacks], snippets, budget))
        if docnum in folded:
            hit = hit._replace(copies=tuple(_copy(view, d, p) for d, p in folded[docnum]))
        found.append(hit)
    return found


def _surface(item) -> str:
    return f'"{item.text}"' if isinstance(item, q.Phrase) else item.text


def _lit_without(items, ag, lacks: int) -> tuple[list, list]:
    """The words and phrases that light an article holding every item but one."""
    comp = compile_query(q.And(tuple(i for n, i in enumerate(items) if n != lacks)) if len(items) > 2
                         else items[1 - lacks], ag)
    return comp.words, comp.phrases


def _hit(view, docnum: int, rank: int, score: float, snippets: list) -> Hit:
    stored = view.stored_fields(docnum)
    return Hit(rank=rank, id=stored["id"], path=stored.get("path", ""), title=stored.get("title", ""),
               author=stored.get("author", ""), score=score, snippets=snippets,
               date=dates.iso(view.column("day", docnum) or 0), date_from=stored.get("date_from", ""),
               outlet=stored.get("outlet", ""), url=stored.get("url", ""), file_date=dates.iso(stored.get("file_day", 0)))


def _copy(view, docnum: int, similar: int) -> Copy:
    stored = view.stored_fields(docnum)
    return Copy(stored["id"], stored.get("path", ""), stored.get("title", ""), stored.get("outlet", ""),
                dates.iso(view.column("day", docnum) or 0), stored.get("date_from", ""), similar,
                dates.iso(stored.get("file_day", 0)))


def related(ix, text: str, doc_id: str | None, limit: int = 10) -> Results:
    """The documents most like a text (index.related), best first; doc_id:
    the text's own id in the index, left out."""
    from reader.index.related import related_plan

    started = time.perf_counter()
    with ix.reader() as reader:
        view = View(reader)
        plan = related_plan(view, text)
        scores = Ranker(view).run(plan) if plan is not None else {}
        own = view.docnum(doc_id) if doc_id else None
        scores.pop(own, None)
        results = Results(f"related:{doc_id or '-'}", len(scores), 1, limit)
        results.hits = [_hit(view, d, i + 1, s, []) for i, (d, s) in enumerate(top(scores, limit))]
    results.seconds = time.perf_counter() - started
    return results


def copy_groups(ix, copies) -> list[tuple[Hit, list[Copy]]]:
    """Every group of copies in the corpus, the largest first: its oldest
    document (undated ones last) and the copies of it (index.copies), the
    most alike first."""
    with ix.reader() as reader:
        view = View(reader)
        days = view.whole_column("day", 0)
        order = sorted(copies.linked, key=lambda d: (not days[d], days[d] or 0, d))
        groups = sorted(copies.groups(order), key=lambda g: -len(g[1]))  # stable: the older first among equals
        return [(_hit(view, d, i + 1, 0.0, []), [_copy(view, o, p) for o, p in sorted(members, key=lambda m: -m[1])])
                for i, (d, members) in enumerate(groups)]


class _NoWords:
    """What a query of filters only highlights: nothing."""

    words, phrases, uses_names, said = [], [], False, []


def _matches(view, request: Request, names, budget, ranks: int | None = None):
    """({docnum: score} of every match, the compiled query): the query's
    words ranked, then its filters (and the request's own) applied."""
    tree, said = request.tree, []
    latin = request.latin and any("a" <= c <= "z" for c in request.text.lower())
    arabic = request.latin and names is not None and any("\u0621" <= c <= "\u064a" for c in request.text)
    if latin or arabic:
        from contextlib import nullcontext

        from reader.index.engine.latin import also_latin, read_back

        with names.frequencies() if names is not None else nullcontext(None) as named:
            if latin:
                tree, said = read_back(view, tree, named)
            if arabic:
                tree, also = also_latin(view, tree, named)
                said += also
    rest, wanted, unwanted = split_filters(tree)
    wanted += request.filters
    if rest is None:
        comp = _NoWords()
        scores = {d: 0.0 for d in view.live()}
    else:
        ag = frequencies(view)
        comp = _names_first(compile_query(rest, ag), rest, names, ag)
        scores = _scores(view, comp, names, budget, ranks)
    if wanted or unwanted:
        scores = _filtered(view, scores, wanted, unwanted)
    comp.said = said
    return scores, comp


# A run of words is a name when the name index has it in this many documents.
NAME_RUN_DOCS = 2


def _names_first(comp, tree, names, ag):
    """The compiled query with its runs of unquoted words that the name
    index knows as one name (علي عبدالله صالح) ranked first: the documents
    holding the run as written above those where its words are scattered."""
    runs = word_runs(tree)
    if not runs or names is None:
        return comp
    found, taken = [], set()
    with names.known(NAME_RUN_DOCS) as known:
        for a, b, text in runs:  # the longest name first, none overlapping
            if not taken & set(range(a, b)) and known(name_plan(text)):
                found.append(text)
                taken |= set(range(a, b))
    return preferring(comp, found, ag) if found else comp


def _filtered(view, scores: dict[int, float], wanted, unwanted) -> dict[int, float]:
    days = view.whole_column("day", 0) if any(f.kind == "date" for f in wanted + unwanted) else None
    keys = view.whole_column("source", b"") if any(f.kind == "source" for f in wanted + unwanted) else None

    def holds(f, d: int) -> bool:
        if f.kind == "date":
            return f.lo <= (days[d] or 0) <= f.hi and bool(days[d])
        key = keys[d].decode("utf-8") if isinstance(keys[d], bytes) else (keys[d] or "")
        values = f.value.split("|")  # an outlet's every spelling (query.with_outlet_aliases)
        return any(key.startswith(v) for v in values) if f.prefix else (key in values or key.split(".")[0] in values)

    return {d: s for d, s in scores.items()
            if all(holds(f, d) for f in wanted) and not any(holds(f, d) for f in unwanted)}


def _date_key(view, sort: str):
    """The key that puts (docnum, score) items in a date sort's order (date:
    oldest first, -date: newest), the better score first within a day,
    undated articles last."""
    days = view.whole_column("day", 0)
    sign = 1 if sort == "date" else -1
    return lambda item: (not days[item[0]], sign * (days[item[0]] or 0), -item[1], item[0])


def _by_date(view, scores: dict[int, float], sort: str, count: int) -> list[tuple[int, float]]:
    """The count first in a date sort's order (_date_key)."""
    import heapq

    key = _date_key(view, sort)
    if count >= len(scores):
        return sorted(scores.items(), key=key)
    return heapq.nsmallest(count, scores.items(), key=key)


def timeline(ix, request: Request, by: str, names=None, budget=None) -> tuple[list[tuple[str, int]], int]:
    """([(period, matching articles)] from the first period to the last,
    empty ones included, and how many matches have no day)."""
    if by not in dates.BY:
        raise QueryError(f"unknown period {by!r}: use {', '.join(dates.BY)}")
    with ix.reader() as reader:
        view = View(reader)
        scores, _comp = _matches(view, request, names, budget, ranks=0)  # counted, not ranked
        days = view.whole_column("day", 0)
        found = [days[d] for d in scores if days[d]]
    undated = len(scores) - len(found)
    if not found:
        return [], undated
    counts: dict[str, int] = {}
    for day in found:
        label = dates.bucket(day, by)
        counts[label] = counts.get(label, 0) + 1
    return [(label, counts.get(label, 0)) for label in dates.buckets_between(min(found), max(found), by)], undated


def matching_paths(ix, request: Request, names=None, budget=None) -> tuple[list[str], str]:
    """The path of every document a query matches, best first (reader search
    -l), read from the path column: no stored fields, no snippets; and the
    notice a search would carry. A file holding several matching articles
    is named once."""
    with ix.reader() as reader:
        view = View(reader)
        sort = request.sort
        scores, _comp = _matches(view, request, names, budget, None if sort == "relevance" else 0)
        order = top(scores, len(scores)) if sort == "relevance" else _by_date(view, scores, sort, len(scores))
        paths = list(dict.fromkeys(view.column("path", d) for d, _score in order))
    return ([p.decode("utf-8", "surrogateescape") if isinstance(p, bytes) else p for p in paths],
            _joined(limited_notice(view), _said(_comp)))


def concordance(ix, request: Request, names=None, budget=None, max_docs: int | None = None):
    """Every occurrence of the query's matched forms in context, in the first
    max_docs matching documents (None: all), in the search's order."""
    from reader.index.engine.concordance import Concordance, lines_of

    started = time.perf_counter()
    with ix.reader() as reader:
        view = View(reader)
        sort = request.sort
        scores, comp = _matches(view, request, names, budget, None if sort == "relevance" else 0)
        count = len(scores) if max_docs is None else min(max_docs, len(scores))
        order = top(scores, count) if sort == "relevance" else _by_date(view, scores, sort, count)
        lines = lines_of(view, comp, order, budget)
        notice = _joined(limited_notice(view), _said(comp))
    return Concordance(request.text, lines, len(scores), len(order), time.perf_counter() - started, notice)


def suggestion(ix, request: Request) -> str | None:
    """Did you mean (index.suggestions), from this index's exact forms."""
    from reader.index.suggestions import suggestion

    with ix.reader() as reader:
        view = View(reader)
        return suggestion(request, lambda norm: view.doc_frequency("exact", norm))


def _scores(view, comp, names, budget, ranks: int | None = None) -> dict[int, float]:
    if names is not None and comp.uses_names:
        with names.lookup(view) as lookup:
            return Ranker(view, lookup, budget, ranks).run(comp.plan)
    return Ranker(view, budget=budget, ranks=ranks).run(comp.plan)


def _said(comp) -> str:
    """The line saying which Latin-letter names were searched as which Arabic spellings, or ""."""
    if not comp.said:
        return ""
    from reader.index.engine.latin import said_line

    return said_line(comp.said)


def _joined(*lines: str) -> str:
    return "; ".join(x for x in lines if x)


def limited_notice(view) -> str:
    """A line saying which prefixes were cut to their most frequent words, or ""."""
    if not view.limited:
        return ""
    from reader.index.engine.ranking import MAX_EXPANSION

    cut = ", ".join(f"{p}* ({n:,} words)" for p, n in sorted(view.limited.items()))
    return f"searched only the {MAX_EXPANSION} most frequent words of {cut}: type more letters to reach the rest"


def list_documents(ix) -> list[DocumentInfo]:
    """Every document, sorted by id."""
    with ix.searcher() as s:
        view = View(s.reader())
        days = view.whole_column("day", 0)
        docs = []
        for d in view.live():
            f = view.stored_fields(d)
            docs.append(DocumentInfo(f["id"], f.get("path", ""), f.get("title", ""), f.get("author", ""),
                                     dates.iso(days[d]), f.get("outlet", ""), f.get("date_from", ""),
                                     dates.iso(f.get("file_day", 0)), f.get("encoding") == "ocr"))
    return sorted(docs, key=lambda d: d.id)


def document(ix, doc_id: str) -> Document | None:
    """A document by id, as indexed; None if the index has no such id."""
    with ix.reader() as reader:
        view = View(reader)
        docnum = view.docnum(doc_id)
        if docnum is None:
            return None
        stored = view.stored_fields(docnum)
        text = view.column("text", docnum).decode("utf-8", "surrogatepass")
        day = view.column("day", docnum) or 0
    return Document(stored["id"], Path(stored["path"]), text, stored.get("title", ""), stored.get("author", ""),
                    stored.get("encoding", "utf-8"), paragraphs(text), stored.get("hash", ""),
                    file=split_record(stored["id"])[0], day=day, date_from=stored.get("date_from", ""),
                    outlet=stored.get("outlet", ""), url=stored.get("url", ""), file_day=stored.get("file_day", 0))



def docnums(ix) -> dict[str, int]:
    """{id: document number} of every live document."""
    with ix.reader() as reader:
        return View(reader).ids()


def catalog(ix) -> dict[str, str]:
    """{id: text hash} of every document in the index."""
    with ix.reader() as r:
        return {f["id"]: f.get("hash", "") for f in r.all_stored_fields()}


def texts(ix, wanted: set[str], share: tuple[int, int] = (0, 1)):
    """(id, hash, text) of the wanted documents, in index order; share=(i, n)
    gives every n-th document from the i-th, so n workers split the work.
    Found through the id column: an update's few documents are read
    without unpickling every document's stored fields."""
    part, parts = share
    with ix.reader() as reader:
        view = View(reader)
        ids = view.ids()
        found = sorted(ids[i] for i in wanted if i in ids)
        for n, docnum in enumerate(found, 1):
            if n % parts != part:
                continue
            stored = view.stored_fields(docnum)
            text = view.column("text", docnum).decode("utf-8", "surrogatepass")
            yield stored["id"], stored.get("hash", ""), text


def highlight_terms(ix, query: str) -> tuple[list, list]:
    """The words and phrases a query lights in a text, read as its search reads them."""
    from reader.index.compiler import highlight_terms as terms

    with ix.reader() as reader:
        return terms(query, frequencies(View(reader)))


def matching_ids(ix, query: str) -> set[str]:
    """The ids of every document a query matches (no ranking, no names)."""
    with ix.reader() as reader:
        view = View(reader)
        comp = compile_query(query)
        docnums = Ranker(view).match(comp.plan)
        if not docnums:
            return set()
        return {doc_id for doc_id, d in view.ids().items() if d in docnums}
