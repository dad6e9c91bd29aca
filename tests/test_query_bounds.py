"""No query may hold the machine, crash, or be taken for index damage (issue 11)."""

from __future__ import annotations

import re
import threading
import time

import pytest

from conftest import WORDS, make_news, run_reader, wait_until
from reader.index import query as q
from reader.index.errors import SearchCancelled
from reader.index.query import QueryError, parse
from reader.core.library import Library


@pytest.mark.parametrize("text, message", [
    ("\udcffالخلا*", "not UTF-8"),  # a bad byte of the command line
    ("داعش\ud800", "not UTF-8"),  # a lone surrogate
    ("داعش\x9bسوريا", "U+009B"),  # a C1 control (CSI)
    ("\x1b]2;x\x07", "U+001B"),
    ("اـ*", "at least 2 letters"),  # tatweel is no letter
    ("اَ*", "at least 2 letters"),  # nor are harakat
    ("ـــ*", "at least 2 letters"),
    ("(" * 330 + "داعش" + ")" * 330, "more than 20 deep"),
    ("NOT " * 30 + "داعش سوريا", "NOT"),
    ("كلمة" + " سوريا" * 1100, "characters long"),
    (" ".join(f"ك{i}" for i in range(60)), "60 words"),
    ('"' + " ".join(f"ك{i}" for i in range(60)) + '"', "60 words"),
])
def test_a_query_past_the_bounds_is_one_line_error(text, message):
    with pytest.raises(QueryError, match=re.escape(message)) as e:
        parse(text)
    assert "\n" not in str(e.value)


def test_nesting_to_the_bound_still_parses():
    depth = q.MAX_DEPTH
    assert parse("(" * depth + "داعش" + ")" * depth) == q.Word("داعش")


def test_a_word_given_twice_counts_once():
    assert parse("داعش " * 40) == q.Word("داعش")
    assert parse("(داعش OR سوريا) داعش داعش") == q.And((q.Or((q.Word("داعش"), q.Word("سوريا"))), q.Word("داعش")))


def test_a_bad_byte_in_a_query_is_a_query_error_not_index_damage(seeds):
    r = run_reader("--corpus", str(seeds), "search", "داعش")  # the index is built
    assert r.returncode == 0
    for query in ("\udcffالخلا*", "a\udc9bb"):
        r = run_reader("--corpus", str(seeds), "search", query)
        assert r.returncode == 2 and r.stderr.count("\n") == 1, r.stderr
        assert "not UTF-8" in r.stderr and "rebuild" not in r.stderr and "indexing" not in r.stderr
        assert "\x9b" not in r.stdout + r.stderr and r.stdout == ""


def test_surrogates_in_process_never_rebuild(seeds):
    lib = Library.of([seeds])
    lib.open()
    rebuilt = []
    lib.update = lambda *a, **k: rebuilt.append(1)
    for query in ("\udcff", "داعش \udcff*", "\ud800سوريا"):
        with pytest.raises(QueryError):
            lib.search(query)
    assert rebuilt == []


@pytest.fixture(scope="module")
def news(tmp_path_factory):
    folder = tmp_path_factory.mktemp("news")
    make_news(folder, 400)
    return folder


def test_a_prefix_of_too_many_words_searches_the_commonest_and_says_so(news, monkeypatch):
    from reader.index.engine import ranking

    lib = Library.of([news])
    full = lib.search("ال*", limit=None)
    assert full.notice == ""  # under the bound
    monkeypatch.setattr(ranking, "MAX_EXPANSION", 3)
    cut = lib.search("ال*", limit=None)
    assert "searched only the 3 most frequent words of ال*" in cut.notice
    assert 0 < cut.total <= full.total
    paths, notice = lib.paths("ال*")  # reader search -l says it too
    assert len(paths) == cut.total and "most frequent" in notice


def test_a_search_past_its_time_stops_with_one_line(news, monkeypatch):
    from reader.index import budget

    monkeypatch.setattr(budget.Budget.__init__, "__defaults__", (0.0, None))
    with pytest.raises(QueryError, match="took over 0 s and was stopped"):
        Library.of([news]).search("السعودية OR النفط")


def test_a_cancelled_search_stops_between_terms(news, monkeypatch):
    from reader.index.engine.postings import View

    reads = []
    real = View.postings

    def counted(self, field, term):
        reads.append(term)
        return real(self, field, term)

    monkeypatch.setattr(View, "postings", counted)
    lib = Library.of([news])
    lib.open()
    with pytest.raises(SearchCancelled):
        lib.search(" OR ".join(["السعودية", "النفط", "اليمن", "التعليم"]), cancelled=lambda: len(reads) >= 2)
    assert len(reads) == 2


async def test_escape_in_the_tui_stops_the_search_itself(news, monkeypatch):
    """Escape used to leave a long search running for minutes."""
    from reader.index.engine.postings import View
    from reader.tui.app import ReaderApp
    from textual.widgets import Input

    reads = []
    real = View.postings

    def slow(self, field, term):
        reads.append(term)
        time.sleep(0.05)  # a slow disk: the search takes long enough to be stopped midway
        return real(self, field, term)

    lib = Library.of([news])
    ended = threading.Event()
    real_search = lib.search

    def search(*args, **kwargs):  # the app's search, in its worker: when it returns or raises
        try:
            return real_search(*args, **kwargs)
        finally:
            ended.set()

    app = ReaderApp(lib, shape=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.ready, "the index opening")
        monkeypatch.setattr(View, "postings", slow)
        monkeypatch.setattr(lib, "search", search)
        app.query_one("#query", Input).value = " OR ".join(WORDS[:40])  # 160 term reads: 8 s
        await pilot.press("enter")
        await wait_until(pilot, lambda: reads, "the search's first term read")
        await pilot.press("escape")  # handled when press() returns: the search's worker is cancelled
        after_escape = len(reads)
        await wait_until(pilot, ended.is_set, "the search's end", timeout=30)
        assert len(reads) <= after_escape + 1 < 160  # the term being read, at most: not the 160
