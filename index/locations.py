"""Where a corpus's indexes live: one folder per corpus under the cache
directory, named for its folders (the same for every backend)."""

from __future__ import annotations

import hashlib
from pathlib import Path


def cache_root() -> Path:
    from reader.paths import indexes_dir

    return indexes_dir()


def corpus_key(roots: list) -> str:
    """A corpus's folder name: its first folder's name and a hash of every folder (index.files.corpus.Root)."""
    joined = "\n".join(f"{r.prefix}={r.path}" for r in roots)
    digest = hashlib.sha256(joined.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    name = "".join(c if c.isalnum() or c in "-_" else "_" for c in roots[0].path.name)[:32]
    return f"{name or 'root'}-{digest}"
