"""Dates: an article's day from its metadata or its text, and the date
ranges users ask for (2019, 2019-03, 2019-03-15, 30d, ranges).

A day is kept as an int YYYYMMDD (0: unknown): a column Whoosh sorts and
compares cheaply, and readable as it is.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

# Arabic-Indic and Persian digits, as written in Arabic text.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_MIN_YEAR, _MAX_YEAR = 1900, 2100


def day_of(y: int, m: int, d: int) -> int:
    """YYYYMMDD, or 0 when it is no real day."""
    if not _MIN_YEAR <= y <= _MAX_YEAR:
        return 0
    try:
        date(y, m, d)
    except ValueError:
        return 0
    return y * 10000 + m * 100 + d


def iso(day: int) -> str:
    """"2019-03-15" for 20190315; "" for 0."""
    return f"{day // 10000:04d}-{day // 100 % 100:02d}-{day % 100:02d}" if day else ""


def from_timestamp(seconds: float) -> int:
    t = datetime.fromtimestamp(seconds, timezone.utc)
    return day_of(t.year, t.month, t.day)


# --- metadata ---------------------------------------------------------------------

_ISO_RE = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})")
_COMPACT_RE = re.compile(r"\s*(?:D:)?(\d{4})(\d{2})(\d{2})")  # PDF's D:20190315...
_DMY_RE = re.compile(r"\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\b")


def parse_date(value: str) -> int:
    """The day a metadata value names (ISO 8601, RFC 822 as feeds write it,
    a PDF date, 15/03/2019 as Arabic sites write day first), or 0."""
    if not value:
        return 0
    value = value.translate(_DIGITS).strip()
    for pattern, order in ((_ISO_RE, "ymd"), (_COMPACT_RE, "ymd"), (_DMY_RE, "dmy")):
        m = pattern.match(value)
        if m:
            a, b, c = (int(g) for g in m.groups())
            return day_of(a, b, c) if order == "ymd" else day_of(c, b, a)
    try:
        from email.utils import parsedate_to_datetime

        t = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return _day_in(value[:80], english=True)
    return day_of(t.year, t.month, t.day)


# --- the text -----------------------------------------------------------------------------

TOP_CHARS = 400  # a dateline sits in the first lines


def _month_words() -> dict[str, int]:
    from reader.index.language.arabic import normalize
    from reader.index.language.month_names import MONTHS

    return {normalize(name): n for name, n in MONTHS.items()}


_MONTHS: dict[str, int] | None = None
_WORD_DATE_RE = re.compile(r"(?<!\d)0?(\d{1,2})\s+(?:من\s+)?([^\W\d_]+(?:\s[^\W\d_]+)?)\s*[،,]?\s*(?:عام\s+|سنة\s+)?(\d{4})")
_NUMERIC_RE = re.compile(r"(?<!\d)(?:(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})|(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}))(?!\d)")


# The Hijri months as datelines write them (normalize()d when compared):
# a dateline that gives only a Hijri day is converted on the Umm al-Qura
# calendar (hijridate).
HIJRI_MONTHS = {
    "محرم": 1, "صفر": 2, "ربيع الأول": 3, "ربيع الاول": 3, "ربيع أول": 3, "ربيع الثاني": 4, "ربيع الآخر": 4,
    "ربيع الاخر": 4, "ربيع ثاني": 4, "جمادى الأولى": 5, "جمادى الاولى": 5, "جمادى الأول": 5, "جمادى الاول": 5,
    "جمادى الآخرة": 6, "جمادى الاخرة": 6, "جمادى الثانية": 6, "جمادى الآخر": 6, "جمادى الثاني": 6, "رجب": 7,
    "شعبان": 8, "رمضان": 9, "شوال": 10, "ذو القعدة": 11, "ذي القعدة": 11, "ذو الحجة": 12, "ذي الحجة": 12,
}
_HIJRI_RE = re.compile(r"(?<!\d)0?(\d{1,2})\s*(?:/\s*(\d{1,2})\s*/|\s+([^\W\d_]+(?:\s[^\W\d_]+)?)\s+)(1[34]\d\d)(?:\s*هـ?)?(?!\w)"
                       r"|(?<!\d)(1[34]\d\d)\s*/\s*(\d{1,2})\s*/\s*(\d{1,2})\s*هـ")
_HIJRI_NAMES: dict[str, int] | None = None


def hijri_day(year: int, month: int, day: int) -> int:
    """A Hijri day as a Gregorian YYYYMMDD (Umm al-Qura), or 0 when there is none."""
    from hijridate import Hijri

    try:
        g = Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError):  # out of the calendar's range, or no such day
        return 0
    return day_of(g.year, g.month, g.day)


def _hijri_in(top: str) -> int:
    """The first Hijri dateline's day (a date marked هـ, or a month named),
    converted; 0 when there is none."""
    global _HIJRI_NAMES
    from reader.index.language.arabic import normalize

    if _HIJRI_NAMES is None:
        _HIJRI_NAMES = {normalize(k): v for k, v in HIJRI_MONTHS.items()}
    for m in _HIJRI_RE.finditer(top):
        if not _dateline(top, m.start()):
            continue
        if m.group(5):  # 1436/10/25 هـ
            y, mo, d = int(m.group(5)), int(m.group(6)), int(m.group(7))
        else:
            words = m.group(3)
            mo = int(m.group(2)) if m.group(2) else _HIJRI_NAMES.get(normalize(words or ""))
            if not mo:
                continue
            y, d = int(m.group(4)), int(m.group(1))
        if "هـ" not in m.group(0) and not m.group(3):  # digits alone: only with هـ is it Hijri
            continue
        day = hijri_day(y, mo, d)
        if day:
            return day
    return 0


def date_in_text(text: str) -> int:
    """The first full Gregorian date near the top of an article that stands
    where a dateline does, or 0: at the start of a line, after a place name
    at most (“الرياض - 15 مارس 2019”, “دمشق في 3 كانون الثاني 2020”,
    “2019/03/15”), or after a cue (نشر في، بتاريخ، آخر تحديث). A date in
    the middle of a sentence is an event's, not the article's (measured on
    the benchmark: 5 of 11 first dates were). A dateline with only a Hijri
    day (“الرياض 25 شوال 1436 هـ”) is converted; a date without a year gives
    no day."""
    top = text[:TOP_CHARS].translate(_DIGITS)
    if not _YEAR_RE.search(top):  # no year, no full date: most articles
        return 0
    return _day_in(top, where=_dateline) or _hijri_in(top)


_YEAR_RE = re.compile(r"(?<!\d)(?:19|20|13|14)\d\d(?!\d)")
_DATELINE_LEAD = 40  # characters a dateline's place name and dash may take before the date
# What may stand before the date on its line: a cue at the line's start
# (“نشر في:”, “آخر تحديث:”), a place with a dash, colon or في (“القاهرة -”,
# “دمشق في”), a place of one or two words alone (“مكة المكرمة”), or the
# Saudi Press Agency's Hijri day and الموافق (“الرياض 25 شوال 1436 هـ الموافق”).
# A line opening with في and the date tells a story (“في 21 نوفمبر 2013 كتب”).
_CUE_RE = re.compile(r"^\W{0,3}(?:\w+\s+){0,1}(?:نشر|بتاريخ|تاريخ|التاريخ|تحديث|published|updated)\W*(?:في|on|:)?\W*$",
                     re.IGNORECASE)
_PLACE_RE = re.compile(r"^\s*(?:(?:[^\W\d_]+\s+){0,2}[^\W\d_]+\s*(?:[-–—:]|\sفي)\s*|(?:[^\W\d_]+\s+){0,2})$")
_HIJRI_THEN_RE = re.compile(r"^[^\d\n.،]{2,40}?\d{1,3}\s+(?:[^\W\d_]+\s+){1,2}1[34]\d\d\s*هـ?\s*الموافق\s*$")


def _dateline(top: str, pos: int) -> bool:
    """Whether a date at pos stands where a dateline does: on its line
    after nothing, a place, a cue or an SPA Hijri day at most (a date after
    a sentence's words, a title's included, is an event's)."""
    line = top[top.rfind("\n", 0, pos) + 1 : pos]
    if len(line) > 2 * _DATELINE_LEAD:
        return False
    return bool(_CUE_RE.search(line) or _HIJRI_THEN_RE.match(line)
                or (len(line) <= _DATELINE_LEAD and _PLACE_RE.match(line) and line.split()[:1] != ["في"]))


def _day_in(top: str, english: bool = False, where=None) -> int:
    global _MONTHS
    from reader.index.language.arabic import normalize

    found: list[tuple[int, int]] = []  # (position, day)
    for m in _NUMERIC_RE.finditer(top):
        y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(6), m.group(5), m.group(4))
        day = day_of(int(y), int(mo), int(d))
        if day and (where is None or where(top, m.start())):
            found.append((m.start(), day))
    if _MONTHS is None:
        _MONTHS = _month_words()
    for m in _WORD_DATE_RE.finditer(top):
        words = m.group(2)
        month = _MONTHS.get(normalize(words)) or _MONTHS.get(normalize(words.split()[0]))
        if month is None and words.startswith(("في", "ب")):  # clitic: بمارس
            month = _MONTHS.get(normalize(words[1:] if words[0] == "ب" else words[2:]))
        if month:
            day = day_of(int(m.group(3)), month, int(m.group(1)))
            if day and (where is None or where(top, m.start())):
                found.append((m.start(), day))
    if not found and english:
        # English months, as Latin-script metadata writes them
        try:
            t = datetime.strptime(re.sub(r"\s+", " ", top.strip())[:40], "%B %d, %Y")
            return day_of(t.year, t.month, t.day)
        except ValueError:
            return 0
    return min(found)[1] if found else 0


# --- what users ask for -------------------------------------------------------------------

_PERIOD_RE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_RELATIVE_RE = re.compile(r"(\d+)([dwmy])")


class DateSyntaxError(ValueError):
    pass


def period(text: str, today: date | None = None) -> tuple[int, int]:
    """The first and last day a date as typed covers: 2019 is the year,
    2019-03 the month, 2019-03-15 the day, 30d the last 30 days (2w, 6m, 1y)."""
    text = text.translate(_DIGITS).strip()
    m = _RELATIVE_RE.fullmatch(text)
    if m:
        today = today or date.today()
        n, unit = int(m.group(1)), m.group(2)
        days = n * {"d": 1, "w": 7, "m": 30, "y": 365}[unit]
        start = today - timedelta(days=min(days, 200 * 365))
        return day_of(start.year, start.month, start.day), day_of(today.year, today.month, today.day)
    m = _PERIOD_RE.fullmatch(text)
    if not m:
        raise DateSyntaxError(f"{text!r} is not a date: write 2019, 2019-03, 2019-03-15 or 30d")
    y = int(m.group(1))
    if m.group(3):
        day = day_of(y, int(m.group(2)), int(m.group(3)))
        if not day:
            raise DateSyntaxError(f"{text!r} is no day of the calendar")
        return day, day
    if m.group(2):
        mo = int(m.group(2))
        if not 1 <= mo <= 12 or not day_of(y, mo, 1):
            raise DateSyntaxError(f"{text!r}: the month must be 01 to 12, the year {_MIN_YEAR} to {_MAX_YEAR}")
        last = (date(y + mo // 12, mo % 12 + 1, 1) - timedelta(days=1)).day
        return day_of(y, mo, 1), day_of(y, mo, last)
    if not day_of(y, 1, 1):
        raise DateSyntaxError(f"{text!r}: the year must be {_MIN_YEAR} to {_MAX_YEAR}")
    return day_of(y, 1, 1), day_of(y, 12, 31)


LOWEST, HIGHEST = 1, 99999999


def date_range(text: str, today: date | None = None) -> tuple[int, int]:
    """(first, last) day of a date filter as typed: a date (its whole
    period), A..B, A.., ..B, >A, >=A, <B, <=B."""
    text = text.strip()
    for op in (">=", "<=", ">", "<"):
        if text.startswith(op):
            lo, hi = period(text[len(op):], today)
            return {">=": (lo, HIGHEST), ">": (_after(hi), HIGHEST), "<=": (LOWEST, hi), "<": (LOWEST, _before(lo))}[op]
    if ".." in text:
        a, _, b = text.partition("..")
        if not a.strip() and not b.strip():
            raise DateSyntaxError("'..' needs a date on at least one side, as in 2019-03..2019-05")
        lo = period(a, today)[0] if a.strip() else LOWEST
        hi = period(b, today)[1] if b.strip() else HIGHEST
        if lo > hi:
            raise DateSyntaxError(f"{text!r}: the range ends before it starts")
        return lo, hi
    return period(text, today)


def _after(day: int) -> int:
    d = date(day // 10000, day // 100 % 100, day % 100) + timedelta(days=1)
    return day_of(d.year, d.month, d.day) or HIGHEST


def _before(day: int) -> int:
    d = date(day // 10000, day // 100 % 100, day % 100) - timedelta(days=1)
    return day_of(d.year, d.month, d.day) or LOWEST


def looks_like_date_filter(value: str) -> bool:
    """date:2019-03 filters by publication day; date:مارس searches date names."""
    v = value.translate(_DIGITS).strip()
    return bool(v) and (v[0].isdigit() or v[0] in "<>" or v.startswith(".."))


# --- periods for a timeline ------------------------------------------------------------------

BY = ("day", "week", "month", "year")


def bucket(day: int, by: str) -> str:
    """The label of the period holding a day: 2019-03-15, 2019-W11, 2019-03, 2019."""
    y, m, d = day // 10000, day // 100 % 100, day % 100
    if by == "day":
        return iso(day)
    if by == "month":
        return f"{y:04d}-{m:02d}"
    if by == "year":
        return f"{y:04d}"
    iy, iw, _ = date(y, m, d).isocalendar()
    return f"{iy:04d}-W{iw:02d}"


def buckets_between(first: int, last: int, by: str) -> list[str]:
    """Every period label from the one holding first to the one holding last,
    empty periods included (a timeline shows the gaps)."""
    labels: list[str] = []
    d = date(first // 10000, first // 100 % 100, first % 100)
    end = date(last // 10000, last // 100 % 100, last % 100)
    step = {"day": 1, "week": 7}.get(by)
    while d <= end and len(labels) < 100_000:
        label = bucket(day_of(d.year, d.month, d.day), by)
        if not labels or labels[-1] != label:
            labels.append(label)
        if step:
            d += timedelta(days=step)
        elif by == "month":
            d = date(d.year + d.month // 12, d.month % 12 + 1, 1)
        else:
            d = date(d.year + 1, 1, 1)
    last_label = bucket(last, by)
    if labels and labels[-1] != last_label:
        labels.append(last_label)
    return labels


def bucket_range(label: str) -> tuple[int, int]:
    """The first and last day of a period label (for narrowing to it)."""
    m = re.fullmatch(r"(\d{4})-W(\d{2})", label)
    if m:
        start = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        end = start + timedelta(days=6)
        return day_of(start.year, start.month, start.day), day_of(end.year, end.month, end.day)
    return period(label)
