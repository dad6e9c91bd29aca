"""The concordance's reading of the embedded index: each document's text
and listing, in the search's order (the lines: index.concordance)."""

from __future__ import annotations

from reader.index.concordance import Concordance, Line, lines_from  # noqa: F401 - the engine's own types
from reader.index.engine.postings import View
from reader.index.files import dates


def lines_of(view: View, comp, order: list[tuple[int, float]], budget=None):
    """The lines of the documents in order ((docnum, score), as ranked)."""

    def docs():
        for docnum, _score in order:
            stored = view.stored_fields(docnum)
            yield (stored["id"], stored.get("title", ""), stored.get("outlet", ""),
                   dates.iso(view.column("day", docnum) or 0),
                   view.column("text", docnum).decode("utf-8", "surrogatepass"))

    return lines_from(docs(), comp, budget)
