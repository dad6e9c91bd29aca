"""The TUI's reading pane: a result opened, its hits lit and the cursor
moving through them, shaping switched off for terminals with bidi, y
copying text as written, and a document that cannot be read."""

from __future__ import annotations

import pytest

pytest.importorskip("textual")

from reader.core.library import Library
from reader.index.files.corpus import make_roots
from reader.tui.focus import focus_now
from tuikit import make_app, open_first, search_rows, wait_index, wait_results


async def test_search_then_open_a_result(seeds):
    from reader.tui.reading import ReadingPane
    from textual.widgets import Input, OptionList

    app = make_app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_index(app, pilot)
        assert isinstance(app.focused, Input)  # the query box has focus at start
        app.query_one("#query", Input).value = "خلافته"
        await pilot.press("enter")
        await wait_results(app, pilot)
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


async def test_shaping_can_be_switched_off_for_bidi_terminals(seeds):
    from reader.tui.reading import ReadingPane

    app = make_app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first(app, pilot, "خلافته")
        pane = app.query_one("#reading", ReadingPane)
        shaped = "".join(ch for _p, line in pane._rows for ch in line.chars)
        app.set_shaping(False)
        await pilot.pause()
        logical = "".join(ch for _p, line in pane._rows for ch in line.chars)
        assert any("\ufe70" <= c <= "\ufeff" for c in shaped)
        assert not any("\ufe70" <= c <= "\ufeff" for c in logical)
        assert "انتهت دولة" in logical
        assert len(app.documents()) == 5
        # kitty: the words in visual order, each one's shaped letters as written
        from reader.display.shaping import reshape
        from reader.display.terminal import WORDS

        app.set_shaping(WORDS)
        await pilot.pause()
        words = "".join(ch for _p, line in pane._rows for ch in line.chars)
        word = "".join(reshape("انتهت")[0])
        assert word in words and word[::-1] not in words and word[::-1] in shaped
        box = app.query_one("#query")
        box.value = "انتهت دولة"
        drawn = box.render_line(0).text
        assert word in drawn and word[::-1] not in drawn
        assert drawn.index(word) > drawn.index("".join(reshape("دولة")[0]))  # the first word on the right


async def test_y_copies_the_paragraph_or_the_selection_in_logical_order(seeds):
    """What a terminal's own selection would copy is presentation forms in
    visual order; y (and Ctrl+C on a selection) copies the text as written."""
    from textual.geometry import Offset
    from textual.selection import Selection

    from reader.tui.reading import MARGIN, ReadingPane

    app = make_app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first(app, pilot, "خلافته")
        pane = app.query_one("#reading", ReadingPane)
        await pilot.press("j", "j", "y")
        start, end = pane.passage()
        assert app.clipboard == pane.doc.text[start:end] and "\ufe70" > max(app.clipboard)  # logical letters
        # a selection of one whole row of a paragraph: that row's words, as written
        row = pane._first_row[pane.cursor]
        para, line = pane._rows[row]
        app.screen.selections = {pane: Selection(Offset(0, row), Offset(MARGIN + len(line.text), row))}
        await pilot.pause()
        await pilot.press("y")
        expected = pane.doc.text[min(line.offsets) : max(line.offsets) + 1]
        assert app.clipboard == expected and expected in pane.doc.text[start:end] and len(expected) > 10
        assert any(seg.style and seg.style.bgcolor for seg in pane.render_line(row - pane.scroll_offset.y))  # drawn selected
        # a real drag with the mouse, across the row, selects through the rows' offsets
        app.screen.clear_selection()
        y = row - int(pane.scroll_offset.y)
        await pilot.mouse_down(pane, offset=(MARGIN + line.pad, y))
        await pilot.hover(pane, offset=(MARGIN + len(line.text), y))
        await pilot.mouse_up(pane, offset=(MARGIN + len(line.text), y))
        await pilot.pause()
        assert app.screen.get_selected_text() == expected


async def test_y_copies_a_documents_escape_sequences_neutralized(tmp_path):
    from conftest import write
    from reader.tui.app import ReaderApp

    write(tmp_path / "c" / "a.txt", "عنوان\n\nفقرة عن داعش \x1b]2;PWNED\x07 في الرقة \u202eabc")
    app = ReaderApp(Library(make_roots([tmp_path / "c"])), shape=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first(app, pilot, "داعش")
        await pilot.press("G", "y")
        assert app.clipboard.startswith("فقرة عن داعش") and "الرقة" in app.clipboard
        assert not any(c in app.clipboard for c in "\x1b\x07\u202e")


async def test_a_document_that_cannot_be_read_says_so_in_the_status(seeds, monkeypatch):
    from textual.widgets import OptionList

    from reader.tui.reading import ReadingPane

    app = make_app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_index(app, pilot)
        await search_rows(app, pilot, "الخلافة")
        listing = app.query_one("#results", OptionList)

        def unreadable(doc_id):
            raise OSError(5, "Input/output error")

        monkeypatch.setattr(app.library, "document", unreadable)
        focus_now(listing)
        await pilot.press("enter")
        await pilot.pause()
        status = app.query_one("#status").said
        assert "cannot open 001_4842e351d2c85202.txt" in status and "Input/output error" in status
        assert app.query_one("#reading", ReadingPane).doc is None and app.is_running
        monkeypatch.setattr(app.library, "document", lambda doc_id: None)  # gone since the search
        await pilot.press("enter")
        await pilot.pause()
        assert "no longer in the index" in app.query_one("#status").said
