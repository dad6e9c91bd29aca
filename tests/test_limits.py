"""Files built to hurt (issue 25): each costs a bounded time and memory,
is skipped or cut with a line naming the limit and how to raise it, and
costs only itself. The hostile files are made here (tests/hostile.py), a
limit lowered where that keeps a test quick."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

import hostile as h
from conftest import run_reader, wait_for
from reader.index.files import sandbox
from reader.index.files.formats import limits
from reader.index.files.corpus import Document, FileEntry, Skipped, from_bytes, read
from reader.index.files.formats import read_records
from reader.index.files.formats.limits import LimitError, LimitExceeded, current


def entry(path: Path) -> FileEntry:
    st = path.stat()
    return FileEntry(path.name, path, st.st_mtime_ns, st.st_size)


def read_file(tmp_path: Path, name: str, data: bytes) -> tuple[list[Document], list[str]]:
    path = tmp_path / name
    path.write_bytes(data)
    out = read(entry(path))
    return [d for d in out if isinstance(d, Document)], [s.reason for s in out if isinstance(s, Skipped)]


@pytest.fixture(autouse=True)
def fresh_reader():
    """Each test's reader process is its own (a test kills or starves one)."""
    sandbox.close()
    yield
    sandbox.close()


# --- what a compressed part inflates to ----------------------------------------------


def test_a_docx_bomb_is_skipped_by_its_headers_at_once(tmp_path, monkeypatch):
    monkeypatch.setenv("READER_MAX_INFLATE_MB", "4")
    start = time.monotonic()
    docs, reasons = read_file(tmp_path, "bomb.docx", h.docx_bomb(20 << 20))
    assert not docs
    assert reasons == ["its zip's parts inflate past 4 MiB (limit 4 MiB: set READER_MAX_INFLATE_MB to raise it)"]
    assert time.monotonic() - start < 10  # python-docx inflated and parsed it all: a minute at 300 MB


def test_a_docx_whose_headers_lie_is_inflated_no_further_than_they_say(tmp_path, monkeypatch):
    # Its headers say 1 KB; zipfile's read() inflates the whole member
    # before cutting it to that (600 MB for 300 MB): with 100 MiB to spend
    # that was a MemoryError, now the member is read a chunk at a time.
    monkeypatch.setenv("READER_READ_MEMORY_MB", "100")
    docs, reasons = read_file(tmp_path, "lie.docx", h.docx_bomb(150 << 20, lie=True))
    assert not docs
    assert len(reasons) == 1 and reasons[0].startswith("broken .docx") and "CRC" in reasons[0]


def test_a_good_docx_is_read_under_the_limits(tmp_path):
    docs, reasons = read_file(tmp_path, "good.docx", h.docx_bytes([h.ARTICLE], title="عنوان"))
    assert not reasons and docs[0].title == "عنوان" and h.ARTICLE.strip()[:40] in docs[0].text


def test_a_pdf_stream_inflates_no_further_than_the_limit(monkeypatch):
    monkeypatch.setenv("READER_MAX_INFLATE_MB", "1")
    pdf = h.pdf_bytes([h.zero_content(1536 << 10)])
    with pytest.raises(LimitExceeded, match=r"^its streams inflate past 1 MiB \(limit 1 MiB: set READER_MAX_INFLATE_MB"):
        read_records("pdf", pdf, Path("x.pdf"))
    monkeypatch.setenv("READER_MAX_INFLATE_MB", "8")
    assert read_records("pdf", pdf, Path("x.pdf"))[0].text == "Hello."


def test_a_pdf_stream_with_a_broken_checksum_gives_what_it_holds():
    # pdfminer fed such a stream to zlib a byte at a time (quadratic); the
    # bounded inflater reads it as raw deflate, as much as there is.
    pdf = bytearray(h.pdf_bytes([h.text_content(50)]))
    end = pdf.index(b"\nendstream")
    pdf[end - 4 : end] = b"\0\0\0\0"  # the adler32 of the stream
    (record,) = read_records("pdf", bytes(pdf), Path("x.pdf"))
    assert "Hello world 0." in record.text and "Hello world 49." in record.text


# --- PDF pages ---------------------------------------------------------------------


def test_pdf_pages_over_the_limit_are_cut_with_a_line(monkeypatch):
    pdf = h.pdf_bytes([h.text_content(3, b"page %d" % n) for n in range(5)])
    monkeypatch.setenv("READER_PDF_PAGES", "3")
    record, note = read_records("pdf", pdf, Path("x.pdf"))
    assert "page 2" in record.text and "page 3" not in record.text
    assert note == "pages after page 3 not read (limit 3 pages: set READER_PDF_PAGES to raise it)"


def test_a_page_drawing_more_than_memory_allows_is_left_out(monkeypatch):
    # 8 MiB of memory allows 32 KiB of a page's content: the second page draws 44 KiB.
    monkeypatch.setenv("READER_READ_MEMORY_MB", "8")
    pdf = h.pdf_bytes([h.text_content(5, b"first"), h.text_content(2000, b"second"), h.text_content(5, b"third")])
    record, note = read_records("pdf", pdf, Path("x.pdf"))
    assert "first 0." in record.text and "third 4." in record.text and "second" not in record.text
    assert note.startswith("page 2 not read: it draws ") and note.endswith("set READER_READ_MEMORY_MB to raise it)")


def test_a_page_of_many_text_boxes_is_read_in_linear_time():
    # pdfminer grouped the boxes two by two: 4,000 lines took 200 s.
    start = time.monotonic()
    (record,) = read_records("pdf", h.pdf_bytes([h.text_content(4000)]), Path("x.pdf"))
    assert time.monotonic() - start < 15
    lines = record.text.split(". ")
    assert lines[0] == "Hello world 0" and "Hello world 3999." in record.text


def test_a_pdf_whose_pages_all_draw_one_big_stream_is_cut_for_time(tmp_path, monkeypatch):
    # It ran for over 300 s; each page now stands in the clock's queue.
    monkeypatch.setenv("READER_READ_SECONDS", "4")
    start = time.monotonic()
    docs, reasons = read_file(tmp_path, "shared.pdf", h.pdf_bytes([h.text_content(2000)], pages=2000, shared=True))
    assert time.monotonic() - start < 15
    assert len(docs) == 1 and "Hello world 1999." in docs[0].text
    (reason,) = reasons
    assert reason.startswith("pages after page ") and "not read: reading took over 3.2 s" in reason
    assert reason.endswith("(limit 4 s: set READER_READ_SECONDS to raise it)")


# --- the reader process -------------------------------------------------------------------


def test_a_reader_over_its_time_is_stopped(monkeypatch):
    monkeypatch.setenv("READER_READ_SECONDS", "1")
    start = time.monotonic()
    with pytest.raises(LimitExceeded, match=r"^reading took over 1 s \(limit 1 s: set READER_READ_SECONDS to raise it\)$"):
        sandbox.call(time.sleep, 60)  # a read that outlasts its 1 s: the clock must run out
    assert time.monotonic() - start < 10
    assert sandbox.call(sum, [1, 2]) == 3  # the next file gets a new reader


def test_a_reader_over_its_memory_is_stopped_and_the_next_one_is_fresh(monkeypatch):
    monkeypatch.setenv("READER_READ_MEMORY_MB", "200")
    with pytest.raises(LimitExceeded, match=r"^reading needs over 200 MiB of memory \(limit 200 MiB: set READER_READ_MEMORY_MB"):
        sandbox.call(allocate, 1 << 30)
    assert sandbox.call(allocate, 100 << 20) == 100 << 20


def allocate(n: int) -> int:
    return len(bytearray(n))


_HOARD: list = []


def hoard(n: int) -> int:
    """Keeps n bytes in the reader process: it grows, as it does over many files."""
    _HOARD.append(bytearray(n))
    return len(_HOARD)


def test_a_reader_grown_past_its_mark_is_replaced_between_files(monkeypatch):
    # A reader past 60% of its memory leaves after its answer; the next
    # file went to the dead one ("the reader crashed on it", one docx in 110).
    monkeypatch.setenv("READER_READ_MEMORY_MB", "100")
    assert sandbox.call(hoard, 70 << 20) == 1
    assert sandbox.call(hoard, 1) == 1  # a new reader, with nothing hoarded
    assert sandbox.call(hoard, 1) == 2


def _dead(pid: int) -> bool:
    """The process has ended, every thread of it: its parent (this process)
    could reap it now. WNOWAIT leaves the reaping to reader; a "Z" in
    /proc/PID/stat came while the rest of the process was still going."""
    return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None


def test_a_reader_killed_while_waiting_is_replaced(tmp_path):
    import signal

    pid = sandbox.call(os.getpid)  # the reader process's, asked of it
    assert pid != os.getpid()
    os.kill(pid, signal.SIGKILL)
    wait_for(lambda: _dead(pid), what="the killed reader process's end")
    assert sandbox.call(sum, [1, 2]) == 3


def test_a_reader_that_crashes_costs_only_its_file(tmp_path):
    with pytest.raises(LimitExceeded, match=r"^the reader died \(SIGABRT\)"):
        sandbox.call(os.abort)
    docs, reasons = read_file(tmp_path, "good.docx", h.docx_bytes([h.ARTICLE]))
    assert docs and not reasons


def test_the_reader_process_is_one_for_many_files(tmp_path):
    for n in range(3):
        read_file(tmp_path, f"{n}.json", json.dumps([{"text": "نص"}]).encode())
    first = sandbox.call(os.getpid)  # the reader process's, asked of it
    read_file(tmp_path, "x.json", json.dumps([{"text": "نص"}]).encode())
    assert sandbox.call(os.getpid) == first and first != os.getpid()


def test_plain_text_is_read_in_process(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "call", lambda fn, *args: pytest.fail("plain text was sent to the reader process"))
    docs, reasons = read_file(tmp_path, "a.txt", h.ARTICLE.encode())
    assert len(docs) == 1 and not reasons


def test_a_bad_limit_is_named():
    os.environ["READER_READ_SECONDS"] = "soon"
    try:
        with pytest.raises(LimitError, match=r"^READER_READ_SECONDS='soon' is not a positive number \(s\)"):
            current()
    finally:
        del os.environ["READER_READ_SECONDS"]


def test_a_file_over_the_size_limit_says_how_to_raise_it(tmp_path, monkeypatch):
    monkeypatch.setenv("READER_MAX_FILE_MB", "0.01")
    docs, reasons = read_file(tmp_path, "a.txt", h.ARTICLE.encode() * 30)
    assert reasons == ["too large (0.0 MiB) (limit 0.01 MiB: set READER_MAX_FILE_MB to raise it)"]


# --- one bad record costs only itself --------------------------------------------------


def ids_and_reasons(name: str, data: bytes):
    out = from_bytes(name, Path(name), data)
    return [d.id for d in out if isinstance(d, Document)], [s.reason for s in out if isinstance(s, Skipped)]


@pytest.mark.parametrize("name", ["a.jsonl", "a.json"])
def test_a_record_nested_too_deep_costs_only_itself(name):
    deep = '{"text": "ok", "title": %s}' % ("[" * 900 + '"x"' + "]" * 900)
    good = ['{"text": "نص أول"}', '{"text": "نص ثان"}']
    data = ("\n".join([good[0], deep, good[1]]) if name.endswith("l") else f"[{good[0]}, {deep}, {good[1]}]").encode()
    ids, reasons = ids_and_reasons(name, data)
    assert ids == [f"{name}#1", f"{name}#3"]
    assert len(reasons) == 1 and reasons[0].endswith("2: nested too deep")


def test_a_five_thousand_digit_number_costs_nothing():
    ids, reasons = ids_and_reasons("a.json", ('[{"text": "نص", "n": %s}, {"text": "آخر"}]' % ("1" * 5000)).encode())
    assert ids == ["a.json#1", "a.json#2"] and not reasons


def test_deeply_nested_json_ld_costs_only_the_metadata():
    page = (b"<html><head><title>t</title><script type='application/ld+json'>" + h.nested(5000).encode()
            + b"</script></head><body><article><p>" + h.ARTICLE.encode() + b"</p></article></body></html>")
    ids, reasons = ids_and_reasons("a.html", page)
    assert ids == ["a.html"] and not reasons


def test_a_page_of_nul_bytes_is_no_page():
    assert ids_and_reasons("a.html", b"\0" * 1000) == ([], ["binary file (control characters), not a web page"])


def test_an_export_is_cut_for_time_keeping_what_was_read(tmp_path, monkeypatch):
    # Its records are made in the first third of the whole read, its
    # documents in the second, then sent back: a clock set from this
    # machine's own speed, at half the whole read, falls while documents
    # are being made.
    data = "\n".join(json.dumps({"text": f"نص الخبر {n}"}) for n in range(100000)).encode()
    whole = float("inf")
    for attempt in range(3):  # a shared machine may run the cut read faster than the measured ones
        monkeypatch.delenv("READER_READ_SECONDS", raising=False)
        for _ in range(2):  # the faster of two: on a shared machine one read may be slowed down
            started = time.perf_counter()
            assert len(read_file(tmp_path, "whole.jsonl", data)[0]) == 100000
            whole = min(whole, time.perf_counter() - started)
        monkeypatch.setenv("READER_READ_SECONDS", f"{0.5 * whole / limits.SOFT_SHARE:.3f}")
        docs, reasons = read_file(tmp_path, "a.jsonl", data)
        if len(docs) < 100000:
            break
    assert 0 < len(docs) < 100000
    assert len(reasons) == 1 and reasons[0].startswith(f"articles {len(docs) + 1} to 100000 not read: reading took over ")
    assert reasons[0].endswith("s: set READER_READ_SECONDS to raise it)")


# --- a corpus holding all of them ----------------------------------------------------------


def test_reader_index_on_a_hostile_corpus_indexes_every_good_article(tmp_path):
    c = tmp_path / "corpus"
    c.mkdir()
    files = {
        "bomb.docx": h.docx_bomb(12 << 20),
        "lie.docx": h.docx_bomb(12 << 20, lie=True),
        "fat.pdf": h.pdf_bytes([h.text_content(60000)]),
        "streams.pdf": h.pdf_bytes([h.zero_content(12 << 20)]),
        "nul.html": b"\0" * 1000,
        "deep.jsonl": ('{"text": "سطر أول سليم"}\n{"text": %s}\n' % h.nested(2000)).encode(),
        "digits.json": ('[{"text": "رقم طويل", "n": %s}]' % ("9" * 5000)).encode(),
        "good.docx": h.docx_bytes([h.ARTICLE], title="مقال وورد"),
        "good.txt": ("مقال نصي\n\n" + h.ARTICLE).encode(),
    }
    for name, data in files.items():
        (c / name).write_bytes(data)
    env = {"READER_MAX_INFLATE_MB": "8", "READER_READ_MEMORY_MB": "300"}
    r = run_reader("--corpus", str(c), "index", env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    out = r.stdout + r.stderr
    assert "bomb.docx: its zip's parts inflate past 8 MiB (limit 8 MiB: set READER_MAX_INFLATE_MB" in out
    assert "streams.pdf: its streams inflate past 8 MiB" in out
    assert "lie.docx: broken .docx" in out
    assert "fat.pdf: page 1 not read: it draws" in out
    assert "deep.jsonl: line 2: not JSON (nested too deep)" in out
    docs = {d["id"] for d in json.loads(run_reader("--corpus", str(c), "docs", "--json", env=env).stdout)}
    assert docs == {"good.txt", "good.docx", "deep.jsonl#1", "digits.json#1"}
