"""Named entities of a document: the model, the rules and the user's list.

    PERS LOC ORG MISC   the CRF (entities/tagger.py), trained on ANERcorp
    DATE NUM            rules (entities/rules.py)
    any type, or NONE   lists of names, which win: the user's gazetteer
                        (entities/gazetteer.py) over the shipped names newer
                        than the model's data (entities/model/names.tsv)

Offsets are into the text as written. A proclitic stuck to the first word of
a name (وسوريا, بالعراق, لداعش, للأمم) stays outside the span; it is cut when
the rest is the more frequent word in the news the model's clusters were
learnt from, so لبنان and وليد keep their first letter.
"""

from __future__ import annotations

import itertools
from functools import cache

from reader.entities.conll import spans as bio_spans
from reader.entities.gazetteer import Gazetteer
from reader.entities.features import MODEL_DIR, token_key, tokens_of
from reader.entities.types import Entity
from reader.index.language.arabic import is_stop

# Names newer than the model's data, shipped beside it (see its header).
SHIPPED_NAMES = MODEL_DIR / "names.tsv"
_SENTENCE_END = frozenset(".!?؟؛")
_ARTICLE_CLITICS = ("وبال", "فبال", "وكال", "وال", "فال", "بال", "كال")
_LAM_CLITICS = ("ولل", "فلل", "لل")  # ل + ال, the alef dropped: للأمم
_PROCLITIC_RUNS = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك")
_CLITIC_LETTERS = frozenset(p[0] for p in _PROCLITIC_RUNS + _LAM_CLITICS)
# How often (in the clusters' 10 million words of news) the rest of a word
# must occur for its first ف to be read as a conjunction.
_KNOWN_WORD = 50


def _letters_to_offset(surface: str, letters: int) -> int:
    """The offset in surface after its first ``letters`` letters (harakat
    and tatweel belong to the letter before them)."""
    seen = 0
    for i, ch in enumerate(surface):
        if ch.isalpha() and ch != "\u0640":
            if seen == letters:
                return i
            seen += 1
    return len(surface)


class Recognizer:
    def __init__(self, tagger=None, gazetteer: Gazetteer | None = None, shipped: bool = True):
        if tagger is None:
            from reader.entities.tagger import tagger as shipped_tagger

            tagger = shipped_tagger()
        self.tagger = tagger
        self.counts = tagger.clusters.count
        keyed = Gazetteer(SHIPPED_NAMES).keyed() if shipped else {}
        keyed.update(gazetteer.keyed() if gazetteer else {})  # the user's list wins
        self.user: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for key, kind in keyed.items():
            self.user.setdefault(key[0], []).append((key, kind))
        for options in self.user.values():
            options.sort(key=lambda o: -len(o[0]))
        # word as written -> its readings that begin a listed name (most: none)
        self._starts: dict[str, list[tuple[int, str]]] = {}

    # --- clitics ------------------------------------------------------------

    def _clitic(self, surface: str) -> tuple[int, str]:
        """(letters to cut, the name's key) for a name's first word; the
        key starts with ال where ل + ال lost its alef (للأمم → الامم)."""
        key = token_key(surface)
        for p in _ARTICLE_CLITICS:
            if key.startswith(p) and len(key) > len(p) + 1:
                rest = key[len(p) - 2 :]
                if self.counts(rest) >= self.counts(key):
                    return len(p) - 2, rest
                break
        for p in _LAM_CLITICS:
            if key.startswith(p) and len(key) > len(p) + 1:
                rest = "ال" + key[len(p) :]
                if self.counts(rest) >= self.counts(key):
                    return len(p) - 1, rest
                break
        cut, rest = 0, key
        # ف only before a word the news knows well: فلورانس is no ف + لورانس
        # (ف is rarer before a name than و, and starts more names: فيصل, فهد)
        if rest[:1] in ("و", "ف") and len(rest) > 3 and (rest[0] == "و" or self.counts(rest[1:]) >= _KNOWN_WORD):
            cut, rest = 1, rest[1:]
        if rest[:1] in ("ب", "ل", "ك") and len(rest) > 3:
            if self.counts(rest[1:]) > self.counts(rest):
                cut, rest = cut + 1, rest[1:]
        if cut and self.counts(rest) > self.counts(key):
            return cut, rest
        return 0, key

    # --- finding ------------------------------------------------------------

    def find(self, text: str) -> list[Entity]:
        text = searched_part(text)
        tokens = tokens_of(text)
        return self.overlay(text, self.base(text, tokens), tokens)

    def base(self, text: str, tokens: list | None = None) -> list[tuple[int, int, str, bool]]:
        """(start, end, type, alef lost) of what the model and the date and
        number rules find: the costly part, which depends on the text and
        the shipped model only, so it is kept by the text's hash."""
        return self.bases([(text, tokens_of(text) if tokens is None else tokens)])[0]

    def bases(self, texts: list[tuple[str, list]]) -> list[list[tuple[int, int, str, bool]]]:
        """base() of several (text, tokens) at once: the model decodes all
        their sentences side by side, a step per position for all of them,
        so a batch of documents costs little more than its longest sentence."""
        from reader.entities.rules import find_dates_numbers

        split = [list(_sentences(text, tokens)) for text, tokens in texts]
        tagged = iter(self.tagger.tag_all([[t for _s, _e, t in sent] for sents in split for sent in sents]))
        out = []
        for (text, _tokens), sentences in zip(texts, split):
            found = self._model(sentences, [next(tagged) for _ in sentences])
            out.append(_overlay(found, [(s, e, t, False) for s, e, t in find_dates_numbers(text)]))
        return out

    def overlay(self, text: str, base, tokens: list | None = None) -> list[Entity]:
        """The entities of a text: its base spans under the lists of names
        (cheap: an edit of the user's list redoes only this)."""
        found = [tuple(b) for b in base]
        if self.user:
            found = _overlay(found, self._user(tokens_of(text) if tokens is None else tokens))
        return _surnames_linked([
            Entity(s, e, t, text[s:e], ("ا" if alef else "") + text[s:e])
            for s, e, t, alef in found
            if t != "NONE"
        ])

    def _model(self, sentences: list, tagged: list) -> list[tuple[int, int, str, bool]]:
        """(start, end, type, alef lost) of the model's entities in a
        document's tagged sentences, names kept whole and each name given
        one type in the document."""
        out, keys, weak = [], [], []
        for sent, tags in zip(sentences, tagged):
            for a, b, kind in _initialisms_whole(sent, sorted(bio_spans(tags))):
                was_ala = kind == "PERS" and _is_ala(sent[a][2])
                if kind == "PERS":
                    a = self._whole_name(sent, a, b)
                    if a == b:
                        continue
                start, end = sent[a][0], sent[b - 1][1]
                cut, key = self._clitic(sent[a][2])
                start += _letters_to_offset(sent[a][2], cut) if cut else 0
                if b == a + 1 and key in _GOD:
                    continue  # إن شاء الله, صلى الله عليه وسلم: no name of the news
                if start < end:
                    out.append((start, end, kind, _alef_lost(key, cut, sent[a][2])))
                    keys.append((key, *(token_key(t) for _s, _e, t in sent[a + 1 : b])))
                    weak.append(was_ala)
        return _one_type_per_name(out, keys, weak)

    def _whole_name(self, sent: list, a: int, b: int) -> int:
        """Where a person's name starts: never at the preposition على (which
        folds into the name علي), and at the word before the model's start
        when that word is unknown to the news (a rare first name: مكرم of
        مكرم محمد أحمد) and no function word."""
        while a < b and _is_ala(sent[a][2]):
            a += 1
        if a == b or a == 0:
            return a
        prev = sent[a - 1][2]
        key = token_key(prev)
        # A word starting with و ف ب ل ك may be a clitic on a known word
        # (ومكرم is "and Makram"): only a word that cannot is taken.
        if prev[0].isalpha() and len(key) >= 3 and not is_stop(key) and self.counts(key) == 0 \
                and key[:1] not in _CLITIC_LETTERS:
            return a - 1
        return a

    def _user(self, tokens: list) -> list[tuple[int, int, str, bool]]:
        """(start, end, type, alef lost) of the listed names, longest first."""
        words = [t for t in tokens if t[2][0].isalnum()]
        starts, out, i = self._starts, [], 0
        while i < len(words):
            options = starts.get(words[i][2])
            if options is None:
                if len(starts) > 200_000:
                    starts.clear()
                options = [f for f in self._firsts(token_key(words[i][2])) if f[1] in self.user]
                starts[words[i][2]] = options
            hit = self._user_at(words, i, options) if options else None
            if hit:
                out.append(hit[:4])
                i += hit[4]
            else:
                i += 1
        return out

    @staticmethod
    def _firsts(key: str) -> list[tuple[int, str]]:
        """(letters cut, first word) readings of a word as a listed name's
        first: the word, then without any proclitic run (a listed name needs
        no frequency test), then ل + ال with its alef back (للأمم → الامم)."""
        firsts = [(0, key)]
        if key[:1] in _CLITIC_LETTERS:  # most words start with none of them
            firsts += [(len(p), key[len(p) :]) for p in _PROCLITIC_RUNS if key.startswith(p) and len(key) > len(p) + 1]
            firsts += [(len(p) - 1, "ا" + key[len(p) - 1 :]) for p in _LAM_CLITICS if key.startswith(p)]
        return firsts

    def _user_at(self, words, i, options):
        surface = words[i][2]
        for cut, first in options:
            for key, kind in self.user[first]:
                n = len(key)
                if key[1:] == tuple(token_key(w[2]) for w in words[i + 1 : i + n]):
                    start = words[i][0] + _letters_to_offset(surface, cut)
                    return start, words[i + n - 1][1], kind, _alef_lost(first, cut, surface), n
        return None


# Entities are looked for in a document's first 300,000 characters (about
# 2 s of the model; news articles are a few thousand): a 10 MB one-line
# file must not hold the entity pass for a minute.
MAX_CHARS = 300_000


def searched_part(text: str) -> str:
    """The part of text entities are looked for in: all of it, or its
    first MAX_CHARS cut at a space (offsets stay those of the text)."""
    if len(text) <= MAX_CHARS:
        return text
    cut = text.rfind(" ", MAX_CHARS // 2, MAX_CHARS)
    return text[: cut if cut > 0 else MAX_CHARS]


def _alef_lost(key: str, cut: int, surface: str) -> bool:
    """Whether a name cut out of its first word lost the article's alef:
    its key starts with ال, what is left of the word does not (لأمم)."""
    rest = surface[_letters_to_offset(surface, cut) :]
    return bool(cut) and key.startswith("ال") and not token_key(rest).startswith("ال")


def _is_ala(surface: str) -> bool:
    """The preposition على as written (with ى, whatever its harakat): never
    a person's name, though it folds into علي."""
    return "ى" in surface and token_key(surface) == "علي"


def _surnames_linked(entities: list[Entity]) -> list[Entity]:
    """A person named by fewer words (ترامب, بومبيو) takes the name of the
    longer one in the document that ends with them (دونالد ترامب), so the
    entity list shows one person with all its mentions, and person:ترامب
    finds what the list shows. Two longer names ending alike link none."""
    from reader.entities.features import name_key

    full: dict[tuple, set[str]] = {}
    for e in entities:
        if e.type == "PERS":
            key = name_key(e.name)
            for i in range(1, len(key)):
                full.setdefault(key[i:], set()).add(e.name)
    out = []
    for e in entities:
        names = full.get(name_key(e.name)) if e.type == "PERS" else None
        if names and len({name_key(n) for n in names}) == 1:
            e = e._replace(name=max(names, key=len))
        out.append(e)
    return out


def _one_type_per_name(spans: list, keys: list, weak: list) -> list:
    """Each name gets the type most of its mentions in the document have
    (the first one's on a tie): داعش is not a place in one sentence and an
    organisation in the next. A weak mention (what was left of a "person"
    that began with على) has no vote: it takes the others' type, or goes."""
    votes: dict[tuple, dict[str, int]] = {}
    for (_s, _e, kind, _a), key, w in zip(spans, keys, weak):
        if not w:
            votes.setdefault(key, {}).setdefault(kind, 0)
            votes[key][kind] += 1
    best = {key: max(v, key=lambda k: v[k]) for key, v in votes.items()}  # dicts keep first-seen order
    return [(s, e, best[key], alef) for (s, e, _k, alef), key in zip(spans, keys) if key in best]


_GOD = frozenset({"الله", "لله", "ولله", "فلله"})  # لله: ل and الله, its alef gone
_INITIAL = 3  # letters of one part of an initialism at most


def _initialisms_whole(sent: list, spans: list) -> list:
    """The spans with an initialism written with dots (ام.اس.ان.بي.سي,
    ANERcorp cuts it at every dot) made one span of its first part's type
    wherever the model found a part of it."""
    runs, i = [], 0
    while i < len(sent):
        j = i
        while (j + 2 < len(sent) and sent[j + 1][2] == "." and sent[j][1] == sent[j + 1][0] == sent[j + 2][0] - 1
               and _initial(sent[j][2]) and _initial(sent[j + 2][2])):
            j += 2
        if j - i >= 4:  # three parts or more
            runs.append((i, j + 1))
        i = j + 1
    if not runs:
        return spans
    out, taken = [], set()
    for a, b, kind in spans:
        run = next(((ra, rb) for ra, rb in runs if a < rb and ra < b), None)
        if run is None:
            out.append((a, b, kind))
        elif run not in taken:
            taken.add(run)
            out.append((min(a, run[0]), max(b, run[1]), kind))
    return out


def _initial(surface: str) -> bool:
    return surface.isalpha() and len(surface) <= _INITIAL


def _sentences(text: str, tokens: list):
    """Tokens cut at line breaks and sentence-ending punctuation (not at the
    dots of an initialism: a dot between two short words it touches)."""
    sent: list = []
    last_end = 0
    for n, tok in enumerate(tokens):
        if sent and "\n" in text[last_end : tok[0]]:
            yield sent
            sent = []
        sent.append(tok)
        last_end = tok[1]
        if tok[2] in _SENTENCE_END and not _inner_dot(tokens, n):
            yield sent
            sent = []
    if sent:
        yield sent


def _inner_dot(tokens: list, n: int) -> bool:
    before, dot = tokens[n - 1] if n else None, tokens[n]
    after = tokens[n + 1] if n + 1 < len(tokens) else None
    return (dot[2] == "." and before is not None and after is not None and before[1] == dot[0]
            and dot[1] == after[0] and _initial(before[2]) and _initial(after[2]))


def _overlay(base: list, top: list) -> list:
    """top's spans, and base's spans that overlap none of them."""
    if not top:
        return base
    import bisect

    top = sorted(top)
    starts = [t[0] for t in top]
    reach = list(itertools.accumulate((t[1] for t in top), max))  # furthest end so far

    def overlaps(b) -> bool:
        i = bisect.bisect_left(starts, b[1])  # spans starting before b ends
        return i > 0 and reach[i - 1] > b[0]

    return sorted([b for b in base if not overlaps(b)] + top)


_current: tuple[object, Recognizer] | None = None


def _stamp(path) -> object:
    try:
        st = path.stat()
        return (st.st_mtime_ns, st.st_size)
    except OSError:
        return None


def recognizer() -> Recognizer:
    """The shipped model with the user's gazetteer, made again only when
    the gazetteer file changes (a long-lived TUI re-indexes with edits)."""
    global _current
    from reader.entities.gazetteer import gazetteer_path

    stamp = _stamp(gazetteer_path())
    if _current is None or _current[0] != stamp:
        _current = (stamp, Recognizer(gazetteer=Gazetteer()))
    return _current[1]


# Bump when the model's or the rules' code changes what base() finds.
RECOGNIZER_VERSION = 3


@cache
def model_fingerprint() -> str:
    """What base() depends on besides the text: the shipped model, its word
    clusters and this code. A new release re-runs the model once."""
    import hashlib

    from reader.entities.features import PLACES, model_file

    data = (model_file("ner.npz").read_bytes() + model_file("clusters.tsv").read_bytes()
            + (PLACES.read_bytes() if PLACES.exists() else b""))
    digest = hashlib.sha256(data + str(RECOGNIZER_VERSION).encode())
    return digest.hexdigest()[:16]


def lists() -> list[tuple[str, str]]:
    """The names overlay() applies, as (text, type): the shipped names, then
    the user's, which win (GazetteerError if the user's file is bad)."""
    return [*Gazetteer(SHIPPED_NAMES).entries.items(), *Gazetteer().entries.items()]


def keyed(entries: list[tuple[str, str]]) -> dict[tuple[str, ...], tuple[str, str]]:
    """Name key -> (type, text as written): what two lists are compared by."""
    from reader.entities.features import name_key

    return {name_key(text): (kind, text) for text, kind in entries}


def find_entities(text: str) -> list[Entity]:
    return recognizer().find(text)
