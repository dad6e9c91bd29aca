"""What a search gives back, the same from every engine: hits, the page
they are on, the copies folded under them, a document's listing.

Typed values only (named tuples and one small class): no engine object or
stored-field dict goes further up than the engine that made them.
"""

from __future__ import annotations

from collections import namedtuple

from reader.index.budget import Budget


class Copy(namedtuple("Copy", "id path title outlet date date_from similar file_date", defaults=("",))):
    """A copy folded under a hit: what it is and how much of the hit's text
    it shares (percent of their word shingles, index.copies)."""

    __slots__ = ()

    def as_json(self) -> dict:
        return dict(self._asdict())


class Hit(namedtuple("Hit", "rank id path title author score snippets date date_from outlet url copies file_date missing",
                     defaults=("", "", "", "", (), "", ()))):
    """One ranked document: its rank from 1, id, absolute path, title,
    author, score and snippets; its day (2019-03-15 or ""), where the day
    came from (manifest, metadata, text, file), outlet and URL; the copies
    of it folded under it (Copy), best ranked first; file_date: its file's
    day when that is all there is (no publication day: date is ""); missing:
    the query's words it lacks (a hit of Results.also; none for a match)."""

    __slots__ = ()

    def as_json(self) -> dict:
        return {
            "rank": self.rank,
            "id": self.id,
            "path": self.path,
            "title": self.title,
            "author": self.author,
            "score": round(self.score, 4),
            "date": self.date,
            "date_from": self.date_from,
            "file_date": self.file_date,
            "outlet": self.outlet,
            "url": self.url,
            "snippets": [s.as_json() for s in self.snippets],
            "copies": [c.as_json() for c in self.copies],
            "missing": list(self.missing),
        }


HIGHLIGHT_SECONDS = 60  # the bound on lighting one document's hits


class Results:
    """A page of hits and what a front end shows around them."""

    def __init__(self, query: str, total: int, page: int, limit: int, terms=([], [])):
        self.query, self.total, self.page, self.limit = query, total, page, limit
        self.hits: list[Hit] = []
        self.seconds = 0.0
        # The query's words and phrases, as snippets highlight them.
        self.terms = terms
        self.notice = ""  # one line a front end shows beside the hits
        self.sort = "relevance"  # the order of the hits: index.query.SORTS
        self.request = None  # the index.request.Request these hits answer: the next page is request.at(n)
        self.suggestion = None  # a respelt query when this one found (almost) nothing: suggestion()
        # Copies folded under the hits of every page (total counts rows), and
        # whether the results were folded at all (the copies pass had run).
        self.folded = 0
        self.grouped = False
        # When every word finds less than a page: the articles holding all
        # the words but one (Hit.missing says which), ranked after the hits.
        self.also: list[Hit] = []

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.limit))

    def highlights(self, text: str, cancelled=None) -> list[tuple[int, int]]:
        """Offsets of every form of the query's words in a document's text;
        SearchCancelled once cancelled() is true, QueryError past a minute."""
        from reader.index.snippets import highlight_spans

        budget = Budget(HIGHLIGHT_SECONDS, cancelled) if cancelled is not None else None
        return [(m.start, m.end) for m in highlight_spans(text, *self.terms, budget=budget)]


class DocumentInfo(namedtuple("DocumentInfo", "id path title author date outlet date_from file_date ocr",
                               defaults=("", "", "", "", False))):
    """date_from: where the day came from: manifest (a metadata table),
    metadata (the file's format), text (a dateline), file (its time: no
    publication day, date is "" and file_date the file's day), or "";
    ocr: its text was read off a scanned page (index.files.formats.ocr)."""

    __slots__ = ()

    def as_json(self) -> dict:
        return dict(self._asdict())


def score_groups(hits, n: int = 10) -> list[tuple[float, list[str]]]:
    """The first n hits as (score to 6 decimals, their ids sorted): how two
    engines' rankings compare, since each puts equal scores in its own order."""
    groups: dict[float, list[str]] = {}
    for h in hits:
        groups.setdefault(round(h.score, 6), []).append(h.id)
    out, shown = [], 0
    for score, ids in groups.items():
        if shown >= n:
            break
        out.append((score, sorted(ids)))
        shown += len(ids)
    return out
