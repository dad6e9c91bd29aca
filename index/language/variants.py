"""Spellings of one word that no letter folding can join: transliterations.

Foreign names reach Arabic by ear, so one name has several spellings: the g
of Google as ج, غ or ق, the v as ف, a long vowel written or not (أمريكا,
أميركا). Folding ج into غ would join native words (جمل, غمل), so the pairs
are listed, written by hand for this project (MIT) and each checked against
the benchmark corpus's vocabulary (both spellings occur there). A line holds
the spellings of one word, as a part of a word (امريك joins الأمريكية and
الأميركية, الأمريكيين and الأميركيين); a spelling marked = is a whole word
written without the article (سورية is Syria, السورية the Syrian woman);
one with _ is two words (فيس_بوك), which the query asks for as a phrase.
"""

from __future__ import annotations

from functools import lru_cache

TABLE = """
جوجل غوغل قوقل
كونغرس كونجرس
انجلتر انكلتر
انجليز انكليز
امريك اميرك
سوريا =سورية
الجابون الغابون
بنغلاديش بنجلاديش
هونغ هونج
كونغ كونج
شنغهاي شنجهاي
بيونغ بيونج
يانغ يانج
الكونغو الكونجو
ترامب ترمب
بوتين بوتن
نتنياهو نتانياهو
كلينتون كلنتون
انستغرام انستجرام انستقرام
سامسونج سامسونغ
تلفزيون تليفزيون
ديمقراط ديموقراط
فيروس فايروس
ماراثون مارثون
كيلوغرام كيلوجرام
مانشستر مانشيستر
تشيلسي تشلسي
يونيسكو يونسكو
غوانتانامو جوانتانامو
واشنطن واشنطون
انجلوس انجليس
نيوزيلندا نيوزلندا
فيسبوك فيس_بوك
نيويورك نيو_يورك
واتساب واتس_اب
سنابشات سناب_شات
يوتيوب يو_تيوب
"""


# Name particles written joined to the name or apart from it: عبدالله and
# عبد الله, أبوظبي and أبو ظبي are one name to a reader (normalized).
PARTICLES = ("عبد", "ابو")


@lru_cache(maxsize=1)
def compounds() -> dict[str, tuple[str, str]]:
    """Words also written as two (فيسبوك: فيس بوك), normalized."""
    from reader.index.language.arabic import fold_hamza, normalize

    out = {}
    for line in TABLE.strip().splitlines():
        words = line.split()
        spaced = [w for w in words if "_" in w]
        for joined in (w for w in words if "_" not in w and not w.startswith("=")):
            for sp in spaced:
                a, b = sp.split("_")
                out[fold_hamza(normalize(joined))] = (fold_hamza(normalize(a)), fold_hamza(normalize(b)))
    return out


@lru_cache(maxsize=1)
def spaced() -> dict[tuple[str, str], str]:
    """The two words of each compound (فيس, بوك) -> the compound written as one."""
    return {two: one for one, two in compounds().items()}


@lru_cache(maxsize=1)
def rewrites() -> list[tuple[str, str, bool]]:
    """(spelling, another spelling, whether the other is a whole word without
    article) for each ordered pair of a line, normalized as search reads them."""
    from reader.index.language.arabic import fold_hamza, normalize

    out = []
    for line in TABLE.strip().splitlines():
        forms = [(w.lstrip("="), w.startswith("=")) for w in line.split() if "_" not in w]
        forms = [(fold_hamza(normalize(w)), whole) for w, whole in forms]
        for a, _ in forms:
            out += [(a, b, whole) for b, whole in forms if b != a]
    return out


_PROCLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل")


def respellings(norm: str) -> tuple[list[str], list[str]]:
    """Other spellings of a normalized word: words to analyse as the query
    word is, and whole words (with a proclitic, no article) for the exact field."""
    words, wholes = [], []
    for a, b, whole in rewrites():
        if a not in norm:
            continue
        if whole:
            if norm.endswith(a) and norm[: -len(a)] in _PROCLITICS:
                wholes += [p + b for p in _PROCLITICS]
        else:
            words.append(norm.replace(a, b))
    return words, wholes
