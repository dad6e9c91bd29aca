"""Whoosh's segment writer, made to add a document all or nothing.

Whoosh's add_document puts each field's postings into the pool as it
analyses them: a document whose analysis fails half way leaves postings
under a document number that the next document then takes as well, and
the segment is wrong. Here every field is worked out first (prepare) and
only then written (add_prepared), so a document that fails any stage of
its analysis is skipped whole and the writer goes on. Whoosh is pinned
exactly and frozen upstream; this follows its add_document of 2.7.4 for
what our schema uses (no vectors, no spelling fields, no boosts).
"""

from __future__ import annotations

from whoosh.writing import SegmentWriter


class DocumentFailed(Exception):
    """A document could not be indexed; the stage and the cause are in the message."""


class Writer(SegmentWriter):
    def prepare(self, fields: dict) -> list:
        """Every field's postings, stored value and column value for one
        document; DocumentFailed (nothing written) if any cannot be made."""
        schema = self.schema
        try:
            prepared = []
            for name in sorted(n for n in fields if not n.startswith("_")):
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                items = list(field.index(value)) if field.indexed else []
                length = sum(item[1] for item in items) if field.indexed and field.scorable else 0
                column = field.column_type
                cv = field.to_column_value(value) if column else None
                prepared.append((name, field, items, length, value if field.stored else None, column, cv))
            return prepared
        except Exception as e:  # noqa: BLE001 - any fault of one document's analysis
            raise DocumentFailed(f"analysis failed ({type(e).__name__}: {e})") from e

    def add_prepared(self, prepared: list) -> None:
        self._check_state()
        docnum = self.docnum
        add_post = self.pool.add
        pdw = self.perdocwriter
        pdw.start_doc(docnum)
        for name, field, items, length, stored, column, cv in prepared:
            for tbytes, _freq, weight, vbytes in items:
                add_post((name, tbytes, docnum, weight, vbytes))
            pdw.add_field(name, field, stored, length)
            if column is not None:
                pdw.add_column_value(name, column, cv)
        pdw.finish_doc()
        self._added = True
        self.docnum += 1

    def add_document(self, **fields):
        self.add_prepared(self.prepare(fields))

    def _flush_segment(self):
        # Whoosh looks up the field length of every posting's document in
        # the length column (a seek and a read each); a list per field,
        # filled once, does the same for a fraction of the time.
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        lengths = _Lengths(pdr) if pdr else None
        self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
        self.fieldwriter.close()
        if pdr:
            pdr.close()


class _Lengths:
    def __init__(self, pdr):
        self._pdr = pdr
        self._fields: dict[str, list[int]] = {}

    def doc_field_length(self, docnum, fieldname, default=0):
        col = self._fields.get(fieldname)
        if col is None:
            n = self._pdr.doc_count_all()
            col = self._fields[fieldname] = [self._pdr.doc_field_length(d, fieldname, default) for d in range(n)]
        return col[docnum]
