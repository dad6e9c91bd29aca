"""Benchmark: the benchmark corpus on a 2-shard cluster beside the embedded index, in one run.

Run from the repository root with the project's venv (searchd installed)::

    python bench/bench_cluster.py --corpus /tmp/snn/saudinewsnet [--shards 2] [--record LABEL]

Both indexes are built from nothing in the same run: build time, index size
(the Whoosh generation folder; the shards' data folders after the engine has
saved its memory chunks), query latency over the judged query set
(bench/judged/queries.toml: median and p90, in process, warm), the same
queries from 8 client processes at once (median latency and queries per
second), and agreement: for each judged query, whether the cluster finds the
same articles and ranks its first ten the same (scores equal; equal scores
may stand in another order, each engine keeping its own).
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import time
import tomllib
from pathlib import Path

from harness import anchor, corpus_in, index_home, record, record_option, row

from reader.index.results import score_groups as ranking

QUERIES = Path(__file__).resolve().parent / "judged" / "queries.toml"
TOPICS = QUERIES.with_name("topics.toml")  # queries of several words, not looked at when the cluster's ranker was chosen
CLIENTS = 8


def folder_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def folds(hits, n: int = 10) -> list:
    """The first n rows as (score, the row's size with its copies): which of
    two equal copies heads a row depends on each engine's order of equal scores."""
    return sorted((round(h.score, 6), 1 + len(h.copies)) for h in hits[:n])


def timed(lib, queries: list[str]) -> list[float]:
    out = []
    for q in queries:
        t = time.perf_counter()
        lib.search(q, limit=10)
        out.append(time.perf_counter() - t)
    return out


def _client(args) -> list[float]:
    corpus, base, backend, queries = args
    from reader.core.library import Library

    lib = Library.of([Path(corpus)], base=Path(base), backend=backend, latin_names=False)
    lib.search(queries[0], limit=10)  # opened before the clock starts
    return timed(lib, queries)


def concurrent(corpus: Path, base: Path, backend: str, queries: list[str]) -> tuple[float, float]:
    """(median latency, queries per second) with CLIENTS processes searching at once."""
    jobs = [(str(corpus), str(base), backend, queries[i:] + queries[:i]) for i in range(CLIENTS)]
    t = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(CLIENTS) as pool:
        times = [x for part in pool.map(_client, jobs) for x in part]
    return statistics.median(times), len(times) / (time.perf_counter() - t)


def p90(xs: list[float]) -> float:
    return statistics.quantiles(xs, n=10)[-1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, help="the unpacked benchmark articles (default: unpack the tarball)")
    ap.add_argument("--index-home", type=Path, help="keep the indexes and the cluster here (rebuilt each run)")
    ap.add_argument("--shards", type=int, default=2)
    ap.add_argument("--port", type=int, default=9406)
    record_option(ap)
    args = ap.parse_args()
    from reader.core.library import Library
    from reader.index.cluster import processes

    queries = [q["query"] for q in tomllib.loads(QUERIES.read_text("utf-8"))["query"]]
    topics = [t["query"] for t in tomllib.loads(TOPICS.read_text("utf-8"))["topic"]]
    with index_home(args.index_home, "bench-cluster-") as home:
        corpus = corpus_in(home, args.corpus)
        base = home / "indexes"
        spec = processes.start(home / "cluster", args.shards, args.port)
        try:
            embedded = Library.of([corpus], base=base, latin_names=False)
            t = time.perf_counter()
            embedded.update(rebuild=True)
            whoosh_build = time.perf_counter() - t
            cluster = Library.of([corpus], base=base, backend=spec, latin_names=False)
            t = time.perf_counter()
            report = cluster.update(rebuild=True)
            cluster_build = time.perf_counter() - t
            whoosh_size = folder_bytes(embedded.backend.store.current.resolve())
            processes.stop(home / "cluster")  # the engine saves its memory chunks: the size on disk is all of it
            cluster_size = sum(folder_bytes(home / "cluster" / f"shard-{i}" / "data") for i in range(args.shards))
            processes.start(home / "cluster", args.shards, args.port)
            cluster.close()
            cluster = Library.of([corpus], base=base, backend=spec, latin_names=False)
            same_sets = same_top = 0
            differ = []
            for q in queries:
                a = embedded.search(q, limit=None, snippets=0, group=False)
                b = cluster.search(q, limit=None, snippets=0, group=False)
                sets = {h.id for h in a.hits} == {h.id for h in b.hits}
                # the first page as a user asks for it: the cluster picks its candidates for it
                top = ranking(embedded.search(q, limit=20, snippets=0, group=False).hits) == \
                    ranking(cluster.search(q, limit=20, snippets=0, group=False).hits)
                same_sets += sets
                same_top += top
                if not (sets and top):
                    differ.append(f"{q}: {a.total} / {b.total} hits{'' if top else ', first ten differ'}")
            same_topics = sum(ranking(embedded.search(q, limit=20, snippets=0, group=False).hits)
                              == ranking(cluster.search(q, limit=20, snippets=0, group=False).hits) for q in topics)
            t = time.perf_counter()
            w_copies = embedded.find_copies(wait=True)
            w_copies_s = time.perf_counter() - t
            t = time.perf_counter()
            c_copies = cluster.find_copies(wait=True)
            c_copies_s = time.perf_counter() - t
            same_rows = same_folds = 0
            for q in queries:  # copies folded: the rows counted, and the first page's rows with their copies
                a, b = embedded.search(q, limit=20, snippets=0), cluster.search(q, limit=20, snippets=0)
                same_rows += a.total == b.total
                same_folds += folds(a.hits) == folds(b.hits)
                if a.total != b.total:
                    differ.append(f"{q}: {a.total} / {b.total} rows with copies folded")
            timed(embedded, queries[:5])
            timed(cluster, queries[:5])
            w_times, c_times = timed(embedded, queries), timed(cluster, queries)
            w_conc = concurrent(corpus, base, "", queries)
            c_conc = concurrent(corpus, base, spec, queries)
        finally:
            processes.stop(home / "cluster")
    n = len(queries)
    print(f"{report.indexed:,} articles; {n} judged queries; {args.shards} shards")
    print("| | embedded (Whoosh) | cluster (Sphinx) |\n|---|---|---|")
    print(f"| build | {whoosh_build:.0f} s | {cluster_build:.0f} s |")
    print(f"| index size | {whoosh_size / 2**20:.0f} MB | {cluster_size / 2**20:.0f} MB |")
    print(f"| latency, median / p90 | {statistics.median(w_times) * 1000:.0f} / {p90(w_times) * 1000:.0f} ms "
          f"| {statistics.median(c_times) * 1000:.0f} / {p90(c_times) * 1000:.0f} ms |")
    print(f"| {CLIENTS} clients: median latency, queries/s | {w_conc[0] * 1000:.0f} ms, {w_conc[1]:.1f} "
          f"| {c_conc[0] * 1000:.0f} ms, {c_conc[1]:.1f} |")
    print(f"| copies pass | {w_copies_s:.0f} s, {w_copies.pairs:,} pairs | {c_copies_s:.0f} s, {c_copies.pairs:,} pairs |")
    print(f"same articles: {same_sets} of {n}; same first ten: {same_top} of {n}; "
          f"topics, same first ten: {same_topics} of {len(topics)}")
    print(f"copies folded: same rows counted {same_rows} of {n}; same first ten rows and copies {same_folds} of {n}")
    for line in differ:
        print(f"  {line}")
    if args.record:
        ms = lambda x: round(x * 1000, 1)  # noqa: E731
        record("cluster", args.record, [
            row("build, cluster", round(cluster_build, 1), "s", anchors=[anchor("embedded", round(whoosh_build, 1), "s")]),
            row("index size, cluster", round(cluster_size / 2**20), "MB",
                anchors=[anchor("embedded", round(whoosh_size / 2**20), "MB")]),
            row("latency median, cluster", ms(statistics.median(c_times)), "ms",
                anchors=[anchor("embedded", ms(statistics.median(w_times)), "ms")]),
            row("latency p90, cluster", ms(p90(c_times)), "ms", anchors=[anchor("embedded", ms(p90(w_times)), "ms")]),
            row(f"{CLIENTS} clients median latency, cluster", ms(c_conc[0]), "ms",
                anchors=[anchor("embedded", ms(w_conc[0]), "ms")]),
            row(f"{CLIENTS} clients queries/s, cluster", round(c_conc[1], 1), "q/s",
                anchors=[anchor("embedded", round(w_conc[1], 1), "q/s")]),
            row("copies pass, cluster", round(c_copies_s, 1), "s", anchors=[anchor("embedded", round(w_copies_s, 1), "s")]),
            row("copy pairs, cluster", c_copies.pairs, "pairs", anchors=[anchor("embedded", w_copies.pairs, "pairs")]),
            row("judged queries: same articles", same_sets, f"of {n}"),
            row("judged queries: same first ten", same_top, f"of {n}"),
            row("topic queries: same first ten", same_topics, f"of {len(topics)}"),
            row("copies folded: same rows counted", same_rows, f"of {n}"),
            row("copies folded: same first ten rows", same_folds, f"of {n}"),
        ], args.note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
