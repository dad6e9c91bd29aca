"""What the corpus benchmarks share: the benchmark corpus unpacked, a
private index home, the installed `reader`, whole-process timings, and a
run's figures recorded in bench/runs/ (`--record LABEL`).

Imported by the scripts beside it (they run as `python bench/X.py`, so this
folder is on sys.path).
"""

from __future__ import annotations

import datetime
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARBALL = REPO / "../shared/bench/saudinewsnet.tar.xz"
RUNS = Path(__file__).resolve().parent / "runs"


@contextmanager
def index_home(given: Path | None, prefix: str):
    """The folder that keeps the index: the one given (kept), or a temporary one (removed after)."""
    home = given or Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield home
    finally:
        if given is None:
            shutil.rmtree(home, ignore_errors=True)


def corpus_in(home: Path, given: Path | None) -> Path:
    """The benchmark's articles: the folder given, else unpacked into home once."""
    if given is not None:
        return given
    corpus = home / "saudinewsnet"
    if not corpus.is_dir():
        subprocess.run(["tar", "-xJf", str(TARBALL), "-C", str(home)], check=True)
    return corpus


def reader_env(home: Path) -> dict:
    """The environment of a `reader` that keeps everything under home, with no background pass."""
    env = dict(os.environ, READER_BACKGROUND="0", PYTHONWARNINGS="ignore")
    for var, sub in (("XDG_CACHE_HOME", "cache"), ("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                     ("XDG_STATE_HOME", "state")):
        env[var] = str(home / "xdg" / sub)
    env.pop("READER_CORPUS", None)
    return env


def reader_command() -> str:
    """The `reader` installed beside this Python."""
    reader = shutil.which("reader", path=str(Path(sys.executable).parent))
    if reader is None:
        sys.exit("bench: no `reader` beside this python: pip install . first")
    return reader


def median_run(cmd: list[str], env: dict, repeat: int) -> float:
    """The median wall time of a whole process, output thrown away."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


# --- a run's figures, kept in bench/runs/ (the shape: bench/runs/README.md) ---------------


def record_option(ap) -> None:
    """--record LABEL and --note, the same in every script."""
    ap.add_argument("--record", metavar="LABEL",
                    help="append this run's figures to bench/runs/ as run LABEL (adds to a run of that label)")
    ap.add_argument("--note", default="", help="with --record: what code, under which conditions")


def row(metric: str, value, unit: str, **more) -> dict:
    """One measured figure as bench/runs/ keeps it; the fields given None are left out."""
    return {"metric": metric, "value": value, "unit": unit, **{k: v for k, v in more.items() if v is not None}}


def anchor(name: str, value, unit: str, **more) -> dict:
    """What a figure is measured beside, in the same run (a row's `anchors`)."""
    return {"name": name, "value": value, "unit": unit, **{k: v for k, v in more.items() if v is not None}}


def record(bench: str, label: str, rows: list[dict], note: str = "", runs: Path = RUNS,
           python: str = sys.executable) -> Path:
    """Add the rows to run `label` of runs/<bench>.json (a new run at the end
    unless one has that label: a script measuring part of a run adds its rows
    to it, and a row measured again replaces the old one)."""
    path = runs / f"{bench}.json"
    every = json.loads(path.read_text("utf-8")) if path.exists() else []
    command = shlex.join(["python", *sys.argv])
    run = next((r for r in every if r["label"] == label), None)
    if run is None:
        run = {"label": label, "date": datetime.date.today().isoformat(), "note": note, "command": command,
               "code": measured_code(python), "machine": machine(), "rows": []}
        every.append(run)
    elif command not in run.get("command", ""):
        run["command"] = f"{run['command']}; {command}" if run.get("command") else command
    new = {(r["metric"], r.get("case")) for r in rows}
    run["rows"] = [r for r in run["rows"] if (r["metric"], r.get("case")) not in new] + rows
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_runs(every), "utf-8")
    print(f"bench: recorded {len(rows)} figures as {label!r} in {path}", file=sys.stderr)
    return path


def measured_code(python: str) -> str:
    """Which reader the run measured: the commit of the tree it is imported from."""
    where = subprocess.run([python, "-P", "-c", "import os, reader; print(os.path.dirname(reader.__file__))"],
                           capture_output=True, text=True).stdout.strip()
    if not where:
        return "unknown"
    git = lambda *a: subprocess.run(["git", "-C", where, *a], capture_output=True, text=True).stdout.strip()  # noqa: E731
    head = git("rev-parse", "--short", "HEAD") or "no git"
    dirty = " with uncommitted changes" if git("status", "--porcelain", "--untracked-files=no") else ""
    return f"{head}{dirty} ({where})"


def machine() -> str:
    """The cores and the load when the run ended: the machines are shared."""
    return f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}"


def dump_runs(runs: list[dict]) -> str:
    """The runs as JSON with one figure a line, so that a new run reads as a short diff."""
    parts = []
    for run in runs:
        head = [f'  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}' for k, v in run.items() if k != "rows"]
        rows = ",\n".join(f"   {json.dumps(r, ensure_ascii=False)}" for r in run["rows"])
        parts.append(" {\n" + ",\n".join(head) + ',\n  "rows": [\n' + rows + "\n  ]\n }")
    return "[\n" + ",\n".join(parts) + "\n]\n"
