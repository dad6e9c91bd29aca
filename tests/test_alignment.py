"""Two versions of a story compared passage by passage (reader.core.alignment)."""

from __future__ import annotations

from corpora import COPY, WIRE, story_corpus
from reader.core.alignment import MIN_SIMILARITY, compare, passages


def _sentence(text: str, p) -> str:
    return text[p.start : p.end]


def test_passages_are_sentences_with_their_full_stops_and_offsets_into_the_text():
    ps = passages(WIRE)
    assert [_sentence(WIRE, p) for p in ps][:2] == [
        "الرياض - واس",
        "أعلنت وزارة الطاقة السعودية اليوم عن خطة جديدة لخفض إنتاج النفط بمقدار مليون برميل يوميا.",
    ]
    assert len(ps) == 5
    assert ps[-1].end == len(WIRE)


def _pairs(c) -> list[tuple[int, int, int]]:
    """(pair number, passage of a, passage of b), in a's order."""
    return [(p.pair, i, p.match) for i, p in enumerate(c.a) if p.shared]


def test_shared_passages_pair_across_spellings_and_small_edits_and_the_rest_stand_alone():
    c = compare(WIRE, COPY)
    assert _pairs(c) == [(1, 1, 1), (2, 2, 2), (3, 4, 4)]
    assert [p.pair for p in c.b] == [None, 1, 2, None, 3]  # the same numbers on both sides
    assert all(MIN_SIMILARITY <= p.similarity <= 1 for p in c.a if p.shared)
    assert c.a[1].similarity == 1.0  # spelling alone: the same passage
    assert c.a[2].similarity < 1.0  # a word changed, one added
    assert not c.a[3].shared  # the sentence the copy left out
    assert not c.b[3].shared  # the copy's own sentence
    assert not c.a[0].shared and not c.b[0].shared  # datelines: too short to mean anything
    assert c.b[c.a[2].match].match == 2  # the pairing goes both ways


def test_the_summary_says_how_much_of_each_is_shared():
    c = compare(WIRE, COPY)
    assert 0.6 < c.shared_share("a") < 0.85 and 0.55 < c.shared_share("b") < 0.85
    assert c.summary().startswith("3 passages in common: ")
    assert compare(WIRE, "خبر آخر تماما عن كرة القدم في أوروبا والدوري الإنجليزي.").summary() == "no passage in common"


def test_a_passage_pairs_with_one_alike_at_most():
    line = "أعلنت وزارة الطاقة السعودية اليوم عن خطة جديدة لخفض إنتاج النفط."
    c = compare(line, f"{line}\n{line}")
    assert _pairs(c) == [(1, 0, 0)]
    assert not c.b[1].shared


def test_sentences_one_outlet_joined_share_the_number_of_the_passage_that_holds_them():
    first = "وتابع اللاعب الذي بدأ مسيرته مع برشلونة الإسباني ودافع عن ألوان الفريق الأول سنوات طويلة"
    second = "وقال إنه لم ينجح في تحقيق ما رغب فيه مع النادي رغم الفرص الكثيرة التي أتيحت له هناك"
    joined = f"{first}، {second}."
    c = compare(joined, f"{first}.\n{second}.")
    assert [p.pair for p in c.a] == [1]
    assert [p.pair for p in c.b] == [1, 1]  # both halves are in it
    assert c.shared_share("a") == c.shared_share("b") == 1.0
    assert c.summary().startswith("1 passage in common")
    # words said twice count twice: the half held is found all the same
    council = ("عقد مجلس الشؤون الاقتصادية والتنمية اجتماعا برئاسة ولي ولي العهد رئيس مجلس الشؤون "
               "الاقتصادية والتنمية")
    rest = "واطلع المجلس على عدد من الموضوعات ومنها رؤى الهيئة الوطنية للحياة الفطرية والمؤسسة العامة للغلال"
    c = compare(f"{council}، {rest}.", f"{council} في جدة.\n{rest}.")
    assert [p.pair for p in c.b] == [1, 1]


def test_a_decimal_point_does_not_end_a_passage():
    text = "ارتفع المؤشر بنسبة 0.46 في المئة عند مستوى 9381.01 نقطة. وتراجعت أسهم البنوك."
    assert [text[p.start : p.end] for p in passages(text)] == [
        "ارتفع المؤشر بنسبة 0.46 في المئة عند مستوى 9381.01 نقطة.", "وتراجعت أسهم البنوك."]


def test_unrelated_sentences_with_common_words_do_not_pair():
    a = "قال وزير الخارجية السعودي إن المملكة تدعم الحل السياسي في اليمن."
    b = "قال وزير الخارجية الأمريكي إن بلاده ستفرض عقوبات جديدة على إيران."
    assert compare(a, b).pairs == 0


# --- reader compare ------------------------------------------------------------------------------


def _pair_files(tmp_path):
    from conftest import write

    return (write(tmp_path / "wire.txt", "خطة لخفض إنتاج النفط\n\n" + WIRE),
            write(tmp_path / "copy.txt", "السعودية تخفض إنتاجها\n\n" + COPY))


def test_reader_compare_marks_each_passage_with_its_pair_or_as_its_own(tmp_path):
    from conftest import run_reader

    a, b = _pair_files(tmp_path)
    r = run_reader("compare", str(a), str(b), "--corpus", str(tmp_path), "--shape", "never", "--width", "80")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].startswith("3 passages in common: ")
    assert "  1 =      أعلنت وزارة الطاقة السعودية" in r.stdout  # the same once spelling is folded
    assert "  2 ~ 90%  وقال الوزير إن القرار" in r.stdout  # alike, with how much
    assert "    +      وأضاف أن المملكة ستواصل" in r.stdout  # only in the first
    assert "    +      وأكد محللون في جدة" in r.stdout  # only in the second
    assert "  3 ~ 86%  وكانت الأسعار قد تراجعت بنسبة ١٠" in r.stdout
    assert all(len(line) <= 80 for line in lines)


def test_reader_compare_json_gives_both_sides_in_logical_order_with_offsets(tmp_path):
    import json

    from conftest import run_reader

    a, b = _pair_files(tmp_path)
    r = run_reader("compare", str(a), str(b), "--corpus", str(tmp_path), "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["pairs"] == 3 and data["summary"].startswith("3 passages")
    first = data["a"]["passages"]
    assert [p["pair"] for p in data["b"]["passages"]] == [None, None, 1, 2, None, 3]
    text = a.read_text("utf-8")
    assert all(text[p["start"] : p["end"]] == p["text"] for p in first)
    assert first[2]["text"].startswith("أعلنت وزارة") and first[2]["similarity"] == 1.0


def test_reader_compare_names_a_missing_document_in_one_line(tmp_path):
    from conftest import run_reader

    a, _b = _pair_files(tmp_path)
    r = run_reader("compare", str(a), str(tmp_path / "gone.txt"), "--corpus", str(tmp_path))
    errors = [line for line in r.stderr.splitlines() if "error" in line]
    assert r.returncode == 2 and len(errors) == 1 and "gone.txt" in errors[0]


# --- reader related ------------------------------------------------------------------------------


def test_related_finds_the_other_versions_first_and_leaves_the_document_and_the_unrelated_out(tmp_path):
    from reader.index.files.corpus import make_roots
    from reader.core.library import Library

    lib = Library(make_roots([story_corpus(tmp_path)]))
    found = lib.related(lib.document("wire.txt"))
    ids = [h.id for h in found.hits]
    assert ids[0] == "copy.txt" and "follow.txt" in ids
    assert "wire.txt" not in ids and "football.txt" not in ids and "rain.txt" not in ids


def test_reader_related_says_how_much_of_the_document_each_shares(tmp_path):
    import json

    from conftest import run_reader

    corpus = story_corpus(tmp_path)
    r = run_reader("related", str(corpus / "wire.txt"), "--corpus", str(corpus), "--shape", "never")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("2 documents most like wire.txt")
    assert "copy.txt" in r.stdout and "shares 7" in r.stdout  # 74% of the wire's words: a copy
    data = json.loads(run_reader("related", "wire.txt", "--corpus", str(corpus), "--json").stdout)
    assert data["of"] == "wire.txt" and data["hits"][0]["id"] == "copy.txt"
    assert data["hits"][0]["shared"] > 0.6 > data["hits"][1]["shared"]
    lonely = run_reader("related", "rain.txt", "--corpus", str(corpus))
    assert lonely.returncode == 1 and "no document is like rain.txt" in lonely.stderr
