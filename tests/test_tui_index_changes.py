"""The TUI open while another process updates or rebuilds the index (issue 25)."""

from __future__ import annotations

import asyncio

import pytest

pytest.importorskip("textual")

from conftest import run_reader, wait_until, write
from tuikit import make_app, wait_index


async def _search(app, pilot, query: str):
    from textual.widgets import Input

    before = app.results
    app.query_one("#query", Input).value = query
    app.query_one("#query", Input).focus()
    await pilot.press("enter")
    await wait_until(pilot, lambda: app.results is not None and app.results is not before, f"the results of {query}")
    return app.results


async def _index_elsewhere(seeds, *extra: str) -> None:
    r = await asyncio.to_thread(run_reader, "index", *extra, "--corpus", str(seeds))
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize("how", [(), ("--rebuild",)])
async def test_the_tui_finds_what_another_process_indexed(seeds, how):
    app = make_app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_index(app, pilot)
        assert (await _search(app, pilot, "الخلافة")).total == 4
        for n in range(6):  # an update or a rebuild in another terminal, again and again
            write(seeds / f"new{n}.txt", f"مقال {n}\n\nعن الخلافة وكلمةجديدة{n}.")
            await _index_elsewhere(seeds, *how)
            assert (await _search(app, pilot, f"كلمةجديدة{n}")).total == 1
            assert app.query_one("#status").said.startswith("1 document matches")
            assert (await _search(app, pilot, "الخلافة")).total == 5 + n
        status = app.query_one("#status").said
        assert "damaged" not in status and "Error" not in status, status
