"""Benchmark: names typed in Latin letters, against the Arabic query for the same name.

Run from the repository root with the project's venv::

    python bench/bench_latin_names.py --corpus /tmp/snn/saudinewsnet [--index-home DIR] [--record LABEL]

For each name of bench/judged/latin_names.toml (70: people, places,
organisations), reader searches the Latin query (Najran) and the Arabic
one (نجران, its Latin reading off): every hit of each. Recall is the share
of the Arabic query's documents the Latin query finds; precision, the share
of the Latin query's documents the Arabic query finds too. Macro averages,
per kind and overall, and the names below 0.9. The Arabic query is the
reference, so this measures the reading back, not the search behind it.

With --arabic, the other way: each Arabic word of the names (every set's),
searched alone, and the Latin words reader reads it as (to judge by eye:
the list is short, this corpus writes few names in Latin letters); and for
each word pair of a name (Saud / سعود) whose Latin word the corpus has,
whether the Arabic word found it.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tomllib
from pathlib import Path

from harness import corpus_in, index_home, record, record_option, row

NAMES = Path(__file__).resolve().parent / "judged" / "latin_names.toml"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, help="the unpacked benchmark articles (default: unpack the tarball)")
    ap.add_argument("--index-home", type=Path, help="keep the index here (reused when present)")
    ap.add_argument("--names", type=Path, default=NAMES,
                    help="the judged names (default bench/judged/latin_names.toml; the held-out set:"
                         " bench/judged/latin_names_heldout.toml)")
    ap.add_argument("--arabic", action="store_true", help="the other way: Arabic names read into Latin words")
    record_option(ap)
    args = ap.parse_args()
    names = tomllib.loads(args.names.read_text("utf-8"))["names"]

    from reader.core.library import Library
    from reader.index.files.corpus import make_roots

    with index_home(args.index_home, "bench-latin-") as home:
        lib = Library(make_roots([corpus_in(home, args.corpus)]), base=home / "index")
        lib.update()
        lib.find_entities()  # as the background pass would: the name index ranks the spellings
        if args.arabic:
            return arabic_names(lib, args)
        rows, seconds = [], []
        for latin, arabic, kind in names:
            arabic_ids = {h.id for h in lib.search(arabic, limit=None, snippets=0, latin=False, group=False).hits}
            start = time.perf_counter()
            found = lib.search(latin, limit=None, snippets=0, group=False)
            seconds.append(time.perf_counter() - start)
            latin_ids = {h.id for h in found.hits}
            both = len(arabic_ids & latin_ids)
            recall = both / len(arabic_ids) if arabic_ids else 0.0
            precision = both / len(latin_ids) if latin_ids else 0.0
            rows.append((kind, latin, arabic, recall, precision, len(arabic_ids), len(latin_ids), found.notice))

    print(f"{len(rows)} names; search with the reading back: median {statistics.median(seconds) * 1000:.0f} ms")
    print("| kind | names | recall | precision |\n|---|---|---|---|")
    figures = []
    for kind in ("person", "place", "org", "all"):
        part = [r for r in rows if kind in ("all", r[0])]
        rec, prec = statistics.mean(r[3] for r in part), statistics.mean(r[4] for r in part)
        print(f"| {kind} | {len(part)} | {rec * 100:.1f} | {prec * 100:.1f} |")
        figures += [row(f"{kind}: recall", round(rec * 100, 1), "%"), row(f"{kind}: precision", round(prec * 100, 1), "%")]
    print("\nbelow 0.9 (recall, precision, Arabic hits, Latin hits, what was searched):")
    for kind, latin, arabic, rec, prec, na, nl, notice in sorted(rows, key=lambda r: min(r[3], r[4])):
        if min(rec, prec) < 0.9:
            print(f"  {latin} / {arabic} [{kind}]: R {rec:.2f} P {prec:.2f} ({na}, {nl}) {notice}")
    if args.record:
        record("latin_names", args.record, figures, args.note)
    return 0


def arabic_names(lib, args) -> int:
    from reader.index.query import QueryError

    pairs, words = set(), set()
    for path in sorted(NAMES.parent.glob("latin_names*.toml")):
        for latin, arabic, _kind in tomllib.loads(path.read_text("utf-8"))["names"]:
            words.update(arabic.split())
            if len(latin.split()) == len(arabic.split()):
                pairs.update(zip(latin.lower().split(), arabic.split()))
    read: dict[str, str] = {}
    for word in sorted(words):
        try:
            notice = lib.search(word, limit=1, snippets=0).notice
        except QueryError:  # a stop word (bin, de)
            continue
        if " also as " in notice:
            read[word] = notice.split(" also as ")[1].split(";")[0]
    print(f"{len(words)} Arabic words of names; read into Latin words: {len(read)}")
    for word, latins in read.items():
        print(f"  {word}: {latins}")
    present = sorted((la, ar) for la, ar in pairs if len(la) > 3 and lib.search(la, limit=1, snippets=0, latin=False).total)
    found = [(la, ar) for la, ar in present if la in read.get(ar, "").split(" or ")]
    print(f"name word pairs whose Latin word the corpus writes: {len(present)}; found from the Arabic: {len(found)}")
    for la, ar in present:
        print(f"  {'found' if (la, ar) in found else 'missed'}: {ar} / {la}")
    if args.record:
        record("latin_names_arabic", args.record,
               [row("pairs found", len(found), f"of {len(present)}"), row("Arabic words read", len(read), "")], args.note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
