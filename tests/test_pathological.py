"""Articles built to make the display and highlighting paths slow (issue 25).

Each case was quadratic (or worse) in the text: 76 s for the snippets of an
article of 50,000 short lines, 19 s to print a 1 MB paragraph with its hits.
Scaling is checked by comparing a size with four times that size: linear
work takes some 4 times as long, quadratic work 16 times; the bound in
between is wide, and the times are the best of a few runs with the garbage
collector off, so a busy machine does not fail the test.
"""

from __future__ import annotations

import gc
import time

from conftest import wait_until
from reader.index.compiler import highlight_terms
from reader.index.snippets import highlight_spans, make_snippets

WORD = "التنظيم"
RATIO = 9.0  # 4 times the text: linear 4-5, quadratic 16 and more


def _best(fn, runs: int) -> float:
    best = float("inf")
    gc.disable()
    try:
        for _ in range(runs):
            started = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - started)
    finally:
        gc.enable()
    return best


def assert_linear(make, size: int, factor: int = 4, bound: float = RATIO) -> None:
    """make(n) gives a function doing the work on a text of size n: the work
    on factor * n costs less than bound times the work on n. The large size
    runs once, and again only while it looks too slow (a pause of the machine)."""
    small, large = make(size), make(factor * size)
    large()  # warm caches (analyse(), the reshaper) on both sizes' words
    base = _best(small, 5)
    took = float("inf")
    for _ in range(3):
        took = min(took, _best(large, 1))
        if took < bound * base:
            return
    raise AssertionError(f"{size}: {base:.4f} s, {factor * size}: {took:.4f} s ({took / base:.1f} times)")


def _terms():
    return highlight_terms(WORD)


def _lines(n: int) -> str:
    """An article of n short lines (paragraphs), each holding the word."""
    return "\n".join(f"سطر {i} {WORD}" for i in range(n))


def _repeated(n: int) -> str:
    """One paragraph of the word n times (a title of 40,000 of them)."""
    return " ".join([WORD] * n)


def test_snippets_are_linear_in_the_lines_holding_the_word():
    words, phrases = _terms()
    assert_linear(lambda n: (lambda text=_lines(n): make_snippets(text, words, phrases)), 4000)


def test_snippets_are_linear_in_one_paragraph_of_hits():
    words, phrases = _terms()
    assert_linear(lambda n: (lambda text=_repeated(n): make_snippets(text, words, phrases)), 4000)


def test_snippets_of_an_article_of_50000_lines_take_well_under_the_76_seconds_they_took():
    words, phrases = _terms()
    text = _lines(50_000)
    started = time.perf_counter()
    shown = make_snippets(text, words, phrases)
    assert time.perf_counter() - started < 10
    assert len(shown) == 2 and all(s.highlights for s in shown)


def test_a_word_longer_than_a_snippet_is_cut_around_its_hit():
    """No space for thousands of characters: the snippet is cut mid-word
    at the hit, not stretched back to the paragraph's start (which left the
    hit outside it)."""
    words, phrases = _terms()
    text = "ب" * 5000 + " " + WORD + " " + "ب" * 5000
    (s,) = make_snippets(text, words, phrases, 1)
    assert s.highlights and len(s.text) <= 230
    a, b = s.highlights[0]
    assert s.text[a:b] == WORD


def test_snippets_and_highlights_stop_when_the_search_is_cancelled():
    import pytest

    from reader.index.errors import SearchCancelled
    from reader.index.budget import Budget

    words, phrases = _terms()
    text = _lines(20_000)
    with pytest.raises(SearchCancelled):
        make_snippets(text, words, phrases, budget=Budget(cancelled=lambda: True))
    with pytest.raises(SearchCancelled):
        highlight_spans(text, words, phrases, budget=Budget(cancelled=lambda: True))


# --- the display layer --------------------------------------------------------


def _paragraph_with_hits(n: int):
    from reader.display.layout import Style

    text = _repeated(n)
    step = len(WORD) + 1
    return text, [Style(i, i + len(WORD), "hit") for i in range(0, len(text), step)]


def test_laying_out_a_paragraph_is_linear_in_its_hits():
    from reader.display.layout import Paragraph

    def make(n):
        text, styles = _paragraph_with_hits(n)
        return lambda: Paragraph(text, 0, True).lines(80, styles)

    assert_linear(make, 2000)


def test_a_row_of_harakat_is_joined_in_linear_time():
    """800,000 harakat are one row (they take no cell): its runs were built
    a character at a time, copying the run each time."""
    from reader.display.layout import Paragraph

    def make(n):
        (line,) = Paragraph("\u064e" * n, 0, True).lines(80)
        return line.runs

    assert_linear(make, 100_000)


def test_styles_land_on_their_characters_in_both_directions():
    from reader.display.layout import Paragraph, Style, Styles

    text = "abc التنظيم def"
    styles = Styles([Style(4, 11, "hit"), Style(0, 3, "ent-ORG"), Style(9, 13, "shared")])
    for shape in (True, False):
        (line,) = Paragraph(text, 0, shape).lines(80, styles)
        for off, names in zip(line.offsets, line.styles):
            assert names == tuple(n for a, b, n in ((4, 11, "hit"), (0, 3, "ent-ORG"), (9, 13, "shared")) if a <= off < b)


def test_show_with_a_query_prints_a_1_mb_paragraph_in_seconds(tmp_path):
    """reader show --query on one 1 MB paragraph: 19 s and more before."""
    import io

    from reader.cli.output import Output, print_document
    from reader.index.files.corpus import Document

    text = _repeated(125_000)  # 1 MB
    hits = [(i, i + len(WORD)) for i in range(0, len(text), len(WORD) + 1)]
    doc = Document("big", tmp_path / "big.txt", text, "", "", "utf-8", [(0, len(text))], "")
    out = io.StringIO()
    started = time.perf_counter()
    print_document(doc, out, Output(False, True, 80), hits)
    assert time.perf_counter() - started < 20
    assert out.getvalue().count(WORD) == 125_000


# --- the TUI ------------------------------------------------------------------


async def test_a_key_in_a_long_query_costs_what_it_costs_in_a_short_one(seeds):
    """The query box laid the whole value out three times on every key: a
    5,000-character paste typed in (tmux send-keys) froze the TUI for 30 s.
    Only the part around the cursor is laid out, once per key."""
    from textual.widgets import Input

    from reader.index.files.corpus import make_roots
    from reader.core.library import Library
    from reader.tui.app import ReaderApp

    app = ReaderApp(Library(make_roots([seeds])), shape=True)
    async with app.run_test(size=(80, 24)) as pilot:
        box = app.query_one("#query", Input)

        def make(n):
            start = (WORD + " ") * n

            def key():
                for letter in "سوريا":  # five keys typed at the end
                    box.value += letter
                    box.cursor_position = len(box.value)
                    box.visual_cursor()
                    box.render_line(0)

            def run():
                box.value = start
                key()

            return run

        await pilot.pause()
        # 150 words and 2,400 (1,200 and 19,200 characters): the same cost
        assert_linear(make, 150, factor=16, bound=4)
        box.value = (WORD + " ") * 2400 + "سوريا"
        box.cursor_position = len(box.value)
        assert "ﺎﻳﺭﻮﺳ" in box.render_line(0).text  # the end typed is shown, shaped


def _big_corpus(tmp_path, n: int = 125_000):
    """The seeds and one article of a single paragraph of about 8n characters."""
    import shutil

    from conftest import SEEDS

    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    (folder / "big.txt").write_text("عنوان المقال\n\n" + _repeated(n) + " آخر الكلام\n", encoding="utf-8")
    return folder


async def _search(pilot, app, query: str) -> None:
    """Search as a person does (the query typed, Enter) and wait for the results."""
    from textual.widgets import Input

    app.query_one("#query", Input).value = query
    await pilot.press("enter")
    await wait_until(pilot, lambda: app.results is not None, "the results", timeout=30)


async def test_opening_a_1_mb_paragraph_lays_out_only_what_is_in_view(tmp_path):
    """The TUI laid a whole document out when it opened: 126 s for one 1 MB
    paragraph with its hits, keys (Ctrl+Q too) unanswered meanwhile. Only
    the start is laid out; the rest as it comes into view."""
    from reader.index.files.corpus import make_roots
    from reader.core.library import Library
    from reader.tui.app import ReaderApp
    from reader.tui.reading import PIECE, ReadingPane

    app = ReaderApp(Library(make_roots([_big_corpus(tmp_path)])), shape=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.ready, "the index opening", timeout=60)
        await _search(pilot, app, WORD)
        started = time.perf_counter()
        app.open_document("big.txt")
        await pilot.pause()
        assert time.perf_counter() - started < 10
        pane = app.query_one("#reading", ReadingPane)
        assert pane._layout_of.laid.size <= 4 * PIECE  # not the megabyte
        await wait_until(pilot, lambda: len(pane.hits) == 125_000, "the hits lit", timeout=30)  # found in a worker
        assert pane._layout_of.laid.size <= 4 * PIECE
        app.screen.set_focus(pane)
        await pilot.press("G")  # the end: laid out as it comes into view
        await pilot.pause()
        shown = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "ﻡﻼﻜﻟﺍ" in shown  # the last word, shaped
        assert pane._layout_of.laid.size <= 8 * PIECE
        # the rows counted before they were laid out give way to the real ones
        assert pane.virtual_size.height == len(pane._rows)


def test_a_long_paragraph_is_laid_out_in_pieces_that_start_rows():
    from reader.display.layout import pieces

    text = "ab cd " * 10 + "x" * 30 + "\u064e" * 3 + "y"
    cuts = pieces(text, 0, len(text), 16)
    assert cuts[0][0] == 0 and cuts[-1][1] == len(text)
    assert all(b == c for (_a, b), (c, _d) in zip(cuts, cuts[1:]))  # nothing lost, nothing twice
    assert all(b - a <= 16 for a, b in cuts)
    assert all(text[b - 1] == " " for _a, b in cuts[:3])  # cut after a space where there is one
    assert all(text[a] != "\u064e" for a, _b in cuts)  # never before a mark


def test_a_title_of_40000_words_costs_a_result_row_no_more_than_a_short_one():
    """A result's title is shown in two rows: the whole title was laid out
    (a JSON title repeating a word 40,000 times: 50 s a search in the TUI)."""
    from reader.display.layout import one_line
    from reader.tui.rows import clipped

    def make(n):
        title = _repeated(n)
        return lambda: (clipped(title, 76, True, rows=2), one_line(title))

    assert_linear(make, 2500, factor=16, bound=4)
    lines = clipped(_repeated(40_000), 76, True, rows=2)
    assert len(lines) == 2 and lines[-1].text.strip().startswith("…")  # cut, and says so


def test_800000_harakat_show_as_30_on_their_letter_in_well_under_the_16_seconds_they_took(tmp_path):
    """Marks stack on one cell, where a terminal shows nothing of hundreds;
    Unicode's stream-safe format allows 30 in a row. The offsets of those
    kept still point at them."""
    import io

    from reader.cli.output import Output, print_document
    from reader.display.layout import MAX_MARKS, Paragraph
    from reader.index.files.corpus import Document

    text = "ب" + "\u064e" * 800_000 + " كتب"
    doc = Document("h", tmp_path / "h.txt", text, "", "", "utf-8", [(0, len(text))], "")
    out = io.StringIO()
    started = time.perf_counter()
    print_document(doc, out, Output(True, False, 80), [])
    assert time.perf_counter() - started < 5
    assert out.getvalue().count("\u064e") == MAX_MARKS
    (line,) = Paragraph(text, 0, True).lines(80)
    marks = [off for ch, off in zip(line.chars, line.offsets) if ch == "\u064e"]
    assert sorted(marks) == list(range(1, MAX_MARKS + 1))


async def test_escape_stops_the_hits_of_a_long_document_being_found(tmp_path):
    """Escape said "search cancelled" while the CPU stayed at 99%: the work
    went on. The hits of a long document are found in a worker that stops
    when Escape cancels it."""
    from reader.index.files.corpus import make_roots
    from reader.core.library import Library
    from reader.tui.app import ReaderApp
    from reader.tui.reading import ReadingPane

    app = ReaderApp(Library(make_roots([_big_corpus(tmp_path, 250_000)])), shape=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.ready, "the index opening", timeout=60)
        await _search(pilot, app, WORD)
        app.open_document("big.txt")
        app.action_cancel()
        started = time.perf_counter()
        await wait_until(pilot, lambda: not any(w.is_running for w in app.workers if w.group == "highlight"),
                         "the end of the highlighting worker", timeout=5)
        assert time.perf_counter() - started < 2
        assert app.query_one("#reading", ReadingPane).hits == []
        assert "cancelled" in app.query_one("#status").said


def test_snippets_read_an_article_s_first_200000_characters():
    """A 10 MB article's snippets took seconds of every search that found it."""
    from reader.index.snippets import SNIPPET_TEXT

    words, phrases = _terms()
    late = "ب " * SNIPPET_TEXT + WORD
    (s,) = make_snippets(late, words, phrases, 1)
    assert s.highlights == [] and s.start == 0  # the opening, unlit
    assert_linear(lambda n: (lambda text=_repeated(n): make_snippets(text, words, phrases)), 40_000, factor=16, bound=4)
