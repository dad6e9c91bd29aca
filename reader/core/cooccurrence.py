"""Who appears with whom: the names that share documents with one name.

For the documents whose entities name NAME (as person:, place:, org: or
misc: finds them), every other name they hold is counted once per
document, with the days of those documents where known. A name that holds
NAME's words (دونالد ترامب for ترامب) is NAME itself and is left out.
"""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple


# Names left out of every list unless config.toml's with_skip says otherwise:
# the agencies a wire story's byline names, found with everything.
SKIP = ("واس", "وكالة الأنباء السعودية", "رويترز", "فرانس برس", "أ ف ب", "أسوشيتد برس", "الأناضول", "د ب أ",
        "يونايتد برس", "كونا", "وام")


class Companion(NamedTuple):
    type: str
    name: str  # the form written most often
    documents: int  # how many of NAME's documents name it too
    months: dict[str, int]  # YYYY-MM -> those documents that month (dated ones)

    def as_json(self) -> dict:
        return {"type": self.type, "name": self.name, "documents": self.documents, "months": self.months}


def companions(name: str, docs: list[tuple[str, list]], skip: tuple[str, ...] = SKIP) -> list[Companion]:
    """docs: (day as 2019-03-15 or "", entities (type, name) of the document)
    for each document naming NAME; the names found with it, most documents
    first, but those of skip."""
    from reader.entities.features import name_id

    own = name_id(name)
    skipped = {name_id(s) for s in skip}
    counts: Counter = Counter()
    forms: dict[tuple, Counter] = {}
    months: dict[tuple, Counter] = {}
    for day, entities in docs:
        seen = set()
        for kind, text in entities:
            key = (kind, name_id(text))
            if key in seen or _holds(key[1], own) or kind in ("DATE", "NUM") or key[1] in skipped:
                continue
            seen.add(key)
            counts[key] += 1
            forms.setdefault(key, Counter())[text] += 1
            if day:
                months.setdefault(key, Counter())[day[:7]] += 1
    return [Companion(kind, forms[(kind, key)].most_common(1)[0][0], n, dict(sorted(months.get((kind, key), {}).items())))
            for (kind, key), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def _holds(key: tuple, own: tuple) -> bool:
    """Whether a name's words hold NAME's, in order (دونالد ترامب holds ترامب)."""
    n = len(own)
    return n > 0 and any(key[i : i + n] == own for i in range(len(key) - n + 1))
