"""Benchmark: ranking of topic queries, judged by graded relevance, beside Lucene and Recoll.

Run from the repository root with the project's venv::

    python bench/bench_topics.py --index-home /tmp/q                 # score every system on the judged topics
    python bench/bench_topics.py --index-home /tmp/q --pool /tmp/p   # write the pools to judge (top 20 each)
    python bench/bench_topics.py --index-home /tmp/q --tune          # try the ranking's weights on the tuning half

The topics are bench/judged/topics.toml (queries as analysts type them, each
with the need a judge reads); the grades are bench/judged/topics_qrels.tsv
(0, 1, 2 per topic and article of the pool). Odd topics are the tuning half,
even ones the held-back half: weights are chosen on the first and the second
is what the figures stand on.

Measures, per half and system: nDCG@10 with gains 0/1/2 (an article not
judged counts 0; how many of them reached a top 10 is said, since a new
ranking can surface articles no pool held) and P@10, an article graded 1 or 2
being relevant. Systems on the same files in the same run: reader (the
installed package, in process, the query as typed), Lucene's ArabicAnalyzer
(the classic query parser, its default OR, BM25) and Recoll (recollq -s
arabic, its default AND).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import itertools
import json
import math
import statistics
import subprocess
import sys
import tomllib
from pathlib import Path

import anchors
from bench_search_quality import corpus_files, lucene_batch, recoll_queries
from harness import anchor, record, record_option, row

HERE = Path(__file__).resolve().parent
TOPICS = HERE / "judged" / "topics.toml"
QRELS = HERE / "judged" / "topics_qrels.tsv"
POOL_DEPTH = 20
CUTOFF = 10


def load_topics() -> list[dict]:
    return tomllib.loads(TOPICS.read_text("utf-8"))["topic"]


def load_qrels(path: Path = QRELS) -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = {}
    if not path.exists():
        return out
    for line in path.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            topic, name, grade = line.split("\t")
            out.setdefault(int(topic), {})[name] = int(grade)
    return out


def half(topic: dict) -> str:
    return "tune" if topic["id"] % 2 else "held"


# --- systems ----------------------------------------------------------------------------------


def reader_library(corpus: Path, home: Path):
    from reader.core.library import Library
    from reader.index.files.corpus import make_roots

    lib = Library(make_roots([corpus]), base=home / "topics-reader-index")
    lib.update()
    lib.find_entities()  # as the background pass would: names typed unquoted rank first (reused once found)
    return lib


def reader_top(lib, topics: list[dict], depth: int) -> dict[int, list[str]]:
    """Each topic's ranking as the user sees it: the matches, then the articles holding all the words but one."""
    out = {}
    for t in topics:
        r = lib.search(t["query"], limit=depth, snippets=0)
        out[t["id"]] = [Path(h.path).name for h in r.hits + r.also]
    return out


def anchor_tops(args, home: Path, corpus: Path, files: list[Path], topics: list[dict], depth: int,
                notes: list[str]) -> dict[str, dict[int, list[str]]]:
    qs = [{"id": t["id"], "query": t["query"]} for t in topics]
    out = {}
    if "lucene" not in args.skip:
        lucene = anchors.lucene(home)
        if isinstance(lucene, str):
            notes.append(lucene)
        else:
            dest = home / f"lucene-{len(files)}"
            if not dest.is_dir():
                listing = home / "lucene-files.lst"
                listing.write_text("\n".join(map(str, files)), "utf-8")
                lucene.build(listing, dest)
            got = lucene_batch(lucene, dest, home, qs, operator="OR")
            if isinstance(got, str):
                notes.append(got)
            else:
                out["lucene"] = {k: [Path(h).name for h in v["hits"][:depth]] for k, v in got.items()}
    if "recoll" not in args.skip:
        rec = anchors.recoll(corpus, home / f"recoll-{len(files)}")
        if isinstance(rec, str):
            notes.append(rec)
        else:
            if not (rec.conf / "xapiandb").is_dir():
                rec.build()
            got = recoll_queries(rec, qs)
            out["recoll"] = {k: [Path(h).name for h in v["hits"][:depth]] for k, v in got.items()}
    return out


# --- measures -----------------------------------------------------------------------------------


def ndcg(ranked: list[str], grades: dict[str, int], k: int = CUTOFF) -> float:
    dcg = sum((2 ** grades.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def precision(ranked: list[str], grades: dict[str, int], k: int = CUTOFF) -> float:
    return sum(grades.get(d, 0) > 0 for d in ranked[:k]) / k


def scores(tops: dict[int, list[str]], qrels, topics: list[dict]) -> dict:
    out = {}
    for name in ("tune", "held", "all"):
        ts = [t for t in topics if name in ("all", half(t)) and t["id"] in qrels]
        if not ts:
            continue
        out[name] = {
            "ndcg10": statistics.mean(ndcg(tops[t["id"]], qrels[t["id"]]) for t in ts),
            "p10": statistics.mean(precision(tops[t["id"]], qrels[t["id"]]) for t in ts),
            "unjudged": sum(d not in qrels[t["id"]] for t in ts for d in tops[t["id"]][:CUTOFF]),
            "topics": len(ts),
        }
    return out


# --- pools to judge -----------------------------------------------------------------------------------


def write_pool(out: Path, corpus: Path, topics: list[dict], tops: dict[str, dict[int, list[str]]],
               qrels: dict[int, dict[str, int]]) -> None:
    """One file a topic: its need and the pooled articles not yet graded, in an
    order that hides which system found them."""
    out.mkdir(parents=True, exist_ok=True)
    manifest = {}
    for line in (corpus.parent / f"{corpus.name}_manifest.tsv").read_text("utf-8").splitlines()[1:]:
        f = line.split("\t")
        manifest[f[0]] = (f[1], f[2][:10])
    for t in topics:
        pool = sorted({d for system in tops.values() for d in system[t["id"]]} - set(qrels.get(t["id"], {})),
                      key=lambda d: hashlib.sha1(f"{t['id']}{d}".encode()).hexdigest())
        lines = [f"# topic {t['id']}: {t['query']}", "", f"need: {t['need']}", ""]
        for d in pool:
            text = (corpus / d).read_text("utf-8", errors="replace").strip()
            title, _, body = text.partition("\n")
            outlet, day = manifest.get(d, ("?", "?"))
            lines += [f"## {d} ({outlet}, {day})", title.strip(), "", " ".join(body.split())[:900], ""]
        (out / f"topic-{t['id']:02d}.md").write_text("\n".join(lines), "utf-8")
    print(f"bench: pools of {len(topics)} topics in {out}")


# --- tuning ---------------------------------------------------------------------------------------------

KNOBS = {  # module, name, values tried
    "exact": ("reader.index.compiler", "EXACT_BOOST", (1.0, 2.0, 3.0)),
    "title": ("reader.index.compiler", "TITLE_BOOST", (1.0, 1.5, 2.5)),
    "k1": ("reader.index.engine.ranking", "K1", (0.9, 1.2, 1.6)),
    "b": ("reader.index.engine.ranking", "B", (0.5, 0.75, 0.9)),
}


@contextlib.contextmanager
def knobs(values: dict[str, float]):
    import importlib

    old = {}
    for key, value in values.items():
        module, name, _ = KNOBS[key]
        mod = importlib.import_module(module)
        old[key] = getattr(mod, name)
        setattr(mod, name, value)
    try:
        yield
    finally:
        for key, value in old.items():
            module, name, _ = KNOBS[key]
            setattr(importlib.import_module(module), name, value)


def tune(lib, topics: list[dict], qrels) -> list[tuple[float, dict]]:
    tuning = [t for t in topics if half(t) == "tune" and t["id"] in qrels]
    tried = []
    for combo in itertools.product(*(v for _m, _n, v in KNOBS.values())):
        values = dict(zip(KNOBS, combo))
        with knobs(values):
            got = scores(reader_top(lib, tuning, CUTOFF), qrels, tuning)["tune"]["ndcg10"]
        tried.append((got, values))
    tried.sort(key=lambda x: -x[0])
    return tried


def topic_rows(systems: dict) -> list[dict]:
    """reader's figures per half, Lucene's and Recoll's beside them."""
    rows = []
    for part, name in (("held", "held-back half"), ("tune", "tuning half")):
        for key, metric in (("ndcg10", "nDCG@10"), ("p10", "P@10")):
            beside = [anchor(s, round(f[part][key], 3), "") for s, f in systems.items() if s != "reader"]
            rows.append(row(f"{metric}, {name}", round(systems["reader"][part][key], 3), "", anchors=beside or None))
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", help="folder of the benchmark's .txt articles (default: /tmp/snn/saudinewsnet)")
    ap.add_argument("--index-home", type=Path, required=True, help="where the indexes are kept (reused)")
    ap.add_argument("--count", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--skip", action="append", default=[], choices=("lucene", "recoll"), help="leave an anchor out")
    ap.add_argument("--pool", type=Path, metavar="DIR", help="write the top 20 of each system, not yet graded, to judge")
    ap.add_argument("--tune", action="store_true", help="try the ranking's weights on the tuning half")
    ap.add_argument("--json", type=Path, help="write the figures here")
    record_option(ap)
    args = ap.parse_args()
    home = args.index_home
    home.mkdir(parents=True, exist_ok=True)
    corpus, files = corpus_files(args, home)
    topics, qrels = load_topics(), load_qrels()
    lib = reader_library(corpus, home)
    if args.tune:
        for got, values in tune(lib, topics, qrels)[:15]:
            print(f"{got:.4f}  {values}")
        return 0
    notes: list[str] = []
    depth = POOL_DEPTH if args.pool else CUTOFF
    tops = {"reader": reader_top(lib, topics, depth), **anchor_tops(args, home, corpus, files, topics, depth, notes)}
    for note in notes:
        print(f"bench: {note}", file=sys.stderr)
    if args.pool:
        write_pool(args.pool, corpus, topics, tops, qrels)
        return 0
    fig = {"topics": len(topics), "judged": len(qrels), "notes": notes,
           "systems": {s: scores(top, qrels, topics) for s, top in tops.items()},
           "top": {s: {str(k): v for k, v in top.items()} for s, top in tops.items()}}
    print("| system | nDCG@10 held-back | P@10 held-back | nDCG@10 tuning | P@10 tuning | unjudged in top 10 |")
    print("|---|---|---|---|---|---|")
    for s, f in fig["systems"].items():
        print(f"| {s} | {f['held']['ndcg10']:.3f} | {f['held']['p10']:.3f} | {f['tune']['ndcg10']:.3f} "
              f"| {f['tune']['p10']:.3f} | {f['all']['unjudged']} |")
    if args.json:
        args.json.write_text(json.dumps(fig, ensure_ascii=False, indent=1), "utf-8")
    if args.record:
        record("topics", args.record, topic_rows(fig["systems"]), args.note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
