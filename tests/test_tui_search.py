"""The TUI's search: the query box and what is typed in it, a query's error,
the results list (its rows, where the highlight is, copies folded under a
result), more pages as the highlight nears the end, a search cancelled, and
the rows laid out again when the terminal resizes."""

from __future__ import annotations

import pytest

pytest.importorskip("textual")

from conftest import wait_until
from reader.core.library import Library
from reader.index.files.corpus import make_roots
from tuikit import make_app, open_first, screen_rows, search_rows, visual, wait_index, wait_results


async def test_bad_query_shows_its_error_in_place(seeds):
    from textual.widgets import Input

    app = make_app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_index(app, pilot)
        app.query_one("#query", Input).value = '"خلايا'
        await pilot.press("enter")
        await wait_until(pilot, lambda: "unclosed quote" in app.query_one("#status").said, "the query's error")
        assert "unclosed quote" in app.query_one("#status").said


async def test_query_box_shows_arabic_shaped_with_the_cursor_where_the_next_letter_goes(seeds):
    from textual.widgets import Input

    app = make_app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        box = app.query_one("#query", Input)
        box.value = "داعش"
        box.cursor_position = 4
        await pilot.pause()
        row = box.render_line(0).text
        shown = row.strip()
        assert shown == "ﺶﻋﺍﺩ"  # joined forms, in visual order: the first letter on the right
        # the next letter goes to the left of the last one typed (ش, leftmost)
        assert box.visual_cursor() == -1
        box.cursor_position = 0  # before the first letter: at its right
        assert box.visual_cursor() == 4
        box.value = "داعش 2019"
        box.cursor_position = len(box.value)  # after the digits, which run left to right
        line_text = box.render_line(0).text.strip()
        assert line_text.startswith("2019")
        assert box.visual_cursor() == 4  # right after "2019" at the left of the row


async def test_a_title_cut_to_two_rows_ends_in_an_ellipsis(seeds):
    from rich.cells import cell_len
    from textual.widgets import OptionList

    app = make_app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        rows = (await search_rows(app, pilot, "الخلافة"))["000_4988a48e5e8b9510.txt"]
        width = app.query_one("#results", OptionList).content_region.width - 4
        title = app.results.hits[1].title
        assert len(rows[0].strip()) + len(rows[1].strip()) < len(title)  # cut
        assert rows[1].lstrip().startswith("…")  # at the end of the Arabic title: its left
        assert "…" not in rows[0] and all(cell_len(r) <= width for r in rows[:2])


async def test_results_say_which_one_of_how_many_is_highlighted(seeds):
    from textual.widgets import OptionList

    app = make_app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await search_rows(app, pilot, "الخلافة")
        listing = app.query_one("#results", OptionList)
        assert listing.border_subtitle == "1 of 4"
        await pilot.press("down", "down")
        assert listing.border_subtitle == "3 of 4"
        assert any("3 of 4" in row for row in screen_rows(app))  # drawn, under the list


async def test_a_snippet_that_repeats_the_title_is_skipped(seeds):
    from reader.tui.results import repeats_title as _repeats_title

    app = make_app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        # the match is in the title: the first snippet is the title itself, the second is shown
        rows = (await search_rows(app, pilot, "الخلافة"))["001_4842e351d2c85202.txt"]
        hit = app.results.hits[0]
        assert hit.snippets[0].text == hit.title and not _repeats_title(hit.snippets[1].text, hit.title)
        assert rows[2].strip().endswith(visual("التنظيم الذي تمدد"))  # its first words, on the right
        # the only snippet is the title: none is shown, the day (and score) follow the title
        rows = (await search_rows(app, pilot, "تحرير"))["004_6a18982ae2c37ec8.txt"]
        assert len(rows) == 3 and rows[2].startswith("undated · ")  # the seeds' days are only their files' times
    # a title the index cut, and the paragraph it was cut from
    assert _repeats_title("رغم الهزائم يشكل التنظيم تهديدا فعليا في سوريا.", "رغم الهزائم يشكل التنظيم…")
    assert not _repeats_title("وقال إن الهزائم لم تنه التنظيم", "رغم الهزائم يشكل التنظيم…")


def _caliphate_reports(folder, count: int):
    """count articles that each mention الخلافة once: a query with count hits of near-equal scores."""
    from conftest import write

    for i in range(count):
        write(folder / f"doc{i:02}.txt", f"خبر رقم {i}\n\nتقرير عن الخلافة في سوريا رقم {i}.")
    return folder


async def test_long_result_lists_load_a_page_at_a_time(tmp_path, monkeypatch):
    from textual.widgets import Input, OptionList

    from reader.tui import app as app_mod
    from reader.tui.app import ReaderApp

    monkeypatch.setattr(app_mod, "PAGE", 10)
    app = ReaderApp(Library(make_roots([_caliphate_reports(tmp_path, 35)])), shape=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_index(app, pilot)
        app.query_one("#query", Input).value = "الخلافة"
        await pilot.press("enter")
        await wait_results(app, pilot)
        listing = app.query_one("#results", OptionList)
        assert listing.option_count == 10 and app.results.total == 35
        for _ in range(40):
            await pilot.press("down")
            # on the last row listed, the next page must have come: a down there would be lost
            await wait_until(pilot, lambda: listing.highlighted < listing.option_count - 1
                             or listing.option_count == app.results.total, "the next page")
        await wait_until(pilot, lambda: listing.option_count == 35, "every page")
        assert listing.option_count == 35
        assert len({listing.get_option_at_index(i).id for i in range(35)}) == 35


async def test_more_results_continue_the_one_ranking_and_survive_a_resize(tmp_path):
    """At scale, with many equal scores: the pages the list loads as the
    highlight nears its end are the next ranks of one search, none twice,
    and resizing after that lays them out again (it once raised DuplicateIds)."""
    from conftest import make_news
    from reader.tui.app import PAGE, ReaderApp
    from textual.widgets import Input, OptionList

    lib = Library(make_roots([make_news(tmp_path / "news", 600)]))
    app = ReaderApp(lib, shape=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_index(app, pilot)
        # the copies pass behind the TUI folds the copies (a third of these
        # articles) in every search after it: the pages and the search below
        # must both come after it, or both before
        await wait_until(pilot, lambda: app.library.copies_current(), "the copies pass")
        app.query_one("#query", Input).value = "السعودية"
        await pilot.press("enter")
        await wait_results(app, pilot)
        listing = app.query_one("#results", OptionList)
        assert listing.option_count == PAGE and app.results.total > 3 * PAGE
        for _ in range(2 * PAGE + 5):
            await pilot.press("down")
        await wait_until(pilot, lambda: listing.option_count >= 3 * PAGE, "three pages")
        shown = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
        assert shown == [h.id for h in lib.search("السعودية", limit=len(shown), snippets=0).hits]
        for size in ((100, 30), (80, 24)):
            before = listing.get_option_at_index(0)
            await pilot.resize_terminal(*size)
            # laid out again: the rows are made anew for the new width
            await wait_until(pilot, lambda: listing.get_option_at_index(0) is not before, f"the rows laid out at {size}")
        assert [listing.get_option_at_index(i).id for i in range(listing.option_count)] == shown


async def test_a_results_page_that_fails_says_so_and_is_asked_for_again(tmp_path, monkeypatch):
    from textual.widgets import OptionList

    from reader.tui import app as app_mod
    from reader.tui.app import ReaderApp

    monkeypatch.setattr(app_mod, "PAGE", 10)
    app = ReaderApp(Library(make_roots([_caliphate_reports(tmp_path, 25)])), shape=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await search_rows(app, pilot, "الخلافة")
        listing = app.query_one("#results", OptionList)
        real = app.library.search
        failing = [True]

        def search(request, **kw):
            if request.page > 1 and failing[0]:
                raise OSError(5, "Input/output error")
            return real(request, **kw)

        monkeypatch.setattr(app.library, "search", search)
        for _ in range(7):
            await pilot.press("down")
        await wait_until(pilot, lambda: "cannot load more results" in app.query_one("#status").said, "the failure said")
        status = app.query_one("#status").said
        assert "cannot load more results (page 2)" in status and "Input/output error" in status
        assert listing.option_count == 10
        failing[0] = False
        await pilot.press("down")
        await wait_until(pilot, lambda: listing.option_count == 20, "the second page, asked for again")


async def test_results_are_laid_out_again_when_the_terminal_resizes(seeds):
    from textual.widgets import OptionList

    app = make_app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first(app, pilot, "الخلافة")
        listing = app.query_one("#results", OptionList)

        def widest() -> int:
            return max(len(r) for i in range(listing.option_count) for r in listing.get_option_at_index(i).prompt.plain.split("\n"))

        narrow = widest()
        await pilot.resize_terminal(160, 40)
        await wait_until(pilot, lambda: widest() > narrow + 10, "the rows laid out for 160 columns")
        assert widest() > narrow + 10
        assert widest() <= listing.content_region.width


async def test_escape_cancels_a_running_search(seeds, monkeypatch):
    import threading
    import time as _time

    import reader.index.engine.search
    from textual.widgets import Input

    real = reader.index.engine.search.search
    started, ended = threading.Event(), threading.Event()

    def slow(*a, **k):
        started.set()
        _time.sleep(0.6)  # a slow search: Escape comes while it runs
        try:
            return real(*a, **k)
        finally:
            ended.set()

    app = make_app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_index(app, pilot)
        monkeypatch.setattr(reader.index.engine.search, "search", slow)
        app.query_one("#query", Input).value = "داعش"
        await pilot.press("enter")
        await wait_until(pilot, started.is_set, "the search under way")
        await pilot.press("escape")
        await wait_until(pilot, ended.is_set, "the cancelled search's end")
        await pilot.pause()  # what the search's worker does after it: its results, if it wrongly gave them
        assert app.results is None
        assert "cancelled" in app.query_one("#status").said


async def test_copies_fold_under_a_result_and_x_shows_them_to_open(tmp_path):
    from textual.widgets import Input, OptionList

    from corpora import copies_corpus

    from reader.tui.app import ReaderApp
    from reader.tui.reading import ReadingPane

    app = ReaderApp(Library(make_roots([copies_corpus(tmp_path)])), shape=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_index(app, pilot)
        # the copies pass runs behind the TUI, before the entities
        await wait_until(pilot, lambda: app.library.copies_current(), "the copies pass")
        app.query_one("#query", Input).value = "الخلافة"
        await pilot.press("enter")
        await wait_results(app, pilot)
        await wait_until(pilot, lambda: app.results.grouped, "grouped results")
        listing = app.query_one("#results", OptionList)
        rows = listing.option_count
        assert rows == len(app.results.hits) == app.results.total
        assert "copies folded" in app.query_one("#status").said
        lead = next(i for i, h in enumerate(app.results.hits) if h.copies)
        assert "+2 copies" in listing.get_option_at_index(lead).prompt.plain
        app.screen.set_focus(listing)
        listing.highlighted = lead
        await pilot.press("x")
        await pilot.pause()
        assert listing.option_count == rows + 2 and listing.highlighted == lead + 1  # on the first copy
        copy_rows = [listing.get_option_at_index(lead + k) for k in (1, 2)]
        assert {o.id for o in copy_rows} == {c.id for c in app.results.hits[lead].copies}
        assert all("↳ " in o.prompt.plain and "%" in o.prompt.plain for o in copy_rows)
        assert listing.border_subtitle.startswith(f"{lead + 1} of")
        listing.highlighted = lead + 2  # a copy's row counts as its result's
        await pilot.pause()
        assert listing.border_subtitle.startswith(f"{lead + 1} of")
        await pilot.press("enter")
        await pilot.pause()
        assert app.query_one("#reading", ReadingPane).doc.id == copy_rows[1].id
        app.screen.set_focus(listing)
        listing.highlighted = lead + 1  # x on a copy folds its result's copies
        await pilot.press("x")
        await pilot.pause()
        assert listing.option_count == rows and listing.highlighted == lead


async def test_results_shown_before_the_copies_are_found_are_folded_when_they_are(tmp_path, monkeypatch):
    import threading

    from textual.widgets import Input

    from corpora import copies_corpus

    from reader.tui.app import ReaderApp

    shown = threading.Event()
    find = Library.find_copies

    def after_the_first_results(self, *args, **kwargs):
        shown.wait(10)  # the pass ends only once the user has results in front of them
        return find(self, *args, **kwargs)

    monkeypatch.setattr(Library, "find_copies", after_the_first_results)
    app = ReaderApp(Library(make_roots([copies_corpus(tmp_path)])), shape=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_index(app, pilot)
        app.query_one("#query", Input).value = "الخلافة"
        await pilot.press("enter")
        await wait_results(app, pilot)
        assert not app.results.grouped and app.results.folded == 0
        shown.set()
        await wait_until(pilot, lambda: app.results.grouped, "the results searched again, folded")
        assert app.results.folded == 2


async def test_a_short_page_lists_the_articles_with_all_the_words_but_one_after_the_hits(tmp_path):
    from conftest import write

    corpus = tmp_path / "c"
    write(corpus / "all.txt", "لبنان\n\nخرجت مظاهرات في بيروت احتجاجا على تراكم النفايات في الشوارع.")
    write(corpus / "rubbish.txt", "أزمة\n\nتراكمت النفايات في شوارع بيروت بعد إغلاق المطمر الرئيسي.")
    app = make_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        rows = await search_rows(app, pilot, "مظاهرات النفايات بيروت")
        assert list(rows) == ["all.txt", "rubbish.txt"]  # the match first
        assert not any("without" in r for r in rows["all.txt"])
        assert rows["rubbish.txt"][-1] == "without: " + visual("مظاهرات")
        assert "1 more holds all the words but one" in app.query_one("#status").said
