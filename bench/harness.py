"""What the corpus benchmarks share: the benchmark corpus unpacked, a
private index home, the installed `reader`, whole-process timings.

Imported by the scripts beside it (they run as `python bench/X.py`, so this
folder is on sys.path).
"""

from __future__ import annotations

import os
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
