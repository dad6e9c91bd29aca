"""The entity model's weights and its decoder: a linear-chain CRF.

``scripts/ner_train.py`` trains with python-crfsuite, then writes the
weights it learnt with ``save()`` to ``entities/model/ner.npz``: the attribute
names, one row of label weights per attribute, and the label-to-label
transitions. Tagging reads that file with numpy and decodes as crfsuite
does (a tag sequence's score is its tokens' state weights plus the
transitions between neighbours; no start or end weights; first best on a
tie), so a word's weights can be summed once and reused for every token
of it, which crfsuite, given strings per token, cannot do.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np


class Weights:
    """labels (index -> name), index (attribute -> row of state),
    state (attributes x labels) and transitions (from x to)."""

    def __init__(self, path: Path):
        with np.load(path, allow_pickle=False) as z:
            self.labels = _strings(z["labels"])
            names = _strings(z["attributes"])
            self.state = z["state"]
            self.transitions = z["transitions"]
        self.index = dict(zip(names, range(len(names))))


def _strings(a: np.ndarray) -> list[str]:
    return a.tobytes().decode("utf-8").split("\n")


def _packed(strings: list[str]) -> np.ndarray:
    assert not any("\n" in s for s in strings)
    return np.frombuffer("\n".join(strings).encode("utf-8"), dtype=np.uint8)


def save(path: Path, labels: list[str], attributes: list[str], state: np.ndarray, transitions: np.ndarray) -> None:
    """Write weights as Weights reads them (numpy arrays only: no pickle)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        np.savez_compressed(f, labels=_packed(labels), attributes=_packed(attributes),
                            state=state, transitions=transitions)


def viterbi(scores: np.ndarray, lengths: list[int], transitions: np.ndarray) -> np.ndarray:
    """The best label of each token (flat, as scores) for sentences laid end
    to end in scores (tokens x labels), decoded side by side: one numpy step
    per position serves every sentence still running."""
    n_labels = transitions.shape[0]
    lens = np.asarray(lengths)
    order = np.argsort(-lens, kind="stable")  # longest first: the live ones lead
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    batch, width = len(lens), int(lens.max())
    sent = np.repeat(rank, lens)
    pos = np.arange(len(scores)) - np.repeat(np.cumsum(lens) - lens, lens)
    grid = np.zeros((width, batch, n_labels))
    grid[pos, sent] = scores
    live = np.searchsorted(-lens[order], -np.arange(width), side="left")  # len > t: running at t
    # a finished sentence points to its own label, so its path stays put
    back = np.broadcast_to(np.arange(n_labels), (width, batch, n_labels)).copy()
    best = grid[0].copy()
    for t in range(1, width):
        k = live[t]
        cand = best[:k, :, None] + transitions  # sentence x from x to
        back[t, :k] = cand.argmax(axis=1)
        best[:k] = cand.max(axis=1) + grid[t, :k]
    path = np.empty((width, batch), dtype=np.intp)
    path[-1] = best.argmax(axis=1)
    rows = np.arange(batch)
    for t in range(width - 1, 0, -1):
        path[t - 1] = back[t, rows, path[t]]
    return path[pos, sent]
