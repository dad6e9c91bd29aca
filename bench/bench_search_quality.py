"""Benchmark: search quality on the benchmark corpus, against a judged query set.

Run from the repository root with the project's venv (the `reader` beside the
venv's python is what it runs)::

    python bench/bench_search_quality.py --corpus /tmp/snn/saudinewsnet --json quality.json
    python bench/bench_search_quality.py --count 3000          # a smoke run on the first 3,000 files
    python bench/bench_search_quality.py --index-home /tmp/q   # keep (and next time reuse) the indexes
    python bench/bench_search_quality.py --vocab M01            # review one rule against the vocabulary
    python bench/bench_search_quality.py --vocab all            # ... every rule

The judged set is bench/judged/queries.toml: for each query, as a user types
it into `reader search`, a rule that says which word forms an Arabic reader
accepts as the same word (see that file's header). A document is relevant to
a query when one of its tokens fully matches the rule (a phrase rule: a run of
consecutive tokens, one rule each). The rules are matched on a token-normalized
text, deliberately simpler than any search analyzer's:

  NFKC; harakat (U+064B-U+065F), the superscript alef (U+0670), Quranic marks
  and tatweel removed; أ إ آ ٱ -> ا; Farsi ی ک -> ي ك; Latin lower-cased.
  ى, ة, ؤ, ئ, ء stay as written (rules spell out [يى], [ةه], [ؤئ] where a
  reader accepts both). Tokens are runs of letters: anything else (digits,
  spaces, punctuation) splits.

For each system it reports, per query, category and overall (macro averages):
recall and precision of the whole result set against the relevant set, and
P@10: relevant documents among the first ten hits, over min(10, relevant)
so that a perfect ranking scores 1. A query with no hits has no precision
(left out of the precision average; its recall counts as 0).

Systems: reader (`reader --corpus DIR search QUERY -l` for every hit,
`--json --limit 10` for the top ten, each a whole process), and as anchors on
the same files, when installed, Lucene's ArabicAnalyzer (bench/anchors.py;
the query parser's default AND, one JVM for every query) and Recoll
(recollq -s arabic, every hit). A missing anchor is skipped with one line.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import anchors
from harness import anchor, record, record_option, row

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
QUERIES = HERE / "judged" / "queries.toml"
DEFAULT_CORPUS = Path("/tmp/snn/saudinewsnet")
TARBALL = REPO / "../shared/bench/saudinewsnet.tar.xz"
SYSTEMS = ("reader", "lucene", "recoll")

# --- normalization and tokens (the rules are written against these) -------------------

_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ی": "ي", "ک": "ك"})
_TOKEN = re.compile(r"[^\W\d_]+")


def normalize(text: str) -> str:
    return _MARKS.sub("", unicodedata.normalize("NFKC", text)).translate(_FOLD).lower()


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(normalize(text))


# --- the judged set ----------------------------------------------------------------------

# Shorthands a rule may use, expanded before compiling (--vocab prints the result).
MACROS = {
    # proclitics: conjunction و/ف, then a preposition ب/ك/ل or the article (ال, بال, كال, لل)
    "{P}": "(?:[وف]?(?:[بك]?ال|لل|[بكل])?)",
    # the same without the article (names that take none: سوريا, لبنان)
    "{p}": "(?:[وف]?[بكل]?)",
    # attached pronoun, optional
    "{S}": "(?:ه|ها|هما|هم|هن|ك|كما|كم|كن|ي|نا)?",
    # the same without ي, where a final ي would be a nisba adjective (انتخابي, مدني)
    "{s}": "(?:ه|ها|هما|هم|هن|ك|كما|كم|كن|نا)?",
    # ta marbuta endings of a singular: ة (or ه, a common misspelling), ت + pronoun,
    # the dual (تان, تين, construct تا, تي), with a pronoun after them
    "{T}": "(?:[ةه]|ت(?:ان|ين|ا|ي)?(?:ه|ها|هما|هم|هن|ك|كما|كم|كن|ي|نا)|تان|تين|تا|تي)",
}


def expand(rule: str) -> str:
    for k, v in MACROS.items():
        rule = rule.replace(k, v)
    return rule


class Rule:
    """Alternatives separated by ' || '; each a sequence of token regexes separated by spaces."""

    def __init__(self, text: str):
        self.text = text
        self.alternatives = [[re.compile(expand(part)) for part in alt.split()] for alt in text.split("||")]

    def single(self) -> list[re.Pattern]:
        return [alt[0] for alt in self.alternatives if len(alt) == 1]

    def phrases(self) -> list[list[re.Pattern]]:
        return [alt for alt in self.alternatives if len(alt) > 1]


def load_queries(path: Path = QUERIES) -> list[dict]:
    data = tomllib.loads(path.read_text("utf-8"))
    qs = data["query"]
    seen = set()
    for q in qs:
        for key in ("id", "category", "query", "rule"):
            if key not in q:
                sys.exit(f"{path}: a query lacks {key!r}: {q}")
        if q["id"] in seen:
            sys.exit(f"{path}: id {q['id']} twice")
        seen.add(q["id"])
        q["_rule"] = Rule(q["rule"])
        q["_trap"] = Rule(q["trap"]) if q.get("trap") else None
    return qs


# --- the corpus and the relevant sets ---------------------------------------------------


class Corpus:
    def __init__(self, files: list[Path]):
        self.files = files
        self.docs: list[list[str]] = []
        self.vocab: Counter = Counter()
        self.df: Counter = Counter()
        self.postings: dict[str, list[int]] = defaultdict(list)
        for i, f in enumerate(files):
            toks = tokens(f.read_text("utf-8", errors="replace"))
            self.docs.append(toks)
            self.vocab.update(toks)
            for t in set(toks):
                self.postings[t].append(i)
        for t, ids in self.postings.items():
            self.df[t] = len(ids)
        self._match_cache: dict[str, set[str]] = {}

    def types_matching(self, pattern: re.Pattern) -> set[str]:
        key = pattern.pattern
        if key not in self._match_cache:
            self._match_cache[key] = {t for t in self.vocab if pattern.fullmatch(t)}
        return self._match_cache[key]

    def relevant(self, rule: Rule) -> set[int]:
        found: set[int] = set()
        for p in rule.single():
            for t in self.types_matching(p):
                found.update(self.postings[t])
        for seq in rule.phrases():
            firsts = self.types_matching(seq[0])
            rest = [self.types_matching(p) for p in seq[1:]]
            candidates = set()
            for t in firsts:
                candidates.update(self.postings[t])
            for d in candidates - found:
                toks = self.docs[d]
                for i in range(len(toks) - len(seq) + 1):
                    if toks[i] in firsts and all(toks[i + 1 + k] in rest[k] for k in range(len(rest))):
                        found.add(d)
                        break
        return found

    def phrase_forms(self, seq: list[re.Pattern]) -> Counter:
        firsts = self.types_matching(seq[0])
        rest = [self.types_matching(p) for p in seq[1:]]
        out: Counter = Counter()
        for d in {d for t in firsts for d in self.postings[t]}:
            toks = self.docs[d]
            for i in range(len(toks) - len(seq) + 1):
                if toks[i] in firsts and all(toks[i + 1 + k] in rest[k] for k in range(len(rest))):
                    out[" ".join(toks[i:i + len(seq)])] += 1
        return out


def near_pattern(q: dict) -> re.Pattern:
    """Tokens sharing the query's core letters: its longest word (a spaced name joined),
    without the article, one common ending, and with any hamza seat."""
    if q.get("near"):
        return re.compile(q["near"])
    words = [w for w in tokens(q["query"]) if len(w) > 2]
    joined = "".join(tokens(q["query"]))
    core = joined if len(words) > 1 and q["category"] == "name" else max(words or [joined], key=len)
    core = re.sub("^(ال|لل)", "", core)
    core = re.sub("(ين|ون|ات|ة|ه|ى|ي|ا)$", "", core) if len(core) > 4 else re.sub("[ةهى]$", "", core)
    return re.compile(re.sub("[ؤئءأ]", "[ؤئءا]?", re.escape(core)))


def review(corpus: Corpus, q: dict, top: int) -> str:
    """The forms a rule accepts, with counts, and the near-misses it does not."""
    rule = q["_rule"]
    lines = [f"## {q['id']} [{q['category']}] {q['query']}", f"rule: {q['rule']}"]
    accepted: Counter = Counter()
    for p in rule.single():
        for t in corpus.types_matching(p):
            accepted[t] = corpus.vocab[t]
    for seq in rule.phrases():
        accepted.update(corpus.phrase_forms(seq))
    rel = corpus.relevant(rule)
    lines.append(f"relevant documents: {len(rel)}; accepted forms: {len(accepted)}")
    lines.append("  " + "  ".join(f"{t}:{n}" for t, n in accepted.most_common(top)))
    near = near_pattern(q)
    singles = set().union(*[corpus.types_matching(p) for p in rule.single()]) if rule.single() else set()
    phrase_heads = set().union(*[corpus.types_matching(s[0]) for s in rule.phrases()]) if rule.phrases() else set()
    misses = Counter({t: n for t, n in corpus.vocab.items()
                      if near.search(t) and t not in singles and t not in phrase_heads})
    lines.append(f"near-misses (/{near.pattern}/, not accepted): {len(misses)}")
    lines.append("  " + "  ".join(f"{t}:{n}" for t, n in misses.most_common(top)))
    if q.get("_trap"):
        trap = corpus.relevant(q["_trap"])
        lines.append(f"trap documents (the other sense, /{q['trap']}/): {len(trap)}, of which without the rule: {len(trap - rel)}")
    return "\n".join(lines)


# --- the systems ---------------------------------------------------------------------------


def say(line: str) -> None:
    print(f"bench: {line}", file=sys.stderr, flush=True)


def run_reader(reader: str, corpus: Path, env: dict, qs: list[dict]) -> dict:
    out = {}
    for q in qs:
        t = time.perf_counter()
        r = subprocess.run([reader, "--corpus", str(corpus), "search", "-l", q["query"]],
                           env=env, capture_output=True, text=True)
        if r.returncode > 1:
            sys.exit(f"bench: reader search -l {q['query']!r} failed ({r.returncode}): {r.stderr.strip()[:300]}")
        hits = [line for line in r.stdout.splitlines() if line.strip()]
        r10 = subprocess.run([reader, "--corpus", str(corpus), "search", "--json", "--limit", "10", q["query"]],
                             env=env, capture_output=True, text=True)
        if r10.returncode > 1:
            sys.exit(f"bench: reader search --json {q['query']!r} failed: {r10.stderr.strip()[:300]}")
        top = [h["path"] for h in json.loads(r10.stdout)["hits"]] if r10.stdout.strip() else []
        out[q["id"]] = {"hits": hits, "top": top, "seconds": time.perf_counter() - t}
    return out


def lucene_batch(lucene, index: Path, work: Path, qs: list[dict], operator: str = "AND") -> dict | str:
    classes = work / "lucene-quality-classes"
    classes.mkdir(exist_ok=True)
    r = subprocess.run(["javac", "-cp", lucene.classpath, "-d", str(classes), str(HERE / "judged" / "LuceneQueries.java")],
                       capture_output=True, text=True)
    if r.returncode:
        return f"Lucene skipped: javac failed: {r.stderr.strip()[:200]}"
    listing = work / "lucene-queries.txt"
    listing.write_text("\n".join(q["query"] for q in qs) + "\n", "utf-8")
    r = subprocess.run(["java", "-cp", f"{lucene.classpath}:{classes}", "LuceneQueries", str(index), str(listing), operator],
                       capture_output=True, text=True)
    if r.returncode:
        return f"Lucene skipped: its queries failed: {r.stderr.strip()[:300]}"
    out = {}
    for q, line in zip(qs, r.stdout.splitlines()):
        got = json.loads(line)
        out[q["id"]] = {"hits": got["hits"], "top": got["hits"][:10], "error": got.get("error")}
    return out


def recoll_queries(rec, qs: list[dict]) -> dict:
    out = {}
    for q in qs:
        cmd = rec.query_cmd(q["query"])
        cmd[-1:-1] = ["-n", "0"]  # every hit (else at most 2,000); before the query, or it joins it
        r = subprocess.run(cmd, capture_output=True, text=True)
        hits = [line.strip()[len("file://"):] for line in r.stdout.splitlines() if line.startswith("file://")]
        out[q["id"]] = {"hits": hits, "top": hits[:10]}
    return out


# --- scoring ---------------------------------------------------------------------------------


def score(results: dict, relevant: dict[str, set[str]], qs: list[dict], traps: dict[str, set[str]]) -> dict:
    per = {}
    for q in qs:
        rel = relevant[q["id"]]
        trap = traps.get(q["id"], set()) - rel
        res = results.get(q["id"])
        if res is None:
            continue
        hits = {os.path.basename(h) for h in res["hits"]}
        top = [os.path.basename(h) for h in res["top"]]
        good = len(hits & rel)
        per[q["id"]] = {
            "relevant": len(rel), "hits": len(hits), "found": good,
            "recall": good / len(rel) if rel else None,
            "precision": good / len(hits) if hits else None,
            "p10": sum(h in rel for h in top[:10]) / min(10, len(rel)) if rel else None,
        }
        if q["_trap"] is not None:  # wrong hits that hold the other sense (and not the word)
            per[q["id"]]["trap_hits"] = len(hits & trap)
            per[q["id"]]["trap_top10"] = sum(h in trap for h in top[:10])
    return per


def mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.fmean(values) if values else None


def summarize(per: dict, qs: list[dict]) -> dict:
    cats = defaultdict(list)
    for q in qs:
        if q["id"] in per:
            cats[q["category"]].append(per[q["id"]])
            cats["all"].append(per[q["id"]])
    return {c: {"queries": len(rows), **{m: mean(r[m] for r in rows) for m in ("recall", "precision", "p10")}}
            for c, rows in cats.items()}


def pct(v) -> str:
    return "–" if v is None else f"{100 * v:.1f}"


def table(fig: dict, qs: list[dict]) -> str:
    systems = [s for s in SYSTEMS if s in fig["summary"]]
    cats = list(dict.fromkeys(q["category"] for q in qs)) + ["all"]
    head = "| category | queries | " + " | ".join(f"{s} R | {s} P | {s} P@10" for s in systems) + " |"
    lines = [head, "|" + "---|" * (2 + 3 * len(systems))]
    for c in cats:
        row = [f"**{c}**" if c == "all" else c, str(fig["summary"][systems[0]][c]["queries"])]
        for s in systems:
            m = fig["summary"][s][c]
            row += [pct(m["recall"]), pct(m["precision"]), pct(m["p10"])]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def per_query_table(fig: dict, qs: list[dict]) -> str:
    systems = [s for s in SYSTEMS if s in fig["per_query"]]
    head = "| id | category | query | relevant | " + " | ".join(f"{s} hits | R | P | P@10" for s in systems) + " |"
    lines = [head, "|" + "---|" * (4 + 4 * len(systems))]
    for q in qs:
        row = [q["id"], q["category"], q["query"], str(fig["relevant"][q["id"]])]
        for s in systems:
            m = fig["per_query"][s].get(q["id"])
            row += ["–"] * 4 if m is None else [str(m["hits"]), pct(m["recall"]), pct(m["precision"]), pct(m["p10"])]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def worst(fig: dict, qs: list[dict], n: int = 12) -> list[dict]:
    """reader's worst queries: by F1 of the whole set (a query with no hits has F1 0)."""
    rows = []
    for q in qs:
        m = fig["per_query"]["reader"][q["id"]]
        r, p = m["recall"] or 0.0, m["precision"] or 0.0
        f1 = 2 * r * p / (r + p) if r + p else 0.0
        rows.append({"id": q["id"], "category": q["category"], "query": q["query"], "f1": f1, **m})
    return sorted(rows, key=lambda x: x["f1"])[:n]


# --- the run -----------------------------------------------------------------------------------


def xdg_env(home: Path) -> dict:
    env = dict(os.environ)
    for var, sub in (("XDG_CACHE_HOME", "cache"), ("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                     ("XDG_STATE_HOME", "state")):
        env[var] = str(home / "xdg" / sub)
        Path(env[var]).mkdir(parents=True, exist_ok=True)
    env.pop("READER_CORPUS", None)
    env["READER_BACKGROUND"] = "0"  # no entity pass behind the first search
    env["PYTHONWARNINGS"] = "ignore"
    return env


def corpus_files(args, home: Path) -> tuple[Path, list[Path]]:
    corpus = Path(args.corpus).resolve() if args.corpus else DEFAULT_CORPUS
    if not corpus.is_dir():
        say(f"unpacking {TARBALL.resolve()} …")
        subprocess.run(["tar", "-xJf", str(TARBALL), "-C", str(home)], check=True)
        corpus = home / "saudinewsnet"
    files = sorted(corpus.glob("*.txt"))
    if args.count and args.count < len(files):
        sub = home / f"subset-{args.count}"
        if not sub.is_dir():
            sub.mkdir(parents=True)
            for f in files[:args.count]:
                os.link(f, sub / f.name)
        corpus, files = sub, sorted(sub.glob("*.txt"))
    return corpus, files


def git_state() -> dict:
    def git(*a):
        return subprocess.run(["git", "-C", str(REPO), *a], capture_output=True, text=True).stdout.strip()
    return {"commit": git("rev-parse", "--short", "HEAD"),
            "dirty": sorted(line[3:] for line in git("status", "--porcelain", "--", "index", "reader").splitlines())}


def run(args, home: Path, qs: list[dict]) -> dict:
    env = xdg_env(home)
    corpus, files = corpus_files(args, home)
    reader = shutil.which("reader", path=str(Path(sys.executable).parent))
    if reader is None:
        sys.exit("bench: no `reader` beside this python: pip install -e . first")
    fig: dict = {"files": len(files), "queries": len(qs), "git": git_state(), "notes": [], "seconds": {}}
    say(f"reading {len(files)} files for the rules …")
    t = time.perf_counter()
    judged = Corpus(files)
    relevant = {}
    for q in qs:
        relevant[q["id"]] = {files[i].name for i in judged.relevant(q["_rule"])}
    traps = {q["id"]: {files[i].name for i in judged.relevant(q["_trap"])} for q in qs if q["_trap"]}
    fig["relevant"] = {k: len(v) for k, v in relevant.items()}
    fig["seconds"]["rules"] = time.perf_counter() - t
    results = {}

    # reader: the first search of a corpus builds its text index; with READER_BACKGROUND=0 no
    # entity pass follows (the judged queries use no entity fields). Reused with --index-home.
    t = time.perf_counter()
    r = subprocess.run([reader, "--corpus", str(corpus), "search", "-l", "السعودية"], env=env,
                       capture_output=True, text=True)
    if r.returncode > 1:
        sys.exit(f"bench: reader's first search (the index build) failed: {r.stderr.strip()[-500:]}")
    fig["seconds"]["reader_index"] = time.perf_counter() - t
    say(f"reader index: {fig['seconds']['reader_index']:.1f} s; {len(qs)} queries …")
    t = time.perf_counter()
    results["reader"] = run_reader(reader, corpus, env, qs)
    fig["seconds"]["reader_queries"] = time.perf_counter() - t

    if "lucene" not in args.skip:
        lucene = anchors.lucene(home)
        if isinstance(lucene, str):
            fig["notes"].append(lucene)
        else:
            dest = home / f"lucene-{len(files)}"
            if not dest.is_dir():
                listing = home / "lucene-files.lst"
                listing.write_text("\n".join(map(str, files)), "utf-8")
                say("Lucene index …")
                fig["lucene_build"] = lucene.build(listing, dest)
            t = time.perf_counter()
            got = lucene_batch(lucene, dest, home, qs)
            fig["seconds"]["lucene_queries"] = time.perf_counter() - t
            if isinstance(got, str):
                fig["notes"].append(got)
            else:
                results["lucene"] = got
    if "recoll" not in args.skip:
        rec = anchors.recoll(corpus, home / f"recoll-{len(files)}")
        if isinstance(rec, str):
            fig["notes"].append(rec)
        else:
            if not (rec.conf / "xapiandb").is_dir():
                say("Recoll index (a few minutes on the whole corpus) …")
                fig["recoll_build"] = rec.build()
            t = time.perf_counter()
            results["recoll"] = recoll_queries(rec, qs)
            fig["seconds"]["recoll_queries"] = time.perf_counter() - t
    for note in fig["notes"]:
        say(note)

    fig["per_query"] = {s: score(res, relevant, qs, traps) for s, res in results.items()}
    fig["summary"] = {s: summarize(per, qs) for s, per in fig["per_query"].items()}
    fig["worst"] = worst(fig, qs)
    fig["top"] = {s: {k: [os.path.basename(h) for h in v["top"]] for k, v in res.items()} for s, res in results.items()}
    return fig


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", metavar="DIR", help=f"folder of .txt articles (default {DEFAULT_CORPUS}, else unpack the shared tarball)")
    ap.add_argument("--count", type=int, metavar="N", help="only the first N files (a smoke run: --count 3000)")
    ap.add_argument("--queries", metavar="FILE", default=str(QUERIES), help="the judged set (default bench/judged/queries.toml)")
    ap.add_argument("--only", metavar="IDS", help="only these query ids (comma-separated) or categories")
    ap.add_argument("--index-home", metavar="DIR", help="build the indexes here and keep them; reused when present")
    ap.add_argument("--skip", action="append", default=[], choices=["lucene", "recoll"], help="leave out an anchor")
    ap.add_argument("--vocab", metavar="ID", help="review a rule (or 'all') against the corpus vocabulary, and stop")
    ap.add_argument("--top", type=int, default=40, help="forms shown per list with --vocab (default 40)")
    ap.add_argument("--per-query", action="store_true", help="print the per-query table too")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    record_option(ap)
    args = ap.parse_args()
    qs = load_queries(Path(args.queries))
    if args.only:
        want = set(args.only.split(","))
        qs = [q for q in qs if q["id"] in want or q["category"] in want]
    if args.vocab:
        home = Path(args.index_home or tempfile.mkdtemp(prefix="reader-quality-"))
        _corpus, files = corpus_files(args, home)
        judged = Corpus(files)
        for q in qs:
            if args.vocab in ("all", q["id"]):
                print(review(judged, q, args.top), end="\n\n")
        return 0
    if args.index_home:
        home = Path(args.index_home).resolve()
        home.mkdir(parents=True, exist_ok=True)
    else:
        home = Path(tempfile.mkdtemp(prefix="reader-quality-"))
    started = time.perf_counter()
    try:
        fig = run(args, home, qs)
    finally:
        if not args.index_home:
            shutil.rmtree(home, ignore_errors=True)
    fig["seconds"]["total"] = time.perf_counter() - started
    print(f"{fig['files']} files, {fig['queries']} queries; reader at {fig['git']['commit']}"
          + (f" (uncommitted changes in {', '.join(fig['git']['dirty'])})" if fig["git"]["dirty"] else ""))
    for note in fig["notes"]:
        print(note)
    print(table(fig, qs))
    if args.per_query:
        print()
        print(per_query_table(fig, qs))
    print("\nreader's worst queries (F1 of the whole result set):")
    for w in fig["worst"]:
        trap = f", {w['trap_hits']} hits of the other sense" if "trap_hits" in w else ""
        print(f"  {w['id']} [{w['category']}] {w['query']}: relevant {w['relevant']}, hits {w['hits']}, "
              f"R {pct(w['recall'])}, P {pct(w['precision'])}, P@10 {pct(w['p10'])}{trap}")
    print("seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in fig["seconds"].items()))
    if args.json:
        Path(args.json).write_text(json.dumps(fig, ensure_ascii=False, indent=1), "utf-8")
    if args.record:
        record("search_quality", args.record, quality_rows(fig), args.note)
    return 0


def quality_rows(fig: dict) -> list[dict]:
    """reader's macro averages per category as bench/runs/search_quality.json keeps them, the anchors beside."""
    names = {"lucene": "Lucene", "recoll": "Recoll"}
    ours = fig["summary"]["reader"]
    share = lambda v: None if v is None else round(100 * v, 1)  # noqa: E731 - as pct() prints them
    rows = []
    for category, m in ours.items():
        rows.append(row("queries", m["queries"], "queries", case=category))
        for key, metric in (("recall", "recall"), ("precision", "precision"), ("p10", "P@10")):
            beside = [anchor(names[s], share(fig["summary"][s][category][key]), "%") for s in names
                      if s in fig["summary"] and fig["summary"][s][category][key] is not None]
            rows.append(row(metric, share(m[key]), "%", case=category, anchors=beside or None))
    return rows


if __name__ == "__main__":
    sys.exit(main())
