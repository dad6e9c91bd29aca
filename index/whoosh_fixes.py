"""Fixes for Whoosh 2.7.4 bugs and slow paths we hit (Whoosh is frozen upstream, so they live here).

AndNot: AndNotMatcher._find_first() only looks at the excluded matcher when
both start on the same document. When the excluded one starts earlier, the
first positive document is returned even if it is excluded: on the seeds,
`داعش NOT الخلافة` returned an article about the caliphate.
"""

from __future__ import annotations

from whoosh import matching
from whoosh.query import AndNot, Or


class _AndNotMatcher(matching.AndNotMatcher):
    def _find_first(self):
        a, b = self.a, self.b
        if a.is_active() and b.is_active():
            if b.id() < a.id():
                b.skip_to(a.id())
            if b.is_active() and a.id() == b.id():
                self._find_next()


class FixedAndNot(AndNot):
    def matcher(self, searcher, context=None):
        scoredm = self.a.matcher(searcher, context)
        notm = self.b.matcher(searcher, searcher.boolean_context())
        return _AndNotMatcher(scoredm, notm)


class TreeOr(Or):
    """Or that always unions its sub-matchers lazily.

    Whoosh preloads every posting of an Or into arrays when a segment holds
    fewer than 5,000 documents, as each segment of a parallel build does:
    for the exact and title boosts of a common word that cost 80 ms per
    query, to score the ten documents shown.
    """

    matcher_type = Or.DEFAULT_MATCHER
