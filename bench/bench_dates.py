"""Benchmark: the publication days read from the articles' own text.

Run from the repository root::

    python bench/bench_dates.py                      # unpacks ../shared/bench/saudinewsnet.tar.xz
    python bench/bench_dates.py --corpus /tmp/snn/saudinewsnet

Every benchmark article's text goes through index.files.dates.date_in_text, the
day its dateline gives, and that day is checked against the manifest's
`date_extracted`, the crawl time (the publication day within a day or two):

* coverage: the share of articles the text dates at all (most articles of
  the benchmark carry no dateline: their day must come from elsewhere);
* right: of those, the share within --days (3) of the manifest's day;
* SPA: the Saudi Press Agency's datelines (“الرياض 25 شوال 1436 هـ الموافق
  10 أغسطس 2015 م واس”), found by a pattern of their own here, and how
  many of them are dated.

Goal (issue 27): >= 99.5% right, every SPA line dated. The days that are
wrong are listed with the start of their text. CPU seconds for the whole
pass are printed too (reading the files included).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import re
import sys
import time
from pathlib import Path

from harness import corpus_in, index_home, record, record_option, row

SPA_LINE = re.compile(r"[^\n]{0,60}\d{4}\s*م?\s*\(?واس\)?")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, help="the unpacked benchmark folder (its manifest beside it)")
    ap.add_argument("--days", type=int, default=3, help="how far from the manifest's day a day still counts right")
    ap.add_argument("--show", type=int, default=10, help="wrong days to list")
    record_option(ap)
    args = ap.parse_args()
    from reader.index.files import dates

    with index_home(None, "reader-bench-dates-") as home:
        corpus = corpus_in(home, args.corpus)
        manifest = corpus.parent / "saudinewsnet_manifest.tsv"
        with open(manifest, encoding="utf-8", newline="") as f:
            articles = list(csv.DictReader(f, delimiter="\t"))
        started = time.process_time()
        dated = right = spa = spa_dated = 0
        wrong = []
        for entry in articles:
            text = (corpus / entry["file"]).read_text("utf-8")
            day = dates.date_in_text(text)
            truth = datetime.date.fromisoformat(entry["date_extracted"][:10])
            line = SPA_LINE.search(text[:600])
            is_spa = bool(line and "الموافق" in line.group(0))
            spa += is_spa
            if not day:
                continue
            dated += 1
            spa_dated += is_spa
            found = datetime.date(day // 10000, day // 100 % 100, day % 100)
            if abs((found - truth).days) <= args.days:
                right += 1
            else:
                wrong.append((entry["file"], found, truth, " ".join(text[:120].split())))
        cpu = time.process_time() - started
    print(f"publication days from the text — {len(articles):,} benchmark articles against the manifest's day")
    print(f"  coverage: dated by their text   {dated:,} ({dated / len(articles):.1%})")
    print(f"  right: within {args.days} days           {right:,} of {dated:,} ({right / max(1, dated):.2%})"
          f"   goal >= 99.5%: {'met' if right >= 0.995 * dated else 'NOT met'}")
    print(f"  SPA datelines dated             {spa_dated:,} of {spa:,}")
    print(f"  CPU seconds, files read included {cpu:.1f}")
    for name, found, truth, start in wrong[: args.show]:
        print(f"  wrong: {name} {found} (manifest {truth}): {start}")
    if args.record:
        record("dates", args.record, [
            row("dated by their text", dated, "articles", note=f"{dated / len(articles):.1%} of {len(articles):,}"),
            row(f"right: within {args.days} days of the manifest", round(100 * right / max(1, dated), 2), "%",
                goal=">= 99.5%", met=right >= 0.995 * dated),
            row("SPA datelines dated", spa_dated, "articles", note=f"of {spa:,}"),
            row("CPU, the files read included", round(cpu, 1), "s")], args.note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
