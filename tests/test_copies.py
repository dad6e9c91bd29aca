"""Wire copies: shingles and MinHash (reader.core.shingles), the copies pass
(reader.core.copies), the fold of the results (index.copies) and `reader dupes`."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import run_reader, write
from corpora import OTHER, SEED, copies_corpus, spelt_otherwise, with_edits

pytest.importorskip("numpy")

# --- the measure ---------------------------------------------------------------------


def test_spelling_variants_give_the_same_shingles_and_edits_cost_what_they_change():
    from reader.core.shingles import Shingler, estimate, jaccard, sketch

    s = Shingler()
    seed = s.shingles(SEED)
    assert jaccard(seed, s.shingles(spelt_otherwise(SEED))) > 0.97  # only the byline's shingles differ
    edited = jaccard(seed, s.shingles(with_edits(SEED, 40)))
    assert 0.75 < edited < 0.95  # a word in 40 changes 4 shingles in 40
    assert jaccard(seed, s.shingles(with_edits(SEED, 8))) < 0.5  # a word in 8: another text
    assert jaccard(seed, s.shingles(OTHER)) < 0.02
    # the sketch estimates it (64 values: within about 0.15)
    assert abs(estimate(sketch(seed), sketch(s.shingles(with_edits(SEED, 40)))) - edited) < 0.15
    assert estimate(sketch(seed), sketch(s.shingles(SEED))) == 1.0


def test_sketches_are_the_same_in_every_process():
    """Sketches are kept between runs: nothing may depend on Python's
    per-process string hashing."""
    code = ("import sys; from reader.core.shingles import Shingler, sketch; "
            "print(sketch(Shingler().shingles(sys.stdin.read())).tobytes().hex())")
    runs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        r = subprocess.run([sys.executable, "-P", "-c", code], input=SEED, capture_output=True, text=True, env=env, check=True)
        runs.append(r.stdout)
    assert runs[0] == runs[1] and len(runs[0].strip()) == 64 * 8


def test_near_copies_are_candidates_and_strangers_are_not():
    from reader.core.shingles import Shingler, candidates, sketch

    s = Shingler()
    texts = {"a": SEED, "b": spelt_otherwise(SEED), "c": with_edits(SEED, 40), "o": OTHER}
    pairs = candidates((k, sketch(s.shingles(t))) for k, t in texts.items())
    assert {("a", "b"), ("a", "c"), ("b", "c")} <= pairs
    assert not any("o" in p for p in pairs)


# --- the fold ------------------------------------------------------------------------


def _loaded(tmp_path, pairs, docs=6, identity="x:1"):
    from reader.index.copies import CopiesFile

    f = CopiesFile(tmp_path / "copies.bin")
    f.write(identity, docs, pairs)
    return f.load(identity)


def test_copies_fold_under_the_best_placed_and_a_copy_of_a_copy_is_not_hidden(tmp_path):
    # 0~1 (0.9), 1~2 (0.8), 0~2 (0.5: below the line); 3~4 (0.75); 5 alone
    c = _loaded(tmp_path, [(0, 1, 0.9), (1, 2, 0.8), (0, 2, 0.5), (3, 4, 0.75)])
    scores = {0: 5.0, 1: 6.0, 2: 1.0, 3: 2.0, 4: 3.0, 5: 4.0}
    by_score = lambda item: (-item[1], item[0])  # noqa: E731
    rows, folded = c.fold(scores, by_score)
    # 1 is first: it takes 0 (90%) and 2 (80%)
    assert sorted(rows) == [1, 4, 5] and folded == {1: [(0, 90), (2, 80)], 4: [(3, 75)]}
    # with 1 out of the results, 0 leads and 2 (50% like it) stays a row of its own
    del scores[1]
    rows, folded = c.fold(scores, by_score)
    assert sorted(rows) == [0, 2, 4, 5] and folded == {4: [(3, 75)]}


def test_a_percentage_is_never_rounded_up_to_the_line_or_to_the_same(tmp_path):
    c = _loaded(tmp_path, [(0, 1, 0.999), (2, 3, 0.6999)])
    assert list(c.of(0)) == [(1, 99)] and list(c.of(2)) == []  # below SAME: not a copy at all


def test_the_copies_file_is_for_one_state_of_the_index_and_a_damaged_one_is_none(tmp_path):
    from reader.index.copies import CopiesFile

    f = CopiesFile(tmp_path / "copies.bin")
    f.write("gen:3", 4, [(0, 1, 0.8)])
    assert list(f.load("gen:3").of(1)) == [(0, 80)]
    assert f.load("gen:4") is None  # an index written since: not these document numbers
    (tmp_path / "copies.bin").write_bytes(b'{"version": 1, "identity": "gen:3", "docs": 4, "pairs": 9}\n\x00\x01')
    assert f.load("gen:3") is None
    (tmp_path / "copies.bin").write_bytes(b"\xff\xfe garbage")
    assert f.load("gen:3") is None and f.identity() is None
    (tmp_path / "copies.bin").write_bytes(b'["gen:3"]\n')
    assert f.load("gen:3") is None and f.identity() is None


# --- through the core and the command line ----------------------------------------


def test_search_folds_copies_with_their_percentage_and_pages_stay_slices(tmp_path):
    from reader.index.files.corpus import make_roots
    from reader.core.library import Library

    lib = Library(make_roots([copies_corpus(tmp_path)]))
    lib.open()
    before = lib.search("الخلافة", limit=None, snippets=0)
    assert not before.grouped and before.folded == 0  # the pass has not run: nothing hidden
    report = lib.find_copies()
    assert report.sketched == 7 and report.pairs == 3
    grouped = lib.search("الخلافة", limit=None, snippets=0)
    assert grouped.grouped and grouped.folded == 2 and grouped.total == before.total - 2
    (lead,) = [h for h in grouped.hits if h.copies]
    versions = {"a_wire.txt", "b_spelt.txt", "c_edited.txt"}
    assert {lead.id, *(c.id for c in lead.copies)} == versions
    assert all(70 <= c.similar <= 100 for c in lead.copies)
    assert "d_half.txt" in {h.id for h in grouped.hits}  # half the story: a row of its own
    # pages of any size are slices of the one folded list
    whole = [h.id for h in grouped.hits]
    for limit in (1, 2, 3):
        paged = [h.id for p in range(1, len(whole) // limit + 2)
                 for h in lib.search("الخلافة", page=p, limit=limit, snippets=0).hits]
        assert paged == whole
    assert len(lib.search("الخلافة", limit=None, snippets=0, group=False).hits) == before.total
    # sorted by date, the fold follows that order too
    assert lib.search("الخلافة", limit=None, snippets=0, sort="date").folded == 2


def test_a_second_pass_sketches_only_what_is_new(tmp_path):
    from reader.index.files.corpus import make_roots
    from reader.core.library import Library

    corpus = copies_corpus(tmp_path)
    lib = Library(make_roots([corpus]))
    lib.open()
    lib.find_copies()
    assert lib.find_copies().sketched == 0  # up to date: nothing done
    write(corpus / "e_again.txt", spelt_otherwise(SEED).replace("الرياض - واس", "جدة - واس"))
    lib.update()
    report = lib.find_copies()
    assert report.sketched == 1 and report.pairs == 6
    (lead,) = [h for h in lib.search("الخلافة", limit=None, snippets=0).hits if h.copies]
    assert len(lead.copies) == 3


def test_reader_search_and_dupes_show_the_copies(tmp_path):
    corpus = copies_corpus(tmp_path)
    r = run_reader("index", "--corpus", str(corpus))
    assert r.returncode == 0 and "3 pairs of copies" in r.stderr, r.stderr
    data = json.loads(run_reader("search", "الخلافة", "--corpus", str(corpus), "--json").stdout)
    assert data["grouped"] and data["total"] == data["rows"] + 2
    (lead,) = [h for h in data["hits"] if h["copies"]]
    assert {c["id"] for c in lead["copies"]} | {lead["id"]} == {"a_wire.txt", "b_spelt.txt", "c_edited.txt"}
    ungrouped = json.loads(run_reader("search", "الخلافة", "--corpus", str(corpus), "--json", "--no-group").stdout)
    assert ungrouped["rows"] == ungrouped["total"] == data["total"] and not ungrouped["grouped"]
    text = run_reader("search", "الخلافة", "--corpus", str(corpus), "--shape", "never").stdout
    assert "copies folded" in text and "+2 copies" in text and "% alike" in text
    dupes = json.loads(run_reader("dupes", "--corpus", str(corpus), "--json").stdout)
    assert dupes["groups"] == 1 and dupes["copies"] == 2
    (group,) = dupes["shown"]
    assert len(group["copies"]) == 2 and all(c["similar"] >= 70 for c in group["copies"])
    r = run_reader("dupes", "--corpus", str(corpus), "--shape", "never")
    assert r.returncode == 0 and "1 group of copies: 3 documents, 2 of them copies" in r.stdout and "+2 copies" in r.stdout


def test_reader_dupes_says_so_when_nothing_is_a_copy(seeds):
    r = run_reader("dupes", "--corpus", str(seeds))
    assert r.returncode == 1 and r.stdout == "" and "no document of this corpus is a copy" in r.stderr


def test_a_damaged_sketch_store_is_made_again(tmp_path):
    from reader.core import copies
    from reader.index.files.corpus import make_roots
    from reader.core.library import Library

    lib = Library(make_roots([copies_corpus(tmp_path)]))
    lib.open()
    lib.find_copies()
    store, _lock = copies.paths(lib.backend)
    (lib.backend.folder / "copies.bin").unlink()
    store.write_bytes(b"not a database" * 100)
    report = lib.find_copies()
    assert report.sketched == 7 and report.pairs == 3


def test_a_sketch_store_that_cannot_be_written_leaves_the_results_unfolded_and_the_entities_to_come(tmp_path):
    from reader.index.files.corpus import make_roots
    from reader.core.library import Library

    corpus = copies_corpus(tmp_path)
    lib = Library(make_roots([corpus]))
    lib.open()
    (lib.backend.folder / "copies.sqlite3").mkdir()  # in the way, and no file can replace it
    r = run_reader("index", "--corpus", str(corpus))
    assert r.returncode == 0, r.stderr
    assert "reader: copies not found: the sketch store" in r.stderr and "entities of 7 documents" in r.stderr
    data = json.loads(run_reader("search", "الخلافة", "--corpus", str(corpus), "--json").stdout)
    assert not data["grouped"] and data["rows"] == data["total"]


def test_one_copy_folded_is_said_in_the_singular():
    from types import SimpleNamespace

    from reader.cli.output import _count_line

    hit = SimpleNamespace(rank=1)
    one = SimpleNamespace(hits=[hit], page=1, pages=1, total=115, folded=1, seconds=0.012)
    assert _count_line(one).startswith("116 documents match, 1 of them a copy folded under another: 115 rows;")
    two = SimpleNamespace(hits=[hit], page=1, pages=1, total=114, folded=2, seconds=0.012)
    assert _count_line(two).startswith("116 documents match, 2 of them copies folded under others: 114 rows;")
