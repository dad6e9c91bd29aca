"""Short texts (titles, names) laid out in a given number of rows, with an
ellipsis where they are cut.

The cut is made in logical order, at a word, and the ellipsis is part of
the text that the display layer lays out: it lands at the end of the
text as read, on the left of a right-to-left title, on the right of a
left-to-right one. Nothing here imports Textual.
"""

from __future__ import annotations

from reader.display.layout import CELL_CHARS, Paragraph, VisualLine, cell_width, first_lines

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
UNDATED = "undated"  # a result whose only day is its file's: no publication day
OUTLET_CELLS = 18


def hit_line(hit, width: int, shape: bool) -> list[tuple[str, str]]:
    """A result's second line as (text, style) runs within ``width`` cells:
    its day (a file's day marked), outlet, score and id. The id is what
    tells two rows apart, so it is kept whole the longest: the score gives
    way first, then the outlet is cut, then the id (cut_id), then the
    outlet goes. The outlet is untrusted text, maybe Arabic: cleaned and
    shaped by the display layer."""
    from reader.display.safe import clean_line

    day = _day(hit.date, hit.date_from) if hit.date or hit.date_from == "file" else None
    ident = clean_line(hit.id)
    whole = _cells([(ident, "")])
    # what gives way, in turn: the score, the outlet's end, the id (down
    # to _CUT_ID cells), the outlet; then the id is cut to what is left
    for with_score, with_outlet, cut in ((True, True, False), (False, True, False),
                                         (False, True, True), (False, False, False)):
        id_cells = min(whole, _CUT_ID) if cut else whole
        runs = [r for r in (day,) if r]
        if with_score and not hit.missing:  # a partial match's score is not ranked against the matches'
            runs.append((f"{hit.score:.2f}", ""))
        room = width - _cells(runs) - id_cells - 3 * len(runs)
        if with_outlet and hit.outlet:
            # with the score: the outlet whole; then cut to the room left
            outlet = _outlet(hit.outlet, OUTLET_CELLS if with_score else room - 3, shape)
            if outlet is None or _cells([outlet]) > room - 3:
                continue
            runs.insert(1 if day else 0, outlet)
            room -= 3 + _cells([outlet])
        if room >= 0:
            return _joined(runs + [(cut_id(ident, id_cells + room), "")])
    if day and width - _cells([day]) - 3 >= _MIN_ID:
        return _joined([day, (cut_id(ident, width - _cells([day]) - 3), "")])
    return [(cut_id(ident, width), "")]


def copy_line(copy, width: int, shape: bool) -> list[tuple[str, str]]:
    """A copy's line under its hit: how much of the hit's wording it
    shares, then its outlet (what tells copies apart), day and id; the day
    gives way before the outlet, the id is cut in the middle last."""
    from reader.display.safe import clean_line

    head = (f"↳ {copy.similar}%", "green")
    ident = (clean_line(copy.id), "dim")
    day = None
    if copy.date or copy.date_from == "file":
        text, style = _day(copy.date, copy.date_from)
        day = (text, f"dim {style}".strip())
    room = width - _cells([head, ident]) - 3
    runs = [head]
    outlet = _outlet(copy.outlet, room - 3, shape) if copy.outlet else None
    if outlet is not None:
        runs.append(outlet)
        room -= 3 + _cells([outlet])
    if day and room >= 3 + _cells([day]):
        runs.append(day)
        room -= 3 + _cells([day])
    if room < 0:
        ident = (cut_id(ident[0], max(_MIN_ID, width - _cells(runs) - 3 * len(runs))), "dim")
    return _within([*runs, ident], width)


def cut_id(ident: str, width: int) -> str:
    """A document's id in at most ``width`` cells. Its file's extension goes
    first (every row has it), marked "…", the record number of an export
    (#283) is kept whole; then the rest is cut in its middle."""
    if _cells([(ident, "")]) <= width:
        return ident
    name, mark, record = ident.partition("#")
    stem, dot, ext = name.rpartition(".")
    if not (dot and stem and 0 < len(ext) <= 5 and ext.isalnum()):
        return cut_middle(ident, width)
    tail = mark + record
    if _cells([(stem + tail, "")]) < width:
        return stem + ELLIPSIS + tail
    if width - _cells([(tail, "")]) >= _MIN_ID:
        return cut_middle(stem, width - _cells([(tail, "")])) + tail
    return cut_middle(stem + tail, width)


def cut_middle(text: str, width: int) -> str:
    """text in at most ``width`` cells, cut in the middle with "…": an id's
    start says where it comes from, its end which one it is (copies of a
    story share the start), so the end keeps two thirds."""
    if _cells([(text, "")]) <= width:
        return text
    if width <= 1:
        return ELLIPSIS[:width]
    tail_room = (2 * (width - 1) + 2) // 3
    tail, room = "", tail_room
    for ch in reversed(text):
        if cell_width(ch) > room:
            break
        tail, room = ch + tail, room - cell_width(ch)
    head, room = "", width - 1 - (tail_room - room)
    for ch in text:
        if cell_width(ch) > room:
            break
        head, room = head + ch, room - cell_width(ch)
    return head + ELLIPSIS + tail


_MIN_OUTLET = 4  # cells: a shorter outlet tells nothing
_MIN_ID = 6  # cells: "sn…283", still told apart from its neighbours
_CUT_ID = 10  # cells an id is cut to, in the middle, before the outlet gives way


def _outlet(text: str, room: int, shape: bool) -> tuple[str, str] | None:
    """An outlet within room cells (at most OUTLET_CELLS), or None when
    too little of it would show to tell anything."""
    shown = clipped_line(text, max(1, min(OUTLET_CELLS, room)), shape)
    whole = len(shown) < min(OUTLET_CELLS, room) or ELLIPSIS not in shown
    return (shown, "") if room >= _MIN_OUTLET or (whole and _cells([(shown, "")]) <= room) else None


def _cells(runs) -> int:
    return sum(cell_width(ch) for text, _ in runs for ch in text)


def _joined(runs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(" · " + text if i else text, style) for i, (text, style) in enumerate(runs)]


def _day(day: str, day_from: str) -> tuple[str, str]:
    """A day as a run: marked and in italics when it is only the file's."""
    if day_from == "file":  # no publication day, or one that is only a file's (file_days)
        return (FILE_MARK + day, "italic") if day else (UNDATED, "dim italic")
    return (day, "")


def _within(runs: list[tuple[str, str]], width: int) -> list[tuple[str, str]]:
    """Runs joined by " · ", cut at width cells."""
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
