"""The Arabic analysis, rule by rule, as tables."""

from __future__ import annotations

import pytest

from reader.index.language.arabic import analyse, is_stop, normalize, stems, tokenize

# --- tokenizing: harakat and tatweel stay inside words ------------------------

TOKENIZE = [
    ("الإسلاميّة", ["الإسلاميّة"]),  # shadda inside the word
    ("تَنْظِيم الدَّوْلَة", ["تَنْظِيم", "الدَّوْلَة"]),
    ("داعـــش", ["داعـــش"]),  # tatweel
    ("«داعش»، والعراق.", ["داعش", "والعراق"]),  # guillemets and Arabic comma
    ("عام 2017، و٢٠١٨", ["عام", "2017", "و٢٠١٨"]),
    ("ISIS (Daesh)", ["ISIS", "Daesh"]),
    ("عليه\u00a0السلام", ["عليه", "السلام"]),  # NBSP separates
    ("سوريا/العراق", ["سوريا", "العراق"]),
    ("", []),
    ("... ، ؟", []),
]


@pytest.mark.parametrize("text,words", TOKENIZE)
def test_tokenize(text, words):
    assert [s.surface for s in tokenize(text)] == words


def test_token_offsets_point_into_the_original():
    text = "قال «الخلافةُ» انتهت"
    for span in tokenize(text):
        assert text[span.start : span.end] == span.surface


# --- normalizing ------------------------------------------------------------------

NORMALIZE = [
    ("أحمد", "احمد"),  # hamza above
    ("إسلام", "اسلام"),  # hamza below
    ("آسيا", "اسيا"),  # madda
    ("ٱلله", "الله"),  # wasla
    ("فى", "في"),  # alef maqsura (Egyptian spelling)
    ("الأمريكى", "الامريكي"),
    ("خلافة", "خلافه"),  # ta marbuta
    ("تَنْظِيمٌ", "تنظيم"),  # fatha, sukun, kasra, dammatan
    ("الإسلاميّة", "الاسلاميه"),  # shadda
    ("داعـــش", "داعش"),  # tatweel
    ("ﻻ", "لا"),  # lam-alef presentation form (NFKC)
    ("ﺍﻟﻌﺮﺍﻕ", "العراق"),  # presentation forms
    ("٢٠١٧", "2017"),  # Arabic-Indic digits
    ("۲۰۱۷", "2017"),  # Extended Arabic-Indic digits
    ("ISIS", "isis"),  # Latin case
    ("یک", "يك"),  # Farsi yeh and keheh
    ("رئيس", "رئيس"),  # ئ left alone (as Lucene)
    ("مؤتمر", "مؤتمر"),  # ؤ left alone
    ("ا\u0654", "ا"),  # alef + combining hamza composes to أ, then folds
]


@pytest.mark.parametrize("surface,norm", NORMALIZE)
def test_normalize(surface, norm):
    assert normalize(surface) == norm


# --- stop words, checked after normalization -------------------------------------

STOPS = [("في", True), ("فى", True), ("إلى", True), ("الى", True), ("التى", True), ("الذي", True),
         ("وفي", True), ("هذه", True), ("على", True), ("داعش", False), ("الخلافة", False), ("سوريا", False)]


@pytest.mark.parametrize("word,stop", STOPS)
def test_stop_words(word, stop):
    assert is_stop(normalize(word)) is stop
    assert (analyse(word) is None) is stop


# --- stemming: prefixes ----------------------------------------------------------

PREFIXES = [
    ("الخلافه", "خلاف"),  # ال
    ("والخلافه", "خلاف"),  # وال
    ("بالتنظيم", "تنظيم"),  # بال
    ("كالعاده", "عاد"),  # كال
    ("فالتنظيم", "تنظيم"),  # فال
    ("للتنظيم", "تنظيم"),  # لل
    ("وبالتالي", "تالي"),  # وبال
    ("بسوريا", "سوريا"),  # ب (among the readings)
    ("لتنظيم", "تنظيم"),  # ل
    ("وسوريا", "سوريا"),  # و
    ("فسوريا", "سوريا"),  # ف
    ("كسوريا", "سوريا"),  # ك
    ("وبسوريا", "سوريا"),  # و then ب
    ("للقاء", "لقاء"),  # ل + اللقاء: one ل written for two
    ("لليبيا", "ليبيا"),  # ل + ليبيا
    ("وللجنه", "لجن|ه"),  # و + ل + اللجنة (ه typed for ة)
]


@pytest.mark.parametrize("norm,expected", PREFIXES)
def test_prefix_is_removed(norm, expected):
    assert expected in stems(norm)


# Guards: too short to carry a prefix, or the article leaves too little.
GUARDS = [("بلد", ("بلد",)), ("ولد", ("ولد",)), ("الي", ("الي",)), ("لكن", ("لكن",)), ("كتب", ("كتب",))]


@pytest.mark.parametrize("norm,expected", GUARDS)
def test_short_words_keep_their_letters(norm, expected):
    assert stems(norm) == expected


def test_ambiguous_first_letter_keeps_both_readings():
    # ب of بريطانيا is no preposition, ف of فرنسا no conjunction: the literal
    # reading comes first and is always kept.
    assert stems("بريطانيا")[0] == "بريطانيا"
    assert stems("فرنسا")[0] == "فرنسا"
    assert "فرنسا" in stems("لفرنسا")


# --- stemming: the literal stem (pronouns and ta marbuta) -------------------------

LITERAL = [  # surface as written (ة or ه), its first stem-field term
    ("الرياضة", "رياضة"),  # ة kept apart from ه: not الرياض
    ("الرياض", "رياض"),
    ("خلافته", "خلافة"),  # = خلافة + ه
    ("دولتهم", "دولة"),  # = دولة + هم
    ("حكومتنا", "حكومة"),  # = حكومة + نا
    ("مدينتين", "مدينة"),  # dual of a ta marbuta noun
    ("سيارتان", "سيارة"),
    ("مدينتيها", "مدينة"),  # the dual's construct, then a pronoun
    ("كتابها", "كتاب"),  # ها
    ("كتابهم", "كتاب"),  # هم
    ("كتابنا", "كتاب"),  # نا
    ("كتابكم", "كتاب"),  # كم
    ("قوتها", "قوت"),  # the ت stays: two letters would be too short a stem
    ("انتخاباتها", "انتخابات"),  # ات stays a plural, not a ta marbuta
    ("الاقتصادية", "اقتصادية"),  # ية is no suffix: the nisba stays its own word
    ("مسؤولية", "مسءولية"),  # nor مسؤول's
    ("السعودية", "سعودية"),
    ("البحرين", "بحرين"),  # endings are tagged readings, never cut from the literal
    ("لبنان", "لبنان"),
    ("الدوري", "دوري"),
    ("ٱلرِّياضَةُ", "رياضة"),  # harakat after the ة
]


@pytest.mark.parametrize("surface,expected", LITERAL)
def test_literal_stem(surface, expected):
    assert analyse(surface).stems[0] == expected


TAGGED = [  # surface, the tagged readings among its terms
    ("البحرين", {"بحر|ين"}),
    ("مسلمون", {"مسلم|ون"}),
    ("الشركات", {"شرك|ات"}),
    ("لبنان", {"لبن|ان"}),
    ("كتابا", {"كتاب|ا"}),  # tanween alif
    ("الكويتي", {"كويت|ي"}),  # nisba or construct plural: the corpus decides
    ("موظفي", {"موظف|ي"}),
    ("حكومتي", {"حكومة|ي"}),  # حكومة + ي
    ("لاعبيه", {"لاعب|ي", "لاعبي|ه"}),  # construct plural + pronoun
    ("الرياضه", {"رياض|ه"}),  # ه: a pronoun, or ة written ه
]


@pytest.mark.parametrize("surface,expected", TAGGED)
def test_tagged_readings(surface, expected):
    assert expected <= set(analyse(surface).stems)


def test_a_word_with_no_ending_has_no_tagged_reading():
    assert all("|" not in s for s in analyse("الرياضة").stems + analyse("تنظيم").stems)


# --- whole tokens: the forms the issue names meet, others do not -------------------

MEET = [
    ("خلافة", "والخلافة"),
    ("مدينة", "مدينتين"),
    ("لقاء", "للقاء"),
    ("ليبيا", "لليبيا"),
    ("خلافة", "خلافته"),
    ("الخلافة", "خلافته"),
    ("بسوريا", "سوريا"),
    ("لتنظيم", "تنظيم"),
    ("تَنْظِيم", "تنظيم"),
    ("داعـــش", "داعش"),
    ("٢٠١٧", "2017"),
    ("الأمريكى", "الأمريكي"),
    ("الإسلاميّة", "الاسلامية"),
]


@pytest.mark.parametrize("a,b", MEET)
def test_forms_meet(a, b):
    x, y = analyse(a), analyse(b)
    assert set(x.stems) & set(y.stems)


APART = [("خلافة", "خليفة"), ("سوريا", "روسيا"), ("تنظيم", "نظام"), ("داعش", "دعا"), ("2017", "2018"),
         ("الرياضة", "الرياض"), ("الخلافة", "خلاف"), ("مسؤولية", "مسؤول"), ("الاقتصادية", "الاقتصاد"),
         ("السعودية", "السعودي")]


@pytest.mark.parametrize("a,b", APART)
def test_different_words_stay_apart(a, b):
    x, y = analyse(a), analyse(b)
    assert not set(x.stems) & set(y.stems)
    assert x.norm != y.norm


@pytest.mark.parametrize("one, other", [("مسئولية", "مسؤولية"), ("الشئون", "الشؤون"), ("تفائل", "تفاؤل"), ("مسئول", "مسؤول")])
def test_the_hamza_seats_meet_in_search_not_in_normalize(one, other):
    """مسئولية and مسؤولية are one word to a reader: one analysis; the
    entity model's features (normalize) still see the letters as written."""
    assert analyse(one) == analyse(other)
    assert normalize(one) != normalize(other)


def test_a_word_typed_with_the_other_hamza_seat_is_found(tmp_path):
    from conftest import write
    from reader.index.files.corpus import make_roots
    from reader.core.library import Library

    write(tmp_path / "a.txt", "الشئون الخارجية\n\nقالت وزارة الشئون الخارجية إن المسئولية مشتركة.\n")
    write(tmp_path / "b.txt", "خبر آخر\n\nلا شيء هنا عن ذلك.\n")
    lib = Library(make_roots([tmp_path]))
    for query in ("الشؤون", "المسؤولية", "شؤون*"):
        hits = lib.search(query).hits
        assert [h.id for h in hits] == ["a.txt"], query
        assert hits[0].snippets and hits[0].snippets[0].highlights, query  # and lit
