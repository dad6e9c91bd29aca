"""Benchmark: finding entities in news articles, beside the indexing analysis.

Run from the repository root::

    python bench/bench_entities.py                     # unpacks ../shared/bench/saudinewsnet.tar.xz
    python bench/bench_entities.py --corpus /tmp/snn/saudinewsnet --docs 2000

On --docs articles spread over the benchmark corpus (every n-th file), each
in a fresh process (cold caches, as an indexing worker starts), medians over
--repeat runs:

* loading the recognizer (the CRF, the clusters, the date names);
* the whole recognizer (model + date/number rules + clitics) per token;
* the model alone on the same sentences;
* anchor, in the same process: index.arabic.analyses over the same texts,
  the per-document analysis every index build already pays.

Goals (issue 6): load well under 1 s, at least 20,000 tokens/s.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARBALL = REPO / "../shared/bench/saudinewsnet.tar.xz"

ONE_RUN = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
texts = [open(p, encoding="utf-8").read() for p in json.load(open(sys.argv[2]))]
t = time.perf_counter()
from reader.entities.recognizer import recognizer
from reader.entities.rules import find_dates_numbers
r = recognizer()
find_dates_numbers("15 يناير 2019")  # loads the month names
load = time.perf_counter() - t
from reader.entities.features import tokens_of
from reader.entities.recognizer import _sentences
tokens = sum(1 for x in texts for _ in tokens_of(x))
t = time.perf_counter()
n = sum(len(r.find(x)) for x in texts)
whole = time.perf_counter() - t
from reader.entities.tagger import Tagger
tg = Tagger()
sents = [[w for _s, _e, w in s] for x in texts for s in _sentences(x, list(tokens_of(x)))]
t = time.perf_counter()
for s in sents:
    tg.tag(s)
model = time.perf_counter() - t
from reader.index.arabic import _cache, analyses
_cache.clear()
t = time.perf_counter()
for x in texts:
    analyses(x)
anchor = time.perf_counter() - t
print(json.dumps(dict(load=load, tokens=tokens, entities=n, whole=whole, model=model, anchor=anchor)))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-entities-"))
    try:
        corpus = args.corpus
        if corpus is None:
            subprocess.run(["tar", "-xJf", str(TARBALL), "-C", str(tmp)], check=True)
            corpus = tmp / "saudinewsnet"
        files = sorted(corpus.rglob("*.txt"))
        step = max(1, len(files) // args.docs)
        chosen = [str(p) for p in files[::step][: args.docs]]
        listing = tmp / "files.json"
        listing.write_text(json.dumps(chosen))
        runs = []
        for _ in range(args.repeat):
            out = subprocess.run([sys.executable, "-c", ONE_RUN, str(REPO), str(listing)], capture_output=True, text=True)
            if out.returncode:
                sys.exit(out.stderr)
            runs.append(json.loads(out.stdout))
        med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        tokens = med["tokens"]
        print(f"{len(chosen)} articles, {tokens:,.0f} tokens, {med['entities']:,.0f} entities; medians of {args.repeat} cold runs")
        print(f"load (model, clusters, month names)  {med['load'] * 1000:7.0f} ms")
        print(f"whole recognizer                     {tokens / med['whole']:9,.0f} tokens/s")
        print(f"model alone                          {tokens / med['model']:9,.0f} tokens/s")
        print(f"anchor: index analysis               {tokens / med['anchor']:9,.0f} tokens/s")
        print(f"recognizer time / analysis time      {med['whole'] / med['anchor']:9.1f}x")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
