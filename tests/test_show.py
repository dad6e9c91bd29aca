"""`reader show`, the shaping modes and colour, from a shell."""

from __future__ import annotations

import re

import pytest

from conftest import PRESENTATION, SEEDS, fribidi, letters, needs_fribidi, run_reader, write
from reader.index.files.corpus import read_path

S004 = "004_6a18982ae2c37ec8.txt"
ANSI = re.compile("\x1b\\[[0-9;]*m")


def cells(line: str) -> int:
    from rich.cells import cell_len

    return cell_len(ANSI.sub("", line))


def show(*args: str, env=None):
    r = run_reader("show", *args, env=env)
    assert r.returncode == 0, r.stderr
    return r.stdout.split("\n")


@pytest.mark.parametrize("width", [30, 60, 80])
def test_show_by_id_wraps_to_the_width(width):
    lines = show(S004, "--width", str(width), "--shape", "always")
    assert all(cells(l) <= width for l in lines)
    doc = read_path(SEEDS / S004)
    title_rows = [l for l in lines[:3] if PRESENTATION.search(l)]
    assert title_rows, "the title comes first"
    body = "\n".join(lines)
    assert body.count("\n\n") >= len(doc.paragraphs) - 2  # a blank line between paragraphs


def test_show_a_file_by_path(tmp_path):
    f = write(tmp_path / "note.txt", "عنوان قصير\n\nفقرة أولى عن «داعش».\nفقرة ثانية.")
    lines = show(str(f), "--width", "40", "--shape", "never")
    assert lines[0] == "عنوان قصير"
    assert "فقرة أولى عن «داعش»." in lines and "فقرة ثانية." in lines
    i = lines.index("فقرة أولى عن «داعش».")
    assert lines[i - 1] == "" and lines[i + 1] == ""


def test_show_unknown_document_is_one_line():
    r = run_reader("show", "nope.txt")
    errors = [l for l in r.stderr.splitlines() if l.startswith("reader: error:")]
    assert r.returncode == 2 and len(errors) == 1 and "reader docs" in errors[0]
    assert "Traceback" not in r.stderr


@needs_fribidi
def test_show_matches_fribidi_on_every_seed():
    for path in sorted(SEEDS.glob("*.txt")):
        doc = read_path(path)
        lines = show(str(path), "--width", "2000", "--shape", "always", "--color", "never")
        head = (3 if doc.author else 2) + bool(doc.date or doc.file_date or doc.outlet)  # title, author, outlet and day, path
        body = [l for l in lines[head:] if l.strip()]
        paras = [doc.text[s:e].replace("\n", " ") for s, e in doc.paragraphs]
        if " ".join(paras[0].split()) == doc.title:
            paras = paras[1:]
        assert len(body) == len(paras), path.name
        for ours, theirs in zip(body, fribidi(paras)):
            assert letters(ours) == letters(theirs), path.name


def test_query_hits_are_coloured_only_when_asked():
    coloured = "\n".join(show(S004, "--query", "داعش", "--color", "always", "--shape", "always"))
    hits = re.findall("\x1b\\[1;33m(.*?)\x1b\\[0m", coloured)
    assert hits and all(letters(h)[::-1] == "داعش" for h in hits)
    plain = "\n".join(show(S004, "--query", "داعش", "--color", "never"))
    assert "\x1b" not in plain
    auto = "\n".join(show(S004, "--query", "داعش"))  # not a terminal
    assert "\x1b" not in auto


def test_no_color_is_honoured_with_auto():
    out = "\n".join(show(S004, "--query", "داعش", env={"NO_COLOR": "1"}))
    assert "\x1b" not in out


# --- shaping modes -----------------------------------------------------------------


def test_never_hands_logical_text():
    out = "\n".join(show(S004, "--shape", "never", "--width", "2000"))
    assert not PRESENTATION.search(out)
    assert "على ما يبدو، فقد اقتربت قوات سوريا الديمقراطية" in out


def test_always_shapes_and_reorders():
    out = "\n".join(show(S004, "--shape", "always", "--width", "2000"))
    assert PRESENTATION.search(out)
    assert "على ما يبدو" not in out


def test_auto_is_logical_in_a_pipe_and_shaped_over_ssh():
    piped = "\n".join(show(S004, "--width", "200"))
    assert not PRESENTATION.search(piped)
    over_ssh = "\n".join(show(S004, "--width", "200", env={"SSH_CONNECTION": "10.0.0.1 5000 10.0.0.2 22"}))
    assert PRESENTATION.search(over_ssh)


def test_shape_from_environment_and_config(home):
    assert PRESENTATION.search("\n".join(show(S004, env={"READER_SHAPE": "always"})))
    write(home / "config" / "reader" / "config.toml", 'shape = "always"\n')
    assert PRESENTATION.search("\n".join(show(S004)))
    # the flag wins over both
    assert not PRESENTATION.search("\n".join(show(S004, "--shape", "never", env={"READER_SHAPE": "always"})))


def test_bad_shape_value_is_one_line():
    r = run_reader("show", S004, env={"READER_SHAPE": "sideways"})
    assert r.returncode == 2 and "not one of auto, always, never" in r.stderr


def test_search_snippets_go_through_the_display_layer(seeds):
    r = run_reader("search", "خلافته", "--corpus", str(seeds), "--shape", "always")
    assert r.returncode == 0
    assert PRESENTATION.search(r.stdout)
    assert all(cells(l) <= 80 for l in r.stdout.split("\n"))
    r = run_reader("search", "خلافته", "--corpus", str(seeds), "--shape", "always", "--json")
    assert not PRESENTATION.search(r.stdout)  # JSON is always logical text


def test_show_never_lets_control_characters_through(tmp_path):
    body = (SEEDS / "003_135ca1c0598dfef5.txt").read_text("utf-8")
    f = write(tmp_path / "evil.txt", f"عنوان \x1b]0;x\x07 \u202eخبيث\n\n\x1b[2Jداعش \x9b\u2067نص\u2069\n{body}")
    for mode in ("always", "never"):
        out = "\n".join(show(str(f), "--shape", mode, "--query", "داعش", "--color", "never"))
        for bad in "\x1b\x07\x9b\u202e\u2067\u2069":
            assert bad not in out, (mode, repr(bad))


def test_shaping_and_colour_are_decided_by_stdout():
    from reader.cli.output import color_enabled, shape_enabled

    assert shape_enabled("auto", True, env={}) is True  # a terminal
    assert shape_enabled("auto", False, env={}) is False  # a pipe or a file, whatever stderr is
    ssh = {"SSH_CONNECTION": "10.0.0.1 5 10.0.0.2 22"}
    assert shape_enabled("auto", False, env=ssh) is True  # ssh host reader search X
    assert shape_enabled("auto", False, env={**ssh, "SSH_TTY": "/dev/pts/3"}) is False  # > file inside ssh
    assert shape_enabled("never", True, env={}) is False and shape_enabled("always", False, env={}) is True
    assert color_enabled("auto", True, env={}) is True and color_enabled("auto", False, env={}) is False
    assert color_enabled("auto", True, env={"NO_COLOR": "1"}) is False
    assert color_enabled("auto", False, env={"FORCE_COLOR": "1"}) is True
    assert color_enabled("auto", False, env={"FORCE_COLOR": "0"}) is False
    assert color_enabled("auto", True, env={"TERM": "dumb"}) is False
    assert color_enabled("always", False, env={"NO_COLOR": "1"}) is True  # the flag wins
    assert color_enabled("never", True, env={"FORCE_COLOR": "1"}) is False


def test_author_and_path_have_lines_of_their_own():
    lines = show("002_248ac03b830f8f86.txt", "--width", "80", "--shape", "always")
    assert re.fullmatch(r"undated \(file \d{4}-\d\d-\d\d\)", lines[2])  # no publication day: only the file's
    path = "".join(lines[3:lines.index("", 3)])  # a path longer than the width wraps
    assert path.startswith("/") and path.endswith("/002_248ac03b830f8f86.txt")
    assert letters(lines[1])[::-1].replace(" ", "") == "مكرممحمدأحمد"


def test_show_query_lights_words_without_building_an_index(tmp_path):
    # Lighting --query's words once asked the index for the corpus's
    # frequencies: that must never index a whole corpus just to show a file.
    corpus = tmp_path / "corpus"
    write(corpus / "a.txt", "خبر\n\nأعلنت الشركة أرباحها.")
    elsewhere = tmp_path / "saved.txt"  # a file of no corpus
    write(elsewhere, "خبر\n\nأعلنت الشركة أرباحها.")
    cache = tmp_path / "cache"
    r = run_reader("--corpus", str(corpus), "show", str(elsewhere), "--query", "الشركة",
                   "--color", "always", "--shape", "never", env={"XDG_CACHE_HOME": str(cache)})
    assert r.returncode == 0, r.stderr
    assert "\x1b[" in r.stdout and "الشركة" in r.stdout
    assert "index" not in r.stderr
    assert not (cache / "reader" / "indexes").exists() or not any((cache / "reader" / "indexes").iterdir())
