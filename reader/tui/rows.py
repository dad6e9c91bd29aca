"""Short texts (titles, names) laid out in a given number of rows, with an
ellipsis where they are cut.

The cut is made in logical order, at a word, and the ellipsis is part of
the text that the display layer lays out: it lands at the end of the
text as read, on the left of a right-to-left title, on the right of a
left-to-right one. Nothing here imports Textual.
"""

from __future__ import annotations

from reader.display import Paragraph, VisualLine

ELLIPSIS = "…"


def clipped(text: str, width: int, shape: bool, rows: int = 1) -> list[VisualLine]:
    """text in at most ``rows`` visual rows of ``width`` cells, ending in
    "…" when it is longer."""
    text = " ".join(text.split())
    lines = Paragraph(text, 0, shape).lines(width)
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
