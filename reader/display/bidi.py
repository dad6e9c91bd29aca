"""The Unicode Bidirectional Algorithm (UAX #9), implicit part, with index maps.

python-bidi's get_display does not mirror brackets, exposes no levels and
no index map; its old pure-Python algorithm lacks the bracket-pair rule N0.
We need levels and a visual-to-logical map to keep styles on their
characters, so this module resolves levels itself. Explicit embeddings,
overrides and isolates never get here: document text is cleaned of them
(reader.display.safe), so the paragraph is one isolating run sequence at its base
level (rules X1-X10 reduce to that). Checked against GNU FriBidi.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_STRONG_R = frozenset(("R", "AL"))
_NEUTRAL = frozenset(("B", "S", "WS", "ON", "BN"))
# Text of these classes alone resolves to the base level (0, 1) everywhere:
# strong letters of the base's direction, the marks on them, the spaces between.
_ONE_WAY = (frozenset(("L", "NSM", "WS")), frozenset(("R", "AL", "NSM", "WS")))

# BidiBrackets.txt, the pairs news text uses (« » are mirrored but not
# paired brackets in Unicode, so N0 leaves them to N1/N2 as FriBidi does).
_OPENING = {"(": ")", "[": "]", "{": "}", "\u2045": "\u2046", "\u2329": "\u232a", "\u3008": "\u3009",
            "\u27e8": "\u27e9", "\ufe59": "\ufe5a", "\uff08": "\uff09", "\uff3b": "\uff3d", "\uff5b": "\uff5d"}
_CLOSING = {v: k for k, v in _OPENING.items()}


@lru_cache(maxsize=4096)
def bidi_class(ch: str) -> str:
    return unicodedata.bidirectional(ch) or "L"


def base_level(text: str) -> int:
    """0 (left to right) or 1: the first strong character decides (P2, P3)."""
    for ch in text:
        c = bidi_class(ch)
        if c == "L":
            return 0
        if c in _STRONG_R:
            return 1
    return 0


def levels(text: str, base: int) -> list[int]:
    """The resolved embedding level of each character of a paragraph."""
    n = len(text)
    if not n:
        return []
    classes = {bidi_class(c) for c in set(text)}
    if classes <= _ONE_WAY[base % 2]:  # one direction, its marks and spaces: every level is the base
        return [base] * n
    orig = [bidi_class(c) for c in text]
    types = list(orig)
    e_dir = "R" if base % 2 else "L"
    sos = eos = e_dir

    # W1: NSM (and BN, which X9 would remove) take the type before them.
    prev = sos
    for i, t in enumerate(types):
        if t in ("NSM", "BN"):
            types[i] = prev
        else:
            prev = t
    # W2: EN after AL is AN. W3: AL is R.
    last_strong = sos
    for i, t in enumerate(types):
        if t in ("L", "R", "AL"):
            last_strong = t
        elif t == "EN" and last_strong == "AL":
            types[i] = "AN"
    types = ["R" if t == "AL" else t for t in types]
    # W4: one separator between two numbers of the same kind joins them.
    for i in range(1, n - 1):
        t = types[i]
        if t == "ES" and types[i - 1] == "EN" and types[i + 1] == "EN":
            types[i] = "EN"
        elif t == "CS" and types[i - 1] == types[i + 1] and types[i - 1] in ("EN", "AN"):
            types[i] = types[i - 1]
    # W5: terminators next to European numbers are numbers.
    i = 0
    while i < n:
        if types[i] == "ET":
            j = i
            while j < n and types[j] == "ET":
                j += 1
            if (i > 0 and types[i - 1] == "EN") or (j < n and types[j] == "EN"):
                for k in range(i, j):
                    types[k] = "EN"
            i = j
        else:
            i += 1
    # W6: remaining separators and terminators are neutral.
    types = ["ON" if t in ("ES", "ET", "CS") else t for t in types]
    # W7: European numbers after L are L.
    last_strong = sos
    for i, t in enumerate(types):
        if t in ("L", "R"):
            last_strong = t
        elif t == "EN" and last_strong == "L":
            types[i] = "L"

    _bracket_pairs(text, orig, types, e_dir, sos)

    # N1, N2: neutrals between two strong types of one direction take it,
    # other neutrals the embedding direction. Numbers count as R.
    strong = _strong
    i = 0
    while i < n:
        if types[i] in _NEUTRAL:
            j = i
            while j < n and types[j] in _NEUTRAL:
                j += 1
            before = strong(types[i - 1]) if i > 0 else sos
            after = strong(types[j]) if j < n else eos
            fill = before if before == after else e_dir
            for k in range(i, j):
                types[k] = fill
            i = j
        else:
            i += 1

    # I1, I2
    out = []
    for t in types:
        if base % 2 == 0:
            out.append(base + (1 if t == "R" else 2 if t in ("AN", "EN") else 0))
        else:
            out.append(base + (1 if t in ("L", "EN", "AN") else 0))
    # L1 (whole-paragraph part): segment separators and the whitespace before
    # them go back to the base level; line ends are handled per line.
    for i, t in enumerate(orig):
        if t in ("S", "B"):
            out[i] = base
            k = i - 1
            while k >= 0 and orig[k] in ("WS", "BN"):
                out[k] = base
                k -= 1
    return out


def _bracket_pairs(text: str, orig: list[str], types: list[str], e_dir: str, sos: str) -> None:
    """Rule N0: a bracket pair takes the direction of the text it encloses."""
    pairs, stack = [], []
    for i, ch in enumerate(text):
        if orig[i] != "ON":
            continue
        if ch in _OPENING:
            if len(stack) >= 63:
                break
            stack.append((_OPENING[ch], i))
        elif ch in _CLOSING:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == ch:
                    pairs.append((stack[depth][1], i))
                    del stack[depth:]
                    break
    pairs.sort()
    strong = _strong
    for open_i, close_i in pairs:
        inside = {strong(t) for t in types[open_i + 1 : close_i]} - {None}
        if not inside:
            continue
        if e_dir in inside:
            new = e_dir
        else:
            opposite = inside.pop()
            before = sos
            for k in range(open_i - 1, -1, -1):
                s = strong(types[k])
                if s:
                    before = s
                    break
            new = opposite if before == opposite else e_dir
        for idx in (open_i, close_i):
            types[idx] = new
            k = idx + 1  # marks on a bracket follow it
            while k < len(types) and orig[k] == "NSM":
                types[k] = new
                k += 1


def _strong(t: str) -> str | None:
    """The direction a resolved type counts as for N0-N2 (numbers are R)."""
    if t == "L":
        return "L"
    if t in ("R", "EN", "AN"):
        return "R"
    return None


def visual_order(text: str, lv: list[int], base: int, start: int, end: int) -> list[int]:
    """Logical indices of the line text[start:end] in visual order, left to right.

    L1 for the line's end (trailing whitespace to the base level), then L2:
    from the highest level down to the lowest odd one, reverse every run of
    characters at that level or above.
    """
    lvls = list(lv[start:end])
    k = len(lvls) - 1
    while k >= 0 and bidi_class(text[start + k]) in ("WS", "BN", "S", "B"):
        lvls[k] = base
        k -= 1
    order = list(range(start, end))
    if not lvls:
        return order
    top, low = max(lvls), min(lvls)
    lowest_odd = low if low % 2 else low + 1
    m = len(order)
    for level in range(top, lowest_odd - 1, -1):
        i = 0
        while i < m:
            if lvls[i] < level:
                i += 1
                continue
            j = i
            while j < m and lvls[j] >= level:
                j += 1
            order[i:j] = order[i:j][::-1]
            lvls[i:j] = lvls[i:j][::-1]
            i = j
    return order
