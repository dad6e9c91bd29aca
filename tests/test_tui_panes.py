"""Two documents side by side in the TUI: the panes, scrolled together or
not, two versions of a story compared (behind the screen), a search made
with two panes open, and the documents most like the open one."""

from __future__ import annotations

import pytest

pytest.importorskip("textual")

from conftest import wait_until
from reader.core.library import Library
from reader.index.files.corpus import make_roots
from tuikit import make_app, open_first, two_open, wait_compared


async def test_two_articles_side_by_side(seeds):
    from textual.widgets import OptionList

    from reader.tui.reading import ReadingPane

    app = make_app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first(app, pilot, "الخلافة")
        first = app.query_one("#reading", ReadingPane)
        listing = app.query_one("#results", OptionList)
        listing.focus()
        await pilot.press("down", "o")
        await pilot.pause()
        second = app.query_one("#second", ReadingPane)
        assert second.display and not listing.display
        assert first.doc.id != second.doc.id
        assert app.focused is second
        # each pane keeps its own position; rows fit each half at 80 columns
        await pilot.press("j", "j")
        assert second.cursor == 2 and first.cursor == 0
        for pane in (first, second):
            width = pane.scrollable_content_region.width - 2
            assert width >= 30 and all(line.cells <= width for _p, line in pane._rows)
        await pilot.press("w")
        assert not second.display and listing.display


async def test_sync_scroll_moves_the_other_pane(seeds):
    from textual.widgets import OptionList

    from reader.tui.reading import ReadingPane

    app = make_app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first(app, pilot, "الخلافة")
        app.query_one("#results", OptionList).focus()
        await pilot.press("down", "o")
        await pilot.pause()
        first, second = app.query_one("#reading", ReadingPane), app.query_one("#second", ReadingPane)
        await pilot.press("G")  # alone: the first pane stays where it is
        await pilot.pause()
        assert second.scroll_y > 0 and first.scroll_y == 0
        await pilot.press("s", "g", "G")
        await wait_until(pilot, lambda: first.scroll_y == first.max_scroll_y > 0, "the first pane following")
        assert first.scroll_y == first.max_scroll_y > 0


async def test_sync_scroll_keeps_a_page_down_and_costs_nothing_when_idle(seeds, monkeypatch):
    """With sync on, PageDown in one pane stays where it went and the other
    pane follows once; then nothing moves: no message echoes between the
    panes (it once did, forever, at 84-92% of a core)."""
    from reader.tui.reading import ReadingPane

    app = make_app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        first, second = await two_open(app, pilot)
        await pilot.press("s")
        await wait_until(pilot, lambda: first.max_scroll_y > 0 and second.max_scroll_y > 0, "both panes laid out")
        page = second.scrollable_content_region.height
        await pilot.press("pagedown")
        await pilot.wait_for_animation()  # the page down's scroll is over
        await wait_until(pilot, lambda: second.scroll_y == min(page, second.max_scroll_y)
                         and first.scroll_y == round(second.scroll_y / second.max_scroll_y * first.max_scroll_y),
                         "the page down, followed")
        assert second.scroll_y == min(page, second.max_scroll_y)  # not undone
        assert first.scroll_y == round(second.scroll_y / second.max_scroll_y * first.max_scroll_y)
        scrolled, drawn = [], []
        real_post, real_render = ReadingPane.post_message, ReadingPane.render_line
        monkeypatch.setattr(ReadingPane, "post_message", lambda self, m: (scrolled.append(m) if isinstance(m, ReadingPane.Scrolled) else None, real_post(self, m))[1])
        monkeypatch.setattr(ReadingPane, "render_line", lambda self, y: (drawn.append(y), real_render(self, y))[1])
        await pilot.pause(1.0)  # an idle second: time must pass to see that nothing moves or is drawn
        assert (scrolled, drawn) == ([], [])
        # and the first pane leads as well: the second follows it
        first.focus()
        before = first.scroll_y
        await pilot.press("pageup")
        await pilot.wait_for_animation()
        await wait_until(pilot, lambda: first.scroll_y == max(0, before - first.scrollable_content_region.height)
                         and second.scroll_y == round(first.scroll_y / first.max_scroll_y * second.max_scroll_y),
                         "the page up, followed")
        assert first.scroll_y == max(0, before - first.scrollable_content_region.height) < before
        assert second.scroll_y == round(first.scroll_y / first.max_scroll_y * second.max_scroll_y)


async def test_a_search_made_with_two_panes_open_shows_its_results(seeds):
    from textual.widgets import Input, OptionList

    app = make_app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        first, second = await two_open(app, pilot)
        listing = app.query_one("#results", OptionList)
        assert second.display and not listing.display
        box = app.query_one("#query", Input)
        box.focus()
        await pilot.pause()
        box.value = "داعش"
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.results.query == "داعش", "the new search")
        await pilot.pause()
        assert listing.display and listing.option_count == app.results.total > 0
        assert app.focused is listing
        assert not second.display  # one pane again, beside the results


async def test_two_versions_side_by_side_mark_their_shared_passages_and_keep_them_in_step(tmp_path):
    from corpora import COPY, WIRE

    from reader.tui.app import ReaderApp

    def paragraphs(text):  # one sentence a paragraph: the cursor goes passage by passage
        return "\n\n".join(s.strip() + ("" if s.strip().endswith(".") else ".") for s in text.replace("\n", ". ").split(". ") if s.strip())

    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "wire.txt").write_text("خطة الطاقة لخفض النفط\n\n" + paragraphs(WIRE), "utf-8")
    (corpus / "copy.txt").write_text("الطاقة تخفض إنتاج النفط\n\n" + paragraphs(COPY), "utf-8")
    app = ReaderApp(Library(make_roots([corpus])), shape=True)
    async with app.run_test(size=(80, 24)) as pilot:
        first, second = await two_open(app, pilot, "الطاقة")
        assert {first.doc.id, second.doc.id} == {"wire.txt", "copy.txt"}
        pairs = [[p.pair for p in pane.passages if p.shared] for pane in (first, second)]
        assert pairs[0] and sorted(pairs[0]) == sorted(pairs[1])  # the same numbers in both
        assert "passages in common" in app.query_one("#status").said
        for pane in (first, second):  # the gutter shows them, and "+" for the rest
            marks = [pane._gutter_of(para, line)[0] for para, line in pane._rows]
            assert any(m.strip() == "1=" for m in marks) and any(m.strip() == "+" for m in marks)
            assert all(line.cells <= pane.scrollable_content_region.width - pane.margin for _p, line in pane._rows)
        # the cursor on a shared passage in one pane brings its counterpart to the other's
        app.screen.set_focus(first)
        last = max(p.pair for p in first.passages if p.shared)
        target = next(i for i, p in enumerate(first.passages) if p.pair == last)
        para = next(i for i, (s, e) in enumerate(first.doc.paragraphs) if s <= first.passages[target].start < e)
        while first.cursor < para:
            await pilot.press("j")
        await pilot.pause()
        s, e = second.doc.paragraphs[second.cursor]
        assert any(p.pair == last and s <= p.start < e for p in second.passages)
        assert second.scroll_offset.y <= second._first_row[second.cursor] < second.scroll_offset.y + second.size.height
        await pilot.press("w")  # one pane: nothing compared
        await pilot.pause()
        assert first.passages == [] and first.margin == 2


async def test_two_documents_are_compared_behind_the_screen(seeds, monkeypatch):
    """A long comparison (two reports of 0.5 MB take seconds) never holds the
    keys: the panes answer while it runs, and the marks come after."""
    import time as _time

    from textual.widgets import OptionList

    from reader.core import alignment

    real = alignment.compare
    # a slow comparison: the keys below come while it runs
    monkeypatch.setattr(alignment, "compare", lambda a, b: (_time.sleep(1.0), real(a, b))[1])
    app = make_app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first(app, pilot, "الخلافة")
        app.query_one("#results", OptionList).focus()
        await pilot.press("down", "o")
        await wait_until(pilot, lambda: "comparing" in app.query_one("#status").said, "the comparison under way")
        second = app.query_one("#second")
        start = second.cursor
        await pilot.press("j")  # the keys still reach the pane
        await wait_until(pilot, lambda: second.cursor == start + 1, "the cursor moved")
        assert second.cursor == start + 1 and "comparing" in app.query_one("#status").said
        await wait_compared(app, pilot)
        assert "comparing" not in app.query_one("#status").said


async def test_related_documents_fill_the_results_and_open_beside_the_first(tmp_path):
    from textual.widgets import OptionList

    from corpora import story_corpus

    from reader.tui.app import ReaderApp
    from reader.tui.reading import ReadingPane

    app = ReaderApp(Library(make_roots([story_corpus(tmp_path)])), shape=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first(app, pilot, "أوبك")  # the follow-up story
        first = app.query_one("#reading", ReadingPane)
        assert first.doc.id == "follow.txt"
        await pilot.press("r")
        await wait_until(pilot, lambda: app.related_to == "follow.txt", "the related documents")
        listing = app.query_one("#results", OptionList)
        ids = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
        assert set(ids[:2]) == {"wire.txt", "copy.txt"} and "follow.txt" not in ids and "football.txt" not in ids
        assert "most like" in app.query_one("#status").said
        app.screen.set_focus(listing)
        await pilot.press("enter")
        await pilot.pause()
        second = app.query_one("#second", ReadingPane)
        assert second.display and second.doc.id == ids[0] and first.doc.id == "follow.txt"  # beside it
        await pilot.press("/")
        await pilot.pause()
        from textual.widgets import Input

        app.query_one("#query", Input).value = "الدوري"
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.related_to is None and app.results.query == "الدوري", "a new search")
