"""What a query word asks for, decided by the corpus's frequencies: each rule
of index/language/expansion.py as a table, over a made-up corpus whose counts put
each case on its side of the rule."""

from __future__ import annotations

import pytest

from reader.index.compiler import query_terms
from reader.index.language.expansion import Agreement

# Documents holding each stem-field term (literal, or base|suffix tagged).
STEM_DF = {
    "بحرين": 600, "بحر|ين": 600, "بحر": 1000, "بحر|ان": 1,  # Bahrain; seas are rare
    "معلم": 300, "معلم|ين": 400, "معلم|ون": 40, "معلمة": 80, "معلم|ات": 60,  # a person noun
    "لبنان": 600, "لبن|ان": 600, "لبن|ين": 100, "لبن": 40,  # لبنين is mostly ل + بنين
    "مشروع": 2400, "مشروعة": 190, "مشروع|ات": 890,  # مشروعة (legitimate) is another word
    "طرف": 600, "طرف|ان": 100, "طرف|ين": 500,  # a real dual
    "شركة": 5000, "شرك|ات": 3000,
    "امارة": 800, "امار|ات": 900, "امارات": 900,  # the UAE outnumbers its emirate
    "قطر": 600, "قطرة": 60, "قطر|ات": 30, "قطرات": 30,  # drops are قطرة's
    "انتخاب": 300, "انتخاب|ات": 1600, "انتخابات": 1600,
    "كتاب": 1000, "كتاب|ا": 100,
    "سوري": 300, "سوري|ا": 1500, "سوريا": 1500,
    "دور": 3000, "دوري": 1700, "دور|ي": 1700, "دور|ين": 50,
    "موظف": 400, "موظف|ين": 800, "موظف|ي": 200, "موظف|ون": 100,
    "سعودية": 5000, "سعودي": 2000, "سعودي|ون": 300, "سعود": 400,
    "يوم": 9000, "يوم|ين": 700,  # duals of time words: no يومان to show it
}
# Documents holding each normalized word as written (the exact field).
EXACT_DF = {"لقاء": 500, "اللقاء": 800, "القاء": 5, "للقاء": 300, "كاميرون": 50, "اميرون": 0,
            "بسوريا": 100, "سوريا": 1500}


def asks(word: str) -> set[str]:
    ag = Agreement(lambda n: EXACT_DF.get(n, 0), lambda t: STEM_DF.get(t, 0))
    (term,) = query_terms(word, ag=ag)
    return set(term.stems)


CASES = [  # query, terms it must ask for, terms it must not
    ("البحرين", {"بحرين"}, {"بحر", "بحر|ين"}),  # no بحرون, بحران: a name, not a dual
    ("البحر", {"بحر"}, {"بحر|ين"}),
    ("المعلمين", {"معلم", "معلم|ين", "معلم|ون", "معلمة", "معلم|ات"}, set()),  # both genders
    ("المعلمة", {"معلم", "معلم|ين"}, set()),
    ("لبنان", {"لبنان"}, {"لبن"}),  # ين beside ان too rare for a dual
    ("لبن", {"لبن"}, {"لبن|ان", "لبن|ين"}),  # Lebanon's ان is no dual to back ين
    ("مشروع", {"مشروع|ات"}, set()),  # a rare ة word does not claim the plural
    ("الطرفان", {"طرف", "طرف|ين"}, set()),
    ("الشركة", {"شركة", "شرك|ات"}, set()),  # the singular is the commoner
    ("الشركات", {"شركة", "شرك|ات"}, set()),
    ("الإمارات", {"امارات"}, {"امارة"}),  # the plural is the commoner: a name
    ("إمارة", {"امارة"}, {"امار|ات"}),
    ("قطر", {"قطر"}, {"قطر|ات"}),  # قطرات belong to قطرة
    ("الانتخابات", {"انتخاب", "انتخاب|ات"}, set()),  # no ة singular claims them
    ("كتاب", {"كتاب", "كتاب|ا"}, set()),  # tanween alif: the bare word is the commoner
    ("كتابا", {"كتاب"}, set()),
    ("السوري", {"سوري"}, {"سوري|ا"}),  # سوريا is commoner than سوري: no tanween
    ("سوريا", {"سوريا"}, {"سوري"}),
    ("الدوري", {"دوري"}, {"دور"}),  # a nisba: no دورين beside it
    ("دور", {"دور"}, {"دور|ي"}),
    ("الموظفين", {"موظف", "موظف|ي"}, set()),  # موظفي: a construct plural
    ("السعودية", {"سعودية"}, {"سعودي", "سعود"}),  # a nisba's ة form is no person's feminine
    ("يومين", {"يوم"}, set()),  # the bare word far commoner: a dual
    ("للقاء", {"لقاء"}, {"قاء"}),  # ل + اللقاء, not لل + قاء
    ("كاميرون", {"كاميرون"}, {"اميرون"}),  # the bare word is rarer: no proclitic
    ("بسوريا", {"سوريا"}, set()),
]


@pytest.mark.parametrize("word,wanted,unwanted", CASES)
def test_the_corpus_decides_what_a_word_asks_for(word, wanted, unwanted):
    got = asks(word)
    assert wanted <= got, f"{word} misses {wanted - got}"
    assert not unwanted & got, f"{word} asks for {unwanted & got}"


def test_without_frequencies_a_word_asks_for_every_reading_of_itself():
    (term,) = query_terms("البحرين")
    assert set(term.stems) == {"بحرين", "بحر|ين"}


@pytest.mark.parametrize("word,other", [("مدينة", "مدن"), ("المدن", "مدينة"), ("أطفال", "طفل"), ("الطفل", "اطفال"),
                                        ("امرأة", "نساء"), ("المرأة", "نساء"), ("القرى", "قرية"), ("دولة", "دول"),
                                        ("الطلاب", "طلبة"), ("الطلبة", "طلاب")])  # a plural meets the other plural
def test_a_broken_plural_and_its_singular_meet(word, other):
    assert other in asks(word)


def test_a_plural_that_is_mostly_another_word_is_left_out():
    assert "كتب" not in asks("كتاب")  # كتب: he wrote


@pytest.mark.parametrize("word,other", [("جوجل", "غوغل"), ("غوغل", "قوقل"), ("الكونغرس", "كونجرس"),
                                        ("الأميركية", "امريكية"), ("الأمريكيين", "اميركيين"),
                                        ("إنكلترا", "انجلترا")])
def test_transliterations_meet(word, other):
    assert other in asks(word)


def test_a_whole_word_spelling_is_matched_as_written_without_the_article():
    ag = Agreement(lambda n: EXACT_DF.get(n, 0), lambda t: STEM_DF.get(t, 0))
    (term,) = query_terms("سوريا", ag=ag)
    assert {"سوريه", "بسوريه", "وسوريه"} <= set(term.exacts)  # سورية is Syria
    assert "السوريه" not in term.exacts  # السورية, the Syrian woman
    assert "سورية" not in term.stems
