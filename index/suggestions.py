"""Did you mean: a query's rarely written words respelt as the corpus writes
them most, one slip away (index.language.spelling). Engine-free: a backend
gives the documents holding a word's exact form, and may ask for a word's
spellings all at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from reader.index import query as q

# A word the corpus writes at least this many times more often is proposed; a
# word in this many documents or more is no slip, and its hundreds of
# neighbours are not looked up.
SUGGEST_RATIO = 10
SUGGEST_COMMON = 50


def suggestion(request, documents: Callable[[str], int],
               ask: Callable[[Iterable[str]], None] | None = None) -> str | None:
    """The query with each of its plain words that the corpus has rarely or
    never respelt as the corpus writes it most; None when no word has such a
    spelling. documents(norm): how many documents hold that exact form;
    ask(norms): look several up at once (a round trip for all)."""
    from reader.index.language.arabic import analyse
    from reader.index.language.spelling import variants

    text, changed = request.text, False
    for word in plain_words(request.tree):
        a = analyse(word.text)
        if a is None or a.norm.isascii():  # the slips are an Arabic keyboard's; Latin names are read back
            continue
        df = documents(a.norm)
        if df >= SUGGEST_COMMON:
            continue
        least = SUGGEST_RATIO * max(df, 1)
        spellings = variants(a.norm)
        if ask is not None:
            ask(spellings)
        found = [(cost, -n, spelling) for spelling, cost in spellings.items() if (n := documents(spelling)) >= least]
        if found:
            text, changed = text.replace(word.text, min(found)[2], 1), True
    return text if changed else None


def plain_words(node) -> list:
    """The words of a query tree that are neither negated, nor fielded, nor prefixes."""
    if isinstance(node, q.Word):
        return [node] if node.field is None and not node.prefix else []
    if isinstance(node, (q.And, q.Or)):
        return [w for item in node.items for w in plain_words(item)]
    return []
