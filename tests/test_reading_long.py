"""The reading pane on a long document: laid out as it comes into view,
styles on the right cells far down, rows kept drawn and dropped when the
width or the styles change; the header's URL and path as one row each."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import SEEDS

pytest.importorskip("textual")

URL = "https://www.example.sa/أخبار/المملكة/مقال-عن-تنظيم-الدولة-الإسلامية-في-سوريا-والعراق?id=5"


def _long_doc(copies: int = 40, url: str = URL):
    """The seeds' articles joined, copies times: about 1,000 paragraphs."""
    from reader.index.files.corpus import Document
    from reader.index.files.structure import paragraphs

    one = "\n\n".join(p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt")))
    text = "\n\n".join([one] * copies)
    return Document("long.txt", Path("/tmp/مقالات/long.txt"), text, "مقال طويل", "", "utf-8", paragraphs(text), url=url)


def _app():
    from textual.app import App

    from reader.tui.reading import ReadingPane

    class One(App):
        def compose(self):
            yield ReadingPane(id="reading")

    return One()


def _screen(pane) -> list:
    """The pane's rows as Textual asks for them (laying out what is in view)."""
    from textual.geometry import Region

    pane.refresh()
    return pane.render_lines(Region(0, 0, pane.size.width, pane.size.height))


def _rows(pane) -> list:
    """The pane's rows as it draws them, before Textual's theme turns the colours into its own."""
    _screen(pane)
    return [pane.render_line(y) for y in range(pane.size.height)]


def _entities(doc, every: int = 10):
    from reader.entities.types import Entity

    words = [m.span() for m in re.finditer(r"\w+", doc.text)][::every]
    return [Entity(a, b, "PERS", doc.text[a:b], doc.text[a:b]) for a, b in words]


def _coloured(strip, colour: str) -> str:
    """The characters of a strip drawn in an entity's colour, in cell order."""
    return "".join(seg.text for seg in strip if seg.style is not None and seg.style.color is not None
                   and seg.style.color.name == colour)


async def test_opening_a_long_document_lays_out_only_the_first_screen():
    """A 500 KB article with thousands of entities took 50 ms to open: 20,000
    characters were shaped and laid out, with a sweep over every style. Only
    the pieces in view are prepared, with the styles over them."""
    doc = _long_doc()
    entities = _entities(doc)
    assert len(doc.paragraphs) > 800 and len(entities) > 3000
    async with _app().run_test(size=(80, 24)) as pilot:
        pane = pilot.app.query_one("#reading")
        pane.show(doc, [], entities=entities)
        _screen(pane)
        prepared = len(pane._prepared.items)
        assert 0 < prepared <= 24  # a screen's paragraphs at most, of the 1,000
        pane.scroll_to(y=pane.scroll_offset.y + pane.size.height, animate=False, immediate=True)
        _screen(pane)
        assert len(pane._prepared.items) <= prepared + 24  # a page more


async def test_an_entity_far_down_lands_on_its_own_cells():
    """Each piece takes the styles over it alone: an entity in the last
    paragraph is drawn on its word's cells, shaped, and on no others."""
    from reader.display.layout import Paragraph
    from reader.entities.types import Entity

    doc = _long_doc()
    last = len(doc.paragraphs) - 1
    start, end = doc.paragraphs[last]
    a, b = next(m.span() for m in re.finditer(r"\w{4,}", doc.text[start:end]))
    far = Entity(start + a, start + b, "LOC", doc.text[start + a : start + b], doc.text[start + a : start + b])
    async with _app().run_test(size=(80, 24)) as pilot:
        pane = pilot.app.query_one("#reading")
        pane.show(doc, [])
        await pilot.pause()  # laid out once: it has a scroll bar
        pane.show(doc, [], cursor=last, entities=[*_entities(doc, 50)[:-3], far])
        await pilot.pause()  # the scroll to the cursor
        strips = _rows(pane)
        from reader.tui.reading import ENTITY_COLOURS

        drawn = [_coloured(s, ENTITY_COLOURS["LOC"]) for s in strips]
        word = Paragraph(far.text, 0, True).lines(80)[0].text.strip()  # shaped, in visual order
        assert [d for d in drawn if d] == [word]
        assert pane.cursor == last


async def test_rows_are_kept_drawn_and_dropped_when_the_width_or_styles_change():
    from reader.tui.reading import ENTITY_COLOURS

    doc = _long_doc(4)
    async with _app().run_test(size=(80, 24)) as pilot:
        pane = pilot.app.query_one("#reading")
        pane.show(doc, [], entities=_entities(doc, 3))
        first = _rows(pane)
        kept = dict(pane._strips.items)
        assert kept and _rows(pane) == first
        assert all(pane._strips.items[k][0][2] is v[0][2] for k, v in kept.items())  # drawn once
        assert any(_coloured(s, ENTITY_COLOURS["PERS"]) for s in first)

        await pilot.resize_terminal(50, 24)
        await pilot.pause()
        narrow = _rows(pane)
        width = pane.scrollable_content_region.width
        assert width < 50 and all(s.cell_length == width for s in narrow)
        rows = [line.text.rstrip() for _p, line in (pane._rows[y] for y in range(pane.size.height))]
        assert [s.text[2:].rstrip() for s in narrow] == rows  # the rows at 50, none kept from 80

        pane.set_entities(False, set())
        plain = _rows(pane)
        assert not any(_coloured(s, ENTITY_COLOURS["PERS"]) for s in plain)  # no row kept with its colours


async def test_the_url_and_path_are_one_left_to_right_row_each_cut_with_an_ellipsis():
    """An Arabic URL was reordered by the bidi algorithm (its slashes and
    segments moved about) and wrapped over rows. It reads as written, left
    to right, on one row, cut at its end; the path is cut at its start,
    keeping the file's name."""
    doc = _long_doc(1)
    doc.path = Path("/tmp/أرشيف/" + "مجلد-طويل-" * 8 + "/مقال.txt")
    async with _app().run_test(size=(60, 24)) as pilot:
        pane = pilot.app.query_one("#reading")
        pane.show(doc, [])
        width = pane.scrollable_content_region.width - pane.margin
        rows = [line.text for code, line in (pane._rows[y] for y in range(12)) if code < -3]
        assert len(rows) == 2  # one row each
        url, path = rows
        assert url == URL[: width - 1] + "…"
        assert path == "…" + str(doc.path)[-(width - 1):]
        shown = [s.text[pane.margin:].rstrip() for s in _screen(pane)]
        assert url in shown and path in shown

        short = "https://example.sa/أخبار/5"
        pane.show(_long_doc(1, short), [])
        assert short in [line.text for code, line in (pane._rows[y] for y in range(12)) if code < -3]
