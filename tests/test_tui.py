"""The TUI with Pilot: search, open a result, move in the document."""

from __future__ import annotations

import pytest


from reader.tui.focus import focus_now
from conftest import READER, wait_until as _wait_until
from reader.index.files.corpus import make_roots
from reader.core.library import Library

pytest.importorskip("textual")


def _app(seeds):
    from reader.tui.app import ReaderApp

    return ReaderApp(Library(make_roots([seeds])), shape=True)


def _screen_rows(app) -> list[str]:
    """The screen's rows as drawn, the active screen on top."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def _wait_results(app, pilot):
    await _wait_until(pilot, lambda: app.results is not None, "the results")


async def _wait_index(app, pilot):
    await _wait_until(pilot, lambda: app.ready, "opening the index")


async def test_search_then_open_a_result(seeds):
    from reader.tui.reading import ReadingPane
    from textual.widgets import Input, OptionList

    app = _app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await _wait_index(app, pilot)
        assert isinstance(app.focused, Input)  # the query box has focus at start
        app.query_one("#query", Input).value = "خلافته"
        await pilot.press("enter")
        await _wait_results(app, pilot)
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
    from textual.widgets import Input

    app = _app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await _wait_index(app, pilot)
        app.query_one("#query", Input).value = '"خلايا'
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert "unclosed quote" in app.query_one("#status").said


async def test_query_box_shows_arabic_shaped_with_the_cursor_where_the_next_letter_goes(seeds):
    from textual.widgets import Input

    app = _app(seeds)
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


def _tmux_screen(session: str) -> str:
    import subprocess

    return subprocess.run(["tmux", "capture-pane", "-t", session, "-p"], capture_output=True, text=True).stdout


def test_real_terminal_in_tmux(seeds, tmp_path):
    """Type an Arabic query in tmux, open a result, read the screen."""
    import os
    import shutil
    import subprocess
    import time


    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (apt-get install tmux); .ci/run installs it")
    session = f"reader-test-{os.getpid()}"
    env_args = [f"{k}={v}" for k, v in os.environ.items() if k.startswith("XDG_") or k == "HOME"]
    cmd = ["env", *env_args, "TERM=xterm-256color", READER, "--corpus", str(seeds)]
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "80", "-y", "24", *cmd], check=True)

    def wait_for(predicate, seconds=30.0):
        deadline = time.time() + seconds
        while time.time() < deadline:
            screen = _tmux_screen(session)
            if predicate(screen):
                return screen
            time.sleep(0.2)
        raise AssertionError("screen never showed it:\n" + _tmux_screen(session))

    try:
        wait_for(lambda s: "documents; type a query" in s)
        subprocess.run(["tmux", "send-keys", "-t", session, "خلايا نائمة"], check=True)
        screen = wait_for(lambda s: "ﺔﻤﺋﺎﻧ ﺎﻳﻼﺧ" in s)  # the query as typed, shaped, in visual order
        assert "خلايا" not in screen  # no logical-order Arabic reaches the screen
        subprocess.run(["tmux", "send-keys", "-t", session, "Enter"], check=True)
        wait_for(lambda s: "2 documents match" in s)
        subprocess.run(["tmux", "send-keys", "-t", session, "Enter"], check=True)
        # the article opens: its title, shaped, right to left, in the reading
        # pane (half of 80 columns: two rows, the first words on the first)
        first, rest = "ﺎﻫﺮﻄﺧ ﻲﻘﺑﻭ 'ﺔﻓﻼﺨﻟﺍ' ﺔﻟﻭﺩ ﺖﻬﺘﻧﺍ", "ﺩﻭﺪﺤﻠﻟ ﺍﺮﺑﺎﻋ"
        def pane_rows(screen):  # the reading pane's side of each row
            return [line.split("│")[-1].rstrip() for line in screen.split("\n")]

        pane = pane_rows(wait_for(lambda s: any(first in row for row in pane_rows(s))))
        at = next(i for i, line in enumerate(pane) if first in line)
        assert pane[at].endswith(first) and pane[at + 1].endswith(rest)  # right-aligned
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


async def _open_first(app, pilot, query):
    from textual.widgets import Input

    await _wait_index(app, pilot)
    app.query_one("#query", Input).value = query
    await pilot.press("enter")
    await _wait_results(app, pilot)
    await pilot.press("enter")
    # the document loads in a worker: on a loaded machine it takes a while
    await _wait_until(pilot, lambda: app.query_one("#reading").doc is not None
                      and app.focused is app.query_one("#reading"), "the document opened")
    await pilot.pause()


async def test_bookmark_the_paragraph_under_the_cursor(seeds):
    from reader.userdata.bookmarks import BookmarkStore
    from reader.tui.reading import ReadingPane

    app = _app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_first(app, pilot, "خلافته")
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


async def test_two_articles_side_by_side(seeds):
    from textual.widgets import OptionList

    from reader.tui.reading import ReadingPane

    app = _app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_first(app, pilot, "الخلافة")
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


async def test_the_next_launch_resumes_query_documents_and_positions(seeds):
    from textual.widgets import Input

    from reader.tui.reading import ReadingPane

    app = _app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_first(app, pilot, "خلافته")
        await pilot.press("j", "j", "j")
        pane = app.query_one("#reading", ReadingPane)
        doc_id, cursor = pane.doc.id, pane.cursor
    again = _app(seeds)
    async with again.run_test(size=(80, 24)) as pilot:
        await _wait_index(again, pilot)
        for _ in range(100):
            if again.query_one("#reading", ReadingPane).doc is not None:
                break
            await pilot.pause(0.05)
        assert again.query_one("#query", Input).value == "خلافته"
        pane = again.query_one("#reading", ReadingPane)
        assert (pane.doc.id, pane.cursor) == (doc_id, cursor) == ("001_4842e351d2c85202.txt", 3)


def test_a_damaged_session_file_is_ignored(tmp_path):
    from reader.userdata.session import Session

    path = tmp_path / "session.json"
    path.write_text("{not json", "utf-8")
    s = Session("corpus", path)
    assert (s.query, s.open_documents, s.position("x")) == ("", [], 0)
    s.query = "داعش"
    s.save()
    assert Session("corpus", path).query == "داعش"


async def test_question_mark_shows_the_keys(seeds):
    app = _app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_first(app, pilot, "داعش")
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen.query("HelpPanel")
        await pilot.press("question_mark")
        await pilot.pause()
        assert not app.screen.query("HelpPanel")


async def test_bookmarks_screen_jump_delete_and_undo(seeds):
    from textual.widgets import OptionList

    from reader.userdata.bookmarks import BookmarkStore
    from reader.tui.bookmarks_screen import BookmarksScreen
    from reader.tui.reading import ReadingPane

    text = (seeds / "004_6a18982ae2c37ec8.txt").read_text("utf-8")
    start = text.index("وذكرت مصادر")
    store = BookmarkStore()
    store.add(str(seeds), "004_6a18982ae2c37ec8.txt", read_path_(seeds / "004_6a18982ae2c37ec8.txt"), start, start + 11, note="رويترز")
    store.close()
    app = _app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await _wait_index(app, pilot)
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
        await _wait_until(pilot, lambda: pane.doc is not None, "the bookmark's document, read behind the screen")
        assert pane.doc.id == "004_6a18982ae2c37ec8.txt"
        s, e = pane.passage()
        assert s <= start < e  # the cursor is on the bookmarked paragraph
    (b,) = BookmarkStore().all()
    assert b.id == 1 and b.note == "رويترز"


def read_path_(path):
    from reader.index.files.corpus import read_path

    return read_path(path)


async def test_shaping_can_be_switched_off_for_bidi_terminals(seeds):
    from reader.tui.reading import ReadingPane

    app = _app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_first(app, pilot, "خلافته")
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


async def test_first_launch_indexes_with_a_progress_bar(seeds):
    from textual.widgets import ProgressBar

    app = _app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await _wait_index(app, pilot)
        bar = app.query_one("#progress", ProgressBar)
        assert bar.total == 5 and bar.progress == 5
        assert not bar.display  # gone once the index is ready


async def test_sync_scroll_moves_the_other_pane(seeds):
    from textual.widgets import OptionList

    from reader.tui.reading import ReadingPane

    app = _app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_first(app, pilot, "الخلافة")
        app.query_one("#results", OptionList).focus()
        await pilot.press("down", "o")
        await pilot.pause()
        first, second = app.query_one("#reading", ReadingPane), app.query_one("#second", ReadingPane)
        await pilot.press("G")  # alone: the first pane stays where it is
        await pilot.pause()
        assert second.scroll_y > 0 and first.scroll_y == 0
        await pilot.press("s", "g", "G")
        await pilot.pause(0.2)
        assert first.scroll_y == first.max_scroll_y > 0


async def test_a_query_entered_before_the_index_opens_runs_when_it_has(seeds, monkeypatch):
    import time as _time

    from textual.widgets import Input

    app = _app(seeds)
    app.library.backend.store.update()
    real_open = app.library.backend.store.open

    def slow_open():
        _time.sleep(0.5)
        return real_open()

    monkeypatch.setattr(app.library.backend.store, "open", slow_open)
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one("#query", Input).value = "خلافته"
        await pilot.press("enter")
        assert not app.ready
        for _ in range(100):
            if app.results is not None:
                break
            await pilot.pause(0.05)
        assert app.results is not None and app.results.total == 4


async def test_a_query_entered_as_the_index_opens_is_searched_once_and_shown(seeds, monkeypatch):
    """The index opened in a worker that said "ready" before the session was
    resumed: a query entered in between was searched, then searched again by
    the resume (unrevealed), which cancelled it and left the focus in the box."""
    import time as _time

    from textual.widgets import Input, OptionList

    app = _app(seeds)
    app.library.backend.store.update()
    real_count = app.library.doc_count
    monkeypatch.setattr(app.library, "doc_count", lambda: (_time.sleep(0.5), real_count())[1])
    searches = []
    real_search = app.library.search
    monkeypatch.setattr(app.library, "search", lambda *a, **k: (searches.append(a[0].text), real_search(*a, **k))[1])
    async with app.run_test(size=(80, 24)) as pilot:
        await _wait_index(app, pilot)
        app.query_one("#query", Input).value = "الخلافة"
        await pilot.press("enter")
        await _wait_results(app, pilot)
        await pilot.pause(0.3)
        assert searches == ["الخلافة"]
        assert app.focused is app.query_one("#results", OptionList)


async def test_long_result_lists_load_a_page_at_a_time(tmp_path, monkeypatch):
    from textual.widgets import Input, OptionList

    from conftest import write
    from reader.tui import app as app_mod
    from reader.tui.app import ReaderApp

    monkeypatch.setattr(app_mod, "PAGE", 10)
    for i in range(35):
        write(tmp_path / f"doc{i:02}.txt", f"خبر رقم {i}\n\nتقرير عن الخلافة في سوريا رقم {i}.")
    app = ReaderApp(Library(make_roots([tmp_path])), shape=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _wait_index(app, pilot)
        app.query_one("#query", Input).value = "الخلافة"
        await pilot.press("enter")
        await _wait_results(app, pilot)
        listing = app.query_one("#results", OptionList)
        assert listing.option_count == 10 and app.results.total == 35
        for _ in range(40):
            await pilot.press("down")
            await pilot.pause(0.02)
        await pilot.pause(0.5)
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
        await _wait_index(app, pilot)
        app.query_one("#query", Input).value = "السعودية"
        await pilot.press("enter")
        await _wait_results(app, pilot)
        listing = app.query_one("#results", OptionList)
        assert listing.option_count == PAGE and app.results.total > 3 * PAGE
        for _ in range(2 * PAGE + 5):
            await pilot.press("down")
        await _wait_until(pilot, lambda: listing.option_count >= 3 * PAGE, "three pages")
        shown = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
        assert shown == [h.id for h in lib.search("السعودية", limit=len(shown), snippets=0).hits]
        await pilot.resize_terminal(100, 30)
        await pilot.pause(0.3)
        await pilot.resize_terminal(80, 24)
        await pilot.pause(0.3)
        assert [listing.get_option_at_index(i).id for i in range(listing.option_count)] == shown


async def test_entities_are_found_behind_the_tui_with_their_progress(tmp_path):
    """The entity pass runs after the index opens, in worker processes (from
    a TUI thread, where multiprocessing's spawn once failed silently), and
    the legend says how far it got meanwhile."""
    from conftest import make_news
    from reader.tui.app import ReaderApp

    lib = Library(make_roots([make_news(tmp_path / "news", 400)]))
    app = ReaderApp(lib, shape=True)
    notes = []
    async with app.run_test(size=(80, 24)) as pilot:
        await _wait_index(app, pilot)
        for _ in range(600):
            notes.append(app.entity_note)
            if lib.entity_status()[2] and app.entity_note == "":
                break
            await pilot.pause(0.05)
        assert lib.entity_status() == (400, 400, True)
        assert any(n.startswith("entities: ") and n.endswith(" of 400") for n in notes)
        assert app.entity_note == ""
        assert lib.search("place:جدة").total > 0


async def test_escape_cancels_a_running_search(seeds, monkeypatch):
    import time as _time

    import reader.index.engine.search
    from textual.widgets import Input

    real = reader.index.engine.search.search

    def slow(*a, **k):
        _time.sleep(0.6)
        return real(*a, **k)

    app = _app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await _wait_index(app, pilot)
        monkeypatch.setattr(reader.index.engine.search, "search", slow)
        app.query_one("#query", Input).value = "داعش"
        await pilot.press("enter")
        await pilot.pause(0.1)
        await pilot.press("escape")
        await pilot.pause(1.0)
        assert app.results is None
        assert "cancelled" in app.query_one("#status").said


async def test_results_are_laid_out_again_when_the_terminal_resizes(seeds):
    from textual.widgets import OptionList

    app = _app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_first(app, pilot, "الخلافة")
        listing = app.query_one("#results", OptionList)

        def widest() -> int:
            return max(len(r) for i in range(listing.option_count) for r in listing.get_option_at_index(i).prompt.plain.split("\n"))

        narrow = widest()
        await pilot.resize_terminal(160, 40)
        await pilot.pause(0.3)
        assert widest() > narrow + 10
        assert widest() <= listing.content_region.width


# --- entities ------------------------------------------------------------------------------------


def _styled(pane, predicate) -> list[str]:
    """Text of the pane's drawn segments whose style matches predicate."""
    from rich.segment import Segment

    out = []
    for y in range(len(pane._rows)):
        pane.scroll_to(y=y, animate=False)
        for seg in list(pane.render_line(0))[1:]:  # after the margin's marks
            if isinstance(seg, Segment) and seg.style is not None and predicate(seg.style):
                out.append(seg.text)
    pane.scroll_to(y=0, animate=False)
    return out


def _visual(word: str) -> str:
    from reader.display.layout import Paragraph

    return Paragraph(word, 0, True).lines(100)[0].text.strip()


def _colour(name: str):
    from rich.color import Color

    return lambda style: style.color == Color.parse(name)


async def test_entities_are_coloured_by_type_and_e_toggles_them(seeds):
    from textual.widgets import Static

    from reader.tui.reading import ENTITY_COLOURS, ReadingPane

    app = _app(seeds)
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_first(app, pilot, "خلافته")  # a hit's own style wins: not a name
        pane = app.query_one("#reading", ReadingPane)
        assert pane.doc.id == "001_4842e351d2c85202.txt"
        people = " ".join(_styled(pane, _colour(ENTITY_COLOURS["PERS"])))
        places = " ".join(_styled(pane, _colour(ENTITY_COLOURS["LOC"])))
        assert _visual("غوتيريش") in people  # shaped, in visual order
        assert _visual("سوريا") in places
        assert "people" in str(app.query_one("#legend", Static).render())
        await pilot.press("e")
        assert not any(_styled(pane, _colour(c)) for c in ENTITY_COLOURS.values())
        assert "hidden" in str(app.query_one("#legend", Static).render())
        await pilot.press("e")
        assert _styled(pane, _colour(ENTITY_COLOURS["PERS"]))


def test_entity_colours_are_sixteen_colour_names_and_distinct():
    from rich.color import ANSI_COLOR_NAMES

    from reader.tui.reading import ENTITY_COLOURS

    from textual._ansi_theme import DEFAULT_TERMINAL_THEME

    assert len(set(ENTITY_COLOURS.values())) == len(ENTITY_COLOURS) == 6
    assert all(ANSI_COLOR_NAMES[c] < 16 for c in ENTITY_COLOURS.values())
    # Textual draws ANSI colours through its own theme, where some coincide.
    drawn = {str(DEFAULT_TERMINAL_THEME.ansi_colors[ANSI_COLOR_NAMES[c]]) for c in ENTITY_COLOURS.values()}
    assert len(drawn) == 6


async def test_entity_panel_groups_with_counts_and_enter_searches(seeds):
    from textual.widgets import Input, OptionList

    from reader.tui.entity_panel import EntityPanel
    from reader.tui.reading import ReadingPane

    app = _app(seeds)
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_first(app, pilot, "غوتيريش")
        pane = app.query_one("#reading", ReadingPane)
        await pilot.press("E")
        await pilot.pause()
        panel = app.query_one("#entities", EntityPanel)
        assert panel.display and app.focused is panel
        rows = [str(panel.get_option_at_index(i).prompt) for i in range(panel.option_count)]
        headings = [r for r in rows if "mentions" in r]
        assert headings[0].startswith("people") and any(h.startswith("places") for h in headings)
        syria = sum(1 for e in pane.entities if e.type == "LOC" and e.text == "سوريا")
        assert syria > 1
        # the place heading counts every mention
        places = next(h for h in headings if h.startswith("places"))
        assert f"{sum(1 for e in pane.entities if e.type == 'LOC')} mentions" in places
        # Enter on the first name searches for it as its type
        first_name = panel.get_option_at_index(1)
        assert first_name.id.split(":", 1)[1].startswith("person:")
        await pilot.press("enter")
        await _wait_until(pilot, lambda: app.results is not None and app.results.query.startswith("person:"), "the entity search")
        assert not panel.display
        assert app.query_one("#query", Input).value == app.results.query
        assert app.results.total >= 1 and app.query_one("#results", OptionList).display
        await pilot.press("E")  # nothing open in focus: the reading pane's document
        await pilot.press("escape")
        assert not panel.display


async def test_entities_both_documents_name_are_marked(seeds):
    from textual.widgets import OptionList

    from reader.tui.entity_panel import SHARED_MARK, EntityPanel
    from reader.tui.reading import ReadingPane

    app = _app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_first(app, pilot, "الباغوز")
        first = app.query_one("#reading", ReadingPane)
        assert not _styled(first, lambda s: s.underline)  # one document: nothing shared
        listing = app.query_one("#results", OptionList)
        listing.focus()
        await pilot.press("down", "o")
        await pilot.pause()
        second = app.query_one("#second", ReadingPane)
        shared = set(first.entity_keys) & set(second.entity_keys)
        assert shared and first.shared == second.shared == shared
        assert ("LOC", ("سوريا",)) in shared
        only_first = set(first.entity_keys) - shared
        assert only_first  # some are not shared, and stay plain
        assert _styled(first, lambda s: s.underline) and _styled(second, lambda s: s.underline)
        await pilot.press("E")
        await pilot.pause()
        panel = app.query_one("#entities", EntityPanel)
        rows = [str(panel.get_option_at_index(i).prompt) for i in range(panel.option_count)]
        assert any(SHARED_MARK in r for r in rows) and any(SHARED_MARK not in r and "mentions" not in r for r in rows)
        await pilot.press("escape")
        await pilot.press("w")  # back to one pane: nothing is marked shared
        assert first.shared == set()


# --- issue 12: what a new user hit ---------------------------------------------------------------


async def _two_open(app, pilot, query="الخلافة"):
    """Two documents side by side, the second pane focused."""
    from textual.widgets import OptionList

    from reader.tui.reading import ReadingPane

    await _open_first(app, pilot, query)
    app.query_one("#results", OptionList).focus()
    await pilot.press("down", "o")
    await pilot.pause()
    first, second = app.query_one("#reading", ReadingPane), app.query_one("#second", ReadingPane)
    await _wait_compared(app, pilot)
    return first, second


async def _wait_compared(app, pilot):
    """The two open documents compared (in a worker)."""
    first, second = app.query_one("#reading"), app.query_one("#second")
    await _wait_until(pilot, lambda: app.workspace.comparison is not None
                      and app.workspace.comparison[0][0::2] == (first.doc.id, second.doc.id), "the comparison")
    await pilot.pause()


async def test_sync_scroll_keeps_a_page_down_and_costs_nothing_when_idle(seeds, monkeypatch):
    """With sync on, PageDown in one pane stays where it went and the other
    pane follows once; then nothing moves: no message echoes between the
    panes (it once did, forever, at 84-92% of a core)."""
    from reader.tui.reading import ReadingPane

    app = _app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        first, second = await _two_open(app, pilot)
        await pilot.press("s")
        await _wait_until(pilot, lambda: first.max_scroll_y > 0 and second.max_scroll_y > 0, "both panes laid out")
        page = second.scrollable_content_region.height
        await pilot.press("pagedown")
        await pilot.pause(0.6)  # the page-down animation is over
        assert second.scroll_y == min(page, second.max_scroll_y)  # not undone
        assert first.scroll_y == round(second.scroll_y / second.max_scroll_y * first.max_scroll_y)
        scrolled, drawn = [], []
        real_post, real_render = ReadingPane.post_message, ReadingPane.render_line
        monkeypatch.setattr(ReadingPane, "post_message", lambda self, m: (scrolled.append(m) if isinstance(m, ReadingPane.Scrolled) else None, real_post(self, m))[1])
        monkeypatch.setattr(ReadingPane, "render_line", lambda self, y: (drawn.append(y), real_render(self, y))[1])
        await pilot.pause(1.0)  # an idle second
        assert (scrolled, drawn) == ([], [])
        # and the first pane leads as well: the second follows it
        first.focus()
        before = first.scroll_y
        await pilot.press("pageup")
        await pilot.pause(0.6)
        assert first.scroll_y == max(0, before - first.scrollable_content_region.height) < before
        assert second.scroll_y == round(first.scroll_y / first.max_scroll_y * second.max_scroll_y)


async def test_a_search_made_with_two_panes_open_shows_its_results(seeds):
    from textual.widgets import Input, OptionList

    app = _app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        first, second = await _two_open(app, pilot)
        listing = app.query_one("#results", OptionList)
        assert second.display and not listing.display
        box = app.query_one("#query", Input)
        box.focus()
        await pilot.pause()
        box.value = "داعش"
        await pilot.press("enter")
        await _wait_until(pilot, lambda: app.results.query == "داعش", "the new search")
        await pilot.pause()
        assert listing.display and listing.option_count == app.results.total > 0
        assert app.focused is listing
        assert not second.display  # one pane again, beside the results


def _keys(text: str) -> list:
    """Key events as a terminal's driver posts them, one per character."""
    from textual import events
    from textual.keys import _character_to_key

    return [events.Key(_character_to_key(ch), ch) for ch in text]


async def test_keys_at_machine_speed_reach_the_query_box(seeds):
    """"/", Ctrl+U and a query sent back to back (a paste, tmux send-keys):
    all queued before the app handles the first. The focus moves at "/",
    so the rest lands in the box (it went to the reading pane, lost)."""
    from textual import events
    from textual.widgets import Input

    app = _app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_first(app, pilot, "خلافته")
        box = app.query_one("#query", Input)
        assert app.focused is not box and box.value == "خلافته"
        for event in [*_keys("/"), events.Key("ctrl+u", None), *_keys("داعش في سوريا"), events.Key("enter", "\r")]:
            app.post_message(event)
        await _wait_until(pilot, lambda: app.results.query == "داعش في سوريا", "the pasted query's search")
        assert box.value == "داعش في سوريا"


def _slow_index(app, monkeypatch, seconds=0.8):
    import time as _time

    app.library.backend.store.update()
    real_open = app.library.backend.store.open

    def slow_open():
        _time.sleep(seconds)
        return real_open()

    monkeypatch.setattr(app.library.backend.store, "open", slow_open)


async def test_a_query_typed_at_launch_is_not_replaced_by_the_sessions(seeds, monkeypatch):
    """The session's query comes back when the index opens, unless the user
    has typed meanwhile: then their text stays, and keeps the focus."""
    from textual.widgets import Input

    from reader.userdata.session import Session

    first = _app(seeds)
    session = Session(first.library.key)
    session.query, session.open_documents = "خلافته", ["001_4842e351d2c85202.txt"]
    session.save()
    app = _app(seeds)
    _slow_index(app, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        box = app.query_one("#query", Input)
        for event in _keys("داعش"):
            app.post_message(event)
        await _wait_index(app, pilot)
        await pilot.pause(0.3)
        assert box.value == "داعش" and app.focused is box
        assert app.results is None  # nothing searched behind the user's back
        assert app.query_one("#reading").doc.id == "001_4842e351d2c85202.txt"  # the documents still come back
        await pilot.press(*"ـ", "enter")
        await _wait_results(app, pilot)
        assert app.results.query == "داعشـ"


async def test_enter_sent_while_the_app_starts_searches(seeds, monkeypatch):
    """A query and Enter sent at launch (tmux, a script): the terminal is
    still in cooked mode when they arrive, so Enter comes as Ctrl+J; it
    must search like Enter, once the index is open."""
    app = _app(seeds)
    _slow_index(app, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        for event in _keys("خلافته"):
            app.post_message(event)
        await pilot.press("ctrl+j")
        await _wait_results(app, pilot)
        assert app.results.query == "خلافته" and app.results.total > 0


async def _palette_rows(app, pilot, typed: str = "") -> list[str]:
    from textual.command import CommandInput, CommandList, CommandPalette

    await pilot.press("ctrl+p")
    await _wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
    if typed:
        await pilot.pause(0.1)
        app.screen.query_one(CommandInput).value = typed
    listing = app.screen.query_one(CommandList)
    await pilot.pause(0.6)
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


async def _close_palette(app, pilot):
    from textual.command import CommandPalette

    for _ in range(3):  # the first Escape may only close its list
        if not isinstance(app.screen, CommandPalette):
            return
        await pilot.press("escape")
        await pilot.pause()


async def test_the_palette_lists_readers_commands_at_once(seeds):
    app = _app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await _wait_index(app, pilot)
        rows = await _palette_rows(app, pilot)
        assert any(r.startswith("Re-index the corpus") for r in rows)
        assert any(r.startswith("Shaping: off") for r in rows)


async def test_the_palette_shows_titles_shaped_on_one_row_and_matches_them_as_written(seeds):
    import re

    from rich.cells import cell_len

    app = _app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await _wait_index(app, pilot)
        rows = [r for r in await _palette_rows(app, pilot, "Open") if r.startswith("Open: ")]
        assert len(rows) == 5
        for row in rows:
            assert "\n" not in row and cell_len(row) <= 80 - 6  # one row: the palette does not wrap it again
            assert not re.search("[\u0621-\u064a]", row)  # no logical-order Arabic: shaped forms only
        # cut where it is too long, with an ellipsis at the title's end (its left)
        assert any(r.startswith("Open: …") for r in rows)
        assert any(_visual("تحرير آخر جيوب") in r for r in rows)
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
    store.add(str(seeds), "004_6a18982ae2c37ec8.txt", read_path_(seeds / "004_6a18982ae2c37ec8.txt"), 0, 10, note="")
    store.close()
    app = _app(seeds)
    threads: dict[str, list] = {"documents": [], "read": []}
    for name in threads:
        real = getattr(app.library, name)
        monkeypatch.setattr(app.library, name, lambda *a, _real=real, _name=name:
                            (threads[_name].append(threading.current_thread()), _real(*a))[1])
    async with app.run_test(size=(80, 24)) as pilot:
        await _wait_index(app, pilot)
        assert len([r for r in await _palette_rows(app, pilot, "Open") if r.startswith("Open: ")]) == 5
        await _close_palette(app, pilot)
        app.query_one("#reading", ReadingPane).focus()
        await pilot.press("B")
        await _wait_until(pilot, lambda: isinstance(app.screen, BookmarksScreen), "the bookmarks")
        await pilot.press("enter")
        pane = app.query_one("#reading", ReadingPane)
        await _wait_until(pilot, lambda: pane.doc is not None and pane.doc.text == text, "the bookmark's document")
    assert threads["documents"] and threads["read"]
    assert all(t is not threading.main_thread() for t in threads["documents"] + threads["read"])


async def test_the_footer_fits_80_columns(seeds):
    """Every key the footer shows is on screen, left of the palette's,
    with ?, e, E and w among them (they were cut off at 80 columns)."""
    from textual.widgets._footer import FooterKey

    app = _app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_first(app, pilot, "الخلافة")
        for where, own in (("#reading", {"n", "b"}), ("#results", {"o"})):
            focus_now(app.query_one(where))
            await pilot.pause(0.3)
            keys = list(app.screen.query(FooterKey))
            palette = next(k for k in keys if k.key == "ctrl+p")
            shown = {k.key for k in keys if k is not palette and k.region.width and k.region.right <= palette.region.x}
            assert shown == {k.key for k in keys if k is not palette}, where  # none cut off
            assert {"question_mark", "e", "E", "w", "slash", "ctrl+q"} | own <= shown, where


async def test_the_note_dialog_hint_fits_80_columns(seeds):
    from reader.tui.dialogs import NoteDialog

    app = _app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_first(app, pilot, "خلافته")
        await pilot.press("b")
        await _wait_until(pilot, lambda: isinstance(app.screen, NoteDialog), "the note dialog")
        await pilot.pause(0.2)
        hint = str(app.screen.query_one("#note-hint").render())
        assert "Enter" in hint and "Esc" in hint
        assert any(hint in row for row in _screen_rows(app))  # drawn whole


async def test_the_next_launch_restores_two_panes_and_the_theme(seeds):
    from textual.widgets import Input, OptionList

    from reader.tui.reading import ReadingPane

    app = _app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        first, second = await _two_open(app, pilot)
        ids = (first.doc.id, second.doc.id)
        app.theme = "nord"
        await pilot.pause()
    again = _app(seeds)
    async with again.run_test(size=(80, 24)) as pilot:
        await _wait_index(again, pilot)
        second = again.query_one("#second", ReadingPane)
        await _wait_until(pilot, lambda: second.doc is not None and second.display, "the two panes")
        assert (again.query_one("#reading", ReadingPane).doc.id, second.doc.id) == ids
        assert not again.query_one("#results", OptionList).display
        assert again.theme == "nord"
        assert isinstance(again.focused, Input)  # ready to type, as at any launch
        focus_now(second)
        await pilot.press("w")  # and back to one pane, which the next launch keeps
        await pilot.pause()
        assert not second.display
    third = _app(seeds)
    async with third.run_test(size=(80, 24)) as pilot:
        await _wait_index(third, pilot)
        await _wait_until(pilot, lambda: third.query_one("#second", ReadingPane).doc is not None, "the documents")
        await pilot.pause(0.2)
        assert not third.query_one("#second", ReadingPane).display and third.theme == "nord"


async def _search_rows(app, pilot, query) -> dict[str, list[str]]:
    """{document id: its result's rows} for a query."""
    from textual.widgets import Input, OptionList

    await _wait_index(app, pilot)
    focus_now(app.query_one("#query", Input))
    app.query_one("#query", Input).value = query
    await pilot.press("enter")
    await _wait_until(pilot, lambda: app.results is not None and app.results.query == query, "the results")
    await pilot.pause()
    listing = app.query_one("#results", OptionList)
    return {listing.get_option_at_index(i).id: listing.get_option_at_index(i).prompt.plain.split("\n")
            for i in range(listing.option_count)}


async def test_a_title_cut_to_two_rows_ends_in_an_ellipsis(seeds):
    from rich.cells import cell_len
    from textual.widgets import OptionList

    app = _app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        rows = (await _search_rows(app, pilot, "الخلافة"))["000_4988a48e5e8b9510.txt"]
        width = app.query_one("#results", OptionList).content_region.width - 4
        title = app.results.hits[1].title
        assert len(rows[0].strip()) + len(rows[1].strip()) < len(title)  # cut
        assert rows[1].lstrip().startswith("…")  # at the end of the Arabic title: its left
        assert "…" not in rows[0] and all(cell_len(r) <= width for r in rows[:2])


async def test_results_say_which_one_of_how_many_is_highlighted(seeds):
    from textual.widgets import OptionList

    app = _app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await _search_rows(app, pilot, "الخلافة")
        listing = app.query_one("#results", OptionList)
        assert listing.border_subtitle == "1 of 4"
        await pilot.press("down", "down")
        assert listing.border_subtitle == "3 of 4"
        assert any("3 of 4" in row for row in _screen_rows(app))  # drawn, under the list


async def test_a_snippet_that_repeats_the_title_is_skipped(seeds):
    from reader.tui.results import repeats_title as _repeats_title

    app = _app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        # the match is in the title: the first snippet is the title itself, the second is shown
        rows = (await _search_rows(app, pilot, "الخلافة"))["001_4842e351d2c85202.txt"]
        hit = app.results.hits[0]
        assert hit.snippets[0].text == hit.title and not _repeats_title(hit.snippets[1].text, hit.title)
        assert rows[2].strip().endswith(_visual("التنظيم الذي تمدد"))  # its first words, on the right
        # the only snippet is the title: none is shown, the day (and score) follow the title
        rows = (await _search_rows(app, pilot, "تحرير"))["004_6a18982ae2c37ec8.txt"]
        assert len(rows) == 3 and rows[2].startswith("undated · ")  # the seeds' days are only their files' times
    # a title the index cut, and the paragraph it was cut from
    assert _repeats_title("رغم الهزائم يشكل التنظيم تهديدا فعليا في سوريا.", "رغم الهزائم يشكل التنظيم…")
    assert not _repeats_title("وقال إن الهزائم لم تنه التنظيم", "رغم الهزائم يشكل التنظيم…")


async def test_dates_and_hits_do_not_share_a_colour(seeds):
    """Hits were black on yellow and dates yellow, which Textual draws as
    one orange: a date read as a hit. Hits now carry no colour at all."""
    from rich.color import Color

    from reader.tui.reading import ENTITY_COLOURS, ReadingPane

    app = _app(seeds)
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_first(app, pilot, "خلافته")
        pane = app.query_one("#reading", ReadingPane)
        assert any(e.type == "DATE" for e in pane.entities)
        dates = _styled(pane, _colour(ENTITY_COLOURS["DATE"]))
        hits = []
        _styled(pane, lambda st: st.bold and (st.reverse or st.bgcolor is not None) and not hits.append(st))
        assert dates and hits
        hit_colours = {st.bgcolor for st in hits} | {st.color for st in hits}
        assert Color.parse(ENTITY_COLOURS["DATE"]) not in hit_colours
        assert all(Color.parse(c) not in hit_colours for c in ENTITY_COLOURS.values())


async def test_y_copies_the_paragraph_or_the_selection_in_logical_order(seeds):
    """What a terminal's own selection would copy is presentation forms in
    visual order; y (and Ctrl+C on a selection) copies the text as written."""
    from textual.geometry import Offset
    from textual.selection import Selection

    from reader.tui.reading import MARGIN, ReadingPane

    app = _app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_first(app, pilot, "خلافته")
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
        await _open_first(app, pilot, "داعش")
        await pilot.press("G", "y")
        assert app.clipboard.startswith("فقرة عن داعش") and "الرقة" in app.clipboard
        assert not any(c in app.clipboard for c in "\x1b\x07\u202e")


async def test_an_empty_bookmarks_screen_says_how_to_add_one(seeds):
    from textual.widgets import OptionList

    from reader.tui.bookmarks_screen import BookmarksScreen

    app = _app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_first(app, pilot, "خلافته")
        await pilot.press("B")
        await _wait_until(pilot, lambda: isinstance(app.screen, BookmarksScreen), "the bookmarks screen")
        await pilot.pause(0.2)
        listing = app.screen.query_one("#bookmarks", OptionList)
        assert listing.option_count == 1 and listing.get_option_at_index(0).disabled
        drawn = " ".join(" ".join(_screen_rows(app)).split())
        assert "No bookmarks yet" in drawn and "press b" in drawn
        await pilot.press("enter", "d")  # nothing to open or delete: no error
        await pilot.pause()
        assert isinstance(app.screen, BookmarksScreen)


async def test_a_document_that_cannot_be_read_says_so_in_the_status(seeds, monkeypatch):
    from textual.widgets import OptionList

    from reader.tui.reading import ReadingPane

    app = _app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await _wait_index(app, pilot)
        await _search_rows(app, pilot, "الخلافة")
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


async def test_a_results_page_that_fails_says_so_and_is_asked_for_again(tmp_path, monkeypatch):
    from textual.widgets import OptionList

    from conftest import write
    from reader.tui import app as app_mod
    from reader.tui.app import ReaderApp

    monkeypatch.setattr(app_mod, "PAGE", 10)
    for i in range(25):
        write(tmp_path / f"doc{i:02}.txt", f"خبر رقم {i}\n\nتقرير عن الخلافة في سوريا رقم {i}.")
    app = ReaderApp(Library(make_roots([tmp_path])), shape=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _search_rows(app, pilot, "الخلافة")
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
        await pilot.pause(0.3)
        status = app.query_one("#status").said
        assert "cannot load more results (page 2)" in status and "Input/output error" in status
        assert listing.option_count == 10
        failing[0] = False
        await pilot.press("down")
        await _wait_until(pilot, lambda: listing.option_count == 20, "the second page, asked for again")


async def test_the_first_screen_is_the_query_box_and_keys_before_the_rest_do_no_harm(seeds, monkeypatch):
    """Start-up: the first frame holds the query box, the status and the
    keys; the results and the panes are mounted a frame later, then the
    index opens. Keys pressed in between are typed, or wait for the panes."""
    import asyncio

    from textual import events
    from textual.widgets import Input

    from reader.tui.app import ReaderApp

    real = ReaderApp._mount_rest
    started = asyncio.Event()

    async def late(self):
        started.set()
        await asyncio.sleep(0.5)
        await real(self)

    monkeypatch.setattr(ReaderApp, "_mount_rest", late)
    app = _app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await started.wait()
        assert not app.ui_ready and not app.query("#results") and not app.ready
        await pilot.pause(0.05)
        assert any("search: words" in row for row in _screen_rows(app))  # drawn, usable
        for event in _keys("woeEbBs داعش"):  # the panes' keys are letters in the box
            app.post_message(event)
        for key in ("question_mark", "escape", "tab"):
            app.post_message(events.Key(key, None))
        await _wait_index(app, pilot)
        assert app.is_running and app.ui_ready
        assert app.query_one("#query", Input).value == "woeEbBs داعش"


async def test_a_library_made_after_the_first_screen(seeds):
    """Given a function that makes the Library, the app calls it once the
    query box is on screen (making one imports the index's modules), and
    the session, per corpus, still comes back."""
    from textual.widgets import Input

    from reader.userdata.session import Session
    from reader.tui.app import ReaderApp

    lib = Library(make_roots([seeds]))
    session = Session(lib.key)
    session.query = "خلافته"
    session.theme = "nord"
    session.save()
    seen = []

    def make():
        seen.append(any("search: words" in row for row in _screen_rows(app)))
        return lib

    app = ReaderApp(make, shape=True)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.theme == "nord"  # the theme is the same for every corpus: set before the first screen
        await _wait_index(app, pilot)
        await _wait_results(app, pilot)
        assert seen == [True] and app.library is lib
        assert app.query_one("#query", Input).value == "خلافته" and app.results.total == 4


async def test_a_quit_before_the_index_opens_keeps_the_sessions_documents(seeds, monkeypatch):
    from reader.userdata.session import Session

    first = _app(seeds)
    session = Session(first.library.key)
    session.open_documents, session.two_panes = ["001_4842e351d2c85202.txt", "004_6a18982ae2c37ec8.txt"], True
    session.save()
    app = _app(seeds)
    _slow_index(app, monkeypatch, seconds=1.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.1)
        assert not app.ready
    again = Session(first.library.key)
    assert again.open_documents == ["001_4842e351d2c85202.txt", "004_6a18982ae2c37ec8.txt"] and again.two_panes


async def test_tab_then_a_key_at_machine_speed_leaves_the_box_first(seeds):
    from textual import events
    from textual.widgets import Input, OptionList

    app = _app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await _search_rows(app, pilot, "الخلافة")
        box = app.query_one("#query", Input)
        focus_now(box)
        await pilot.pause()
        for event in (events.Key("tab", "\t"), *_keys("j")):
            app.post_message(event)
        await pilot.pause(0.2)
        assert box.value == "الخلافة"  # the j was not typed in the box it had left
        assert app.focused is app.query_one("#results", OptionList)


# --- issue 16: two versions of a story compared ----------------------------------------------------


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
        first, second = await _two_open(app, pilot, "الطاقة")
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


async def _concordance_of(app, pilot, query: str):
    """The first result of query open, then its concordance, once found."""
    from reader.tui.concordance import ConcordancePanel

    await _open_first(app, pilot, query)
    await pilot.press("c")
    panel = app.query_one("#concordance", ConcordancePanel)
    await _wait_until(pilot, lambda: panel.found is not None, "the concordance")
    return panel


async def test_the_concordance_view_lists_every_occurrence_sorts_and_opens_one_there(seeds):
    from textual.widgets import OptionList

    from reader.tui.reading import ReadingPane

    app = _app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await _concordance_of(app, pilot, "الخلافة")
        assert panel.display and not app.query_one("#results", OptionList).display and app.focused is panel
        found = panel.found
        assert len(found.lines) == panel.option_count >= 5
        assert {x.doc_id for x in found.lines} == {h.id for h in app.results.hits}
        assert all("خلاف" in x.match for x in found.lines)  # الخلافة, خلافته …
        # every row fits the panel: OptionList would otherwise wrap it in the wrong order
        width = panel.content_region.width
        assert all(panel.get_option_at_index(i).prompt.cell_len <= width for i in range(panel.option_count))
        await pilot.press("S")
        assert panel.sort == "left" and "before" in panel.border_title
        assert [x.key("left") for x in panel.lines] == sorted(x.key("left") for x in panel.lines)
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        chosen = panel.lines[2]
        pane = app.query_one("#reading", ReadingPane)
        assert pane.doc.id == chosen.doc_id
        start, end = pane.doc.paragraphs[pane.cursor]
        assert start <= chosen.start < end  # its paragraph under the cursor
        assert (chosen.start, chosen.end) in pane.hits  # and lit
        # at 80 columns the concordance had the whole width: it steps aside
        # for the document, and c brings it back as it was, to choose another
        assert not panel.display and pane.display and app.focused is pane
        found = panel.found
        await pilot.press("c")
        assert panel.display and panel.found is found and not pane.display and app.focused is panel
        await pilot.press("c")  # closes it: back to the results
        assert not panel.display and app.query_one("#results", OptionList).display and pane.display


async def test_a_workers_failure_is_said_and_the_screen_goes_on(seeds):
    """Work behind the screen (reader.tui.background) that fails, as a bug
    would, is said where its answer would have gone, never lost with its
    worker; the app goes on."""
    from reader.tui.app import ReaderApp

    class Failing(Library):
        def concordance(self, *args, **kwargs):
            raise ValueError("a bug in the concordance")

        def timeline(self, *args, **kwargs):
            raise ValueError("a bug in the timeline")

    app = ReaderApp(Failing(make_roots([seeds])), shape=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_first(app, pilot, "الخلافة")
        await pilot.press("c")
        panel = app.query_one("#concordance")
        said = "cannot make the concordance: ValueError: a bug in the concordance"
        await _wait_until(pilot, lambda: panel.option_count == 1 and said in str(panel.get_option_at_index(0).prompt),
                          "the concordance's failure said")
        await pilot.press("c", "t")
        timeline = app.query_one("#timeline")
        said = "cannot count the matches by date: ValueError: a bug in the timeline"
        await _wait_until(pilot, lambda: timeline.option_count == 1 and said in str(timeline.get_option_at_index(0).prompt),
                          "the timeline's failure said")
        await pilot.press("t", "slash")
        assert app.focused is app.query_one("#query")  # the app goes on


async def test_from_100_columns_the_concordance_stays_beside_the_document(seeds):
    from textual.widgets import OptionList

    from reader.tui.reading import ReadingPane

    app = _app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        panel = await _concordance_of(app, pilot, "الخلافة")
        pane = app.query_one("#reading", ReadingPane)
        assert pane.display and pane.region.width >= 40 and panel.region.width >= 60
        await pilot.press("down", "enter")
        await pilot.pause()
        assert panel.display and pane.doc.id == panel.lines[1].doc_id  # it stays, to choose another
        assert not app.query_one("#results", OptionList).display


async def test_related_documents_fill_the_results_and_open_beside_the_first(tmp_path):
    from textual.widgets import OptionList

    from corpora import story_corpus as _story_corpus

    from reader.tui.app import ReaderApp
    from reader.tui.reading import ReadingPane

    app = ReaderApp(Library(make_roots([_story_corpus(tmp_path)])), shape=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_first(app, pilot, "أوبك")  # the follow-up story
        first = app.query_one("#reading", ReadingPane)
        assert first.doc.id == "follow.txt"
        await pilot.press("r")
        await _wait_until(pilot, lambda: app.related_to == "follow.txt", "the related documents")
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
        await _wait_until(pilot, lambda: app.related_to is None and app.results.query == "الدوري", "a new search")


async def test_the_entity_list_shows_who_appears_with_a_name_across_the_corpus(seeds):
    from reader.tui.entity_panel import EntityPanel

    Library(make_roots([seeds])).find_entities()  # every document's names, as a finished pass leaves them
    app = _app(seeds)
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_first(app, pilot, "غوتيريش")
        await pilot.press("E")
        await pilot.pause()
        panel = app.query_one("#entities", EntityPanel)
        rows = [panel.get_option_at_index(i) for i in range(panel.option_count)]
        at = next(i for i, o in enumerate(rows) if o.id and panel.names.get(o.id) == "سوريا")
        panel.highlighted = at
        await pilot.press("w")
        await _wait_until(pilot, lambda: panel.option_count > 1 and "with" in str(panel.get_option_at_index(0).prompt),
                          "the names found with سوريا")
        heading = str(panel.get_option_at_index(0).prompt)
        count, found, _notice = app.library.companions("سوريا")
        assert f"{count:,} document" in heading and panel.option_count == len(found[:200]) + 1
        assert panel.get_option_at_index(0).prompt.no_wrap  # one row, never wrapped in the wrong order
        assert "سوريا" not in panel.names.values() and found[0].name == panel.names[panel.get_option_at_index(1).id]
        await pilot.press("enter")  # searches for the companion in turn
        await _wait_until(pilot, lambda: app.results is not None and found[0].name in app.results.query,
                          "the companion's search")


async def test_copies_fold_under_a_result_and_x_shows_them_to_open(tmp_path):
    from textual.widgets import Input, OptionList

    from corpora import copies_corpus as _corpus

    from reader.tui.app import ReaderApp
    from reader.tui.reading import ReadingPane

    app = ReaderApp(Library(make_roots([_corpus(tmp_path)])), shape=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _wait_index(app, pilot)
        # the copies pass runs behind the TUI, before the entities
        await _wait_until(pilot, lambda: app.library.copies_current(), "the copies pass")
        app.query_one("#query", Input).value = "الخلافة"
        await pilot.press("enter")
        await _wait_results(app, pilot)
        await _wait_until(pilot, lambda: app.results.grouped, "grouped results")
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

    from corpora import copies_corpus as _corpus

    from reader.tui.app import ReaderApp

    shown = threading.Event()
    find = Library.find_copies

    def after_the_first_results(self, *args, **kwargs):
        shown.wait(10)  # the pass ends only once the user has results in front of them
        return find(self, *args, **kwargs)

    monkeypatch.setattr(Library, "find_copies", after_the_first_results)
    app = ReaderApp(Library(make_roots([_corpus(tmp_path)])), shape=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _wait_index(app, pilot)
        app.query_one("#query", Input).value = "الخلافة"
        await pilot.press("enter")
        await _wait_results(app, pilot)
        assert not app.results.grouped and app.results.folded == 0
        shown.set()
        await _wait_until(pilot, lambda: app.results.grouped, "the results searched again, folded")
        assert app.results.folded == 2


async def test_two_documents_are_compared_behind_the_screen(seeds, monkeypatch):
    """A long comparison (two reports of 0.5 MB take seconds) never holds the
    keys: the panes answer while it runs, and the marks come after."""
    import time as _time

    from textual.widgets import OptionList

    from reader.core import alignment

    real = alignment.compare
    monkeypatch.setattr(alignment, "compare", lambda a, b: (_time.sleep(1.0), real(a, b))[1])
    app = _app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_first(app, pilot, "الخلافة")
        app.query_one("#results", OptionList).focus()
        await pilot.press("down", "o")
        await pilot.pause(0.1)
        assert "comparing" in app.query_one("#status").said
        second = app.query_one("#second")
        start = second.cursor
        await pilot.press("j")  # the keys still reach the pane
        await pilot.pause(0.1)
        assert second.cursor == start + 1 and "comparing" in app.query_one("#status").said
        await _wait_compared(app, pilot)
        assert "comparing" not in app.query_one("#status").said
