"""Arabic names written in Latin letters, read back into Arabic spellings.

English wires and reports write one Arabic name many ways (Mohammed,
Muhammad, Mohamed; al-Faisal, el-Faisal, Al Faisal; Najran; Mecca). Each
Latin letter or pair stands for some Arabic letters (kh خ, sh ش, th ث ت ذ,
q and k ق ك, g ج غ ق ...), a short vowel for nothing or a long one, doubled
letters for one. spellings() walks these readings and keeps only the ones
whose every beginning some word of the corpus has (known_prefix): the
corpus's own vocabulary decides, so no list of names is needed. The engine
(index.engine.latin) asks the index and ranks what is left by frequency.
"""

from __future__ import annotations

import re
import unicodedata

from reader.index.language.arabic import fold_hamza, normalize

# Longest first: pairs before single letters.
_READINGS = {
    "kh": ("خ",), "gh": ("غ", "ج"), "sh": ("ش",), "ch": ("ش", "تش"), "th": ("ث", "ت", "ذ"),
    "dh": ("ذ", "ض", "ظ"), "ph": ("ف",), "ou": ("و",), "oo": ("و",), "ee": ("ي",), "ei": ("ي", "ئي", "اي"),
    "ay": ("اي", "ي"), "ai": ("ي", "ائ", "اي", "اعي", "ع"), "aa": ("ا", "عا", "اء", "ع"), "ie": ("ي",), "ey": ("ي",), "ah": ("ه", "اه", "ح"),
    "ae": ("اع", "ا"), "b": ("ب",), "t": ("ت", "ط"), "d": ("د", "ض"), "s": ("س", "ص"), "z": ("ز", "ظ", "ذ"), "r": ("ر",),
    "l": ("ل",), "m": ("م",), "n": ("ن",), "f": ("ف",), "v": ("ف", "و"), "k": ("ك", "ق"), "q": ("ق", "ك"),
    "g": ("ج", "غ", "ق"), "j": ("ج",), "h": ("ه", "ح"), "c": ("ك", "س"), "x": ("كس",), "p": ("ب",),
    "y": ("ي",), "w": ("و",), "'": ("ع", "ء", ""),
    "a": ("", "ا", "ع"), "e": ("", "ي", "ا"), "i": ("ي", "ائ", ""), "o": ("و", ""), "u": ("و", ""),
}
# A word's first vowel is written with a letter: alef, or ain (Omar عمر, Ali علي).
_FIRST = {"a": ("ا", "ع", "عا"), "e": ("ا", "ع"), "i": ("ا", "اي", "ع"), "o": ("ا", "او", "ع"), "u": ("ا", "او", "ع", "يو"),
          "ou": ("او", "عو"), "ai": ("اي", "عي"), "ei": ("اي",), "aa": ("ا", "ع"), "ah": ("اح", "اه")}
# Its last vowel: teh marbuta (normalized ه), alef, alef maqsura (normalized ي).
_LAST = {"ai": ("ي", "اي", "اء"), "a": ("ه", "ا", "ي", "", "اء"), "i": ("ي", ""), "ah": ("ه", "اه", "ح", "اح", "ا"), "u": ("و", "", "ع"), "e": ("ه", "ي", ""), "eh": ("ه",), "h": ("ه", "ح", ""),
         "aa": ("اء", "ا", "عاء")}
_ARTICLE_RE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an|ul)-", re.I)
_ORDER = sorted(_READINGS, key=len, reverse=True)
BEAM = 300  # partial spellings kept at each step, the cheapest
STEP = 0.5  # the cost of a reading for each place it stands after the first
ARTICLE = 0.25  # the cost of an article the Latin word did not write
MIN_LETTERS = 3  # Latin words shorter than this are left alone (al, bin, and)
# English words a name query may hold that are no name to read back.
STOP = frozenset("the and for with from city king prince president minister of in on at to".split())
# Words of a name read whole: the particles of a name, and the places and
# states English calls by a name of its own (not a reading of the Arabic).
WHOLE = {
    "bin": "بن", "ibn": "ابن", "bint": "بنت", "abu": "ابو", "umm": "ام", "al": "ال", "el": "ال",
    "ould": "ولد", "de": "دي", "van": "فان", "von": "فون",
    "tripoli": "طرابلس", "medina": "المدينه المنوره", "algiers": "الجزائر", "nazareth": "الناصره",
    "syria": "سوريا", "egypt": "مصر", "jordan": "الاردن", "lebanon": "لبنان", "morocco": "المغرب",
    "algeria": "الجزائر", "tunisia": "تونس", "libya": "ليبيا", "palestine": "فلسطين", "israel": "اسرائيل",
    "jerusalem": "القدس", "gaza": "غزه", "cairo": "القاهره", "damascus": "دمشق", "aleppo": "حلب",
    "oman": "عمان", "turkey": "تركيا", "russia": "روسيا", "america": "امريكا", "britain": "بريطانيا",
    "france": "فرنسا", "germany": "المانيا", "china": "الصين", "japan": "اليابان", "india": "الهند",
    "pakistan": "باكستان", "afghanistan": "افغانستان", "emirates": "الامارات", "saudi": "السعوديه",
    "isis": "داعش", "isil": "داعش",
}
# Joined to the name they end or begin, written both ways in Arabic.
ALLAH_RE = re.compile(r"(?:u|o|a|e)llah$")
ABD_RE = re.compile(r"^abd(?:ul|el|al|-al-|-al|-el-)?-?")


def latin(word: str) -> str | None:
    """The word lower-cased without accents, if it is a Latin name-like word; else None."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)).lower()
    plain = plain.replace("ʿ", "'").replace("ʾ", "'").replace("`", "'").replace("’", "'")
    if not re.fullmatch(r"[a-z][a-z'\-]*", plain) or len(plain.replace("-", "")) < MIN_LETTERS or plain in STOP:
        return None
    return plain


def _chunks(word: str) -> list[str]:
    """The word cut into the readings' keys, longest first; a doubled letter is one (Mohammed)."""
    word = re.sub(r"([bcdfgjklmnpqrstvz])\1", r"\1", word)
    out, i = [], 0
    while i < len(word):
        key = next((k for k in _ORDER if word.startswith(k, i)), None)
        if key is None:  # a hyphen, a letter with no reading
            i += 1
            continue
        out.append(key)
        i += len(key)
    return out


def spellings(word: str, known_prefix) -> dict[str, float]:
    """{normalized Arabic spelling: cost} of a Latin word (as latin() gives
    it) that the corpus may hold: every partial spelling kept is a
    beginning known_prefix(str) says some corpus word has (asked with hamza
    seats folded, as the index keeps words: حائل as حاءل). A reading costs
    half a point for each place it stands after the first in its list, so
    the likeliest spelling costs least. "al-" reads as ال; a word without it
    may carry it in Arabic (Dammam الدمام), for a quarter point."""
    m = _ARTICLE_RE.match(word)
    if m:
        starts, word = {"ال": 0.0}, word[m.end():]
    elif word.startswith("al") and len(word) > 5:  # Alfaisal, Alriyadh
        starts, word = {"ال": 0.0}, word[2:]
    else:
        starts = {"": 0.0, "ال": ARTICLE}
    chunks = _chunks(word.replace("-", ""))
    if not chunks:
        return {}
    beams = dict(starts)
    for n, key in enumerate(chunks):
        options = _READINGS[key]
        if n == 0 and key in _FIRST:
            options = _FIRST[key]
        elif n == len(chunks) - 1 and key in _LAST:
            options = _LAST[key]
        grown: dict[str, float] = {}
        for partial, cost in beams.items():
            for rank, arabic in enumerate(options):
                spelled, spent = partial + arabic, cost + STEP * rank
                if spent < grown.get(spelled, 99) and (spelled == partial or known_prefix(fold_hamza(spelled))):
                    grown[spelled] = spent
        beams = dict(sorted(grown.items(), key=lambda kv: kv[1])[:BEAM])
        if not beams:
            return {}
    out: dict[str, float] = {}
    for b, c in sorted(beams.items(), key=lambda kv: kv[1]):
        if len(b) > 2 and b not in starts:
            out.setdefault(normalize(b), c)
    return out


# --- the other way: an Arabic name as Latin letters write it ---------------------------------

# Each Arabic letter's Latin writings, the likeliest first (the inverse of _READINGS).
_WRITINGS = {
    "ا": ("a", "aa"), "ب": ("b",), "ت": ("t",), "ث": ("th", "t", "s"), "ج": ("j", "g", "dj"),
    "ح": ("h", ""), "خ": ("kh", "k", "h"), "د": ("d",), "ذ": ("dh", "th", "z", "d"), "ر": ("r",), "ز": ("z",),
    "س": ("s",), "ش": ("sh", "ch"), "ص": ("s",), "ض": ("d", "dh"), "ط": ("t",), "ظ": ("z", "dh"),
    "ع": ("a", "", "'", "e", "i", "o", "u"), "غ": ("gh", "g"), "ف": ("f", "ph"), "ق": ("q", "k", "g"),
    "ك": ("k", "c", "ck"), "ل": ("l",), "م": ("m",), "ن": ("n",), "ه": ("h",),
    "و": ("u", "o", "ou", "oo", "w", "v"), "ي": ("i", "ee", "y", "ie", "ey", "e", "ai", "ei"), "ء": ("", "a", "'", "i", "e"),
}  # و and ي inside a word are mostly long vowels (تونس Tunis, سعيد Saeed); first, consonants
# The first letter carries a vowel (ابراهيم Ibrahim, عمر Omar); the last may be a teh marbuta (مكة Mecca).
_WRITTEN_FIRST = {"ا": ("a", "i", "e", "o", "u"), "ع": ("a", "o", "u", "i", "e"), "و": ("w", "ou"), "ي": ("y", "i")}
_WRITTEN_LAST = {"ه": ("a", "ah", "h", "eh"), "ي": ("i", "y", "ee", "ie", "ey")}
_VOWELS = ("a", "e", "i", "o", "u")  # short vowels Arabic leaves unwritten, between two letters
_CONSONANTS = frozenset("bcdfghjklmnpqrstvwxz")
VOWEL = 0.25  # the cost of an unwritten vowel put in
DOUBLED = 0.25  # the cost of a letter written twice (a shadda: Mohammed)
LATIN_BEAM = 200


def romanizations(norm: str, known_prefix) -> dict[str, float]:
    """{Latin word: cost} an Arabic word (normalized, hamza folded) may be
    written as, among the words known_prefix(str) says some Latin word of the
    corpus begins with: its letters' writings, unwritten vowels put in, a
    letter doubled; an article ال as al, el or al-, or dropped. Four letters
    at least: shorter Latin words are mostly initialisms (AMD for أحمد). The
    cheapest is the likeliest."""
    word, starts = norm, {"": 0.0}
    if word.startswith("ال") and len(word) > 4:
        word, starts = word[2:], {"al": 0.0, "el": 0.5, "al-": 0.5, "": 0.5}
    if len(word) < 2 or not all(c in _WRITINGS for c in word):
        return {}
    beams = {s: c for s, c in starts.items() if not s or known_prefix(s)}
    for n, letter in enumerate(word):
        options = _WRITINGS[letter]
        if n == 0 and letter in _WRITTEN_FIRST:
            options = _WRITTEN_FIRST[letter]
        elif n == 1 and word[0] == "ا" and letter in "يو":  # the first vowel, long: إيران Iran, أوبك OPEC
            options = ("",) + options
        elif n == len(word) - 1 and letter in _WRITTEN_LAST:
            options = _WRITTEN_LAST[letter]
        grown: dict[str, float] = {}
        for partial, cost in beams.items():
            befores = [(partial, cost)]
            if n and partial and partial[-1] in _CONSONANTS:  # an unwritten vowel before this letter
                befores += [(partial + v, cost + VOWEL) for v in _VOWELS]
            for before, spent in befores:
                for rank, written in enumerate(options):
                    tries = [(before + written, spent + STEP * rank)]
                    if written in _CONSONANTS:  # one letter, doubled: a shadda
                        tries.append((before + written * 2, spent + STEP * rank + DOUBLED))
                    for spelled, total in tries:
                        if spelled and total < grown.get(spelled, 99) and known_prefix(spelled):
                            grown[spelled] = total
        beams = dict(sorted(grown.items(), key=lambda kv: kv[1])[:LATIN_BEAM])
        if not beams:
            return {}
    out: dict[str, float] = {}
    for spelled, cost in beams.items():
        for tail, extra in (("", 0.0), ("e", VOWEL)):  # Google جوجل
            if len(spelled + tail) > MIN_LETTERS and (spelled + tail) not in out:  # asd, amd: initialisms
                out[spelled + tail] = cost + extra
    return out
