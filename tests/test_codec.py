"""The mends of Whoosh's W3 codec in reader.index.engine.codec."""

from __future__ import annotations

import pytest
from whoosh.columns import VarBytesColumn
from whoosh.filedb.filestore import RamStorage

from reader.index.engine import codec as ours


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
        (segment, _offset), = r.leaf_readers()
        assert segment.term_info("body", "rare").is_inlined()
        assert not segment.term_info("body", "common").is_inlined()
    with ix.searcher() as s:
        assert [hit.docnum for hit in s.search(Term("body", "rare"))] == [0]


def test_segments_holding_inlined_id_terms_merge(tmp_path):
    # An ID field's postings carry no value; inlined, Whoosh read them back
    # as the str '' and its merge asserted (vbytes=''): an index that had
    # grown by a few updates could no longer be updated at all.
    from whoosh import fields, index
    from whoosh.query import Term
    from whoosh.writing import MERGE_SMALL

    schema = fields.Schema(id=fields.ID(stored=True, unique=True), file=fields.ID(), body=fields.TEXT())
    ix = index.create_in(str(tmp_path), schema)
    for round_ in range(12):
        w = ix.writer(codec=ours.codec())
        w.update_document(id="a", file="feed", body=f"round {round_}")
        for n in range(6):  # a term in many documents: posting blocks, not inlined
            w.update_document(id=f"feed{n}", file="feed", body=f"item {n} round {round_}")
        w.add_document(id=f"new{round_}", file=f"f{round_}", body="added")
        w.commit(mergetype=MERGE_SMALL)
    w = ix.writer(codec=ours.codec())
    w.commit(optimize=True)  # every segment merged into one
    with ix.searcher() as s:
        assert s.doc_count() == 7 + 12
        assert len(s.search(Term("file", "feed"), limit=None)) == 7
        assert s.document(id="a")["id"] == "a"


def test_an_open_index_reads_on_after_a_merge_removed_its_segments(seeds):
    # A search that opened the index just before an update merged its
    # segments away: their files are removed, and Whoosh opened each column
    # file only when first read (TypeError: 'NoneType' object is not subscriptable).
    from reader.index.files.corpus import make_roots
    from reader.index.engine.store import IndexStore

    st = IndexStore(make_roots([seeds]))
    st.update()
    for n in range(3):  # a few segments
        (seeds / f"new{n}.txt").write_text(f"مقال {n}\n\nعن الخلافة {n}.", "utf-8")
        st.update()
    ix = st.open()
    reader = ix.reader()  # a search has read the TOC and opened its segments
    segments = {leaf.segment().segment_id() for leaf, _offset in reader.leaf_readers()}
    w = ix.writer(codec=ours.codec())
    w.commit(optimize=True)
    left = {p.name.split(".")[0] for p in st.current.resolve().glob("MAIN_*.*")}
    assert not segments & left, "the merge removed the segments the open reader reads"
    assert sorted(f["id"] for f in reader.all_stored_fields()) == sorted(p.name for p in seeds.glob("*.txt"))
    assert len(list(reader.column_reader("day"))) == reader.doc_count_all()
    reader.close()
    ix.close()
