"""How segments are written and read: Whoosh's W3 format, three of its
costs fixed.

- Whoosh 2.7.4 inlines a term's postings into the term table when there are
  few of them, but calls a method it never defined (set_inline, for
  set_inlined), so any inlinelimit above 1 crashed and every term, most of
  them seen in one or two documents, got a posting block of its own.
- Each block is zlib-compressed at level 3; level 1 makes blocks nearly as
  small (with inlining the index is smaller than before) for less time.

Measured on 2,000 benchmark articles, one process: the build 9.6 -> 8.1 s,
the index 42 -> 39 MB, searches no slower.

- An inlined term keeps only the values that are not empty, so a field
  whose postings carry none (an ID: the id, the file) keeps no values at
  all, and Whoosh's list matcher then answers the str '' for each. A merge
  of segments copies those postings into its pool, which accepts bytes
  only: once updates had made a few small segments, every commit crashed
  (AssertionError: vbytes=''). Here the empty values are given back as
  empty bytes, for indexes written before this mend too.
- A segment reader opened each column file when it first read it. An
  update that merges segments removes the old ones' files, so a search
  that had opened the index just before found a column gone and Whoosh,
  taking it for a column never written, failed (TypeError, AttributeError).
  Here a segment's columns are opened with it (an open file outlives its
  removal), and a segment already gone is a FileNotFoundError, which the
  core answers by reading again from a fresh open of the index.
- Opening a variable-length column (the text, the stored fields) derives
  every document's offset from the lengths in a Python loop, once per
  segment a search reads a hit from: a few ms of each cold search on the
  benchmark. Here the same offsets are summed in C.
"""

from __future__ import annotations

import errno
import struct
from array import array
from itertools import accumulate

from whoosh.codec.whoosh3 import W3Codec, W3PerDocReader, W3TermInfo
from whoosh.columns import VarBytesColumn
from whoosh.matching import ListMatcher

if not hasattr(W3TermInfo, "set_inline"):
    W3TermInfo.set_inline = W3TermInfo.set_inlined

_w3_postings_reader = W3Codec.postings_reader


def _postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
    """W3Codec's own, with an inlined term's missing values as b''."""
    if terminfo.is_inlined():
        ids, weights, values = terminfo.inlined_postings()
        if len(values) != len(ids):
            # Only a format whose values are all empty drops them (the
            # writer appends the non-empty ones), so none means all empty.
            values = (b"",) * len(ids)
        return ListMatcher(ids, weights, values, format_, scorer=scorer, term=term, terminfo=terminfo)
    return _w3_postings_reader(self, dbfile, terminfo, format_, term=term, scorer=scorer)


W3Codec.postings_reader = _postings_reader


_w3_perdoc_init = W3PerDocReader.__init__


def _perdoc_init(self, storage, segment):
    """W3PerDocReader's own, with every column file of the segment opened at
    once; FileNotFoundError if they are gone already."""
    _w3_perdoc_init(self, storage, segment)
    prefix = f"{segment.segment_id()}."
    for name in storage.list():
        if name.startswith(prefix) and name.endswith(W3Codec.COLUMN_EXT):
            field = name[len(prefix):-len(W3Codec.COLUMN_EXT)]
            self._colfiles[field] = (storage.open_file(name), 0, storage.file_length(name))
    if segment.doc_count_all() and "_stored" not in self._colfiles:
        raise FileNotFoundError(errno.ENOENT, "a segment was removed by an update", segment.segment_id())


def _has_column(self, fieldname):
    return fieldname in self._colfiles


W3PerDocReader.__init__ = _perdoc_init
W3PerDocReader.has_column = _has_column


def _read_offsets_and_lengths(self) -> None:
    """VarBytesColumn.Reader's own, with the offsets summed in C."""
    dbfile, doccount = self._dbfile, self._doccount
    lastbyte = self._basepos + self._length - 1
    lens_code = chr(dbfile.get_byte(lastbyte))
    offsets = None
    if lens_code == "X":  # the offsets were written too (large segments)
        self.had_stored_offsets = True
        lens_code = chr(dbfile.get_byte(lastbyte - 2))
        offsets_code = chr(dbfile.get_byte(lastbyte - 1))
        offsetstart = (lastbyte - 2) - doccount * struct.calcsize(offsets_code)
        offsets = dbfile.get_array(offsetstart, offsets_code, doccount)
        lastbyte = offsetstart
    lenstart = lastbyte - struct.calcsize(lens_code) * doccount
    lengths = dbfile.get_array(lenstart, lens_code, doccount)
    if offsets is None:
        offsets = array("L", accumulate(lengths, initial=0))
        del offsets[-1]
    self._offsets, self._lengths = offsets, lengths


VarBytesColumn.Reader._read_offsets_and_lengths = _read_offsets_and_lengths

INLINE_LIMIT = 4  # postings of terms in fewer documents live in the term table
COMPRESSION = 1


def codec() -> W3Codec:
    return W3Codec(compression=COMPRESSION, inlinelimit=INLINE_LIMIT)
