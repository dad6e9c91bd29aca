"""Benchmark: related documents (Library.related) on the benchmark corpus.

Run from the repository root, with the venv that has `reader` installed::

    python bench/bench_related.py --index-home /tmp/q --corpus /tmp/snn/saudinewsnet

Quality: pairs of articles from two different outlets (the manifest's
source) that share text are found by their word shingles (a bottom-64
sketch of each article's 4-word shingles, Jaccard estimated from the
sketches; the index's own normalization). --pairs of them above Jaccard
0.5 and as many between 0.3 and 0.5 are drawn (seeded). For the first
article of each pair: is the other among its --top related documents, and
is the first related document one that shares text with it (Jaccard 0.3
or more)?

Speed: each related list's time in one warm process (median and maximum),
beside a search of the article's title words in the same process (the
anchor: what a user would otherwise type).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

from harness import anchor, record, record_option, row

K = 64  # sketch size
SHINGLE = 4


def sketches(files: list[Path]) -> dict[str, list[bytes]]:
    from reader.index.language.arabic import analyses

    out = {}
    for p in files:
        words = [a.norm for a in analyses(p.read_text("utf-8", errors="replace"))]
        grams = {hashlib.blake2b(" ".join(words[i : i + SHINGLE]).encode(), digest_size=8).digest()
                 for i in range(len(words) - SHINGLE + 1)}
        out[p.name] = sorted(grams)[:K]
    return out


def similar_pairs(sk: dict[str, list[bytes]]) -> list[tuple[float, str, str]]:
    """(estimated Jaccard, a, b) of the articles whose sketches meet thrice or more."""
    where = defaultdict(list)
    for name, hashes in sk.items():
        for h in hashes:
            where[h].append(name)
    met: dict[tuple[str, str], int] = defaultdict(int)
    for names in where.values():
        if 1 < len(names) < 200:  # a shingle in hundreds of articles is boilerplate
            for i, a in enumerate(names):
                for b in names[i + 1 :]:
                    met[(a, b)] += 1
    out = []
    for (a, b), n in met.items():
        if n >= 3:
            x, y = set(sk[a]), set(sk[b])
            union = sorted(x | y)[:K]
            out.append((sum(1 for h in union if h in x and h in y) / len(union), a, b))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, required=True, help="the unpacked benchmark folder (saudinewsnet)")
    ap.add_argument("--index-home", type=Path, help="XDG home holding (or to hold) the index, as bench_search_quality")
    ap.add_argument("--pairs", type=int, default=200)
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--seed", type=int, default=11)
    record_option(ap)
    args = ap.parse_args()
    if args.index_home:
        for var, sub in (("XDG_CACHE_HOME", "cache"), ("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                         ("XDG_STATE_HOME", "state")):
            os.environ[var] = str(args.index_home / "xdg" / sub)
    os.environ["READER_BACKGROUND"] = "0"
    from reader.index.language.arabic import WORD_RE
    from reader.index.files.corpus import make_roots
    from reader.core.library import Library

    manifest = args.corpus.parent / f"{args.corpus.name}_manifest.tsv"
    outlet = {}
    for line in manifest.read_text("utf-8").splitlines()[1:]:
        f = line.split("\t")
        outlet[f[0]] = f[1]
    started = time.perf_counter()
    files = sorted(args.corpus.glob("*.txt"))
    pairs = similar_pairs(sketches(files))
    print(f"{len(files):,} articles; {len(pairs):,} pairs share text; {time.perf_counter() - started:.0f} s",
          file=sys.stderr)
    versions = defaultdict(set)
    for j, a, b in pairs:
        if j >= 0.3:
            versions[a].add(b)
            versions[b].add(a)
    lib = Library(make_roots([args.corpus]))
    lib.open()
    rng = random.Random(args.seed)
    print(f"{'Jaccard':<10}{'pairs':>6}{'other in top ' + str(args.top):>17}{'first a version':>17}"
          f"{'related ms':>12}{'max':>6}{'title search ms':>17}")
    rows = []
    for lo, hi in ((0.5, 1.01), (0.3, 0.5)):
        band = [p for p in pairs if lo <= p[0] < hi and outlet.get(p[1]) != outlet.get(p[2])]
        sample = rng.sample(band, min(args.pairs, len(band)))
        found = first = 0
        times, title_search = [], []
        for _j, a, b in sample:
            doc = lib.document(a)
            t = time.perf_counter()
            ids = [h.id for h in lib.related(doc, args.top).hits]
            times.append(time.perf_counter() - t)
            found += b in ids
            first += bool(ids) and ids[0] in versions[a]
            t = time.perf_counter()
            lib.search(" ".join(WORD_RE.findall(doc.title)[:6]) or "خبر", limit=args.top, snippets=0)
            title_search.append(time.perf_counter() - t)
        n = len(sample)
        print(f"{lo:.1f}-{min(hi, 1):.1f}  {n:>6}{100 * found / n:>16.1f}%{100 * first / n:>16.1f}%"
              f"{1000 * statistics.median(times):>12.0f}{1000 * max(times):>6.0f}{1000 * statistics.median(title_search):>17.0f}")
        band = f"Jaccard {lo:.1f}-{min(hi, 1):.1f}"
        rows += [row("pairs drawn", n, "pairs", case=band),
                 row(f"the other version among the first {args.top} related", round(100 * found / n, 1), "%", case=band),
                 row("the first related document shares text", round(100 * first / n, 1), "%", case=band),
                 row("a related list, warm process, median", round(1000 * statistics.median(times)), "ms", case=band,
                     anchors=[anchor("a search of the title's first six words",
                                     round(1000 * statistics.median(title_search)), "ms")]),
                 row("a related list, warm process, slowest", round(1000 * max(times)), "ms", case=band)]
    if args.record:
        record("related", args.record, rows, args.note)


if __name__ == "__main__":
    main()
