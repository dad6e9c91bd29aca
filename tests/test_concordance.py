"""The concordance: `reader kwic`, and Library.concordance under it."""

from __future__ import annotations

import json
import re

from conftest import run_reader, write

from reader.display.layout import cell_width
from reader.index.files.corpus import make_roots
from reader.core.library import Library

DOCS = {
    "a.txt": "أسعار النفط\n\nارتفعت أسعار النفط اليوم في الأسواق. وقال محللون إن النفطَ سيبقى مرتفعا.",
    "b.txt": "صادرات الخام\n\nتراجعت صادرات النفط الخام هذا الشهر. وتستورد الهند والنفط الروسي يصلها.",
    "c.txt": "خبر آخر\n\nفاز الفريق بالمباراة أمس في الرياض بعد أداء قوي.",
}


def _corpus(tmp_path):
    for name, text in DOCS.items():
        write(tmp_path / "c" / name, text)
    return tmp_path / "c"


def test_every_form_of_the_word_is_a_line_with_its_context_as_written(tmp_path):
    lib = Library(make_roots([_corpus(tmp_path)]))
    found = lib.concordance("النفط")
    assert found.documents == 2 and found.read == 2
    assert sorted(x.match for x in found.lines) == sorted(["النفط", "النفط", "النفط", "النفطَ", "والنفط"])
    for x in found.lines:
        text = DOCS[x.doc_id]
        assert text[x.start : x.end] == x.match
        flat = re.sub(r"\s+", " ", text[: x.start]), re.sub(r"\s+", " ", text[x.end :])
        assert flat[0].endswith(x.before) and flat[1].startswith(x.after)
    title_line = next(x for x in found.lines if x.doc_id == "a.txt" and x.start < 12)
    assert title_line.before == "أسعار " and title_line.after.startswith(" ارتفعت")  # line breaks read as spaces


def test_sorting_by_the_word_before_or_after_groups_usages(tmp_path):
    found = Library(make_roots([_corpus(tmp_path)])).concordance("النفط")
    left = [x.before.split()[-1] for x in found.sorted("left")]
    assert left == ["أسعار", "أسعار", "الهند", "إن", "صادرات"]  # spelling folded: أ and إ sort as ا
    right = [x.after.split()[0] for x in found.sorted("right")]
    assert right == ["ارتفعت", "الخام", "الروسي", "اليوم", "سيبقى"]


def test_a_limit_on_documents_reads_the_best_first_and_says_how_many_it_left(tmp_path):
    found = Library(make_roots([_corpus(tmp_path)])).concordance("النفط", max_docs=1)
    assert (found.documents, found.read) == (2, 1)
    assert {x.doc_id for x in found.lines} == {found.lines[0].doc_id}


def _cells(s: str) -> int:
    return sum(cell_width(c) for c in s)


def test_reader_kwic_aligns_the_form_in_a_column_at_80_cells(tmp_path):
    corpus = _corpus(tmp_path)
    r = run_reader("kwic", "النفط", "--corpus", str(corpus), "--shape", "always", "--width", "80", "--color", "always")
    assert r.returncode == 0, r.stderr
    rows = r.stdout.splitlines()
    plain = [row.replace("\x1b[1;33m", "").replace("\x1b[0m", "") for row in rows]
    assert len(rows) == 5 and all(_cells(row) <= 80 for row in plain)
    assert "5 occurrences in 2 documents" in r.stderr
    # the form's column starts at the same cell on every row: the words after it
    # (on its left, in Arabic) are right-aligned against it, those before follow it
    ends = {_cells(row[: row.index("\x1b[0m")].replace("\x1b[1;33m", "")) for row in rows}
    assert len(ends) == 1  # right-aligned: its right edge, where reading starts
    starts = {_cells(row[: row.index("\x1b[1;33m")]) for row in rows}
    assert len(starts) == 2  # والنفط is a cell wider than النفط: the gap on its left takes it


def test_reader_kwic_to_a_pipe_is_tab_separated_logical_text_and_json_has_everything(tmp_path):
    corpus = _corpus(tmp_path)
    r = run_reader("kwic", "النفط", "--corpus", str(corpus), "--sort", "before")
    assert r.returncode == 0, r.stderr
    fields = [row.split("\t") for row in r.stdout.splitlines()]
    assert all(len(f) == 5 for f in fields)
    assert ["a.txt", "6", "أسعار ", "النفط", " ارتفعت أسعار النفط اليوم في الأسواق. وقال محللون إن النفطَ سيبقى مرتفعا."] in fields
    j = json.loads(run_reader("kwic", "النفط", "--corpus", str(corpus), "--json").stdout)
    assert j["occurrences"] == 5 and j["documents"] == 2 and j["read"] == 2
    assert {line["doc_id"] for line in j["lines"]} == {"a.txt", "b.txt"}


def test_reader_kwic_says_when_nothing_matches_and_cannot_drive_the_terminal(tmp_path):
    corpus = _corpus(tmp_path)
    body = " ".join(DOCS.values()) * 5  # enough text not to read as binary
    write(corpus / "evil.txt", f"عنوان\n\nكلام قبل \x1b[2J\x1b]0;x\x07 كلمةنادرة بعد\u202e ذلك.\n{body}")
    r = run_reader("kwic", "كلمةنادرة", "--corpus", str(corpus), "--shape", "always")
    assert r.returncode == 0 and "1 occurrence in 1 document" in r.stderr and "\x1b" not in r.stdout and "\x07" not in r.stdout and "\u202e" not in r.stdout
    r = run_reader("kwic", "كلمةنادرة", "--corpus", str(corpus))
    assert r.returncode == 0 and "\x1b" not in r.stdout and "\u202e" not in r.stdout
    r = run_reader("kwic", "غائبةتماما", "--corpus", str(corpus))
    assert r.returncode == 1 and "0 occurrences" in r.stderr
