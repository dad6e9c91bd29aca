"""The cluster backend on a real cluster: Debian's searchd, two shards and an
aggregator on loopback (reader cluster start), against the embedded index
on the same articles. Nothing is mocked: shards are killed and restarted."""

from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path

import pytest

from conftest import SEEDS, make_news, run_reader, write
from reader.index.results import score_groups as ranking

pytestmark = pytest.mark.skipif(shutil.which("searchd") is None,
                                reason="searchd is not installed (Debian's sphinxsearch; .ci/run installs it)")


def _start(folder: Path, shards: int = 2) -> str:
    """A cluster on free ports (another test run may hold some)."""
    from reader.index.cluster import processes
    from reader.index.errors import ClusterError

    for _attempt in range(8):
        try:
            return processes.start(folder, shards, random.randrange(20000, 60000, 10))
        except ClusterError as e:
            if "in use" not in str(e):
                raise
    raise AssertionError("no free ports for a cluster")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    from reader.index.cluster import processes

    folder = tmp_path_factory.mktemp("cluster")
    spec = _start(folder)
    yield folder, spec
    processes.stop(folder)


def _corpus(root: Path) -> Path:
    """The seeds, 300 articles of a small vocabulary (copies, equal lengths,
    ولي العهد), a few dated ones: three outlets (their folders)."""
    for seed in SEEDS.glob("*.txt"):
        write(root / "seeds" / seed.name, seed.read_text("utf-8"))
    make_news(root / "gen", 300)
    for i, day in enumerate(("2015-08-03", "2015-08-20", "2016-01-05")):
        write(root / "dated" / f"d{i}.txt", f"خبر {i}\n\n{day} - أعلنت وزارة الطاقة خطة لخفض إنتاج النفط في المملكة "
              "وقال ولي العهد إن الرؤية ماضية.")
    return root


@pytest.fixture(scope="module")
def both(cluster, tmp_path_factory):
    """(the embedded index, the cluster) of one corpus."""
    from reader.core.library import Library

    base = tmp_path_factory.mktemp("indexes")
    corpus = _corpus(tmp_path_factory.mktemp("corpus"))
    embedded = Library.of([corpus], base=base, latin_names=False)
    embedded.update()
    on_cluster = Library.of([corpus], base=base, backend=cluster[1], latin_names=False)
    on_cluster.update()
    return embedded, on_cluster


QUERIES = [
    "النفط", "السعودية", "الدولة الإسلامية", "ولي العهد", "الملك سلمان النفط", "النفط OR التعليم",
    "النفط -الأسعار", "(اليمن OR سوريا) الحكومة", "title:النفط", '"ولي العهد"', '"الدولة الإسلامية"',
    '"مدينة جدة"', "source:seeds", "source:gen الطلاب", "-source:gen النفط", "date:2015", "النفط date:2015-08",
    "الحوثيين -source:seeds", "خالد", "author:العتيبي",
]


@pytest.mark.parametrize("query", QUERIES)
def test_the_cluster_finds_and_ranks_as_the_embedded_index(both, query):
    embedded, on_cluster = both
    a = embedded.search(query, limit=None, snippets=0, group=False)
    b = on_cluster.search(query, limit=None, snippets=0, group=False)
    assert a.total == b.total and a.total > 0, query
    assert {h.id for h in a.hits} == {h.id for h in b.hits}
    assert ranking(a.hits) == ranking(b.hits)
    # a first page as a user asks for it: the cluster picks its candidates for it
    a, b = (lib.search(query, limit=5, snippets=0, group=False) for lib in both)
    assert [round(h.score, 6) for h in a.hits] == [round(h.score, 6) for h in b.hits]  # ties cut at the page's end


def test_pages_snippets_dates_and_sorts_are_the_same(both):
    embedded, on_cluster = both
    seen = []
    for page in (1, 2, 3):
        a = embedded.search("الحكومة", page=page, limit=10, group=False)
        b = on_cluster.search("الحكومة", page=page, limit=10, group=False)
        assert [round(h.score, 6) for h in a.hits] == [round(h.score, 6) for h in b.hits] and a.pages == b.pages
        snippets = {h.id: [s.text for s in h.snippets] for h in a.hits}
        assert all([s.text for s in h.snippets] == snippets.get(h.id, [s.text for s in h.snippets]) for h in b.hits)
        seen += [h.id for h in b.hits]
    assert len(set(seen)) == len(seen) == 30  # the pages of one ranking
    for sort in ("date", "-date"):
        a = embedded.search("النفط", sort=sort, limit=5, group=False)
        b = on_cluster.search("النفط", sort=sort, limit=5, group=False)
        assert [h.date for h in a.hits] == [h.date for h in b.hits] and a.hits[0].id == b.hits[0].id
    assert embedded.timeline("النفط", by="month") == on_cluster.timeline("النفط", by="month")


def test_a_date_sort_orders_every_match_not_only_the_best(both, monkeypatch):
    from reader.index.cluster import search

    embedded, on_cluster = both
    monkeypatch.setattr(search, "CANDIDATES", 4)  # far fewer than the matches: the engine must order by day
    for sort in ("date", "-date"):
        a = embedded.search("الحكومة OR النفط", sort=sort, limit=2, group=False)
        b = on_cluster.search("الحكومة OR النفط", sort=sort, limit=2, group=False)
        assert a.total > 50 and [h.date for h in a.hits] == [h.date for h in b.hits] and a.hits[0].date


def test_a_prefix_finds_the_same_articles(both):
    # Ranked as one term on the cluster (the engine expands it, not reader):
    # the same articles, another order.
    embedded, on_cluster = both
    a = embedded.search("الحكو*", limit=None, snippets=0, group=False)
    b = on_cluster.search("الحكو*", limit=None, snippets=0, group=False)
    assert {h.id for h in a.hits} == {h.id for h in b.hits} and a.total > 10


def test_documents_read_back_as_indexed(both):
    embedded, on_cluster = both
    docs = embedded.documents()
    assert docs == on_cluster.documents() and len(docs) == on_cluster.doc_count()
    for info in docs[:3] + docs[-3:]:
        a, b = embedded.document(info.id), on_cluster.document(info.id)
        assert (a.id, a.text, a.title, a.path, a.day, a.outlet, a.hash) == (b.id, b.text, b.title, b.path, b.day, b.outlet, b.hash)
    assert on_cluster.document("no-such-id.txt") is None


def test_the_concordance_is_the_same(both):
    embedded, on_cluster = both
    for query in ("النفط", '"ولي العهد"', "الحكومة OR التعليم"):  # every match: equal scores make any cut differ
        a, b = embedded.concordance(query, max_docs=None), on_cluster.concordance(query, max_docs=None)
        assert (a.documents, a.read) == (b.documents, b.read) and a.lines
        key = lambda line: (line.doc_id, line.start, line.end, line.before, line.match, line.after)  # noqa: E731
        assert sorted(map(key, a.lines)) == sorted(map(key, b.lines))


def test_related_articles_are_the_same(both):
    embedded, on_cluster = both
    tried = 0
    for doc_id in ("dated/d1.txt", "gen/a00010.txt", "gen/a00200.txt", "seeds/001_4842e351d2c85202.txt"):
        doc = embedded.document(doc_id)
        a, b = embedded.related(doc, limit=10), on_cluster.related(doc, limit=10)
        assert a.total == b.total and doc_id not in {h.id for h in b.hits}
        assert ranking(a.hits) == ranking(b.hits)
        tried += bool(a.hits)
    assert tried >= 2


def test_what_the_cluster_does_not_serve_says_so_in_one_line(both):
    from reader.index.errors import NotServed

    _embedded, on_cluster = both
    for ask in (lambda: on_cluster.search("person:سلمان"), lambda: on_cluster.find_entities()):
        with pytest.raises(NotServed, match="cluster"):
            ask()
    on_cluster.latin_names = True  # as config.toml has it by default
    try:
        assert "searched as written: Riyadh (the cluster" in on_cluster.search("Riyadh OR النفط").notice
        assert not on_cluster.search("Riyadh OR النفط", latin=False).notice
        assert not on_cluster.search("النفط OR التعليم").notice
    finally:
        on_cluster.latin_names = False


def test_did_you_mean_is_the_same(both):
    embedded, on_cluster = both
    said = 0
    for typo in ("النفظ", "الطلاي", "السعودبة", "الحكومه", "مدينه جده"):
        a, b = embedded.search(typo, snippets=0), on_cluster.search(typo, snippets=0)
        assert b.suggestion == a.suggestion, typo
        said += a.suggestion is not None
    assert said >= 2


def _folded(hits) -> set[tuple[float, frozenset]]:
    """Each row and its copies as one set, with the row's score: which of two
    equal copies heads its row depends on each engine's order of equal scores."""
    return {(round(h.score, 6), frozenset([h.id, *(c.id for c in h.copies)])) for h in hits}


def test_copies_fold_as_in_the_embedded_index(both, monkeypatch):
    from reader.index.cluster import search as cluster_search

    embedded, on_cluster = both
    assert on_cluster.copy_groups() is None and not on_cluster.copies_current()
    found = [lib.find_copies(wait=True) for lib in both]
    assert found[1].pairs == found[0].pairs and found[1].same == found[0].same > 0
    assert on_cluster.copies_current()
    folded = 0
    for query in ("النفط", "السعودية", "الطلاب", "source:gen"):
        for sort in ("relevance", "-date"):
            a, b = (lib.search(query, limit=None, snippets=0, sort=sort) for lib in both)
            assert b.grouped and (b.total, b.folded) == (a.total, a.folded), query
            assert _folded(b.hits) == _folded(a.hits), query
            folded += b.folded
    assert folded > 0
    whole = on_cluster.search("الطلاب", limit=None, snippets=0).hits
    pages = [on_cluster.search("الطلاب", limit=5, page=n, snippets=0) for n in (1, 2)]
    assert pages[0].pages == embedded.search("الطلاب", limit=5).pages
    assert [(h.id, h.copies) for p in pages for h in p.hits] == [(h.id, h.copies) for h in whole[:10]]
    monkeypatch.setattr(cluster_search, "CANDIDATES", 4)  # most matches below the candidates: folded all the same
    for query in ("النفط", "الطلاب"):
        a, b = embedded.search(query, limit=5, snippets=0), on_cluster.search(query, limit=5, snippets=0)
        assert (b.total, b.folded) == (a.total, a.folded) and b.folded > 0, query
    monkeypatch.undo()
    groups = [{frozenset([h.id, *(c.id for c in cs)]) for h, cs in lib.copy_groups()} for lib in both]
    assert groups[0] == groups[1] and groups[0]
    write(next(iter(on_cluster.roots)).path / "late.txt", "خبر جديد\n\nأعلنت وزارة الطاقة خطة جديدة للنفط.")
    on_cluster.update()
    assert not on_cluster.copies_current()  # the corpus changed: its copies are found again


# --- the CLI, and faults ----------------------------------------------------------------------


def test_reader_cluster_start_status_stop(tmp_path):
    port = str(random.randrange(20000, 60000, 10))
    started = run_reader("cluster", "start", "--dir", str(tmp_path / "c"), "--shards", "3", "--port", port)
    try:
        assert started.returncode == 0, started.stderr
        address = started.stdout.split()[-1]
        assert address == f"sphinx://127.0.0.1:{port}"
        status = run_reader("cluster", "status", "--dir", str(tmp_path / "c"), "--json")
        rows = json.loads(status.stdout)
        assert status.returncode == 0 and [r["name"] for r in rows] == ["aggregator", "shard-0", "shard-1", "shard-2"]
        assert all(r["answers"] and r["pid"] for r in rows)
        assert all((tmp_path / "c" / r["name"] / "searchd.pid").is_file() for r in rows)
        again = run_reader("cluster", "start", "--dir", str(tmp_path / "c"), "--port", port)
        assert again.returncode == 2 and "already running" in again.stderr and len(again.stderr.splitlines()) == 2
    finally:
        stopped = run_reader("cluster", "stop", "--dir", str(tmp_path / "c"))
    assert stopped.returncode == 0 and "shard-2" in stopped.stderr
    down = run_reader("cluster", "status", "--dir", str(tmp_path / "c"))
    assert down.returncode == 1 and "not running" in down.stdout


def test_search_through_the_cli_on_the_cluster(tmp_path):
    corpus = _corpus(tmp_path / "corpus")
    spec = _start(tmp_path / "c")
    try:
        env = {"READER_BACKEND": spec, "READER_BACKGROUND": "0"}
        indexed = run_reader("--corpus", str(corpus), "index", env=env)
        assert indexed.returncode == 0 and "full build (new index)" in indexed.stderr, indexed.stderr
        found = run_reader("--corpus", str(corpus), "search", "--json", "ولي العهد", env=env)
        assert run_reader("--corpus", str(corpus), "index", env={"READER_BACKGROUND": "0"}).returncode == 0
        local = run_reader("--corpus", str(corpus), "search", "--json", "ولي العهد", env={"READER_BACKGROUND": "0"})
        assert found.returncode == 0, found.stderr
        ranked = lambda out: [h["score"] for h in json.loads(out)["hits"]]  # noqa: E731
        assert ranked(found.stdout) == ranked(local.stdout) and ranked(found.stdout)
        entities = run_reader("--corpus", str(corpus), "search", "place:جدة", env=env)
        assert entities.returncode == 2 and entities.stderr.count("\n") == 1 and "cluster" in entities.stderr
    finally:
        _stop(tmp_path / "c")


def test_the_config_file_chooses_the_backend(tmp_path):
    from reader import paths

    corpus = _corpus(tmp_path / "corpus")
    spec = _start(tmp_path / "c")
    try:
        paths.config_file().parent.mkdir(parents=True, exist_ok=True)
        paths.config_file().write_text(f'backend = "{spec}"\n', "utf-8")
        shown = run_reader("config")
        assert any(line.split()[:2] == ["backend", spec] for line in shown.stdout.splitlines()), shown.stdout
        env = {"READER_BACKGROUND": "0"}
        assert run_reader("--corpus", str(corpus), "index", env=env).returncode == 0
        listed = run_reader("--corpus", str(corpus), "search", "-l", "النفط", env=env)
        local = run_reader("--corpus", str(corpus), "search", "-l", "النفط", env={**env, "READER_BACKEND": "whoosh"})
        assert listed.returncode == 0 and sorted(listed.stdout.split()) == sorted(local.stdout.split())
        _stop(tmp_path / "c")  # the configured cluster is down: one line, exit 2
        down = run_reader("--corpus", str(corpus), "search", "النفط", env=env)
        assert down.returncode == 2 and "does not answer" in down.stderr and len(down.stderr.strip().splitlines()) == 1
    finally:
        _stop(tmp_path / "c")


def _stop(folder: Path) -> None:
    from reader.index.cluster import processes

    processes.stop(folder)


def _kill(folder: Path, name: str) -> None:
    from reader.index.cluster import processes

    pid = next(p for n, p, _port, _up in processes.status(folder) if n == name)
    os.kill(pid, 15)
    from conftest import wait_for

    wait_for(lambda: not any(p or up for n, p, _port, up in processes.status(folder) if n == name), timeout=30,
             what=f"{name} to stop")


def _restart(folder: Path) -> None:
    """What a user does after a shard crashed: reader cluster start again."""
    r = run_reader("cluster", "start", "--dir", str(folder))
    assert r.returncode == 0, r.stderr


def test_a_shard_down_gives_the_rest_with_a_notice_and_all_down_one_line(tmp_path):
    from reader.core.library import Library
    from reader.index.errors import ClusterError

    corpus = _corpus(tmp_path / "corpus")
    spec = _start(tmp_path / "c")
    try:
        lib = Library.of([corpus], base=tmp_path / "i", backend=spec)
        lib.update()
        whole = lib.search("النفط", limit=None, snippets=0)
        assert whole.notice == ""
        _kill(tmp_path / "c", "shard-1")
        part = lib.search("النفط", limit=None, snippets=0)
        assert 0 < part.total < whole.total and {h.id for h in part.hits} < {h.id for h in whole.hits}
        assert "1 shard (" in part.notice and "did not answer" in part.notice and "lack" in part.notice
        _kill(tmp_path / "c", "shard-0")
        with pytest.raises(ClusterError, match="no shard of the cluster"):
            lib.search("النفط")
        env = {"READER_BACKEND": spec, "READER_BACKGROUND": "0"}
        cli = run_reader("--corpus", str(corpus), "--corpus", str(corpus), "search", "النفط", env=env)
        assert cli.returncode == 2 and len(cli.stderr.strip().splitlines()) == 1 and "Traceback" not in cli.stderr
        _restart(tmp_path / "c")
        assert lib.search("النفط", limit=None, snippets=0).total == whole.total
    finally:
        _stop(tmp_path / "c")


def test_a_shard_lost_while_indexing_loses_nothing(tmp_path, monkeypatch):
    from reader.core.library import Library
    from reader.index.cluster import feed
    from reader.index.errors import ClusterError

    monkeypatch.setattr(feed, "BATCH", 20)  # many round trips: the loss falls half way
    corpus = make_news(tmp_path / "corpus", 400)
    spec = _start(tmp_path / "c")
    try:
        lib = Library.of([corpus], base=tmp_path / "i", backend=spec)
        killed = []

        def progress(p):
            if p.phase == "indexing" and p.done >= 150 and not killed:
                killed.append(p.done)
                _kill(tmp_path / "c", "shard-0")

        with pytest.raises(ClusterError, match="shard"):
            lib.update(progress=progress)
        assert killed
        _restart(tmp_path / "c")
        report = lib.update()
        assert report.rebuilt_because == "" and report.added + report.unchanged == 400
        embedded = Library.of([corpus], base=tmp_path / "w")
        embedded.update()
        for query in ("النفط", "ولي العهد", "الحوثيين OR سوريا"):
            a = embedded.search(query, limit=None, snippets=0, group=False)
            b = lib.search(query, limit=None, snippets=0, group=False)
            assert ranking(a.hits, len(a.hits)) == ranking(b.hits, len(b.hits)) and a.total
    finally:
        _stop(tmp_path / "c")


def test_files_changed_and_removed_reach_the_cluster(tmp_path):
    from reader.core.library import Library

    corpus = tmp_path / "corpus"
    write(corpus / "a.txt", "خبر\n\nارتفعت أسعار النفط اليوم.")
    write(corpus / "b.txt", "خبر\n\nاجتمع مجلس الوزراء.")
    spec = _start(tmp_path / "c")
    try:
        lib = Library.of([corpus], base=tmp_path / "i", backend=spec)
        lib.update()
        assert [h.id for h in lib.search("النفط").hits] == ["a.txt"]
        write(corpus / "a.txt", "خبر\n\nانخفضت أسعار الذهب اليوم.")
        os.utime(corpus / "a.txt", ns=(1, 1))  # a changed stamp whatever the clock
        (corpus / "b.txt").unlink()
        write(corpus / "c.txt", "خبر\n\nصعد النفط.")
        report = lib.update()
        assert (report.added, report.updated, report.removed) == (1, 1, 1)
        assert [h.id for h in lib.search("النفط").hits] == ["c.txt"]
        assert [h.id for h in lib.search("الذهب").hits] == ["a.txt"]
        assert lib.search("الوزراء").total == 0 and lib.doc_count() == 2
    finally:
        _stop(tmp_path / "c")


def test_a_backend_that_is_no_cluster_says_so(tmp_path):
    corpus = _corpus(tmp_path / "corpus")
    for spec, said in (("sphinx://127.0.0.1:1", "does not answer"), ("elastic://x:9200", "unknown backend"),
                       ("sphinx://nowhere", "is not sphinx://HOST:PORT")):
        r = run_reader("--corpus", str(corpus), "search", "النفط", env={"READER_BACKEND": spec})
        assert r.returncode == 2 and said in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr


def test_a_server_of_another_version_says_so(tmp_path):
    # searchd's own setting makes it announce another version, as an old server would.
    folder = tmp_path / "c"
    spec = _start(folder, shards=1)
    try:
        _kill(folder, "aggregator")
        conf = folder / "aggregator" / "searchd.conf"
        conf.write_text(conf.read_text("utf-8").replace("searchd\n{\n", "searchd\n{\n    mysql_version_string = 2.0.11-release\n"),
                        "utf-8")
        _restart(folder)
        r = run_reader("--corpus", str(SEEDS), "search", "النفط", env={"READER_BACKEND": spec, "READER_BACKGROUND": "0"})
        assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, r.stderr
        assert "is 2.0.11-release" in r.stderr and "needs Sphinx 2.2 or Manticore" in r.stderr
    finally:
        _stop(folder)
