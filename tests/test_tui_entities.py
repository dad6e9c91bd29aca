"""Names (entities) in the TUI: coloured by type in the reading pane, with
their legend, the entity list and who appears with a name, the names two
documents share, and the entity pass run behind the screen."""

from __future__ import annotations

import pytest

pytest.importorskip("textual")

from conftest import wait_until
from reader.core.library import Library
from reader.index.files.corpus import make_roots
from tuikit import make_app, open_first, visual, wait_index


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


def _colour(name: str):
    from rich.color import Color

    return lambda style: style.color == Color.parse(name)


async def test_entities_are_coloured_by_type_and_e_toggles_them(seeds):
    from textual.widgets import Static

    from reader.tui.reading import ENTITY_COLOURS, ReadingPane

    app = make_app(seeds)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_first(app, pilot, "خلافته")  # a hit's own style wins: not a name
        pane = app.query_one("#reading", ReadingPane)
        assert pane.doc.id == "001_4842e351d2c85202.txt"
        people = " ".join(_styled(pane, _colour(ENTITY_COLOURS["PERS"])))
        places = " ".join(_styled(pane, _colour(ENTITY_COLOURS["LOC"])))
        assert visual("غوتيريش") in people  # shaped, in visual order
        assert visual("سوريا") in places
        assert "people" in str(app.query_one("#legend", Static).render())
        await pilot.press("e")
        assert not any(_styled(pane, _colour(c)) for c in ENTITY_COLOURS.values())
        assert "hidden" in str(app.query_one("#legend", Static).render())
        await pilot.press("e")
        assert _styled(pane, _colour(ENTITY_COLOURS["PERS"]))


def test_entity_colours_are_sixteen_colour_names_and_distinct():
    from rich.color import ANSI_COLOR_NAMES
    from textual.app import App

    from reader.tui.reading import ENTITY_COLOURS

    theme = App().ansi_theme_dark  # Textual's ANSI colours for a dark theme (reader's default)

    assert len(set(ENTITY_COLOURS.values())) == len(ENTITY_COLOURS) == 6
    assert all(ANSI_COLOR_NAMES[c] < 16 for c in ENTITY_COLOURS.values())
    # Textual draws ANSI colours through its own theme, where some coincide.
    drawn = {str(theme.ansi_colors[ANSI_COLOR_NAMES[c]]) for c in ENTITY_COLOURS.values()}
    assert len(drawn) == 6


async def test_dates_and_hits_do_not_share_a_colour(seeds):
    """Hits were black on yellow and dates yellow, which Textual draws as
    one orange: a date read as a hit. Hits now carry no colour at all."""
    from rich.color import Color

    from reader.tui.reading import ENTITY_COLOURS, ReadingPane

    app = make_app(seeds)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_first(app, pilot, "خلافته")
        pane = app.query_one("#reading", ReadingPane)
        assert any(e.type == "DATE" for e in pane.entities)
        dates = _styled(pane, _colour(ENTITY_COLOURS["DATE"]))
        hits = []
        _styled(pane, lambda st: st.bold and (st.reverse or st.bgcolor is not None) and not hits.append(st))
        assert dates and hits
        hit_colours = {st.bgcolor for st in hits} | {st.color for st in hits}
        assert Color.parse(ENTITY_COLOURS["DATE"]) not in hit_colours
        assert all(Color.parse(c) not in hit_colours for c in ENTITY_COLOURS.values())


async def test_entity_panel_groups_with_counts_and_enter_searches(seeds):
    from textual.widgets import Input, OptionList

    from reader.tui.entity_panel import EntityPanel
    from reader.tui.reading import ReadingPane

    app = make_app(seeds)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_first(app, pilot, "غوتيريش")
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
        await wait_until(pilot, lambda: app.results is not None and app.results.query.startswith("person:"), "the entity search")
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

    app = make_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(app, pilot, "الباغوز")
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


async def test_the_entity_list_shows_who_appears_with_a_name_across_the_corpus(seeds):
    from reader.tui.entity_panel import EntityPanel

    Library(make_roots([seeds])).find_entities()  # every document's names, as a finished pass leaves them
    app = make_app(seeds)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_first(app, pilot, "غوتيريش")
        await pilot.press("E")
        await pilot.pause()
        panel = app.query_one("#entities", EntityPanel)
        rows = [panel.get_option_at_index(i) for i in range(panel.option_count)]
        at = next(i for i, o in enumerate(rows) if o.id and panel.names.get(o.id) == "سوريا")
        panel.highlighted = at
        await pilot.press("w")
        await wait_until(pilot, lambda: panel.option_count > 1 and "with" in str(panel.get_option_at_index(0).prompt),
                         "the names found with سوريا")
        heading = str(panel.get_option_at_index(0).prompt)
        count, found, _notice = app.library.companions("سوريا")
        assert f"{count:,} document" in heading and panel.option_count == len(found[:200]) + 1
        assert panel.get_option_at_index(0).prompt.no_wrap  # one row, never wrapped in the wrong order
        assert "سوريا" not in panel.names.values() and found[0].name == panel.names[panel.get_option_at_index(1).id]
        await pilot.press("enter")  # searches for the companion in turn
        await wait_until(pilot, lambda: app.results is not None and found[0].name in app.results.query,
                         "the companion's search")


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
        await wait_index(app, pilot)
        # wait_until's loop, with the legend's note read every 50 ms on the
        # way, and 30 s at most (400 documents in worker processes)
        for _ in range(600):
            notes.append(app.entity_note)
            if lib.entity_status()[2] and app.entity_note == "":
                break
            await pilot.pause(0.05)
        assert lib.entity_status() == (400, 400, True)
        assert any(n.startswith("entities: ") and n.endswith(" of 400") for n in notes)
        assert app.entity_note == ""
        assert lib.search("place:جدة").total > 0
