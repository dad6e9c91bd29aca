"""reader's BM25 on what the engine counts: the embedded index's ranking
(index.engine.ranking), from the term frequencies the engine gives for
each match (PACKEDFACTORS) and the collection statistics it keeps.

A word's forms and readings are one term (their frequencies summed, the
documents holding any of them its document frequency), its exact form and
titles add to the documents it matched, field lengths are coded to a byte
as Whoosh codes them: on the same documents, the same scores.
"""

from __future__ import annotations

import re
from math import log

K1, B = 1.2, 0.75
# A field length as Whoosh keeps it: the smallest of 256 steps at or above it.
_STEPS = [int(round((1.033 ** i - 1) * 27)) for i in range(256)]
_WORD_TF = re.compile(r"word(\d+)=\(tf=(\d+)")


def coded_length(n: int) -> int:
    from bisect import bisect_left

    return _STEPS[bisect_left(_STEPS, n)] if n < _STEPS[-1] else _STEPS[-1]


def term_frequencies(packed: str) -> dict[int, int]:
    """{keyword number: its frequency in the document} from PACKEDFACTORS()."""
    return {int(i): int(tf) for i, tf in _WORD_TF.findall(packed) if tf != "0"}


def bm25(tf: float, length: int, avg: float, idf: float, weight: float = 1.0) -> float:
    return (K1 + 1) * idf * weight * tf / (tf + K1 * (1 - B) + K1 * B * coded_length(length) / avg)


def idf(documents: int, total: int) -> float:
    """Whoosh's BM25 idf: log(N / (df + 1)) + 1."""
    return log(max(total, 1) / (documents + 1)) + 1
