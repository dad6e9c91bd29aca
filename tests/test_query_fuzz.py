"""A fuzzer of queries (issue 11): whatever is typed, a search answers or
says in one line what is wrong, never a traceback, within a set time."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SEEDS
from reader.errors import ReaderError
from reader.index.files.corpus import make_roots
from reader.core.library import Library

SECONDS = 3.0  # per query, on the seeds: the real bound is budget.SECONDS

# What people type and what an attacker would: Arabic words of the seeds,
# harakat, tatweel, operators, fields, quotes, stars, controls, bidi marks,
# bytes that are not UTF-8 (lone surrogates), Arabic-Indic digits.
PIECES = ["داعش", "الخلافة", "سوريا", "العراق", "ال", "ا", "ـ", "َ", "ّ", "*", "-", "(", ")", '"', "«", "»",
          " OR ", " AND ", " NOT ", "title:", "place:", "person:", "date:", "foo:", ":", " ", "  ", "\t", "\n",
          "٢٠١٥", "2015", "\x1b", "\x9b", "\x00", "\u202e", "\u200f", "\udcff", "\ud800", "ﻻ", "ﷺ", "\\", "?", "'"]

query = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=40).map("".join)


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    lib = Library(make_roots([SEEDS]), base=tmp_path_factory.mktemp("index"))
    lib.open()
    return lib


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=query)
def test_any_query_answers_or_is_one_line_error(lib, text):
    started = time.monotonic()
    try:
        results = lib.search(text, limit=5)
        assert results.total >= len(results.hits)
        for hit in results.hits:
            results.highlights(lib.document(hit.id).text)  # the reading pane's lights
    except ReaderError as e:
        assert "\n" not in str(e) and str(e)
    assert time.monotonic() - started < SECONDS, text
