"""Reading Whoosh's segments fast: posting lists, field lengths, columns.

Whoosh's own matchers walk postings one document at a time through several
layers of Python objects, which is most of the time of a search. Ranking
here reads whole posting blocks at once (one unpickle per 128 postings,
ids summed in C) into dicts keyed by the index's global document numbers,
and reads each field's length column as one byte string. This leans on the
W3 codec's internals; Whoosh is pinned exactly and frozen upstream
(tests/test_ranking.py checks the result against Whoosh's own scoring).
"""

from __future__ import annotations

import errno
from bisect import bisect_left
from itertools import accumulate
from math import log

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.reading import SegmentReader, TermNotFound
from whoosh.util.numeric import byte_to_length

from reader.index.engine import codec  # noqa: F401 (its column reader: offsets summed in C)

# A field length is kept as one byte per document (Whoosh's lossy code).
LENGTH_OF_BYTE = tuple(byte_to_length(i) for i in range(256))


class View:
    """An open index as ranking sees it: its segments with their offsets,
    their deleted documents, and the collection statistics BM25 needs."""

    def __init__(self, reader):
        self.reader = reader
        self.leaves = []  # (segment reader, first global docnum, deleted docnums)
        for seg, offset in reader.leaf_readers():
            if not isinstance(seg, SegmentReader):  # an index with no segment yet
                continue
            deleted = frozenset(seg._perdoc.deleted_docs()) if seg.has_deletions() else frozenset()
            self.leaves.append((seg, offset, deleted))
        self.doc_count_all = reader.doc_count_all()
        self._lengths: dict[str, bytes] = {}
        self._avg: dict[str, float] = {}
        self._idf: dict[tuple[str, str], float] = {}
        self._columns: dict = {}
        self.limited: dict[str, int] = {}  # prefix -> words it had, when cut to the most frequent

    # --- statistics ------------------------------------------------------------

    def idf(self, field: str, term: str) -> float:
        """Whoosh's BM25 idf: log(N / (df + 1)) + 1, over the whole index."""
        key = (field, term)
        hit = self._idf.get(key)
        if hit is None:
            df = self.reader.doc_frequency(field, term)
            hit = self._idf[key] = log(max(self.doc_count_all, 1) / (df + 1)) + 1
        return hit

    def doc_frequency(self, field: str, term: str) -> int:
        return self.reader.doc_frequency(field, term)

    def avg_length(self, field: str) -> float:
        hit = self._avg.get(field)
        if hit is None:
            hit = self._avg[field] = (self.reader.field_length(field) / (self.doc_count_all or 1)) or 1.0
        return hit

    def lengths(self, field: str) -> bytes:
        """One byte per global docnum: the field's length, coded."""
        hit = self._lengths.get(field)
        if hit is None:
            parts = []
            for seg, _offset, _deleted in self.leaves:
                count = seg.doc_count_all()
                col = seg._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
                raw = col._dbfile.get(col._basepos, col._count) if col is not None else b""
                parts.append(raw[:count].ljust(count, b"\0"))
            hit = self._lengths[field] = b"".join(parts)
        return hit

    # --- postings ------------------------------------------------------------------

    def postings(self, field: str, term: str) -> dict[int, float]:
        """{global docnum: term frequency} of a term, deleted documents left out."""
        out: dict[int, float] = {}
        tbytes = term.encode("utf-8")
        for seg, offset, deleted in self.leaves:
            for ids, weights, _values in _blocks(seg, field, tbytes, values=False):
                if offset:
                    ids = [d + offset for d in ids]
                out.update(zip(ids, weights))
            if deleted:
                for d in deleted:
                    out.pop(d + offset, None)
        return out

    def positions(self, field: str, term: str, wanted: set[int]) -> dict[int, list[int]]:
        """{global docnum: positions} of a term, for the wanted documents only."""
        out: dict[int, list[int]] = {}
        tbytes = term.encode("utf-8")
        for seg, offset, _deleted in self.leaves:
            fmt = seg.schema[field].format
            local = sorted(g - offset for g in wanted if offset <= g < offset + seg.doc_count_all())
            if not local:
                continue
            for ids, _weights, values in _blocks(seg, field, tbytes, values=True, only=local):
                for d, v in zip(ids, values):
                    g = d + offset
                    if g in wanted:
                        out[g] = fmt.decode_positions(v)
        return out

    def has_prefix(self, field: str, prefix: str) -> bool:
        """Whether some term of the field starts with prefix: the first key
        at or after it in each segment's ordered terms file, one binary
        search (Whoosh's expand_prefix builds a generator chain per call)."""
        pbytes = prefix.encode("utf-8")
        for seg, _o, _d in self.leaves:
            terms = seg._terms
            key = terms._keycoder(field, pbytes)
            found = terms._tindex.closest_key(key)
            if found is not None and found.startswith(key):
                return True
        return False

    def expand_prefix(self, field: str, prefix: str, limit: int | None = None) -> list[str]:
        """Every term of a field that starts with prefix, in order; past
        limit terms, only the limit most frequent (and the prefix goes in
        self.limited with how many there were)."""
        seen: dict[str, None] = {}
        for seg, _offset, _deleted in self.leaves:
            for t in seg.expand_prefix(field, prefix):
                seen[t.decode("utf-8") if isinstance(t, bytes) else t] = None
        if limit is None or len(seen) <= limit:
            return sorted(seen)
        import heapq

        df: dict[str, int] = {}
        for seg, _offset, _deleted in self.leaves:
            # The terms file read in order, each term's info with it: a
            # lookup per term (doc_frequency) cost 15 s for ال*.
            for t, info in seg.iter_prefix(field, prefix):
                t = t.decode("utf-8") if isinstance(t, bytes) else t
                df[t] = df.get(t, 0) + info.doc_frequency()
        self.limited[prefix] = max(self.limited.get(prefix, 0), len(df))
        return sorted(heapq.nlargest(limit, df, key=df.__getitem__))

    def terms_between(self, field: str, low: str, high: str) -> set[str]:
        """Every term of a field from low up to (not with) high, in one
        walk of each segment's ordered terms (a few thousand Latin words)."""
        out: set[str] = set()
        for seg, _offset, _deleted in self.leaves:
            for fname, t in seg.terms_from(field, low):
                t = t.decode("utf-8") if isinstance(t, bytes) else t
                if fname != field or t >= high:
                    break
                out.add(t)
        return out

    def stored_fields(self, docnum: int) -> dict:
        return self.reader.stored_fields(docnum)

    def column(self, field: str, docnum: int):
        """One document's value of a column field (the text)."""
        for n in range(len(self.leaves) - 1, -1, -1):
            seg, offset, _deleted = self.leaves[n]
            if docnum >= offset:
                key = (n, field)
                col = self._columns.get(key)
                if col is None:  # opening one reads the segment's offsets: once
                    if not seg.has_column(field) and seg.doc_count_all():
                        # Every document has its text and day: a segment without the
                        # column is one an update was removing when the index was opened
                        # (Whoosh would take it for a column never written and fail).
                        raise FileNotFoundError(errno.ENOENT, "a segment was removed by an update", field)
                    col = self._columns[key] = seg.column_reader(field)
                return col[docnum - offset]
        raise IndexError(docnum)

    def whole_column(self, field: str, default):
        """A column's value for every global docnum (deleted ones too), read
        once per segment: what filters and date sorting look up."""
        hit = self._columns.get(("whole", field))
        if hit is None:
            hit = [default] * self.doc_count_all
            for seg, offset, _deleted in self.leaves:
                values = list(seg.column_reader(field))
                hit[offset : offset + len(values)] = values
            self._columns[("whole", field)] = hit
        return hit

    def live(self):
        """Every live global docnum, in order."""
        for seg, offset, deleted in self.leaves:
            for d in range(seg.doc_count_all()):
                if d not in deleted:
                    yield d + offset

    def docnum(self, doc_id: str) -> int | None:
        """The global docnum of a live document by id."""
        try:  # a name's undecodable bytes are kept as in index.engine.schema.NameField
            tbytes = doc_id.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:  # a surrogate no file name can hold
            return None
        for seg, offset, deleted in self.leaves:
            for ids, _weights, _values in _blocks(seg, "id", tbytes, values=False):
                for d in ids:
                    if d not in deleted:
                        return d + offset
        return None

    def ids(self) -> dict[str, int]:
        """{document id: global docnum} of the live documents, from the id
        column (one read per segment, no stored fields)."""
        out: dict[str, int] = {}
        for seg, offset, deleted in self.leaves:
            col = seg.column_reader("id")
            for d, value in enumerate(col):
                if d not in deleted:
                    out[value.decode("utf-8", "surrogateescape") if isinstance(value, bytes) else value] = d + offset
        return out


def _blocks(seg, field: str, tbytes: bytes, values: bool, only: list[int] | None = None):
    """(ids, weights, values) of each posting block of a term in a segment;
    with only (sorted segment docnums), the blocks that may hold one of them:
    a block's header gives its last id, so the others are never decoded."""
    terms = seg._terms
    try:
        info = terms.term_info(field, tbytes)
    except (KeyError, TermNotFound):
        return
    if info.is_inlined():
        ids, weights, vals = info.inlined_postings()
        yield ids, weights, vals
        return
    m = terms.matcher(field, tbytes, seg.schema[field].format)
    first = 0  # the lowest id the block can hold
    while True:
        if only is not None:
            last = m._maxid
            i = bisect_left(only, first)
            if i == len(only):
                return
            if only[i] > last:  # none of them in this block
                if m._lastblock:
                    return
                first = last + 1
                m._goto(m._nextoffset)
                continue
            first = last + 1
        m._read_data()
        ids, weights = m._data[0], m._data[1]
        if not m._byteids:
            ids = list(accumulate(ids))
        if weights is None:
            weights = [1.0] * len(ids)
        elif isinstance(weights, float):
            weights = [weights] * len(ids)
        if values:
            m._read_values()
        yield ids, weights, (m._values if values else None)
        if m._lastblock:
            return
        m._goto(m._nextoffset)
