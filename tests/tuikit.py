"""What the TUI tests share: an app over a folder, waits on what the app
does behind the screen (the index opening, a search, two documents
compared, the palette's list), a document opened from a search, the
screen's rows as drawn, and keys as a terminal's driver posts them.

The waits are conftest's wait_until on a condition, never a fixed sleep.
"""

from __future__ import annotations

from conftest import wait_until
from reader.core.library import Library
from reader.index.files.corpus import make_roots
from reader.tui.focus import focus_now


def make_app(folder, **kwargs):
    """The reader app over one folder, shaping Arabic itself."""
    from reader.tui.app import ReaderApp

    return ReaderApp(Library(make_roots([folder])), shape=True, **kwargs)


def screen_rows(app) -> list[str]:
    """The screen's rows as drawn, the active screen on top."""
    # Textual has no public way to the text on screen: its compositor draws it.
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def wait_index(app, pilot):
    await wait_until(pilot, lambda: app.ready, "opening the index")


async def wait_results(app, pilot):
    await wait_until(pilot, lambda: app.results is not None, "the results")


async def open_first(app, pilot, query):
    """The first result of a search for query, open in the reading pane and focused."""
    from textual.widgets import Input

    await wait_index(app, pilot)
    app.query_one("#query", Input).value = query
    await pilot.press("enter")
    await wait_results(app, pilot)
    await pilot.press("enter")
    # the document loads in a worker: on a loaded machine it takes a while
    await wait_until(pilot, lambda: app.query_one("#reading").doc is not None
                     and app.focused is app.query_one("#reading"), "the document opened")
    await pilot.pause()


async def wait_compared(app, pilot):
    """The two open documents compared (in a worker)."""
    first, second = app.query_one("#reading"), app.query_one("#second")
    await wait_until(pilot, lambda: app.workspace.comparison is not None
                     and app.workspace.comparison[0][0::2] == (first.doc.id, second.doc.id), "the comparison")
    await pilot.pause()


async def two_open(app, pilot, query="الخلافة"):
    """Two documents side by side, the second pane focused."""
    from textual.widgets import OptionList

    from reader.tui.reading import ReadingPane

    await open_first(app, pilot, query)
    app.query_one("#results", OptionList).focus()
    await pilot.press("down", "o")
    await pilot.pause()
    first, second = app.query_one("#reading", ReadingPane), app.query_one("#second", ReadingPane)
    await wait_compared(app, pilot)
    return first, second


async def search_rows(app, pilot, query) -> dict[str, list[str]]:
    """{document id: its result's rows} for a query."""
    from textual.widgets import Input, OptionList

    await wait_index(app, pilot)
    focus_now(app.query_one("#query", Input))
    app.query_one("#query", Input).value = query
    await pilot.press("enter")
    await wait_until(pilot, lambda: app.results is not None and app.results.query == query, "the results")
    await pilot.pause()
    listing = app.query_one("#results", OptionList)
    return {listing.get_option_at_index(i).id: listing.get_option_at_index(i).prompt.plain.split("\n")
            for i in range(listing.option_count)}


def key_events(text: str) -> list:
    """Key events as a terminal's driver posts them, one per character."""
    from textual import events
    # Textual's driver names a character's key with this; it has no public equivalent.
    from textual.keys import _character_to_key

    return [events.Key(_character_to_key(ch), ch) for ch in text]


def visual(word: str) -> str:
    """A word as the screen shows it: shaped, in visual order."""
    from reader.display.layout import Paragraph

    return Paragraph(word, 0, True).lines(100)[0].text.strip()


async def wait_palette(app, pilot):
    """The command palette's list made for what is typed in it: the palette
    gathers its commands in a worker of its own, started as the text changes."""
    await pilot.pause()  # the text's change handled: the gathering for it has started
    await wait_until(pilot, lambda: not any(w.node is app.screen and not w.is_finished for w in app.workers),
                     "the palette's commands")
    await pilot.pause()
