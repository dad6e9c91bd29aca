"""The concordance in the TUI: every occurrence of the query in its
context, sorted, opened where it is; in place of the results at 80
columns, beside the document from 100; and work behind the screen that
fails said where its answer would have gone."""

from __future__ import annotations

import pytest

pytest.importorskip("textual")

from conftest import wait_until
from reader.core.library import Library
from reader.index.files.corpus import make_roots
from tuikit import make_app, open_first


async def _concordance_of(app, pilot, query: str):
    """The first result of query open, then its concordance, once found."""
    from reader.tui.concordance import ConcordancePanel

    await open_first(app, pilot, query)
    await pilot.press("c")
    panel = app.query_one("#concordance", ConcordancePanel)
    await wait_until(pilot, lambda: panel.found is not None, "the concordance")
    return panel


async def test_the_concordance_view_lists_every_occurrence_sorts_and_opens_one_there(seeds):
    from textual.widgets import OptionList

    from reader.tui.reading import ReadingPane

    app = make_app(seeds)
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


async def test_from_100_columns_the_concordance_stays_beside_the_document(seeds):
    from textual.widgets import OptionList

    from reader.tui.reading import ReadingPane

    app = make_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        panel = await _concordance_of(app, pilot, "الخلافة")
        pane = app.query_one("#reading", ReadingPane)
        assert pane.display and pane.region.width >= 40 and panel.region.width >= 60
        await pilot.press("down", "enter")
        await pilot.pause()
        assert panel.display and pane.doc.id == panel.lines[1].doc_id  # it stays, to choose another
        assert not app.query_one("#results", OptionList).display


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
        await open_first(app, pilot, "الخلافة")
        await pilot.press("c")
        panel = app.query_one("#concordance")
        said = "cannot make the concordance: ValueError: a bug in the concordance"
        await wait_until(pilot, lambda: panel.option_count == 1 and said in str(panel.get_option_at_index(0).prompt),
                         "the concordance's failure said")
        await pilot.press("c", "t")
        timeline = app.query_one("#timeline")
        said = "cannot count the matches by date: ValueError: a bug in the timeline"
        await wait_until(pilot, lambda: timeline.option_count == 1 and said in str(timeline.get_option_at_index(0).prompt),
                         "the timeline's failure said")
        await pilot.press("t", "slash")
        assert app.focused is app.query_one("#query")  # the app goes on
