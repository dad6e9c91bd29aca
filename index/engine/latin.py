"""Latin-letter names read back into the Arabic spellings this corpus writes.

A query word like Najran, al-Faisal or Mecca also stands for نجران, الفيصل,
مكة: index.language.romanized walks its readings, this module asks the
index which beginnings its words have and how often each spelling occurs,
and keeps the commonest. The other way, an Arabic name (إبراهيم, لندن)
also finds the articles that write it in Latin letters (Ibrahim, London),
when the corpus has the Latin word and reads it back as that name. What
was read is said with the results.
"""

from __future__ import annotations

from math import log

from reader.index import query as q
from reader.index.compiler import Alias
from reader.index.language.arabic import analyse, fold_hamza
from reader.index.language.romanized import ABD_RE, ALLAH_RE, WHOLE, latin, romanizations, spellings

KEEP = 3  # spellings a word stands for at most
MIN_DOCS = 2  # a spelling in one document is more likely a typo than the name, when another has more
COST_WEIGHT = 2.0  # a reading one step further must be e^2 (7x) as common to win
NEAR_BEST = 0.5
NAME_WEIGHT = 3.0  # a spelling named in all its documents scores as one e^3 (20x) as common
CANDIDATES = 10  # a word's likeliest spellings tried with its neighbour's
PAIRS = 24  # pairs of spellings looked up as phrases, best scored first
ENOUGH = 50  # a pair written this often is as good as any: counting stops there
# An Arabic word is written in Latin letters too when its documents name it
# this often (a person, place or organisation): بيت is "bit", no name;
# ولد (a boy; Ould in a name) is named in a third of its documents.
NAMED_SHARE = 0.5
LATIN_KEEP = 2  # Latin writings an Arabic name stands for at most
LATIN_COST = 2.5  # past this, a writing strays too far to be the name's (read for الرياض: 3)


class _Vocabulary:
    """The index's words as the reading back asks for them: which beginnings
    some word has (asked once each), how many documents write a spelling,
    and how many name it (named, from index.engine.names; None without)."""

    def __init__(self, view, named=None):
        self.view, self.named = view, named
        self._known: dict[str, bool] = {}

    def known_prefix(self, prefix: str) -> bool:
        hit = self._known.get(prefix)
        if hit is None:
            hit = self._known[prefix] = self.view.has_prefix("exact", prefix)
        return hit

    def documents(self, spelling: str) -> int:
        """How many documents write it (hamza seats folded, as the index keeps words)."""
        return self.view.doc_frequency("exact", fold_hamza(spelling))


def read_back(view, tree, named=None):
    """(the tree with each Latin name-like word also standing for its
    Arabic spellings, [(the word, [spellings])] of the words read). named:
    how many documents name a stem (index.engine.names), or None."""
    said: list[tuple[str, list[str]]] = []
    vocab = _Vocabulary(view, named)

    def walk(node):
        if isinstance(node, q.Word) and not node.prefix and node.field in (None, "title"):
            word = WHOLE.get(node.text.lower()) or latin(node.text)
            written = [_written(view, f) for f in (_forms(vocab, word) if word else [])]
            if written:
                said.append((node.text, [w[0] for w in written]))  # as the text writes it most
                return q.Or((node, *(q.Phrase(f, node.field) if " " in f else q.Word(f, False, node.field)
                                     for w in written for f in w)))
            return node
        if isinstance(node, q.And):
            items = _articles_joined(node.items)
            jointly = _read_together(vocab, items)
            out = []
            for n, item in enumerate(items):
                if n in jointly:
                    said.append((item.text, [jointly[n]]))
                    out.append(q.Or((item, q.Word(jointly[n], False, item.field))))
                elif _unwritten(vocab, item, items):
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


def also_latin(view, tree, named):
    """(the tree with each Arabic name also standing for the Latin words the
    corpus writes it as, [(the name, [Latin words])]): a Latin word is kept
    when romanizations() reaches it and reading it back (as a Latin query
    is read) gives the name again. named as read_back's; None: no names
    known, nothing done."""
    said: list[tuple[str, list[str]]] = []
    if named is None:
        return tree, said
    vocab, latin_words = _Vocabulary(view, named), _LatinWords(view)

    def walk(node):
        if isinstance(node, q.Word) and not node.prefix and node.field in (None, "title") and not node.text.isascii():
            a = analyse(node.text)
            norm = fold_hamza(a.norm) if a is not None else ""
            if not norm or not _is_named(vocab, a, norm):
                return node
            found = sorted((c, w) for w, c in romanizations(norm, latin_words.known_prefix).items()
                           if c <= LATIN_COST and latin_words.has(w))
            latins = [w for c, w in found if c <= found[0][0] + NEAR_BEST
                      and norm in {fold_hamza(f) for f in _forms(vocab, w)}][:LATIN_KEEP]
            if latins:
                said.append((node.text, latins))
                return q.Or((node, *(Alias(w, False, node.field) for w in latins)))
            return node
        if isinstance(node, q.And) or isinstance(node, q.Or) and not any(
                isinstance(i, q.Word) and i.text.isascii() for i in node.items):  # an Or of read_back's is read already
            return type(node)(tuple(walk(i) for i in node.items))
        if isinstance(node, q.Not):
            return q.Not(walk(node.item))
        return node

    return walk(tree), said


class _LatinWords:
    """The corpus's Latin words, read a first letter at a time as the
    writings of a name ask for them (all of them: a few thousand, 50 ms)."""

    def __init__(self, view):
        self.view = view
        self._letters: set[str] = set()
        self._words: set[str] = set()
        self._prefixes: set[str] = set()

    def known_prefix(self, prefix: str) -> bool:
        letter = prefix[0]
        if letter not in self._letters:
            self._letters.add(letter)
            words = self.view.terms_between("exact", letter, chr(ord(letter) + 1))
            self._words |= words
            self._prefixes.update(w[:i] for w in words for i in range(1, len(w) + 1))
        return prefix in self._prefixes

    def has(self, word: str) -> bool:
        return self.known_prefix(word) and word in self._words


def _is_named(vocab, a, norm: str) -> bool:
    documents = vocab.documents(norm)
    return bool(documents) and max(vocab.named(s) for s in a.stems) >= NAMED_SHARE * documents


def _name_word(item) -> str | None:
    """The Latin word a query item is, when it is a plain word of a name."""
    if isinstance(item, q.Word) and not item.prefix and item.field is None:
        return WHOLE.get(item.text.lower()) or latin(item.text)
    return None


def _unwritten(vocab, item, items) -> bool:
    """A Latin word of a name with no reading (too short, da Silva) that the
    corpus never writes: required, it would leave nothing, so it is left
    out when the query has other words."""
    if len(items) < 2 or not isinstance(item, q.Word) or item.prefix or item.field is not None:
        return False
    word = item.text.lower()
    return word.isascii() and word.isalpha() and _name_word(item) is None and not vocab.documents(word)


def _read_together(vocab, items) -> dict[int, str]:
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
                options[m] = _likeliest(vocab, words[m])
        firsts = [(0.0, chosen[n])] if n in chosen else options[n]
        pairs = sorted(((a + b, x, y) for a, x in firsts for b, y in options[n + 1]), reverse=True)[:PAIRS]
        ranker = ranker or Ranker(vocab.view)
        best = (0, 0.0, "", "")
        for score, x, y in pairs:  # the best scored first: the first written ENOUGH times wins
            count = min(len(ranker.some(compile_query(q.Phrase(f"{x} {y}")).plan, ENOUGH)), ENOUGH)
            best = max(best, (count, score, x, y))
            if count == ENOUGH:
                break
        if best[0] >= MIN_DOCS:
            chosen[n], chosen[n + 1] = best[2], best[3]
    return chosen


def _likeliest(vocab, word: str) -> list[tuple[float, str]]:
    """A word's spellings the corpus has, best scored first (as _commonest scores them)."""
    if not word.isascii():
        return [(0.0, word)]
    if _joined_name(word):  # Abdullah, Nasrallah, Abdulaziz: read as _forms reads them
        return [(-float(i), f) for i, f in enumerate(_forms(vocab, word)) if " " not in f]
    return _scored(vocab, word)[:CANDIDATES]


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


def _forms(vocab, word: str) -> list[str]:
    """The Arabic spellings a Latin word stands for: a word read whole
    (bin, Syria); a name ending in -ullah (Abdullah, Hezbollah) as the corpus
    joins or spaces it; a name after Abd-ul (Abdulaziz); else its readings."""
    if not word.isascii():  # read whole already (a phrase when it has a space)
        return [word] if all(vocab.documents(w) for w in word.split()) else []
    allah = ALLAH_RE.search(word)
    if allah and allah.start() >= 2:
        head = word[:allah.start()]
        if ABD_RE.fullmatch(head):
            return ["عبدالله"]
        # the head as the joined name has it (نصرالله), not as it stands alone (النصر)
        joined = _commonest(vocab, head, joined_to="", then="الله")
        heads = [j[:-4] for j in joined] or _commonest(vocab, head)
        return joined + [h + " الله" for h in heads]
    abd = ABD_RE.match(word)
    if abd and abd.end() < len(word) - 2:
        rest = _commonest(vocab, "al-" + word[abd.end():], joined_to="عبد")
        if rest:
            return rest
    return _commonest(vocab, word)


def _commonest(vocab, word: str, joined_to: str = "", then: str = "") -> list[str]:
    """The likeliest spellings the corpus has (MIN_DOCS or more), each after
    joined_to (عبد) and before then (الله) when given: each
    scored by how often the corpus writes it against how far its reading
    strays (ln documents - COST_WEIGHT x cost); the best, and any within
    NEAR_BEST of it."""
    scored = _scored(vocab, word, joined_to, then)
    if not scored:
        return []
    best = scored[0][0]
    return [f for score, f in scored[:KEEP] if score >= best - NEAR_BEST]


def _scored(vocab, word: str, joined_to: str = "", then: str = "") -> list[tuple[float, str]]:
    """[(score, spelling)] best first: ln documents - COST_WEIGHT x cost, and
    up to NAME_WEIGHT more for a spelling the entities name (_as_name)."""
    found = spellings(word, vocab.known_prefix)
    if word.endswith("is") and len(word) > 4:  # Houthis, Saudis: the English plural of a name in -i
        for f, c in spellings(word[:-1], vocab.known_prefix).items():
            found[f] = min(c, found.get(f, 99))
    seen: set[str] = set()  # spellings that differ in a hamza seat only are one word to the index
    counted = []
    for f, c in sorted(found.items(), key=lambda kv: kv[1]):
        spelling = joined_to + f + then
        if fold_hamza(spelling) not in seen:
            seen.add(fold_hamza(spelling))
            counted.append((vocab.documents(spelling), c, spelling))
    # a spelling in one document only where no other has more (a small archive)
    least = MIN_DOCS if any(n >= MIN_DOCS for n, _c, _f in counted) else 1
    return sorted(((log(n) - COST_WEIGHT * c + _as_name(vocab.named, f, n), f) for n, c, f in counted if n >= least),
                  reverse=True)


def _as_name(named, spelling: str, documents: int) -> float:
    """NAME_WEIGHT x the share of a spelling's documents that name it as a
    person, place or organisation (Hail: حائل, not هيل)."""
    if named is None:
        return 0.0
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
    """searched: Najran as نجران; Mecca as مكه or مكا; de left out (no reading,
    not in the corpus); إبراهيم also as ibrahim"""
    return "searched: " + "; ".join(
        f"{word} also as {' or '.join(forms)}" if not word.isascii()
        else f"{word} as {' or '.join(forms)}" if forms
        else f"{word} left out (no reading, not in the corpus)" for word, forms in said)
