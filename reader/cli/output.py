"""Plain text output of the CLI: what to print for whom, through the display layer.

Every string from a document goes through reader.display.layout (which cleans it
of control characters) or reader.display.safe before it is printed.

How the output is made is decided from stdout, as ls, git and rg do (the
README's table "Output" says the same):

- shaping (joined letters, right-to-left reordered): reader.display.terminal
  decides, from stdout and the terminal's variables: a terminal, or SSH
  without one (`ssh host reader search X`), gets shaped text and the
  terminal's own reordering switched off (main() writes the switch),
  unless it is one that reorders by itself (Konsole, mlterm,
  Terminal.app); every other pipe and file gets logical text, as
  written. --shape / READER_SHAPE / the config file say otherwise.
- colour: --color always|never; else NO_COLOR (set, not empty) turns it
  off, FORCE_COLOR (set, not empty, not 0) on, TERM=dumb off; else on when
  stdout is a terminal.
"""

from __future__ import annotations

import os
import shutil
from collections import namedtuple

from reader.display.layout import OCR_MARK, Paragraph, Style, Styles, VisualLine, bar, one_line
from reader.core.library import documents_match
from reader.display.safe import clean_line
from reader.display.terminal import layout

# shared / own: a passage two documents share, or only one has (reader compare)
_STYLES = {"hit": "\x1b[1;33m", "title": "\x1b[1m", "shared": "\x1b[36m", "own": "\x1b[33m"}
_RESET = "\x1b[0m"


# How to print: shaped or logical, coloured or not, how wide.
Output = namedtuple("Output", "shape color width")


def output_for(stream, mode, color_mode: str | None = "auto", width: int | None = None) -> Output:
    tty = _isatty(stream)
    if width is None:
        width = shutil.get_terminal_size((80, 24)).columns if tty else 80
    return Output(layout(mode, tty).shape, color_enabled(color_mode or "auto", tty), max(10, width))


def shape_enabled(mode: str, tty: bool, env=os.environ) -> bool:
    return layout(mode, tty, env).shape


def color_enabled(mode: str, tty: bool, env=os.environ) -> bool:
    if mode in ("always", "never"):
        return mode == "always"
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR", "") not in ("", "0"):
        return True
    return tty and env.get("TERM") != "dumb"


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def code(style: str, color: bool) -> str:
    """The escape that starts a style, when colour is on ("" when not)."""
    return _STYLES[style] if color else ""


def painted(text: str, style: str, color: bool) -> str:
    """text in a style, when colour is on and there is text."""
    return f"{_STYLES[style]}{text}{_RESET}" if color and text else text


def ansi(line: VisualLine, color: bool, base: str = "") -> str:
    """One visual line as text, styled runs in colour when color is on."""
    if not color:
        return line.text
    out = []
    for text, styles in line.runs():
        codes = base + "".join(_STYLES.get(s, "") for s in styles)
        out.append(f"{codes}{text}{_RESET}" if codes else text)
    return "".join(out)


def paragraph_lines(text: str, out: Output, width: int, styles=(), base: str = "") -> list[str]:
    return [ansi(line, out.color, base) for line in Paragraph(text, shape=out.shape).lines(width, styles)]


def print_results(results, stream, out: Output, heading: str | None = None, notes: dict | None = None) -> None:
    """A page of hits; heading in place of the count line, and a note after
    a hit's id line (notes: hit id -> text) when given."""
    print(heading or _count_line(results), file=stream)
    print_hits(results.hits, stream, out, notes)


def print_also(hits, stream, out: Output) -> None:
    """The articles holding all the query's words but one, after the hits,
    each saying which word it lacks."""
    if not hits:
        return
    n = len(hits)
    print(f"\n{n} more {'holds' if n == 1 else 'hold'} all the words but one:", file=stream)
    # No score: ranked among themselves, they would read as better than the matches above.
    print_hits(hits, stream, out, {h.id: "without: " + clean_line(", ".join(h.missing)) for h in hits}, scores=False)


def print_hits(hits, stream, out: Output, notes: dict | None = None, scores: bool = True) -> None:
    """Hits one after the other: rank and title, id, day and outlet (and the
    score unless scores is False), snippets, the copies folded under each."""
    indent = " " * 5
    inner = max(10, out.width - len(indent))
    bold = code("title", out.color)
    for hit in hits:
        print(file=stream)
        title = hit.title + (f" — {hit.author}" if hit.author else "")
        for i, line in enumerate(paragraph_lines(title, out, inner, base=bold)):
            print(f"{hit.rank:>3}. {line}" if i == 0 else indent + line, file=stream)
        where = "  ".join(x for x in (dated(hit.date, hit.date_from, hit.file_date), clean_line(hit.outlet)) if x)
        score = f"(score {hit.score:.2f})" if scores else ""
        print(f"{indent}{clean_line(hit.id)}  {where + '  ' if where else ''}{score}".rstrip(), file=stream)
        if notes and hit.id in notes:
            print(f"{indent}{notes[hit.id]}", file=stream)
        for s in hit.snippets:
            styles = [Style(a, b, "hit") for a, b in s.highlights]
            for line in paragraph_lines(s.text, out, inner, styles):
                print(indent + line, file=stream)
        print_copies(hit.copies, stream, out, indent)


def _count_line(results) -> str:
    shown = f"{results.hits[0].rank}-{results.hits[-1].rank} shown (page {results.page} of {results.pages})"
    if results.folded:
        n = results.folded
        folded = "a copy folded under another" if n == 1 else "copies folded under others"
        return (f"{documents_match(results.total + n)}, {n} of them {folded}: {results.total} rows; {shown}, "
                f"{results.seconds * 1000:.0f} ms")
    return f"{documents_match(results.total)}; {shown}, {results.seconds * 1000:.0f} ms"


def print_copies(copies, stream, out: Output, indent: str) -> None:
    """The copies folded under a hit: a "+N copies" line, then one line
    each: how much of the hit's text it shares, its day, outlet and id."""
    if not copies:
        return
    label = f"+{len(copies)} {'copy' if len(copies) == 1 else 'copies'}"
    print(f"{indent}{painted(label, 'shared', out.color)}", file=stream)
    for c in copies:
        where = "  ".join(x for x in (dated(c.date, c.date_from, c.file_date), clean_line(c.outlet)) if x)
        print(f"{indent}  {c.similar:>3}% alike  {where + '  ' if where else ''}{clean_line(c.id)}", file=stream)


def dated(day: str, source: str, file_day: str = "") -> str:
    """An article's day as shown: "2019-03-15"; "undated (file 2026-11-20)"
    when all there is is its file's modification time, no publication day
    ("2026-11-20 (file)" where file_days = true makes it one)."""
    if source != "file":
        return day
    if day:
        return f"{day} (file)"
    return f"undated (file {file_day})" if file_day else ""


def print_docs(docs, stream, out: Output) -> None:
    """id, day, outlet and title, tab-separated: a line per document."""
    for d in docs:
        line = d.title + (f"  — {d.author}" if d.author else "")
        day = dated(d.date, d.date_from, d.file_date) or "-"
        print(f"{clean_line(d.id)}\t{day}\t{clean_line(d.outlet) or '-'}\t{one_line(line, out.shape)}", file=stream)


def print_outlets(outlets, stream, out: Output) -> None:
    """An outlet a line, tab-separated: its documents, its name, and every
    spelling met with its count when there is more than one."""
    for name, n, seen in outlets:
        spelled = " · ".join(f"{one_line(s, out.shape)} ({c:,})" for s, c in seen) if len(seen) > 1 else ""
        print(f"{n:,}\t{one_line(name, out.shape)}" + (f"\t{spelled}" if spelled else ""), file=stream)


def print_document(doc, stream, out: Output, hits: list[tuple[int, int]]) -> None:
    """A whole document: title, author and path, then its paragraphs, each
    followed by a blank line, wrapped to the output's width."""
    bold = code("title", out.color)
    for line in paragraph_lines(doc.title, out, out.width, base=bold):
        print(line, file=stream)
    # Author and path on lines of their own: in one right-to-left line the
    # bidi algorithm would move the path's leading "/" to its other end.
    where = "  ".join(x for x in (clean_line(doc.outlet), dated(doc.date, doc.date_from, doc.file_date),
                                  OCR_MARK if getattr(doc, "ocr", False) else "") if x)
    for meta in (doc.author, where, doc.url, "" if doc.id == "-" else str(doc.path)):
        for line in paragraph_lines(meta, out, out.width) if meta else ():
            print(line, file=stream)
    styles = Styles(Style(a, b, "hit") for a, b in hits)  # indexed once for every paragraph
    paras = doc.paragraphs
    if paras and " ".join(doc.text[slice(*paras[0])].split()) == doc.title:
        paras = paras[1:]  # the title line, shown above already
    for start, end in paras:
        print(file=stream)
        piece = doc.text[start:end]
        for line in Paragraph(piece, start=start, shape=out.shape).lines(out.width, styles):
            print(ansi(line, out.color), file=stream)


def print_timeline(periods: list[tuple[str, int]], undated: int, stream, out: Output) -> None:
    """A bar per period, scaled to the widest; a count beside each."""
    top = max(n for _p, n in periods) or 1
    label_w = max(len(p) for p, _n in periods)
    count_w = len(f"{top:,}")
    room = max(5, out.width - label_w - count_w - 3)
    for label, n in periods:
        print(f"{label:<{label_w}} {n:>{count_w},} {painted(bar(n, top, room), 'hit', out.color)}", file=stream)
