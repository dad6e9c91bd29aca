"""One bad document never stops a corpus (issue 11): each stage of the
build runs per document under a guard, and the rest is indexed."""

from __future__ import annotations

import os
import shutil

import pytest

from conftest import SEEDS, make_news, run_reader, write
from reader.index.language import arabic
from reader.core.library import Library

POISON = "كلمةمسمومة"  # a word our fake fault strikes on


@pytest.fixture
def poisoned(monkeypatch):
    """Analysis that raises on one word, as a bug that one text meets would."""
    real = arabic.analyses

    def analyses(text):
        if POISON in text:
            raise ValueError("a fault in the analysis")
        return real(text)

    monkeypatch.setattr("reader.index.engine.schema.analyses", analyses)


def _corpus(tmp_path, count=0):
    corpus = tmp_path / "c"
    for p in sorted(SEEDS.iterdir()):
        write(corpus / p.name, p.read_text("utf-8"))
    if count:
        make_news(corpus / "gen", count)
    write(corpus / "bad.txt", f"عنوان\nنص فيه {POISON} وكلمات عن الرياض")
    return corpus


@pytest.mark.parametrize("workers", [1, 2])
def test_a_document_whose_analysis_fails_is_skipped_and_the_rest_indexed(tmp_path, poisoned, workers):
    corpus = _corpus(tmp_path, count=300 if workers > 1 else 0)
    lib = Library.of([corpus], workers=workers)
    report = lib.update()
    assert [(s.path.name, s.reason) for s in report.skipped] == [
        ("bad.txt", "analysis failed (ValueError: a fault in the analysis)")]
    assert report.added == len(list(corpus.rglob("*.txt"))) - 1
    lib.open()
    # Nothing of the failed document reached the index, not even in part:
    # its words are found nowhere and every score is that of the same
    # corpus without it.
    clean = tmp_path / "clean"
    shutil.copytree(corpus, clean)
    os.remove(clean / "bad.txt")
    without = Library.of([clean], workers=workers)
    for query in ("الرياض", "وكلمات", "السعودية النفط", POISON):
        got, want = lib.search(query, limit=1000), without.search(query, limit=1000)
        # (sorted: equal scores may come in another order, the documents
        # being shared out among the workers differently)
        assert sorted((h.id, round(h.score, 6)) for h in got.hits) == sorted((h.id, round(h.score, 6)) for h in want.hits)
    assert lib.search(POISON).total == 0
    assert "bad.txt" not in {d.id for d in lib.documents()}


def test_an_incremental_update_skips_it_too_and_keeps_the_old_version(tmp_path, poisoned):
    corpus = _corpus(tmp_path)
    (corpus / "bad.txt").write_text("عنوان\nنص سليم عن جدة", "utf-8")
    lib = Library.of([corpus], workers=1)
    lib.update()
    (corpus / "bad.txt").write_text(f"عنوان\nنص فيه {POISON}", "utf-8")
    write(corpus / "new.txt", "خبر جديد\nعن مدينة تبوك")
    report = lib.update()
    assert [s.path.name for s in report.skipped] == ["bad.txt"]
    assert report.added == 1
    lib.open()
    assert {h.id for h in lib.search("تبوك").hits} == {"new.txt"}
    assert {h.id for h in lib.search("جدة").hits} >= {"bad.txt"}  # the version indexed before
    report = lib.update()  # retried each run, failing the same way, nothing else redone
    assert [s.path.name for s in report.skipped] == ["bad.txt"] and report.added == report.updated == 0


def test_a_failed_document_counts_in_the_build_summary(tmp_path, poisoned):
    report = Library.of([_corpus(tmp_path)], workers=1).update()
    assert "1 skipped" in report.summary()


# --- file names that are not UTF-8 ------------------------------------------------------------


def test_a_file_name_that_is_not_utf8_is_indexed_searched_and_opened(tmp_path):
    corpus = _corpus(tmp_path)
    os.remove(corpus / "bad.txt")
    raw = os.fsencode(corpus) + b"/\xff\xfeclip.txt"
    with open(raw, "wb") as f:
        f.write("خبر عن تبوك\nنص المقال عن مدينة تبوك".encode())
    lib = Library.of([corpus], workers=1)
    report = lib.update()
    assert not report.skipped
    lib.open()
    (hit,) = lib.search("تبوك").hits
    assert hit.id == os.fsdecode(b"\xff\xfeclip.txt")  # lossless: the bytes come back
    assert lib.resolve(hit.id).text.startswith("خبر عن تبوك")
    # Later runs still work (once such a name was in, every update failed).
    write(corpus / "new.txt", "خبر جديد\nعن مدينة أبها")
    report = Library.of([corpus], workers=1).update()
    assert report.added == 1 and report.unchanged == 6


def test_a_file_name_that_is_not_utf8_is_shown_escaped(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    with open(os.fsencode(corpus) + b"/bad\xffname.txt", "wb") as f:
        f.write("خبر عن تبوك\nنص".encode())
    r = run_reader("--corpus", str(corpus), "search", "تبوك")
    assert r.returncode == 0, r.stderr
    assert "bad\\xffname.txt" in r.stdout
    r = run_reader("--corpus", str(corpus), "search", "--json", "تبوك")
    assert '"bad\\udcffname.txt"' in r.stdout  # JSON's own escape: json.loads gives the name back


# --- the entity pass ---------------------------------------------------------------------------


def test_a_document_whose_entities_fail_is_named_and_the_others_get_theirs(tmp_path, monkeypatch):
    from reader.entities import recognizer as rec

    corpus = _corpus(tmp_path)
    lib = Library.of([corpus], workers=1)
    lib.update()
    real = rec.Recognizer.bases

    def bases(self, texts):  # documents are read a few at a time: the fault fails its batch
        if any(POISON in text for text, _tokens in texts):
            raise RuntimeError("a fault in the model")
        return real(self, texts)

    monkeypatch.setattr(rec.Recognizer, "bases", bases)
    report = lib.find_entities(workers=1)
    assert report.failed == [("bad.txt", "entities failed (RuntimeError: a fault in the model)")]
    assert "1 failed" in report.summary()
    lib.open()
    assert lib.search("place:سوريا").total == 5  # the seeds' names went in
    monkeypatch.setattr(rec.Recognizer, "bases", real)
    again = lib.find_entities(workers=1)  # not kept as done: the next pass tries it again
    assert again.failed == [] and again.recognized == 1


def test_entities_are_looked_for_in_a_bounded_part_of_a_huge_document():
    from reader.entities.recognizer import MAX_CHARS, find_entities, searched_part

    text = "زار الملك سلمان مدينة جدة . " * (MAX_CHARS // 10)
    part = searched_part(text)
    assert MAX_CHARS // 2 < len(part) <= MAX_CHARS and text.startswith(part) and text[len(part)] == " "
    ents = find_entities(text)
    assert ents and max(e.end for e in ents) <= len(part)
    assert searched_part("قصير") == "قصير"


def test_a_folder_that_cannot_be_read_keeps_its_documents(tmp_path, monkeypatch):
    from reader.index.files import corpus as corpus_mod

    corpus = _corpus(tmp_path)
    write(corpus / "sub" / "a.txt", "خبر في مجلد\nعن مدينة تبوك")
    lib = Library.of([corpus], workers=1)
    lib.update()
    real = os.scandir

    def scandir(path):
        if os.fspath(path).endswith("/sub"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(corpus_mod.os, "scandir", scandir)
    report = lib.update()
    assert [s.reason for s in report.skipped] == ["permission denied"] and report.removed == 0
    lib.open()
    assert {h.id for h in lib.search("تبوك").hits} == {"sub/a.txt"}
    os.remove(corpus / "sub" / "a.txt")  # still unreadable: nothing is known of it
    assert lib.update().removed == 0
