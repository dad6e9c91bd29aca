"""What an indexing run reports while it works, and what it did."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from reader.index.corpus import Skipped


@dataclass
class Progress:
    """What an indexing run reports as it goes (a callback gets it)."""

    total: int = 0
    done: int = 0
    phase: str = ""


@dataclass
class Report:
    """What an indexing run did, for the summary line."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    rebuilt_because: str = ""
    seconds: float = 0.0

    @property
    def indexed(self) -> int:
        return self.added + self.updated + self.unchanged

    def summary(self) -> str:
        parts = [f"{self.indexed} documents indexed"]
        if self.rebuilt_because:
            parts.append(f"full build ({self.rebuilt_because})")
        else:
            parts.append(f"{self.added} new, {self.updated} changed, {self.removed} removed, {self.unchanged} unchanged")
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped")
        return f"{'; '.join(parts)}; {self.seconds:.1f}s"


ProgressFn = Callable[[Progress], None]
