"""index/files/dates.py: an article's day from metadata or its text; the ranges users type."""

from __future__ import annotations

from datetime import date

import pytest

from reader.index.files import dates
from reader.index.query import Filter, QueryError, parse, split_filters


@pytest.mark.parametrize("value, day", [
    ("2019-03-15", 20190315),
    ("2019-03-15T23:50:00+03:00", 20190315),
    ("Fri, 15 Mar 2019 10:00:00 +0300", 20190315),  # RSS
    ("D:20190315101500+03'00'", 20190315),  # a PDF's CreationDate
    ("15/03/2019", 20190315),  # day first, as Arabic sites write it
    ("٢٠١٩-٠٣-١٥", 20190315),  # Arabic-Indic digits
    ("2019-02-30", 0),  # no such day
    ("yesterday", 0),
    ("", 0),
])
def test_metadata_dates(value, day):
    assert dates.parse_date(value) == day


@pytest.mark.parametrize("text, day", [
    ("الرياض - ١٥ مارس ٢٠١٩: قال مسؤول", 20190315),
    ("دمشق في 3 كانون الثاني 2020 (أ ف ب)", 20200103),
    ("تونس 7 جويلية 2021", 20210707),  # the Maghreb's month names
    ("نشر بتاريخ 2019/3/5", 20190305),
    ("كتب في 15-03-2019", 20190315),
    ("عنوان\n\nحدث هذا في مارس 2019", 0),  # no day: no date
    ("تذاكر المباراة\n\nطرح الاتحاد تذاكر المباراة التي ستقام في 12 أغسطس 2015 على ملعب الجوهرة", 0),  # an event's date
    ("عنوان\n\nالقاهرة - 2 يونيو 2019 - قال", 20190602),
    ("عنوان طويل للخبر\nآخر تحديث: 4 يوليو 2019\nنص", 20190704),
    # a Hijri dateline, converted on the Umm al-Qura calendar
    ("15 رمضان 1440", 20190520),
    ("عنوان\n\nالرياض 25 شوال 1436 هـ واس\nنص", 20150810),
    ("عنوان\n\nمكة المكرمة 1436/10/25هـ - نص", 20150810),
    ("عنوان\n\nجدة 10 ذو الحجة 1440 هـ\nنص", 20190811),
    ("عنوان\n\nالرياض 25 شوال 1236 هـ\nنص", 0),  # out of the calendar's range: no day
    ("عنوان\n\nالرياض 31 شوال 1436 هـ\nنص", 0),  # no such day
    ("عنوان\n\nقال إن الحادث وقع في 25 شوال 1436 هـ في المدينة", 0),  # an event's
    # the Saudi Press Agency's dateline, as its copies write it
    ("عنوان الخبر\n\nواشنطن 15 شوال 1436 هـ الموافق 31 يوليو 2015 م واس\n نفذت", 20150731),
    ("عنوان\n\nالدمام25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس", 20150810),  # the place glued to the day
    ("عنوان\n\n\u200fأبهــا 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس", 20150810),
    ("عنوان\n\nتبليسي (جورجيا) 26 شوال 1436 هـ الموافق 11 اغسطس 2015 م واس", 20150811),
    ("عنوان\n\nينبع26 شوال 1436هـ الموافق 011 أغسطس 2015 م واس", 20150811),  # a day of three digits
    # an event's date, not the article's: in a title, in a sentence, after في at a paragraph's start
    ("بوتفليقة يهنئ السيسي بذكرى ثورة 23 يوليو 1952\n\nتلقى الرئيس", 0),
    ("عنوان\n\nأوضحت دراسة حديثة في المجلة بتاريخ 22 مايو 2015 أن", 0),
    ("عنوان\n\nفي 21 نوفمبر 2013م كتب وزير الخارجية مقالا", 0),
    ("عنوان\n\nسيصلى عليها يوم غد الثلاثاء الموافق 12 / 10 / 1436هـ في جامع", 0),
])
def test_a_dateline_near_the_top(text, day):
    assert dates.date_in_text(text) == day


def test_only_the_top_of_the_text_is_read():
    assert dates.date_in_text("كلام " * 200 + "15 مارس 2019") == 0


@pytest.mark.parametrize("typed, first, last", [
    ("2019", 20190101, 20191231),
    ("2019-02", 20190201, 20190228),
    ("2020-02", 20200201, 20200229),
    ("2019-03-15", 20190315, 20190315),
    ("2019-03..2019-05", 20190301, 20190531),
    ("2019-03..", 20190301, dates.HIGHEST),
    ("..2019", dates.LOWEST, 20191231),
    (">=2019-03", 20190301, dates.HIGHEST),
    (">2019-03", 20190401, dates.HIGHEST),
    ("<2019", dates.LOWEST, 20181231),
    ("<=2019-03-15", dates.LOWEST, 20190315),
])
def test_ranges(typed, first, last):
    assert dates.date_range(typed) == (first, last)


def test_relative_periods_count_back_from_today():
    assert dates.period("30d", today=date(2019, 3, 31)) == (20190301, 20190331)
    assert dates.period("2w", today=date(2019, 3, 15)) == (20190301, 20190315)


@pytest.mark.parametrize("typed", ["2019-13", "2019-02-30", "march", "2019-05..2019-03", "..", "0019"])
def test_bad_dates_say_what_to_write(typed):
    with pytest.raises(ValueError):
        dates.date_range(typed)


def test_query_filters_are_pulled_out_of_the_query():
    rest, wanted, unwanted = split_filters(parse("داعش source:Okaz date:2019-03 -source:sabq"))
    assert rest.text == "داعش"
    assert [f.kind for f in wanted] == ["source", "date"]
    assert wanted[0].value == "okaz" and (wanted[1].lo, wanted[1].hi) == (20190301, 20190331)
    assert unwanted == (Filter("source", "sabq"),)
    # alone, filters are the whole query; a word after date: is a date named in the text
    assert split_filters(parse("source:okaz"))[0] is None
    assert parse("date:مارس").field == "date"
    assert parse('date:"2019"').field == "date"


@pytest.mark.parametrize("query, message", [
    ("داعش OR source:okaz", "outside OR"),
    ("date:2019-13", "date:2019-13"),
    ("source:***", "names no outlet"),
])
def test_misplaced_or_malformed_filters_are_one_line(query, message):
    with pytest.raises(QueryError) as e:
        split_filters(parse(query))
    assert message in str(e.value) and "\n" not in str(e.value)


def test_timeline_periods_include_the_empty_ones():
    assert dates.buckets_between(20190115, 20190420, "month") == ["2019-01", "2019-02", "2019-03", "2019-04"]
    assert dates.buckets_between(20181231, 20190107, "week") == ["2019-W01", "2019-W02"]
    assert dates.bucket_range("2019-W11") == (20190311, 20190317)
    assert dates.bucket_range("2019-02") == (20190201, 20190228)
