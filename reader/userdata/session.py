"""What the TUI remembers between launches, per corpus: the last query, the
open documents, whether they were side by side, the order of the results
(relevance, newest or oldest first), the reading position in each document
read; and, for every corpus, the theme.

A small JSON file in the platform's state directory, written atomically;
a damaged or foreign file is ignored (a session is a convenience, never
worth an error).
"""

from __future__ import annotations

import json
from pathlib import Path

SORTS = ("relevance", "-date", "date")  # as index.query.SORTS, in the order a key steps through them
MAX_POSITIONS = 500  # documents whose reading position is kept, most recent last
SETTINGS = "_settings"  # beside the corpora (whose keys are name-hash), what is the same for all


def session_path() -> Path:
    from reader.paths import session_file

    return session_file()


class Session:
    """corpus "": not known yet (the TUI learns it once its first screen is
    drawn): only what is the same for every corpus (the theme) is read, and
    bind() brings the corpus's own part."""

    def __init__(self, corpus: str, path: Path | None = None):
        self.path = path or session_path()
        self.all = self._load()
        self.bind(corpus)

    def bind(self, corpus: str) -> None:
        self.corpus = corpus
        mine = self.all.get(corpus) if corpus else None
        self.data: dict = mine if isinstance(mine, dict) else {}
        self.data.setdefault("query", "")
        self.data.setdefault("open", [])
        self.data.setdefault("positions", {})

    def _load(self) -> dict:
        try:
            from reader.paths import read_settings_file

            data = json.loads(read_settings_file(self.path, 16 << 20) or b"{}")  # many corpora's positions
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    @property
    def query(self) -> str:
        q = self.data.get("query")
        return q if isinstance(q, str) else ""

    @query.setter
    def query(self, value: str) -> None:
        self.data["query"] = value

    @property
    def two_panes(self) -> bool:
        """The two open documents were side by side."""
        return self.data.get("two_panes") is True

    @two_panes.setter
    def two_panes(self, on: bool) -> None:
        self.data["two_panes"] = bool(on)

    @property
    def sort(self) -> str:
        """The order of the results: relevance, -date (newest first) or date
        (oldest first); relevance for anything else an old file holds."""
        sort = self.data.get("sort")
        return sort if sort in SORTS else "relevance"

    @sort.setter
    def sort(self, value: str) -> None:
        self.data["sort"] = value if value in SORTS else "relevance"

    @property
    def theme(self) -> str:
        """The TUI's theme, one for every corpus ("" for the default)."""
        settings = self.all.get(SETTINGS)
        theme = settings.get("theme") if isinstance(settings, dict) else None
        return theme if isinstance(theme, str) else ""

    @theme.setter
    def theme(self, name: str) -> None:
        settings = self.all.get(SETTINGS)
        if not isinstance(settings, dict):
            settings = self.all[SETTINGS] = {}
        settings["theme"] = name

    @property
    def open_documents(self) -> list[str]:
        docs = self.data.get("open")
        return [d for d in docs if isinstance(d, str)] if isinstance(docs, list) else []

    @open_documents.setter
    def open_documents(self, docs: list[str]) -> None:
        self.data["open"] = list(docs)

    def position(self, doc_id: str) -> int:
        pos = self.data["positions"].get(doc_id, 0)
        return pos if isinstance(pos, int) and pos >= 0 else 0

    def remember_position(self, doc_id: str, paragraph: int) -> None:
        positions = self.data["positions"]
        positions.pop(doc_id, None)
        positions[doc_id] = paragraph
        while len(positions) > MAX_POSITIONS:
            positions.pop(next(iter(positions)))

    def save(self) -> None:
        from reader.atomic import write_atomic

        if self.corpus:
            self.all[self.corpus] = self.data
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, json.dumps(self.all, ensure_ascii=False))
        except OSError:
            pass  # a read-only home: the next launch starts fresh
