"""Word clusters for the entity model, learnt from unlabelled Arabic news.

ANERcorp has 125,000 labelled tokens; most names in today's news are not
among them. Words that occur in the same contexts (غوتيريش and بان كي مون
after الأمين العام) fall into the same cluster, so the model can tag a name
it never saw from what it learnt about its cluster-mates.

Method: left and right neighbour counts over the most frequent context
words, positive PMI, a truncated SVD, then k-means at three granularities
(coarse to fine, standing in for Brown-cluster prefixes). Writes one line
per word: ``word<TAB>count<TAB>c1<TAB>c2<TAB>c3``. The counts also decide,
at tagging time, whether a leading و/ب/ل/ف/ك belongs to the name.

With ``--wordfreq``, the counts are not the corpus's but wordfreq's
(its Arabic list, CC BY-SA 4.0: Wikipedia, subtitles, news, web text),
scaled to ten million tokens, and the commonest words the corpus did not
cluster get a row with their count alone: a corpus too small or too old to
say how often today's news writes a word still clusters it.

Needs numpy and scipy (``pip install '.[train]'``); the result is committed,
so users never run this.

    python scripts/ner_clusters.py CORPUS_DIR [CONLL ...] -o entities/model/clusters.tsv [--wordfreq]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.sparse.linalg import svds

from reader.entities.features import token_key, tokens_of

SIZES = (64, 256, 1024)
SCALE = 10_000_000  # wordfreq's frequencies as counts in this many tokens
COUNTED = 100_000  # wordfreq's commonest keys kept with their count


def wordfreq_counts() -> dict[str, int]:
    """Each key's count in SCALE tokens of wordfreq's Arabic list (forms
    with the same key summed); keys written fewer than twice left out."""
    from wordfreq import get_frequency_dict

    counts: Counter = Counter()
    for word, freq in get_frequency_dict("ar", wordlist="large").items():
        key = token_key(word)
        if key:
            counts[key] += freq * SCALE
    return {k: round(v) for k, v in counts.most_common(COUNTED) if v >= 2}


def corpus_sentences(folder: Path, conll: list[Path]):
    for path in sorted(folder.rglob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for line in text.splitlines():
            if line.strip():
                yield [token_key(t) for _s, _e, t in tokens_of(line)]
    for path in conll:
        sent: list[str] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                if sent:
                    yield sent
                sent = []
            else:
                sent.append(token_key(line.split(" ")[0]))
        if sent:
            yield sent


def kmeans(x: np.ndarray, k: int, weights: np.ndarray, iters: int, seed: int = 0) -> np.ndarray:
    """Spherical k-means (rows of x are unit vectors); frequent words seed it."""
    rng = np.random.default_rng(seed)
    p = weights / weights.sum()
    centres = x[rng.choice(len(x), size=k, replace=False, p=p)]
    labels = np.zeros(len(x), dtype=np.int32)
    for _ in range(iters):
        for lo in range(0, len(x), 8192):
            labels[lo : lo + 8192] = np.argmax(x[lo : lo + 8192] @ centres.T, axis=1)
        for c in range(k):
            members = x[labels == c]
            if len(members):
                v = members.sum(axis=0)
                centres[c] = v / (np.linalg.norm(v) or 1.0)
    return labels


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("conll", type=Path, nargs="*")
    ap.add_argument("-o", "--output", type=Path, required=True)
    ap.add_argument("--vocab", type=int, default=60_000)
    ap.add_argument("--contexts", type=int, default=4_000)
    ap.add_argument("--dims", type=int, default=100)
    ap.add_argument("--min-count", type=int, default=5)
    ap.add_argument("--wordfreq", action="store_true", help="counts from wordfreq's Arabic list (see above)")
    args = ap.parse_args()

    t0 = time.time()
    sents = list(corpus_sentences(args.corpus, args.conll))
    counts = Counter(w for s in sents for w in s)
    print(f"{sum(counts.values()):,} tokens, {len(counts):,} types, {time.time() - t0:.0f} s", file=sys.stderr)

    vocab = [w for w, c in counts.most_common(args.vocab) if c >= args.min_count]
    wid = {w: i for i, w in enumerate(vocab)}
    n_ctx = args.contexts
    rows, cols = [], []
    pad, rare = n_ctx, n_ctx + 1  # a sentence edge and a rare word are contexts too
    for s in sents:
        ids = [wid.get(w, -1) for w in s]
        ctx = [i if 0 <= i < n_ctx else rare for i in ids]
        for i, w in enumerate(ids):
            if w < 0:
                continue
            rows += (w, w)
            cols += (ctx[i - 1] if i > 0 else pad, n_ctx + 2 + (ctx[i + 1] if i + 1 < len(ids) else pad))
    del sents
    width = 2 * (n_ctx + 2)
    m = sparse.coo_matrix(
        (np.ones(len(rows), dtype=np.float32), (np.array(rows), np.array(cols))),
        shape=(len(vocab), width),
    ).tocsr()
    m.sum_duplicates()
    print(f"co-occurrence {m.nnz:,} cells, {time.time() - t0:.0f} s", file=sys.stderr)

    # Positive PMI with context smoothing (alpha 0.75), as in Levy et al. 2015.
    total = m.sum()
    row_sum = np.asarray(m.sum(axis=1)).ravel()
    col_sum = np.asarray(m.sum(axis=0)).ravel() ** 0.75
    col_sum /= col_sum.sum()
    m = m.tocoo()
    pmi = np.log(m.data * 1.0 / (row_sum[m.row] / total) / col_sum[m.col] / total)
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (m.row[keep], m.col[keep])), shape=m.shape)
    u, s, _vt = svds(ppmi, k=args.dims)
    vectors = u * np.sqrt(s)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    print(f"svd, {time.time() - t0:.0f} s", file=sys.stderr)

    freq = np.array([counts[w] for w in vocab], dtype=np.float64)
    labels = [kmeans(vectors, k, np.sqrt(freq), iters=15) for k in SIZES]
    print(f"k-means, {time.time() - t0:.0f} s", file=sys.stderr)

    known = wordfreq_counts() if args.wordfreq else {}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w", encoding="utf-8") as out:
        for i, w in enumerate(vocab):
            out.write("\t".join([w, str(known.get(w, counts[w]) if known else counts[w])]
                                + [str(lab[i]) for lab in labels]) + "\n")
        clustered = set(vocab)
        for w, n in known.items():
            if w not in clustered:
                out.write(f"{w}\t{n}\t\t\t\n")
    print(f"{len(vocab):,} words clustered, {len(known):,} counted -> {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
