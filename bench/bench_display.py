"""Benchmark: the display layer on a long document.

Run from the repository root::

    python bench/bench_display.py                      # unpacks ../shared/bench/saudinewsnet.tar.xz
    python bench/bench_display.py --corpus /tmp/snn/saudinewsnet

The document is the longest benchmark articles joined, up to --kb (300 KB).
It measures, as medians over --repeat runs:

* first screen: prepare (clean, shape, levels) the paragraphs needed for
  24 rows at 80 cells and lay out those rows, from nothing;
* preparing the whole document (the width-independent work, done once);
* a full re-wrap after a width change (80 -> 60 cells): the line ranges
  of every paragraph, which a scrolling view needs for its height;
* laying out one screen of rows (reorder, mirror, styles) at 60 cells;
* rows per second when laying out the whole document.

Anchor in the same run: python-bidi's get_display(arabic_reshaper.reshape(p))
on every paragraph, the obvious pipeline with no wrapping, maps or styles.
Goals: first screen < 30 ms, re-wrap < 100 ms on a 300 KB document.

--hostile measures instead the articles built to make display and
highlighting slow (issue 25), in seconds, the goal under 1 s each: the
snippets of an article of 50,000 short lines holding the word, and of a
title of 40,000 of it; reader show --query of one 1 MB paragraph; a result
row of that title; reader show of a paragraph of 800,000 harakat.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import anchor, record, record_option, row

REPO = Path(__file__).resolve().parent.parent
TARBALL = REPO / "../shared/bench/saudinewsnet.tar.xz"


def long_document(corpus: Path, kb: int) -> str:
    """The longest articles joined, up to about kb kilobytes of UTF-8."""
    files = sorted(corpus.glob("*.txt"), key=lambda p: p.stat().st_size, reverse=True)[:100]
    texts, size = [], 0
    for f in files:
        if size >= kb * 1000:
            break
        texts.append(f.read_text("utf-8"))
        size += f.stat().st_size
    return "\n\n".join(texts)


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", metavar="DIR", help="unpacked benchmark articles (default: unpack the tarball)")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--kb", type=int, default=300, help="document size (default 300 KB, the goals' size)")
    ap.add_argument("--hostile", action="store_true", help="the pathological articles of issue 25 instead")
    record_option(ap)
    args = ap.parse_args()
    if args.hostile:
        text, rows = hostile(args.repeat)
        print(text)
        if args.record:
            record("hostile", args.record, rows, args.note)
        return 0
    work = Path(tempfile.mkdtemp(prefix="reader-bench-display-"))
    try:
        if args.corpus:
            corpus = Path(args.corpus)
        else:
            subprocess.run(["tar", "-xJf", str(TARBALL), "-C", str(work)], check=True)
            corpus = work / "saudinewsnet"
        fig = measure(long_document(corpus, args.kb), args.repeat)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(report(fig))
    if args.record:
        record("display", args.record, display_rows(fig), args.note)
    return 0


def display_rows(f: dict) -> list[dict]:
    """The medians as bench/runs/display.json keeps them, named as docs/benchmark.md's rows."""
    ms = lambda key: round(f[key], 1)  # noqa: E731
    return [
        row("first screen (24 rows at 80 cells, from nothing)", ms("first_screen_ms"), "ms", goal="< 30 ms",
            met=f["first_screen_ms"] < 30),
        row("re-wrap of the whole document after a width change", ms("rewrap_ms"), "ms", goal="< 100 ms",
            met=f["rewrap_ms"] < 100),
        row("one screen of rows laid out (reorder, mirror, styles)", ms("screen_layout_ms"), "ms"),
        row("preparing every paragraph (shape, levels: once per document)", ms("prepare_all_ms"), "ms",
            anchors=[anchor("`get_display(reshape(p))` on every paragraph", ms("anchor_all_ms"), "ms")]),
        row("rows per second, whole document", round(f["rows_per_s"]), "rows/s"),
    ]


def measure(text: str, repeat: int) -> dict:
    from reader.index.files.structure import paragraphs
    from reader.display.layout import Paragraph

    spans = paragraphs(text)
    pieces = [(text[s:e], s) for s, e in spans]

    def first_screen():
        rows = 0
        for piece, start in pieces:
            rows += len(Paragraph(piece, start).lines(80)) + 1
            if rows >= 24:
                break

    prepared: list[Paragraph] = []

    def prepare_all():
        prepared[:] = [Paragraph(piece, start) for piece, start in pieces]

    fig = {"bytes": len(text.encode("utf-8")), "paragraphs": len(pieces)}
    fig["first_screen_ms"] = timed(first_screen, repeat)
    fig["prepare_all_ms"] = timed(prepare_all, max(1, repeat // 2))
    fig["rewrap_ms"] = timed(lambda: [p.wrap(60) for p in prepared], repeat)
    fig["rows_at_60"] = sum(len(p.wrap(60)) for p in prepared)

    def one_screen():
        rows = 0
        for p in prepared[len(prepared) // 2 :]:
            rows += len(p.lines(60))
            if rows >= 24:
                break

    fig["screen_layout_ms"] = timed(one_screen, repeat)
    t = time.perf_counter()
    n = sum(len(p.lines(60)) for p in prepared)
    fig["rows_per_s"] = n / (time.perf_counter() - t)

    import arabic_reshaper
    from bidi import get_display

    fig["anchor_all_ms"] = timed(lambda: [get_display(arabic_reshaper.reshape(p)) for p, _s in pieces], max(1, repeat // 2))
    return fig


def hostile(repeat: int) -> tuple[str, list[dict]]:
    """Medians, in seconds, of the display and highlighting of hostile articles: the report and its rows."""
    import io

    from reader.cli.output import Output, print_document
    from reader.index.compiler import highlight_terms
    from reader.index.files.corpus import Document
    from reader.index.snippets import highlight_spans, make_snippets
    from reader.index.files.structure import paragraphs
    from reader.tui.rows import clipped

    word = "التنظيم"
    words, phrases = highlight_terms(word)
    lines = "\n".join(f"سطر {i} {word}" for i in range(50_000))
    title = " ".join([word] * 40_000)
    big = " ".join([word] * 125_000)
    harakat = "ب" + "\u064e" * 800_000

    def show(text, query=True):
        hits = [(m.start, m.end) for m in highlight_spans(text, words, phrases)] if query else []
        doc = Document("x", Path("x.txt"), text, "", "", "utf-8", paragraphs(text), "")
        print_document(doc, io.StringIO(), Output(True, True, 80), hits)

    cases = [
        ("snippets: 50,000 lines holding the word", lambda: make_snippets(lines, words, phrases)),
        ("snippets: a title of 40,000 words", lambda: make_snippets(title, words, phrases)),
        ("show --query: one 1 MB paragraph, shaped", lambda: show(big)),
        ("a result row of the 40,000-word title", lambda: clipped(title, 76, True, rows=2)),
        ("show: 800,000 harakat, shaped", lambda: show(harakat, query=False)),
    ]
    out, rows = ["hostile articles — medians in seconds, goal < 1 s each"], []
    for label, fn in cases:
        took = timed(fn, repeat) / 1000
        out.append(f"  {label:<44} {took:7.3f} s   {'met' if took < 1 else 'NOT met'}")
        rows.append(row(label, round(took, 3), "s", goal="< 1 s", met=took < 1))
    return "\n".join(out), rows


def report(f: dict) -> str:
    goal = lambda v, g: "met" if v < g else "NOT met"  # noqa: E731
    return "\n".join([
        f"display benchmark — one document of {f['bytes'] / 1000:.0f} KB, {f['paragraphs']} paragraphs; medians",
        f"  first screen (24 rows at 80 cells, from nothing)  {f['first_screen_ms']:8.1f} ms   goal < 30 ms: {goal(f['first_screen_ms'], 30)}",
        f"  re-wrap after a width change (80 -> 60)           {f['rewrap_ms']:8.1f} ms   goal < 100 ms: {goal(f['rewrap_ms'], 100)}",
        f"  one screen laid out (24 rows at 60)               {f['screen_layout_ms']:8.1f} ms",
        f"  preparing every paragraph (once per document)     {f['prepare_all_ms']:8.1f} ms",
        f"  anchor: get_display(reshape(p)) on every paragraph {f['anchor_all_ms']:7.1f} ms",
        f"  rows per second, whole document at 60             {f['rows_per_s']:8.0f}   ({f['rows_at_60']} rows)",
    ])


if __name__ == "__main__":
    sys.exit(main())
