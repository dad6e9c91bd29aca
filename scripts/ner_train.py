"""Train the entity model (PERS, LOC, ORG, MISC) on ANERcorp.

A linear-chain CRF (python-crfsuite, then exported by ``entities/crf.py`` to
the weights file the tagger reads) over the features of
``entities/features.py``, including the word clusters made by
``scripts/ner_clusters.py`` and the place names of ``scripts/ner_places.py``.
The shipped model is trained on the whole train part; its parameters were
chosen by 8-fold cross-validation over it (``scripts/ner_cv.py``), never on
one split. ``--dev-fraction 8`` holds the last eighth out, for a quick look.

    python scripts/ner_train.py ../shared/ner/anercorp-camel-train.conll
"""

from __future__ import annotations

import argparse
import struct
import sys
import time
from pathlib import Path

import tempfile

import pycrfsuite

from reader.entities.conll import read_conll, write_conll
from reader.entities.crf import save
from reader.entities.features import Clusters, Featurizer
from reader.entities.tagger import MODEL

# c1 and c2 chosen by 8-fold cross-validation (README: the entity model's quality).
PARAMS = {"c1": 0.05, "c2": 0.05, "max_iterations": 150, "feature.possible_transitions": True}


def split(sentences: list, dev_fraction: int) -> tuple[list, list]:
    cut = len(sentences) - len(sentences) // dev_fraction
    return sentences[:cut], sentences[cut:]


def train_model(sentences: list, output: Path, params: dict = PARAMS, clusters: Path | None = None) -> None:
    """A CRF trained on (token, tag) sentences, its weights written to output;
    clusters: another word-cluster table than the shipped one."""
    feats = Featurizer(Clusters(clusters) if clusters else Clusters())
    trainer = pycrfsuite.Trainer(verbose=False)
    for sent in sentences:
        trainer.append(feats.sentence([t for t, _ in sent]), [g for _, g in sent])
    trainer.set_params(params)
    with tempfile.TemporaryDirectory() as tmp:
        model = Path(tmp) / "model.crfsuite"
        trainer.train(str(model))
        export(model, output)


def export(crfsuite_model: Path, output: Path) -> None:
    """Write a python-crfsuite model's weights as the tagger reads them. The
    names come from crfsuite's dump; the weights from the model file's
    feature table, since the dump rounds them to six decimals."""
    import numpy as np

    tagger = pycrfsuite.Tagger()
    tagger.open(str(crfsuite_model))
    info = tagger.info()
    labels = sorted(info.labels, key=lambda k: int(info.labels[k]))
    attributes = sorted(info.attributes, key=lambda k: int(info.attributes[k]))
    state = np.zeros((len(attributes), len(labels)))
    transitions = np.zeros((len(labels), len(labels)))
    for kind, src, dst, weight in _features(crfsuite_model.read_bytes()):
        (state if kind == 0 else transitions)[src, dst] = weight
    save(output, labels, attributes, state, transitions)


def _features(data: bytes) -> list[tuple[int, int, int, float]]:
    """(type: 0 state, 1 transition; source; destination; weight) of a
    crfsuite CRF1d model file (crf1d_model.c: a 48-byte header whose
    eighth field is the offset of the "FEAT" chunk of 20-byte features)."""
    if data[:4] != b"lCRF" or data[8:12] != b"FOMC":
        raise ValueError("not a crfsuite CRF1d model")
    off = struct.unpack_from("<I", data, 28)[0]
    if data[off : off + 4] != b"FEAT":
        raise ValueError("crfsuite model without a feature table")
    n = struct.unpack_from("<I", data, off + 8)[0]
    return list(struct.iter_unpack("<IIId", data[off + 12 : off + 12 + 20 * n]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("conll", type=Path)
    ap.add_argument("-o", "--output", type=Path, default=MODEL)
    ap.add_argument("--dev-out", type=Path, help="also write the development split here")
    ap.add_argument("--dev-fraction", type=int, default=0, help="hold out the last 1/N (default 0: train on everything)")
    ap.add_argument("--c1", type=float, default=PARAMS["c1"])
    ap.add_argument("--c2", type=float, default=PARAMS["c2"])
    ap.add_argument("--iterations", type=int, default=PARAMS["max_iterations"])
    ap.add_argument("--clusters", type=Path, help="the word-cluster table (default: the shipped one)")
    args = ap.parse_args()

    sentences = read_conll(args.conll)
    train, dev = split(sentences, args.dev_fraction) if args.dev_fraction else (sentences, [])
    if args.dev_out:
        write_conll(args.dev_out, dev)
    start = time.time()
    train_model(train, args.output, {**PARAMS, "c1": args.c1, "c2": args.c2, "max_iterations": args.iterations},
                args.clusters)
    size = args.output.stat().st_size / 1e6
    print(f"{len(train)} sentences, {time.time() - start:.0f} s, {size:.1f} MB -> {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
