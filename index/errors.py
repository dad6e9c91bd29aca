"""What can go wrong with an index, each told in one line."""

from __future__ import annotations

from reader.errors import ReaderError


class IndexProblem(ReaderError):
    """What can go wrong with an index, told in one line."""


class IndexBusy(IndexProblem):
    pass


class IndexCorrupt(IndexProblem):
    pass


class NoIndex(IndexProblem):
    pass


class BuildFailed(IndexProblem):
    pass


class SearchCancelled(ReaderError):
    """A search stopped because whoever asked for it no longer wants it."""


class ClusterError(IndexProblem):
    """A search engine cluster that cannot be reached, started or used."""


class NotServed(ReaderError):
    """A feature the backend in use cannot give; the message says which and what to do."""

    @classmethod
    def entities_off(cls, what: str) -> "NotServed":
        return cls(f"{what}: entities are off (entities = false in config.toml, or --no-entities); "
                   "set entities = true to find names")

    @classmethod
    def on_cluster(cls, what: str) -> "NotServed":
        return cls(f"{what} on the cluster backend is not served yet: use the embedded index (no backend set)")
