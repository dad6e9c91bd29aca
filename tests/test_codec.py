"""The two mends of Whoosh's W3 codec in reader.index.codec."""

from __future__ import annotations

import pytest
from whoosh.columns import VarBytesColumn
from whoosh.filedb.filestore import RamStorage

from reader.index import codec as ours


@pytest.mark.parametrize("cutoff", [2**15, 0])  # offsets derived from lengths / written to the file
def test_column_reader_reads_every_value(cutoff):
    values = [b"", b"a", b"", "نص".encode(), b"x" * 300, b"", b"end"] * 50
    storage = RamStorage()
    f = storage.create_file("col")
    column = VarBytesColumn(write_offsets_cutoff=cutoff)
    w = column.writer(f)
    for docnum, v in enumerate(values):
        if v:
            w.add(docnum, v)
    w.finish(len(values))
    length = f.tell()
    f.close()
    r = column.reader(storage.open_file("col"), 0, length, len(values))
    assert r._read_offsets_and_lengths.__func__ is ours._read_offsets_and_lengths
    assert r.had_stored_offsets is (cutoff == 0)
    assert [r[d] for d in range(len(values))] == values


def test_rare_terms_are_inlined_in_the_term_table(tmp_path):
    from whoosh import fields, index
    from whoosh.query import Term

    schema = fields.Schema(body=fields.TEXT())
    ix = index.create_in(str(tmp_path), schema)
    w = ix.writer(codec=ours.codec())
    w.add_document(body="common rare")
    for _ in range(10):
        w.add_document(body="common")
    w.commit()
    with ix.reader() as r:
        terms = r.leaf_readers()[0][0]._terms
        assert terms.term_info("body", b"rare").is_inlined()
        assert not terms.term_info("body", b"common").is_inlined()
    with ix.searcher() as s:
        assert [hit.docnum for hit in s.search(Term("body", "rare"))] == [0]
