"""entities = false (config.toml) and --no-entities: no recognizer runs, no
name is lit, and whatever asks for entities says in one line how to turn
them on; searching by words is untouched."""

from __future__ import annotations

import pytest

from conftest import SEEDS, run_reader, write


def _corpus(root):
    for seed in SEEDS.glob("*.txt"):
        write(root / seed.name, seed.read_text("utf-8"))
    return root


def _config(text: str) -> None:
    from reader import paths

    paths.config_file().parent.mkdir(parents=True, exist_ok=True)
    paths.config_file().write_text(text, "utf-8")


def _one_line_off(r) -> bool:
    return r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "entities are off" in r.stderr \
        and "entities = true" in r.stderr


def test_entities_false_runs_no_pass_and_says_so(tmp_path):
    from reader import paths

    corpus = _corpus(tmp_path / "c")
    _config("entities = false\n")
    env = {"READER_BACKGROUND": "0"}
    indexed = run_reader("index", "--corpus", str(corpus), env=env)
    assert indexed.returncode == 0 and "entities are off" in indexed.stderr, indexed.stderr
    assert not list(paths.indexes_dir().rglob("entities.sqlite3"))  # no pass ran
    words = run_reader("search", "--json", "سوريا", "--corpus", str(corpus), env=env)
    assert words.returncode == 0 and '"total"' in words.stdout
    assert _one_line_off(run_reader("search", "place:سوريا", "--corpus", str(corpus), env=env))
    doc = next(corpus.glob("*.txt"))
    assert _one_line_off(run_reader("entities", "show", str(doc), "--corpus", str(corpus), env=env))
    assert _one_line_off(run_reader("entities", "--with", "سوريا", "--corpus", str(corpus), env=env))
    settings = run_reader("config")
    assert any(line.startswith("entities") and " no " in f" {line} " for line in settings.stdout.splitlines())


def test_no_entities_turns_them_off_for_one_command(tmp_path):
    corpus = _corpus(tmp_path / "c")
    env = {"READER_BACKGROUND": "0"}
    assert run_reader("index", "--corpus", str(corpus), env=env).returncode == 0
    on = run_reader("search", "-l", "place:سوريا", "--corpus", str(corpus), env=env)
    assert on.returncode == 0 and on.stdout.strip(), on.stderr
    assert _one_line_off(run_reader("search", "--no-entities", "place:سوريا", "--corpus", str(corpus), env=env))


def test_a_bad_entities_value_is_named():
    _config('entities = "no"\n')
    r = run_reader("config")
    assert r.returncode == 2 and "entities must be true or false" in r.stderr


def test_the_library_with_entities_off(tmp_path):
    from reader.core.library import Library
    from reader.index.errors import NotServed

    lib = Library.of([_corpus(tmp_path / "c")], base=tmp_path / "i", entities=False)
    lib.update()
    assert not lib.serves("entities") and lib.serves("copies")
    doc = lib.document(lib.documents()[0].id)
    for ask in (lib.find_entities, lambda: lib.entities(doc), lambda: lib.search("person:سلمان")):
        with pytest.raises(NotServed, match="entities are off"):
            ask()
    assert lib.search("سوريا").total > 0
