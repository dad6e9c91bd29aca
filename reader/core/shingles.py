"""How much text two documents share: word shingles, MinHash and LSH.

A text's shingles are its runs of SHINGLE words, read through the index's
normalize() (harakat, tatweel, alef and yeh forms, Arabic-Indic digits
folded), so two outlets' spellings of one wire story give the same
shingles. Two texts' similarity is the Jaccard of their shingle sets:
shared runs over all runs, symmetric, so a copy that adds a paragraph and
one that drops one both lose.

Comparing every pair is out of reach (435 million pairs for 29,497
articles): each text is reduced to PERMUTATIONS MinHash values, and texts
that agree on all ROWS values of any of the BANDS bands are candidates
(locality-sensitive hashing). A pair at Jaccard 0.7 is a candidate with
probability 1 - (1 - 0.7**4)**16 = 0.988, at 0.8 with 0.99997; at 0.3,
0.12. Candidates are then measured exactly on their texts (reader.core.copies).

numpy does the hashing: a shingle is four 64-bit word codes mixed
(splitmix64), a MinHash value the least of the shingles' codes mixed with
one seed per permutation. Word codes come from blake2b, so they are the
same in every process and every run.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable

import numpy as np

from reader.index.language.arabic import WORD_RE, fold_digits, normalize

SHINGLE = 4
BANDS, ROWS = 16, 4
PERMUTATIONS = BANDS * ROWS
VERSION = f"{SHINGLE} words, {PERMUTATIONS} MinHash values, 1"  # sketches of another VERSION are made again
# A band value shared by more texts than this is boilerplate (a byline, a
# standard closing), not a copy: its pairs are not candidates.
MAX_BUCKET = 500

_U = np.uint64
_SEEDS = np.array([int.from_bytes(hashlib.blake2b(b"reader.core.shingles %d" % i, digest_size=8).digest(), "little")
                   for i in range(PERMUTATIONS)], dtype=_U)
_MULT = (_U(0x9E3779B97F4A7C15), _U(0xC2B2AE3D27D4EB4F), _U(0x165667B19E3779F9), _U(1))


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finalizer: every bit of the output depends on every bit of x."""
    with np.errstate(over="ignore"):
        x = (x ^ (x >> _U(30))) * _U(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> _U(27))) * _U(0x94D049BB133111EB)
        return x ^ (x >> _U(31))


class Shingler:
    """Turns texts into shingle codes; remembers each word's code (one
    Shingler per pass: the memory goes with it)."""

    def __init__(self):
        self._codes: dict[str, int] = {}

    def _code(self, surface: str) -> int:
        code = self._codes.get(surface)
        if code is None:
            word = normalize(fold_digits(surface))
            code = self._codes[surface] = int.from_bytes(hashlib.blake2b(word.encode("utf-8", "surrogatepass"),
                                                                         digest_size=8).digest(), "little")
        return code

    def shingles(self, text: str) -> np.ndarray:
        """The distinct shingle codes of a text (uint64, sorted); a text
        shorter than a shingle is one shingle of all its words."""
        words = WORD_RE.findall(text)
        codes = np.fromiter((self._code(w) for w in words), dtype=_U, count=len(words))
        if len(codes) == 0:
            return codes
        n = max(1, len(codes) - SHINGLE + 1)
        mixed = np.zeros(n, dtype=_U)
        with np.errstate(over="ignore"):
            for i, m in enumerate(_MULT):
                part = codes[i : i + n]
                mixed[: len(part)] += part * m
        return np.unique(_mix(mixed))


def sketch(shingles: np.ndarray) -> np.ndarray:
    """PERMUTATIONS MinHash values of a shingle set (uint32; all ones for none)."""
    if len(shingles) == 0:
        return np.full(PERMUTATIONS, 0xFFFFFFFF, dtype=np.uint32)
    mins = _mix(shingles[:, None] ^ _SEEDS[None, :]).min(axis=0)
    return (mins >> _U(32)).astype(np.uint32)


def estimate(a: np.ndarray, b: np.ndarray) -> float:
    """The Jaccard two sketches estimate."""
    return float(np.count_nonzero(a == b)) / PERMUTATIONS


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """The exact Jaccard of two sorted shingle sets."""
    if len(a) == 0 or len(b) == 0:
        return 0.0
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared / (len(a) + len(b) - shared)


def candidates(sketches: Iterable[tuple[str, np.ndarray]]) -> set[tuple[str, str]]:
    """The pairs (a < b) of keys whose sketches agree on a whole band."""
    buckets: dict[tuple[int, bytes], list[str]] = defaultdict(list)
    for key, values in sketches:
        raw = values.tobytes()
        for band in range(BANDS):
            buckets[(band, raw[band * ROWS * 4 : (band + 1) * ROWS * 4])].append(key)
    pairs: set[tuple[str, str]] = set()
    for keys in buckets.values():
        if 1 < len(keys) <= MAX_BUCKET:
            keys = sorted(keys)
            for i, a in enumerate(keys):
                pairs.update((a, b) for b in keys[i + 1 :])
    return pairs
