"""The TUI and the articles' days and outlets: shown in the results and the
reading pane, the results sorted by date (and paged in that order), the
timeline of the matches and narrowing the results to one of its periods."""

from __future__ import annotations

import json
import os

import pytest

pytest.importorskip("textual")

from conftest import wait_until, write
from tuikit import make_app, screen_rows, wait_index, wait_palette

MONTHS = {1: "يناير", 3: "مارس", 4: "أبريل", 5: "مايو", 7: "يوليو"}
# (outlet folder, day, month, year): every article holds النفط
ARTICLES = [
    ("aawsat", 15, 3, 2019),
    ("aawsat", 20, 3, 2019),
    ("aawsat", 28, 3, 2019),
    ("okaz", 2, 5, 2019),
    ("okaz", 9, 5, 2019),
    ("okaz", 11, 1, 2020),
    ("الرياض", 10, 4, 2019),
]
ARABIC_OUTLET = "الرياض"


def _corpus(root, extra: int = 0):
    """The articles above, a dateline in each, in folders named after their
    outlets; extra: that many more in July 2019, days 1, 2, … (for paging)."""
    articles = ARTICLES + [("alyaum", 1 + i, 7, 2019) for i in range(extra)]
    for n, (outlet, d, m, y) in enumerate(articles):
        write(root / outlet / f"a{n:02}.txt",
              f"خبر رقم {n} عن أسعار النفط\n\nالرياض - {d} {MONTHS[m]} {y}\n\nارتفعت أسعار النفط اليوم في الأسواق رقم {n}.")
    return root


async def _search(app, pilot, query: str):
    from textual.widgets import Input

    await wait_index(app, pilot)
    app.query_one("#query", Input).value = query
    before = app.results
    await pilot.press("enter")
    await wait_until(pilot, lambda: app.results is not None and app.results is not before, "the results")
    await wait_until(pilot, lambda: _listed(app), "the results listed")
    await pilot.pause()  # and said in the status, after they are listed


def _listed(app) -> bool:
    """The results are the ones the list shows."""
    return app.results is not None and app.query_one("#results").hits == app.results.hits


def _rows(listing) -> list[list[str]]:
    return [listing.get_option_at_index(i).prompt.plain.split("\n") for i in range(listing.option_count)]


def _status(app) -> str:

    return app.query_one("#status").said


def _days(app) -> list[str]:
    return [h.date for h in app.results.hits]


async def test_results_show_each_articles_day_and_outlet_within_the_width(tmp_path):
    from reader.display.layout import one_line
    from textual.widgets import OptionList

    root = _corpus(tmp_path / "news")
    # no dateline: the day is the file's; an outlet name holding an escape sequence
    bare = write(root / "bad\x1b[31mname" / "b.txt", "خبر بلا تاريخ عن النفط\n\nالنفط في الأسواق.")
    os.utime(bare, (1552608000, 1552608000))  # 2019-03-15
    app = make_app(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await _search(app, pilot, "النفط")
        listing = app.query_one("#results", OptionList)
        lines = {listing.get_option_at_index(i).id: rows[-1] for i, rows in enumerate(_rows(listing))}
        assert lines["aawsat/a00.txt"].startswith("2019-03-15 · aawsat · ")
        assert lines["okaz/a05.txt"].startswith("2020-01-11 · okaz")
        assert lines[f"{ARABIC_OUTLET}/a06.txt"].startswith("2019-04-10 · " + one_line(ARABIC_OUTLET))  # shaped
        bad = next(line for doc_id, line in lines.items() if doc_id.endswith("b.txt"))
        assert bad.startswith("undated · ")  # only a file's day: no publication day
        for rows in _rows(listing):
            assert all(len(row) <= listing.content_region.width for row in rows)
            assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for row in rows for c in row)


async def test_the_sort_key_steps_through_newest_oldest_relevance_and_pages_keep_the_order(tmp_path, monkeypatch):
    from reader.tui import app as app_mod
    from textual.widgets import OptionList

    monkeypatch.setattr(app_mod, "PAGE", 6)
    root = _corpus(tmp_path / "news", extra=9)  # 16 articles: three pages
    app = make_app(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await _search(app, pilot, "النفط")
        listing = app.query_one("#results", OptionList)
        assert app.focused is listing and app.results.total == 16
        relevance = _days(app)
        for sort, name in (("-date", "newest first"), ("date", "oldest first")):
            first = app.results
            await pilot.press("d")
            await wait_until(pilot, lambda: app.results is not first, f"the results {name}")
            await wait_until(pilot, lambda: name in _status(app), f"the status saying {name}")
            assert name in _status(app) and app.session.sort == sort
            assert listing.option_count == 6  # a page, the rest as the highlight nears the end
            for _ in range(20):  # to the end: the next pages come in the same order
                await pilot.press("down")
                # on the last row listed, the next page must have come: a down there would be lost
                await wait_until(pilot, lambda: listing.highlighted < listing.option_count - 1
                                 or listing.option_count == app.results.total, "the next page")
            await wait_until(pilot, lambda: listing.option_count == 16, "every page")
            shown = [listing.get_option_at_index(i).id for i in range(16)]
            assert len(set(shown)) == 16
            days = _days(app)
            assert days == sorted(days, reverse=sort == "-date"), days
            assert days[0] == ("2020-01-11" if sort == "-date" else "2019-03-15")
        first = app.results
        await pilot.press("d")
        await wait_until(pilot, lambda: app.results is not first, "the results by relevance")
        assert app.session.sort == "relevance" and "first" not in _status(app)
        assert _days(app) == relevance
        first = app.results
        await pilot.press("d")  # newest first, for the next launch
        await wait_until(pilot, lambda: app.results is not first, "the results newest first")
    again = make_app(root)
    async with again.run_test(size=(80, 24)) as pilot:
        await _search(again, pilot, "النفط")
        assert again.session.sort == "-date" and "newest first" in _status(again)
        assert _days(again)[0] == "2020-01-11"


def test_an_old_or_damaged_sort_in_the_session_is_relevance(tmp_path):
    from reader.userdata.session import Session

    path = tmp_path / "session.json"
    for value in (None, "by-date", ["date"], 3):
        path.write_text(json.dumps({"c": {"query": "x", "sort": value}}), "utf-8")
        assert Session("c", path).sort == "relevance"
    path.write_text(json.dumps({"c": {"query": "x"}}), "utf-8")  # written before sorting existed
    assert Session("c", path).sort == "relevance"
    s = Session("c", path)
    s.sort = "date"
    s.save()
    assert Session("c", path).sort == "date"


async def _open_timeline(app, pilot):
    from reader.tui.timeline import TimelinePanel

    await pilot.press("t")
    panel = app.query_one("#timeline", TimelinePanel)
    await wait_until(pilot, lambda: panel.by, "the timeline")
    await pilot.pause()
    return panel


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_the_timeline_shows_the_periods_and_enter_narrows_the_results(tmp_path, size):
    from textual.widgets import Input, OptionList

    app = make_app(_corpus(tmp_path / "news"))
    async with app.run_test(size=size) as pilot:
        await _search(app, pilot, "النفط")
        listing = app.query_one("#results", OptionList)
        panel = await _open_timeline(app, pilot)
        assert panel.display and not listing.display and app.focused is panel
        assert panel.by == "month"  # 2019-03 to 2020-01: months
        assert panel.border_subtitle == "2019-03 … 2020-01"
        counts = {label: count for label, count in panel.periods}
        assert counts["2019-03"] == 3 and counts["2019-04"] == 1 and counts["2019-05"] == 2
        assert counts["2019-06"] == 0 and counts["2020-01"] == 1 and len(counts) == 11
        rows = {panel.get_option_at_index(i).id: panel.get_option_at_index(i) for i in range(panel.option_count)}
        assert rows["2019-06"].disabled and not rows["2019-03"].disabled  # an empty month cannot be chosen
        text = rows["2019-03"].prompt.plain
        assert text.startswith("2019-03 █") and text.rstrip().endswith(" 3")
        assert all(len(rows[label].prompt.plain) <= panel.content_region.width for label in rows)
        await wait_until(pilot, lambda: "2019-03 … 2020-01" in "\n".join(screen_rows(app)), "the timeline drawn")
        screen = "\n".join(screen_rows(app))
        assert "2019-03 █" in screen and "2019-03 … 2020-01" in screen
        assert panel.get_option_at_index(panel.highlighted).id == "2019-03"
        await pilot.press("down", "down")  # April, then May
        assert panel.get_option_at_index(panel.highlighted).id == "2019-05"
        first = app.results
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.results is not first, "the narrowed results")
        await wait_until(pilot, lambda: _listed(app), "the narrowed results listed")
        assert app.query_one("#query", Input).value == "النفط date:2019-05"
        assert app.results.total == 2 and set(_days(app)) == {"2019-05-02", "2019-05-09"}
        assert listing.display and not panel.display and app.focused is listing
        # again, on the narrowed results: by day now; a second period replaces the first
        panel = await _open_timeline(app, pilot)
        assert panel.by == "day" and panel.border_subtitle == "2019-05-02 … 2019-05-09"
        await pilot.press("end", "enter")
        await wait_until(pilot, lambda: app.query_one("#query", Input).value == "النفط date:2019-05-09", "the day")
        await wait_until(pilot, lambda: app.results.total == 1, "one result")
        # t again, and Escape, close it and go back to the results
        for key in ("t", "escape"):
            panel = await _open_timeline(app, pilot)
            await pilot.press(key)
            assert not panel.display and listing.display and app.focused is listing


def test_a_period_replaces_the_querys_date_filter_and_keeps_the_rest():
    from reader.index.files.dates import buckets_between
    from reader.tui.timeline import periods_for, with_period

    assert with_period("النفط", "2019-03") == "النفط date:2019-03"
    assert with_period("النفط date:2019 source:okaz", "2019-03") == "النفط date:2019-03 source:okaz"
    assert with_period("date:30d النفط date:>=2018", "2019") == "date:2019 النفط"
    assert with_period("النفط date:مارس", "2019-03") == "النفط date:مارس date:2019-03"  # a word, not a filter
    assert with_period("النفط -date:2019-01", "2019") == "النفط -date:2019-01 date:2019"
    days = [(f"2019-03-{d:02}", 1) for d in range(1, 32)]
    assert periods_for(days) == ("day", days)
    year = [(label, 1) for label in buckets_between(20190101, 20191231, "day")]
    assert periods_for(year) == ("month", [(f"2019-{m:02}", n) for m, n in enumerate((31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31), 1)])
    assert periods_for([("2010-01-01", 2)] + [("2015-06-01", 0)] * 2000 + [("2019-12-31", 3)])[0] == "year"


async def test_the_reading_pane_shows_the_outlet_the_day_and_the_url(tmp_path):
    from reader.display.layout import one_line
    from reader.tui.reading import ReadingPane

    root = _corpus(tmp_path / "news")
    record = {"title": "أسعار النفط في الأسواق", "text": "ارتفعت أسعار النفط اليوم.\n\nوقال محللون إن النفط سيرتفع.",
              "date": "2019-03-15", "source": "الشرق الأوسط", "url": "https://aawsat.com/home/article/1\x1b]0;x\x07"}
    write(root / "export" / "feed.jsonl", json.dumps(record, ensure_ascii=False) + "\n")
    app = make_app(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await _search(app, pilot, "النفط")
        pane = app.query_one("#reading", ReadingPane)
        app.open_document("aawsat/a00.txt")
        await wait_until(pilot, lambda: "2019-03-15 · aawsat" in [line.text.strip() for para, line in pane._rows if para < -2],
                         "the first document's header")
        header = [line.text.strip() for para, line in pane._rows if para < -2]
        assert "2019-03-15 · aawsat" in header
        app.open_document(next(h.id for h in app.results.hits if h.id.startswith("export/")))
        await wait_until(pilot, lambda: pane.doc.id.startswith("export/") and any(
            line.text.strip().startswith("https://") for para, line in pane._rows if para < -2), "the second document's header")
        header = [line.text.strip() for para, line in pane._rows if para < -2]
        assert header[0] == one_line("2019-03-15 · الشرق الأوسط")  # shaped, in visual order
        assert any(row.startswith("https://aawsat.com/home/article/1") for row in header)
        assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for row in header for c in row)
        await wait_until(pilot, lambda: one_line("الشرق الأوسط") in "\n".join(screen_rows(app)), "the header drawn")
        screen = "\n".join(screen_rows(app))
        assert one_line("الشرق الأوسط") in screen and "2019-03-15" in screen


async def test_d_and_t_are_in_the_keys_help(tmp_path):
    app = make_app(_corpus(tmp_path / "news"))
    async with app.run_test(size=(160, 48)) as pilot:
        await _search(app, pilot, "النفط")
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: "Timeline" in "\n".join(screen_rows(app)), "the keys' help drawn")
        screen = "\n".join(screen_rows(app))
        assert "Sort: relevance, newest, oldest" in screen and "Timeline" in screen


async def test_the_palette_sorts_and_opens_the_timeline(tmp_path):
    from textual.command import CommandPalette

    app = make_app(_corpus(tmp_path / "news"))
    async with app.run_test(size=(80, 24)) as pilot:
        await _search(app, pilot, "النفط")
        for words, done in (("sort the results", lambda: app.session.sort == "-date"),
                            ("timeline of", lambda: app.query("#timeline") and app.query_one("#timeline").display)):
            await pilot.press("ctrl+p")
            await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
            await pilot.press(*words)
            await wait_palette(app, pilot)
            await pilot.press("enter")
            await wait_until(pilot, done, words)


def test_the_sort_key_steps_through_every_order_the_search_knows():
    from reader.index.query import SORTS
    from reader.userdata.session import SORTS as STEPS

    assert sorted(STEPS) == sorted(SORTS) and STEPS[0] == "relevance"
