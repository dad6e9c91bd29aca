"""`reader` from a shell: commands, corpus choice, output, errors, start-up cost."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import READER, ROOT, SEEDS, run_reader, write
from reader import __version__

CALIPHATE = {"000_4988a48e5e8b9510.txt", "001_4842e351d2c85202.txt", "002_248ac03b830f8f86.txt", "004_6a18982ae2c37ec8.txt"}


def search_json(*args: str, env=None) -> list[dict]:
    r = run_reader("search", *args, "--json", env=env)
    assert r.returncode in (0, 1), r.stderr
    return json.loads(r.stdout)["hits"]


def test_version():
    r = run_reader("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"reader {__version__}"


def test_search_defaults_to_the_bundled_seeds_and_indexes_first():
    r = run_reader("search", "الخلافة", "--json")
    assert r.returncode == 0, r.stderr
    assert "no index yet" in r.stderr and "5 documents indexed" in r.stderr
    hits = json.loads(r.stdout)["hits"]
    assert {h["id"] for h in hits} == CALIPHATE
    r = run_reader("search", "الخلافة", "--json")  # the second time: no indexing
    assert r.stderr == ""


def test_json_hits_carry_what_front_ends_need(seeds):
    hits = search_json("خلافته", "--corpus", str(seeds))
    first = hits[0]
    assert first["id"] == "001_4842e351d2c85202.txt"
    assert Path(first["path"]).is_absolute() and Path(first["path"]).exists()
    assert first["title"] == "انتهت دولة 'الخلافة' وبقي خطرها عابرا للحدود"
    assert isinstance(first["score"], float) and first["score"] > 0
    assert [h["rank"] for h in hits] == list(range(1, len(hits) + 1))
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)
    for hit in hits:
        for s in hit["snippets"]:
            assert s["highlights"], s
            for a, b in s["highlights"]:
                assert 0 <= a < b <= len(s["text"])
                assert re.fullmatch(r"\w[\w\u064b-\u0652\u0640]*", s["text"][a:b])


def test_json_is_logical_text_as_written(seeds):
    hits = search_json("الإسلاميّة", "--corpus", str(seeds))
    text = (seeds / hits[0]["id"]).read_text("utf-8")
    for s in hits[0]["snippets"]:
        assert s["text"] in text.replace("\n", " ")


def test_limit_and_page(seeds):
    all_ids = [h["id"] for h in search_json("التنظيم", "--corpus", str(seeds))]
    page2 = search_json("التنظيم", "--corpus", str(seeds), "--limit", "2", "--page", "2")
    assert [h["id"] for h in page2] == all_ids[2:4]


def test_plain_output_is_readable(seeds):
    r = run_reader("search", "خلايا", "نائمة", "--corpus", str(seeds))  # words need no quotes
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].startswith("2 documents match")
    assert "  1. انتهت دولة 'الخلافة'" in r.stdout
    assert "001_4842e351d2c85202.txt" in r.stdout
    assert "\x1b" not in r.stdout  # not a terminal: no colour


def test_no_match_exits_1(seeds):
    r = run_reader("search", "كلمةغيرموجودة", "--corpus", str(seeds))
    assert r.returncode == 1 and "no documents match" in r.stderr and r.stdout == ""


def test_docs_lists_every_document(seeds):
    r = run_reader("docs", "--corpus", str(seeds), "--json")
    docs = json.loads(r.stdout)
    assert [d["id"] for d in docs] == sorted(p.name for p in seeds.glob("*.txt"))
    assert next(d for d in docs if d["id"].startswith("002"))["author"] == "مكرم محمد أحمد"
    r = run_reader("docs", "--corpus", str(seeds))
    assert len(r.stdout.splitlines()) == 5


def test_index_command_reports_a_summary(seeds):
    r = run_reader("index", "--corpus", str(seeds))
    assert r.returncode == 0
    assert "5 documents indexed; full build (new index)" in r.stderr
    r = run_reader("index", "--corpus", str(seeds))
    assert "0 new, 0 changed, 0 removed, 5 unchanged" in r.stderr


# --- which corpus ---------------------------------------------------------------------------


def _one_doc_corpus(folder: Path, word: str) -> Path:
    write(folder / "doc.txt", f"مقال\n\n{word} في النص.")
    return folder


def test_corpus_precedence(tmp_path, home):
    flag = _one_doc_corpus(tmp_path / "flag", "كلمةالعلم")
    env_a = _one_doc_corpus(tmp_path / "env_a", "كلمةالبيئة")
    env_b = _one_doc_corpus(tmp_path / "env_b", "كلمةالبيئة")
    conf = _one_doc_corpus(tmp_path / "conf", "كلمةالملف")
    write(home / "config" / "reader" / "config.toml", f'corpus = ["{conf}"]\n')

    def ids(word, *args, env=None):
        return [h["path"] for h in search_json(word, *args, env=env)]

    env = {"READER_CORPUS": f"{env_a}:{env_b}"}
    assert ids("كلمةالعلم", "--corpus", str(flag), env=env) == [str(flag / "doc.txt")]
    assert sorted(ids("كلمةالبيئة", env=env)) == [str(env_a / "doc.txt"), str(env_b / "doc.txt")]
    assert ids("كلمةالملف") == [str(conf / "doc.txt")]
    (home / "config" / "reader" / "config.toml").unlink()
    assert len(ids("الخلافة")) == 4  # the seeds


def test_several_corpus_flags(tmp_path):
    a = _one_doc_corpus(tmp_path / "a", "كلمةمشتركة")
    b = _one_doc_corpus(tmp_path / "b", "كلمةمشتركة")
    hits = search_json("كلمةمشتركة", "--corpus", str(a), "--corpus", str(b))
    assert sorted(h["id"] for h in hits) == ["a/doc.txt", "b/doc.txt"]


def test_missing_corpus_folder_is_one_line(tmp_path):
    r = run_reader("search", "داعش", "--corpus", str(tmp_path / "nope"))
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0 and "does not exist" in r.stderr


def test_bad_config_file_is_one_line(home):
    write(home / "config" / "reader" / "config.toml", "corpus = [unclosed\n")
    r = run_reader("search", "داعش")
    assert r.returncode == 2 and r.stderr.startswith("reader: error: cannot read")
    assert "Traceback" not in r.stderr


# --- bad queries and bad files from the command line --------------------------------------


@pytest.mark.parametrize("query", ['"خلايا', "NOT داعش", "(داعش", "د*"])
def test_malformed_query_is_one_line_no_traceback(seeds, query):
    r = run_reader("search", query, "--corpus", str(seeds))
    assert r.returncode == 2
    assert r.stderr.startswith("reader: error: ") and r.stderr.count("\n") == 1, r.stderr


def test_encodings_and_bad_files_from_the_cli(tmp_path):
    corpus = tmp_path / "mixed"
    text = (SEEDS / "001_4842e351d2c85202.txt").read_text("utf-8")
    write(corpus / "utf8.txt", (SEEDS / "004_6a18982ae2c37ec8.txt").read_text("utf-8"))
    (corpus / "win1256.txt").write_bytes(text.encode("cp1256", errors="replace").replace(b"\n", b"\r\n"))
    (corpus / "utf16.txt").write_bytes(text.encode("utf-16"))
    (corpus / "image.txt").write_bytes(b"GIF89a\x00\x01\x00\x01" + bytes(300))
    (corpus / "latin.txt").write_bytes("caf\xe9 cr\xe8me".encode("latin-1") * 30)
    (corpus / "empty.md").write_bytes(b"")
    r = run_reader("index", "--corpus", str(corpus))
    assert r.returncode == 0
    skipped = [l for l in r.stderr.splitlines() if l.startswith("reader: skipped ")]
    assert len(skipped) == 3
    assert "3 documents indexed" in r.stderr and "3 skipped" in r.stderr
    ids = {h["id"] for h in search_json("غوتيريش", "--corpus", str(corpus), "--no-group")}  # only in seed 001
    assert ids == {"win1256.txt", "utf16.txt"}
    # decoded to the very same text: one a copy of the other
    (hit,) = search_json("غوتيريش", "--corpus", str(corpus))
    assert [(c["id"], c["similar"]) for c in hit["copies"]] == [(({"win1256.txt", "utf16.txt"} - {hit["id"]}).pop(), 100)]


def test_document_text_cannot_drive_the_terminal(tmp_path):
    body = (SEEDS / "003_135ca1c0598dfef5.txt").read_text("utf-8")
    evil = f"عنوان \x1b[2J\x1b]0;pwned\x07 خبيث \u202eمقلوب\u202c\n\nداعش \x1b[31mأحمر\x9b في النص \u2066معزول\u2069.\n{body}"
    write(tmp_path / "evil.txt", evil)
    for args in (["search", "داعش"], ["docs"]):
        r = run_reader(*args, "--corpus", str(tmp_path))
        for bad in ("\x1b", "\x07", "\x9b", "\u202e", "\u202c", "\u2066", "\u2069"):
            assert bad not in r.stdout and bad not in r.stderr, (args, repr(bad))
        assert "خبيث" in r.stdout
        r = run_reader(*args, "--corpus", str(tmp_path), "--json")
        for bad in ("\x1b", "\x07", "\x9b", "\u202e", "\u2066"):
            assert bad not in r.stdout
    hits = search_json("داعش", "--corpus", str(tmp_path))
    assert "\x1b[31m" in hits[0]["snippets"][0]["text"]  # the data itself is as written


# --- start-up cost: search never imports Textual ---------------------------------------------


def test_search_does_not_import_textual_or_rich(seeds):
    code = (
        "import sys; from reader import cli; "
        f"rc = cli.main(['search', 'داعش', '--corpus', {str(seeds)!r}]); "
        "sys.stderr.write('LOADED=' + str(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))))"
    )
    r = subprocess.run([sys.executable, "-P", "-c", code], capture_output=True, text=True, cwd=ROOT)
    # Nor Rich: the widths of the seeds' characters are known without it.
    assert "LOADED=[]" in r.stderr, r.stderr


def test_data_side_modules_never_import_textual():
    # Everything but the TUI's own modules (none yet) is data side.
    data_side = [*(ROOT / "index").glob("*.py"), *(ROOT / "entities").glob("*.py"), *(ROOT / "reader").glob("*.py")]
    assert len(data_side) > 20
    for path in data_side:
        assert not re.search(r"^\s*(from|import)\s+textual", path.read_text("utf-8"), re.M), path


# --- packaging: the seeds ship inside the package --------------------------------------------


def test_wheel_ships_the_seeds(tmp_path):
    shutil.copytree(ROOT, tmp_path / "src", ignore=shutil.ignore_patterns(".git", ".venv", "*.egg-info", "build", "__pycache__"))
    r = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(tmp_path / "src")],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    wheel = next((tmp_path / "dist").glob("*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    # Both licences in the metadata (PEP 639), not only in the source tree.
    assert {n.split("/", 1)[1] for n in names if "/licenses/" in n} == {"licenses/LICENSE", "licenses/MODEL-LICENSE"}
    seeds = sorted(n for n in names if n.startswith("reader/seeds/"))
    assert seeds == sorted(f"reader/seeds/{p.name}" for p in SEEDS.glob("*.txt"))
    model = {n for n in names if n.startswith("reader/entities/model/")}
    assert model == {f"reader/entities/model/{n}" for n in ("ner.npz", "clusters.tsv", "names.tsv", "places.tsv", "LICENSE.md", "README.md")}
    # One import name, the project's own: no generic top-level `index` or `entities`.
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert tops == {"reader"}
    # Every module of the source tree, where an install puts it.
    source = {f"reader/{p.relative_to(ROOT / 'reader').as_posix()}" for p in (ROOT / "reader").rglob("*.py")}
    source |= {f"reader/{top}/{p.relative_to(ROOT / top).as_posix()}" for top in ("index", "entities") for p in (ROOT / top).rglob("*.py")}
    assert source - set(names) == set()


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text("utf-8")
    blocks = re.findall(r"```sh\n(.*?)\n```", readme, re.S)
    install_and_run, install_and_test = blocks[0], blocks[1]
    assert "pip install ." in install_and_run and "reader" in install_and_run
    assert "pytest" in install_and_test
    assert install_and_test in (ROOT / ".ci" / "run").read_text("utf-8").splitlines()


def test_corpus_option_before_or_after_the_command(tmp_path):
    a = _one_doc_corpus(tmp_path / "a", "كلمةفريدة")
    for args in (["--corpus", str(a), "search", "كلمةفريدة"], ["search", "كلمةفريدة", "--corpus", str(a)]):
        r = run_reader(*args, "--json")
        assert r.returncode == 0, (args, r.stderr)
        assert json.loads(r.stdout)["hits"][0]["id"] == "doc.txt"


@pytest.mark.parametrize("bad", ["0", "-3", "ten"])
def test_limit_must_be_positive(bad):
    r = run_reader("search", "داعش", "--limit", bad)
    assert r.returncode == 2 and "1 or more" in r.stderr


class _Terminal:
    def __init__(self):
        import io

        self.buffer = io.StringIO()

    def isatty(self):
        return True

    def write(self, text):
        self.buffer.write(text)

    def flush(self):
        pass


def test_progress_draws_only_on_a_terminal():
    import io

    from reader.cli.progress import ProgressBar
    from reader.index.progress import Progress

    quiet = io.StringIO()
    with ProgressBar(quiet) as bar:
        bar.update(Progress(total=40, done=40, phase="indexing"))
    assert quiet.getvalue() == ""


def test_progress_gives_each_phase_its_line_with_count_rate_and_time_left(monkeypatch):
    from reader.cli import progress as progress_mod
    from reader.cli.progress import ProgressBar
    from reader.index.progress import Progress

    clock = [100.0]
    monkeypatch.setattr(progress_mod.time, "monotonic", lambda: clock[0])
    term = _Terminal()
    with ProgressBar(term) as bar:
        bar.update(Progress(0, 29497, "reading"))
        clock[0] += 1
        state = Progress(29497, 0, "indexing")
        bar.update(state)
        clock[0] += 10
        state.done = 4000
        bar.update(state)
        live = term.buffer.getvalue().rsplit("\r\x1b[2K", 1)[-1]
        assert "4000/29497 documents" in live and "400/s" in live and "1:04 left" in live
        clock[0] += 5
        bar.update(Progress(2, 0, "writing"))
    lines = term.buffer.getvalue().replace("\r\x1b[2K", "\r").split("\n")
    finished = [line.rsplit("\r", 1)[-1] for line in lines if line]
    assert finished[0].startswith("reading") and "29497 files" in finished[0] and "in 0:01" in finished[0]
    assert finished[1].startswith("indexing") and "4000/29497 documents" in finished[1] and "in 0:15" in finished[1]
    assert finished[2].startswith("writing") and "0/2 segments" in finished[2]


def test_a_build_never_sits_silent(tmp_path):
    """Every phase of a real build reports itself: reading the folders,
    indexing, writing the segments, committing, and the entity phases."""
    from conftest import make_news
    from reader.index.files.corpus import make_roots
    from reader.core.library import Library

    lib = Library(make_roots([make_news(tmp_path / "news", 500)]), workers=2)
    seen = []
    lib.update(progress=lambda p: seen.append(p.phase))
    lib.find_entities(progress=lambda p: seen.append(p.phase), workers=2)
    phases = list(dict.fromkeys(seen))
    assert phases == ["reading", "indexing", "writing", "committing", "entities", "names"]


def test_whoosh_import_shortcut_leaves_urllib_usable():
    code = (
        "import sys, reader.index.engine.search, urllib.request, whoosh.compat; "
        "assert 'http.client' in sys.modules and urllib.request.urlopen; "
        "assert urllib.request is sys.modules['urllib.request']; print('ok')"
    )
    r = subprocess.run([sys.executable, "-P", "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert r.stdout.strip() == "ok", r.stderr
    code = "import sys, reader.index.engine.search; print('http.client' in sys.modules)"
    r = subprocess.run([sys.executable, "-P", "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert r.stdout.strip() == "False", r.stderr


# --- reader search -l: paths only, like rg -l ----------------------------------------------------


def test_files_with_matches_prints_every_path_in_rank_order(tmp_path):
    from conftest import make_news

    corpus = make_news(tmp_path / "news", 400)
    r = run_reader("search", "-l", "السعودية", "--corpus", str(corpus))
    assert r.returncode == 0, r.stderr
    paths = r.stdout.splitlines()
    ranked = search_json("السعودية", "--limit", "1000", "--corpus", str(corpus))
    assert paths == [h["path"] for h in ranked]  # all of them, best first
    assert len(paths) > 100 and len(set(paths)) == len(paths)
    long = run_reader("search", "--files-with-matches", "السعودية", "--corpus", str(corpus))
    assert long.stdout == r.stdout


def test_files_with_matches_finds_nothing_like_grep(seeds):
    r = run_reader("search", "-l", "كلمةغيرموجودة", "--corpus", str(seeds))
    assert r.returncode == 1 and r.stdout == ""


def test_files_with_matches_prints_no_control_character_of_a_file_name(tmp_path):
    body = (SEEDS / "003_135ca1c0598dfef5.txt").read_text("utf-8")
    write(tmp_path / "evil\x1b]0;pwned\x07.txt", body)
    r = run_reader("search", "-l", "داعش", "--corpus", str(tmp_path))
    assert r.returncode == 0 and "\x1b" not in r.stdout and "\x07" not in r.stdout and "pwned" in r.stdout


def test_pages_from_the_command_line_are_slices_of_one_ranking(tmp_path):
    from conftest import make_news

    corpus = make_news(tmp_path / "news", 600)
    one = search_json("السعودية", "--limit", "60", "--corpus", str(corpus))
    pages = [h for p in (1, 2, 3) for h in search_json("السعودية", "--limit", "20", "--page", str(p), "--corpus", str(corpus))]
    assert [(h["id"], h["rank"]) for h in pages] == [(h["id"], h["rank"]) for h in one]
    assert len({h["id"] for h in pages}) == 60


def test_progress_never_reopens_a_phase_and_messages_get_their_own_line(monkeypatch):
    """What a real build showed: a worker's late tick of 'indexing' after
    'writing' had begun drew the indexing line twice, a commit showed
    'committing 0', and the summary was printed onto the live line."""
    from reader.cli import common
    from reader.cli import progress as progress_mod
    from reader.cli.progress import ProgressBar
    from reader.index.progress import Progress

    clock = [100.0]
    monkeypatch.setattr(progress_mod.time, "monotonic", lambda: clock[0])
    term = _Terminal()
    monkeypatch.setattr(common.sys, "stderr", term)
    with ProgressBar(term) as bar:
        bar.update(Progress(5000, 4980, "indexing"))
        clock[0] += 1
        bar.update(Progress(2, 0, "writing"))
        bar.update(Progress(5000, 5000, "indexing"))  # the other worker's last tick
        clock[0] += 8
        bar.update(Progress(0, 0, "committing"))
        common.say("5000 documents indexed")
    lines = [line.rsplit("\r", 1)[-1] for line in term.buffer.getvalue().replace("\r\x1b[2K", "\r").split("\n")]
    assert [line.split()[0] for line in lines if line] == ["indexing", "writing", "reader:", "committing"]
    assert "reader: 5000 documents indexed" in lines
    assert lines[-2] == "committing  in 0:00"


def test_a_dash_before_an_arabic_word_is_not_an_option(seeds):
    # The README's own example: `reader search داعش -العراق` was "unrecognized arguments".
    both = run_reader("--corpus", str(seeds), "search", "-l", "داعش")
    without = run_reader("--corpus", str(seeds), "search", "-l", "داعش", "-العراق")
    assert without.returncode in (0, 1) and "unrecognized" not in without.stderr, without.stderr
    query = run_reader("--corpus", str(seeds), "search", "-l", "داعش NOT العراق")
    assert without.stdout == query.stdout and set(without.stdout.split()) <= set(both.stdout.split())
    r = run_reader("--corpus", str(seeds), "search", "داعش", "-x")
    assert r.returncode == 2 and "unrecognized arguments: -x" in r.stderr


# --- issue 25: the smaller faults -------------------------------------------------------------


def test_a_since_after_the_until_is_an_error_as_a_backward_date_range_is(seeds):
    for command in ("search", "timeline", "kwic"):
        r = run_reader(command, "داعش", "--since", "2019", "--until", "2015", "--corpus", str(seeds))
        assert r.returncode == 2 and r.stderr.count("\n") == 1, (command, r.stderr)
        assert "--since 2019 --until 2015: the range ends before it starts" in r.stderr
    r = run_reader("search", "داعش", "date:2019..2015", "--corpus", str(seeds))
    assert r.returncode == 2 and "ends before it starts" in r.stderr
    assert run_reader("search", "داعش", "--since", "2019-03", "--until", "2019-03", "--corpus", str(seeds)).returncode == 1


@pytest.mark.parametrize("args", [("--help",), ("--version",), ("search", "--help"), ("bookmarks", "add", "--help")])
def test_help_and_version_into_a_full_disk_fail_in_one_line(args):
    with open("/dev/full", "w") as full:
        r = subprocess.run([READER, *args], stdout=full, stderr=subprocess.PIPE, text=True,
                           env={**__import__("os").environ}, timeout=60)
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert r.stderr == "reader: error: cannot write the output: No space left on device\n"


def test_help_into_a_closed_pipe_is_no_error():
    p = subprocess.Popen([READER, "search", "--help"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env={**__import__("os").environ})
    p.stdout.close()  # as `| head -0` does
    assert p.wait(timeout=60) == 0 and p.stderr.read() == b""


def test_a_read_only_cache_is_read_not_called_damaged(tmp_path):
    import os

    from permissions import run_plain

    corpus = tmp_path / "news"
    shutil.copytree(SEEDS, corpus)
    assert run_reader("index", "--corpus", str(corpus)).returncode == 0
    doc = json.loads(run_reader("docs", "--json", "--corpus", str(corpus)).stdout)[0]["id"]
    cache = Path(os.environ["XDG_CACHE_HOME"])
    folders = [cache, *(p for p in cache.rglob("*") if p.is_dir())]
    for folder in folders:
        folder.chmod(0o555)
    try:
        for args in (("related", doc), ("entities", "--with", "داعش")):
            r = run_plain(*args, "--corpus", str(corpus), "--no-pager")
            assert r.returncode == 0 and r.stdout, (args, r.stderr)
            assert "delete it" not in r.stderr and "unreadable" not in r.stderr, (args, r.stderr)
    finally:
        for folder in folders:
            folder.chmod(0o755)


def test_an_entity_store_that_cannot_be_written_refuses_a_change_in_one_line(tmp_path):
    import os

    from permissions import as_plain_user
    from reader.entities.store import Annotations

    path = tmp_path / "entities.sqlite3"
    Annotations(path).close()
    path.chmod(0o444)
    script = ("import sys; from pathlib import Path; from reader.entities.store import Annotations, AnnotationsError\n"
              "a = Annotations(Path(sys.argv[1])); print(a.read_only, a.get(['x']))\n"
              "try:\n    a.put([('x', [], [])])\nexcept AnnotationsError as e:\n    print(e)")
    r = subprocess.run([*as_plain_user(), sys.executable, "-P", "-c", script, str(path)], capture_output=True, text=True,
                       env={**os.environ}, timeout=60)
    assert r.returncode == 0, r.stderr
    first, told = r.stdout.splitlines()
    assert first == "True {}" and "is read-only" in told and "delete" not in told


def test_one_hit_is_one_document_that_matches(seeds):
    r = run_reader("search", "كولمب", "--corpus", str(seeds))
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0].startswith("1 document matches; 1-1 shown")


@pytest.mark.parametrize("columns", [40, 60, 80])
def test_progress_fits_a_narrow_terminal_so_that_it_redraws_in_place(monkeypatch, columns):
    """A line longer than the terminal wraps, and "\\r, erase the line"
    redraws only its last row: copies of the bar piled up below 70 columns.
    Each line drawn stays within columns - 1 cells; the count is kept."""
    import fcntl
    import pty
    import select
    import struct
    import termios

    from reader.cli import progress as progress_mod
    from reader.cli.progress import ProgressBar
    from reader.index.progress import Progress

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    clock = [100.0]
    monkeypatch.setattr(progress_mod.time, "monotonic", lambda: clock[0])
    term = open(slave, "w", encoding="utf-8", closefd=True)
    try:
        with ProgressBar(term) as bar:
            state = Progress(29497, 0, "indexing")
            for done in (0, 4000, 19211):
                clock[0] += 10
                state.done = done
                bar.update(state)
        term.flush()
        drawn = b""
        while select.select([master], [], [], 0.5)[0]:  # all of it: a read may return a part
            drawn += os.read(master, 65536)
        drawn = drawn.decode("utf-8").replace("\r\n", "\n")  # the terminal's own newline
    finally:
        term.close()
        os.close(master)
    lines = [line for line in re.split(r"\r|\n|\x1b\[2K", drawn) if line]  # each line as drawn
    assert lines and all(len(line) <= columns - 1 for line in lines), lines
    assert any("19211/29497" in line for line in lines), lines
