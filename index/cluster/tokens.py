"""A document's analysis as the engine indexes it, and a query's terms as it searches them.

Every token goes to the engine as written by reader's analysis, in a
namespace of its field (a leading run of tatweels, which normalization
takes out of every word), so the engine's per-keyword counts are the
per-field counts BM25 needs. Tatweel also stands for the | of tagged
readings (عام|ين), which the engine would take for a word break, and any
character outside the engine's charset_table is written as its code point
between tatweels: the engine splits words on nothing reader does not.

Whoosh puts all the readings of an ambiguous word at one position; the
engine has one word per position. So ``body`` holds each word's first
reading, in order, and ``forms`` its other readings: a word is searched in
both, and its term frequency counts both, as Whoosh's does. A phrase
lines up in one of four fields, position for position: ``body`` (every
word's first reading), ``body2`` (every word's second reading, or its first
when it has one), and ``body_even`` and ``body_odd``, which take the second
reading at even or at odd positions only: so any two words side by side
meet in one of them whichever of their first two readings each needs
(لحقوق الإنسان: لحقوق's second, الإنسان's first); and ``body_plain``, every
word's shortest reading without a tag (خادم of لخادم, عهد of للعهد, حرمين
of الحرمين), for the longer phrases whose first word carries a proclitic
(لخادم الحرمين الشريفين). What is missed: other mixes of readings in three
words or more, and a third reading beside another word's second. These fields repeat the body's words and are left out
of term frequencies (index.cluster.search).
"""

from __future__ import annotations

from reader.index.language.arabic import analyses

MARK = "\u0640"  # tatweel
# Field -> the namespace its tokens are written in.
NAMESPACES = {"body": "", "forms": "", "exact": MARK, "title_stem": MARK * 2, "title_exact": MARK * 3,
              "author_exact": MARK * 4, "meta": MARK * 5}
# The engine's full-text fields, in the order of the index's schema.
FIELDS = ("body", "forms", "exact", "title_stem", "title_exact", "author_exact", "meta", "body2", "body_even", "body_odd",
          "body_plain")
# The fields a phrase lines up in (one word per position each).
PHRASE_FIELDS = ("body", "body2", "body_even", "body_odd", "body_plain")
# What the engine keeps as a word: reader's letters, and tatweel for the marks above.
CHARSET = "0..9, a..z, A..Z->a..z, U+0621..U+064A"
_SAFE = frozenset("0123456789abcdefghijklmnopqrstuvwxyz") | {chr(c) for c in range(0x0621, 0x064B)} - {MARK}
# A word every document holds: a search of filters only (source:okaz) matches it.
EVERY = MARK * 6
# The engine keeps this many characters of a word (Sphinx's SPH_MAX_WORD_LEN).
MAX_WORD = 42


def term(field: str, text: str) -> str:
    """A term of a field as the engine indexes it."""
    return NAMESPACES[field] + _safe(text)


def _safe(text: str) -> str:
    if all(c in _SAFE for c in text):
        return text
    return "".join(c if c in _SAFE else MARK if c == "|" else f"{MARK}x{ord(c):x}{MARK}" for c in text)


def document_tokens(text: str, title: str, author: str, source: str) -> dict[str, str]:
    """{field: its tokens, space-separated} of a document for the engine."""
    body, forms, exact, body2, even, odd, plain = [], [], [], [], [], [], []
    for i, a in enumerate(analyses(text)):
        first = _safe(a.stems[0])
        second = _safe(a.stems[1]) if len(a.stems) > 1 else first
        body.append(first)
        forms.extend(_safe(s) for s in a.stems[1:])
        exact.append(MARK + _safe(a.norm))
        body2.append(second)
        even.append(first if i % 2 else second)
        odd.append(second if i % 2 else first)
        untagged = [s for s in a.stems if "|" not in s]
        plain.append(_safe(min(untagged, key=len)) if untagged else first)
    titled = analyses(title)
    return {
        "body": " ".join(body),
        "forms": " ".join(forms),
        "exact": " ".join(exact),
        "title_stem": " ".join(term("title_stem", s) for a in titled for s in a.stems),
        "title_exact": " ".join(term("title_exact", a.norm) for a in titled),
        "author_exact": " ".join(term("author_exact", a.norm) for a in analyses(author)),
        "meta": " ".join(filter(None, (EVERY, _source_terms(source)))),
        "body2": " ".join(body2),
        "body_even": " ".join(even),
        "body_odd": " ".join(odd),
        "body_plain": " ".join(plain),
    }


def _source_terms(key: str) -> str:
    """The outlet key as source: matches it: whole, and its first part before
    a dot (index.engine.search._filtered)."""
    if not key:
        return ""
    keys = {key, key.split(".")[0]}
    return " ".join(term("meta", k) for k in sorted(keys))


def source_term(value: str) -> str:
    return term("meta", value)
