"""Reading the corpus: encodings, structure, and every kind of bad file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import SEEDS, write
from reader.index.files.corpus import (
    Document,
    Skipped,
    decode,
    DecodeError,
    iter_documents,
    make_roots,
    paragraphs,
    read_path,
    title_and_author,
    walk,
)

SEED_TEXT = (SEEDS / "004_6a18982ae2c37ec8.txt").read_text("utf-8")


def docs_and_skips(folder: Path):
    out = list(iter_documents(make_roots([folder])))
    return [d for d in out if isinstance(d, Document)], [s for s in out if isinstance(s, Skipped)]


# --- encodings users really have ---------------------------------------------------

ENCODINGS = [
    ("utf-8", SEED_TEXT.encode("utf-8"), "utf-8"),
    ("utf-8 with BOM", SEED_TEXT.encode("utf-8-sig"), "utf-8"),
    ("utf-16 LE with BOM", SEED_TEXT.encode("utf-16"), "utf-16"),
    ("utf-16 BE with BOM", b"\xfe\xff" + SEED_TEXT.encode("utf-16-be"), "utf-16"),
    ("windows-1256", SEED_TEXT.encode("cp1256", errors="replace"), "cp1256"),
]


@pytest.mark.parametrize("name,data,encoding", ENCODINGS, ids=[e[0] for e in ENCODINGS])
def test_decodes(name, data, encoding):
    text, found = decode(data)
    assert found == encoding
    assert "تحرير آخر جيوب" in text
    assert not text.startswith("\ufeff")


def test_every_seed_round_trips_through_windows_1256():
    # Real cp1256 Arabic: every seed, encoded as Windows would save it.
    for path in SEEDS.glob("*.txt"):
        original = path.read_text("utf-8")
        data = original.encode("cp1256", errors="replace")
        text, found = decode(data)
        assert found == "cp1256", path.name
        assert text[:200] == data.decode("cp1256")[:200]


def test_latin1_french_is_not_taken_for_arabic():
    data = "Le président a déclaré à la presse que l'État islamique était vaincu.".encode("latin-1")
    with pytest.raises(DecodeError, match="nor Windows-1256"):
        decode(data)


# --- structure ----------------------------------------------------------------------------


def test_title_is_first_line_when_it_reads_as_one():
    assert title_and_author(["انتهت دولة 'الخلافة' وبقي خطرها", "", "نص"]) == ("انتهت دولة 'الخلافة' وبقي خطرها", "")


def test_title_falls_back_to_opening_words_for_a_sentence():
    lines = ["رغم الهزائم يشكل التنظيم تهديدا فعليا ليس في سوريا والعراق انما في الدول الاجنبية ايضا."]
    title, _ = title_and_author(lines)
    assert title == "رغم الهزائم يشكل التنظيم تهديدا فعليا ليس في سوريا والعراق…"


BYLINES = [
    ("بقلم : مكرم محمد أحمد", "مكرم محمد أحمد"),
    ("بقلم: سامي", "سامي"),
    ("كتب - أحمد علي", "أحمد علي"),
    ("كتبت: منى الشاذلي", "منى الشاذلي"),
]


@pytest.mark.parametrize("line,author", BYLINES)
def test_byline_becomes_author_not_title(line, author):
    title, found = title_and_author([line, "داعش يعلن مسؤوليته عن الهجوم", "نص المقال."])
    assert found == author
    assert title == "داعش يعلن مسؤوليته عن الهجوم"


def test_sentence_starting_with_kataba_is_no_byline():
    line = "كتب الرئيس الأمريكي على تويتر أن التنظيم هزم تماما في سوريا والعراق بعد معارك طويلة."
    _, author = title_and_author([line])
    assert author == ""


def test_seed_with_byline(tmp_path):
    doc = read_path(SEEDS / "002_248ac03b830f8f86.txt")
    assert doc.author == "مكرم محمد أحمد"
    assert "بقلم" not in doc.title


def test_newlines_normalized_text_otherwise_unchanged(tmp_path):
    raw = "عنوان\r\n\r\nسطر\u00a0أول\rسطر ثان"
    (tmp_path / "a.txt").write_bytes(raw.encode("utf-8"))
    doc = read_path(tmp_path / "a.txt")
    assert doc.text == "عنوان\n\nسطر\u00a0أول\nسطر ثان"


def test_paragraphs_are_lines_and_blocks():
    text = "عنوان\n\nفقرة أولى.\nفقرة ثانية.\n\u00a0\nفقرة ثالثة."
    got = [text[s:e] for s, e in paragraphs(text)]
    assert got == ["عنوان", "فقرة أولى.", "فقرة ثانية.", "فقرة ثالثة."]


def test_hard_wrapped_pdf_lines_join():
    doc = read_path(SEEDS / "003_135ca1c0598dfef5.txt")
    first = doc.text[slice(*doc.paragraphs[0])]
    assert first.startswith("بعد نحو أقل من سنتين")
    assert "فلوله إل عمق الصحراء" in first  # the second line joined the first
    assert len(doc.paragraphs) < len([l for l in doc.text.split("\n") if l.strip()])


def test_seed_paragraph_offsets_are_trimmed():
    for path in SEEDS.glob("*.txt"):
        doc = read_path(path)
        for s, e in doc.paragraphs:
            piece = doc.text[s:e]
            assert piece and piece == piece.strip()


# --- the folder walk ---------------------------------------------------------------------


def test_ids_are_paths_relative_to_the_root(tmp_path):
    write(tmp_path / "a" / "b" / "x.txt", "عنوان\n\nنص")
    write(tmp_path / "y.md", "عنوان\n\nنص")
    write(tmp_path / "z.jpg", "not read")
    write(tmp_path / ".hidden" / "h.txt", "عنوان")
    docs, skipped = docs_and_skips(tmp_path)
    assert sorted(d.id for d in docs) == ["a/b/x.txt", "y.md"]
    assert skipped == []


def test_several_roots_prefix_ids(tmp_path):
    write(tmp_path / "one" / "x.txt", "أ")
    write(tmp_path / "two" / "x.txt", "ب")
    out = list(iter_documents(make_roots([tmp_path / "one", tmp_path / "two"])))
    assert sorted(d.id for d in out) == ["one/x.txt", "two/x.txt"]


# --- bad input: each skipped with one clear line, the good files kept ----------------------


def test_bad_files_are_skipped_with_reasons(tmp_path):
    write(tmp_path / "good.txt", SEED_TEXT)
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "undecodable.txt").write_bytes(b"caf\xe9 cr\xe8me br\xfbl\xe9e " * 20)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \n\n\t\n")
    (tmp_path / "broken.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "loop").symlink_to(tmp_path)
    docs, skipped = docs_and_skips(tmp_path)
    assert [d.id for d in docs] == ["good.txt"]
    reasons = {s.path.name: s.reason for s in skipped}
    assert "binary" in reasons["binary.txt"]
    assert "not UTF-8" in reasons["undecodable.txt"]
    assert "empty" in reasons["empty.txt"]
    assert "empty" in reasons["blank.txt"]
    assert "broken symlink" in reasons["broken.txt"]
    assert "loop" in reasons["loop"]
    for s in skipped:
        line = s.line()
        assert "\n" not in line and line.startswith("skipped ")


def test_too_large_file_is_skipped(tmp_path):
    import reader.index.files.corpus as corpus

    write(tmp_path / "big.txt", "داعش " * 1000)
    files, _ = walk(make_roots([tmp_path]))
    (result,) = corpus.read(files[0], max_bytes=1000)
    assert isinstance(result, Skipped) and "too large" in result.reason


def test_unreadable_file_is_skipped(tmp_path, monkeypatch):
    write(tmp_path / "secret.txt", SEED_TEXT)
    write(tmp_path / "open.txt", SEED_TEXT)
    if os.geteuid() != 0:
        os.chmod(tmp_path / "secret.txt", 0)
    else:  # root reads anything: simulate the permission error
        real_open = os.open

        def guarded(path, *a, **k):
            if str(path).endswith("secret.txt"):
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, *a, **k)

        monkeypatch.setattr(os, "open", guarded)
    docs, skipped = docs_and_skips(tmp_path)
    assert [d.id for d in docs] == ["open.txt"]
    assert skipped[0].reason == "permission denied"


def test_symlink_loop_is_reported_once(tmp_path):
    write(tmp_path / "a" / "x.txt", SEED_TEXT)
    (tmp_path / "a" / "back").symlink_to(tmp_path)
    files, skipped = walk(make_roots([tmp_path]))
    assert [f.id for f in files] == ["a/x.txt"]
    assert len([s for s in skipped if "loop" in s.reason]) == 1


# --- only regular files are read (issue 11: a FIFO named x.txt hung the build) ---------------


def test_a_fifo_in_the_corpus_is_skipped_not_read(tmp_path):
    write(tmp_path / "a.txt", SEED_TEXT)
    os.mkfifo(tmp_path / "x.txt")
    files, skipped = walk(make_roots([tmp_path]))
    assert [f.path.name for f in files] == ["a.txt"]
    assert [(s.path.name, s.reason) for s in skipped] == [("x.txt", "not a regular file (FIFO)")]


def test_a_fifo_put_where_a_file_was_does_not_hang_the_read(tmp_path):
    # The walk saw a file; by the read a FIFO is there. The read runs in a
    # child so that a hang fails the test instead of stopping it.
    import subprocess
    import sys

    write(tmp_path / "x.txt", SEED_TEXT)
    files, _ = walk(make_roots([tmp_path]))
    (tmp_path / "x.txt").unlink()
    os.mkfifo(tmp_path / "x.txt")
    code = ("import sys; from pathlib import Path; from reader.index.files.corpus import FileEntry, read; "
            f"print(read(FileEntry('x.txt', Path({str(tmp_path / 'x.txt')!r}), 0, {files[0].size}))[0].reason)")
    r = subprocess.run([sys.executable, "-P", "-c", code], capture_output=True, text=True, timeout=20,
                       cwd=Path(__file__).resolve().parent.parent)
    assert r.stdout.strip() == "not a regular file (FIFO)", r.stderr
    assert isinstance(read_path(tmp_path / "x.txt"), Skipped)


def test_reader_index_goes_past_a_fifo(tmp_path):
    from conftest import run_reader

    corpus = tmp_path / "c"
    write(corpus / "a.txt", SEED_TEXT)
    os.mkfifo(corpus / "x.txt")
    r = run_reader("index", "--corpus", str(corpus), timeout=60)
    assert r.returncode == 0, r.stderr
    assert "x.txt" in r.stderr and "not a regular file (FIFO)" in r.stderr
    assert "1 document indexed" in r.stderr
