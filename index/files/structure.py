"""A document's structure, from its text alone: the title, the byline and
the paragraphs, as offsets into the text (which stays as written)."""

from __future__ import annotations

import re

_BYLINE_RE = re.compile(r"^\s*(?:بقلم|كتبت?)\s*[:：\-–—/]?\s*(?P<name>\S.*?)\s*$")
_BYLINE_MAX_WORDS = 6
_TITLE_MAX_WORDS = 15
_TITLE_MAX_CHARS = 150
# A title does not end a sentence the way body text does (؟ and ! are fine).
_SENTENCE_END = (".", "،", ",", ":", "؛", ";")
_OPENING_WORDS = 10


def squeeze(line: str) -> str:
    return " ".join(line.split())  # also folds NBSP and tabs


def title_and_author(lines: list[str]) -> tuple[str, str]:
    """Title from the first line when it reads as one, else the opening words.

    A byline (بقلم / كتب / كتبت, then a short name) among the first lines
    becomes the author and is never the title.
    """
    author = ""
    content: list[str] = []
    for line in lines:
        clean = squeeze(line)
        if not clean:
            continue
        m = _BYLINE_RE.match(clean)
        if not author and len(content) < 3 and m and len(m.group("name").split()) <= _BYLINE_MAX_WORDS:
            author = m.group("name").strip(" :-–—")
            continue
        content.append(clean)
        if len(content) >= 2:
            break
    if not content:
        return "", author
    first = content[0]
    words = first.split()
    if (
        len(words) <= _TITLE_MAX_WORDS
        and len(first) <= _TITLE_MAX_CHARS
        and not first.endswith(_SENTENCE_END)
    ):
        return first, author
    opening = " ".join(words[:_OPENING_WORDS]).rstrip("".join(_SENTENCE_END)).rstrip()
    return opening + ("…" if len(words) > _OPENING_WORDS else ""), author


# PDF extraction wraps lines at a fixed width: most lines then have nearly
# the same length. In such a file a full-width line that does not end a
# sentence runs on into the next one.
_PARA_END = (".", "!", "?", "؟", ":", '"', "»", "'", ")")
_WRAP_MIN_MEDIAN = 60  # characters; shorter lines are headings or lists
_WRAP_MAX_MEDIAN = 130  # longer lines were written as whole paragraphs
_WRAP_SHARE = 0.6  # share of lines within 15% of the median length


def _wrap_width(lines: list[str]) -> int | None:
    """The fixed width a hard-wrapped text was cut at, or None."""
    lengths = sorted(len(s) for s in (line.strip() for line in lines) if s)
    if len(lengths) < 4:
        return None
    median = lengths[len(lengths) // 2]
    if not _WRAP_MIN_MEDIAN <= median <= _WRAP_MAX_MEDIAN:
        return None
    near = sum(1 for n in lengths if abs(n - median) <= 0.15 * median)
    return median if near >= _WRAP_SHARE * len(lengths) else None


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraphs as (start, end) offsets into text, whitespace trimmed.

    Blank lines separate blocks; inside a block every line is a paragraph
    (news files put one per line) unless the file is hard-wrapped.
    """
    lines = text.split("\n")
    width = _wrap_width(lines)
    spans: list[tuple[int, int]] = []
    start = None  # start of the paragraph being built
    end = 0
    pos = 0
    for line in lines:
        line_start = pos
        pos += len(line) + 1
        stripped = line.strip()
        if not stripped:
            if start is not None:
                spans.append((start, end))
                start = None
            continue
        if start is None:
            start = line_start + len(line) - len(line.lstrip())
        end = line_start + len(line.rstrip())
        runs_on = (
            width is not None
            and len(stripped) >= 0.75 * width
            and not stripped.endswith(_PARA_END)
        )
        if not runs_on:
            spans.append((start, end))
            start = None
    if start is not None:
        spans.append((start, end))
    return spans
