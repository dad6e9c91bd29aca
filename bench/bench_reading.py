"""Benchmark: the TUI's reading pane on a long document.

Run from the repository root::

    python bench/bench_reading.py                      # unpacks ../shared/bench/saudinewsnet.tar.xz
    python bench/bench_reading.py --corpus /tmp/snn/saudinewsnet

The document is the longest benchmark articles joined, up to --kb (500 KB of
UTF-8), with --entities (3,000) entity spans on its words, spread evenly
from its first paragraph to its last, and a query's hits on one word in
twenty. The pane is mounted alone in a Textual app of --size (80x24) cells,
run headless, and Textual's own render_lines is called as the screen does.
Medians over --repeat runs, each from a document not laid out before:

* open: pane.show(doc, hits, entities=...) and the first screen rendered;
* page: one page down from the middle of the document, rendered (the rows
  there not laid out before);
* jump: from the top to the end (G), rendered;
* resize: the pane laid out again at its width, the screen rendered.

Anchor in the same run: a bare ScrollView of the same size whose
render_line hands Textual one plain Strip per row of the same text (cut at
the width, no shaping, bidi or styles): what a screen costs Textual itself.
Goals (issue 26): open < 50 ms, page < 16 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

from bench_display import long_document as longest_joined
from harness import anchor, corpus_in, index_home, record, record_option, row

TYPES = ("PERS", "LOC", "ORG", "MISC", "DATE", "NUM")


def long_document(corpus: Path, kb: int):
    """The longest articles joined into one Document of about kb kilobytes."""
    from reader.index.files.corpus import Document
    from reader.index.files.structure import paragraphs

    text = longest_joined(corpus, kb)
    return Document("long.txt", Path("/tmp/long.txt"), text, "مقال طويل", "", "utf-8", paragraphs(text),
                    url="https://www.example.sa/أخبار/مقال-طويل")


def words_of(text: str) -> list[tuple[int, int]]:
    import re

    return [m.span() for m in re.finditer(r"\w+", text)]


def entities_of(doc, count: int) -> list:
    """count entity spans on words spread evenly over the document."""
    from reader.entities.types import Entity

    words = words_of(doc.text)
    step = max(1, len(words) // count)
    out = []
    for k, (a, b) in enumerate(words[::step][:count]):
        out.append(Entity(a, b, TYPES[k % len(TYPES)], doc.text[a:b], doc.text[a:b]))
    return out


def measure(doc, entities: list, hits: list, size: tuple[int, int], repeat: int) -> dict:
    from textual.app import App
    from textual.geometry import Region, Size
    from textual.scroll_view import ScrollView
    from textual.strip import Strip
    from rich.segment import Segment

    from reader.tui.reading import ReadingPane

    class Plain(ScrollView):
        """The anchor: plain Strips of the text, cut at the width."""

        rows: list[str] = []

        def set_text(self, text: str, width: int) -> None:
            self.rows = [text[i : i + width] for i in range(0, len(text), width)]
            self.virtual_size = Size(width, len(self.rows))

        def render_line(self, y: int) -> Strip:
            row = y + self.scroll_offset.y
            text = self.rows[row] if row < len(self.rows) else ""
            return Strip([Segment(text)]).adjust_cell_length(self.size.width)

    class Bench(App):
        CSS = "ReadingPane, Plain { height: 1fr; }"

        def compose(self):
            yield ReadingPane(id="pane")
            yield Plain(id="plain")

    fig: dict = {}

    async def run() -> None:
        app = Bench()
        async with app.run_test(size=(size[0], size[1] * 2)) as pilot:
            await pilot.pause()
            pane, plain = app.query_one(ReadingPane), app.query_one(Plain)
            height = pane.size.height

            def screen(widget) -> list:
                widget.refresh()
                return widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))

            def timed(prepare, act) -> float:
                times = []
                for _ in range(repeat):
                    prepare()
                    t = time.perf_counter()
                    act()
                    times.append((time.perf_counter() - t) * 1000)
                return statistics.median(times)

            def fresh() -> None:
                pane.doc = None
                pane.show(doc, hits, entities=entities)
                screen(pane)

            def to(y: int) -> None:
                pane.scroll_to(y=y, animate=False, immediate=True)

            fig["open_ms"] = timed(lambda: None, lambda: (pane.show(doc, hits, entities=entities), screen(pane)))
            middle = []

            def at_middle() -> None:
                fresh()
                to(pane.max_scroll_y // 2)
                screen(pane)
                middle.append(pane.scroll_offset.y)

            fig["page_ms"] = timed(at_middle, lambda: (to(pane.scroll_offset.y + height), screen(pane)))
            fig["jump_ms"] = timed(fresh, lambda: (pane.action_last(), screen(pane)))
            fig["rows"] = len(pane._rows)

            def relaid() -> None:  # what a resize costs the pane: every row counted again, the screen laid out
                pane._width = 0
                pane.on_resize()
                screen(pane)

            fig["resize_ms"] = timed(fresh, relaid)

            plain.set_text(doc.text.replace("\n", " "), plain.size.width)
            fig["anchor_ms"] = timed(lambda: None, lambda: screen(plain))
            fig["anchor_page_ms"] = timed(lambda: plain.scroll_to(y=plain.max_scroll_y // 2, animate=False, immediate=True),
                                          lambda: (plain.scroll_to(y=plain.scroll_offset.y + height, animate=False,
                                                                   immediate=True), screen(plain)))

    asyncio.run(run())
    return fig


def report(doc, entities, hits, size, f: dict) -> str:
    goal = lambda v, g: f"goal < {g} ms: {'met' if v < g else 'NOT met'}"  # noqa: E731
    kb = len(doc.text.encode("utf-8")) / 1000
    return "\n".join([
        f"reading pane — one document of {kb:.0f} KB ({len(doc.text):,} characters, {len(doc.paragraphs):,}"
        f" paragraphs), {len(entities):,} entity spans, {len(hits):,} hits, {size[0]}x{size[1]}; medians",
        f"  open: show() and the first screen      {f['open_ms']:8.2f} ms   {goal(f['open_ms'], 50)}",
        f"  page down from the middle, rendered    {f['page_ms']:8.2f} ms   {goal(f['page_ms'], 16)}",
        f"  jump to the end (G), rendered          {f['jump_ms']:8.2f} ms",
        f"  laid out again (a resize), rendered    {f['resize_ms']:8.2f} ms",
        f"  anchor: a bare ScrollView of plain Strips, one screen {f['anchor_ms']:.2f} ms, a page down {f['anchor_page_ms']:.2f} ms",
        f"  ratios to the anchor: open x{f['open_ms'] / f['anchor_ms']:.0f}, page x{f['page_ms'] / f['anchor_page_ms']:.0f}",
        f"  rows of the document (counted, laid out as seen): {f['rows']:,}",
    ])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", metavar="DIR", type=Path, help="unpacked benchmark articles (default: unpack the tarball)")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--kb", type=int, default=500, help="document size (default 500 KB, the goal's size)")
    ap.add_argument("--entities", type=int, default=3000)
    ap.add_argument("--size", default="80x24", help="the pane's cells, WxH (default 80x24)")
    record_option(ap)
    args = ap.parse_args()
    size = tuple(int(x) for x in args.size.lower().split("x"))
    with index_home(None, "reader-bench-reading-") as home:
        doc = long_document(corpus_in(home, args.corpus), args.kb)
    entities = entities_of(doc, args.entities)
    hits = words_of(doc.text)[::20]
    fig = measure(doc, entities, hits, size, args.repeat)
    print(report(doc, entities, hits, size, fig))
    if args.record:
        record("reading", args.record, reading_rows(fig), args.note)
    return 0


def reading_rows(f: dict) -> list[dict]:
    """The medians as bench/runs/reading.json keeps them, named as docs/benchmark.md's rows."""
    ms = lambda key: round(f[key], 2)  # noqa: E731
    return [
        row("open: `show()` and the first screen", ms("open_ms"), "ms", anchors=[anchor("one screen", ms("anchor_ms"), "ms")],
            goal="< 50 ms", met=f["open_ms"] < 50),
        row("a page down from the middle, rendered", ms("page_ms"), "ms",
            anchors=[anchor("a page down", ms("anchor_page_ms"), "ms")], goal="< 16 ms", met=f["page_ms"] < 16),
        row("to the end (`G`), rendered", ms("jump_ms"), "ms"),
        row("laid out again at a new width, rendered", ms("resize_ms"), "ms"),
    ]


if __name__ == "__main__":
    sys.exit(main())
