"""The display layer against GNU FriBidi, wrapping, styles and cell mapping."""

from __future__ import annotations

import unicodedata

import pytest

from conftest import SEEDS, fribidi, letters, needs_fribidi
from reader.index.files.structure import paragraphs
from reader.display.layout import Paragraph, Style


def seed_paragraphs() -> list[str]:
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text("utf-8")
        out += [text[s:e].replace("\n", " ") for s, e in paragraphs(text)]
    return out


MIXED = [
    'قال الرئيس "Barack Obama" إن التنظيم هزم.',
    "ارتفعت النسبة إلى 45.5% مقابل -3.2 في العام الماضي.",
    "وقع الانفجار في الساعة 10:30 صباح 12/03/2019 قرب السفارة.",
    "راجع الموقع https://example.com/news?id=5 أو راسل info@example.org للمزيد.",
    "قالت المصادر (نقلا عن [وكالة رويترز] ووكالة «فرانس برس») إن الهجوم وقع.",
    "«داعش» يعلن مسؤوليته عن هجوم (الباغوز) في ٢٠١٩ بعد ١٢ يوما.",
    "تَنْظِيمُ الدَّوْلَةِ الإسْلامِيَّةِ يَتَراجَعُ فِي سُورِيَا.",
    'The New York Times reported that the group, known as "داعش" (Daesh), lost Baghuz in 2019.',
    "بلغ عدد المقاتلين 1,500 مقاتل من أصل 40ألفاً، أي نحو 3.75 بالمئة.",
]


def ours(text: str) -> str:
    (line,) = Paragraph(text).lines(10**6)
    return line.text


@needs_fribidi
def test_every_seed_paragraph_matches_fribidi():
    paras = seed_paragraphs()
    assert len(paras) > 60
    expected = fribidi(paras)
    mismatched = [p[:40] for p, e in zip(paras, expected) if letters(ours(p)) != letters(e)]
    assert mismatched == []


@needs_fribidi
@pytest.mark.parametrize("text", MIXED)
def test_mixed_lines_match_fribidi(text):
    (expected,) = fribidi([text])
    assert letters(ours(text)) == letters(expected)


def test_brackets_and_guillemets_are_mirrored():
    line = ours("هجوم (الباغوز) و«داعش»")
    # Reading left to right on screen, an RTL bracket pair shows as ( … ).
    assert line.index("(") < line.index(")")
    assert line.index("«") < line.index("»")


def test_harakat_follow_their_letter():
    text = "تَنْظِيمُ الدَّوْلَةِ"
    (line,) = Paragraph(text).lines(80)
    for i, (ch, off) in enumerate(zip(line.chars, line.offsets)):
        if unicodedata.category(ch) == "Mn":
            # the letter just before it on screen is the one it was written on
            base = line.offsets[i - 1]
            assert i > 0 and base < off and all(unicodedata.category(c) == "Mn" for c in text[base + 1 : off])


@pytest.mark.parametrize("width", [30, 50, 80])
def test_wrapped_lines_read_in_order(width):
    # Each line read right to left, lines top to bottom: the words in order.
    for text in seed_paragraphs():
        p = Paragraph(text)
        if not p.rtl:
            continue
        seen = []
        for line in p.lines(width):
            words, current = [], []
            for ch, off in zip(line.chars, line.offsets):
                if ch == " ":
                    if current:
                        words.append(min(current))
                    current = []
                else:
                    current.append(off)
            if current:
                words.append(min(current))
            seen += words[::-1]
            assert line.pad + line.cells <= width  # the padding and the text fit the width
        assert seen == sorted(seen), text[:40]


def test_rtl_lines_are_right_aligned_and_fill_the_width():
    for line in Paragraph(seed_paragraphs()[1]).lines(40):
        assert line.pad + line.cells == 40


def test_ltr_paragraph_is_left_aligned():
    (line, *_) = Paragraph("The group lost Baghuz in 2019, said officials.").lines(80)
    assert line.pad == 0 and line.text.startswith("The group")


def test_styles_land_on_their_characters():
    text = "قال المتحدث إن تنظيم «داعش» خسر آخر معاقله في الباغوز."
    start = text.index("داعش")
    hit = Style(start, start + len("داعش"), "hit")
    for width in (12, 20, 80):
        lit = [
            (ch, off)
            for line in Paragraph(text).lines(width, [hit])
            for ch, off, st in zip(line.chars, line.offsets, line.styles)
            if "hit" in st
        ]
        assert {off for _ch, off in lit} == set(range(hit.start, hit.end))
        assert letters("".join(ch for ch, _ in lit)[::-1]) == "داعش"


def test_styles_survive_ligatures_and_harakat():
    text = "إلّا أنّ الخلافةَ لا تزال"
    start = text.index("الخلافةَ")
    hit = Style(start, start + len("الخلافةَ"), "hit")
    (line,) = Paragraph(text).lines(80, [hit])
    lit = {off for off, st in zip(line.offsets, line.styles) if "hit" in st}
    unlit = {off for off, st in zip(line.offsets, line.styles) if "hit" not in st}
    span = set(range(hit.start, hit.end))
    assert lit <= span and not (unlit & span)
    # every character shows lit but the alef inside the ligature ﻼ of الخلافة
    assert span - lit == {text.index("لافة") + 1}


def test_cell_maps_back_to_offset():
    text = "قال «داعش» إن 2019 كان عاما صعبا."
    p = Paragraph(text, start=100)
    reached = set()
    for line in p.lines(20):
        for cell in range(20):
            off = line.offset_at(cell)
            if cell < line.pad:
                assert off is None
            elif off is not None:
                assert 100 <= off < 100 + len(text)
                reached.add(off - 100)
    # Every letter, digit and mark of punctuation is under some cell.
    assert {i for i, ch in enumerate(text) if not ch.isspace()} <= reached
    # The rightmost cell of the first RTL line is the paragraph's first letter.
    first = p.lines(20)[0]
    assert first.offset_at(19) == 100


def test_untrusted_characters_never_reach_a_line():
    text = "عنوان \x1b[31mأحمر\x07 \u202eمقلوب\u202c \u2066معزول\u2069 \x9bنص\x00"
    for line in Paragraph(text).lines(12) + Paragraph(text, shape=False).lines(12):
        for bad in "\x1b\x07\x9b\x00\u202e\u202c\u2066\u2069":
            assert bad not in line.text


def test_never_mode_keeps_logical_order():
    text = "قال «داعش» إن 2019 كان عاما صعبا."
    lines = Paragraph(text, shape=False).lines(12)
    assert " ".join(l.text for l in lines) == text
    assert all(l.pad == 0 for l in lines)


def test_long_word_is_cut_not_lost():
    text = "ا" * 25 + " نص"
    lines = Paragraph(text).lines(10)
    assert sum(l.cells for l in lines) == 25 + 1 + 2  # the space stays on the last line
    assert all(l.cells <= 10 for l in lines)


def test_cell_width_fast_path_agrees_with_rich():
    """The widths display.py knows without Rich are Rich's, for every
    assigned character of the ranges it covers, and the rest still come
    from Rich (a wide CJK letter, ZWJ, a line separator)."""
    from rich.cells import get_character_cell_size

    from reader.display.layout import cell_width

    covered = [*range(0x20, 0x1100), *range(0x2000, 0x2200), *range(0xFB50, 0xFE00), *range(0xFE70, 0xFF00)]
    wrong = [hex(c) for c in covered
             if unicodedata.category(chr(c)) not in ("Cn", "Cc", "Cs", "Co")
             and cell_width(chr(c)) != get_character_cell_size(chr(c))]
    assert wrong == []
    assert [cell_width(ch) for ch in "中\u200d\u2028\u00ad"] == [get_character_cell_size(ch) for ch in "中\u200d\u2028\u00ad"]
    assert cell_width("中") == 2


def test_a_long_text_is_shaped_a_word_at_a_time_as_it_is_shaped_whole(monkeypatch):
    """Shaping a long text word by word (each distinct word once) gives the
    very letters and index map shaping it whole gives: reshape() with every
    text past WORDWISE (shaped a word at a time) against reshape() with none."""
    from reader.display import shaping

    def shaped(variant: str, wordwise: int):
        monkeypatch.setattr(shaping, "WORDWISE", wordwise)
        return shaping.reshape(variant)

    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for variant in (text, "  " + text.replace("\n", " ") + " ", "لا إلّا " + text[:500]):
            assert shaped(variant, 0) == shaped(variant, 10**9)


def test_styles_name_each_offset_as_testing_every_style_would():
    """display.Styles (bisection over the points where names change) against
    its definition, on random overlapping styles and offsets, ascending or not."""
    import random

    from reader.display.layout import Style, Styles

    rng = random.Random(25)
    for trial in range(500):
        styles = [Style(a, a + rng.randint(0, 6), rng.choice("abc")) for a in (rng.randint(0, 60) for _ in range(rng.randint(0, 8)))]
        offsets = sorted(rng.randint(0, 70) for _ in range(rng.randint(0, 40)))
        if trial % 3 == 0 and len(offsets) > 2:
            offsets[1], offsets[2] = offsets[2], offsets[1]  # a mark moved out of a ligature
        expected = [tuple(s.name for s in styles if s.start <= off < s.end) for off in offsets]
        assert Styles(styles).names_at(offsets) == expected


def test_a_url_is_one_left_to_right_token_cut_at_its_end():
    """A URL with Arabic in its path, as written: the bidi algorithm moved
    its Arabic segments and their slashes to the other end of the row."""
    from reader.display.layout import token_line

    url = "https://example.sa/أخبار/مقال-طويل?id=5"
    whole = token_line(url, 80)
    assert whole.text == url and whole.cells == len(url) and whole.offsets == list(range(len(url)))
    cut = token_line(url, 30)
    assert cut.text == url[:29] + "…" and cut.cells == 30
    decoded = token_line("https://example.sa/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1", 24)
    assert decoded.text == "https://example.sa/%D8%…"


def test_a_path_is_cut_at_its_start_its_file_name_kept():
    from reader.display.layout import token_line

    path = "/home/قارئ/أرشيف/الأخبار/2019/مقال.txt"
    cut = token_line(path, 20, keep_end=True)
    assert cut.text == "…" + path[-19:] and cut.cells == 20
    assert cut.offsets[1:] == list(range(len(path) - 19, len(path)))


def test_a_token_keeps_marks_with_their_letter_and_no_control_reaches_the_screen():
    from reader.display.layout import token_line

    marked = "https://example.sa/" + "كَتَبَ" * 10
    for keep_end in (False, True):
        row = token_line(marked, 22, keep_end)
        assert row.cells <= 22 and row.text.count("…") == 1
        body = row.text.replace("…", "")
        assert body[0] != "\u064e"  # a mark never starts what is kept
    assert token_line("https://e.sa/\x1b[31m\u202e/x", 80).text == "https://e.sa/\ufffd[31m/x"
    wide = token_line("https://例え.jp/" + "例" * 20, 20)
    assert wide.cells <= 20 and wide.text.endswith("…")


def test_spans_give_a_range_the_styles_over_it_alone():
    """A paragraph takes the styles over it out of thousands by bisection;
    a style longer than Spans.LONG is found wherever it reaches."""
    from reader.display.layout import Spans

    short = [Style(i * 10, i * 10 + 4, "ent-PERS") for i in range(3000)]
    long = Style(5, 25_005, "hit")
    spans = Spans([*reversed(short), long, Style(7, 7, "empty")])
    got = spans.within(100, 130)
    assert got.names_at([99, 100, 104, 110, 125, 129]) == [("hit",), ("ent-PERS", "hit"), ("hit",),
                                                            ("ent-PERS", "hit"), ("hit",), ("hit",)]
    assert len(got.points) <= 8  # the three styles over the range, not the 3,000
    assert spans.within(25_010, 25_020).names_at([25_010, 25_015]) == [("ent-PERS",), ()]
    straddling = Spans([Style(95, 105, "ent-LOC")]).within(100, 130)
    assert straddling.names_at([100, 104, 105]) == [("ent-LOC",), ("ent-LOC",), ()]


def test_words_mode_keeps_the_visual_word_order_with_each_word_as_written():
    """kitty draws each Arabic word right to left itself: the words go where
    the visual order puts them, each word's letters (and harakat) as shaped
    in logical order; digits, Latin and the rest are left as they were."""
    import re

    from reader.display.terminal import WORDS

    text = "قالَ الوزير 'إن' عام 2030 (Vision) سيبدأ، وهو يوم للاقتصاد."
    visual = Paragraph(text, 0, True).lines(200)[0]
    words = Paragraph(text, 0, WORDS).lines(200)[0]
    assert words.cells == visual.cells and words.pad == visual.pad
    run = re.compile("[\u0600-\u065f\u066a-\u06ef\ufb50-\ufdff\ufe70-\ufefe]+")
    v_text, w_text = "".join(visual.chars), "".join(words.chars)
    v_runs, w_runs = [m.span() for m in run.finditer(v_text)], [m.span() for m in run.finditer(w_text)]
    assert v_runs == w_runs and len(w_runs) >= 8  # the words where they stood
    outside = lambda s: run.sub("", s)  # noqa: E731
    assert outside(v_text) == outside(w_text) and "2030" in w_text and "(Vision)" in w_text
    for a, b in w_runs:  # each word's offsets ascend: as written; its letters the visual ones reversed
        offsets = words.offsets[a:b]
        assert offsets == sorted(offsets)
        assert sorted(words.chars[a:b]) == sorted(visual.chars[a:b])
    fatha = words.chars.index("\u064e")
    assert words.offsets[fatha] == 3 and words.offsets[fatha - 1] == 2  # after its letter, the lam
