"""Benchmark: build and search our index of SaudiNewsNet against plain anchors.

Run from the repository root (with the project's venv)::

    python bench/bench_index.py                       # unpacks ../shared/bench/saudinewsnet.tar.xz
    python bench/bench_index.py --corpus /tmp/snn/saudinewsnet --limit 2000 --repeat 3
    python bench/bench_index.py --corpus DIR --json figures.json

It measures, each beside an anchor and the ratio ours/anchor:

* the full build (``IndexStore(...).update()``) in a fresh child process:
  documents, seconds, documents/s, MB/s of .txt input, index size, and peak
  RSS, which is the largest single process (ru_maxrss of the child and of
  every worker it waited for, not their sum). Anchor: a one-process plain
  Whoosh index (StandardAnalyzer) of the same files;
* in-process query latency over 20 Arabic queries (``index.search.search``
  vs. QueryParser + searcher.search + stored fields of the 10 hits; both
  timings include parsing and opening a searcher, as ours does);
* whole-process ``reader search`` time vs. ``rg -c`` and vs. a python process
  that opens the plain Whoosh index and runs one query.

Everything it writes (corpus copy, indexes, XDG cache/data/config) lives in
one temporary folder removed at the end; the user's real cache is never used.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARBALL = REPO / "../shared/bench/saudinewsnet.tar.xz"

QUERIES = [
    "السعودية", "الرياض", "النفط", "اليمن", "التعليم",  # single common words
    "الحوثيين", "كاميرون", "بيرمنغهام",  # rarer words and names, the last rare
    "الملك سلمان", "وزارة الصحة", "داعش سوريا", "الاتفاق النووي",  # two-word AND
    "المملكة العربية السعودية",  # three common words
    '"ولي العهد"', "داعش OR القاعدة", "الإرهاب NOT داعش", "اقتصاد*",  # phrase, OR, NOT, prefix
    "السُّعُودِيَّة", "الريـــاض", "٢٠١٥",  # harakat, tatweel, Arabic-Indic digits
]
CLI_QUERIES = ["السعودية", "النفط", "بيرمنغهام", "الملك سلمان", '"ولي العهد"']
RG_WORDS = [q for q in CLI_QUERIES if " " not in q]
GOALS = {"build_s": 60.0, "inproc_p50_ms": 30.0, "cli_median_ms": 250.0, "peak_mb": 1024.0}

OUR_BUILD = """
import json, sys, time
from pathlib import Path
from reader.index.corpus import make_roots
from reader.index.store import IndexStore
store = IndexStore(make_roots([Path(sys.argv[1])]))  # base=None: the CLI's cache location
t = time.perf_counter()
rep = store.update()
print(json.dumps({"docs": rep.indexed, "skipped": len(rep.skipped),
                  "seconds": time.perf_counter() - t, "dir": str(store.current.resolve())}))
"""

PLAIN_BUILD = """
import json, os, sys, time
from whoosh import fields, index
from whoosh.analysis import StandardAnalyzer
root, dest, listing = sys.argv[1:4]
paths = open(listing, encoding="utf-8").read().splitlines()
t = time.perf_counter()
schema = fields.Schema(id=fields.ID(stored=True, unique=True),
                       title=fields.TEXT(stored=True, analyzer=StandardAnalyzer()),
                       body=fields.TEXT(analyzer=StandardAnalyzer(), phrase=True),
                       text=fields.STORED)
os.makedirs(dest)
ix = index.create_in(dest, schema)
w = ix.writer(limitmb=256)
for p in paths:
    with open(p, encoding="utf-8", errors="replace") as f:
        text = f.read()
    w.add_document(id=os.path.relpath(p, root), title=text.split("\\n", 1)[0].strip(), body=text, text=text)
w.commit()
print(json.dumps({"docs": ix.doc_count(), "skipped": 0, "seconds": time.perf_counter() - t, "dir": dest}))
"""

PLAIN_QUERY = """
import sys
from whoosh import index
from whoosh.qparser import QueryParser
ix = index.open_dir(sys.argv[1])
with ix.searcher() as s:
    hits = s.search(QueryParser("body", ix.schema).parse(sys.argv[2]), limit=10)
    [h.fields() for h in hits]
"""


def pct(xs: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    xs = sorted(xs)
    return xs[max(0, math.ceil(q * len(xs)) - 1)]


def dir_mb(path: str) -> float:
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file()) / 1e6


def build_child(code: str, args: list[str], env: dict, input_mb: float) -> dict:
    """Run a build in a fresh python; its figures plus peak RSS via wait4."""
    started = time.perf_counter()
    p = subprocess.Popen([sys.executable, "-c", code, *args], env=env, stdout=subprocess.PIPE, text=True)
    out = p.stdout.read()
    _pid, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode:
        sys.exit(f"bench: build failed (exit {p.returncode}): {' '.join(args)}")
    r = json.loads(out.strip().splitlines()[-1])
    r["process_seconds"] = time.perf_counter() - started
    r["docs_per_s"] = r["docs"] / r["seconds"]
    r["mb_per_s"] = input_mb / r["seconds"]
    r["size_mb"] = dir_mb(r["dir"])
    r["peak_mb"] = usage.ru_maxrss / 1024  # KiB on Linux
    return r


def time_calls(fn, queries: list[str], repeat: int) -> dict[str, list[float]]:
    for q in queries:  # warm-up: one pass over every query
        fn(q)
    out: dict[str, list[float]] = {q: [] for q in queries}
    for _ in range(repeat):
        for q in queries:
            t = time.perf_counter()
            fn(q)
            out[q].append((time.perf_counter() - t) * 1000)
    return out


def time_process(cmd: list[str], env: dict) -> float:
    t = time.perf_counter()
    rc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    ms = (time.perf_counter() - t) * 1000
    if rc > 1:  # 0 found, 1 nothing found (reader and rg alike)
        sys.exit(f"bench: {' '.join(cmd)} failed with exit code {rc}")
    return ms


def summary(timings: dict[str, list[float]]) -> dict:
    flat = [x for xs in timings.values() for x in xs]
    return {"median": statistics.median(flat), "p50": pct(flat, 0.5), "p95": pct(flat, 0.95),
            "per_query": {q: statistics.median(xs) for q, xs in timings.items()}}


def prepare_corpus(args, work: Path) -> tuple[Path, list[Path]]:
    if args.corpus:
        corpus = Path(args.corpus).resolve()
    else:
        print(f"bench: unpacking {TARBALL.resolve()} …", file=sys.stderr)
        subprocess.run(["tar", "-xJf", str(TARBALL), "-C", str(work)], check=True)
        corpus = work / "saudinewsnet"
    files = sorted(p for p in corpus.rglob("*.txt") if not any(s.startswith(".") for s in p.relative_to(corpus).parts))
    if args.limit and args.limit < len(files):
        small = work / "limited" / corpus.name
        small.mkdir(parents=True)
        for f in files[: args.limit]:
            shutil.copy2(f, small / f.name)
        corpus, files = small, sorted(small.glob("*.txt"))
    return corpus, files


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", metavar="DIR", help="folder of .txt articles (default: unpack the shared tarball)")
    ap.add_argument("--limit", type=int, metavar="N", help="index only the first N files")
    ap.add_argument("--repeat", type=int, default=5, metavar="K", help="timing repetitions (default 5)")
    ap.add_argument("--skip-plain", action="store_true", help="skip the plain Whoosh anchor")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reader-bench-"))
    for var, sub in (("XDG_CACHE_HOME", "cache"), ("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config")):
        os.environ[var] = str(work / "xdg" / sub)  # this process too: store.open() finds the same cache
    os.environ.pop("READER_CORPUS", None)
    os.environ["PYTHONWARNINGS"] = "ignore"
    env = dict(os.environ)
    try:
        figures = run(args, work, env)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(report(figures))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, ensure_ascii=False, indent=1), "utf-8")
    return 0


def run(args, work: Path, env: dict) -> dict:
    corpus, files = prepare_corpus(args, work)
    input_mb = sum(f.stat().st_size for f in files) / 1e6
    fig: dict = {"corpus": str(corpus), "files": len(files), "input_mb": input_mb, "limited": bool(args.limit),
                 "repeat": args.repeat, "cores": os.cpu_count(), "anchor": {},
                 "code": str(Path(importlib.util.find_spec("index").origin).parent.parent)}
    print(f"bench: building our index of {len(files)} files …", file=sys.stderr)
    fig["build"] = build_child(OUR_BUILD, [str(corpus)], env, input_mb)
    plain_dir = str(work / "plain")
    if not args.skip_plain:
        print("bench: building the plain Whoosh anchor …", file=sys.stderr)
        listing = work / "files.lst"
        listing.write_text("\n".join(map(str, files)), "utf-8")
        fig["anchor"]["build"] = build_child(PLAIN_BUILD, [str(corpus), plain_dir, str(listing)], env, input_mb)

    print("bench: in-process queries …", file=sys.stderr)
    from reader.index.corpus import make_roots
    from reader.index.search import search
    from reader.index.store import IndexStore

    ix = IndexStore(make_roots([corpus])).open()
    fig["hits"] = {q: search(ix, q, limit=10).total for q in QUERIES}
    fig["inproc"] = summary(time_calls(lambda q: search(ix, q, limit=10), QUERIES, args.repeat))
    ix.close()
    if not args.skip_plain:
        from whoosh import index as windex
        from whoosh.qparser import QueryParser

        pix = windex.open_dir(plain_dir)
        parser = QueryParser("body", pix.schema)

        def plain(q: str) -> int:
            with pix.searcher() as s:
                hits = s.search(parser.parse(q), limit=10)
                [h.fields() for h in hits]
                return len(hits)

        fig["anchor"]["hits"] = {q: plain(q) for q in QUERIES}
        fig["anchor"]["inproc"] = summary(time_calls(plain, QUERIES, args.repeat))
        pix.close()

    print("bench: whole-process runs …", file=sys.stderr)
    reader = shutil.which("reader", path=str(Path(sys.executable).parent)) or shutil.which("reader")
    cli = {q: [time_process([reader, "search", q, "--corpus", str(corpus)], env) for _ in range(args.repeat)]
           for q in CLI_QUERIES}
    fig["cli"] = summary(cli)
    fig["python_startup_ms"] = statistics.median(
        time_process([sys.executable, "-c", "pass"], env) for _ in range(args.repeat))
    if not args.skip_plain:
        py = {q: [time_process([sys.executable, "-c", PLAIN_QUERY, plain_dir, q], env) for _ in range(args.repeat)]
              for q in CLI_QUERIES}
        fig["anchor"]["python_query"] = summary(py)
    if shutil.which("rg"):
        rg = {w: [time_process(["rg", "-c", w, str(corpus)], env) for _ in range(args.repeat)] for w in RG_WORDS}
        fig["anchor"]["rg"] = summary(rg)
    else:
        fig["anchor"]["rg_note"] = "rg not installed (apt-get install -y ripgrep)"
    return fig


def report(f: dict) -> str:
    a, b, ab = f["anchor"], f["build"], f["anchor"].get("build")
    lines = [f"reader index benchmark — {f['files']} files, {f['input_mb']:.1f} MB of .txt"
             + (" (LIMITED run)" if f["limited"] else "") + f"; {f['cores']} cores; {f['repeat']} repeats",
             f"corpus: {f['corpus']}; code: {f['code']}", "", f"{'':42}{'ours':>10}{'anchor':>10}{'ours/anchor':>13}"]

    def row(label, ours, anchor=None, fmt="{:.1f}"):
        anc = fmt.format(anchor) if anchor is not None else "—"
        ratio = f"{ours / anchor:.2f}" if anchor else "—"
        lines.append(f"  {label:40}{fmt.format(ours):>10}{anc:>10}{ratio:>13}")

    lines.append("Build (anchor: plain Whoosh, StandardAnalyzer, 1 process)")
    row("documents", b["docs"], ab and ab["docs"], "{:d}")
    row("wall seconds (build only)", b["seconds"], ab and ab["seconds"])
    row("wall seconds (whole process)", b["process_seconds"], ab and ab["process_seconds"])
    row("documents/s", b["docs_per_s"], ab and ab["docs_per_s"], "{:.0f}")
    row("MB/s of input", b["mb_per_s"], ab and ab["mb_per_s"], "{:.2f}")
    row("index size on disk, MB", b["size_mb"], ab and ab["size_mb"])
    row("peak RSS, MB (largest process)*", b["peak_mb"], ab and ab["peak_mb"])
    lines.append("  * max RSS of any one process (our parent or one forked worker), not their sum")
    if b["skipped"]:
        lines.append(f"  ({b['skipped']} files skipped by our reader)")
    lines.append(f"In-process query, ms ({len(QUERIES)} queries x {f['repeat']}; anchor: QueryParser + search + stored fields)")
    ai = a.get("inproc", {})
    row("p50", f["inproc"]["p50"], ai.get("p50"))
    row("p95", f["inproc"]["p95"], ai.get("p95"))
    lines.append(f"Whole process, ms ({len(CLI_QUERIES)} queries x {f['repeat']})")
    pq = a.get("python_query", {})
    row("reader search vs python+whoosh, median", f["cli"]["median"], pq.get("median"))
    row("reader search vs python+whoosh, p95", f["cli"]["p95"], pq.get("p95"))
    if "rg" in a:
        row(f"reader search vs rg -c (med, {len(RG_WORDS)} words)",
            statistics.median(f["cli"]["per_query"][w] for w in RG_WORDS), a["rg"]["median"])
    else:
        lines.append(f"  {a.get('rg_note', 'rg skipped')}")
    lines.append(f"  {'python -c pass (startup floor)':40}{f['python_startup_ms']:>10.1f}")
    lines += ["", "Per-query medians, ms (hits: ours / anchor)"]
    for q in QUERIES:
        anc = ai.get("per_query", {}).get(q)
        ah = a.get("hits", {}).get(q, "—")
        lines.append(f"  {q:28}{f['inproc']['per_query'][q]:>9.1f}{(f'{anc:.1f}' if anc else '—'):>9}"
                     f"   hits {f['hits'][q]} / {ah}")
    for q in CLI_QUERIES:
        anc = pq.get("per_query", {}).get(q)
        rgm = a.get("rg", {}).get("per_query", {}).get(q)
        lines.append(f"  reader search {q:22}{f['cli']['per_query'][q]:>9.1f}"
                     f"   python+whoosh {(f'{anc:.1f}' if anc else '—')}   rg {(f'{rgm:.1f}' if rgm else '—')}")
    checks = [(f"full corpus indexed < {GOALS['build_s']:.0f} s", b["seconds"], GOALS["build_s"], "s"),
              (f"in-process p50 < {GOALS['inproc_p50_ms']:.0f} ms", f["inproc"]["p50"], GOALS["inproc_p50_ms"], "ms"),
              (f"reader search whole-process < {GOALS['cli_median_ms']:.0f} ms (median)", f["cli"]["median"],
               GOALS["cli_median_ms"], "ms"),
              (f"peak memory < {GOALS['peak_mb']:.0f} MB", b["peak_mb"], GOALS["peak_mb"], "MB")]
    lines += ["", "Goals"]
    for label, value, limit, unit in checks:
        verdict = "MET" if value < limit else "NOT MET"
        if f["limited"] and unit == "s":
            verdict += " (limited run: not the full corpus)"
        lines.append(f"  {label:52}{value:>9.1f} {unit:3} {verdict}")
    f["goals"] = {label: value < limit for label, value, limit, _u in checks}
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
