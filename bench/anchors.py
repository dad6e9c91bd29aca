"""The systems reader is measured against, each built and queried in the same run.

Plain Whoosh with its StandardAnalyzer (the engine of the design card without
Arabic analysis), Lucene's ArabicAnalyzer (the `arabic` chain of
Elasticsearch/OpenSearch; Debian's liblucene8-java, compiled here with javac),
Recoll (Xapian, Debian's recollcmd) and rg. A missing one is skipped with a
line saying how to install it. See ../shared/guide/anchors.md.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

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
print(json.dumps({"docs": ix.doc_count(), "seconds": time.perf_counter() - t}))
"""


def child(cmd: list[str], env: dict | None = None) -> tuple[dict, float, float]:
    """(the JSON a child prints last, its wall seconds, its peak RSS in MB:
    the largest of it and the children it waited for)."""
    started = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, text=True)
    out = p.stdout.read()
    _pid, status, usage = os.wait4(p.pid, 0)
    if os.waitstatus_to_exitcode(status):
        sys.exit(f"bench: failed (exit {os.waitstatus_to_exitcode(status)}): {' '.join(cmd[:3])} …")
    lines = [line for line in out.strip().splitlines() if line.startswith("{")]
    return (json.loads(lines[-1]) if lines else {}), time.perf_counter() - started, usage.ru_maxrss / 1024


def plain_whoosh(root: Path, listing: Path, dest: Path, env: dict) -> dict:
    figures, wall, peak = child([sys.executable, "-c", PLAIN_BUILD, str(root), str(dest), str(listing)], env)
    return {**figures, "process_seconds": wall, "peak_mb": peak}


# --- Lucene ---------------------------------------------------------------------------


def _lucene_classpath() -> str | None:
    jars = []
    for name in ("lucene-core", "lucene-analyzers-common", "lucene-queryparser"):
        found = sorted(glob.glob(f"/usr/share/java/{name}-[0-9]*.jar"))
        if not found:
            return None
        jars.append(found[-1])
    return ":".join(jars)


def lucene(work: Path) -> "Lucene | str":
    """A compiled Lucene anchor, or why there is none."""
    cp = _lucene_classpath()
    if cp is None or not shutil.which("javac") or not shutil.which("java"):
        return "Lucene skipped: apt-get install liblucene8-java default-jdk-headless"
    classes = work / "lucene-classes"
    classes.mkdir(exist_ok=True)
    r = subprocess.run(["javac", "-cp", cp, "-d", str(classes), str(HERE / "anchors" / "LuceneArabic.java")],
                       capture_output=True, text=True)
    if r.returncode:
        return f"Lucene skipped: javac failed: {r.stderr.strip()[:200]}"
    return Lucene(f"{cp}:{classes}")


class Lucene:
    def __init__(self, classpath: str):
        self.classpath = classpath

    def build(self, listing: Path, dest: Path) -> dict:
        figures, wall, peak = child(["java", "-cp", self.classpath, "LuceneArabic", "index", str(listing), str(dest)])
        return {**figures, "process_seconds": wall, "peak_mb": peak, "size_mb": dir_mb(dest)}

    def query_cmd(self, dest: Path, query: str) -> list[str]:
        return ["java", "-cp", self.classpath, "LuceneArabic", "search", str(dest), query]


# --- Recoll -------------------------------------------------------------------------------


def recoll(corpus: Path, conf: Path) -> "Recoll | str":
    if not shutil.which("recollindex") or not shutil.which("recollq"):
        return "Recoll skipped: apt-get install recollcmd"
    conf.mkdir(parents=True, exist_ok=True)
    (conf / "recoll.conf").write_text(
        f"topdirs = {corpus}\nindexstemminglanguages = arabic\nnoaspell = 1\nloglevel = 1\n", "utf-8")
    return Recoll(conf)


class Recoll:
    def __init__(self, conf: Path):
        self.conf = conf

    def build(self) -> dict:
        started = time.perf_counter()
        p = subprocess.Popen(["recollindex", "-c", str(self.conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _pid, status, usage = os.wait4(p.pid, 0)
        seconds = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status):
            sys.exit("bench: recollindex failed")
        return {"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024, "size_mb": dir_mb(self.conf / "xapiandb")}

    def query_cmd(self, query: str) -> list[str]:
        # -s arabic: expand stems (without it recollq expands none); -b: URLs only, every hit.
        return ["recollq", "-c", str(self.conf), "-s", "arabic", "-b", query]


def dir_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file()) / 1e6
