"""Arabic shaping (contextual forms, lam-alef) with a map back to the input.

arabic-reshaper returns a string of another length and no index map; the
map is rebuilt by aligning each output character with the input characters
its NFKC form stands for. Harakat are kept (the default deletes them), and
only letter ligatures are made: word ligatures such as ﷲ take one cell
that most fonts overflow.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=1)
def _reshaper():
    import arabic_reshaper
    from arabic_reshaper.ligatures import SENTENCES_LIGATURES, WORDS_LIGATURES

    config = {"delete_harakat": False, "support_ligatures": True}
    for name, _forms in SENTENCES_LIGATURES + WORDS_LIGATURES:
        config[name] = False
    reshaper = arabic_reshaper.ArabicReshaper(configuration=config)
    # Its reshape() asks configparser for six settings on every call, some
    # 40 µs: a concordance line's three short pieces paid more for that than
    # for their letters. The settings, read once, answer the same.
    reshaper.configuration = _Settings(reshaper.configuration)
    return reshaper


class _Settings:
    """A configparser section's values, read once: get() as written,
    getboolean() as configparser reads booleans, keys in any case (as
    configparser folds them)."""

    def __init__(self, section) -> None:
        self._values = {key.lower(): section.get(key) for key in section}
        self._booleans = {}
        for key in section:
            try:
                self._booleans[key.lower()] = section.getboolean(key)
            except ValueError:
                pass

    def get(self, key: str, fallback=None):
        return self._values.get(key.lower(), fallback)

    def getboolean(self, key: str, fallback=None):
        return self._booleans.get(key.lower(), fallback)


@lru_cache(maxsize=4096)
def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def reshape(text: str) -> tuple[str, list[int]]:
    """(shaped text, for each shaped character the index of the first input
    character it stands for)."""
    return _by_word(text) if len(text) > WORDWISE else _whole(text)


def _whole(text: str) -> tuple[str, list[int]]:
    if not any("\u0600" <= c <= "\u06ff" for c in text):
        return text, list(range(len(text)))
    shaped = _reshaper().reshape(text)
    return shaped, align(text, shaped)


# Letters join within a word only (a space joins nothing), so a long text is
# shaped a word at a time, each distinct word once: a paragraph of a
# megabyte repeats its words, and shaping it whole took seconds.
WORDWISE = 4096


def _by_word(text: str) -> tuple[str, list[int]]:
    parts, index, at = [], [], 0
    for word in text.split(" "):
        if word:
            shaped, where = _word(word)
            parts.append(shaped)
            index += [at + i for i in where]
        parts.append(" ")
        index.append(at + len(word))
        at += len(word) + 1
    parts.pop()  # the space after the last word, which the text has not
    index.pop()
    return "".join(parts), index


@lru_cache(maxsize=65536)
def _word(word: str) -> tuple[str, tuple[int, ...]]:
    shaped, where = _whole(word)
    return shaped, tuple(where)


def align(source: str, shaped: str) -> list[int]:
    """Index into source of each character of shaped.

    Each shaped character stands for as many source characters as its NFKC
    form has (ﻻ for ل and ا). Harakat inside a ligature (the shadda of إلّا)
    come out after it and map back to where they were; characters the
    reshaper dropped (ZWJ) are skipped.
    """
    out: list[int] = []
    pending: list[int] = []  # harakat passed over inside a ligature
    k, n = 0, len(source)
    for ch in shaped:
        mark = _is_mark(ch)
        if mark and pending and source[pending[0]] == ch:
            out.append(pending.pop(0))
            continue
        while k < n and source[k] != ch and source[k] in _DROPPED:
            k += 1
        want = _fold(ch)
        j, got, skipped = k, "", []
        while j < n and len(got) < len(want):
            c = source[j]
            if not mark and got and _is_mark(c):
                skipped.append(j)
            else:
                got += _fold(c)
            j += 1
        out.append(min(k, n - 1) if n else 0)
        if got == want:
            pending.extend(skipped)
            k = j
        else:  # no alignment: move on one character, never lose the thread
            k += 1
    return out


_DROPPED = frozenset("\u200d\u200c")


@lru_cache(maxsize=4096)
def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch) == "Mn"
