"""What a query word asks the stem field for: its forms the corpus agrees on.

A document's token carries every reading of itself (index/language/arabic.py): its
literal stem and, tagged, the suffixes its end could be (البحرين: بحرين and
بحر|ين). A query word is read the same way, and the corpus decides which
readings are one word with it, from document frequencies alone:

- a proclitic (و ف ب ل ك, or ل of للقاء) only where the bare word is more
  frequent than the word typed (كاميرون is no ك + اميرون);
- a plural or dual ending where the word's paradigm shows it: ين beside ون
  or a dual's ان (معلمين, معلمون: a plural; البحرين with no بحرون or بحران: a
  name; لبنين is not backed by لبنان, whose ان is no dual), ان beside ين,
  ون beside ين;
- ات: the plural of a ة singular where the singular is the more frequent
  (شركة, شركات; not إمارة, الإمارات), of a bare singular where no ة singular
  claims it (انتخاب, انتخابات; not قطر, قطرات of قطرة);
- tanween alif (كتابا) where the bare word is the more frequent (not سوريا);
- ي where it is a construct plural (موظفي beside موظفين), not a nisba
  (الدوري has no دورين beside it; السعودي none);
- ه for ة, and ة + ي, always: a misspelling and a pronoun of the same word;
- the ة form of a word that takes ون (معلمون: معلمة is its feminine), not
  of others (رياض, رياضة);
- a broken plural and its singular (مدن, مدينة), from the table of
  index/language/plurals.py.

The same rule serves a word typed in any of its forms, so البحر and
البحرين, لبن and لبنان, الرياض and الرياضة stay apart both ways.
"""

from __future__ import annotations

from functools import lru_cache

from reader.index.language.arabic import (PRONOUNS, TA, TAG, Reading, analyse, fold_hamza, normalize, search_readings,
                                 split_tag, stems)

# How much of the paradigm must show for an ending to be an inflection
# (chosen on the whole benchmark vocabulary; see the README's analysis).
_PLURAL_EVIDENCE = 0.05  # ون or ان beside ين
_BARE_DOMINANT = 3.0  # or the bare word this many times as frequent (يومين)
_DUAL_EVIDENCE = 0.25  # ين beside ان
_NOMINATIVE_EVIDENCE = 0.2  # ين beside ون
_CONSTRUCT_EVIDENCE = 0.2  # ين beside ي
_PERSON_EVIDENCE = 0.02  # ون beside the bare word: a person noun
# A ة singular half as frequent as X|ات claims the plural (قطرة, قطرات); a
# rarer one is mostly another word (مشروعة, legitimate, beside مشروعات).
_FEMININE_CLAIM = 0.5


class Agreement:
    """Decisions on one query's words from the index's frequencies.

    exact(norm): documents holding the word as written (normalized);
    stem(term): documents holding a stem-field term. Both memoized.
    """

    def __init__(self, exact, stem):
        self._exact, self._stem, self._memo = exact, stem, {}

    def exact(self, norm: str) -> int:
        return self._df("e", norm, self._exact)

    def stem(self, term: str) -> int:
        return self._df("s", term, self._stem)

    def _df(self, kind, key, fn):
        k = (kind, key)
        if k not in self._memo:
            self._memo[k] = fn(key)
        return self._memo[k]

    def tagged(self, base: str, suffix: str) -> int:
        return self.stem(base + TAG + suffix)

    def agrees(self, base: str, suffix: str) -> bool:
        """Whether base + suffix is an inflection of the bare word base."""
        n = self.tagged(base, suffix)
        if n == 0:
            return True  # nothing to add, nothing to lose
        if suffix == "ين":
            # ان counts only where it is itself a dual: لبنان is no evidence for لبنين
            dual = self.tagged(base, "ان") if self.agrees(base, "ان") else 0
            other = self.tagged(base, "ون") + dual
            return other >= _PLURAL_EVIDENCE * n or self.stem(base) >= _BARE_DOMINANT * n
        if suffix == "ون":
            return self.tagged(base, "ين") >= _NOMINATIVE_EVIDENCE * n
        if suffix == "ان":
            return self.tagged(base, "ين") >= _DUAL_EVIDENCE * n
        if suffix == "ات":  # a bare singular's only where no ة singular claims it
            return self.stem(base + TA) < _FEMININE_CLAIM * n
        if suffix == "ا":
            return self.stem(base) > n
        if suffix == "ي":
            return self.tagged(base, "ين") >= _CONSTRUCT_EVIDENCE * n
        return False

    def is_person_noun(self, base: str) -> bool:
        """Whether base takes the sound masculine plural in the nominative
        (معلمون, لاعبون): a person noun or participle, whose ة form is its
        feminine (معلمة), not another word (رياضة beside رياض)."""
        if base.endswith("ي"):  # a nisba: السعودية is the country more than the Saudi woman
            return False
        n = self.tagged(base, "ون")
        return n > 0 and n >= _PERSON_EVIDENCE * self.stem(base)

    def feminine_plural(self, singular: str) -> bool:
        """Whether X|ات is the plural of the ة singular X + ة."""
        return self.stem(singular) >= self.tagged(singular[:-1], "ات")


ENDINGS = ("ات", "ون", "ين", "ان", "ا", "ي")  # the tagged endings a bare word may take


def _lemmas(r: Reading, ag: Agreement) -> list[str]:
    """The bare word(s) a reading stands for: its literal stem, or the word
    without an ending the corpus reads as an inflection."""
    for term in r.tagged:
        base, suffix = split_tag(term)
        if suffix == "ه":  # typed with ه: the ة word too, where it is the commoner
            if ag.stem(base + TA) > ag.stem(base):
                return [base, base + TA]
            continue
        if suffix == "ي" and base.endswith(TA):
            return [base]  # حكومتي: حكومة + ي
        if suffix == "ات":
            singular = base + TA
            if ag.stem(singular) and ag.feminine_plural(singular):
                return [singular]
            if ag.agrees(base, suffix):
                return [base]
            continue
        if ag.agrees(base, suffix):
            return [base]
    return [r.literal]


def _forms(lemma: str, ag: Agreement) -> list[str]:
    """The stem-field terms of a bare word's inflections the corpus agrees
    on; a person noun's (معلم, معلمة) of either gender."""
    base = lemma[:-1] if lemma.endswith(TA) else lemma
    person = ag.is_person_noun(base)
    out = []
    if lemma.endswith(TA) or person:
        out += [base + TA, base + TAG + "ه", base + TA + TAG + "ي"]
        if person or ag.feminine_plural(base + TA):
            out.append(base + TAG + "ات")
    if not lemma.endswith(TA) or person:
        out.append(base)
        out += [base + TAG + s for s in ENDINGS if not (person and s == "ات") and ag.agrees(base, s)]
    out.remove(lemma)
    return [lemma, *out]


@lru_cache(maxsize=1)
def _plural_lines() -> tuple[list[list[str]], dict[str, list[int]]]:
    """The plural table's lines, and for each word (normalized) its lines.
    Only the lines a query meets are analysed: all of them cost a cold
    `reader search` 4 ms."""
    from reader.index.language.plurals import pairs

    lines = pairs()
    index: dict[str, list[int]] = {}
    for i, words in enumerate(lines):
        for w in words:
            index.setdefault(fold_hamza(normalize(w)), []).append(i)
    return lines, index


def _plural_partners(lemma: str) -> list[str]:
    """The other words' stems of each line of the plural table the lemma is on."""
    lines, index = _plural_lines()
    key = lemma[:-1] + "ه" if lemma.endswith(TA) else lemma
    out = []
    # A table word's stem may have lost an ending that reads as a pronoun
    # (شريك -> شري), so the word may be the lemma plus one.
    for ending in ("", *PRONOUNS):
        for i in index.get(key + ending, ()):
            stems = [a.stems[0] for a in map(analyse, lines[i]) if a is not None]
            if lemma not in stems:
                continue
            # every spelling of the line: a plural meets its singular and
            # the singular's other plurals (طلاب: طالب and طلبة)
            out += [x for x in stems if x != lemma and x not in out]
    return out


def word_stems(norm: str, ta: bool, ag: Agreement | None, plurals: bool = True) -> tuple[str, ...]:
    """The stem-field terms a query word matches, most literal first.

    Without frequencies (ag None) every reading is kept, literal and tagged,
    as a document's token is indexed. plurals False leaves out the broken
    plurals' table: a quoted phrase is a fixed expression (حقوق الإنسان is
    not حق الإنسان)."""
    if ag is None:
        return stems(norm, ta)
    rs = search_readings(norm, ta)
    if len(rs) > 1:  # proclitic readings: the bare word must be the commoner
        typed = ag.exact(norm)
        rs = rs[:1] + [r for r in rs[1:] if ag.exact(r.bare) > typed]
        if norm.startswith(("لل", "ولل", "فلل")) and len(rs) == 2:
            rs = [max(rs, key=lambda r: max(ag.exact(r.bare), ag.exact("ال" + r.bare)))]
    out: list[str] = []
    for r in rs:
        lemmas = _lemmas(r, ag)
        if plurals:
            lemmas += [other for lemma in lemmas for other in _plural_partners(lemma)]
        for term in [r.literal, *(lf for lemma in lemmas for lf in _forms(lemma, ag))]:
            if term not in out:
                out.append(term)
    return tuple(out)
