"""Benchmark: what folding wire copies costs a search, and the copies pass.

Run from the repository root, with the venv that has `reader` installed::

    python bench/bench_copies.py --index-home /tmp/q     # reuse bench_search_quality's index
    python bench/bench_copies.py --corpus /tmp/snn/saudinewsnet

* Search, in one warm process, every query of the judged set
  (bench/judged/queries.toml) plus common words: the same search with the
  copies folded (the default) and without (--no-group, the anchor),
  alternated, --repeat times each; per query the median of each, then the
  median and the largest of the ratios. Goal (issue 16): grouping adds at
  most 20% to a search.
* `reader search Q` whole process, grouped and not, medians (a cold shell's view).
* The copies pass from scratch (its sketch store removed first, the text
  index kept), beside its floor: reading every text out of the index and
  splitting it into words, which any shingling must do.
* Quality, by a measure of its own: `reader compare`'s alignment (sentence
  by sentence, reader.core.alignment) of --pairs pairs drawn (seeded) from the
  copies folded (70% or more of shared shingles) and from the measured
  pairs just below the line (50-70%): the part of the smaller side's words
  in shared passages, its 10th percentile and median. Folded copies should
  share nearly all their passages; the pairs below, visibly less.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

from harness import REPO, anchor, corpus_in, index_home, median_run, reader_command, reader_env, record, record_option, row

COMMON = ("السعودية", "المملكة", "الملك", "وزير", "اليمن")

QUALITY = r"""
import json, random, sqlite3, statistics, sys
from pathlib import Path
from reader.core.alignment import compare
from reader.index.files.corpus import make_roots
from reader.core.library import Library
from reader.core import copies
lib = Library(make_roots([Path(sys.argv[1])]))
lib.open()
n, rng = int(sys.argv[2]), random.Random(7)
ids_of = {}
for doc_id, h in lib.backend.open().catalog().items():
    ids_of.setdefault(h, doc_id)
store, _lock = copies.paths(lib.backend)
db = sqlite3.connect(store)
bands = {"70-100% (folded)": (0.7, 1.01), "60-70%": (0.6, 0.7), "50-60%": (0.5, 0.6)}
for name, (lo, hi) in bands.items():
    pairs = [(a, b) for a, b, j in db.execute("SELECT a, b, similar FROM pair") if lo <= j < hi
             and a in ids_of and b in ids_of]
    pairs.sort()
    shares = []
    for a, b in rng.sample(pairs, min(n, len(pairs))):
        c = compare(lib.document(ids_of[a]).text, lib.document(ids_of[b]).text)
        shares.append(min(c.shared_share("a"), c.shared_share("b")))
    shares.sort()
    print(json.dumps({"band": name, "pairs": len(pairs), "drawn": len(shares),
                      "p10": shares[len(shares) // 10], "median": statistics.median(shares)}))
"""

IN_PROCESS = r"""
import json, statistics, sys, time
from pathlib import Path
from reader.index.files.corpus import make_roots
from reader.core.library import Library
lib = Library(make_roots([Path(sys.argv[1])]))
lib.open()
assert lib.copies_current(), "the copies pass has not run on this index"
out = {}
for q in json.loads(sys.argv[2]):
    on, off = [], []
    for _ in range(int(sys.argv[3])):
        for group, times in ((True, on), (False, off)):
            t = time.perf_counter()
            r = lib.search(q, limit=10, group=group)
            times.append(time.perf_counter() - t)
    r = lib.search(q, limit=10)
    out[q] = {"on": statistics.median(on), "off": statistics.median(off), "documents": r.total + r.folded,
              "folded": r.folded}
print(json.dumps(out))
"""

FLOOR = r"""
import sys, time
from pathlib import Path
from reader.index.language.arabic import WORD_RE
from reader.index.files.corpus import make_roots
from reader.core.library import Library
lib = Library(make_roots([Path(sys.argv[1])]))
lib.open()
t = time.perf_counter()
snap = lib.backend.open()
ids = set(snap.catalog())
words = sum(len(WORD_RE.findall(text)) for _i, _h, text in snap.texts(ids))
print(time.perf_counter() - t, words)
"""


def queries() -> list[str]:
    text = (REPO / "bench/judged/queries.toml").read_text("utf-8")
    return [json.loads(m) for m in re.findall(r'^query\s*=\s*("(?:[^"\\]|\\.)*")', text, re.M)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, help="folder of the benchmark's .txt articles")
    ap.add_argument("--index-home", type=Path, help="where the index is kept (default: a temporary folder)")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--pairs", type=int, default=200, help="pairs drawn per band for the quality check")
    record_option(ap)
    args = ap.parse_args()
    with index_home(args.index_home, "bench-copies-") as home:
        corpus = corpus_in(home, args.corpus)
        env = reader_env(home)
        reader = reader_command()
        subprocess.run([reader, "index", "--corpus", str(corpus)], env=env, check=True, stderr=subprocess.DEVNULL)

        # The pass from scratch, beside its floor.
        stores = list((home / "xdg" / "cache").rglob("copies.sqlite3*")) + list((home / "xdg" / "cache").rglob("copies.bin"))
        for f in stores:
            f.unlink()
        t = time.perf_counter()
        subprocess.run([reader, "index", "--entities-only", "--corpus", str(corpus)], env=env, check=True,
                       capture_output=True)
        whole = time.perf_counter() - t
        floor = subprocess.run([sys.executable, "-P", "-c", FLOOR, str(corpus)], env=env, capture_output=True, text=True,
                               check=True).stdout.split()
        print(f"copies pass from scratch (with the entity pass's check, nothing to find): {whole:.1f} s; "
              f"reading and splitting every text: {float(floor[0]):.1f} s ({int(floor[1]):,} words)")
        rows = [row("the copies pass from scratch", round(whole, 1), "s",
                    anchors=[anchor("reading and splitting every text", round(float(floor[0]), 1), "s")])]

        quality = subprocess.run([sys.executable, "-P", "-c", QUALITY, str(corpus), str(args.pairs)], env=env,
                                 capture_output=True, text=True, check=True)
        print("\nthe smaller side's words in passages shared by sentence alignment (reader compare):")
        for line in quality.stdout.splitlines():
            b = json.loads(line)
            print(f"  {b['band']:<26}{b['pairs']:>7,} pairs, {b['drawn']} drawn: 10th percentile {b['p10']:.0%},"
                  f" median {b['median']:.0%}")
            rows += [row("pairs", b["pairs"], "pairs", case=b["band"]),
                     row("shared words, 10th percentile", round(100 * b["p10"]), "%", case=b["band"]),
                     row("shared words, median", round(100 * b["median"]), "%", case=b["band"])]

        qs = list(dict.fromkeys([*COMMON, *queries()]))
        warm = subprocess.run([sys.executable, "-P", "-c", IN_PROCESS, str(corpus), json.dumps(qs), str(args.repeat)],
                              env=env, capture_output=True, text=True, check=True)
        inside = json.loads(warm.stdout)
        ratios = [f["on"] / f["off"] for f in inside.values() if f["off"] > 0]
        print(f"\n{len(qs)} queries (the judged set and {len(COMMON)} common words), warm process, medians of"
              f" {args.repeat}")
        print(f"{'query':<22}{'documents':>10}{'folded':>8}{'grouped ms':>12}{'--no-group ms':>15}{'ratio':>7}")
        for q in COMMON:
            f = inside[q]
            print(f"{q:<22}{f['documents']:>10,}{f['folded']:>8,}{1000 * f['on']:>12.1f}{1000 * f['off']:>15.1f}"
                  f"{f['on'] / f['off']:>7.2f}")
            rows += [row("documents", f["documents"], "docs", case=q), row("folded", f["folded"], "docs", case=q),
                     row("search, warm process", round(1000 * f["on"], 1), "ms", case=q, **beside(f["on"], f["off"], 1000))]
        judged = [inside[q] for q in qs[len(COMMON):]]
        slowest = sorted(inside, key=lambda q: inside[q]["on"] / inside[q]["off"])[-3:]
        print(f"{'judged set (median)':<22}{statistics.median(f['documents'] for f in judged):>10,.0f}"
              f"{statistics.median(f['folded'] for f in judged):>8,.0f}"
              f"{1000 * statistics.median(f['on'] for f in judged):>12.1f}"
              f"{1000 * statistics.median(f['off'] for f in judged):>15.1f}")
        print(f"ratio grouped / not, over all {len(ratios)} queries: median {statistics.median(ratios):.3f},"
              f" largest {max(ratios):.3f}")
        every = f"the judged set's {len(qs) - len(COMMON)} distinct queries and {len(COMMON)} common words"
        rows += [row("ratio grouped / not, warm process, median", round(statistics.median(ratios), 3), "x", case=every,
                     note=f"medians of {args.repeat}", goal="at most 1.2x", met=statistics.median(ratios) <= 1.2),
                 row("ratio grouped / not, warm process, largest", round(max(ratios), 3), "x", case=every)]
        for q in slowest:
            f = inside[q]
            print(f"  {q:<20}{f['documents']:>10,}{f['folded']:>8,}{1000 * f['on']:>12.1f}{1000 * f['off']:>15.1f}"
                  f"{f['on'] / f['off']:>7.2f}")

        print(f"\nwhole process, `reader search Q`, medians of {args.repeat}")
        for q in COMMON[:2]:
            on = median_run([reader, "search", q, "--corpus", str(corpus)], env, args.repeat)
            off = median_run([reader, "search", q, "--corpus", str(corpus), "--no-group"], env, args.repeat)
            print(f"{q:<22}{1000 * on:>10.0f} ms grouped{1000 * off:>10.0f} ms --no-group   ratio {on / off:.2f}")
            rows.append(row("`reader search`, whole process", round(1000 * on), "ms", case=q, **beside(on, off, 1000, 0)))
        if args.record:
            record("copies", args.record, rows, args.note)


def beside(on: float, off: float, scale: float, digits: int = 1) -> dict:
    """A grouped search's ratio to the same search with --no-group, the anchor (in ms, rounded as printed)."""
    shown = round(scale * off, digits) if digits else round(scale * off)
    return {"ratio": round(on / off, 2), "ratio_to": "`--no-group`", "anchors": [anchor("`--no-group`", shown, "ms")]}


if __name__ == "__main__":
    main()
