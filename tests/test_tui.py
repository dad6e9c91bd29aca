"""The TUI with Pilot: search, open a result, move in the document."""

from __future__ import annotations

import pytest

from conftest import SEEDS
from index.corpus import make_roots
from index.store import IndexStore

pytest.importorskip("textual")


def _app(seeds):
    from reader.tui.app import ReaderApp

    return ReaderApp(IndexStore(make_roots([seeds])), shape=True)


async def _wait_index(app, pilot):
    for _ in range(200):
        if app.ix is not None:
            return
        await pilot.pause(0.05)
    raise AssertionError("the index never opened")


async def test_search_then_open_a_result(seeds):
    from reader.tui.reading import ReadingPane
    from textual.widgets import Input, OptionList

    app = _app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await _wait_index(app, pilot)
        assert isinstance(app.focused, Input)  # the query box has focus at start
        app.query_one("#query", Input).value = "خلافته"
        await pilot.press("enter")
        for _ in range(100):
            if app.results is not None:
                break
            await pilot.pause(0.05)
        listing = app.query_one("#results", OptionList)
        assert listing.option_count == 4
        assert listing.get_option_at_index(0).id == "001_4842e351d2c85202.txt"
        await pilot.press("enter")
        pane = app.query_one("#reading", ReadingPane)
        assert pane.doc is not None and pane.doc.id == "001_4842e351d2c85202.txt"
        assert app.focused is pane
        assert pane.hits  # خلافته and the other forms are lit
        # every row fits the pane and RTL rows end at its right edge
        width = pane.scrollable_content_region.width - 2
        assert all(line.cells <= width for _p, line in pane._rows)
        start = pane.cursor
        await pilot.press("j")
        assert pane.cursor == start + 1
        await pilot.press("G")
        assert pane.cursor == len(pane.doc.paragraphs) - 1
        await pilot.press("n")  # next hit wraps around to the first paragraph with one
        hit_paras = {i for i, (s, e) in enumerate(pane.doc.paragraphs) for a, _ in pane.hits if s <= a < e}
        assert pane.cursor in hit_paras


async def test_bad_query_shows_its_error_in_place(seeds):
    from textual.widgets import Input, Static

    app = _app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await _wait_index(app, pilot)
        app.query_one("#query", Input).value = '"خلايا'
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert "unclosed quote" in str(app.query_one("#status", Static).render())
