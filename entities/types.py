"""What an entity is: its types, their names, the spans the recognizer finds.

No imports of the model: front ends and the core read these for free.
"""

from __future__ import annotations

from typing import NamedTuple

TYPES = ("PERS", "LOC", "ORG", "MISC", "DATE", "NUM")
# The query prefix for each searchable type (NUM is not searched by type).
QUERY_FIELDS = {"person": "PERS", "place": "LOC", "org": "ORG", "misc": "MISC", "date": "DATE"}
FIELD_OF_TYPE = {t: f for f, t in QUERY_FIELDS.items()}
# What each type is called where people read it.
LABELS = {
    "PERS": "people",
    "LOC": "places",
    "ORG": "organisations",
    "MISC": "other names",
    "DATE": "dates",
    "NUM": "numbers",
}


class Entity(NamedTuple):
    start: int
    end: int
    type: str
    text: str  # the text as written, text[start:end]
    name: str  # as a search wants it: للأمم's span is لأمم, its name الأمم

    def stored(self) -> tuple:
        """What the index keeps: the offsets and type, and the name only
        where it is not the text."""
        base = (self.start, self.end, self.type)
        return base if self.name == self.text else (*base, self.name)


def stored_entities(text: str, stored) -> list[Entity]:
    """Entities from the index's stored tuples (Entity.stored); anything
    that does not fit the text (a damaged field) is dropped."""
    out = []
    for item in stored or ():
        try:
            start, end, kind, *name = item
        except (TypeError, ValueError):
            continue
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text) and kind in TYPES:
            surface = text[start:end]
            name = name[0] if len(name) == 1 and isinstance(name[0], str) else surface
            out.append(Entity(start, end, kind, surface, name))
    return out
