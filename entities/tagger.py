"""The shipped entity model: BIO tags for PERS, LOC, ORG and MISC.

A linear-chain CRF trained by ``scripts/ner_train.py`` (see
``entities/model/README.md`` for its data, licence and figures): its
weights in ``ner.npz``, decoded by ``entities/crf.py`` over the scores
``entities/emissions.py`` sums once per distinct word.
"""

from __future__ import annotations

from functools import cache

from reader.entities.crf import Weights, viterbi
from reader.entities.emissions import Emissions
from reader.entities.features import MODEL_DIR, Clusters, Featurizer, model_file

MODEL = MODEL_DIR / "ner.npz"


class Tagger:
    def __init__(self, model=None, clusters: Clusters | None = None):
        """model: a weights file (default: the model in use, features.model_file)."""
        model = model or model_file("ner.npz")
        self.clusters = clusters or Clusters()
        self.features = Featurizer(self.clusters)
        self.weights = Weights(model)
        self._emissions = Emissions(self.features, self.weights)

    def tag(self, tokens: list[str]) -> list[str]:
        """One BIO tag per token of one sentence."""
        return self.tag_all([tokens])[0]

    def tag_all(self, sentences: list[list[str]]) -> list[list[str]]:
        """The tags of each sentence, decoded side by side (a document's
        sentences at once: numpy's cost per call is paid once per position)."""
        full = [s for s in sentences if s]
        if not full:
            return [[] for _ in sentences]
        lengths = [len(s) for s in full]
        best = viterbi(self._emissions.of(full), lengths, self.weights.transitions).tolist()
        names = self.weights.labels
        out, at = [], 0
        for s in sentences:
            out.append([names[k] for k in best[at : at + len(s)]])
            at += len(s)
        return out


@cache
def tagger() -> Tagger:
    """The shipped model, loaded once per process."""
    return Tagger()
