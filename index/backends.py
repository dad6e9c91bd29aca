"""Which engine holds a corpus: the embedded Whoosh index (the default, no
server), or a cluster named by sphinx://HOST:PORT (config.toml's backend,
or READER_BACKEND)."""

from __future__ import annotations

import os
from pathlib import Path

from reader.index.errors import ClusterError


def backend_spec(configured: str | None = None) -> str:
    """The backend asked for: READER_BACKEND, else config.toml's, else "" (embedded)."""
    return (os.environ.get("READER_BACKEND") or configured or "").strip()


def make_backend(spec: str, roots, base: Path | None = None, workers: int | None = None, options=None):
    if not spec or spec == "whoosh":
        from reader.index.engine.backend import WhooshBackend

        return WhooshBackend(roots, base=base, workers=workers, options=options)
    if spec.startswith("sphinx://"):
        from reader.index.cluster.backend import ClusterBackend

        return ClusterBackend(spec, roots, base=base, options=options)
    raise ClusterError(f"unknown backend {spec!r}: sphinx://HOST:PORT for a cluster, or none for the embedded index")
