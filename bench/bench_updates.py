"""Benchmark: an archive that grows, as a newsroom's does, update after update.

Run from the repository root with the project's venv::

    python bench/bench_updates.py                          # unpacks ../shared/bench/saudinewsnet.tar.xz
    python bench/bench_updates.py --corpus /tmp/snn/saudinewsnet --docs 29497 --rounds 40

The corpus less a reserve is indexed once; then each round brings in a batch
of new articles from the reserve, edits a few and deletes one, and runs
`reader index` (the whole command: the text index, the copies and entities
passes behind it). Beside each round, plain Whoosh (StandardAnalyzer, the
same documents, update_document/delete_by_term and a commit) does the same
changes to an index of its own: the anchor. Printed: per-round medians of
reader's text update (from its summary line), the whole command, and the
anchor; the ratio; and at the end whether the grown index holds what a fresh
build of the final folder holds (document count, probe searches).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from harness import anchor, corpus_in, index_home, reader_command, reader_env, record, record_option, row

PROBES = ["السعودية", "النفط", "الحوثيين", "الملك سلمان", "عاصفة الحزم"]

ANCHOR = r"""
import json, os, sys, time
from whoosh import fields, index
from whoosh.analysis import StandardAnalyzer
dest, root, changes = sys.argv[1:4]
change = json.loads(open(changes, encoding="utf-8").read())
schema = fields.Schema(id=fields.ID(stored=True, unique=True), body=fields.TEXT(analyzer=StandardAnalyzer(), phrase=True))
t = time.perf_counter()
if not os.path.isdir(dest):
    os.makedirs(dest)
    ix = index.create_in(dest, schema)
else:
    ix = index.open_dir(dest)
w = ix.writer(limitmb=256)
for name in change["put"]:
    with open(os.path.join(root, name), encoding="utf-8", errors="replace") as f:
        w.update_document(id=name, body=f.read())
for name in change["gone"]:
    w.delete_by_term("id", name)
w.commit()
print(json.dumps({"seconds": time.perf_counter() - t, "docs": ix.doc_count()}))
"""


def _anchor(dest: Path, root: Path, put: list[str], gone: list[str], scratch: Path) -> dict:
    changes = scratch / "changes.json"
    changes.write_text(json.dumps({"put": put, "gone": gone}), "utf-8")
    out = subprocess.run([sys.executable, "-c", ANCHOR, str(dest), str(root), str(changes)],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def _reader_index(reader: str, corpus: Path, env: dict) -> tuple[float, float, str]:
    t = time.perf_counter()
    r = subprocess.run([reader, "--corpus", str(corpus), "index"], capture_output=True, text=True, env=env)
    whole = time.perf_counter() - t
    if r.returncode != 0:
        sys.exit(f"bench: reader index failed: {r.stderr.strip()}")
    line = next(l for l in r.stderr.splitlines() if "indexed;" in l)
    text_s = float(re.search(r"([0-9.]+)s$", line).group(1))
    return text_s, whole, line


def _answers(reader: str, corpus: Path, env: dict) -> dict:
    found = {}
    for q in PROBES:
        r = subprocess.run([reader, "--corpus", str(corpus), "search", q, "--json", "--limit", "100000", "--no-group"],
                           capture_output=True, text=True, env=env)
        found[q] = sorted(h["id"] for h in json.loads(r.stdout)["hits"]) if r.returncode == 0 else []
    return found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, help="the unpacked benchmark articles (else unpacked into a temporary folder)")
    ap.add_argument("--docs", type=int, default=5000, help="articles in the archive at the start (default 5,000)")
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--per-round", type=int, default=40, help="new articles per round (an hour of feeds)")
    ap.add_argument("--edits", type=int, default=5, help="articles edited per round")
    ap.add_argument("--home", type=Path, help="keep everything here (default: a temporary folder, removed)")
    record_option(ap)
    args = ap.parse_args()
    reader = reader_command()
    rng = random.Random(25)
    with index_home(args.home, "bench-updates-") as home:
        source = corpus_in(home, args.corpus)
        names = sorted(p.name for p in source.glob("*.txt"))
        rng.shuffle(names)
        start, reserve = names[: args.docs], names[args.docs: args.docs + args.rounds * args.per_round]
        corpus = home / "archive"
        shutil.rmtree(corpus, ignore_errors=True)
        corpus.mkdir()
        for n in start:
            shutil.copy(source / n, corpus / n)
        env = reader_env(home)
        anchor_ix = home / "anchor-index"
        shutil.rmtree(anchor_ix, ignore_errors=True)
        text_s, whole, line = _reader_index(reader, corpus, env)
        first = _anchor(anchor_ix, corpus, start, [], home)
        print(f"first build of {len(start):,} articles: reader {whole:.1f} s (text index {text_s:.1f} s); "
              f"plain Whoosh {first['seconds']:.1f} s")
        ours_text, ours_whole, theirs = [], [], []
        for r in range(args.rounds):
            batch = reserve[r * args.per_round: (r + 1) * args.per_round]
            for n in batch:
                shutil.copy(source / n, corpus / n)
            present = sorted(p.name for p in corpus.glob("*.txt"))
            edited = rng.sample(present, args.edits)
            for n in edited:
                with open(corpus / n, "a", encoding="utf-8") as f:
                    f.write(f"\nتحديث {r}\n")
            gone = [rng.choice([n for n in present if n not in edited])]
            (corpus / gone[0]).unlink()
            text_s, whole, line = _reader_index(reader, corpus, env)
            a = _anchor(anchor_ix, corpus, batch + edited, gone, home)
            ours_text.append(text_s)
            ours_whole.append(whole)
            theirs.append(a["seconds"])
            print(f"round {r + 1:3d}: reader text {text_s:5.2f} s, whole {whole:5.2f} s; plain Whoosh {a['seconds']:5.2f} s; {line.removeprefix('reader: ')}")
        med = statistics.median
        print(f"\nper round, median of {args.rounds}: reader's text update {med(ours_text):.2f} s, "
              f"the whole `reader index` {med(ours_whole):.2f} s, plain Whoosh {med(theirs):.2f} s; "
              f"ratio text/anchor {med(ours_text) / med(theirs):.2f}x")
        if args.record:
            record("updates", args.record, [
                row("the text index updated", round(med(ours_text), 2), "s", ratio=round(med(ours_text) / med(theirs), 2),
                    ratio_to="plain Whoosh", anchors=[anchor("plain Whoosh", round(med(theirs), 2), "s")]),
                row("the whole `reader index` (copies and entities of what changed too)", round(med(ours_whole), 2), "s"),
            ], args.note)
        grown = _answers(reader, corpus, env)
        fresh_env = reader_env(home / "fresh")
        subprocess.run([reader, "--corpus", str(corpus), "index"], capture_output=True, env=fresh_env, check=True)
        fresh = _answers(reader, corpus, fresh_env)
        files = len(list(corpus.glob("*.txt")))
        same = grown == fresh
        print(f"after {args.rounds} rounds: {files:,} files; the grown index answers the probes "
              f"{'exactly as' if same else 'NOT as'} a fresh build does "
              f"({', '.join(f'{q}: {len(v)}' for q, v in grown.items())})")
        if not same:
            sys.exit(1)


if __name__ == "__main__":
    main()
