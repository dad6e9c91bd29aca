"""Benchmark: `reader kwic` on the benchmark corpus, beside rg doing the same.

Run from the repository root, with the venv that has `reader` installed::

    python bench/bench_concordance.py --index-home /tmp/q     # reuse bench_search_quality's index
    python bench/bench_concordance.py --corpus /tmp/snn/saudinewsnet

For each query, medians of --repeat runs:

* the concordance itself, in one warm process (Library.concordance: the
  search, reading the first 1,000 matching documents, every occurrence);
* `reader kwic Q` whole process, shaped for a terminal, to /dev/null (every
  line laid out), and the same with --all (every matching document);
* anchor: `rg -o -N '.{0,40}Q.{0,40}'` over the corpus files, whole
  process: the nearest a shell gets to a concordance (the word as typed
  only, no other forms, no ranking, no alignment).

Goal (issue 16): a concordance of a common word under a second.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from harness import anchor, corpus_in, index_home, median_run, reader_command, reader_env, record, record_option, row

QUERIES = ("السعودية", "النفط", "الحوثيين", '"الملك سلمان"', "بيرمنغهام")

IN_PROCESS = r"""
import json, statistics, sys, time
from pathlib import Path
from reader.index.files.corpus import make_roots
from reader.core.library import Library
lib = Library(make_roots([Path(sys.argv[1])]))
lib.open()
out = {}
for q in json.loads(sys.argv[2]):
    times = []
    for _ in range(int(sys.argv[3])):
        t = time.perf_counter()
        c = lib.concordance(q)
        times.append(time.perf_counter() - t)
    out[q] = {"seconds": statistics.median(times), "lines": len(c.lines), "documents": c.documents, "read": c.read}
print(json.dumps(out))
"""


def main() -> None:
    import json

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, help="folder of the benchmark's .txt articles")
    ap.add_argument("--index-home", type=Path, help="where the index is kept (default: a temporary folder)")
    ap.add_argument("--repeat", type=int, default=3)
    record_option(ap)
    args = ap.parse_args()
    with index_home(args.index_home, "bench-kwic-") as home:
        corpus = corpus_in(home, args.corpus)
        env = reader_env(home)
        reader = reader_command()
        subprocess.run([reader, "index", "--corpus", str(corpus)], env=env, check=True, stderr=subprocess.DEVNULL)
        warm = subprocess.run([sys.executable, "-P", "-c", IN_PROCESS, str(corpus), json.dumps(QUERIES), str(args.repeat)],
                              env=env, capture_output=True, text=True, check=True)
        inside = json.loads(warm.stdout)
        files = sorted(str(p) for p in corpus.glob("*.txt"))
        print(f"{len(files):,} articles; medians of {args.repeat}; seconds")
        print(f"{'query':<16}{'lines':>7}{'docs':>7}{'concordance':>13}{'kwic':>7}{'kwic --all':>12}{'rg -o':>8}")
        rows = []
        for q in QUERIES:
            kwic = median_run([reader, "kwic", q, "--corpus", str(corpus), "--shape", "always"], env, args.repeat)
            every = median_run([reader, "kwic", q, "--all", "--corpus", str(corpus), "--shape", "always"], env,
                               args.repeat)
            word = q.strip('"')
            rg = (median_run(["rg", "-o", "-N", f".{{0,40}}{word}.{{0,40}}", str(corpus)], env, args.repeat)
                  if shutil.which("rg") else float("nan"))
            f = inside[q]
            print(f"{q:<16}{f['lines']:>7,}{f['documents']:>7,}{f['seconds']:>13.2f}{kwic:>7.2f}{every:>12.2f}{rg:>8.2f}")
            rg_o = [anchor("`rg -o`", round(rg, 2), "s")] if rg == rg else None  # nan: no rg
            rows += [row("lines", f["lines"], "lines", case=q), row("matching documents", f["documents"], "docs", case=q),
                     row("concordance", round(f["seconds"], 2), "s", case=q),
                     row("`reader kwic`", round(kwic, 2), "s", case=q, anchors=rg_o),
                     row("`reader kwic --all`", round(every, 2), "s", case=q)]
        if args.record:
            record("concordance", args.record, rows, args.note)


if __name__ == "__main__":
    main()
