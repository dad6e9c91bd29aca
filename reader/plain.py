"""Plain text output of the CLI: readable in a terminal, safe from document text."""

from __future__ import annotations

import os

from reader.safe import clean_line

_HIT_ON, _HIT_OFF = "\x1b[1;33m", "\x1b[0m"


def use_color(stream) -> bool:
    return stream.isatty() and not os.environ.get("NO_COLOR")


def mark(text: str, highlights, color: bool) -> str:
    """text with its highlighted spans in colour (when color is on)."""
    if not color or not highlights:
        return clean_line(text)
    out, pos = [], 0
    for start, end in highlights:
        out.append(clean_line(text[pos:start]))
        out.append(_HIT_ON + clean_line(text[start:end]) + _HIT_OFF)
        pos = end
    out.append(clean_line(text[pos:]))
    return "".join(out)


def print_results(results, out) -> None:
    color = use_color(out)
    if not results.hits:
        print(f"no documents match {clean_line(results.query)}", file=out)
        return
    first = results.hits[0].rank
    last = results.hits[-1].rank
    print(
        f"{results.total} documents match; {first}-{last} shown "
        f"(page {results.page} of {results.pages}), {results.seconds * 1000:.0f} ms",
        file=out,
    )
    for hit in results.hits:
        print(file=out)
        byline = f"  — {clean_line(hit.author)}" if hit.author else ""
        print(f"{hit.rank:>3}. {clean_line(hit.title)}{byline}", file=out)
        print(f"     {clean_line(hit.id)}  (score {hit.score:.2f})", file=out)
        for s in hit.snippets:
            print(f"     … {mark(s.text, s.highlights, color)} …", file=out)


def print_docs(docs, out) -> None:
    for d in docs:
        byline = f"  — {clean_line(d['author'])}" if d["author"] else ""
        print(f"{clean_line(d['id'])}\t{clean_line(d['title'])}{byline}", file=out)
