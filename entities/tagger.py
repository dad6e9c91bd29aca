"""The shipped entity model: BIO tags for PERS, LOC, ORG and MISC.

A CRF trained by ``scripts/ner_train.py`` (see ``index/model/README.md``
for its data, licence and figures), run by python-crfsuite.
"""

from __future__ import annotations

from functools import cache

import pycrfsuite

from reader.entities.features import MODEL_DIR, Clusters, Featurizer

MODEL = MODEL_DIR / "ner.crfsuite"


class Tagger:
    def __init__(self, model=MODEL, clusters: Clusters | None = None):
        self.clusters = clusters or Clusters()
        self.features = Featurizer(self.clusters)
        self._crf = pycrfsuite.Tagger()
        self._crf.open(str(model))

    def tag(self, tokens: list[str]) -> list[str]:
        """One BIO tag per token of one sentence."""
        if not tokens:
            return []
        return self._crf.tag(self.features.sentence(tokens))


@cache
def tagger() -> Tagger:
    """The shipped model, loaded once per process."""
    return Tagger()
