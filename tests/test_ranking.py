"""Ranking that does not depend on the page: on thousands of documents with
many equal and near-equal scores, pages 1..k at limit L are exactly the
first k*L hits of one search, in the same order, none twice."""

from __future__ import annotations

import pytest

from conftest import make_news
from reader.index.files.corpus import make_roots
from reader.core.library import Library


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    """3,000 articles with many equal and near-equal scores (make_news)."""
    folder = make_news(tmp_path_factory.mktemp("corpus"), 3000)
    library = Library(make_roots([folder]), base=tmp_path_factory.mktemp("cache"))
    library.update()
    library.find_entities()
    return library


QUERIES = [
    "السعودية",  # a plain word, in most documents
    "الرياض النفط",  # AND
    "اليمن OR الحوثيين OR إيران",  # OR
    '"ولي العهد"',  # a phrase
    "الاقتصاد NOT الأسواق",  # NOT
    "الاستثما*",  # a prefix
    "title:الرياض",  # a field
    "author:العتيبي",
    "place:جدة OR place:مكة",  # entity fields, joined from the name index
    "(السعودية OR المملكة) -النفط",
]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("limit", [7, 20, 50])
def test_pages_are_slices_of_one_ranking(lib, query, limit):
    pages = 4
    one = lib.search(query, limit=pages * limit, snippets=0)
    assert one.total > pages * limit, f"{query}: too few hits to test paging"
    concatenated = []
    for page in range(1, pages + 1):
        r = lib.search(query, page=page, limit=limit, snippets=0)
        assert r.total == one.total
        assert [h.rank for h in r.hits] == list(range((page - 1) * limit + 1, page * limit + 1))
        concatenated += [(h.id, h.score) for h in r.hits]
    assert concatenated == [(h.id, h.score) for h in one.hits]
    assert len({doc for doc, _s in concatenated}) == len(concatenated)


@pytest.mark.parametrize("query", QUERIES)
def test_every_hit_once_best_first_equal_scores_in_a_fixed_order(lib, query):
    every = lib.search(query, limit=None, snippets=0)
    assert len(every.hits) == every.total
    assert len({h.id for h in every.hits}) == every.total
    scores = [h.score for h in every.hits]
    assert scores == sorted(scores, reverse=True)
    assert len(set(scores)) < len(scores)  # there are ties, and they did not move between searches
    again = lib.search(query, limit=None, snippets=0)
    assert [h.id for h in again.hits] == [h.id for h in every.hits]


def test_the_scores_are_whooshs_own_bm25f(lib):
    """The ranker reads Whoosh's postings itself; its scores must be what
    Whoosh's exhaustive BM25F scoring gives for the same query."""
    from whoosh import collectors, scoring
    from whoosh import query as wq

    ours = {h.id: h.score for h in lib.search("الرياض", limit=None, snippets=0).hits}
    ix = lib.backend.store.open()
    with ix.searcher(weighting=scoring.BM25F()) as s:
        q = wq.AndMaybe(
            wq.Term("body", "رياض"),
            wq.Or([wq.Term("exact", "الرياض", boost=2.0), wq.Term("title_stem", "رياض", boost=1.5),
                   wq.Term("title_exact", "الرياض", boost=3.0)]),
        )
        c = collectors.TopCollector(limit=10**6, usequality=False, replace=0)
        s.search_with_collector(q, c)
        theirs = {s.stored_fields(d)["id"]: score for d, score in c.results().items()}
    ix.close()
    assert ours.keys() == theirs.keys()
    assert all(abs(ours[k] - theirs[k]) < 1e-9 * max(1.0, theirs[k]) for k in ours)
