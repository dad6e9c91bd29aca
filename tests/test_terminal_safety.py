"""Nothing from a document or a file name drives the terminal (issue 11):
a hostile corpus through every screen of the TUI, and what reaches the
terminal scanned."""

from __future__ import annotations

import os
import re

import pytest

from conftest import SEEDS, run_reader, wait_until, write
from reader.userdata.bookmarks import BookmarkStore
from reader.core.library import Library

pytest.importorskip("textual")

# What an attacker puts in names, titles, bodies, authors and notes: a
# window-title OSC (with BEL and with ST), a CSI no app sends, a C1 CSI, a
# newline, bidi overrides and isolates, BEL alone.
OSC = "\x1b]2;PWNED\x07"
PAYLOADS = (OSC, "\x1b]0;PWNED\x1b\\", "\x1b[666m", "\x9b666m", "\n", "\u202e", "\u2066", "\x07")
HOSTILE = "".join(PAYLOADS)


def hostile_corpus(root) -> None:
    for p in sorted(SEEDS.iterdir())[:2]:
        write(root / p.name, p.read_text("utf-8"))
    body = "بقلم: محمد " + "\x1b]2;PWNED\x07" + "\n" + "داعش في سوريا والعراق " * 30
    names = [f"osc{OSC}.txt", "c1\x9b666m.txt", "new\nline.txt", "rlo\u202eabc.txt", "bell\x07.txt"]
    for i, name in enumerate(names):
        title = f"عنوان {i} {PAYLOADS[i % len(PAYLOADS)]} [/x] داعش"  # and markup that is not
        with open(os.fsencode(root) + b"/" + name.encode(), "wb") as f:
            f.write(f"{title}\n{body}\n\nفقرة عن داعش {HOSTILE} في الرقة".encode())
    with open(os.fsencode(root) + b"/bytes\xff\x1b]2;PWNED\x07.txt", "wb") as f:
        f.write(f"عنوان الملف\n{body}".encode())


# Textual's own: CSI, its hyperlinks (OSC 8), the pointer shape (OSC 22),
# charsets and the few one-letter escapes.
_OWN_ESC = re.compile(r"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\](8|22);[^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78MDEc])")


def unsafe(output: str) -> list[str]:
    """What in a terminal's stream did not come from Textual's own drawing."""
    found = []
    rest = _OWN_ESC.sub("", output)
    for bad in ("\x1b", "\x07", "\u202e", "\u2066"):
        if bad in rest:
            found.append(repr(bad))
    found += [repr(c) for c in set(re.findall("[\x80-\x9f]", output))]
    if "\x1b[666m" in output:
        found.append("the document's CSI")
    return found


async def test_a_hostile_corpus_through_every_screen_never_reaches_the_terminal(tmp_path, monkeypatch):
    from textual.command import CommandInput, CommandList
    from textual.drivers.headless_driver import HeadlessDriver
    from textual.widgets import Input, OptionList

    from reader.tui.app import ReaderApp
    from reader.tui.bookmarks_screen import BookmarksScreen
    from reader.tui.reading import ReadingPane

    corpus = tmp_path / "c"
    hostile_corpus(corpus)
    lib = Library.of([corpus])
    report = lib.update()
    assert report.indexed == 8, [s.line() for s in report.skipped]
    lib.find_entities()
    lib.find_copies()
    doc = lib.resolve(f"osc{OSC}.txt")
    store = BookmarkStore()
    root, rel = lib.where(doc)
    store.add(root, rel, doc, 0, 20, note=f"ملاحظة {HOSTILE}", tags=[HOSTILE])
    store.close()

    out: list[str] = []
    # The headless driver draws nothing: told it is a terminal, it gets
    # every byte the app would send one, and keeps them.
    monkeypatch.setattr(HeadlessDriver, "write", lambda self, data: out.append(data))
    monkeypatch.setattr(HeadlessDriver, "is_headless", property(lambda self: False))
    app = ReaderApp(lib, shape=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.ready, "the index opening")
        app.query_one("#query", Input).value = "داعش"
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.results is not None, "the results")
        assert app.results.total + app.results.folded >= 6
        listing = app.query_one("#results", OptionList)
        reading = app.query_one("#reading", ReadingPane)
        for hit in reversed(app.results.hits):  # copies (hostile names too) shown under their results
            if hit.copies:
                listing.highlighted = app.results.hits.index(hit)
                await pilot.press("x")
        await wait_until(pilot, lambda: listing.option_count == app.results.total + app.results.folded,
                         "every copy shown under its result")
        listing.highlighted = 0

        def read(doc_id: str) -> bool:  # open, its names and bookmarks read (in a worker) and shown
            return (reading.doc is not None and reading.doc.id == doc_id
                    and all(w.is_finished for w in app.workers if w.group.startswith("extras")))

        for _ in range(listing.option_count):  # every row, opened in turn
            row = listing.get_option_at_index(listing.highlighted).id
            await pilot.press("enter")
            await wait_until(pilot, lambda: read(row), f"row {row!r} opened")
            await pilot.press("E")  # the entity list
            await wait_until(pilot, lambda: any(panel.display for panel in app.query("#entities")), "the entity list")
            await pilot.press("E")
            await pilot.press("slash", "tab", "down")
        await pilot.press("o")  # beside the first
        second = app.query_one("#second", ReadingPane)
        await wait_until(pilot, lambda: second.display and second.doc is not None, "the document beside")
        app.notify(f"a file: {OSC} failed", title=HOSTILE)  # what errors carry
        app.say(f"error: {OSC}")
        await pilot.pause()  # drawn
        await pilot.press("B")  # the bookmarks screen
        await wait_until(pilot, lambda: isinstance(app.screen, BookmarksScreen) and app.screen.marks,
                         "the bookmarks listed")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.press("ctrl+p")  # the palette, listing titles and ids
        await wait_until(pilot, lambda: app.screen.query(CommandInput), "the palette")
        await pilot.press(*"Open")
        await wait_until(pilot, lambda: any(found.option_count for found in app.screen.query(CommandList)),
                         "the palette's matches")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    stream = "".join(out)
    assert len(stream) > 10_000  # the screens really were drawn
    assert unsafe(stream) == []


def test_the_cli_shows_hostile_names_titles_and_notes_escaped(tmp_path):
    corpus = tmp_path / "c"
    hostile_corpus(corpus)
    outputs = []
    for args in (("search", "داعش"), ("search", "-l", "داعش"), ("docs",), ("search", "--json", "داعش"),
                 ("show", "new\nline.txt"), ("show", "nothere\x1b]2;PWNED\x07.txt")):
        r = run_reader("--corpus", str(corpus), *args)
        outputs += [r.stdout, r.stderr]
    assert all(unsafe(o) == [] for o in outputs), [unsafe(o) for o in outputs]
    assert "\\xff" in outputs[0]  # the name's bad byte, shown as such
