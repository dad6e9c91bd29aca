"""Spellings near a mistyped word, for "did you mean": what one slip of the
fingers makes of a word, each with its cost.

Costs: a letter held down (الاقتصاااد) is nearly free; a neighbouring key
on the Arabic keyboard half a slip; any other letter changed, left out,
added or two letters swapped, one. The engine keeps the candidates the
corpus has (index.suggestions); this module knows no index.
"""

from __future__ import annotations

import re

from reader.index.language.arabic import normalize

# The Arabic keyboard's letter rows (the layout of Windows, macOS and X11).
_ROWS = ("ضصثقفغعهخحجد", "شسيبلاتنمكط", "ئءؤرىةوزظ")
_REPEAT_RE = re.compile(r"(.)\1+")
HELD = 0.25  # a letter typed more than once
NEIGHBOUR = 0.5
SLIP = 1.0


def _neighbours() -> dict[str, set[str]]:
    near: dict[str, set[str]] = {}
    for r, row in enumerate(_ROWS):
        for i, ch in enumerate(row):
            keys = {row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)}
            keys |= {_ROWS[o][j] for o in (r - 1, r + 1) if 0 <= o < len(_ROWS)
                     for j in (i - 1, i, i + 1) if 0 <= j < len(_ROWS[o])}
            near[ch] = {normalize(k) for k in keys} - {normalize(ch)}
    return {normalize(k): v for k, v in near.items()}


_NEAR = _neighbours()
# The letters a normalized word is made of (folded alef, yeh and teh marbuta forms).
ALPHABET = sorted({normalize(chr(c)) for c in (*range(0x0621, 0x063B), *range(0x0641, 0x064B))} - {""})


def variants(word: str) -> dict[str, float]:
    """{spelling: cost} one slip (or any letters held down) away from word,
    word itself left out."""
    out: dict[str, float] = {}

    def add(w: str, cost: float) -> None:
        if w and w != word and cost < out.get(w, 99):
            out[w] = cost

    bases = {word: 0.0}
    held = _REPEAT_RE.sub(r"\1", word)
    if held != word:  # every run to one letter; runs of two may be the word's own (ممثل)
        bases[held] = HELD
        add(held, HELD)
        kept = _REPEAT_RE.sub(lambda m: m.group(1) * min(2, len(m.group(0))), word)
        if kept != word:
            bases[kept] = HELD
            add(kept, HELD)
    for base, start in bases.items():
        for i in range(len(base)):
            add(base[:i] + base[i + 1:], start + SLIP)  # a letter too many
            if i + 1 < len(base):
                add(base[:i] + base[i + 1] + base[i] + base[i + 2:], start + SLIP)  # two swapped
            for ch in ALPHABET:
                if ch != base[i]:
                    cost = NEIGHBOUR if ch in _NEAR.get(base[i], ()) else SLIP
                    add(base[:i] + ch + base[i + 1:], start + cost)  # another key
        for i in range(len(base) + 1):
            for ch in ALPHABET:
                add(base[:i] + ch + base[i:], start + SLIP)  # a letter left out
    return out
