"""Train the entity model (PERS, LOC, ORG, MISC) on ANERcorp.

A linear-chain CRF (python-crfsuite) over the features of
``entities/features.py``, including the word clusters made by
``scripts/ner_clusters.py``. The last eighth of the training file is held
out as the development split; the shipped model is the one trained on the
other seven eighths, so the README's figures can be reproduced with
``scripts/ner_score.py``.

    python scripts/ner_train.py ../shared/ner/anercorp-camel-train.conll \
        --dev-out /tmp/anercorp-dev.conll
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pycrfsuite

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from reader.entities.conll import read_conll, write_conll  # noqa: E402
from reader.entities.features import MODEL_DIR, Clusters, Featurizer  # noqa: E402

PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True}


def split(sentences: list, dev_fraction: int) -> tuple[list, list]:
    cut = len(sentences) - len(sentences) // dev_fraction
    return sentences[:cut], sentences[cut:]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("conll", type=Path)
    ap.add_argument("-o", "--output", type=Path, default=MODEL_DIR / "ner.crfsuite")
    ap.add_argument("--dev-out", type=Path, help="also write the development split here")
    ap.add_argument("--dev-fraction", type=int, default=8, help="hold out 1/N (default 8)")
    ap.add_argument("--c1", type=float, default=PARAMS["c1"])
    ap.add_argument("--c2", type=float, default=PARAMS["c2"])
    ap.add_argument("--iterations", type=int, default=PARAMS["max_iterations"])
    args = ap.parse_args()

    train, dev = split(read_conll(args.conll), args.dev_fraction)
    if args.dev_out:
        write_conll(args.dev_out, dev)
    feats = Featurizer(Clusters())
    trainer = pycrfsuite.Trainer(verbose=False)
    for sent in train:
        trainer.append(feats.sentence([t for t, _ in sent]), [g for _, g in sent])
    trainer.set_params({**PARAMS, "c1": args.c1, "c2": args.c2, "max_iterations": args.iterations})
    start = time.time()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(args.output))
    size = args.output.stat().st_size / 1e6
    print(f"{len(train)} sentences, {time.time() - start:.0f} s, {size:.1f} MB -> {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
