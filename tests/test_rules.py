"""DATE and NUM rules, as tables: each row is a text and the entities in it."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.entities.rules import _lexicon, find_dates_numbers

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def entities(text: str) -> list[tuple[str, str]]:
    return [(text[s:e], kind) for s, e, kind in find_dates_numbers(text)]


D, N = "DATE", "NUM"

DATES = [
    # Egyptian / Gulf names, day month year, month year, day month
    ("قال في 15 يناير 2019 إن", [("15 يناير 2019", D)]),
    ("في أغسطس 2014", [("أغسطس 2014", D)]),
    ("منذ 3 ابريل", [("3 ابريل", D)]),  # without hamza
    ("في يناير من عام 2019", [("يناير من عام 2019", D)]),
    # Levantine / Iraqi, two-word names, NBSP between the words
    ("هزيمته في كانون الأول 2017، لكن", [("كانون الأول 2017", D)]),
    ("في تشرين\u00a0الثاني", [("تشرين\u00a0الثاني", D)]),
    ("في أيلول الماضي", [("أيلول", D)]),
    # Maghrebi: Algerian/Tunisian and Moroccan
    ("في جانفي 2020", [("جانفي 2020", D)]),
    ("يوم 5 جويلية", [("5 جويلية", D)]),
    ("في أوت", [("أوت", D)]),
    ("في شتنبر 2018", [("شتنبر 2018", D)]),
    ("منذ دجنبر", [("دجنبر", D)]),
    # paired names: one span
    ("في يوليو/تموز 2018.", [("يوليو/تموز 2018", D)]),
    ("ف مارس /آذار 2019،", [("مارس /آذار 2019", D)]),
    ("في آذار (مارس) 2019", [("آذار (مارس) 2019", D)]),
    ("في آذار (مارس) الماضي", [("آذار (مارس)", D)]),
    ("يناير كانون الثاني 2017", [("يناير كانون الثاني 2017", D)]),
    ("في نوفمبر/تشرين الثاني 2014.", [("نوفمبر/تشرين الثاني 2014", D)]),
    ("بين يناير/فبراير", [("يناير", D), ("فبراير", D)]),  # different months stay apart
    # Arabic-Indic digits, harakat and tatweel
    ("في ١٥ يناير ٢٠١٩", [("١٥ يناير ٢٠١٩", D)]),
    ("في يَنَايِر ٢٠١٩", [("يَنَايِر ٢٠١٩", D)]),
    ("في ديســمبر", [("ديســمبر", D)]),
    # proclitics stay outside the span
    ("وفي يناير", [("يناير", D)]),
    ("ويناير", [("يناير", D)]),
    ("بيناير 2019", [("يناير 2019", D)]),
    ("لمارس", [("مارس", D)]),
    # Hijri
    ("في 15 رمضان 1440 هـ", [("15 رمضان 1440 هـ", D)]),
    ("عام 1440هـ", [("1440هـ", D)]),
    ("في ذي الحجة 1440", [("ذي الحجة 1440", D)]),
    ("في 12 ربيع الأول", [("12 ربيع الأول", D)]),
    ("خلال شهر رمضان", [("رمضان", D)]),
    # years alone: the year and its marker, without عام
    ("في عام 2017 معظم", [("2017", D)]),
    ("ولم يسجل خلال 2018 تراجع", [("2018", D)]),
    ("منذ ٢٠١٥", [("٢٠١٥", D)]),
    ("سنة 2019م", [("2019م", D)]),
    ("لعام 1850", [("1850", D)]),  # عام makes any four digits a year
    ("في 2017 و2018", [("2017", D), ("2018", D)]),
    # weekdays, alone or merged with the date after them
    ("أعلن الخميس أن", [("الخميس", D)]),
    ("يوم الاثنين", [("الاثنين", D)]),
    ("والأحد", [("الأحد", D)]),
    ("الأحد 15 يناير", [("الأحد 15 يناير", D)]),
    ("الأحد، 15 يناير 2019", [("الأحد، 15 يناير 2019", D)]),
    ("وقال الجمعة إن", [("الجمعة", D)]),
]

NUMBERS = [
    ("تحالف يضم 79 دولة", [("79", N)]),
    ("نحو ٢٠٠ أسرة", [("٢٠٠", N)]),
    ("1,000", [("1,000", N)]),
    ("3.5", [("3.5", N)]),
    ("٣٫٥", [("٣٫٥", N)]),
    ("١٬٠٠٠", [("١٬٠٠٠", N)]),
    ("5000 مقاتل", [("5000", N)]),  # four digits, but no year
    # percentages, either side in RTL typing, sign or words
    ("بنسبة 20%", [("20%", N)]),
    ("بنسبة %20", [("%20", N)]),
    ("٢٠٪", [("٢٠٪", N)]),
    ("20 في المئة", [("20 في المئة", N)]),
    ("مئة بالمئة", [("مئة بالمئة", N)]),
    # number + scale word, one span
    ("بين 3 آلاف إلى 30 ألف مقاتل", [("3 آلاف", N), ("30 ألف", N)]),
    ("20 ألفًا", [("20 ألفًا", N)]),
    ("5 ملايين", [("5 ملايين", N)]),
    ("3.5 مليار دولار", [("3.5 مليار", N)]),
    ("تكلف مليارات الدولارات", [("مليارات", N)]),
    # number words, with the article and clitics outside the span
    ("أربعة سياح", [("أربعة", N)]),
    ("خمسة وعشرون ألفا", [("خمسة وعشرون ألفا", N)]),
    ("عشرات الآلاف", [("عشرات الآلاف", N)]),
    ("والآلاف", [("الآلاف", N)]),
    ("بثلاثة", [("ثلاثة", N)]),
    ("وللآلاف", [("لآلاف", N)]),  # لل = ل + the article's ل
    ("بين الاثنين", [("الاثنين", N)]),  # "the two", not Monday
    # a quantity, not a year
    ("نحو 2000 مقاتل", [("2000", N)]),
    ("أكثر من 2000 عنصر", [("2000", N)]),
    ("2000 ألف", [("2000 ألف", N)]),
]

NOTHING = [
    "أحد الأشخاص",  # أحد is "one of", never Sunday or a count
    "إحدى الدول",
    "مارس الرئيس ضغوطا",  # the verb "practised"
    "ومارس",
    "ولد لأب سوري",  # أب "father" folds like آب
    "سيارة نيسان",
    "طارق رمضان",  # a Hijri month alone is a name
    "صفر",  # and "zero"
    "صلاة الجمعة",  # the prayer
    "لست أدري",  # ل + ست "six" would be wrong
    "العام الماضي",
    "كانون",  # half of a month name
    "الربيع العربي",
]


@pytest.mark.parametrize("text,expected", DATES)
def test_dates(text, expected):
    assert entities(text) == expected


@pytest.mark.parametrize("text,expected", NUMBERS)
def test_numbers(text, expected):
    assert entities(text) == expected


@pytest.mark.parametrize("text", NOTHING)
def test_not_an_entity(text):
    assert entities(text) == []


def test_date_and_number_in_one_sentence():
    text = "في 15 يناير 2019 قتل 3 آلاف شخص، أي 20% من السكان."
    assert entities(text) == [("15 يناير 2019", D), ("3 آلاف", N), ("20%", N)]


def test_spans_are_sorted_disjoint_and_point_into_the_text():
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    spans = find_dates_numbers(text)
    assert len(spans) > 30
    for (s1, e1, _), (s2, _e2, _) in zip(spans, spans[1:]):
        assert s1 < e1 <= s2
    for s, e, kind in spans:
        assert kind in (D, N)
        assert text[s:e] == text[s:e].strip()


def test_the_seeds():
    dates, nums = set(), set()
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for surface, kind in entities(text):
            (dates if kind == D else nums).add(surface)
    assert "مارس /آذار 2019" in dates
    assert "يوليو/تموز 2018" in dates
    assert "كانون الأول 2017" in dates
    assert "2017" in dates  # في عام 2017
    assert "2017" not in nums
    assert "79" in nums and "مليارات" in nums


def test_month_names_come_from_cldr():
    lexicon = _lexicon()
    assert {"ar", "ar_MA", "ar_DZ", "ar_LB"} <= set(lexicon.locales)
    gregorian = {words: n for words, (cal, n) in lexicon.months.items() if cal == "G"}
    # one regional form of each family, as normalize() writes them
    assert gregorian[("يناير",)] == gregorian[("جانفي",)] == gregorian[("كانون", "الثاني")] == 1
    assert gregorian[("يوليوز",)] == gregorian[("تموز",)] == 7
    assert gregorian[("اب",)] == gregorian[("غشت",)] == 8
    assert len(set(gregorian.values())) == 12


def test_a_run_of_tatweel_alone_is_no_word():
    # Found by bench/bench_entities.py: news uses ـــ as a dash.
    text = "الرياض ـــ في 15 يناير 2019 ــ قال"
    assert [(text[s:e], k) for s, e, k in find_dates_numbers(text)] == [("15 يناير 2019", "DATE")]


@pytest.mark.parametrize("text", ["³", "في ³ أيام", "² يناير", "عام ¹⁹⁹⁰", "① مارس", "٣ ³ 3"])
def test_digits_int_refuses_are_no_crash(text):
    # str.isdigit() takes superscripts and circled digits, int() does not:
    # one such character made a whole corpus unindexable (issue 11).
    found = entities(text)
    assert all(t in (D, N) for _s, t in found)


def test_a_document_with_a_superscript_digit_gets_its_entities(tmp_path):
    from conftest import run_reader

    (tmp_path / "a.txt").write_text("وصل الوفد في ³ يناير، ثم في 3 يناير 2019\n", "utf-8")
    r = run_reader("index", "--corpus", str(tmp_path), timeout=120)
    assert r.returncode == 0, r.stderr
    assert "entities of 1 documents" in r.stderr
    r = run_reader("search", "date:يناير", "--corpus", str(tmp_path), timeout=60)
    assert r.returncode == 0 and "a.txt" in r.stdout, r.stdout + r.stderr
