"""Make document text safe to print: nothing from a document may drive the terminal.

Documents come from the web and from PDFs. An ESC starts a terminal escape
sequence, other C0/C1 controls move the cursor or ring bells, and explicit
bidi controls (LRE … PDI) reorder whatever follows on the line. A file
name that is not UTF-8 reaches Python with its bad bytes as lone
surrogates (surrogateescape), which no terminal can be sent: each is shown
as the byte it stands for, ``\\xff``.
"""

from __future__ import annotations

import re

# C0 except tab/newline, DEL, C1; explicit bidi embeddings, overrides and
# isolates; the directional marks, which would fight our own reordering.
_UNSAFE_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_BIDI = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def shown(ch: str) -> str:
    """What one character unsafe for a terminal is shown as (see clean)."""
    if "\udc80" <= ch <= "\udcff":  # a file name's undecodable byte
        return f"\\x{ord(ch) - 0xDC00:02x}"
    # Bidi controls are invisible: drop them. Other controls become a
    # visible U+FFFD so that a reader sees something was there.
    return "" if ch in _BIDI else "\ufffd"


def _replace(m: re.Match) -> str:
    return shown(m.group())


def clean(text: str) -> str:
    """text with every control character that could reach a terminal removed."""
    return _UNSAFE_RE.sub(_replace, text)


def needs_cleaning(text: str) -> bool:
    """Whether text holds anything clean_line() would change."""
    return _LINE_UNSAFE_RE.search(text) is not None


_LINE_UNSAFE_RE = re.compile("[\t\n\r" + _UNSAFE_RE.pattern[1:])


def clean_line(text: str) -> str:
    """clean() for one output line: tabs and newlines become spaces too."""
    return clean(text.replace("\t", " ").replace("\n", " "))


_JSON_UNSAFE_RE = re.compile("[\x7f-\x9f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def dumps_json(data, indent: int | None = 1) -> str:
    """JSON with the text as written, but every character that could drive a
    terminal escaped as \\uXXXX (json itself escapes C0), so that printing
    the JSON to a terminal is as safe as printing plain output. indent=None:
    one line (JSON Lines)."""
    import json

    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return _JSON_UNSAFE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def is_unsafe(ch: str) -> bool:
    """Whether clean() would change this character."""
    return _UNSAFE_RE.match(ch) is not None
