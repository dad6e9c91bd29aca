"""Benchmark: reader's index at archive scale, each figure beside its anchors.

Run from the repository root with the project's venv (an installed `reader`
beside the venv's python is what the whole-process figures run)::

    python bench/bench_index.py                      # unpacks ../shared/bench/saudinewsnet.tar.xz
    python bench/bench_index.py --corpus /tmp/snn/saudinewsnet --json figures.json
    python bench/bench_index.py --quick              # 1,000 and 2,000 articles, no 4x: a smoke run

It prints the figures of issue 10, medians, each beside its anchor:

(a) on a subset (5,000 articles): the text index searchable and `reader
    index` with entities done, against plain Whoosh's StandardAnalyzer build
    (goals: 0.5x and 1.0x); Lucene's ArabicAnalyzer and Recoll for scale;
(b) the whole corpus searchable (goal < 90 s) and its entities complete
    (goal < 180 s), beside Lucene and Recoll on the same files, and where
    the time goes, phase by phase;
(d) whole-process `reader search` against `rg -l` (goal: at most 1.0x),
    recollq and a Lucene query process, on the corpus and on the corpus
    copied four times under other names, to see whether it stays flat;
(e) the build's peak memory (goal < 1 GB): the largest single process.

(c), the first launch of the TUI, is bench/bench_startup.py --first-launch.
Everything it writes lives in one temporary folder, removed at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import anchors
from harness import anchor, record, record_option, row

REPO = Path(__file__).resolve().parent.parent
TARBALL = REPO / "../shared/bench/saudinewsnet.tar.xz"
CLI_QUERIES = ["السعودية", "النفط", "الحوثيين", "بيرمنغهام", "الملك سلمان"]
GOALS = {"searchable_ratio": 0.5, "entities_ratio": 1.0, "searchable_s": 90.0, "entities_s": 180.0,
         "cli_vs_rg": 1.0, "peak_mb": 1024.0}

OUR_BUILD = """
import json, sys, time
from pathlib import Path
from reader.core.library import Library
phases = {}
def progress(p):
    now = time.perf_counter()
    first, _last = phases.get(p.phase, (now, now))
    phases[p.phase] = (first, now)
lib = Library.of([Path(sys.argv[1])])
t = time.perf_counter()
report = lib.update(progress=progress)
searchable = time.perf_counter() - t
out = {"docs": report.indexed, "searchable": searchable}
if sys.argv[2] == "entities":
    lib.find_entities(progress=progress)
    out["entities"] = time.perf_counter() - t
out["phases"] = {k: round(b - a, 2) for k, (a, b) in phases.items()}
out["size_mb"] = sum(f.stat().st_size for f in lib.backend.folder.rglob("*") if f.is_file()) / 1e6
print(json.dumps(out))
"""


def median_ms(cmd: list[str], env: dict, repeat: int) -> float:
    times = []
    for _ in range(repeat + 1):  # the first run warms the page cache
        t = time.perf_counter()
        rc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
        times.append((time.perf_counter() - t) * 1000)
        if rc > 1:  # 0 found, 1 nothing found (reader, rg and grep alike)
            sys.exit(f"bench: {' '.join(cmd)} failed with exit code {rc}")
    return statistics.median(times[1:])


def per_query(make_cmd, env: dict, repeat: int) -> dict:
    """Median ms per query, and the median of those."""
    each = {q: median_ms(make_cmd(q), env, repeat) for q in CLI_QUERIES}
    return {"per_query": each, "median": statistics.median(each.values())}


def ours(corpus: Path, env: dict, entities: bool) -> dict:
    figures, wall, peak = anchors.child([sys.executable, "-P", "-c", OUR_BUILD, str(corpus), "entities" if entities else "text"], env)
    return {**figures, "process_seconds": wall, "peak_mb": peak}


def prepare(args, work: Path) -> tuple[Path, list[Path]]:
    if args.corpus:
        corpus = Path(args.corpus).resolve()
    else:
        print(f"bench: unpacking {TARBALL.resolve()} …", file=sys.stderr)
        subprocess.run(["tar", "-xJf", str(TARBALL), "-C", str(work)], check=True)
        corpus = work / "saudinewsnet"
    files = sorted(corpus.glob("*.txt"))
    if args.quick:
        corpus, files = subset(files, 2000, work / "full")
    return corpus, files


def subset(files: list[Path], count: int, dest: Path) -> tuple[Path, list[Path]]:
    dest.mkdir(parents=True)
    for f in files[:count]:
        os.link(f, dest / f.name)
    return dest, sorted(dest.glob("*.txt"))


def copies(files: list[Path], times: int, dest: Path) -> Path:
    """The corpus copied `times` times under other names (hard links)."""
    for n in range(times):
        folder = dest / f"copy{n}"
        folder.mkdir(parents=True)
        for f in files:
            os.link(f, folder / f"c{n}_{f.name}")
    return dest


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", metavar="DIR", help="folder of .txt articles (default: unpack the shared tarball)")
    ap.add_argument("--subset", type=int, default=5000, metavar="N", help="articles for (a) (default 5000)")
    ap.add_argument("--scale", type=int, default=4, metavar="K", help="copies of the corpus for (d) (default 4; 0 skips)")
    ap.add_argument("--repeat", type=int, default=5, metavar="R", help="timings per query (default 5)")
    ap.add_argument("--skip-recoll", action="store_true", help="no Recoll (its full build takes minutes)")
    ap.add_argument("--quick", action="store_true", help="a smoke run: 2,000 articles, a 1,000 subset, no copies")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    record_option(ap)
    args = ap.parse_args()
    if args.quick:
        args.subset, args.scale, args.repeat = 1000, 0, 3
    work = Path(tempfile.mkdtemp(prefix="reader-bench-"))
    for var, sub in (("XDG_CACHE_HOME", "cache"), ("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                     ("XDG_STATE_HOME", "state")):
        os.environ[var] = str(work / "xdg" / sub)
    os.environ.pop("READER_CORPUS", None)
    os.environ["READER_BACKGROUND"] = "0"
    os.environ["PYTHONWARNINGS"] = "ignore"
    try:
        figures = run(args, work, dict(os.environ))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(report(figures))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, ensure_ascii=False, indent=1), "utf-8")
    if args.record:
        note = ("QUICK run, not the benchmark's figures. " if args.quick else "") + args.note
        record("index", args.record, index_rows(figures), note)
    return 0


def say(line: str) -> None:
    print(f"bench: {line}", file=sys.stderr, flush=True)


def run(args, work: Path, env: dict) -> dict:
    corpus, files = prepare(args, work)
    reader = shutil.which("reader", path=str(Path(sys.executable).parent))
    if reader is None:
        sys.exit("bench: no `reader` beside this python: pip install . first")
    fig: dict = {"files": len(files), "cores": os.cpu_count(), "repeat": args.repeat, "quick": args.quick,
                 "notes": []}
    lucene = anchors.lucene(work)
    if isinstance(lucene, str):
        fig["notes"].append(lucene)
        lucene = None

    # (a) a subset, beside plain Whoosh
    sub, sub_files = subset(files, args.subset, work / "sub")
    listing = work / "sub.lst"
    listing.write_text("\n".join(map(str, sub_files)), "utf-8")
    a = fig["a"] = {"files": len(sub_files)}
    say(f"(a) our index of {len(sub_files)} articles, text and entities …")
    a["ours"] = ours(sub, env, entities=True)
    say("(a) plain Whoosh …")
    a["plain"] = anchors.plain_whoosh(sub, listing, work / "plain", env)
    if lucene:
        a["lucene"] = lucene.build(listing, work / "lucene-sub")

    # (b), (e) the whole corpus
    say(f"(b) our index of all {len(files)} articles …")
    b = fig["b"] = {"ours": ours(corpus, env, entities=True)}
    full_list = work / "full.lst"
    full_list.write_text("\n".join(map(str, files)), "utf-8")
    if lucene:
        say("(b) Lucene …")
        b["lucene"] = lucene.build(full_list, work / "lucene")
    rec = None
    if not args.skip_recoll:
        rec = anchors.recoll(corpus, work / "recoll")
        if isinstance(rec, str):
            fig["notes"].append(rec)
            rec = None
        else:
            say("(b) Recoll …")
            b["recoll"] = rec.build()

    # (d) whole process, on the corpus and on copies of it
    say("(d) whole-process queries …")
    d = fig["d"] = {}
    d["reader"] = per_query(lambda q: [reader, "search", q, "--corpus", str(corpus)], env, args.repeat)
    d["reader_l"] = per_query(lambda q: [reader, "search", "-l", q, "--corpus", str(corpus)], env, args.repeat)
    if shutil.which("rg"):
        d["rg"] = per_query(lambda q: ["rg", "-l", q, str(corpus)], env, args.repeat)
    else:
        fig["notes"].append("rg skipped: apt-get install ripgrep")
    if rec:
        d["recollq"] = per_query(rec.query_cmd, env, args.repeat)
    if lucene:
        d["lucene"] = per_query(lambda q: lucene.query_cmd(work / "lucene", q), env, args.repeat)
    if args.scale:
        say(f"(d) the corpus {args.scale} times: {args.scale * len(files)} articles …")
        big = copies(files, args.scale, work / "copies")
        d["scaled_files"] = args.scale * len(files)
        d["scaled_build"] = ours(big, env, entities=False)
        d["reader_scaled"] = per_query(lambda q: [reader, "search", q, "--corpus", str(big)], env, args.repeat)
        if "rg" in d:
            d["rg_scaled"] = per_query(lambda q: ["rg", "-l", q, str(big)], env, args.repeat)
    return fig


def report(f: dict) -> str:
    lines = [f"reader archive benchmark: {f['files']} articles, {f['cores']} cores, medians"
             + (" (QUICK run: not the figures of the README)" if f["quick"] else "")]
    verdicts = []

    def goal(label: str, value: float, limit: float, unit: str = "") -> None:
        verdicts.append(f"  {label:58} {value:8.2f}{unit:3} {'MET' if value <= limit else 'NOT MET'} (goal {limit:g}{unit})")

    a, b, d = f["a"], f["b"], f["d"]
    ao, ap = a["ours"], a["plain"]
    lines += ["", f"(a) {a['files']} articles, seconds          ours    plain Whoosh   ratio    Lucene"]
    luc = a.get("lucene", {}).get("seconds")
    lines.append(f"  text index searchable          {ao['searchable']:8.1f} {ap['seconds']:10.1f} {ao['searchable'] / ap['seconds']:9.2f}"
                 + (f" {luc:9.1f}" if luc else ""))
    lines.append(f"  reader index, entities done    {ao['entities']:8.1f} {ap['seconds']:10.1f} {ao['entities'] / ap['seconds']:9.2f}")
    goal("(a) searchable / plain Whoosh", ao["searchable"] / ap["seconds"], GOALS["searchable_ratio"], "x")
    goal("(a) entities done / plain Whoosh", ao["entities"] / ap["seconds"], GOALS["entities_ratio"], "x")

    bo = b["ours"]
    lines += ["", f"(b) all {f['files']} articles          seconds   peak MB   index MB"]
    lines.append(f"  ours, searchable              {bo['searchable']:8.1f} {bo['peak_mb']:9.0f} {bo['size_mb']:9.0f}")
    lines.append(f"  ours, entities complete       {bo['entities']:8.1f}")
    for name in ("lucene", "recoll"):
        if name in b:
            lines.append(f"  {name + ' (anchor)':30}{b[name]['seconds']:8.1f} {b[name]['peak_mb']:9.0f} {b[name]['size_mb']:9.0f}")
    lines.append("  where our time goes, by phase: " + ", ".join(f"{k} {v:.1f}s" for k, v in bo["phases"].items()))
    goal("(b) searchable, s", bo["searchable"], GOALS["searchable_s"], "s")
    goal("(b) entities complete, s", bo["entities"], GOALS["entities_s"], "s")
    goal("(e) peak memory of the build, MB", bo["peak_mb"], GOALS["peak_mb"], "MB")

    lines += ["", "(d) whole process, ms per query (median of medians)"]
    rows = [("reader search", "reader"), ("reader search -l", "reader_l"), ("rg -l", "rg"), ("recollq", "recollq"),
            ("Lucene query (JVM)", "lucene")]
    for label, key in rows:
        if key in d:
            each = "  ".join(f"{q} {ms:.0f}" for q, ms in d[key]["per_query"].items())
            lines.append(f"  {label:20}{d[key]['median']:8.1f}   {each}")
    if "rg" in d:
        goal("(d) reader search / rg -l", d["reader"]["median"] / d["rg"]["median"], GOALS["cli_vs_rg"], "x")
        goal("(d) reader search -l / rg -l", d["reader_l"]["median"] / d["rg"]["median"], GOALS["cli_vs_rg"], "x")
    if "reader_scaled" in d:
        lines.append(f"  at {d['scaled_files']} articles (text index built in {d['scaled_build']['searchable']:.0f} s):")
        lines.append(f"  {'reader search':20}{d['reader_scaled']['median']:8.1f}   "
                     f"({d['reader_scaled']['median'] / d['reader']['median']:.2f}x its time at {f['files']})")
        if "rg_scaled" in d:
            lines.append(f"  {'rg -l':20}{d['rg_scaled']['median']:8.1f}   "
                         f"({d['rg_scaled']['median'] / d['rg']['median']:.2f}x its time at {f['files']})")
            goal(f"(d) reader search / rg -l at {d['scaled_files']}", d["reader_scaled"]["median"] / d["rg_scaled"]["median"],
                 GOALS["cli_vs_rg"], "x")
    lines += ["", "Goals"] + verdicts + [f"  note: {n}" for n in f["notes"]]
    return "\n".join(lines)


def index_rows(f: dict) -> list[dict]:
    """The figures as bench/runs/index.json keeps them, named as docs/benchmark.md's rows."""
    a, b = f["a"], f["b"]
    ao, bo, plain = a["ours"], b["ours"], a["plain"]["seconds"]
    s, x = (lambda v: round(v, 1)), (lambda v: round(v, 2))  # as the report prints them
    whoosh = [anchor("plain Whoosh", s(plain), "s")]
    lucene_a = [anchor("Lucene", s(a["lucene"]["seconds"]), "s")] if "lucene" in a else []

    def built(key: str, unit: str, rounded) -> list[dict] | None:  # Lucene's and Recoll's whole-corpus builds
        return [anchor(n.capitalize(), rounded(b[n][key]), unit) for n in ("lucene", "recoll") if n in b] or None

    searchable, done = ao["searchable"] / plain, ao["entities"] / plain
    phase = bo["phases"].get("entities")
    return [
        row(f"(a) {a['files']:,} articles: text index searchable", s(ao["searchable"]), "s", ratio=x(searchable),
            ratio_to="plain Whoosh", anchors=whoosh + lucene_a, goal=f"{GOALS['searchable_ratio']}x",
            met=searchable <= GOALS["searchable_ratio"]),
        row("(a) `reader index` with entities done", s(ao["entities"]), "s", ratio=x(done), ratio_to="plain Whoosh",
            anchors=whoosh, goal=f"{GOALS['entities_ratio']}x", met=done <= GOALS["entities_ratio"]),
        row(f"(b) {f['files']:,} articles searchable", s(bo["searchable"]), "s", anchors=built("seconds", "s", s),
            goal=f"< {GOALS['searchable_s']:g} s", met=bo["searchable"] <= GOALS["searchable_s"]),
        row("(b) entities complete", s(bo["entities"]), "s",
            part={"name": "entity phase", "value": s(phase), "unit": "s"} if phase is not None else None,
            goal=f"< {GOALS['entities_s']:g} s", met=bo["entities"] <= GOALS["entities_s"]),
        row("(b) index size", round(bo["size_mb"]), "MB", anchors=built("size_mb", "MB", round)),
        row("(e) peak memory, largest process", round(bo["peak_mb"]), "MB", anchors=built("peak_mb", "MB", round),
            goal=f"< {GOALS['peak_mb'] / 1024:g} GB", met=bo["peak_mb"] <= GOALS["peak_mb"]),
        *search_rows(f),
    ]


def search_rows(f: dict) -> list[dict]:
    """(d): whole-process searches beside rg -l (and recollq, Lucene), and on the corpus copied."""
    d, ms, x = f["d"], (lambda v: round(v, 1)), (lambda v: round(v, 2))
    names = {"rg": "`rg -l`", "recollq": "recollq", "lucene": "a Lucene query (JVM)"}
    others = [anchor(name, ms(d[key]["median"]), "ms") for key, name in names.items() if key in d]

    def vs_rg(key: str) -> dict:
        if "rg" not in d:
            return {}
        ratio = d[key]["median"] / d["rg"]["median"]
        return {"ratio": x(ratio), "ratio_to": "`rg -l`", "goal": f"{GOALS['cli_vs_rg']}x",
                "met": ratio <= GOALS["cli_vs_rg"]}

    rows = [row(f"(d) `reader search`, whole process, median of {len(CLI_QUERIES)} queries", ms(d["reader"]["median"]),
                "ms", anchors=others or None, **vs_rg("reader")),
            row("(d) `reader search -l`", ms(d["reader_l"]["median"]), "ms", anchors=others[:1] if "rg" in d else None,
                **vs_rg("reader_l"))]
    if "reader_scaled" in d:
        rows.append(scaled_row(d, f["files"]))
    return rows


def scaled_row(d: dict, files: int) -> dict:
    """(d) on the corpus copied: flat beside its own 1x time, while rg -l grows."""
    ms, x = (lambda v: round(v, 1)), (lambda v: round(v, 2))
    ours = d["reader_scaled"]["median"]
    name = f"(d) at {d['scaled_files'] // files}x the corpus ({d['scaled_files']:,} articles)"
    mine = {"ratio": x(ours / d["reader"]["median"]), "ratio_to": "its 1x time"}
    if "rg_scaled" not in d:
        return row(name, ms(ours), "ms", **mine)
    rg = d["rg_scaled"]["median"]
    return row(name, ms(ours), "ms", **mine, goal="flat", met=ours / rg <= GOALS["cli_vs_rg"],
               why=f"{ours / rg:.2f}x `rg -l`",
               anchors=[anchor("`rg -l`", ms(rg), "ms", ratio=x(rg / d["rg"]["median"]), ratio_to="its 1x time")])

if __name__ == "__main__":
    sys.exit(main())
