"""What two texts share, passage by passage: two outlets' versions of a story.

A passage is a sentence: the text between sentence-ending marks (. ! ? ؟ ؛)
or line breaks. Each is read as the index reads words (harakat, tatweel,
alef and ya forms, hamza seats and Arabic-Indic digits folded, stop words
dropped, each word taken by its first stem), so a copy that changed a
spelling, an inflection or a conjunction still reads as the same passage.

Two passages are shared when their word sequences are alike: difflib's
ratio, twice the words matched in order over the words of both, at least
MIN_SIMILARITY; they pair one to one, the most alike first. A passage left
alone is shared too when MIN_COVER of its words are found in order in a
longer one of the other text (an outlet that joined two sentences, or cut
one): it takes that passage's number. Passages of fewer than MIN_WORDS
words (a dateline) are never shared: too many texts have them.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass

from reader.index.language.arabic import analyse, tokenize

MIN_SIMILARITY = 0.6
# A short passage inside a longer one (an outlet that joined two sentences,
# or cut one): this part of its words found, in order, in the other.
MIN_COVER = 0.8
MIN_WORDS = 4
_PASSAGE_END = re.compile(r"(?:[!?؟؛]|\.(?!\d))+|\n")  # 1.5 is a number


@dataclass(frozen=True)
class Passage:
    start: int  # offsets into the text as written
    end: int
    words: tuple[str, ...]  # as read for comparing
    pair: int | None = None  # 1, 2 ...: the same number on both sides; None: only here
    match: int | None = None  # the other text's passage it is most like (its index)
    similarity: float = 0.0  # to that passage, 0..1

    @property
    def shared(self) -> bool:
        return self.pair is not None


@dataclass(frozen=True)
class Comparison:
    a: list[Passage]
    b: list[Passage]

    def shared_share(self, side: str) -> float:
        """The part of one text's words (side "a" or "b") in shared passages."""
        passages = self.a if side == "a" else self.b
        total = sum(len(p.words) for p in passages)
        return sum(len(p.words) for p in passages if p.shared) / total if total else 0.0

    @property
    def pairs(self) -> int:
        return max((p.pair for p in self.a if p.pair), default=0)

    def summary(self) -> str:
        n = self.pairs
        if not n:
            return "no passage in common"
        return (f"{n} passage{'s' if n != 1 else ''} in common: {self.shared_share('a'):.0%} of the first's words, "
                f"{self.shared_share('b'):.0%} of the second's")


def passages(text: str) -> list[Passage]:
    """The passages of a text, each with the words it is compared by."""
    out, start = [], 0
    for m in _PASSAGE_END.finditer(text):
        _add(out, text, start, m.end())
        start = m.end()
    _add(out, text, start, len(text))
    return out


def _add(out: list[Passage], text: str, start: int, end: int) -> None:
    words = []
    first = last = None
    for span in tokenize(text[start:end]):
        first = span.start if first is None else first
        last = span.end
        a = analyse(span.surface)
        if a is not None:
            words.append(a.stems[0] if a.stems else a.norm)
    if first is not None:  # from its first word to its full stop, or its last word
        kept = text[start:end].rstrip()
        close = start + len(kept) if kept[-1:] in ".!?؟؛" else start + last
        out.append(Passage(start + first, close, tuple(words)))


def compare(a_text: str, b_text: str) -> Comparison:
    """The passages of two texts, those they share numbered alike."""
    a, b = passages(a_text), passages(b_text)
    alike, inside = _candidates(a, b)
    # Passages alike pair one to one, the most alike first.
    best_a: dict[int, tuple[int, float]] = {}
    best_b: dict[int, tuple[int, float]] = {}
    for ratio, i, j in sorted(alike, key=lambda f: (-f[0], f[1], f[2])):
        if i not in best_a and j not in best_b:
            best_a[i], best_b[j] = (j, ratio), (i, ratio)
    edges = [(i, j) for i, (j, _r) in best_a.items()]
    # A short passage left alone joins the longer one that holds it.
    for cover, i, j, short_is_a in sorted(inside, key=lambda f: (-f[0], f[1], f[2])):
        lone, mine, other = (i, best_a, best_b) if short_is_a else (j, best_b, best_a)
        if lone in mine:
            continue
        held = j if short_is_a else i
        mine[lone] = (held, cover)
        other.setdefault(held, (lone, cover))
        edges.append((i, j))
    numbers = _numbered(edges)
    return Comparison(_marked(a, best_a, {i: k for (side, i), k in numbers.items() if side == 0}),
                      _marked(b, best_b, {j: k for (side, j), k in numbers.items() if side == 1}))


def _candidates(a: list[Passage], b: list[Passage]) -> tuple[list, list]:
    """(ratio, i, j) of the pairs alike enough, and (cover, i, j, whether
    a's is the shorter) of a short passage held in a longer one."""
    where: dict[str, list[tuple[int, int]]] = {}  # word -> (passage of b, its count there)
    for j, p in enumerate(b):
        if len(p.words) >= MIN_WORDS:
            for w, n in Counter(p.words).items():
                where.setdefault(w, []).append((j, n))
    alike, inside = [], []
    for i, p in enumerate(a):
        if len(p.words) < MIN_WORDS:
            continue
        common: Counter = Counter()  # words of p that b's passages have, repeats counted
        for w, n in Counter(p.words).items():
            for j, m in where.get(w, ()):
                common[j] += min(n, m)
        for j, n in common.items():
            q = b[j]
            shorter = min(len(p.words), len(q.words))
            # neither test can pass with fewer words in common than this
            if n < MIN_COVER * shorter and 2 * n / (len(p.words) + len(q.words)) < MIN_SIMILARITY:
                continue
            sm = difflib.SequenceMatcher(None, p.words, q.words, autojunk=False)
            same = sum(block.size for block in sm.get_matching_blocks())
            ratio = 2 * same / (len(p.words) + len(q.words))
            if ratio >= MIN_SIMILARITY:
                alike.append((ratio, i, j))
            if same / shorter >= MIN_COVER and len(p.words) != len(q.words):
                inside.append((same / shorter, i, j, len(p.words) <= len(q.words)))
    return alike, inside


def _numbered(edges: list[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """(side, index) -> the number of its group of linked passages, groups
    numbered in the first text's order."""
    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def root(x):
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for i, j in edges:
        parent[root((1, j))] = root((0, i))
    groups: dict[tuple[int, int], int] = {}
    for i, _j in sorted(edges):
        groups.setdefault(root((0, i)), len(groups) + 1)
    return {x: groups[root(x)] for x in parent}


def _marked(passages_: list[Passage], best: dict[int, tuple[int, float]], numbers: dict[int, int]) -> list[Passage]:
    out = []
    for i, p in enumerate(passages_):
        hit = best.get(i)
        out.append(p if hit is None else Passage(p.start, p.end, p.words, numbers[i], hit[0], hit[1]))
    return out
