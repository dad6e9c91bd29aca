"""A document's entities grouped the way a reader scans them: by type, then name."""

from __future__ import annotations

from typing import NamedTuple

from reader.entities.features import name_id
from reader.entities.types import TYPES, Entity

class Group(NamedTuple):
    """One name of one type in a document, and where it is mentioned."""

    type: str
    name: str  # the form mentioned most often
    mentions: list[Entity]


def group_entities(entities: list[Entity]) -> dict[str, list[Group]]:
    """Mentions grouped by type and name, each type's names most mentioned
    first (then in order of first mention); types in TYPES order."""
    by_key: dict[tuple, list[Entity]] = {}
    for e in entities:
        by_key.setdefault((e.type, name_id(e.name)), []).append(e)
    out: dict[str, list[Group]] = {}
    for (kind, _key), mentions in by_key.items():
        forms = [e.name for e in mentions]
        name = max(forms, key=lambda f: (forms.count(f), -forms.index(f)))
        out.setdefault(kind, []).append(Group(kind, name, mentions))
    for groups in out.values():
        groups.sort(key=lambda g: (-len(g.mentions), g.mentions[0].start))
    return {t: out[t] for t in TYPES if t in out}
