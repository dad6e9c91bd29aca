"""Benchmark: time from launch to the first usable screen, in a real terminal.

Run from the repository root (needs tmux)::

    python bench/bench_startup.py [--repeat 7] [--against DIR]
    python bench/bench_startup.py --first-launch 2000 [--corpus /tmp/snn/saudinewsnet]

Each app is started in a fresh tmux session at 80x24 and the screen is read
every 10 ms until it is usable: for reader, when the query box is drawn
(typing works from then on; a query entered before the index opens runs
when it has), and also when the status line says the index is open; for
the anchor, a minimal Textual app (Header, Static, Footer), when its Static
shows. Same method, same run; medians and the ratio. Goal: at most 1.2x.

--against DIR: also time the reader of another checkout (for instance
`git archive REV | tar -x -C DIR`), interleaved in the same run, so that a
change is measured before and after under the same load.

--first-launch N: reader's first launch on N benchmark articles, with no
index yet (a fresh cache each run): until the TUI is usable (the text
index built and open: goal under 20 s), and until the entity pass running
behind it is done ("entities: k of N" gone from the legend).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import anchor, record, record_option, row

REPO = Path(__file__).resolve().parent.parent
# The installed reader: -P keeps the working directory (a checkout's reader/)
# from standing in for it; --against puts another tree first on PYTHONPATH.
READER = [sys.executable, "-P", "-m", "reader"]

MINIMAL = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Minimal(App):
    def compose(self):
        yield Header()
        yield Static("minimal app ready")
        yield Footer()

Minimal().run()
"""


def time_to_screen(cmd: list[str], marker: str, env: dict, timeout: float = 30.0, gone: str = "") -> float | tuple:
    """ms until marker shows; with gone, also the ms until that text has
    left the screen again (after the marker showed)."""
    session = f"bench-{os.getpid()}-{time.monotonic_ns()}"
    started = time.perf_counter()
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "80", "-y", "24",
                    "env", *[f"{k}={v}" for k, v in env.items()], *cmd], check=True)
    shown, seen_gone = None, False
    try:
        while time.perf_counter() - started < timeout:
            screen = subprocess.run(["tmux", "capture-pane", "-t", session, "-p"], capture_output=True, text=True).stdout
            if shown is None and marker in screen:
                shown = (time.perf_counter() - started) * 1000
                if not gone:
                    return shown
            if shown is not None and gone in screen:
                seen_gone = True
            if shown is not None and seen_gone and gone not in screen:
                return shown, (time.perf_counter() - started) * 1000
            time.sleep(0.01 if shown is None else 0.1)
        raise SystemExit(f"bench: {marker!r} never showed" if shown is None else f"bench: {gone!r} never went")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def first_launch(args, env: dict, home: Path) -> None:
    """reader on N articles it has never indexed, in tmux, a fresh cache each run."""
    source = Path(args.corpus) if args.corpus else None
    if source is None:
        subprocess.run(["tar", "-xJf", str(REPO / "../shared/bench/saudinewsnet.tar.xz"), "-C", str(home)], check=True)
        source = home / "saudinewsnet"
    corpus = home / f"first-{args.first_launch}"
    corpus.mkdir()
    for f in sorted(source.glob("*.txt"))[: args.first_launch]:
        os.link(f, corpus / f.name)
    usable, done = [], []
    for n in range(args.repeat):
        run_env = {**env, "XDG_CACHE_HOME": str(home / f"cache-{n}"), "XDG_STATE_HOME": str(home / f"state-{n}")}
        ready, finished = time_to_screen([*READER, "--corpus", str(corpus)],
                                         "documents; type a query", run_env, timeout=600, gone="entities:")
        usable.append(ready / 1000)
        done.append(finished / 1000)
    print(f"first launch on {args.first_launch} articles, no index yet, tmux 80x24, medians of {args.repeat}")
    print(f"  usable (text index built and open)  {statistics.median(usable):6.1f} s   runs: "
          f"{', '.join(f'{x:.1f}' for x in usable)}   goal < 20 s: {'met' if statistics.median(usable) < 20 else 'NOT met'}")
    print(f"  entities found too                  {statistics.median(done):6.1f} s   runs: {', '.join(f'{x:.1f}' for x in done)}")
    if args.record:  # (c) of bench_index.py's run of that label
        ready = round(statistics.median(usable), 1)
        record("index", args.record, [
            row(f"(c) TUI first launch on {args.first_launch:,} articles, usable", ready, "s",
                note=f"median of {args.repeat}", goal="< 20 s", met=ready < 20),
            row("(c) ... its entities found too", round(statistics.median(done), 1), "s")], args.note)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--first-launch", type=int, metavar="N", help="time a first launch on N benchmark articles instead")
    ap.add_argument("--corpus", metavar="DIR", help="the unpacked benchmark articles (default: unpack the tarball)")
    ap.add_argument("--against", metavar="DIR", action="append", default=[],
                    help="another checkout of reader to time in the same run (before/after); may be repeated")
    record_option(ap)
    ap.add_argument("--source-only", action="store_true", help="no bytecode: every module compiled at each launch (as PYTHONDONTWRITEBYTECODE=1 does)")
    args = ap.parse_args()
    if not shutil.which("tmux"):
        sys.exit("bench: tmux is needed (apt-get install tmux)")
    home = Path(tempfile.mkdtemp(prefix="reader-bench-startup-"))
    # A session that lives through the run: killing a server's last session
    # stops it, and a new session started at that moment can fail.
    keeper = f"bench-keep-{os.getpid()}"
    subprocess.run(["tmux", "new-session", "-d", "-s", keeper, "sleep", "3600"], check=True)
    try:
        return _run(args, home)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", keeper], capture_output=True)


def _run(args, home: Path) -> int:
    # Bytecode as an installed reader has it (pip compiles on install), in a
    # cache of the run's own: a PYTHONDONTWRITEBYTECODE inherited from the
    # tmux server made reader compile every module from source at each
    # launch while Textual, installed, had its .pyc files.
    env = {"HOME": str(home), "XDG_CACHE_HOME": str(home / "cache"), "XDG_DATA_HOME": str(home / "data"),
           "XDG_STATE_HOME": str(home / "state"), "XDG_CONFIG_HOME": str(home / "config"),
           "PYTHONPATH": "", "TERM": "xterm-256color", "PYTHONWARNINGS": "ignore",
           "PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": str(home / "pycache")}
    if args.source_only:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    if args.first_launch:
        try:
            first_launch(args, env, home)
        finally:
            shutil.rmtree(home, ignore_errors=True)
        return 0
    try:
        subprocess.run([*READER, "index"], env={**os.environ, **env}, check=True,
                       capture_output=True)  # the index exists, as on any launch but the first
        ours, ready, anchor = [], [], []
        others = {d: [] for d in args.against}
        other_envs = {d: {**env, "PYTHONPATH": str(Path(d).resolve())} for d in args.against}
        # one launch of each first, untimed: it writes the bytecode
        time_to_screen(READER, "documents; type a query", env)
        time_to_screen([sys.executable, "-c", MINIMAL], "minimal app ready", env)
        for other_env in other_envs.values():
            time_to_screen(READER, "documents; type a query", other_env)
        for _ in range(args.repeat):  # interleaved, so that load on the machine hits both alike
            ours.append(time_to_screen(READER, "search: words", env))
            ready.append(time_to_screen(READER, "documents; type a query", env))
            anchor.append(time_to_screen([sys.executable, "-c", MINIMAL], "minimal app ready", env))
            for d, other_env in other_envs.items():
                others[d].append(time_to_screen(READER, "search: words", other_env))
    finally:
        shutil.rmtree(home, ignore_errors=True)
    o, r, a = statistics.median(ours), statistics.median(ready), statistics.median(anchor)
    how = "no bytecode, modules compiled at each launch" if args.source_only else "with bytecode, as installed"
    print(f"start-up to the first usable screen, tmux 80x24, medians of {args.repeat} ({how})")
    print(f"  reader, query box ready        {o:7.0f} ms   runs: {', '.join(f'{x:.0f}' for x in ours)}")
    print(f"  reader, index open too         {r:7.0f} ms   runs: {', '.join(f'{x:.0f}' for x in ready)}")
    print(f"  minimal Textual app (anchor)   {a:7.0f} ms   runs: {', '.join(f'{x:.0f}' for x in anchor)}")
    print(f"  ratio                          {o / a:7.2f}   goal <= 1.2: {'met' if o / a <= 1.2 else 'NOT met'}")
    for d, other in others.items():
        b = statistics.median(other)
        print(f"  --against {d}: query box ready {b:.0f} ms, ratio {b / a:.2f}   runs: {', '.join(f'{x:.0f}' for x in other)}")
    if args.record:
        record("startup", args.record, startup_rows(o, r, a, others, args.source_only), args.note)
    return 0


def startup_rows(ours: float, ready: float, minimal: float, others: dict, source_only: bool) -> list[dict]:
    """The medians as bench/runs/startup.json keeps them; --against checkouts as cases."""
    how = "no bytecode" if source_only else None
    app = [anchor("a minimal Textual app", round(minimal), "ms")]
    beside = lambda ms: {"ratio": round(ms / minimal, 2), "ratio_to": "a minimal Textual app", "anchors": app}  # noqa: E731
    return [row("reader, query box ready", round(ours), "ms", note=how, goal="1.2x", met=ours / minimal <= 1.2,
                **beside(ours)),
            row("reader, index open too", round(ready), "ms", note=how),
            *(row("reader, query box ready", round(statistics.median(ms)), "ms", case=str(d), note=how,
                  **beside(statistics.median(ms))) for d, ms in others.items())]


if __name__ == "__main__":
    sys.exit(main())
