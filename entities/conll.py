"""CoNLL files: a token first on each line, a blank line between sentences."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator


def parse_conll(lines: Iterable[str]) -> Iterator[list[tuple[str, str]]]:
    """Sentences as (token, tag) pairs; the tag is the line's last column,
    or "" when the line holds the token alone."""
    sent: list[tuple[str, str]] = []
    for line in lines:
        parts = line.split()
        if not parts:
            if sent:
                yield sent
            sent = []
            continue
        sent.append((parts[0], parts[-1] if len(parts) > 1 else ""))
    if sent:
        yield sent


def read_conll(path: Path) -> list[list[tuple[str, str]]]:
    with path.open(encoding="utf-8") as f:
        return list(parse_conll(f))


def format_conll(sentences: Iterable[list[tuple[str, str]]]) -> Iterator[str]:
    for sent in sentences:
        for token, tag in sent:
            yield f"{token} {tag}\n"
        yield "\n"


def write_conll(path: Path, sentences: Iterable[list[tuple[str, str]]]) -> None:
    with path.open("w", encoding="utf-8") as f:
        f.writelines(format_conll(sentences))


def spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """Entity spans (start, end, type) of a BIO sequence, CoNLL style: an
    I- tag that does not continue an entity of its type starts one."""
    out = set()
    start, kind = None, None
    for i, tag in enumerate(tags + ["O"]):
        inside = tag.startswith("I-") and tag[2:] == kind
        if start is not None and not inside:
            out.add((start, i, kind))
            start, kind = None, None
        if tag[:2] in ("B-", "I-") and not inside:
            start, kind = i, tag[2:]
    return out
