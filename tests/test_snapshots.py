"""SVG snapshots of every screen at 80x24 and 120x40 (pytest-textual-snapshot).

The corpus is copied to a fixed path, so the path shown in the reading
pane is the same on every machine, and so are the files' times (the
seeds' days) and a bookmark's day; timings are replaced by a fixed
status and the cursor does not blink.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import SEEDS, wait_until

pytest.importorskip("pytest_textual_snapshot")

FIXED = Path("/tmp/reader-snapshot-corpus/seeds")


@pytest.fixture
def app(monkeypatch):
    from reader.index.files.corpus import make_roots
    from reader.index.files.formats import ReadOptions
    from reader.core.library import Library
    from reader.tui.app import ReaderApp

    shutil.rmtree(FIXED.parent, ignore_errors=True)
    shutil.copytree(SEEDS, FIXED)
    for path in FIXED.rglob("*"):  # the seeds' days are their files' times: one fixed day
        os.utime(path, (1552651200, 1552651200))  # 2019-03-15 12:00 UTC
    monkeypatch.setattr("reader.userdata.bookmarks._now", lambda: "2019-03-15T12:00:00Z")  # a bookmark's day, fixed
    # the seeds' days are their files' times, taken as days here (file_days): the screens show days
    return ReaderApp(Library(make_roots([FIXED]), options=ReadOptions(file_days=True)), shape=True)


async def _settled(pilot, what: str) -> None:
    """Until nothing more is on its way to the screen: every worker of the app
    done (the index, the copies and entity passes behind it, a search, a
    document's names, a comparison, the palette's list), and what they
    said drawn."""
    app = pilot.app
    await pilot.pause()
    await wait_until(pilot, lambda: all(w.is_finished for w in app.workers), what)
    await pilot.pause()


async def _search(pilot, query: str) -> None:
    app = pilot.app
    app.query_one("#query").cursor_blink = False
    await wait_until(pilot, lambda: app.ready, "opening the index")
    app.query_one("#query").value = query
    await pilot.press("enter")
    await wait_until(pilot, lambda: app.results is not None, "the results")
    # the passes behind it done too: nothing says more in the status after the line below
    await _settled(pilot, "the search")
    app.say(f"{app.results.total} documents match")  # no timing in a snapshot


# 80x24 first (most SSH sessions), 120x40 where what gave way comes back
SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


async def _open(pilot, query: str = "الخلافة") -> None:
    await _search(pilot, query)
    await pilot.press("enter")
    await wait_until(pilot, lambda: pilot.app.query_one("#reading").doc is not None, "the document")
    await _settled(pilot, "the document's names and bookmarks")


async def _two(pilot) -> None:
    await _open(pilot)
    pilot.app.query_one("#results").focus()
    await pilot.press("down", "o")
    await wait_until(pilot, lambda: pilot.app.query_one("#second").doc is not None, "the second document")
    await _settled(pilot, "the comparison")


async def _results(pilot):
    await _search(pilot, "الخلافة")


async def _reading(pilot):
    await _open(pilot)
    await pilot.press("n")
    await _settled(pilot, "the next hit")


async def _entities(pilot):
    await _two(pilot)
    pilot.app.query_one("#reading").focus()
    await pilot.press("E")
    await wait_until(pilot, lambda: pilot.app.query("#entities") and pilot.app.query_one("#entities").display, "the names")
    await _settled(pilot, "the names listed")


async def _concordance(pilot):
    await _search(pilot, "الخلافة")
    await pilot.press("c")
    await wait_until(pilot, lambda: pilot.app.query_one("#concordance").found is not None, "the concordance")
    await _settled(pilot, "the concordance")


async def _timeline(pilot):
    await _search(pilot, "داعش")
    await pilot.press("t")
    await wait_until(pilot, lambda: pilot.app.query("#timeline") and pilot.app.query_one("#timeline").by, "the timeline")
    await _settled(pilot, "the timeline")


async def _palette(pilot):
    await _search(pilot, "الخلافة")
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: pilot.app.screen.query("CommandInput"), "the palette")
    pilot.app.screen.query_one("CommandInput").cursor_blink = False
    await pilot.press(*"داعش")
    await _settled(pilot, "the palette's commands")


async def _bookmarks(pilot):
    await _open(pilot)
    pilot.app.query_one("#reading").focus()
    await pilot.press("j", "b")
    await wait_until(pilot, lambda: pilot.app.screen.query("#note"), "the note dialog")
    await pilot.press(*"note", "enter")
    await wait_until(pilot, lambda: pilot.app.query_one("#reading").marked, "the bookmark saved")
    pilot.app.clear_notifications()
    await pilot.press("B")
    await wait_until(pilot, lambda: pilot.app.screen.query("#bookmarks"), "the bookmarks")
    await _settled(pilot, "the bookmarks listed")


async def _keys(pilot):
    await _open(pilot)
    pilot.app.query_one("#reading").focus()
    await pilot.press("question_mark")
    await wait_until(pilot, lambda: pilot.app.screen.query("HelpPanel"), "the keys")
    await _settled(pilot, "the keys")


SCREENS = {"results": _results, "reading": _reading, "two_panes": _two, "entities": _entities,
           "concordance": _concordance, "timeline": _timeline, "palette": _palette, "bookmarks": _bookmarks,
           "keys": _keys}


@SIZES
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(snap_compare, app, screen, size):
    assert snap_compare(app, terminal_size=size, run_before=SCREENS[screen])
