"""DATE and NUM entities in Arabic news text, by rule.

    find_dates_numbers(text) -> [(start, end, "DATE" | "NUM"), ...]

Works over tokens (the word pattern of ``index.language.arabic`` plus numbers with
their separators) and matches their ``normalize``d forms, so أبريل/ابريل,
harakat and tatweel, and ٢٠١٩/2019 all meet. Offsets are into the text as
written. Gregorian month and weekday names are CLDR's, in the table
``month_names`` generated from Babel (scripts/gen_month_names.py).
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from reader.index.language import month_names
from reader.index.language import arabic
from reader.index.language.arabic import fold_digits, normalize

# --- tokens ----------------------------------------------------------------

_D = "0-9\u0660-\u0669\u06f0-\u06f9"  # Western, Arabic-Indic, Extended
# Numbers first, so 1,000 / ٣٫٥ stay one token and 2019م / 1440هـ split into
# number + marker; a lone و/ف/ب/ل before digits (و2018) is its own token;
# then the project's own word pattern.
_TOKEN_RE = re.compile(
    rf"(?P<num>[{_D}]+(?:[.,\u066b\u066c][{_D}]+)*)"
    r"|(?P<pct>[%\u066a])"
    rf"|[وفبل](?=[{_D}])"
    rf"|{arabic.WORD_RE.pattern}"
)
_INVISIBLE = "\u200c-\u200f\u061c"  # ZWNJ, ZWJ, LRM, RLM, ALM
_WS = re.compile(rf"[\s{_INVISIBLE}]*")  # \s covers NBSP
_COMMA_GAP = re.compile(rf"[\s{_INVISIBLE}]*[،,]?[\s{_INVISIBLE}]*")  # الأحد، 15 يناير
_PAIR_GAP = re.compile(rf"[\s{_INVISIBLE}]*(?:([/(\-–—])[\s{_INVISIBLE}]*)?")  # يوليو/تموز
_CLOSE = re.compile(rf"[\s{_INVISIBLE}]*\)")  # آذار (مارس)

# --- lexicon ---------------------------------------------------------------

# CLDR (through Babel) gives only the Gregorian calendar, so the Hijri months are typed.
# Two spellings of the second Rabi' and Jumada; ذي is the genitive of ذو.
_HIJRI = {
    1: ["محرم"], 2: ["صفر"], 3: ["ربيع الأول"], 4: ["ربيع الآخر", "ربيع الثاني"],
    5: ["جمادى الأولى", "جمادى الأول"], 6: ["جمادى الآخرة", "جمادى الثانية", "جمادى الآخر"],
    7: ["رجب"], 8: ["شعبان"], 9: ["رمضان"], 10: ["شوال"],
    11: ["ذو القعدة", "ذي القعدة"], 12: ["ذو الحجة", "ذي الحجة"],
}
# Gregorian names that are also common words: مارس "practised", أب (آب once
# folded) "father", نيسان the car maker, ماي/جوان names. Alone, they count
# only after a time cue or with a day, a year or a paired name.
_AMBIGUOUS_MONTHS = {normalize(w) for w in "مارس آب نيسان ماي جوان".split()}
_AB = normalize("آب")  # folds to اب, as أب "father" does: the hamza tells them apart
_MONTH_CUES = {normalize(w) for w in "في منذ خلال حتى شهر مطلع أوائل أواسط أواخر منتصف نهاية بداية".split()}
_YEAR_WORDS = {normalize(w) for w in "عام العام سنة السنة".split()}
# Before a 4-digit number these make it a quantity (نحو 2000 مقاتل), not a year.
_QUANTITY_CUES = {normalize(w) for w in "نحو حوالي حوالى قرابة زهاء".split()}
_MORE_LESS = {normalize(w) for w in "أكثر أقل".split()}
# A weekday name that is something else after these: صلاة الجمعة (the prayer),
# بين الاثنين (between the two).
_NOT_WEEKDAY_AFTER = {
    normalize("الجمعة"): {normalize(w) for w in "صلاة خطبة خطيب إمام أئمة".split()},
    normalize("الاثنين"): {normalize(w) for w in "بين كلا".split()},
}
_TWO = normalize("الاثنين")  # also the number word "the two"

# Babel has no spell-out (RBNF) data, so number words are typed. أحد/إحدى
# ("one of", "someone") are left out: they are rarely a count.
_NUMBER_WORDS = """
    واحد واحدة اثنان اثنين اثنتان اثنتين ثلاث ثلاثة أربع أربعة خمس خمسة ست ستة
    سبع سبعة ثمان ثماني ثمانية تسع تسعة عشر عشرة
    عشرون عشرين ثلاثون ثلاثين أربعون أربعين خمسون خمسين ستون ستين سبعون سبعين
    ثمانون ثمانين تسعون تسعين
    مئة مائة مئتان مئتين مئتي مائتان مائتين مائتي ثلاثمئة ثلاثمائة أربعمئة أربعمائة خمسمئة
    خمسمائة ستمئة ستمائة سبعمئة سبعمائة ثمانمئة ثمانمائة تسعمئة تسعمائة
    عشرات مئات
""".split()
# Scale words also join a preceding number: 3 آلاف, 20 ألفًا, 3.5 مليار.
_SCALE_WORDS = """
    ألف ألفا ألفان ألفين ألفي آلاف ألوف مليون مليونا مليونان مليونين ملايين
    مليار مليارا ملياران مليارين مليارات بليون بلايين تريليون تريليونات
""".split()
_HUNDRED = {normalize(w) for w in "المئة المائة".split()}  # في المئة, بالمئة
_FI = normalize("في")

# Proclitics tried when the whole word is not in the lexicon, longest first.
# ب/ل/ف need three letters left: لست is "you are not", not ل + ست "six".
_CLITICS = (("وب", 3), ("ول", 3), ("فب", 3), ("فل", 3), ("و", 2), ("ف", 3), ("ب", 3), ("ل", 3))

# Token kinds.
NUMBER, PCT, MONTH, HEAD, WEEKDAY, NUMWORD, SCALE, YEAR_WORD = range(1, 9)


class _Lexicon(NamedTuple):
    words: dict[str, tuple[int, object]]  # normalized word -> (kind, key)
    months: dict[tuple[str, ...], tuple[str, int]]  # words -> ("G"|"H", 1..12)
    locales: tuple[str, ...]


@functools.cache
def _lexicon() -> _Lexicon:
    months: dict[tuple[str, ...], tuple[str, int]] = {}
    for name, n in month_names.MONTHS.items():
        # split() also splits at the NBSP of تشرين\xa0الأول
        months[tuple(normalize(w) for w in name.split())] = ("G", n)
    for n, names in _HIJRI.items():
        for name in names:
            months[tuple(normalize(w) for w in name.split())] = ("H", n)

    words: dict[str, tuple[int, object]] = {}
    for w in _NUMBER_WORDS:
        words[normalize(w)] = words["ال" + normalize(w)] = (NUMWORD, None)
    for w in _SCALE_WORDS:
        words[normalize(w)] = words["ال" + normalize(w)] = (SCALE, None)
    for w in _MONTH_CUES | _QUANTITY_CUES | _MORE_LESS:
        words[w] = (0, None)  # not an entity, but seen through clitics (وفي)
    for w in _YEAR_WORDS:
        words[w] = (YEAR_WORD, None)
    for key, name in months.items():
        words[key[0]] = (MONTH, name) if len(key) == 1 else (HEAD, None)
    for name in month_names.WEEKDAYS:
        words[normalize(name)] = (WEEKDAY, None)  # الأحد, never bare أحد
    return _Lexicon(words, months, month_names.LOCALES)


class _Info(NamedTuple):
    kind: int  # 0: any other word
    key: object  # NUMBER: the ASCII digits; MONTH: ("G"|"H", n)
    off: int  # characters of proclitic before the entity word
    core: str  # the normalized word without its proclitic


_cache: dict[str, _Info] = {}
_CACHE_LIMIT = 500_000


def _classified(surface: str) -> _Info:
    info = _cache[surface] = _classify(surface)
    return info


def _clitic_end(surface: str, letters: int) -> int:
    """Where the word starts after `letters` clitic letters and their marks."""
    return re.match(rf"(?:[^\W\u0640][\W\u0640]*){{{letters}}}", surface).end()


def _classify(surface: str) -> _Info:
    if surface[0] in "%\u066a":
        return _Info(PCT, None, 0, surface)
    norm = normalize(surface)
    if not norm:  # a run of tatweel alone (ـــ), used as a dash
        return _Info(0, None, 0, norm)
    if norm[0] in "0123456789":  # the num group; normalize folded ٠-٩
        return _Info(NUMBER, fold_digits(surface), 0, norm)
    words = _lexicon().words
    hit = words.get(norm)
    if hit is not None and not (norm == _AB and surface[0] == "أ"):
        return _Info(hit[0], hit[1], 0, norm)
    for clitic, rest in _CLITICS:
        if norm.startswith(clitic) and len(norm) - len(clitic) >= rest:
            core = norm[len(clitic) :]
            if core.startswith("ل") and clitic[-1] == "ل":  # لل = ل + ال
                core = "ا" + core
            hit = words.get(core)
            if hit is not None:
                off = _clitic_end(surface, len(clitic))
                if core == _AB and surface[off] == "أ":  # أب "father", not آب
                    break
                return _Info(hit[0], hit[1], off, core)
    return _Info(0, None, 0, norm)


# --- the recognizer ------------------------------------------------------------


def find_dates_numbers(text: str) -> list[tuple[int, int, str]]:
    """(start, end, type) character spans into `text`, type "DATE" or "NUM", sorted, non-overlapping."""
    return _Scan(text).run()


class _Scan:
    def __init__(self, text: str) -> None:
        self.text = text
        self.months = _lexicon().months
        matches = list(_TOKEN_RE.finditer(text))
        self.starts: list[int] = [m.start() for m in matches]
        self.ends: list[int] = [m.end() for m in matches]
        if len(_cache) >= _CACHE_LIMIT:
            _cache.clear()
        get = _cache.get
        self.info: list[_Info] = [get(w) or _classified(w) for w in map(re.Match.group, matches)]
        self.n = len(self.info)

    def run(self) -> list[tuple[int, int, str]]:
        out: list[tuple[int, int, str]] = []
        info, i = self.info, 0
        while i < self.n:
            if not info[i].kind:
                i += 1
                continue
            # DATE is tried first at every token, so it wins over NUM.
            hit = self.date(i)
            label = "DATE"
            if hit is None:
                hit, label = self.number(i), "NUM"
            if hit is None:
                i += 1
                continue
            start, end, i = hit
            out.append((start, end, label))
        return out

    # helpers over token indices
    def gap(self, pattern: re.Pattern, pos: int, j: int) -> re.Match | None:
        """pattern over the text between pos and token j, when j exists."""
        return pattern.fullmatch(self.text, pos, self.starts[j]) if j < self.n else None

    def core_start(self, i: int) -> int:
        return self.starts[i] + self.info[i].off

    def prev_core(self, i: int) -> str:
        return self.info[i - 1].core if i > 0 else ""

    def month(self, i: int) -> tuple[tuple[str, int], int] | None:
        """(month, index after it) for a month name, one or two words, at i."""
        if i >= self.n:
            return None
        info = self.info[i]
        if info.kind == HEAD and self.gap(_WS, self.ends[i], i + 1):
            m = self.months.get((info.core, self.info[i + 1].core))
            if m and not self.info[i + 1].off:
                return m, i + 2
        if info.kind == MONTH:
            return info.key, i + 1
        return None

    def year(self, i: int, pos: int, cued: bool) -> tuple[int, int] | None:
        """(end, next index) for a year at token i (after text position pos),
        with a following م / هـ; `cued` when عام or a month comes before."""
        info = self.info[i] if i < self.n else None
        if info is None or info.kind != NUMBER or not _plain_number(info.key) or not self.gap(_WS, pos, i):
            return None
        end, j = self.ends[i], i + 1
        marker = self.info[j].core if self.gap(_WS, end, j) else ""
        if marker == "ه" and 3 <= len(info.key) <= 4:  # 1440 هـ
            return self.ends[j], j + 1
        if not (len(info.key) == 4 and (cued or 1900 <= int(info.key) <= 2100)):
            return None
        if marker == "م":  # 2019م (ميلادي)
            return self.ends[j], j + 1
        return end, j

    def date(self, i: int) -> tuple[int, int, int] | None:
        info = self.info[i]
        if info.kind == WEEKDAY:
            if self.prev_core(i) in _NOT_WEEKDAY_AFTER.get(info.core, ()):
                return None
            start, end = self.core_start(i), self.ends[i]
            if self.gap(_COMMA_GAP, end, i + 1):  # الأحد 15 يناير
                hit = self.day_month(i + 1)
                if hit:
                    return start, hit[1], hit[2]
            return start, end, i + 1
        if info.kind in (MONTH, HEAD, NUMBER):
            hit = self.day_month(i)
            if hit:
                return hit
        if info.kind == YEAR_WORD:  # عام 2017: the span is the year alone
            hit = self.year(i + 1, self.ends[i], cued=True)
            if hit:
                return self.starts[i + 1], hit[0], hit[1]
        if info.kind == NUMBER and not self.quantity(i):
            hit = self.year(i, self.starts[i], cued=False)
            if hit:
                return self.starts[i], hit[0], hit[1]
        return None

    def quantity(self, i: int) -> bool:
        """The number at i counts something: نحو 2000, أكثر من 2000, 2000 ألف, 2000%."""
        before = self.prev_core(i)
        if before in _QUANTITY_CUES or (before == "من" and i > 1 and self.info[i - 2].core in _MORE_LESS):
            return True
        j = i + 1
        return j < self.n and self.info[j].kind in (SCALE, PCT) and bool(self.gap(_WS, self.ends[i], j))

    def day_month(self, i: int) -> tuple[int, int, int] | None:
        """[day] month [/ paired month] [[من] عام year [هـ]] starting at token i."""
        start, j, day = self.core_start(i), i, False
        info = self.info[i]
        if info.kind == NUMBER:
            if not (_plain_number(info.key) and len(info.key) <= 2 and 1 <= int(info.key) <= 31):
                return None
            if not (self.gap(_WS, self.ends[i], i + 1) and not self.info[i + 1].off):
                return None
            j, day = i + 1, True
        found = self.month(j)
        if found is None:
            return None
        (calendar, n), k = found
        end = self.ends[k - 1]
        # A paired name of the same month: يوليو/تموز, آذار (مارس), يناير كانون الثاني.
        paired = False
        g = self.gap(_PAIR_GAP, end, k)
        if g and not self.info[k].off:
            other = self.month(k)
            if other and other[0] == (calendar, n):
                paired, k = True, other[1]
                end = self.ends[k - 1]
                if g.group(1) == "(":
                    close = _CLOSE.match(self.text, end)
                    if close:
                        end = close.end()
        # The year, maybe after من / عام: مارس 2019, يناير من عام 2019.
        y, pos = k, end
        if y < self.n and self.info[y].core == "من" and self.gap(_WS, pos, y):
            pos, y = self.ends[y], y + 1
        if y < self.n and self.info[y].kind == YEAR_WORD and not self.info[y].off and self.gap(_WS, pos, y):
            pos, y = self.ends[y], y + 1
        hit = self.year(y, pos, cued=True)
        if hit:
            end, k = hit
        elif not (day or paired):
            # A month alone: the ambiguous names need a cue before them (a
            # clitic ب/ل counts); a Hijri month needs شهر (رمضان is a name).
            word, before = self.info[j], self.prev_core(j)
            if calendar == "H" and before != "شهر":
                return None
            if word.core in _AMBIGUOUS_MONTHS and not (
                before in _MONTH_CUES or (word.off and self.text[self.starts[j]] in "بل")
            ):
                return None
        return start, end, k

    def number(self, i: int) -> tuple[int, int, int] | None:
        info = self.info[i]
        if info.kind == PCT:  # %20 as typed in RTL text
            if i + 1 < self.n and self.info[i + 1].kind == NUMBER and self.starts[i + 1] == self.ends[i]:
                return self.starts[i], self.ends[i + 1], i + 2
            return None
        if info.kind not in (NUMBER, NUMWORD, SCALE) and info.core != _TWO:
            return None
        start, end, j = self.core_start(i), self.ends[i], i + 1
        words = info.kind != NUMBER
        while j < self.n and self.gap(_WS, end, j):
            nxt = self.info[j]
            if nxt.kind == SCALE and not nxt.off:  # 3 آلاف
                pass
            elif words and nxt.kind == NUMWORD and nxt.off and self.text[self.starts[j]] == "و":  # خمسة وعشرون
                pass
            else:
                break
            end, j = self.ends[j], j + 1
        if j < self.n and self.info[j].kind == PCT and self.gap(_WS, end, j):  # 20 %
            return start, self.ends[j], j + 1
        nxt = self.info[j] if j < self.n else None
        if nxt and nxt.core in _HUNDRED and nxt.off and self.text[self.starts[j]] == "ب" and self.gap(_WS, end, j):
            return start, self.ends[j], j + 1  # 20 بالمئة
        if (
            j + 1 < self.n
            and self.info[j].core == _FI
            and self.info[j + 1].core in _HUNDRED
            and self.gap(_WS, end, j)
            and self.gap(_WS, self.ends[j], j + 1)
        ):  # 20 في المئة
            return start, self.ends[j + 1], j + 2
        return start, end, j


def _plain_number(key: str) -> bool:
    """ASCII digits only (what fold_digits gives Arabic-Indic digits):
    str.isdigit() also takes ³ or ①, which int() refuses."""
    return key.isascii() and key.isdigit()
