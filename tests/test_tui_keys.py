"""The TUI's keys: the footer at 80 columns, ? for every key, the command
palette (reader's commands, the documents' titles), and keys sent at
machine speed (a paste, tmux send-keys) reaching where the focus went."""

from __future__ import annotations

import pytest

pytest.importorskip("textual")

from conftest import wait_until
from reader.index.files.corpus import read_path
from reader.tui.focus import focus_now
from tuikit import key_events, make_app, open_first, search_rows, visual, wait_index, wait_palette


async def _palette_rows(app, pilot, typed: str = "") -> list[str]:
    from textual.command import CommandInput, CommandList, CommandPalette

    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
    await wait_palette(app, pilot)
    if typed:
        app.screen.query_one(CommandInput).value = typed
        await wait_palette(app, pilot)
    listing = app.screen.query_one(CommandList)
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


async def _close_palette(app, pilot):
    from textual.command import CommandPalette

    for _ in range(3):  # the first Escape may only close its list
        if not isinstance(app.screen, CommandPalette):
            return
        await pilot.press("escape")
        await pilot.pause()


async def test_the_footer_fits_80_columns(seeds):
    """Every key the footer shows is on screen, left of the palette's,
    with ?, e, E and w among them (they were cut off at 80 columns)."""
    app = make_app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first(app, pilot, "الخلافة")
        for where, own in (("#reading", {"n", "b"}), ("#results", {"o"})):
            focus_now(app.query_one(where))
            # the footer made again for the focused part, and laid out
            await wait_until(pilot, lambda own=own: own <= {k.key for k in app.screen.query("FooterKey") if k.region.width},
                             f"the footer's keys for {where}")
            keys = list(app.screen.query("FooterKey"))
            palette = next(k for k in keys if k.key == "ctrl+p")
            shown = {k.key for k in keys if k is not palette and k.region.width and k.region.right <= palette.region.x}
            assert shown == {k.key for k in keys if k is not palette}, where  # none cut off
            assert {"question_mark", "e", "E", "w", "slash", "ctrl+q"} | own <= shown, where


async def test_question_mark_shows_the_keys(seeds):
    app = make_app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first(app, pilot, "داعش")
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen.query("HelpPanel")
        await pilot.press("question_mark")
        await pilot.pause()
        assert not app.screen.query("HelpPanel")


async def test_the_palette_lists_readers_commands_at_once(seeds):
    app = make_app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_index(app, pilot)
        rows = await _palette_rows(app, pilot)
        assert any(r.startswith("Re-index the corpus") for r in rows)
        assert any(r.startswith("Shaping: off") for r in rows)


async def test_the_palette_shows_titles_shaped_on_one_row_and_matches_them_as_written(seeds):
    import re

    from rich.cells import cell_len

    app = make_app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_index(app, pilot)
        rows = [r for r in await _palette_rows(app, pilot, "Open") if r.startswith("Open: ")]
        assert len(rows) == 5
        for row in rows:
            assert "\n" not in row and cell_len(row) <= 80 - 6  # one row: the palette does not wrap it again
            assert not re.search("[\u0621-\u064a]", row)  # no logical-order Arabic: shaped forms only
        # cut where it is too long, with an ellipsis at the title's end (its left)
        assert any(r.startswith("Open: …") for r in rows)
        assert any(visual("تحرير آخر جيوب") in r for r in rows)
        await _close_palette(app, pilot)
        # typed as written (logical order), an Arabic word finds its title
        rows = [r for r in await _palette_rows(app, pilot, "جيوب") if r.startswith("Open: ")]
        assert len(rows) == 1 and "004_" in rows[0]


async def test_the_palette_and_a_bookmark_read_behind_the_screen(seeds, monkeypatch):
    """The titles the palette lists (seconds on a large corpus) and a
    bookmark's file (a PDF takes seconds) are read in a worker's thread:
    the screen never freezes for them."""
    import threading

    from reader.tui.bookmarks_screen import BookmarksScreen
    from reader.tui.reading import ReadingPane
    from reader.userdata.bookmarks import BookmarkStore

    text = (seeds / "004_6a18982ae2c37ec8.txt").read_text("utf-8")
    store = BookmarkStore()
    store.add(str(seeds), "004_6a18982ae2c37ec8.txt", read_path(seeds / "004_6a18982ae2c37ec8.txt"), 0, 10, note="")
    store.close()
    app = make_app(seeds)
    threads: dict[str, list] = {"documents": [], "read": []}
    for name in threads:
        real = getattr(app.library, name)
        monkeypatch.setattr(app.library, name, lambda *a, _real=real, _name=name:
                            (threads[_name].append(threading.current_thread()), _real(*a))[1])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_index(app, pilot)
        assert len([r for r in await _palette_rows(app, pilot, "Open") if r.startswith("Open: ")]) == 5
        await _close_palette(app, pilot)
        app.query_one("#reading", ReadingPane).focus()
        await pilot.press("B")
        await wait_until(pilot, lambda: isinstance(app.screen, BookmarksScreen), "the bookmarks")
        await pilot.press("enter")
        pane = app.query_one("#reading", ReadingPane)
        await wait_until(pilot, lambda: pane.doc is not None and pane.doc.text == text, "the bookmark's document")
    assert threads["documents"] and threads["read"]
    assert all(t is not threading.main_thread() for t in threads["documents"] + threads["read"])


async def test_keys_at_machine_speed_reach_the_query_box(seeds):
    """"/", Ctrl+U and a query sent back to back (a paste, tmux send-keys):
    all queued before the app handles the first. The focus moves at "/",
    so the rest lands in the box (it went to the reading pane, lost)."""
    from textual import events
    from textual.widgets import Input

    app = make_app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first(app, pilot, "خلافته")
        box = app.query_one("#query", Input)
        assert app.focused is not box and box.value == "خلافته"
        for event in [*key_events("/"), events.Key("ctrl+u", None), *key_events("داعش في سوريا"), events.Key("enter", "\r")]:
            app.post_message(event)
        await wait_until(pilot, lambda: app.results.query == "داعش في سوريا", "the pasted query's search")
        assert box.value == "داعش في سوريا"


async def test_tab_then_a_key_at_machine_speed_leaves_the_box_first(seeds):
    from textual import events
    from textual.widgets import Input, OptionList

    app = make_app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await search_rows(app, pilot, "الخلافة")
        box = app.query_one("#query", Input)
        focus_now(box)
        await pilot.pause()
        for event in (events.Key("tab", "\t"), *key_events("j")):
            app.post_message(event)
        await wait_until(pilot, lambda: app.focused is app.query_one("#results", OptionList), "the focus on the results")
        await pilot.pause()  # the j, queued behind the Tab, handled
        assert box.value == "الخلافة"  # the j was not typed in the box it had left
        assert app.focused is app.query_one("#results", OptionList)
