"""Arabic analysis as plain functions: tokenize, normalize, stop, stem.

Nothing here knows about Whoosh, so the rules can move to another engine.
The pipeline for one surface token (a run of letters, digits, harakat and
tatweel, as written in the document):

    surface --NFKC, digits, casefold, strip marks, fold letters, hamza seats--> norm
    norm    --stop word?--> dropped
    norm    --prefixes, then suffixes--> one to three stems

``norm`` feeds the exact (precision) field, ``stems`` the recall field.
Rules follow Lucene's ArabicNormalizer and Light10 stemmer, extended where
they fail on news text (see ``../shared/guide/arabic-search.md``): attached
pronouns after ta marbuta (خلافته meets خلافة) and single-letter proclitics
(بسوريا meets سوريا).
"""

from __future__ import annotations

import re
import unicodedata
from collections import namedtuple
from collections.abc import Iterator

# Bump whenever a rule below changes what a token analyses to: the index
# records it and rebuilds itself when it differs.
ANALYSIS_VERSION = 5

# --- tokenizing ------------------------------------------------------------

# Harakat and other combining marks (U+0610-061A, U+064B-065F, U+0670,
# U+06D6-06ED) and tatweel (U+0640) are not \w for Python's re, so a plain
# \w+ splits الإسلاميّة at its shadda. Keep them inside words.
_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed"
_TATWEEL = "\u0640"
WORD_RE = re.compile(rf"[^\W_][\w{_MARKS}{_TATWEEL}]*")


Span = namedtuple("Span", "start end surface")


def tokenize(text: str) -> Iterator[Span]:
    """Words of ``text`` with their character offsets, as written."""
    for m in WORD_RE.finditer(text):
        yield Span(m.start(), m.end(), m.group())


# --- normalizing -----------------------------------------------------------

_DIGITS = {ord("٠") + i: str(i) for i in range(10)}  # Arabic-Indic
_DIGITS.update({ord("۰") + i: str(i) for i in range(10)})  # Extended (Persian, Urdu)

_FOLD = str.maketrans(
    {
        **_DIGITS,
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",  # alef wasla
        "ى": "ي",  # alef maqsura: Egyptian فى, الأمريكى
        "ی": "ي",  # Farsi yeh, common in web text
        "ک": "ك",  # keheh
        "ة": "ه",  # ta marbuta
        "\u0640": None,  # tatweel
        "\u200c": None,  # ZWNJ
        "\u200d": None,  # ZWJ
    }
)
_MARKS_RE = re.compile(f"[{_MARKS}]")


# Letters of the basic Arabic block but tatweel: NFKC leaves them as they
# are, they carry no marks, so folding is all normalize() has to do.
_PLAIN_RE = re.compile("[\u0621-\u063f\u0641-\u064a]+")


def normalize(surface: str) -> str:
    """The spelling-insensitive form of one token."""
    if surface.isascii():
        return surface.lower()
    if _PLAIN_RE.fullmatch(surface):  # most news words: a fifth of the time
        return surface.translate(_FOLD)
    # NFKC first: it turns presentation forms (ﻻ, ﺍ) into letters and
    # composes alef + combining hamza into أ before the alef folding.
    text = unicodedata.normalize("NFKC", surface)
    text = _MARKS_RE.sub("", text).translate(_FOLD)
    return text.casefold()


def fold_digits(text: str) -> str:
    """Arabic-Indic and Extended Arabic-Indic digits to ASCII."""
    return text.translate(_DIGITS)


# Hamza on waw or yeh is one word written two ways (مسؤولية / مسئولية,
# شؤون / شئون, تفاؤل / تفائل): the search takes one seat for both, and for
# the bare hamza (on the judged set, a query typed the rarer way found 5-7%
# of its documents). normalize() keeps them apart: the entity model's
# features were learnt so.
_HAMZA = str.maketrans({"ؤ": "ء", "ئ": "ء"})


def fold_hamza(norm: str) -> str:
    return norm.translate(_HAMZA)


# --- stop words ---------------------------------------------------------------

# Function words, written as after normalize(); prepositions, conjunctions,
# pronouns, demonstratives, relatives, particles and auxiliaries, with the
# clitic forms news text uses most. Content words never go here.
STOP_WORDS = frozenset(
    fold_hamza(normalize(w))
    for w in """
    في من الى على عن مع حتى منذ مذ لدى عند نحو ضد عبر خلال بين دون حول
    و او ام ثم بل لكن لكنه لكن ف
    ان إن أن انه انها انهم لان كان كانت يكون تكون كانوا قد لقد ما لا لم لن
    ليس ليست هل اذا اذ لو كي اي ايضا كما كل بعض غير مثل
    هو هي هم هن هما انا نحن انت انتم
    هذا هذه ذلك تلك هؤلاء اولئك هنا هناك
    الذي التي الذين اللذان اللتان اللاتي اللواتي
    به بها بهم فيه فيها فيهم منه منها منهم عليه عليها عليهم اليه اليها له لها لهم
    وفي ومن والى وعلى وعن ومع وان وقد ولا ولم ولن وما وهو وهي وهم وهذا وهذه وكان وكانت وكما
    فان فقد فلا فما فهو فهي
    الا اما بعد قبل اكثر اقل حيث عندما بينما التى الذى
    """.split()
)


def is_stop(norm: str) -> bool:
    return norm in STOP_WORDS


# --- stemming ------------------------------------------------------------------

# Prefixes carrying the article: unambiguous enough to strip outright.
# Longest first; at least two letters must remain (as Lucene).
_ARTICLE_PREFIXES = ("وبال", "فبال", "وكال", "ولل", "فلل", "وال", "بال", "كال", "فال", "لل", "ال")
_ARTICLE_FIRST = frozenset(p[0] for p in _ARTICLE_PREFIXES)
# Single-letter proclitics: و ف (conjunctions) then ب ل ك (prepositions).
# An initial ب of بريطانيا or ف of فرنسا looks the same as a clitic, so the
# stem is emitted both ways and the query matches either (see stems()).
_CONJUNCTIONS = "وف"
_PREPOSITIONS = "بلك"
_MIN_AFTER_CLITIC = 3
_MIN_STEM = 3


def strip_article(word: str) -> str:
    """The word without a leading ال-bearing prefix (والـ بالـ لل …)."""
    if word[:1] not in _ARTICLE_FIRST:  # most words: one look, not eleven
        return word
    for p in _ARTICLE_PREFIXES:
        if word.startswith(p) and len(word) - len(p) >= 2:
            return word[len(p) :]
    return word


def _proclitic_readings(word: str) -> list[str]:
    """The word itself, then the word without و/ف, then without ب/ل/ك."""
    readings = [word]
    rest = word
    if rest[0] in _CONJUNCTIONS and len(rest) - 1 >= _MIN_AFTER_CLITIC:
        rest = rest[1:]
        readings.append(rest)
    if rest[0] in _PREPOSITIONS and len(rest) - 1 >= _MIN_AFTER_CLITIC:
        readings.append(rest[1:])
    return readings


def bare_words(norm: str) -> list[str]:
    """The word without its proclitics, each way it can be read, the most
    literal first: the article stripped (and for لل before a word that
    starts with ل, ل + the word: للقاء is ل + اللقاء, one ل written for two),
    or the word with and without و/ف and ب/ل/ك."""
    if norm.isascii() or not norm[0].isalpha():
        return [norm]
    bare = strip_article(norm)
    if bare == norm:
        return _proclitic_readings(norm)
    if norm.startswith(("لل", "ولل", "فلل")) and len(bare) >= 2:
        return [bare, "ل" + bare]
    return [bare]


# --- the search stem: ta marbuta kept, suffix readings tagged ---------------------
#
# A token's stem-field terms are its *literal* stem (proclitics, an attached
# pronoun and the ta marbuta's ت undone: خلافته -> خلافة) and, where its end
# could be a plural, dual, tanween or nisba suffix, that reading *tagged*:
# البحرين -> بحرين and بحر|ين. The document says nothing about which reading
# is right (Bahrain, or two seas?); the corpus does, so the query decides
# (index/language/expansion.py): it asks for بحر|ين only where بحر's other forms show the
# suffix is an inflection (بحرون, بحران: none; معلمون beside معلمين: many).
# So البحر does not find Bahrain, الرياض (ة kept apart from ه) not sport, and
# the plain counts and -l of a query are the word's, not half another's.

TA = "ة"
TAG = "|"
# Attached pronouns, longest first. ي is not among them: after a noun it is
# mostly a nisba (الكويتي, الاقتصادي) or a construct plural (موظفي), both
# tagged readings below.
PRONOUNS = ("هما", "كما", "هم", "هن", "ها", "كم", "كن", "نا", "ه", "ك")
# Suffixes read as tags, each decided by the corpus at query time.
_TAGGED = ("ات", "ون", "ين", "ان", "ا", "ي")
# The duals of a ta marbuta noun: مدينتين, سيارتان = مدينة, سيارة + dual.
_TA_DUALS = ("تين", "تان")


def _literal(word: str, ta: bool) -> tuple[str, bool]:
    """The word without an attached pronoun, its ta marbuta restored; and
    whether a final ه was read as the pronoun (it may be a ة misspelt)."""
    if ta:  # written ة: folded to ه by normalize(), restored here
        return word[:-1] + TA, False
    for p in PRONOUNS:
        if word.endswith(p) and len(word) - len(p) >= _MIN_STEM:
            rest = word[: -len(p)]
            if rest.endswith("ت") and not rest.endswith("ات") and len(rest) - 1 >= _MIN_STEM:
                rest = rest[:-1] + TA  # خلافته = خلافة + ه
            elif rest.endswith("تي") and len(rest) - 2 >= _MIN_STEM:
                rest = rest[:-2] + TA  # مدينتيه = مدينتي + ه: the dual's construct
            return rest, p == "ه" and not rest.endswith(TA)
    for d in _TA_DUALS:
        if word.endswith(d) and len(word) - len(d) >= _MIN_STEM:
            return word[: -len(d)] + TA, False
    return word, False


def _tagged(literal: str, misspelt_ta: bool) -> list[str]:
    """The tagged suffix readings of a literal stem."""
    out = []
    if misspelt_ta:  # كتابه: كتاب + ه, or كتابة written with ه
        out.append(literal + TAG + "ه")
    for s in _TAGGED:
        if literal.endswith(s) and len(literal) - len(s) >= _MIN_STEM:
            base = literal[: -len(s)]
            out.append(base + TAG + s)
            if s == "ي" and base.endswith("ت") and len(base) - 1 >= _MIN_STEM:
                out.append(base[:-1] + TA + TAG + s)  # حكومتي: حكومة + ي
            break
    return out


Reading = namedtuple("Reading", "bare literal tagged")


def search_readings(norm: str, ta: bool = False) -> list[Reading]:
    """Each proclitic reading of a normalized token (the most literal first)
    with its literal stem and its tagged suffix readings."""
    out = []
    for bare in bare_words(norm):
        if bare.isascii():
            out.append(Reading(bare, bare, ()))
            continue
        literal, pronoun_ha = _literal(bare, ta)
        if all(literal != r.literal for r in out):
            out.append(Reading(bare, literal, tuple(_tagged(literal, pronoun_ha))))
    return out


def split_tag(term: str) -> tuple[str, str]:
    """(base, suffix) of a tagged term; (term, "") of a literal one."""
    base, _sep, suffix = term.partition(TAG)
    return base, suffix


def core(term: str) -> str:
    """The part of a stem-field term every word it came from contains
    (letters as normalize() leaves them): snippets look for it first."""
    base = split_tag(term)[0]
    return base[:-1] if base.endswith(TA) else base


def stems(norm: str, ta: bool = False) -> tuple[str, ...]:
    """The stem-field terms of a normalized token: literal stems, then tagged."""
    rs = search_readings(norm, ta)
    out = [r.literal for r in rs]
    for r in rs:
        out.extend(t for t in r.tagged if t not in out)
    return tuple(out)


def stem(norm: str, ta: bool = False) -> str:
    """The single most literal stem (for display and tests)."""
    return stems(norm, ta)[0]


# --- the light stemming the entity model was trained with ----------------------------
#
# Light10 after the proclitics, ة folded into ه: the features of
# entities/features.py were learnt with it, so it stays as it was until the
# model is trained again.

_LIGHT_PRONOUNS = (*PRONOUNS, "ي")
_LIGHT_SUFFIXES = ("ات", "ان", "ون", "ين", "يه", "ه", "ي")


def _strip_suffixes(word: str) -> str:
    if len(word) <= _MIN_STEM:
        return word
    for p in _LIGHT_PRONOUNS:
        if word.endswith(p) and len(word) - len(p) >= _MIN_STEM:
            word = word[: -len(p)]
            if p != "ي" and word.endswith("ت") and not word.endswith("ات") and len(word) - 1 >= _MIN_STEM:
                word = word[:-1]
            break
    for s in _LIGHT_SUFFIXES:
        if word.endswith(s) and len(word) - len(s) >= _MIN_STEM:
            word = word[: -len(s)]
    return word


def readings(norm: str) -> list[tuple[str, str]]:
    """(bare word, light stem) for each proclitic reading of a normalized
    token, as the entity model's features read it."""
    if norm.isascii() or not norm[0].isalpha():
        return [(norm, norm)]
    bare = strip_article(norm)
    words = [bare] if bare != norm else _proclitic_readings(norm)
    out: list[tuple[str, str]] = []
    for w in words:
        s = _strip_suffixes(w)
        if all(s != seen for _w, seen in out):
            out.append((w, s))
    return out


# --- the whole token ---------------------------------------------------------------

_TA_FORMS = ("ة", "\ufe93", "\ufe94")  # and its presentation forms
_TRAILING_MARKS_RE = re.compile(f"[{_MARKS}{_TATWEEL}]+$")


def ends_with_ta(surface: str, norm: str) -> bool:
    """Whether the word's final ه was written ة (normalize() folds the two)."""
    if not norm.endswith("ه"):
        return False
    return _TRAILING_MARKS_RE.sub("", surface).endswith(_TA_FORMS)


Analysed = namedtuple("Analysed", "norm stems")  # stems: tuple of str


_cache: dict[str, Analysed | None] = {}
_CACHE_LIMIT = 2_000_000


def analyse(surface: str) -> Analysed | None:
    """Normalize, stop and stem one surface token; None for a stop word.

    Cached per surface form: news vocabulary is small next to its token
    count, so each distinct form is analysed once.
    """
    try:
        return _cache[surface]
    except KeyError:
        pass
    norm = fold_hamza(normalize(surface))
    result = None if (not norm or is_stop(norm)) else Analysed(norm, stems(norm, ends_with_ta(surface, norm)))
    if len(_cache) >= _CACHE_LIMIT:
        _cache.clear()
    _cache[surface] = result
    return result


def analyses(text: str) -> list[Analysed]:
    """The analyses of the non-stop tokens of text, in order, without
    offsets: the indexing fast path (one dict lookup per token)."""
    get = _cache.get
    out = []
    for surface in WORD_RE.findall(text):
        a = get(surface, _MISSING)
        if a is _MISSING:
            a = analyse(surface)
        if a is not None:
            out.append(a)
    return out


_MISSING = object()


def analyse_text(text: str) -> Iterator[tuple[Span, Analysed]]:
    """Every non-stop token of ``text`` with its analysis."""
    for span in tokenize(text):
        a = analyse(span.surface)
        if a is not None:
            yield span, a
