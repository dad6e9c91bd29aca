"""Corpora that more than one test file builds: a wire story and another
outlet's version of it (tests/test_alignment.py, the TUI's side by side),
and a story with its copies (tests/test_copies.py, the TUI's folded rows).
Imported as `from corpora import ...` (tests/ is on the path, as for conftest)."""

from __future__ import annotations

from conftest import SEEDS, write

# --- a story and another outlet's version of it --------------------------------------------

WIRE = (
    "الرياض - واس\n"
    "أعلنت وزارة الطاقة السعودية اليوم عن خطة جديدة لخفض إنتاج النفط بمقدار مليون برميل يوميا. "
    "وقال الوزير إن القرار يهدف إلى دعم استقرار الأسواق العالمية خلال الأشهر المقبلة. "
    "وأضاف أن المملكة ستواصل التنسيق مع الدول المنتجة الأخرى في منظمة أوبك. "
    "وكانت الأسعار قد تراجعت بنسبة عشرة في المئة منذ بداية العام."
)
# Another outlet's copy: the same wire text with other spellings (alef, ya,
# harakat, tatweel, Arabic-Indic digits), one word changed, the third
# sentence left out, and a sentence of its own added.
COPY = (
    "جدة - الوطن\n"
    "اعلنت وزارة الطاقـــة السعودية اليوم عن خطةٍ جديدة لخفض انتاج النفط بمقدار مليون برميل يوميًا. "
    "وقال الوزير إن هذا القرار يهدف الى دعم استقرار الاسواق الدولية خلال الأشهر المقبلة. "
    "وأكد محللون في جدة أن الخطوة كانت متوقعة منذ أسابيع بعد اجتماع فيينا. "
    "وكانت الأسعار قد تراجعت بنسبة ١٠ في المئة منذ بداية العام."
)


def story_corpus(tmp_path):
    """The wire story, its other version, a follow-up story and two unrelated ones."""
    corpus = tmp_path / "news"
    write(corpus / "wire.txt", "خطة لخفض إنتاج النفط\n\n" + WIRE)
    write(corpus / "copy.txt", "السعودية تخفض إنتاجها\n\n" + COPY)
    write(corpus / "follow.txt", "أوبك تجتمع\n\nتجتمع منظمة أوبك الأسبوع المقبل لبحث خفض إنتاج النفط بعد قرار وزارة الطاقة "
          "السعودية، وسط تراجع الأسعار في الأسواق العالمية.")
    write(corpus / "football.txt", "الدوري\n\nفاز الهلال على النصر في مباراة الدوري أمس بهدفين نظيفين أمام جمهور كبير.")
    write(corpus / "rain.txt", "الطقس\n\nتوقعت الأرصاد هطول أمطار رعدية على جازان وعسير والباحة.")
    return corpus


# --- a story and its copies ------------------------------------------------------------------

SEED = (SEEDS / "001_4842e351d2c85202.txt").read_text("utf-8")
OTHER = (SEEDS / "003_135ca1c0598dfef5.txt").read_text("utf-8")


def spelt_otherwise(text: str) -> str:
    """The same words another outlet's way: harakat, tatweel, alef forms,
    Arabic-Indic digits, a byline of its own."""
    out = text.replace("الدولة", "الدَّولة").replace("تنظيم", "تنظـيم").replace("إلى", "الى").replace("2019", "٢٠١٩")
    return "الرياض - واس\n\n" + out


def with_edits(text: str, every: int) -> str:
    """One word in every `every` replaced: an editor's hand, or another story."""
    words = text.split(" ")
    return " ".join("كلمة" if i % every == every // 2 else w for i, w in enumerate(words))


def copies_corpus(tmp_path):
    """SEED, two copies of it (spelt otherwise; lightly edited), a text half
    of it and half of OTHER (no copy), and three seeds."""
    corpus = tmp_path / "news"
    write(corpus / "a_wire.txt", SEED)
    write(corpus / "b_spelt.txt", spelt_otherwise(SEED))
    write(corpus / "c_edited.txt", with_edits(SEED, 40))
    # half of the story, half of another: not a copy, whatever it shares
    half = SEED[: len(SEED) // 2] + "\n\n" + OTHER[len(OTHER) // 2 :]
    write(corpus / "d_half.txt", half)
    for seed in sorted(SEEDS.glob("*.txt")):
        if seed.name.startswith(("000", "002", "004")):
            write(corpus / seed.name, seed.read_text("utf-8"))
    return corpus
