"""Related documents: the ones that share the most telling words of one.

More-like-this over the index: a document's words are read as the index
reads them (each by its first stem, stop words out) and weighted by how
often the document uses them times how rare they are in the corpus. The
TOP_TERMS heaviest, leaving out words in more than MAX_SHARE of the
corpus (they tell nothing) and words no other document has, make one
query, scored by BM25 as any search is. Names count as words: a story's
people and places are among its rarest, so shared entities weigh in.
"""

from __future__ import annotations

from collections import Counter
from math import log

from reader.index.language.arabic import analyses
from reader.index.compiler import Terms

TOP_TERMS = 25
MAX_SHARE = 0.05


def related_plan(view, text: str):
    """The query of a text's most telling words (a Terms leaf), or None."""
    counts = Counter(a.stems[0] for a in analyses(text) if a.stems)
    n = max(view.doc_count_all, 1)
    weighted = []
    for term, tf in counts.items():
        df = view.doc_frequency("body", term)
        if 2 <= df <= MAX_SHARE * n or (df >= 2 and n < 40):  # a tiny corpus: every word may be "common"
            weighted.append((tf * log(n / df), term))
    top = [term for _w, term in sorted(weighted, reverse=True)[:TOP_TERMS]]
    return Terms("body", tuple(top)) if top else None
