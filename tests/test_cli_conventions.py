"""The command line as rg, git and less users drive it: output decided by
stdout, the pager, colour variables, stdin, did-you-mean, help, completion,
the man page, `reader config`, and output for scripts."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess

import pytest

from conftest import READER, PRESENTATION, SEEDS, run_reader, run_tty, write

DOC = "001_4842e351d2c85202.txt"


# --- what is shaped, for whom ----------------------------------------------------------------


def test_a_terminal_gets_shaped_text_and_a_pipe_logical_even_from_an_interactive_shell(indexed):
    screen, _out, _err, code = run_tty("search", "داعش", "--corpus", str(indexed), env={"READER_PAGER": ""})
    assert code == 0 and PRESENTATION.search(screen)
    # `reader search داعش | grep -c سوريا` typed at a terminal: stderr is the
    # terminal, stdout a pipe; grep must find the words as written.
    _screen, out, _err, code = run_tty("search", "داعش", "--corpus", str(indexed), stdout_tty=False, stderr_tty=True)
    assert code == 0 and "سوريا" in out and not PRESENTATION.search(out)
    _screen, out, _err, _code = run_tty("show", DOC, "--corpus", str(indexed), stdout_tty=False, stderr_tty=True)
    assert "الخلافة" in out and not PRESENTATION.search(out)  # reader show DOC > saved.txt


def test_docs_is_shaped_on_a_terminal(indexed):
    screen, *_ = run_tty("docs", "--corpus", str(indexed), env={"READER_PAGER": ""})
    assert PRESENTATION.search(screen)
    assert not PRESENTATION.search(run_reader("docs", "--corpus", str(indexed)).stdout)


# --- the pager ---------------------------------------------------------------------------------


def test_long_output_to_a_terminal_goes_through_the_pager(indexed, tmp_path):
    got = tmp_path / "paged.txt"
    seen = tmp_path / "env.txt"
    pager = f"env > {seen}; cat > {got}"
    screen, _o, _e, code = run_tty("show", DOC, "--corpus", str(indexed), env={"READER_PAGER": pager})
    assert code == 0
    text = got.read_text("utf-8")
    assert PRESENTATION.search(text)  # made for the terminal behind the pager
    assert len(text.splitlines()) > 24 and "الخلافة" not in screen.replace(text, "")
    assert "LESS=FRX" in seen.read_text()
    # PAGER is the pager when READER_PAGER is not set; READER_PAGER wins
    got.unlink()
    run_tty("show", DOC, "--corpus", str(indexed), env={"PAGER": pager})
    assert got.exists()


def test_no_pager_when_asked_or_when_stdout_is_not_a_terminal(indexed, tmp_path):
    got = tmp_path / "paged.txt"
    pager = f"cat > {got}"
    screen, _o, _e, _c = run_tty("show", DOC, "--no-pager", "--corpus", str(indexed), env={"READER_PAGER": pager})
    assert not got.exists() and PRESENTATION.search(screen)
    for empty in ("", "cat"):
        screen, *_ = run_tty("show", DOC, "--corpus", str(indexed), env={"READER_PAGER": empty})
        assert PRESENTATION.search(screen)
    r = run_reader("show", DOC, "--corpus", str(indexed), env={"READER_PAGER": pager})
    assert r.returncode == 0 and not got.exists() and "الخلافة" in r.stdout


def test_an_error_before_any_output_starts_no_pager(indexed, tmp_path):
    got = tmp_path / "paged.txt"
    screen, _o, err, code = run_tty("show", "nope.txt", "--corpus", str(indexed), env={"READER_PAGER": f"cat > {got}"})
    assert code == 2 and "no document 'nope.txt'" in err and not got.exists()


def test_quitting_the_pager_early_is_not_an_error(indexed):
    # `head -c 1` reads one byte and leaves, as q in less does
    _s, _o, err, code = run_tty("show", DOC, "--corpus", str(indexed), env={"READER_PAGER": "head -c 1 > /dev/null"})
    assert code == 0 and "Traceback" not in err and "error" not in err


# --- colour --------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [("search", "داعش"), ("docs",), ("show", DOC), ("entities", DOC),
                                     ("bookmarks", "list")])
def test_every_printing_command_takes_color(indexed, command):
    r = run_reader(*command, "--color", "never", "--corpus", str(indexed))
    assert r.returncode in (0, 1), r.stderr
    assert "\x1b" not in r.stdout


def test_color_variables(indexed):
    hits = ("search", "داعش", "--corpus", str(indexed))
    assert "\x1b[" in run_reader(*hits, env={"FORCE_COLOR": "1"}).stdout  # into a pipe, forced
    assert "\x1b[" not in run_reader(*hits).stdout
    assert "\x1b[" in run_reader(*hits, "--color", "always").stdout
    screen, *_ = run_tty(*hits, env={"READER_PAGER": ""})
    assert "\x1b[1;33m" in screen
    for env in ({"NO_COLOR": "1"}, {"TERM": "dumb"}):
        screen, *_ = run_tty(*hits, env={"READER_PAGER": "", **env})
        assert "\x1b[1;33m" not in screen, env


# --- standard input ----------------------------------------------------------------------------


def test_show_and_entities_read_standard_input(tmp_path):
    text = (SEEDS / DOC).read_bytes()
    r = subprocess.run([READER, "show", "-", "--shape", "never"], input=text,
                       capture_output=True, env={**os.environ}, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode().startswith("انتهت دولة 'الخلافة' وبقي خطرها عابرا للحدود")
    r = subprocess.run([READER, "entities", "show", "-", "--json"], input=text,
                       capture_output=True, env={**os.environ}, timeout=120)
    assert r.returncode == 0, r.stderr
    assert any(e["type"] == "ORG" for e in json.loads(r.stdout))
    r = subprocess.run([READER, "show", "-"], input=b"\xff\xfe\x00\x00binary\x00",
                       capture_output=True, env={**os.environ}, timeout=120)
    assert r.returncode == 2 and r.stderr.decode().count("\n") == 1 and b"standard input" in r.stderr


# --- the grammar -------------------------------------------------------------------------------


def test_query_words_that_start_with_a_dash(indexed):
    base = ("search", "--corpus", str(indexed), "--json")
    every = json.loads(run_reader(*base, "داعش").stdout)["total"]
    latin = run_reader(*base, "داعش", "-lebanon")  # a Latin word, even one starting with l
    assert latin.returncode == 0, latin.stderr
    assert json.loads(latin.stdout)["total"] == every
    after = run_reader(*base, "--", "داعش", "-العراق")
    assert json.loads(after.stdout)["query"] == "داعش -العراق"
    assert run_reader(*base[:3], "-l", "داعش").stdout.count(".txt") == every  # -l is still -l


def test_did_you_mean_and_each_commands_own_usage():
    r = run_reader("serch", "داعش")
    assert r.returncode == 2 and "did you mean 'search'?" in r.stderr
    r = run_reader("search", "--limt", "3", "داعش")
    assert r.returncode == 2 and "usage: reader search" in r.stderr and "did you mean --limit?" in r.stderr
    r = run_reader("bookmarks", "export", "--formt", "csv")
    assert "usage: reader bookmarks export" in r.stderr and "did you mean --format?" in r.stderr


def test_no_hits_and_past_the_last_page_are_told_on_stderr_with_exit_1(indexed):
    r = run_reader("search", "كلمةغيرموجودة", "--corpus", str(indexed))
    assert r.returncode == 1 and r.stdout == "" and "no documents match" in r.stderr
    r = run_reader("search", "الخلافة", "--page", "9", "--corpus", str(indexed))
    assert r.returncode == 1 and r.stdout == ""
    assert "page 9 is past the end: 4 documents match, 1 page of 10" in r.stderr


@pytest.mark.parametrize("command", [(), ("index",), ("search",), ("docs",), ("show",), ("entities", "show"),
                                     ("entities", "add"), ("entities", "list"), ("bookmarks", "add"), ("bookmarks", "export"), ("config",)])
def test_help_tells_the_environment_config_and_exit_codes(command, home):
    r = run_reader(*command, "--help")
    assert r.returncode == 0
    text = r.stdout
    if len(command) < 2:  # the commands, not their actions
        assert "READER_CORPUS" in text and "NO_COLOR" in text and "exit codes" in text
        assert str(home / "config" / "reader" / "config.toml") in text
    for action in r.stdout.split("options:")[1].split("\n  -")[1:]:
        assert len(action.split()) > 1, f"an option without help: {action!r}"


def test_search_help_has_the_query_language():
    text = run_reader("search", "--help").stdout
    for piece in ("OR", "NOT", "-العراق", "«", "خلاف*", "title:", "place:", "person:", "(داعش OR القاعدة)", "--"):
        assert piece in text, piece


def test_entities_actions_are_commands_and_a_document_named_like_one_can_be_shown(tmp_path):
    corpus = tmp_path / "c"
    write(corpus / "list.md", (SEEDS / DOC).read_text("utf-8"))
    r = run_reader("entities", "show", "list.md", "--json", "--corpus", str(corpus))
    assert r.returncode == 0 and json.loads(r.stdout)
    assert run_reader("entities", "list.md", "--json", "--corpus", str(corpus)).stdout == r.stdout  # short form
    r = run_reader("entities", "show", "add", "--corpus", str(corpus))
    assert r.returncode == 2 and "no document 'add'" in r.stderr
    r = run_reader("entities", "add", "حمدان")
    assert r.returncode == 2 and "usage: reader entities add" in r.stderr


# --- completion, man page, config ----------------------------------------------------------------


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_come_from_the_parser(shell):
    r = run_reader("--completion", shell)
    assert r.returncode == 0
    for word in ("search", "bookmarks", "--files-with-matches", "--no-pager"):
        if shell == "fish":  # complete -c reader -l files-with-matches
            word = word.lstrip("-")
        assert word in r.stdout, (shell, word)


def test_completion_loads_in_bash():
    import shutil

    if not shutil.which("bash"):
        pytest.skip("no bash")
    script = run_reader("--completion", "bash").stdout
    probe = script + "\nCOMP_WORDS=(reader se); COMP_CWORD=1; COMP_LINE='reader se'; COMP_POINT=9\n" \
        "_shtab_reader reader se reader 2>/dev/null || _shtab_reader\necho \"${COMPREPLY[@]}\"\n"
    r = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, timeout=30)
    assert "search" in r.stdout.split(), r.stderr


def test_man_page_is_roff_with_every_command():
    r = run_reader("--man")
    assert r.returncode == 0 and r.stdout.startswith(".TH")
    for word in ("search", "bookmarks", "entities", "\\-\\-limit", "READER_PAGER"):
        assert word in r.stdout, word


def test_config_says_each_setting_and_its_source(home, tmp_path):
    conf = home / "config" / "reader" / "config.toml"
    write(conf, f'shape = "never"\ncorpus = "{SEEDS}"\ncolour = "auto"\n')
    r = run_reader("config", "--json")
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout)
    assert got["shape"] == {"value": "never", "source": str(conf)}
    assert got["corpus"] == {"value": str(SEEDS), "source": str(conf)}
    assert got["unknown keys"]["value"] == "'colour'" and "ignored" in got["unknown keys"]["source"]
    assert "1 unknown setting ignored: 'colour'" in r.stderr
    r = run_reader("config", "--json", env={"READER_SHAPE": "always", "READER_PAGER": "more"})
    got = json.loads(r.stdout)
    assert got["shape"]["source"] == "READER_SHAPE" and got["pager"] == {"value": "more", "source": "READER_PAGER"}
    r = run_reader("search", "داعش", "--json")
    assert r.stderr.count("unknown setting ignored: 'colour'") == 1  # every command says so, once


# --- output for scripts ----------------------------------------------------------------------------


def test_json_carries_total_and_page_and_jsonl_streams_hits(indexed):
    base = ("search", "التنظيم", "--corpus", str(indexed), "--limit", "2")
    page2 = json.loads(run_reader(*base, "--page", "2", "--json").stdout)
    assert {k: page2[k] for k in ("format", "query", "page", "limit")} == {"format": 1, "query": "التنظيم",
                                                                            "page": 2, "limit": 2}
    assert page2["total"] == 5 and page2["pages"] == 3 and [h["rank"] for h in page2["hits"]] == [3, 4]
    lines = run_reader(*base, "--page", "2", "--jsonl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == page2["hits"]
    assert run_reader(*base, "--json", "--jsonl").returncode == 2  # one format at a time


def test_bookmark_times_are_rfc_3339(indexed):
    from datetime import datetime

    from reader.userdata.bookmarks import rfc3339

    r = run_reader("bookmarks", "add", DOC, "--quote", "داعش", "--corpus", str(indexed))
    assert r.returncode == 0, r.stderr
    mark = json.loads(run_reader("bookmarks", "list", "--json").stdout)[0]
    for key in ("created", "updated"):
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", mark[key]), mark[key]  # jq's fromdateiso8601
        assert datetime.fromisoformat(mark[key]).utcoffset().total_seconds() == 0
    assert rfc3339("2026-12-02T08:26:11+0300") == "2026-12-02T05:26:11Z"  # a store written before


def test_csv_export_opens_in_excel(indexed):
    assert run_reader("bookmarks", "add", DOC, "--quote", "داعش", "--note", "ملاحظة، مع فاصلة",
                      "--corpus", str(indexed)).returncode == 0
    r = subprocess.run([READER, "bookmarks", "export", "--format", "csv"],
                       capture_output=True, env={**os.environ}, timeout=120)
    assert r.stdout.startswith(b"\xef\xbb\xbf")  # UTF-8's byte order mark: Excel's cue
    assert b"\r\n" in r.stdout
    rows = list(csv.DictReader(io.StringIO(r.stdout.decode("utf-8-sig"), newline="")))
    assert rows[0]["quote"] == "داعش" and rows[0]["note"] == "ملاحظة، مع فاصلة"


def test_standard_input_is_read_under_the_file_size_limit_it_names():
    env = {**os.environ, "READER_MAX_FILE_MB": "0.01"}
    big = ("نص " * 5000).encode()  # 20 KB
    r = subprocess.run([READER, "show", "-"], input=big, capture_output=True, env=env, timeout=120)
    assert r.returncode == 2 and r.stdout == b""
    assert r.stderr.decode() == ("reader: error: standard input is too large "
                                 "(limit 0.01 MiB: set READER_MAX_FILE_MB to raise it)\n")
    r = subprocess.run([READER, "show", "-", "--shape", "never"], input=big,
                       capture_output=True, env={**env, "READER_MAX_FILE_MB": "1"}, timeout=120)
    assert r.returncode == 0 and r.stdout.decode().startswith("نص نص")
