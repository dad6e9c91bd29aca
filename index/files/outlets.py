"""An outlet's name folded to one key, whatever its spelling: what `source:`
compares, `reader outlets` groups by, and the index stores."""

from __future__ import annotations

import re

from reader.index.language.arabic import normalize


def outlet_key(name: str) -> str:
    """What source: compares: one outlet whatever its spelling. Case,
    spaces, the Arabic spelling variants, a URL's scheme and path, www.
    and the domain's suffixes, and the words that say what kind of outlet
    it is (صحيفة, جريدة, newspaper) are folded: "Al Riyadh", "alriyadh",
    "https://www.alriyadh.com/x" -> "alriyadh"; "صحيفة عكاظ", "عكاظ" ->
    "عكاظ". Spellings in other scripts (okaz) are joined by aliases."""
    key = normalize(name.casefold().strip())
    if "//" in key:
        key = key.split("//", 1)[1]
    key = key.split("/", 1)[0] if "." in key.split("/", 1)[0] else key
    key = key.removeprefix("www.")
    if _DOMAIN_RE.fullmatch(key):
        key = key.split(".", 1)[0]
    words = re.split(r"[\s_\-|:]+", key)
    named = [w for w in words if w and w not in _KIND_WORDS] or words  # an outlet called "News" keeps its name
    return "".join(c for c in "".join(named) if c.isalnum() or c == ".")


_DOMAIN_RE = re.compile(r"[a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)+")
# Words that name the kind of outlet, not which one (as normalize() writes them).
_KIND_WORDS = frozenset({"صحيفه", "جريده", "موقع", "مجله", "قناه", "وكاله", "بوابه", "newspaper", "news", "paper",
                         "daily", "online", "the", "journal", "magazine", "agency", "الالكترونيه", "الكترونيه",
                         "اليوميه"})
