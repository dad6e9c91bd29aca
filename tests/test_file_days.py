"""A file's modification time is not a publication day: such articles are
undated for filters, sorts, the timeline and citations, and shown so;
file_days = true takes the file's time as the day."""

from __future__ import annotations

import json
import os

from conftest import run_reader, write

DAY = 1552651200  # 2019-03-15 12:00 UTC


def _corpus(tmp_path):
    root = tmp_path / "news"
    write(root / "dated.txt", "خبر له تاريخ\n\nالرياض - 10 مارس 2019 - نص عن النفط والأسعار.\n")
    for name in ("a.txt", "b.txt"):
        path = write(root / name, f"خبر بلا تاريخ {name}\n\nنص عن النفط في السوق.\n")
        os.utime(path, (DAY, DAY))
    return root


def _search(root, *args, query="النفط"):
    r = run_reader("search", query, "--json", "--corpus", str(root), *args)
    return r, (json.loads(r.stdout)["hits"] if r.stdout.strip() else [])


def test_a_files_time_is_no_day_for_filters_sorts_and_the_timeline(tmp_path):
    root = _corpus(tmp_path)
    assert run_reader("index", "--corpus", str(root)).returncode == 0
    _r, hits = _search(root, "--since", "2019-03-14")
    assert hits == []  # the files' day is 2019-03-15, no publication day
    r = run_reader("search", "النفط", "--since", "2019-03-14", "--corpus", str(root))
    assert r.returncode == 1 and "2 matches without the dates have no publication day" in r.stderr
    _r, hits = _search(root, query="النفط date:2019-03")
    assert [h["id"] for h in hits] == ["dated.txt"]
    _r, hits = _search(root, "--sort", "-date")
    assert hits[0]["id"] == "dated.txt" and {h["date"] for h in hits[1:]} == {""}  # undated last
    assert {h["file_date"] for h in hits[1:]} == {"2019-03-15"}
    t = json.loads(run_reader("timeline", "النفط", "--json", "--corpus", str(root)).stdout)
    assert t["undated"] == 2 and [p["period"] for p in t["periods"]] == ["2019-03"]
    shown = run_reader("show", "a.txt", "--corpus", str(root), "--shape", "never").stdout
    assert "undated (file 2019-03-15)" in shown


def test_file_days_takes_the_files_time_as_the_day_and_reads_the_corpus_again(tmp_path):
    from reader import paths

    root = _corpus(tmp_path)
    assert run_reader("index", "--corpus", str(root)).returncode == 0
    write(paths.config_file(), "file_days = true\n")
    r = run_reader("index", "--corpus", str(root))
    assert "full build (file_days set)" in r.stderr
    _r, hits = _search(root, "--since", "2019-03-14")
    assert {h["id"] for h in hits} == {"a.txt", "b.txt"} and {h["date"] for h in hits} == {"2019-03-15"}
    shown = run_reader("show", "a.txt", "--corpus", str(root), "--shape", "never").stdout
    assert "2019-03-15 (file)" in shown and "undated" not in shown
    config = run_reader("config", "--no-pager").stdout
    assert "file days" in config and "yes" in config.split("file days", 1)[1].split("\n", 1)[0]
    write(paths.config_file(), "file_days = 1\n")
    r = run_reader("docs", "--corpus", str(root))
    assert r.returncode != 0 and "file_days must be true or false" in r.stderr


def test_a_citation_never_gives_a_files_time_as_the_day(tmp_path):
    root = _corpus(tmp_path)
    assert run_reader("index", "--corpus", str(root)).returncode == 0
    for doc in ("a.txt", "dated.txt"):
        r = run_reader("bookmarks", "add", doc, "--quote", "النفط", "--corpus", str(root))
        assert r.returncode == 0, r.stderr
    out = run_reader("bookmarks", "export", "--format", "json", "--corpus", str(root))
    assert out.returncode == 0, out.stderr
    cited = {b["doc"]: b for b in json.loads(out.stdout)}
    assert cited["a.txt"]["published"] == "" and cited["dated.txt"]["published"] == "2019-03-10"  # no file's time
