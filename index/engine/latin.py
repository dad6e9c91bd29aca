"""Latin-letter names read back into the Arabic spellings this corpus writes.

A query word like Najran, al-Faisal or Mecca also stands for نجران, الفيصل,
مكة: index.language.romanized walks its readings, this module asks the
index which beginnings its words have and how often each spelling occurs,
and keeps the commonest. What was read is said with the results.
"""

from __future__ import annotations

from math import log

from reader.index import query as q
from reader.index.language.arabic import fold_hamza
from reader.index.language.romanized import ABD_RE, ALLAH_RE, WHOLE, latin, spellings

KEEP = 3  # spellings a word stands for at most
MIN_DOCS = 2  # a spelling in one document is more likely a typo than the name, when another has more
COST_WEIGHT = 2.0  # a reading one step further must be e^2 (7x) as common to win
NEAR_BEST = 0.5
NAME_WEIGHT = 3.0  # a spelling named in all its documents scores as one e^3 (20x) as common
CANDIDATES = 10  # a word's likeliest spellings tried with its neighbour's
PAIRS = 24  # pairs of spellings looked up as phrases, best scored first
ENOUGH = 50  # a pair written this often is as good as any: counting stops there


def read_back(view, tree, named=None):
    """(the tree with each Latin name-like word also standing for its
    Arabic spellings, [(the word, [spellings])] of the words read). named:
    how many documents name a stem (index.engine.names), or None."""
    said: list[tuple[str, list[str]]] = []
    known: dict[str, bool] = {}

    def known_prefix(prefix: str) -> bool:
        hit = known.get(prefix)
        if hit is None:
            hit = known[prefix] = view.has_prefix("exact", prefix)
        return hit

    known_prefix.named = named  # the scoring reads it (_scored): one argument through every reader

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
            items = _articles_joined(node.items)
            jointly = _read_together(view, items, known_prefix)
            out = []
            for n, item in enumerate(items):
                if n in jointly:
                    said.append((item.text, [jointly[n]]))
                    out.append(q.Or((item, q.Word(jointly[n], False, item.field))))
                elif _unwritten(view, item, items):
                    said.append((item.text, []))  # left out: see said_line
                else:
                    out.append(walk(item))
            return q.And(tuple(out)) if len(out) > 1 else out[0]
        if isinstance(node, q.Or):
            return q.Or(tuple(walk(i) for i in node.items))
        if isinstance(node, q.Not):
            return q.Not(walk(node.item))
        return node

    return walk(tree), said


def _name_word(item) -> str | None:
    """The Latin word a query item is, when it is a plain word of a name."""
    if isinstance(item, q.Word) and not item.prefix and item.field is None:
        return WHOLE.get(item.text.lower()) or latin(item.text)
    return None


def _unwritten(view, item, items) -> bool:
    """A short Latin word of a name with no reading that the corpus never
    writes (de Mistura, van Gaal): required, it would leave nothing, so it
    is left out when the query has other words."""
    if len(items) < 2 or not isinstance(item, q.Word) or item.prefix or item.field is not None:
        return False
    word = item.text.lower()
    return (word.isascii() and word.isalpha() and _name_word(item) is None and word not in WHOLE
            and not view.doc_frequency("exact", word))


def _read_together(view, items, known_prefix) -> dict[int, str]:
    """{item: spelling} for Latin words side by side whose spellings the
    corpus writes side by side (Bashar al-Assad: بشار الاسد, where each word
    alone would read as its commonest spelling, البشر): for each pair, the
    best-scored pair of the words' likeliest spellings that is a phrase of
    MIN_DOCS documents; a word shared by two pairs keeps the first's."""
    from reader.index.compiler import compile_query
    from reader.index.engine.ranking import Ranker

    words = [_name_word(i) for i in items]
    options: dict[int, list[tuple[float, str]]] = {}
    ranker = None
    chosen: dict[int, str] = {}
    for n in range(len(items) - 1):
        if not (words[n] and words[n + 1]):
            continue
        for m in (n, n + 1):
            if m not in options:
                options[m] = _likeliest(view, words[m], known_prefix)
        firsts = [(0.0, chosen[n])] if n in chosen else options[n]
        pairs = sorted(((a + b, x, y) for a, x in firsts for b, y in options[n + 1]), reverse=True)[:PAIRS]
        ranker = ranker or Ranker(view)
        best = (0, 0.0, "", "")
        for score, x, y in pairs:  # the best scored first: the first written ENOUGH times wins
            count = min(len(ranker.some(compile_query(q.Phrase(f"{x} {y}")).plan, ENOUGH)), ENOUGH)
            best = max(best, (count, score, x, y))
            if count == ENOUGH:
                break
        if best[0] >= MIN_DOCS:
            chosen[n], chosen[n + 1] = best[2], best[3]
    return chosen


def _likeliest(view, word: str, known_prefix) -> list[tuple[float, str]]:
    """A word's spellings the corpus has, best scored first (as _commonest scores them)."""
    if not word.isascii():
        return [(0.0, word)]
    if _joined_name(word):  # Abdullah, Nasrallah, Abdulaziz: read as _forms reads them
        return [(-float(i), f) for i, f in enumerate(_forms(view, word, known_prefix)) if " " not in f]
    return _scored(view, word, known_prefix)[:CANDIDATES]


def _joined_name(word: str) -> bool:
    """Whether a word is a name joined to Allah (Nasrallah) or begun by Abd (Abdulaziz)."""
    allah, abd = ALLAH_RE.search(word), ABD_RE.match(word)
    return bool(allah and allah.start() >= 2 or abd and abd.end() < len(word) - 2)


def _articles_joined(items) -> list:
    """Al Faisal, el Sisi: the article as a word of its own joins the name
    after it; Abdel Fattah, Abdul Rahman: Abd- joins the name it begins."""
    out = []
    for item in items:
        joins = (out and isinstance(item, q.Word) and isinstance(out[-1], q.Word) and not item.prefix
                 and item.field is None and out[-1].field is None)
        if joins and out[-1].text.lower() in ("al", "el"):
            out[-1] = q.Word(f"al-{item.text}", False, None)
        elif joins and ABD_RE.fullmatch(out[-1].text.lower()) and item.text.isascii():
            out[-1] = q.Word(f"abd-al-{item.text}", False, None)
        else:
            out.append(item)
    return out


def _forms(view, word: str, known_prefix) -> list[str]:
    """The Arabic spellings a Latin word stands for: a word read whole
    (bin, Syria); a name ending in -ullah (Abdullah, Hezbollah) as the corpus
    joins or spaces it; a name after Abd-ul (Abdulaziz); else its readings."""
    if not word.isascii():  # read whole already (a phrase when it has a space)
        return [word] if all(view.doc_frequency("exact", fold_hamza(w)) for w in word.split()) else []
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
    scored = _scored(view, word, known_prefix, joined_to, then)
    if not scored:
        return []
    best = scored[0][0]
    return [f for score, f in scored[:KEEP] if score >= best - NEAR_BEST]


def _scored(view, word: str, known_prefix, joined_to: str = "", then: str = "") -> list[tuple[float, str]]:
    """[(score, spelling)] best first: ln documents - COST_WEIGHT x cost."""
    found = spellings(word, known_prefix)
    if word.endswith("is") and len(word) > 4:  # Houthis, Saudis: the English plural of a name in -i
        for f, c in spellings(word[:-1], known_prefix).items():
            found[f] = min(c, found.get(f, 99))
    seen: set[str] = set()  # spellings that differ in a hamza seat only are one word to the index
    counted = []
    for f, c in sorted(found.items(), key=lambda kv: kv[1]):
        folded = fold_hamza(joined_to + f + then)
        if folded not in seen:
            seen.add(folded)
            counted.append((view.doc_frequency("exact", folded), c, joined_to + f + then))
    # a spelling in one document only where no other has more (a small archive)
    least = MIN_DOCS if any(n >= MIN_DOCS for n, _c, _f in counted) else 1
    named = getattr(known_prefix, "named", None)
    return sorted(((log(n) - COST_WEIGHT * c + _as_name(named, f, n), f) for n, c, f in counted if n >= least),
                  reverse=True)


def _as_name(named, spelling: str, documents: int) -> float:
    """NAME_WEIGHT x the share of a spelling's documents that name it as a
    person, place or organisation (Hail: حائل, not هيل)."""
    if named is None:
        return 0.0
    from reader.index.language.arabic import analyse

    a = analyse(spelling)
    if a is None:
        return 0.0
    return NAME_WEIGHT * min(1.0, max(named(s) for s in a.stems) / documents)


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
    """searched: Najran as نجران; Mecca as مكه or مكا; de left out (no reading, not in the corpus)"""
    return "searched: " + "; ".join(f"{word} as {' or '.join(forms)}" if forms
                                    else f"{word} left out (no reading, not in the corpus)" for word, forms in said)
