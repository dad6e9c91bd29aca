"""The screens at 80 columns: what gives way, what is kept whole, and the
I/O that Enter no longer does on the UI thread."""

from __future__ import annotations

import shutil
import threading

import pytest

from reader.tui.focus import focus_now
from conftest import SEEDS
from conftest import wait_until as _wait_until
from reader.index.files.corpus import make_roots
from reader.core.library import Library

pytest.importorskip("textual")


def _app(root):
    from reader.tui.app import ReaderApp

    return ReaderApp(Library(make_roots([root])), shape=True)


def _screen_rows(app) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def _search(app, pilot, query: str) -> None:
    from textual.widgets import Input

    await _wait_until(pilot, lambda: app.ready, "opening the index")
    app.query_one("#query", Input).value = query
    await pilot.press("enter")
    await _wait_until(pilot, lambda: app.results is not None, "the results")
    await pilot.pause()


async def _two_documents(app, pilot) -> None:
    """The first two results of الخلافة side by side."""
    from reader.tui.reading import ReadingPane

    await _search(app, pilot, "الخلافة")
    await pilot.press("enter")
    await pilot.pause()
    focus_now(app.query_one("#results"))
    await pilot.press("down", "o")
    await _wait_until(pilot, lambda: app.query_one("#second", ReadingPane).doc is not None, "the second document")


def _copies(tmp_path):
    """Five articles whose ids differ only at their end, as a benchmark's do."""
    root = tmp_path / "news"
    root.mkdir()
    for i, seed in enumerate(sorted(SEEDS.glob("*.txt"))):
        shutil.copy(seed, root / f"saudinewsnet_article_0000{i}.txt")
    return root


def test_a_result_line_gives_way_score_first_and_keeps_the_id_s_end():
    from types import SimpleNamespace

    from reader.tui.rows import cut_id, cut_middle, hit_line

    hit = SimpleNamespace(date="2019-03-15", date_from="file", outlet="سبق", score=42.31, id="snn_000283", missing=())
    line = lambda width: "".join(text for text, _ in hit_line(hit, width, True))  # noqa: E731
    assert line(60) == "~2019-03-15 · ﻖﺒﺳ · 42.31 · snn_000283"
    partial = hit
    hit = SimpleNamespace(**{**vars(partial), "missing": ("مظاهرات",)})  # all the words but one: no score
    assert line(60) == "~2019-03-15 · ﻖﺒﺳ · snn_000283"
    hit = partial
    assert line(32) == "~2019-03-15 · ﻖﺒﺳ · snn_000283"  # the score gave way
    assert line(26) == "~2019-03-15 · snn_000283"  # then the outlet
    assert line(22) == "~2019-03-15 · sn…00283"  # then the id, in its middle
    assert cut_middle("000_4988a48e5e8b9510.txt", 14) == "000_…b9510.txt"
    assert cut_middle("snn_000283", 10) == "snn_000283"
    # an outlet is cut before the id is: an export's id keeps its file and record
    hit = SimpleNamespace(date="2015-07-21", date_from="", outlet="alweeam", score=9.1, id="news00.jsonl#366", missing=())
    assert line(36) == "2015-07-21 · alw… · news00.jsonl#366"
    assert line(29) == "2015-07-21 · news00.jsonl#366"
    assert line(24) == "2015-07-21 · news00…#366"
    assert cut_id("000_4988a48e5e8b9510.txt", 14) == "000_…e5e8b9510"  # the extension goes first


async def test_at_80_columns_each_result_shows_an_id_that_tells_it_apart(tmp_path):
    from textual.widgets import OptionList

    app = _app(_copies(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await _search(app, pilot, "الخلافة")
        listing = app.query_one("#results", OptionList)
        shown = [listing.get_option_at_index(i).prompt.plain.split("\n")[-1].split(" · ")[-1]
                 for i in range(listing.option_count)]
        ids = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
        assert len(ids) >= 3
        for row, doc_id in zip(shown, ids):
            head, _, tail = row.partition("…")
            assert doc_id.startswith(head) and tail in doc_id and len(tail) >= 5, (row, doc_id)
        assert len(set(shown)) == len(shown)  # no two rows alike


async def test_a_long_status_wraps_to_a_second_row_rather_than_being_cut(seeds):
    app = _app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await _wait_until(pilot, lambda: app.ready, "opening the index")
        line = "cannot open " + "/".join(f"folder{i}" for i in range(9)) + "/article.txt: permission denied"
        app.say(line)
        await pilot.pause()
        shown = "".join(row.strip() for row in _screen_rows(app)[3:5])
        assert "permission denied" in shown and app.query_one("#status").region.height == 2


async def test_ctrl_c_says_how_to_quit_without_markup(seeds):
    app = _app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await _wait_until(pilot, lambda: app.ui_ready, "the panes")
        focus_now(app.query_one("#reading"))  # in the query box Ctrl+C copies
        await pilot.press("ctrl+c")
        await pilot.pause()
        (note,) = list(app._notifications)
        assert note.message == "Press ^q to quit the app" and "[" not in note.message


async def test_the_palette_shows_typed_arabic_shaped(seeds):
    from textual.command import CommandInput

    from reader.display.layout import Paragraph

    app = _app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await _wait_until(pilot, lambda: app.ready, "opening the index")
        await pilot.press("ctrl+p")
        await pilot.pause()
        box = app.screen.query_one(CommandInput)
        box.value = "خلايا نائمة"
        await pilot.pause()
        drawn = box.render_line(0).text
        assert Paragraph("خلايا نائمة", 0, True).lines(100)[0].text.strip() in drawn
        assert "خلايا" not in drawn  # no logical-order Arabic reaches the screen


async def test_at_80_columns_the_entity_list_stands_in_for_the_other_pane(seeds):
    from reader.tui.reading import ReadingPane

    app = _app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await _two_documents(app, pilot)
        first, second = app.query_one("#reading", ReadingPane), app.query_one("#second", ReadingPane)
        focus_now(first)
        await pilot.press("E")
        await pilot.pause()
        panel = app.query_one("#entities")
        assert panel.display and first.display and not second.display
        assert panel.region.width >= 35 and first.region.width >= 35  # two columns of 80, not three
        await pilot.press("escape")
        await pilot.pause()
        assert first.display and second.display and not panel.display


async def test_from_100_columns_the_entity_list_stands_beside_two_panes(seeds):
    app = _app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await _two_documents(app, pilot)
        await pilot.press("E")
        await pilot.pause()
        assert all(app.query_one(f"#{name}").display for name in ("entities", "reading", "second"))


async def test_enter_reads_the_names_and_the_bookmarks_in_a_worker(seeds):
    """Enter shows the text; the entity store and the bookmark scan are read
    behind the screen, then coloured and marked."""
    from reader.tui.reading import ReadingPane

    app = _app(seeds)
    threads = []
    async with app.run_test(size=(80, 24)) as pilot:
        await _search(app, pilot, "الخلافة")
        real = app.library.entities

        def entities(doc):  # the real entity store, its caller's thread noted
            threads.append(threading.current_thread())
            return real(doc)

        app.library.entities = entities
        opened = []  # the app's own bookmark store, opened when first needed
        real_store = app.library.bookmark_store
        app.library.bookmark_store = lambda: opened.append(threading.current_thread()) or real_store()
        first = app.results.hits[0].id
        app.open_document(first)
        pane = app.query_one("#reading", ReadingPane)
        store = real_store()
        where = app.library.where(pane.doc)
        store.add(where[0], where[1], pane.doc, *pane.doc.paragraphs[1])
        store.close()
        app.open_document(app.results.hits[1].id)
        app.open_document(first)  # opened again: its bookmark is found by the scan
        await _wait_until(pilot, lambda: pane.marked == {1} and pane.entities, "the names and the bookmark")
        assert threads and all(t is not threading.main_thread() for t in threads)
        assert opened == []  # the app's own store is opened on first b or B, not on Enter
