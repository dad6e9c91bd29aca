"""The user's own entities: a small tab-separated file in the config folder.

    # text<TAB>type
    داعش	ORG
    أبو محمد العدناني	PERS
    الدولة	NONE

An entry adds a name the model misses or overrides the type it gives;
NONE tells the recognizer a phrase is never an entity. Entries are matched
with the same spelling folding as search (أ/ا, ى/ي, ة/ه, harakat), with a
proclitic allowed on the first word (وداعش, لداعش). They reach the index at
its next update, which re-tags every document when the file has changed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from reader.entities.features import name_key
from reader.errors import ReaderError

# What a user may type -> the type stored.
TYPE_NAMES = {
    "PERS": "PERS", "PERSON": "PERS", "PER": "PERS",
    "LOC": "LOC", "PLACE": "LOC",
    "ORG": "ORG", "ORGANIZATION": "ORG", "ORGANISATION": "ORG",
    "MISC": "MISC",
    "DATE": "DATE",
    "NUM": "NUM", "NUMBER": "NUM",
    "NONE": "NONE",
}  # fmt: skip
LIMIT = 64 << 20  # a list of a million names is some 30 MB
HEADER = "# reader entities: one `text<TAB>type` per line (PERS, LOC, ORG, MISC, DATE, NUM, NONE)\n"


class GazetteerError(ReaderError):
    pass


def gazetteer_path() -> Path:
    from reader.paths import entities_file

    return entities_file()


def entity_type(name: str) -> str:
    try:
        return TYPE_NAMES[name.strip().upper()]
    except KeyError:
        raise GazetteerError(f"unknown entity type {name!r}: use PERS, LOC, ORG, MISC, DATE, NUM or NONE") from None


class Gazetteer:
    def __init__(self, path: Path | None = None):
        self.path = path or gazetteer_path()
        self.entries: dict[str, str] = {}  # text as the user wrote it -> type
        self.raw = b""
        from reader.paths import SettingsFileError, read_settings_file

        try:
            raw = read_settings_file(self.path, LIMIT)
        except SettingsFileError as e:
            raise GazetteerError(str(e)) from None
        except OSError as e:
            raise GazetteerError(f"cannot read {self.path}: {e.strerror}") from None
        if raw is None:
            return
        self.raw = raw
        try:
            lines = self.raw.decode("utf-8-sig").splitlines()
        except UnicodeDecodeError:
            raise GazetteerError(f"{self.path} is not UTF-8 text; fix or remove it") from None
        for n, line in enumerate(lines, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            text, sep, kind = line.rpartition("\t")
            if not sep or not text.strip() or not name_key(text):
                raise GazetteerError(f"{self.path}:{n}: expected `text<TAB>type`")
            self.entries[text.strip()] = entity_type(kind)

    def fingerprint(self) -> str:
        """Changes whenever what the recognizer would do with the file changes."""
        body = "\n".join(f"{'|'.join(name_key(t))}\t{k}" for t, k in sorted(self.entries.items()))
        return hashlib.sha256(body.encode()).hexdigest()[:16]

    def keyed(self) -> dict[tuple[str, ...], str]:
        return {name_key(t): k for t, k in self.entries.items()}

    def add(self, text: str, kind: str) -> None:
        text = " ".join(text.split())
        if not name_key(text):
            raise GazetteerError("an entity needs at least one word")
        self._drop(name_key(text))
        self.entries[text] = entity_type(kind)

    def remove(self, text: str) -> bool:
        return self._drop(name_key(text))

    def _drop(self, key: tuple[str, ...]) -> bool:
        same = [t for t in self.entries if name_key(t) == key]
        for t in same:
            del self.entries[t]
        return bool(same)

    def save(self) -> None:
        """Write the file atomically: a killed process leaves the old one."""
        from reader.atomic import write_atomic

        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, HEADER + "".join(f"{t}\t{k}\n" for t, k in self.entries.items()))
