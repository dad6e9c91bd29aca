"""The TUI starting: its first frame, the first launch that builds the
index, keys and queries sent before the index opens, the session that
the next launch resumes, a library made after the first screen, and the
app in a real terminal."""

from __future__ import annotations

import pytest

pytest.importorskip("textual")

from conftest import READER, wait_until
from reader.core.library import Library
from reader.index.files.corpus import make_roots
from reader.tui.focus import focus_now
from tuikit import key_events, make_app, open_first, screen_rows, two_open, wait_index, wait_results


def _tmux_screen(session: str) -> str:
    import subprocess

    return subprocess.run(["tmux", "capture-pane", "-t", session, "-p"], capture_output=True, text=True).stdout


def _slow_index(app, monkeypatch, seconds=0.8):
    import time as _time

    app.library.backend.store.update()
    real_open = app.library.backend.store.open

    def slow_open():
        _time.sleep(seconds)  # the index opens late: a window for what comes before it has
        return real_open()

    monkeypatch.setattr(app.library.backend.store, "open", slow_open)


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
            time.sleep(0.2)  # a real terminal, no Pilot: its screen read again every 0.2 s until it shows it
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


async def test_first_launch_indexes_with_a_progress_bar(seeds):
    from textual.widgets import ProgressBar

    app = make_app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_index(app, pilot)
        bar = app.query_one("#progress", ProgressBar)
        assert bar.total == 5 and bar.progress == 5
        assert not bar.display  # gone once the index is ready


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
        await asyncio.sleep(0.5)  # the rest mounted late: a window with the first frame alone on screen
        await real(self)

    monkeypatch.setattr(ReaderApp, "_mount_rest", late)
    app = make_app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await started.wait()
        assert not app.ui_ready and not app.query("#results") and not app.ready
        await wait_until(pilot, lambda: any("search: words" in row for row in screen_rows(app)), "the first frame drawn")
        assert any("search: words" in row for row in screen_rows(app))  # drawn, usable
        for event in key_events("woeEbBs داعش"):  # the panes' keys are letters in the box
            app.post_message(event)
        for key in ("question_mark", "escape", "tab"):
            app.post_message(events.Key(key, None))
        await wait_index(app, pilot)
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
        seen.append(any("search: words" in row for row in screen_rows(app)))
        return lib

    app = ReaderApp(make, shape=True)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.theme == "nord"  # the theme is the same for every corpus: set before the first screen
        await wait_index(app, pilot)
        await wait_results(app, pilot)
        assert seen == [True] and app.library is lib
        assert app.query_one("#query", Input).value == "خلافته" and app.results.total == 4


async def test_a_query_entered_before_the_index_opens_runs_when_it_has(seeds, monkeypatch):
    import time as _time

    from textual.widgets import Input

    app = make_app(seeds)
    app.library.backend.store.update()
    real_open = app.library.backend.store.open

    def slow_open():
        _time.sleep(0.5)  # the index opens late: the query comes before it has
        return real_open()

    monkeypatch.setattr(app.library.backend.store, "open", slow_open)
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one("#query", Input).value = "خلافته"
        await pilot.press("enter")
        assert not app.ready
        await wait_results(app, pilot)
        assert app.results is not None and app.results.total == 4


async def test_a_query_entered_as_the_index_opens_is_searched_once_and_shown(seeds, monkeypatch):
    """The index opened in a worker that said "ready" before the session was
    resumed: a query entered in between was searched, then searched again by
    the resume (unrevealed), which cancelled it and left the focus in the box."""
    import time as _time

    from textual.widgets import Input, OptionList

    app = make_app(seeds)
    app.library.backend.store.update()
    real_count = app.library.doc_count
    # the count read slowly: a window between the index open in its worker and the app told so
    monkeypatch.setattr(app.library, "doc_count", lambda: (_time.sleep(0.5), real_count())[1])
    searches = []
    real_search = app.library.search
    monkeypatch.setattr(app.library, "search", lambda *a, **k: (searches.append(a[0].text), real_search(*a, **k))[1])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_index(app, pilot)
        app.query_one("#query", Input).value = "الخلافة"
        await pilot.press("enter")
        await wait_results(app, pilot)
        await pilot.pause(0.3)  # time for a second search, which must not come
        assert searches == ["الخلافة"]
        assert app.focused is app.query_one("#results", OptionList)


async def test_a_query_typed_at_launch_is_not_replaced_by_the_sessions(seeds, monkeypatch):
    """The session's query comes back when the index opens, unless the user
    has typed meanwhile: then their text stays, and keeps the focus."""
    from textual.widgets import Input

    from reader.userdata.session import Session

    first = make_app(seeds)
    session = Session(first.library.key)
    session.query, session.open_documents = "خلافته", ["001_4842e351d2c85202.txt"]
    session.save()
    app = make_app(seeds)
    _slow_index(app, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        box = app.query_one("#query", Input)
        for event in key_events("داعش"):
            app.post_message(event)
        await wait_index(app, pilot)  # the session's documents come back with it, at once
        await pilot.pause(0.3)  # time for a search behind the user's back, which must not come
        assert box.value == "داعش" and app.focused is box
        assert app.results is None  # nothing searched behind the user's back
        assert app.query_one("#reading").doc.id == "001_4842e351d2c85202.txt"  # the documents still come back
        await pilot.press(*"ـ", "enter")
        await wait_results(app, pilot)
        assert app.results.query == "داعشـ"


async def test_enter_sent_while_the_app_starts_searches(seeds, monkeypatch):
    """A query and Enter sent at launch (tmux, a script): the terminal is
    still in cooked mode when they arrive, so Enter comes as Ctrl+J; it
    must search like Enter, once the index is open."""
    app = make_app(seeds)
    _slow_index(app, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        for event in key_events("خلافته"):
            app.post_message(event)
        await pilot.press("ctrl+j")
        await wait_results(app, pilot)
        assert app.results.query == "خلافته" and app.results.total > 0


async def test_the_next_launch_resumes_query_documents_and_positions(seeds):
    from textual.widgets import Input

    from reader.tui.reading import ReadingPane

    app = make_app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first(app, pilot, "خلافته")
        await pilot.press("j", "j", "j")
        pane = app.query_one("#reading", ReadingPane)
        doc_id, cursor = pane.doc.id, pane.cursor
    again = make_app(seeds)
    async with again.run_test(size=(80, 24)) as pilot:
        await wait_index(again, pilot)
        await wait_until(pilot, lambda: again.query_one("#reading", ReadingPane).doc is not None, "the session's document")
        assert again.query_one("#query", Input).value == "خلافته"
        pane = again.query_one("#reading", ReadingPane)
        assert (pane.doc.id, pane.cursor) == (doc_id, cursor) == ("001_4842e351d2c85202.txt", 3)


async def test_the_next_launch_restores_two_panes_and_the_theme(seeds):
    from textual.widgets import Input, OptionList

    from reader.tui.reading import ReadingPane

    app = make_app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        first, second = await two_open(app, pilot)
        ids = (first.doc.id, second.doc.id)
        app.theme = "nord"
        await pilot.pause()
    again = make_app(seeds)
    async with again.run_test(size=(80, 24)) as pilot:
        await wait_index(again, pilot)
        second = again.query_one("#second", ReadingPane)
        await wait_until(pilot, lambda: second.doc is not None and second.display, "the two panes")
        assert (again.query_one("#reading", ReadingPane).doc.id, second.doc.id) == ids
        assert not again.query_one("#results", OptionList).display
        assert again.theme == "nord"
        assert isinstance(again.focused, Input)  # ready to type, as at any launch
        focus_now(second)
        await pilot.press("w")  # and back to one pane, which the next launch keeps
        await pilot.pause()
        assert not second.display
    third = make_app(seeds)
    async with third.run_test(size=(80, 24)) as pilot:
        await wait_index(third, pilot)
        await wait_until(pilot, lambda: third.query_one("#second", ReadingPane).doc is not None, "the documents")
        await pilot.pause()
        assert not third.query_one("#second", ReadingPane).display and third.theme == "nord"


async def test_a_quit_before_the_index_opens_keeps_the_sessions_documents(seeds, monkeypatch):
    from reader.userdata.session import Session

    first = make_app(seeds)
    session = Session(first.library.key)
    session.open_documents, session.two_panes = ["001_4842e351d2c85202.txt", "004_6a18982ae2c37ec8.txt"], True
    session.save()
    app = make_app(seeds)
    _slow_index(app, monkeypatch, seconds=1.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.ui_ready, "the workspace mounted, the index opening")
        assert not app.ready
    again = Session(first.library.key)
    assert again.open_documents == ["001_4842e351d2c85202.txt", "004_6a18982ae2c37ec8.txt"] and again.two_panes


def test_a_damaged_session_file_is_ignored(tmp_path):
    from reader.userdata.session import Session

    path = tmp_path / "session.json"
    path.write_text("{not json", "utf-8")
    s = Session("corpus", path)
    assert (s.query, s.open_documents, s.position("x")) == ("", [], 0)
    s.query = "داعش"
    s.save()
    assert Session("corpus", path).query == "داعش"
