"""One search as the user asked it, read and checked once.

The CLI and the TUI build a Request from what was typed (the query, --since,
--until, sort, page, page size, copies folded or not); a bad part raises
QueryError there, before any index is opened. The core and the engine take
it as it is: none of them parses the query or checks a limit again.
"""

from __future__ import annotations

from collections import namedtuple

from reader.index import query as q

PAGE_SIZE = 10


# A namedtuple, as Hit and Filter are: a dataclass (inspect, ast) or
# typing.NamedTuple would add 3-8 ms to every cold `reader search`.
class Request(namedtuple("Request", "text tree filters sort page limit group latin",
                         defaults=((), "relevance", 1, PAGE_SIZE, True, True))):
    """text: the query as typed (results and messages show it); tree: what
    query.parse made of it; filters: the dates of --since/--until as
    query.Filter, beside the query's own; sort: index.query.SORTS; limit
    None: every hit on one page; group: fold copies under their hit;
    latin: Latin-letter names also stand for their Arabic spellings, and
    Arabic names for the Latin words the corpus writes them as
    (index.engine.latin)."""

    __slots__ = ()

    @classmethod
    def of(cls, text: str, *, since: str | None = None, until: str | None = None, sort: str = "relevance",
           page: int = 1, limit: int | None = PAGE_SIZE, group: bool = True, latin: bool = True) -> "Request":
        """The request for what was typed; QueryError naming the first bad part."""
        if (limit is not None and limit < 1) or page < 1:
            raise q.QueryError("--limit and --page must be 1 or more")
        if sort not in q.SORTS:
            raise q.QueryError(f"unknown sort {sort!r}: use {', '.join(q.SORTS)}")
        tree = q.parse(text)
        return cls(text, tree, period_filters(since, until), sort, page, limit, group, latin)

    def at(self, page: int) -> "Request":
        """The same search, another page."""
        if page < 1:
            raise q.QueryError("--limit and --page must be 1 or more")
        return self._replace(page=page)

    def with_outlets(self, groups: dict[str, frozenset[str]]) -> "Request":
        """Each source: filter standing for its outlet's every spelling (config.toml's [outlet_aliases])."""
        return self._replace(tree=q.with_outlet_aliases(self.tree, groups)) if groups else self

    def without_dates(self) -> "Request | None":
        """The request with every date filter taken out, or None when it had none."""
        tree = q.without_dates(self.tree)
        if tree is None and not self.filters:
            return None
        return self._replace(tree=tree if tree is not None else self.tree, filters=())

    @property
    def asks_names(self) -> bool:
        """Whether the query has a person:, place: ... part (the name index answers it)."""
        return _asks_names(self.tree)


def period_filters(since: str | None, until: str | None) -> tuple:
    """The filters of --since and --until (their whole periods: --until
    2019-03 takes in March); QueryError when a date is not one."""
    from reader.index.files import dates

    out = []
    for flag, value, side in (("--since", since, 0), ("--until", until, 1)):
        if value is None:
            continue
        try:
            day = dates.period(value)[side]
        except ValueError as e:
            raise q.QueryError(f"{flag}: {e}") from None
        lo, hi = (day, dates.HIGHEST) if side == 0 else (dates.LOWEST, day)
        out.append(q.Filter("date", value, False, lo, hi))
    if len(out) == 2 and out[0].lo > out[1].hi:  # as date:2019..2015 is, not silently nothing
        raise q.QueryError(f"--since {since} --until {until}: the range ends before it starts")
    return tuple(out)


def _asks_names(node) -> bool:
    if isinstance(node, (q.Word, q.Phrase)):
        return node.field not in (None, "title", "author")
    if isinstance(node, q.Not):
        return _asks_names(node.item)
    if isinstance(node, q.Filter):
        return False
    return any(_asks_names(i) for i in node.items)
