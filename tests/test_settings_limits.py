"""Settings are read under limits and checked before any work starts (issue 25):
no setting may hang, crash or flood every command."""

from __future__ import annotations

import os

import pytest

from conftest import SEEDS, run_reader, write


def _one_line_error(r, *words):
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr, r.stderr
    for word in words:
        assert word in r.stderr, (word, r.stderr)


def test_a_corpus_variable_that_names_no_folder_is_an_error_not_a_crash():
    for value in (":", "::", " : "):
        _one_line_error(run_reader("docs", env={"READER_CORPUS": value}, timeout=30), "READER_CORPUS", "names no folder")


@pytest.fixture
def conf(home):
    path = home / "config" / "reader" / "config.toml"
    path.parent.mkdir(parents=True)
    return path


def test_a_fifo_as_config_file_is_refused_at_once(conf):
    os.mkfifo(conf)  # opened as a file, it would wait for a writer forever
    _one_line_error(run_reader("docs", timeout=20), "is a FIFO", "regular file")


def test_a_config_file_linked_to_a_device_is_not_read(conf):
    conf.symlink_to("/dev/zero")  # read as a file, it would fill the memory
    _one_line_error(run_reader("docs", timeout=20), "is a device")


def test_a_huge_config_file_is_refused_naming_the_limit(conf):
    conf.write_bytes(b"# " + b"x" * (2 << 20) + b"\n")
    _one_line_error(run_reader("docs", timeout=20), "over the 1 MiB limit")


def test_thousands_of_unknown_keys_are_told_in_one_line(conf):
    write(conf, "".join(f"key{i} = 1\n" for i in range(20_000)))
    r = run_reader("docs", "--corpus", str(SEEDS), timeout=60)
    assert r.returncode == 0, r.stderr
    told = [line for line in r.stderr.splitlines() if "unknown setting" in line]
    assert len(told) == 1, len(told)
    assert "20,000 unknown settings ignored: 'key0', 'key1'" in told[0] and "and 19,995 more" in told[0]


def test_every_bad_value_is_named_before_any_work(conf, tmp_path):
    write(conf, 'shape = "sideways"\noutlet_folders = "yes"\n')
    corpus = tmp_path / "news"
    write(corpus / "a.txt", "النفط والاقتصاد\n\nنص عن النفط.\n")
    r = run_reader("search", "النفط", "--corpus", str(corpus), env={"READER_SHAPE": "upside"}, timeout=60)
    _one_line_error(r, "'upside' (READER_SHAPE)", "'sideways'", "outlet_folders must be true or false")
    assert not (conf.parent.parent.parent / "cache" / "reader").exists()  # no index was built first


@pytest.fixture
def fifo(home):
    """A FIFO, and a writer that opens it after 10 s: a reader stuck
    waiting for one is let go (the test then fails on the time it took)."""
    import threading
    import time

    path = home / "settings.fifo"
    os.mkfifo(path)

    def release():
        time.sleep(10)  # a stuck reader's way out, long after the 5 s the test allows
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:  # nobody was waiting
            pass

    threading.Thread(target=release, daemon=True).start()
    started = time.monotonic()
    yield path
    assert time.monotonic() - started < 5, "the FIFO was waited on"


def test_an_entity_list_that_is_a_fifo_is_refused(fifo):
    from reader.entities.gazetteer import Gazetteer, GazetteerError

    with pytest.raises(GazetteerError, match="is a FIFO"):
        Gazetteer(fifo)


def test_a_session_file_that_is_a_fifo_is_ignored(fifo):
    from reader.userdata.session import Session

    assert Session("x", fifo).query == ""


def test_the_limits_a_file_is_read_under_come_from_the_config_file_too(conf, seeds):
    import json

    conf.write_text("[limits]\nmax_file_mb = 0.002\nread_seconds = 45\n", "utf-8")
    write(seeds / "long.txt", "مقال طويل\n\n" + "نص " * 2000)  # 8 KB: over 0.002 MiB
    r = run_reader("index", "--corpus", str(seeds))
    assert r.returncode == 0, r.stderr
    assert "long.txt" in r.stderr and "(limit 0.002 MiB: set READER_MAX_FILE_MB to raise it)" in r.stderr
    shown = json.loads(run_reader("config", "--json").stdout)
    assert shown["limits.read_seconds"] == {"value": "45 s", "source": f"{conf} [limits] read_seconds"}
    assert shown["limits.read_memory_mb"] == {"value": "500 MiB", "source": "default"}
    # The variable wins over the file.
    shown = json.loads(run_reader("config", "--json", env={"READER_READ_SECONDS": "90"}).stdout)
    assert shown["limits.read_seconds"] == {"value": "90 s", "source": "READER_READ_SECONDS"}


@pytest.mark.parametrize("table, words", [
    ("[limits]\nread_secs = 60\n", ("limits.read_secs is not one of", "read_seconds")),
    ("[limits]\npdf_pages = -1\n", ("limits.pdf_pages must be a positive number",)),
    ("[limits]\nread_seconds = \"soon\"\n", ("limits.read_seconds must be a positive number",)),
    ("limits = 3\n", ("limits must be a table",)),
])
def test_a_bad_limit_in_the_config_file_is_named_before_any_work(conf, seeds, home, table, words):
    conf.write_text(table, "utf-8")
    _one_line_error(run_reader("index", "--corpus", str(seeds), timeout=30), *words)
    assert not (home / "cache" / "reader" / "indexes").exists()  # nothing was built
