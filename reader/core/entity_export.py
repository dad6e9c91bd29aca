"""Every entity of a corpus as rows other tools read: `reader entities export`.

One row a mention: the document's id, outlet and day, the entity's type,
its offsets in the document's text (code points, as `reader entities show
--json` gives them), the text as written, the name it stands for and that
name's key (reader.entities.features.name_id: the same key for عبدالله and
عبد الله). Arabic stays in logical order.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple


class Row(NamedTuple):
    id: str
    outlet: str
    date: str
    type: str
    start: int
    end: int
    text: str
    name: str
    key: str

    def as_json(self) -> dict:
        return self._asdict()


FIELDS = Row._fields


def rows(docs: dict[str, tuple[str, str]], texts: dict[str, tuple[str, str]], finals: dict[str, list],
         types: frozenset = frozenset()) -> Iterator[Row]:
    """docs: {id: (outlet, day)}; texts: {id: (text hash, text)}; finals:
    {text hash: the entity pass's (start, end, type, name)}."""
    from reader.entities.features import name_id

    for doc_id in sorted(docs):
        if doc_id not in texts:
            continue
        text_hash, text = texts[doc_id]
        outlet, day = docs[doc_id]
        for r in finals.get(text_hash) or ():
            if len(r) < 4 or (types and r[2] not in types):
                continue
            start, end, kind, name = r[:4]
            yield Row(doc_id, outlet, day, kind, start, end, text[start:end], name, " ".join(name_id(name)))
