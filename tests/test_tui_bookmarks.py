"""Bookmarks in the TUI: b bookmarks the paragraph under the cursor with a
note, B lists them to jump to, delete and undo."""

from __future__ import annotations

import pytest

pytest.importorskip("textual")

from conftest import wait_until
from reader.index.files.corpus import read_path
from tuikit import make_app, open_first, screen_rows, wait_index


async def test_bookmark_the_paragraph_under_the_cursor(seeds):
    from reader.userdata.bookmarks import BookmarkStore
    from reader.tui.reading import ReadingPane

    app = make_app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first(app, pilot, "خلافته")
        pane = app.query_one("#reading", ReadingPane)
        await pilot.press("j", "j")
        start, end = pane.passage()
        await pilot.press("b")
        await pilot.pause()
        app.screen.query_one("#note").value = "ملاحظة"
        await pilot.press("enter")
        await pilot.pause()
        assert pane.cursor in pane.marked
        # Escape cancels without saving
        await pilot.press("j", "b")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    (b,) = BookmarkStore().all()
    assert (b.start, b.end, b.note, b.doc) == (start, end, "ملاحظة", "001_4842e351d2c85202.txt")
    assert b.exact == (seeds / b.doc).read_text("utf-8")[start:end]


async def test_the_note_dialog_hint_fits_80_columns(seeds):
    from reader.tui.dialogs import NoteDialog

    app = make_app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first(app, pilot, "خلافته")
        await pilot.press("b")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteDialog) and app.screen.query("#note-hint"), "the note dialog")
        hint = str(app.screen.query_one("#note-hint").render())
        await wait_until(pilot, lambda: any(hint in row for row in screen_rows(app)), "the hint drawn")
        assert "Enter" in hint and "Esc" in hint
        assert any(hint in row for row in screen_rows(app))  # drawn whole


async def test_bookmarks_screen_jump_delete_and_undo(seeds):
    from textual.widgets import OptionList

    from reader.userdata.bookmarks import BookmarkStore
    from reader.tui.bookmarks_screen import BookmarksScreen
    from reader.tui.reading import ReadingPane

    text = (seeds / "004_6a18982ae2c37ec8.txt").read_text("utf-8")
    start = text.index("وذكرت مصادر")
    store = BookmarkStore()
    store.add(str(seeds), "004_6a18982ae2c37ec8.txt", read_path(seeds / "004_6a18982ae2c37ec8.txt"), start, start + 11, note="رويترز")
    store.close()
    app = make_app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_index(app, pilot)
        app.query_one("#reading", ReadingPane).focus()
        await pilot.press("B")
        await pilot.pause()
        assert isinstance(app.screen, BookmarksScreen)
        listing = app.screen.query_one("#bookmarks", OptionList)
        assert listing.option_count == 1
        # laid out for the list's real width: the quote's first row is its whole width
        prompt = listing.get_option_at_index(0).prompt
        assert max(len(row) for row in prompt.plain.split("\n")) > 40
        await pilot.press("d")
        await pilot.pause()
        assert listing.option_count == 1 and "No bookmarks yet" in str(listing.get_option_at_index(0).prompt)
        await pilot.press("u")
        await pilot.pause()
        assert app.screen.query_one("#bookmarks", OptionList).option_count == 1
        await pilot.press("enter")
        pane = app.query_one("#reading", ReadingPane)
        await wait_until(pilot, lambda: pane.doc is not None, "the bookmark's document, read behind the screen")
        assert pane.doc.id == "004_6a18982ae2c37ec8.txt"
        s, e = pane.passage()
        assert s <= start < e  # the cursor is on the bookmarked paragraph
    (b,) = BookmarkStore().all()
    assert b.id == 1 and b.note == "رويترز"


async def test_an_empty_bookmarks_screen_says_how_to_add_one(seeds):
    from textual.widgets import OptionList

    from reader.tui.bookmarks_screen import BookmarksScreen

    app = make_app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first(app, pilot, "خلافته")
        await pilot.press("B")
        await wait_until(pilot, lambda: isinstance(app.screen, BookmarksScreen), "the bookmarks screen")
        await wait_until(pilot, lambda: "press b" in " ".join(" ".join(screen_rows(app)).split()), "the empty list drawn")
        listing = app.screen.query_one("#bookmarks", OptionList)
        assert listing.option_count == 1 and listing.get_option_at_index(0).disabled
        drawn = " ".join(" ".join(screen_rows(app)).split())
        assert "No bookmarks yet" in drawn and "press b" in drawn
        await pilot.press("enter", "d")  # nothing to open or delete: no error
        await pilot.pause()
        assert isinstance(app.screen, BookmarksScreen)
