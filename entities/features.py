"""Tokens and features for the entity model: shared by training and tagging.

Training (``scripts/ner_train.py``) and the shipped tagger must compute the
very same features, so they live here and nowhere else.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from reader.index.language.arabic import _MARKS, _TATWEEL, normalize, readings, strip_article

MODEL_DIR = Path(__file__).parent / "model"
CLUSTERS = MODEL_DIR / "clusters.tsv"
# Another model a user installs on purpose (one trained with other data, as
# entities/model/README.md says how): a folder holding its ner.npz and clusters.tsv.
MODEL_VARIABLE = "READER_ENTITY_MODEL"


def model_file(name: str) -> Path:
    """A file of the model in use: READER_ENTITY_MODEL's folder's, else the shipped one's."""
    import os

    chosen = os.environ.get(MODEL_VARIABLE)
    return Path(chosen).expanduser() / name if chosen else MODEL_DIR / name

# ANERcorp splits punctuation into tokens of its own; documents are cut the
# same way so the model sees what it was trained on.
_TOKEN_RE = re.compile(rf"[^\W_][\w{_MARKS}{_TATWEEL}]*|[^\s\w]")
_DIGIT_RE = re.compile(r"\d")


def tokens_of(text: str) -> list[tuple[int, int, str]]:
    """(start, end, surface) of each word and punctuation mark of text."""
    return [(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(text)]


@lru_cache(maxsize=200_000)
def token_key(surface: str) -> str:
    """The spelling-insensitive form, digits reduced to their shape."""
    return _DIGIT_RE.sub("0", normalize(surface) or surface)


def name_key(name: str) -> tuple[str, ...]:
    """What makes two mentions one name: its words, spelling folded."""
    return tuple(token_key(t) for _s, _e, t in tokens_of(name) if t[0].isalnum())


_SEATS = str.maketrans({"ؤ": "و", "ئ": "ي"})  # مؤسسة and موسسة: the seat without its hamza


def name_id(name: str) -> tuple[str, ...]:
    """What makes two mentions one name to a reader, as search folds them:
    the name's key with hamza seats folded, a name particle joined to the
    word after it (عبد الله is عبدالله, أبو ظبي أبوظبي) and the two words
    of a compound joined (فيس بوك). Names are grouped and counted by it."""
    from reader.index.language.variants import PARTICLES, spaced

    keys = [k.translate(_SEATS) for k in name_key(name)]
    joined = spaced()
    out, i = [], 0
    while i < len(keys):
        if i + 1 < len(keys) and (keys[i] in PARTICLES or (keys[i], keys[i + 1]) in joined):
            out.append(joined.get((keys[i], keys[i + 1]), keys[i] + keys[i + 1]))
            i += 2
        else:
            out.append(keys[i])
            i += 1
    return tuple(out)


class Clusters:
    """Word -> (count, coarse, middle, fine cluster) from the committed table.
    A row whose clusters are empty gives the word's count alone."""

    def __init__(self, path: Path | None = None):
        path = path or model_file("clusters.tsv")
        self.table: dict[str, tuple[int, str, str, str]] = {}
        if path.exists():
            with path.open(encoding="utf-8") as f:
                for line in f:
                    w, n, a, b, c = line.rstrip("\n").split("\t")
                    self.table[w] = (int(n), a, b, c)

    def count(self, word: str) -> int:
        hit = self.table.get(word)
        return hit[0] if hit else 0

    def of(self, key: str, rs: list | None = None) -> tuple[str, str, str] | None:
        """Clusters of a token, trying it without article or proclitics when
        the whole form is too rare to have been clustered (rs: the key's
        readings(), when the caller has them)."""
        hit = self.table.get(key)
        if hit is not None and not hit[1]:
            hit = None
        # readings() gives the word without its article, or the word and
        # its forms without و/ف and ب/ل/ك.
        for bare, _stem in (rs if rs is not None else readings(key)) if hit is None else ():
            hit = self.table.get(bare)
            if hit is not None and hit[1]:
                break
            hit = None
        return hit[1:] if hit else None


def _shape(key: str) -> str:
    if key.isdigit() or (key[:1].isdigit() and key.replace("0", "").strip(".,٫٬") == ""):
        return "num"
    if key.isascii() and key.isalpha():
        return "latin"
    if not key[:1].isalnum():
        return "punct"
    return "arabic"


PLACES = MODEL_DIR / "places.tsv"


class Places:
    """Place names (entities/model/places.tsv: GeoNames cities, CLDR
    countries and regions), found in a sentence by longest match. The model
    reads membership as a feature, not as a verdict: جدة is a city and a
    grandmother, and the sentence decides."""

    def __init__(self, path: Path = PLACES):
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        if path.exists():
            with path.open(encoding="utf-8") as f:
                for line in f:
                    if line.startswith("#") or "\t" not in line:
                        continue
                    fields = line.rstrip("\n").split("\t")
                    # the third column is the name's key, made by the script
                    # (a test keeps it equal to name_key): 40 ms less to load
                    key = tuple(fields[2].split(" ")) if len(fields) > 2 else name_key(fields[0])
                    if key:
                        self.by_first.setdefault(strip_article(key[0]), []).append(key[1:])
        for rests in self.by_first.values():
            rests.sort(key=len, reverse=True)
        self.longest = 1 + max((len(r[0]) for r in self.by_first.values()), default=0)  # words

    def tags(self, firsts: list[tuple[str, ...]], keys: list[str]) -> list[str]:
        """B, I or O per token: the longest listed place starting at each
        token (its first word read without article or proclitics)."""
        out = ["O"] * len(keys)
        i = 0
        while i < len(keys):
            n = self.length_at(firsts[i], keys, i)
            if n:
                out[i : i + n] = ["B"] + ["I"] * (n - 1)
                i += n
            else:
                i += 1
        return out

    def may_start(self, firsts: tuple[str, ...]) -> bool:
        return any(f in self.by_first for f in firsts)

    def length_at(self, firsts: tuple[str, ...], keys: list[str], i: int) -> int:
        """Words in the longest listed place starting at keys[i] (firsts:
        that word's readings), or 0."""
        n = 0
        for first in firsts:
            for rest in self.by_first.get(first, ()):  # longest first
                if len(rest) < n:
                    break
                if tuple(keys[i + 1 : i + 1 + len(rest)]) == rest:
                    n = len(rest) + 1
                    break
        return n


# The features of a word by itself (values() gives them), and those it lends its neighbours.
WORD_KEYS = ("n", "bare", "stem", "p1", "p2", "p3", "s1", "s2", "s3", "len", "shape", "al", "c1", "c2", "c3")
_CONTEXT_KEYS = ("n", "bare", "stem", "s2", "p2", "c1", "c2")
_IDENTITY = ("0n=", "0bare=", "0stem=")  # a word's own spelling, left out for listed places
_OFFSETS = (-2, -1, 1, 2)


class _Word(NamedTuple):
    """A word's features, as strings ready for crfsuite: its own, and the
    ones it lends its neighbours at each offset (built once per word)."""

    own: list[str]
    lent: dict[int, list[str]]
    bare: str
    c2: str
    key: str  # the token's key, as a place name's later words are matched
    firsts: tuple[str, ...]  # its readings as a place name's first word


class Featurizer:
    def __init__(self, clusters: Clusters, places: Places | None = None):
        self.clusters = clusters
        self.places = places if places is not None else Places()
        # 50,000 words hold nine in ten tokens of news; 200,000 took a
        # build worker's memory from 0.5 to 1.6 GB for no speed (measured).
        self._word = lru_cache(maxsize=50_000)(self._word_features)

    def values(self, surface: str) -> tuple[dict[str, str], tuple[str, ...]]:
        """A word's feature values by name, and its readings as a place
        name's first word."""
        n = token_key(surface)
        bare = strip_article(n)
        rs = readings(n)
        f = {
            "n": n,
            "bare": bare,
            "stem": rs[-1][1],
            "p1": n[:1],
            "p2": n[:2],
            "p3": n[:3],
            "s1": n[-1:],
            "s2": n[-2:],
            "s3": n[-3:],
            "len": str(min(len(n), 8)),
            "shape": _shape(n),
            "al": str(bare != n),
        }
        cl = self.clusters.of(n, rs)
        f["c1"], f["c2"], f["c3"] = cl if cl is not None else ("none",) * 3
        # للبنان: ل + لبنان as well as ل + ال + بنان
        firsts = tuple(dict.fromkeys([bare, *(b for b, _s in rs), *([n[1:]] if n.startswith("لل") else [])]))
        return f, firsts

    def _word_features(self, surface: str) -> _Word:
        f, firsts = self.values(surface)
        own = [f"0{k}={v}" for k, v in f.items()] + ["bias"]
        lent = {}
        for d in _OFFSETS:
            lent[d] = [f"{d}{k}={f[k]}" for k in _CONTEXT_KEYS]
            if d in (-1, 1):
                lent[d].append(f"{d}c3={f['c3']}")
        return _Word(own, lent, f["bare"], f["c2"], f["n"], firsts)

    def sentence(self, surfaces: list[str]) -> list[list[str]]:
        """The features of each token of a sentence (each worth 1.0)."""
        words = [self._word(s) for s in surfaces]
        last = len(words) - 1
        gz = self.places.tags([w.firsts for w in words], [w.key for w in words])
        out = []
        for i, w in enumerate(words):
            if gz[i] != "O":
                # A listed place is judged by the list and its context, not by
                # what its spelling was tagged in 2003: ANERcorp leaves الموصل
                # untagged three times in four.
                f = [x for x in w.own if not x.startswith(_IDENTITY)]
                f.append(f"gz={gz[i]}")
            else:
                f = list(w.own)
            if i > 0 and gz[i - 1] != "O":
                f.append(f"-1gz={gz[i - 1]}")
            if i < last and gz[i + 1] != "O":
                f.append(f"1gz={gz[i + 1]}")
            for d in _OFFSETS:
                j = i + d
                if 0 <= j <= last:
                    f += words[j].lent[d]
                else:
                    f.append(f"{d}edge")
            if i > 0:
                p = words[i - 1]
                f.append(f"bi={p.bare}|{w.bare}")
                f.append(f"bic={p.c2}|{w.c2}")
            if i < last:
                f.append(f"bi+={w.bare}|{words[i + 1].bare}")
            out.append(f)
        return out
