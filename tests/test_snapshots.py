"""SVG snapshots of the main screens at 80x24 (pytest-textual-snapshot).

The corpus is copied to a fixed path, so the path shown in the reading
pane is the same on every machine, and so are the files' times (the
seeds' days); timings are replaced by a fixed status
and the cursor does not blink.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import SEEDS

pytest.importorskip("pytest_textual_snapshot")

FIXED = Path("/tmp/reader-snapshot-corpus/seeds")


@pytest.fixture
def app():
    from reader.index.corpus import make_roots
    from reader.library import Library
    from reader.tui.app import ReaderApp

    shutil.rmtree(FIXED.parent, ignore_errors=True)
    shutil.copytree(SEEDS, FIXED)
    for path in FIXED.rglob("*"):  # the seeds' days are their files' times: one fixed day
        os.utime(path, (1552651200, 1552651200))  # 2019-03-15 12:00 UTC
    return ReaderApp(Library(make_roots([FIXED])), shape=True)


async def _search(pilot, query: str) -> None:
    app = pilot.app
    app.query_one("#query").cursor_blink = False
    while not app.ready:
        await pilot.pause(0.05)
    app.query_one("#query").value = query
    await pilot.press("enter")
    while app.results is None:
        await pilot.pause(0.05)
    await pilot.pause(0.2)
    app._status(f"{app.results.total} documents match")  # no timing in a snapshot


def test_results_screen(snap_compare, app):
    async def run_before(pilot):
        await _search(pilot, "الخلافة")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_reading_screen(snap_compare, app):
    async def run_before(pilot):
        await _search(pilot, "الخلافة")
        await pilot.press("enter")
        await pilot.pause(0.2)
        await pilot.press("n")
        await pilot.pause(0.2)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_two_panes_screen(snap_compare, app):
    async def run_before(pilot):
        await _search(pilot, "الخلافة")
        await pilot.press("enter")
        await pilot.pause(0.2)
        pilot.app.query_one("#results").focus()
        await pilot.press("down", "o")
        await pilot.pause(0.3)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
