"""Benchmark: a quoted phrase against the same words unquoted, on the benchmark corpus.

Run from the repository root with the project's venv::

    python bench/bench_phrases.py --corpus /tmp/snn/saudinewsnet [--index-home DIR] [--record LABEL]

For common phrases of Saudi news, the share of the first ten hits whose
title holds the phrase (normalized), quoted and unquoted: a headline that
names the phrase is what a reader who quotes it wants first, and quoting
must never rank worse than not quoting.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from harness import corpus_in, index_home, record, record_option, row

PHRASES = ["مجلس الأمن", "عاصفة الحزم", "ولي العهد", "الأمم المتحدة", "خادم الحرمين الشريفين", "أسعار النفط",
           "الدولة الإسلامية", "وزارة الصحة"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, help="the unpacked benchmark articles (default: unpack the tarball)")
    ap.add_argument("--index-home", type=Path, help="keep the index here (reused when present)")
    record_option(ap)
    args = ap.parse_args()

    from reader.core.library import Library
    from reader.index.files.corpus import make_roots
    from reader.index.language.arabic import normalize

    def norm(text: str) -> str:
        return " ".join(normalize(w) for w in text.split())

    with index_home(args.index_home, "bench-phrases-") as home:
        lib = Library(make_roots([corpus_in(home, args.corpus)]), base=home / "index")
        lib.update()
        print("| phrase | quoted: titles with it in the top 10 | unquoted |\n|---|---|---|")
        totals = {"quoted": 0, "unquoted": 0}
        for phrase in PHRASES:
            counts = {}
            for how, query in (("quoted", f'"{phrase}"'), ("unquoted", phrase)):
                hits = lib.search(query, limit=10, snippets=0).hits
                counts[how] = sum(norm(phrase) in norm(h.title) for h in hits)
                totals[how] += counts[how]
            print(f"| {phrase} | {counts['quoted']} | {counts['unquoted']} |")
    n = 10 * len(PHRASES)
    print(f"| **all** | {totals['quoted']} of {n} | {totals['unquoted']} of {n} |")
    if args.record:
        record("phrases", args.record, [row("titles with the phrase, top 10, quoted", totals["quoted"], f"of {n}"),
                                        row("titles with the phrase, top 10, unquoted", totals["unquoted"], f"of {n}")],
               args.note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
