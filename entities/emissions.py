"""Each token's label scores: the model's weights summed over the features
Featurizer.sentence() gives it, without making those features.

A token's features are its word's own, the ones its neighbours lend it at
offsets -2..2, and a few that join neighbours (bigrams, the place list,
the sentence's edges). The first two are summed once per distinct word,
so a token costs a row lookup; only bigrams and places are looked at
token by token, and only where the word could take part in one.
tests/test_entities.py holds the two paths equal.
"""

from __future__ import annotations

import itertools

import numpy as np

from reader.entities.crf import Weights
from reader.entities.features import _IDENTITY, _OFFSETS, WORD_KEYS, Featurizer

# Slots of a word's sums: its own weights, what it lends at each offset,
# and the part of its own that is its spelling (left out for a listed place).
_SLOTS = (0, *_OFFSETS)
_SPELLING = len(_SLOTS)
_IDENTITY_KEYS = frozenset(p[1:-1] for p in _IDENTITY)
# The bigram features: (prefix, word field, whether the pair's left word takes it)
_BIGRAMS = (("bi=", "bare", False), ("bic=", "c2", False), ("bi+=", "bare", True))
_GZ = {"O": 0, "B": 1, "I": 2}
# Distinct words kept summed (about 800 bytes each with their key and
# readings: 80 MB); past that, start over.
_MAX_WORDS = 100_000


class Emissions:
    def __init__(self, features: Featurizer, weights: Weights):
        self.features = features
        self.w = weights
        n = len(weights.labels)
        values, self._table = _value_table(weights, n)
        self._values = list(values.items())
        self._pairs = [_pair_table(weights, prefix) for prefix, _f, _l in _BIGRAMS]
        self._edge = np.stack([self._vec(f"{d}edge") for d in _OFFSETS])
        gz = [np.zeros(n), *(self._vec(f"gz={t}") for t in "BI")]
        self._gz = np.stack(gz)
        self._gz_prev = np.stack([np.zeros(n), *(self._vec(f"-1gz={t}") for t in "BI")])
        self._gz_next = np.stack([np.zeros(n), *(self._vec(f"1gz={t}") for t in "BI")])
        self._bias = self._vec("bias")
        self._rows: dict[str, int] = {}
        self._info: list[tuple] = []  # per row: bare, c2, key, firsts
        self._sums = np.zeros((4096, len(_SLOTS) + 1, n))
        # per row: the word's id as the left and the right of each pair feature (-1: none),
        # and whether it may start a listed place
        self._sides = np.full((4096, 2 * len(_BIGRAMS)), -1, dtype=np.int64)
        self._starts_place = np.zeros(4096, dtype=bool)
        self._pending_rows: list[int] = []
        self._pending_ids: list[int] = []
        self._pending_flags: list[tuple[int, list[int], bool]] = []  # (row, pair sides, may start a place)
        self._summed = 0

    def _vec(self, name: str) -> np.ndarray:
        i = self.w.index.get(name)
        return self.w.state[i] if i is not None else np.zeros(len(self.w.labels))

    def _new_row(self, surface: str) -> int:
        row = len(self._info)
        self._rows[surface] = row
        f, firsts = self.features.values(surface)
        self._info.append((f["bare"], f["c2"], f["n"], firsts))
        rows, ids = self._pending_rows, self._pending_ids
        for key, by_value in self._values:
            vid = by_value.get(f[key])
            if vid is not None:
                rows.append(row)
                ids.append(vid)
        sides = [side.get(f[field], -1) for (_p, field, _l), pair in zip(_BIGRAMS, self._pairs) for side in pair[:2]]
        self._pending_flags.append((row, sides, self.features.places.may_start(firsts)))
        return row

    def _flush(self) -> None:
        """Sum the weights of the words met since the last call."""
        need = len(self._info)
        if need > len(self._sums):
            size = max(need, 2 * len(self._sums))
            self._sums = np.concatenate([self._sums, np.zeros((size - len(self._sums), *self._sums.shape[1:]))])
            more = size - len(self._sides)
            self._sides = np.concatenate([self._sides, np.full((more, self._sides.shape[1]), -1, np.int64)])
            self._starts_place = np.concatenate([self._starts_place, np.zeros(more, bool)])
        self._sums[self._summed : need] = 0.0  # rows are reused after a start over
        self._summed = need
        if self._pending_rows:
            np.add.at(self._sums, np.array(self._pending_rows), self._table[np.array(self._pending_ids)])
            self._pending_rows.clear()
            self._pending_ids.clear()
        if self._pending_flags:
            rows, sides, starts = zip(*self._pending_flags)
            self._sides[list(rows)] = sides
            self._starts_place[list(rows)] = starts
            self._pending_flags.clear()

    def of(self, sentences: list[list[str]]) -> np.ndarray:
        """Scores (tokens x labels) of non-empty sentences laid end to end."""
        if len(self._info) >= _MAX_WORDS:
            self._rows.clear()
            self._info.clear()
            self._summed = 0
        words = list(itertools.chain.from_iterable(sentences))
        flat_list = list(map(self._rows.get, words))
        at = 0
        while True:  # the new words, looked for in C
            try:
                at = flat_list.index(None, at)
            except ValueError:
                break
            row = self._rows.get(words[at])
            flat_list[at] = self._new_row(words[at]) if row is None else row
        self._flush()
        flat = np.array(flat_list, dtype=np.intp)
        total = len(flat)
        lens = np.array([len(s) for s in sentences])
        pos = np.arange(total) - np.repeat(np.cumsum(lens) - lens, lens)
        size = np.repeat(lens, lens)
        first, last = pos == 0, pos == size - 1
        gz = self._places(flat, pos, size)

        sums = self._sums[flat]
        scores = sums[:, 0] + self._bias
        scores -= np.where((gz != 0)[:, None], sums[:, _SPELLING], 0.0)
        for slot, d in enumerate(_OFFSETS, 1):
            inside = (pos + d >= 0) & (pos + d < size)
            j = np.clip(np.arange(total) + d, 0, total - 1)
            scores += np.where(inside[:, None], self._sums[flat[j], slot], self._edge[slot - 1])
        scores += self._gz[gz]
        scores[~first] += self._gz_prev[gz[np.flatnonzero(~first) - 1]]
        scores[~last] += self._gz_next[gz[np.flatnonzero(~last) + 1]]
        self._add_bigrams(scores, flat, first)
        return scores

    def _places(self, flat: np.ndarray, pos: np.ndarray, size: np.ndarray) -> np.ndarray:
        """0, 1 (B) or 2 (I) per token, as Places.tags gives them."""
        gz = np.zeros(len(flat), dtype=np.intp)
        info = self._info
        done = -1  # tokens up to here are inside an earlier place
        longest = self.features.places.longest
        for i in np.flatnonzero(self._starts_place[flat]).tolist():
            if i <= done:
                continue
            end = min(i - int(pos[i]) + int(size[i]), i + longest)
            keys = [info[r][2] for r in flat[i:end].tolist()]
            n = self.features.places.length_at(info[flat[i]][3], keys, 0)
            if n:
                gz[i] = 1
                gz[i + 1 : i + n] = 2
                done = i + n - 1
        return gz

    def _add_bigrams(self, scores: np.ndarray, flat: np.ndarray, first: np.ndarray) -> None:
        sides = self._sides[flat]
        inside = ~first[1:]  # pairs (i-1, i) within a sentence
        for k, ((_prefix, _field, on_left), (_l, _r, codes, attrs)) in enumerate(zip(_BIGRAMS, self._pairs)):
            left, right = sides[:-1, 2 * k], sides[1:, 2 * k + 1]
            pair = np.where(inside & (left >= 0) & (right >= 0), left * _PAIR_BASE + right, -1)
            at = np.minimum(np.searchsorted(codes, pair), len(codes) - 1)
            hit = np.flatnonzero(codes[at] == pair)
            if len(hit):
                np.add.at(scores, hit if on_left else hit + 1, self.w.state[attrs[at[hit]]])


def _value_table(weights: Weights, n: int) -> tuple[dict[str, dict[str, int]], np.ndarray]:
    """Feature name -> value -> id, and per id the weights of that value in
    each slot (a word's "0n=كلمة" is slot 0, "-1n=كلمة" what it lends the
    word after it)."""
    slot_of = {str(d): k for k, d in enumerate(_SLOTS)}
    values: dict[str, dict[str, int]] = {}
    ids, slots, rows, spelling = [], [], [], []
    for name, i in weights.index.items():
        head, sep, value = name.partition("=")
        digits = 2 if head[:1] == "-" else 1
        slot = slot_of.get(head[:digits])
        key = head[digits:]
        if not sep or slot is None or key not in WORD_KEYS:
            continue  # bias, edges, bigrams, places: not a word's
        by_value = values.setdefault(key, {})
        vid = by_value.setdefault(value, len(spelling))
        if vid == len(spelling):
            spelling.append(key in _IDENTITY_KEYS)
        ids.append(vid)
        slots.append(slot)
        rows.append(i)
    table = np.zeros((len(spelling), len(_SLOTS) + 1, n))
    table[ids, slots] = weights.state[rows]
    table[:, _SPELLING] = np.where(np.array(spelling)[:, None], table[:, 0], 0.0)
    return values, table


_PAIR_BASE = 1 << 31  # a pair's code: its left word's id * base + its right's


def _pair_table(weights: Weights, prefix: str) -> tuple[dict, dict, np.ndarray, np.ndarray]:
    """Ids of the words that can be the left and the right of a pair feature
    ("bi=a|b"), and the sorted codes of the pairs with their attributes. A
    word may itself be "|", so every cut is taken: any cut that gives two
    words gives the very string of their feature."""
    left: dict[str, int] = {}
    right: dict[str, int] = {}
    found: dict[int, int] = {}
    for name, i in weights.index.items():
        if name.startswith(prefix):
            pair = name[len(prefix) :]
            for cut in range(1, len(pair) - 1):
                if pair[cut] == "|":
                    a = left.setdefault(pair[:cut], len(left))
                    b = right.setdefault(pair[cut + 1 :], len(right))
                    found[a * _PAIR_BASE + b] = i
    codes = np.array(sorted(found), dtype=np.int64)
    attrs = np.array([found[c] for c in codes.tolist()], dtype=np.intp)
    if not len(codes):  # searchsorted needs one entry
        codes, attrs = np.array([-2], dtype=np.int64), np.array([0], dtype=np.intp)
    return left, right, codes, attrs
