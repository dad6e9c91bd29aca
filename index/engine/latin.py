"""Latin-letter names read back into the Arabic spellings this corpus writes.

A query word like Najran, al-Faisal or Mecca also stands for نجران, الفيصل,
مكة: index.language.romanized walks its readings, this module asks the
index which beginnings its words have and how often each spelling occurs,
and keeps the commonest. What was read is said with the results.
"""

from __future__ import annotations

from math import log

from reader.index import query as q
from reader.index.language.romanized import ABD_RE, ALLAH_RE, WHOLE, latin, spellings

KEEP = 3  # spellings a word stands for at most
MIN_DOCS = 2  # a spelling in one document is more likely a typo than the name, when another has more
COST_WEIGHT = 2.0  # a reading one step further must be e^2 (7x) as common to win
NEAR_BEST = 0.5


def read_back(view, tree):
    """(the tree with each Latin name-like word also standing for its
    Arabic spellings, [(the word, [spellings])] of the words read)."""
    said: list[tuple[str, list[str]]] = []
    known: dict[str, bool] = {}

    def known_prefix(prefix: str) -> bool:
        hit = known.get(prefix)
        if hit is None:
            hit = known[prefix] = view.has_prefix("exact", prefix)
        return hit

    def walk(node):
        if isinstance(node, q.Word) and not node.prefix and node.field in (None, "title"):
            word = WHOLE.get(node.text.lower()) or latin(node.text)
            written = [_written(view, f) for f in (_forms(view, word, known_prefix) if word else [])]
            if written:
                said.append((node.text, [w[0] for w in written]))  # as the text writes it most
                return q.Or((node, *(q.Phrase(f, node.field) if " " in f else q.Word(f, False, node.field)
                                     for w in written for f in w)))
            return node
        if isinstance(node, q.And):
            return q.And(tuple(walk(i) for i in _articles_joined(node.items)))
        if isinstance(node, q.Or):
            return q.Or(tuple(walk(i) for i in node.items))
        if isinstance(node, q.Not):
            return q.Not(walk(node.item))
        return node

    return walk(tree), said


def _articles_joined(items) -> list:
    """Al Faisal, el Sisi: the article as a word of its own joins the name after it."""
    out = []
    for item in items:
        if (out and isinstance(item, q.Word) and isinstance(out[-1], q.Word) and out[-1].text.lower() in ("al", "el")
                and not item.prefix and item.field is None):
            out[-1] = q.Word(f"al-{item.text}", False, None)
        else:
            out.append(item)
    return out


def _forms(view, word: str, known_prefix) -> list[str]:
    """The Arabic spellings a Latin word stands for: a word read whole
    (bin, Syria); a name ending in -ullah (Abdullah, Hezbollah) as the corpus
    joins or spaces it; a name after Abd-ul (Abdulaziz); else its readings."""
    if not word.isascii():  # read whole already
        return [word] if view.doc_frequency("exact", word) else []
    allah = ALLAH_RE.search(word)
    if allah and allah.start() >= 2:
        head = word[:allah.start()]
        if ABD_RE.fullmatch(head):
            return ["عبدالله"]
        # the head as the joined name has it (نصرالله), not as it stands alone (النصر)
        joined = _commonest(view, head, known_prefix, joined_to="", then="الله")
        heads = [j[:-4] for j in joined] or _commonest(view, head, known_prefix)
        return joined + [h + " الله" for h in heads]
    abd = ABD_RE.match(word)
    if abd and abd.end() < len(word) - 2:
        rest = _commonest(view, "al-" + word[abd.end():], known_prefix, joined_to="عبد")
        if rest:
            return rest
    return _commonest(view, word, known_prefix)


def _commonest(view, word: str, known_prefix, joined_to: str = "", then: str = "") -> list[str]:
    """The likeliest spellings the corpus has (MIN_DOCS or more), each after
    joined_to (عبد) and before then (الله) when given: each
    scored by how often the corpus writes it against how far its reading
    strays (ln documents - COST_WEIGHT x cost); the best, and any within
    NEAR_BEST of it."""
    found = spellings(word, known_prefix)
    if word.endswith("is") and len(word) > 4:  # Houthis, Saudis: the English plural of a name in -i
        for f, c in spellings(word[:-1], known_prefix).items():
            found[f] = min(c, found.get(f, 99))
    counted = [(view.doc_frequency("exact", joined_to + f + then), c, joined_to + f + then) for f, c in found.items()]
    # a spelling in one document only where no other has more (a small archive)
    least = MIN_DOCS if any(n >= MIN_DOCS for n, _c, _f in counted) else 1
    scored = sorted(((log(n) - COST_WEIGHT * c, f) for n, c, f in counted if n >= least), reverse=True)
    if not scored:
        return []
    best = scored[0][0]
    return [f for score, f in scored[:KEEP] if score >= best - NEAR_BEST]


def _written(view, form: str) -> list[str]:
    """A normalized spelling as the text writes it: a final ه may be a teh
    marbuta (مكة), which the stems keep; the commoner first, both searched."""
    if not form.endswith("ه"):
        return [form]
    marbuta = form[:-1] + "ة"
    if view.doc_frequency("body", marbuta) >= view.doc_frequency("body", form):
        return [marbuta, form]
    return [form, marbuta]


def said_line(said: list[tuple[str, list[str]]]) -> str:
    """searched: Najran as نجران; Mecca as مكه or مكا"""
    return "searched: " + "; ".join(f"{word} as {' or '.join(forms)}" for word, forms in said)
