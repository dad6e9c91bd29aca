"""Wire copies in the results: the file of copy pairs, and the fold.

An agency story runs in many outlets with small edits; ten outlets' copies
would fill a page. The copies pass (reader.core.copies) finds the pairs of
documents whose texts share SAME or more of their word shingles (Jaccard,
measured exactly) and writes them here for one state of the text index,
by document number. A search then folds its ranking: going down it, each
document not yet folded becomes a row and takes in every matching copy of
it below, so

- every copy under a row is a copy of that row's document (SAME or more,
  the percentage shown), never a copy of a copy: a chain of edits that
  drifts away from the first text starts a row of its own;
- the whole ranking is folded, not one page, so the pages stay slices of
  one list, whatever their size.

Pure Python (array, json): a search never imports numpy.
"""

from __future__ import annotations

import json
import os
from array import array
from pathlib import Path

# Two texts are copies when 70% of their 4-word shingles are shared. On the
# benchmark corpus, texts made from one template (congratulations to two
# presidents, the 4th and the 5th relief plane) reach 0.4-0.6, one with a
# figure changed in a short article 0.64; from 0.7 on, the pairs read are
# one story with words, punctuation and bylines edited.
SAME = 0.7
_VERSION = 1


class Copies:
    """The copy pairs of one state of the text index. names: the engine's id
    of each document number, for an engine whose ids are not 0..N (the
    cluster's); None when the numbers are the engine's own."""

    def __init__(self, starts: array, others: array, similar: array, names: array | None = None):
        self._others, self._similar = others.tolist(), similar.tolist()  # lists slice faster than arrays
        self._starts = starts.tolist()
        self.linked = frozenset(d for d in range(len(starts) - 1) if starts[d + 1] > starts[d])
        self.names = names.tolist() if names is not None else None
        self._numbers: dict[int, int] | None = None

    def numbers(self) -> dict[int, int]:
        """{engine id: document number} (names read the other way)."""
        if self._numbers is None:
            self._numbers = {n: d for d, n in enumerate(self.names or ())}
        return self._numbers

    def of(self, docnum: int):
        """(docnum, percent) of every copy of a document, the most alike first."""
        lo, hi = self._starts[docnum], self._starts[docnum + 1]
        return zip(self._others[lo:hi], self._similar[lo:hi])

    def fold(self, scores: dict[int, float], key=None) -> tuple[dict[int, float], dict[int, list[tuple[int, int]]]]:
        """(the scores of the rows, {row: [(copy, percent)]}): scores folded
        down the order key((docnum, score)) gives (None: by score, equal
        scores in index order, as the ranking's)."""
        linked = self.linked & scores.keys()
        if not linked:
            return scores, {}
        if key is None:  # C-level keys: a stable sort keeps index order among equal scores
            order = sorted(sorted(linked), key=scores.__getitem__, reverse=True)
        else:
            order = sorted(linked, key=lambda d: key((d, scores[d])))
        rank = {d: i for i, d in enumerate(order)}
        folded: dict[int, list[tuple[int, int]]] = {}
        taken: set[int] = set()
        for d in order:
            if d in taken:
                continue
            for other, percent in self.of(d):
                if other in rank and other not in taken and other not in folded:
                    taken.add(other)
                    folded.setdefault(d, []).append((other, percent))
        if not taken:
            return scores, {}
        for copies in folded.values():
            copies.sort(key=lambda c: rank[c[0]])
        rows = scores.copy()
        for d in taken:
            del rows[d]
        return rows, folded

    def groups(self, order: list[int]) -> list[tuple[int, list[tuple[int, int]]]]:
        """Every group of the corpus: (first document, [(copy, percent)]),
        folded down order (reader dupes: the oldest first)."""
        rank = {d: i for i, d in enumerate(order)}
        _rows, folded = self.fold({d: 0.0 for d in order if d in self.linked}, lambda item: rank[item[0]])
        return [(d, folded[d]) for d in order if d in folded]


class CopiesFile:
    """The file of copy pairs beside the text index: a JSON line saying
    which state of the index it is for, then three arrays."""

    def __init__(self, path: Path):
        self.path = path
        self._cached: tuple | None = None  # (stat key, identity, Copies)

    def identity(self) -> str | None:
        """Which state of the text index the file was written for, or None."""
        head = self._header()
        return head.get("identity") if head else None

    def load(self, identity: str) -> Copies | None:
        """The copies of that state of the index; None when the pass has not
        grouped it yet (or the file is damaged: the next pass writes it again)."""
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        stat_key = (st.st_mtime_ns, st.st_size, st.st_ino)
        if self._cached and self._cached[0] == stat_key:
            return self._cached[2] if self._cached[1] == identity else None
        try:
            with open(self.path, "rb") as f:
                head = json.loads(f.readline())
                if head.get("version") != _VERSION:
                    return None
                arrays = []
                parts = [("I", head["docs"] + 1), ("I", head["pairs"]), ("B", head["pairs"])]
                if head.get("names"):
                    parts.append(("Q", head["docs"]))
                for code, count in parts:
                    a = array(code)
                    a.fromfile(f, count)
                    arrays.append(a)
        except (OSError, EOFError, ValueError, KeyError, TypeError, AttributeError):
            return None
        copies = Copies(*arrays)
        self._cached = (stat_key, head.get("identity"), copies)
        return copies if head.get("identity") == identity else None

    def write(self, identity: str, docs: int, pairs: list[tuple[int, int, float]], names=None) -> int:
        """Keep the pairs (a, b, Jaccard) of SAME or more, both ways, for the
        state identity of an index of docs document numbers; how many.
        names: the engine id of each document number (Copies.names), or None."""
        from reader.atomic import write_atomic

        by_doc: list[list[tuple[int, int]]] = [[] for _ in range(docs)]
        kept = 0
        for a, b, similar in pairs:
            if similar >= SAME:
                percent = min(100, int(similar * 100))  # never rounded up to the threshold or to "the same"
                by_doc[a].append((b, percent))
                by_doc[b].append((a, percent))
                kept += 1
        starts, others, similar_ = array("I", [0]), array("I"), array("B")
        for row in by_doc:
            row.sort(key=lambda c: (-c[1], c[0]))
            others.extend(o for o, _p in row)
            similar_.extend(p for _o, p in row)
            starts.append(len(others))
        head = {"version": _VERSION, "identity": identity, "docs": docs, "pairs": len(others), "same": SAME,
                "names": names is not None}
        tail = array("Q", names).tobytes() if names is not None else b""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, json.dumps(head).encode() + b"\n" + starts.tobytes() + others.tobytes()
                     + similar_.tobytes() + tail)
        return kept

    def _header(self) -> dict | None:
        try:
            with open(self.path, "rb") as f:
                head = json.loads(f.readline())
        except (OSError, ValueError):
            return None
        return head if isinstance(head, dict) else None
