"""Benchmark: finding entities in news articles, beside the indexing analysis.

Run from the repository root::

    python bench/bench_entities.py                     # unpacks ../shared/bench/saudinewsnet.tar.xz
    python bench/bench_entities.py --corpus /tmp/snn/saudinewsnet --docs 2000

On --docs articles spread over the benchmark corpus (every n-th file), each
in a fresh process (cold caches, as an indexing worker starts), medians over
--repeat runs:

* loading the recognizer (the CRF, the clusters, the date names);
* the whole recognizer (model + date/number rules + clitics + lists) per
  token, one document a call (Recognizer.find) and 16 a call, as the
  entity pass runs it (Recognizer.bases, then overlay);
* the model alone on the same sentences, a document's at once;
* anchor, in a fresh process of its own: index.language.arabic.analyses over the
  same texts, the per-document analysis every index build already pays.

Goals: load well under 1 s; the recognizer at least 100,000 tokens/s in
one process (issue 15; issue 6 asked 20,000).

The reader measured is the one installed beside this Python; --python PY
measures another checkout's, through its own venv's interpreter (before and
after a change, say). The measuring processes run with -P, so that the
working directory never stands in for the install.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import anchor, record, record_option, row

REPO = Path(__file__).resolve().parent.parent
TARBALL = REPO / "../shared/bench/saudinewsnet.tar.xz"

# One cold process: the recognizer document by document (find), or 16
# documents at a time (bases + overlay, as the entity pass runs it; argv[2]
# "batched"), then the model alone. The anchor runs in a process of its own:
# no measurement warms another's caches.
ONE_RUN = r"""
import json, sys, time
texts = [open(p, encoding="utf-8").read() for p in json.load(open(sys.argv[1]))]
batched = sys.argv[2] == "batched"
t = time.perf_counter()
from reader.entities.recognizer import recognizer
from reader.entities.rules import find_dates_numbers
r = recognizer()
find_dates_numbers("15 يناير 2019")  # loads the month names
load = time.perf_counter() - t
from reader.core.enrich import DOCS_AT_ONCE
from reader.entities.features import tokens_of
from reader.entities.recognizer import _sentences
tokens = sum(len(tokens_of(x)) for x in texts)
n = 0
t = time.perf_counter()
if batched:
    for i in range(0, len(texts), DOCS_AT_ONCE):
        batch = [(x, tokens_of(x)) for x in texts[i : i + DOCS_AT_ONCE]]
        n += sum(len(r.overlay(x, base, toks)) for (x, toks), base in zip(batch, r.bases(batch)))
else:
    n = sum(len(r.find(x)) for x in texts)
whole = time.perf_counter() - t
from reader.entities.tagger import Tagger
tg = Tagger()
docs = [[[w for _s, _e, w in s] for s in _sentences(x, tokens_of(x))] for x in texts]
t = time.perf_counter()
for d in docs:
    tg.tag_all(d)  # a document's sentences at once
model = time.perf_counter() - t
out = dict(load=load, tokens=tokens, model=model)
out["batched" if batched else "whole"] = whole
out["entities_batched" if batched else "entities"] = n
print(json.dumps(out))
"""

ANCHOR_RUN = r"""
import json, sys, time
texts = [open(p, encoding="utf-8").read() for p in json.load(open(sys.argv[1]))]
from reader.index.language.arabic import analyses
t = time.perf_counter()
for x in texts:
    analyses(x)
print(json.dumps(dict(anchor=time.perf_counter() - t)))
"""


CONLL = REPO / "../shared/ner/anercorp-camel-train.conll"


def _tag_command(conll: Path, tmp: Path, repeat: int, python: str) -> dict:
    """`reader entities tag` whole process on the first 25,000 tokens of a
    CoNLL file (whole sentences), beside Python's own start; its row."""
    lines, n = [], 0
    for line in conll.read_text("utf-8").splitlines():
        lines.append(line)
        n += bool(line.strip())
        if n >= 25_000 and not line.strip():
            break
    part = tmp / "part.conll"
    part.write_text("\n".join(lines) + "\n", "utf-8")
    reader = shutil.which("reader", path=str(Path(python).parent)) or "reader"

    def median_time(cmd: list[str]) -> float:
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
            times.append(time.perf_counter() - t)
        return statistics.median(times)

    tag = median_time([reader, "entities", "tag", str(part)])
    start = median_time([python, "-c", "pass"])
    print(f"`reader entities tag`, {n:,} tokens      {tag:7.2f} s = {n / tag:,.0f} tokens/s, whole process "
          f"(median of {repeat}; Python's bare start {start * 1000:.0f} ms)")
    return row(f"`reader entities tag` on {n:,} tokens, whole process, loading included", round(tag, 2), "s",
               note=f"{n / tag:,.0f} tokens/s, median of {repeat}", goal=">= 30,000 tokens/s", met=n / tag >= 30_000)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--conll", type=Path, default=CONLL,
                    help="for `reader entities tag`: its first 25,000 tokens (default: ANERcorp's train part)")
    ap.add_argument("--python", default=sys.executable, metavar="PY",
                    help="measure the reader installed beside this interpreter (default: the one running this)")
    record_option(ap)
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
            run = {}
            for code, mode in ((ONE_RUN, "single"), (ONE_RUN, "batched"), (ANCHOR_RUN, "")):
                out = subprocess.run([args.python, "-P", "-c", code, str(listing), mode],
                                     capture_output=True, text=True)
                if out.returncode:
                    sys.exit(out.stderr)
                for k, v in json.loads(out.stdout).items():
                    run.setdefault(k, v)  # load, model and entities: the first process's
            runs.append(run)
        med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        tokens = med["tokens"]
        print(f"{len(chosen)} articles, {tokens:,.0f} tokens, {med['entities']:,.0f} entities; medians of {args.repeat} cold runs")
        if med["entities"] != med["entities_batched"]:
            print(f"!! 16 documents a call found {med['entities_batched']:,.0f} entities: not the same")
        print(f"load (model, clusters, month names)  {med['load'] * 1000:7.0f} ms")
        print(f"whole recognizer, one document a call {tokens / med['whole']:8,.0f} tokens/s")
        print(f"... 16 documents a call (entity pass) {tokens / med['batched']:8,.0f} tokens/s")
        print(f"model alone                          {tokens / med['model']:9,.0f} tokens/s")
        print(f"anchor: index analysis               {tokens / med['anchor']:9,.0f} tokens/s")
        print(f"recognizer time / analysis time      {med['batched'] / med['anchor']:9.1f}x (16 a call)")
        rows = entity_rows(med, len(chosen))
        if args.conll.exists():
            rows.append(_tag_command(args.conll, tmp, max(5, args.repeat), args.python))
        else:
            print(f"(no {args.conll}: `reader entities tag` not measured)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if args.record:
        record("entities", args.record, rows, args.note, python=args.python)


def entity_rows(med: dict, docs: int) -> list[dict]:
    """The medians as bench/runs/entities.json keeps them: tokens a second, the anchor beside the entity pass's way."""
    tokens = med["tokens"]
    rate = lambda key: int(round(tokens / med[key], -2))  # noqa: E731 - to the hundred, as docs/entities.md gives them
    analysis = anchor("the index's Arabic analysis of the same texts, a process of its own", rate("anchor"), "tokens/s")
    return [
        row(f"whole recognizer on {docs:,} benchmark articles, 16 documents a call", rate("batched"), "tokens/s",
            ratio=round(med["batched"] / med["anchor"], 1), ratio_to="the analysis's time", anchors=[analysis],
            goal=">= 100,000 tokens/s", met=rate("batched") >= 100_000),
        row("... one document a call (`Recognizer.find`)", rate("whole"), "tokens/s"),
        row("model alone, a document's sentences at once", rate("model"), "tokens/s"),
        row("loading (model, clusters, place list, month names)", round(1000 * med["load"]), "ms"),
    ]


if __name__ == "__main__":
    main()
