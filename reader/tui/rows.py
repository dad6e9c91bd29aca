"""Short texts (titles, names) laid out in a given number of rows, with an
ellipsis where they are cut.

The cut is made in logical order, at a word, and the ellipsis is part of
the text that the display layer lays out: it lands at the end of the
text as read, on the left of a right-to-left title, on the right of a
left-to-right one. Nothing here imports Textual.
"""

from __future__ import annotations

from reader.display import CELL_CHARS, Paragraph, VisualLine, first_lines

ELLIPSIS = "…"


def clipped(text: str, width: int, shape: bool, rows: int = 1) -> list[VisualLine]:
    """text in at most ``rows`` visual rows of ``width`` cells, ending in
    "…" when it is longer."""
    text = " ".join(text[: (rows + 2) * max(1, width) * CELL_CHARS].split())  # no more can be shown
    lines = first_lines(text, width, rows + 1, shape)
    if len(lines) <= rows:
        return lines
    kept = [off for line in lines[:rows] for off in line.offsets]
    cut = text[: max(kept) + 1] if kept else ""
    while cut:
        lines = Paragraph(cut + ELLIPSIS, 0, shape).lines(width)
        if len(lines) <= rows:
            return lines
        # drop the last word (or, for a single word, the last letter)
        space = cut.rstrip().rfind(" ")
        cut = cut[:space].rstrip() if space > 0 else cut[:-1]
    return Paragraph(ELLIPSIS, 0, shape).lines(width)


def clipped_line(text: str, width: int, shape: bool) -> str:
    """text as one visual line of at most ``width`` cells (no padding)."""
    return clipped(text, width, shape, 1)[0].text.strip()


# A day that is only the file's modification time: "~2019-03-15", in
# italics (the reading pane says "(file)": a result's row has no room).
FILE_MARK = "~"
OUTLET_CELLS = 18


def hit_line(hit, width: int, shape: bool) -> list[tuple[str, str]]:
    """A result's second line as (text, style) runs within ``width`` cells:
    its day (a file's day marked), outlet, score and id. The outlet is
    untrusted text, maybe Arabic: cleaned and shaped by the display layer."""
    from reader.safe import clean_line

    runs = [_day(hit.date, hit.date_from)] if hit.date else []
    if hit.outlet:  # cut to the room the day leaves, so that both are seen
        room = width - sum(len(t) for t, _ in runs) - (3 if runs else 0)
        runs.append((clipped_line(hit.outlet, max(4, min(OUTLET_CELLS, room)), shape), ""))
    return _within(runs + [(f"{hit.score:.2f}", ""), (clean_line(hit.id), "")], width)


def copy_line(copy, width: int, shape: bool) -> list[tuple[str, str]]:
    """A copy's line under its hit: how much of the hit's wording it
    shares, then its outlet (what tells copies apart), day and id."""
    from reader.safe import clean_line

    runs = [(f"↳ {copy.similar}%", "green")]
    if copy.outlet:
        runs.append((clipped_line(copy.outlet, max(4, min(OUTLET_CELLS, width - 8)), shape), ""))
    if copy.date:
        day, style = _day(copy.date, copy.date_from)
        runs.append((day, f"dim {style}".strip()))
    return _within([*runs, (clean_line(copy.id), "dim")], width)


def _day(day: str, day_from: str) -> tuple[str, str]:
    """A day as a run: marked and in italics when it is only the file's."""
    return (FILE_MARK + day, "italic") if day_from == "file" else (day, "")


def _within(runs: list[tuple[str, str]], width: int) -> list[tuple[str, str]]:
    """Runs joined by " · ", cut at width cells."""
    from reader.display import cell_width

    out: list[tuple[str, str]] = []
    room = width
    for i, (text, style) in enumerate(runs):
        if i:
            text = " · " + text
        cut = ""
        for ch in text:
            w = cell_width(ch)
            if w > room:
                room = 0
                break
            cut += ch
            room -= w
        if cut:
            out.append((cut, style))
        if not room:
            break
    return out
