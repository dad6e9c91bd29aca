"""Cross-validate the entity model: k folds over the whole ANERcorp train part.

Each fold is a contiguous eighth of the file (its sentences stay beside
their neighbours, as the articles they came from); a model is trained on
the other folds and scores the held-out one, CoNLL style (exact span and
type). Reported: P, R and F1 per type over all folds pooled, and each
type's F1 as the mean and spread (standard deviation) of the folds' F1.
Folds train in parallel processes.

    python scripts/ner_cv.py ../shared/ner/anercorp-camel-train.conll
    python scripts/ner_cv.py ... --c1 0.1 --c2 0.01 --folds 8 --jobs 2 --json cv.json
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from reader.entities.conll import read_conll
from ner_score import prf, report, score
from ner_train import PARAMS, train_model


def folds(sentences: list, k: int) -> list[tuple[int, int]]:
    n = len(sentences)
    return [(n * i // k, n * (i + 1) // k) for i in range(k)]


def run_fold(args) -> dict:
    sentences, (a, b), params, clusters = args
    from reader.entities.features import Clusters
    from reader.entities.tagger import Tagger

    train = sentences[:a] + sentences[b:]
    held = sentences[a:b]
    with tempfile.TemporaryDirectory() as tmp:
        model = Path(tmp) / "fold.npz"
        train_model(train, model, params, clusters)
        pred = Tagger(model, Clusters(clusters) if clusters else None).tag_all([[t for t, _ in s] for s in held])
    return score([[g for _, g in s] for s in held], pred)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("conll", type=Path)
    ap.add_argument("--folds", type=int, default=8)
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--c1", type=float, default=PARAMS["c1"])
    ap.add_argument("--c2", type=float, default=PARAMS["c2"])
    ap.add_argument("--iterations", type=int, default=PARAMS["max_iterations"])
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--clusters", type=Path, help="the word-cluster table (default: the shipped one)")
    args = ap.parse_args()
    sentences = read_conll(args.conll)
    params = {**PARAMS, "c1": args.c1, "c2": args.c2, "max_iterations": args.iterations}
    start = time.time()
    with ProcessPoolExecutor(args.jobs) as pool:
        per_fold = list(pool.map(run_fold, [(sentences, f, params, args.clusters) for f in folds(sentences, args.folds)]))
    pooled: dict[str, list[int]] = {}
    for counts in per_fold:
        for kind, c in counts.items():
            p = pooled.setdefault(kind, [0, 0, 0])
            for i in range(3):
                p[i] += c[i]
    spread = {}
    for kind in pooled:
        f1s = [prf(*fold.get(kind, (0, 0, 0)))[2] for fold in per_fold]
        spread[kind] = (statistics.mean(f1s), statistics.stdev(f1s) if len(f1s) > 1 else 0.0)
    print(f"{args.folds}-fold cross-validation, {len(sentences)} sentences, c1 {args.c1}, c2 {args.c2}, "
          f"{args.iterations} iterations, {time.time() - start:.0f} s")
    print(report({k: tuple(v) for k, v in pooled.items()}))
    print("F1 per fold, mean ± sd: " + ", ".join(f"{k} {m:.1f} ± {s:.1f}" for k, (m, s) in sorted(spread.items())))
    if args.json:
        args.json.write_text(json.dumps({"params": params, "clusters": str(args.clusters or "shipped"),
                                         "pooled": pooled, "spread": spread,
                                         "per_fold": per_fold}, ensure_ascii=False, indent=1), "utf-8")


if __name__ == "__main__":
    main()
