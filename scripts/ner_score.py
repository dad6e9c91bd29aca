"""Score predicted BIO tags against gold ones, CoNLL style, and time the tagger.

Entity-level precision, recall and F1 per type and overall: an entity
counts only when its span and its type are both exact.

    python scripts/ner_score.py GOLD.conll                 # tag GOLD's tokens with the shipped model
    python scripts/ner_score.py GOLD.conll --pred OUT.conll  # score `reader entities tag` output
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from reader.entities.conll import read_conll, spans


def score(gold: list[list[str]], pred: list[list[str]]) -> dict[str, tuple[int, int, int]]:
    """Per type (and "ALL"): true positives, false positives, false negatives."""
    counts: dict[str, list[int]] = {}
    for g_tags, p_tags in zip(gold, pred, strict=True):
        g, p = spans(g_tags), spans(p_tags)
        for kind in {k for *_x, k in g | p} | {"ALL"}:
            gk = g if kind == "ALL" else {s for s in g if s[2] == kind}
            pk = p if kind == "ALL" else {s for s in p if s[2] == kind}
            c = counts.setdefault(kind, [0, 0, 0])
            c[0] += len(gk & pk)
            c[1] += len(pk - gk)
            c[2] += len(gk - pk)
    return {k: tuple(v) for k, v in counts.items()}


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return 100 * p, 100 * r, (200 * p * r / (p + r) if p + r else 0.0)


def report(counts: dict[str, tuple[int, int, int]]) -> str:
    lines = [f"{'type':6} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}"]
    for kind in sorted(k for k in counts if k != "ALL") + ["ALL"]:
        tp, fp, fn = counts.get(kind, (0, 0, 0))
        p, r, f = prf(tp, fp, fn)
        lines.append(f"{kind:6} {p:6.1f} {r:6.1f} {f:6.1f} {tp + fn:6d}")
    return "\n".join(lines)


def tag_all(sentences: list[list[str]], runs: int) -> tuple[list[list[str]], float]:
    """Tags from the shipped model, and the median tokens/s over runs
    (each run with cold feature caches, as a new process would be)."""
    from reader.entities.tagger import Tagger

    n_tokens = sum(len(s) for s in sentences)
    rates, pred = [], []
    for _ in range(runs):
        tagger = Tagger()
        start = time.perf_counter()
        pred = tagger.tag_all(sentences)
        rates.append(n_tokens / (time.perf_counter() - start))
    return pred, statistics.median(rates)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", type=Path)
    ap.add_argument("--pred", type=Path, help="tags to score (default: tag with the shipped model)")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    gold = read_conll(args.gold)
    if args.pred:
        pred_sents = read_conll(args.pred)
        if [[t for t, _ in s] for s in pred_sents] != [[t for t, _ in s] for s in gold]:
            sys.exit("ner_score: the predicted file's tokens differ from the gold file's")
        pred = [[tag for _, tag in s] for s in pred_sents]
    else:
        start = time.perf_counter()
        from reader.entities.tagger import Tagger

        Tagger()
        load = time.perf_counter() - start
        pred, rate = tag_all([[t for t, _ in s] for s in gold], args.runs)
        print(f"load {load * 1000:.0f} ms, tagging {rate:,.0f} tokens/s (median of {args.runs})")
    print(report(score([[tag for _, tag in s] for s in gold], pred)))


if __name__ == "__main__":
    main()
