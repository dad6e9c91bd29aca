"""Shared fixtures: every test runs in a temporary home, never the user's."""

from __future__ import annotations

import os
import pty
import re
import shutil
import subprocess
import sys
import threading
import time
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# `reader` as a user's shell runs it: the command installed beside this Python
# (an editable install while working on it, a regular one in CI).
READER = str(Path(sys.executable).with_name("reader"))
# Python children that import reader run as `python -P -c ...`: the working
# directory on sys.path would put the checkout's reader/ (no index/ inside)
# before the installed package.
SEEDS = ROOT / "seeds"


# What tells reader which terminal it writes to (reader.display.terminal): the
# terminal the tests run in must not decide what they see.
TERMINAL_VARIABLES = ("TMUX", "STY", "VTE_VERSION", "KONSOLE_VERSION", "MLTERM", "TERM_PROGRAM", "KITTY_WINDOW_ID")


@pytest.fixture(autouse=True)
def home(tmp_path_factory, monkeypatch):
    """XDG directories in a temporary folder; no READER_* from the caller."""
    h = tmp_path_factory.mktemp("home")
    for var, sub in (("XDG_CACHE_HOME", "cache"), ("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("XDG_STATE_HOME", "state")):
        monkeypatch.setenv(var, str(h / sub))
    monkeypatch.setenv("HOME", str(h))
    for var in ("READER_CORPUS", "READER_SHAPE", "READER_BIDI", "READER_PAGER", "PAGER", "NO_COLOR", "FORCE_COLOR",
                "SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY", *TERMINAL_VARIABLES):
        monkeypatch.delenv(var, raising=False)
    # No entity pass left running in the background after a test's first
    # search (test_entities.py turns it on where it checks it).
    monkeypatch.setenv("READER_BACKGROUND", "0")
    return h


# Arabic presentation forms: text shaped by reader for a screen
PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


@pytest.fixture
def seeds(tmp_path) -> Path:
    """A private copy of the five seed articles."""
    dest = tmp_path / "seeds"
    shutil.copytree(SEEDS, dest)
    return dest


@pytest.fixture
def indexed(seeds):
    """A copy of the seeds, indexed."""
    assert run_reader("--corpus", str(seeds), "index").returncode == 0
    return seeds


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


async def wait_until(pilot, ready, what: str, timeout: float = 10):
    """Pause a Pilot until ready() (timeout's worth of 50 ms pauses at most):
    on a loaded machine a worker's result takes a while."""
    for _ in range(round(timeout / 0.05)):
        if ready():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"{what} never happened")


def wait_for(predicate, timeout: float = 10, what: str = "the condition", interval: float = 0.05):
    """Poll predicate() until it gives something true, and return that; fail
    after timeout seconds, naming what. For a test that waits on another
    process or thread: it goes on as soon as what it needs has happened,
    where a fixed sleep was too short on a loaded machine and too long on
    an idle one. predicate may assert, to fail at once on what cannot come."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {timeout:g} s")
        time.sleep(interval)


def run_reader(*args: str, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """`reader ARGS` in a fresh interpreter, as a user's shell runs it."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run(
        [READER, *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def run_tty(*args, env=None, stdout_tty=True, stderr_tty=False, stdin=None, timeout=120):
    """`reader ARGS` with stdout and/or stderr on a pseudo-terminal, as in an
    interactive shell; returns (terminal text, stdout if piped, stderr if
    piped, exit code)."""
    import fcntl
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    full_env = {**os.environ, "TERM": "xterm", **(env or {})}
    for name in ("NO_COLOR", "FORCE_COLOR", "SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"):
        if name not in (env or {}):
            full_env.pop(name, None)
    proc = subprocess.Popen(
        [READER, *args],
        stdout=slave if stdout_tty else subprocess.PIPE, stderr=slave if stderr_tty else subprocess.PIPE,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL, env=full_env)
    os.close(slave)
    chunks: list[bytes] = []

    def drain():
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: every end of the terminal closed
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain)
    reader.start()
    out, err = proc.communicate(stdin, timeout=timeout)
    reader.join(timeout)
    os.close(master)
    screen = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
    decode = lambda b: (b or b"").decode("utf-8", "replace")  # noqa: E731
    return screen, decode(out), decode(err), proc.returncode


# --- GNU FriBidi, the reference of the display tests -------------------------------------

FRIBIDI = shutil.which("fribidi")
needs_fribidi = pytest.mark.skipif(
    FRIBIDI is None, reason="GNU FriBidi is not installed (apt-get install libfribidi-bin); .ci/run installs it"
)


def letters(text: str) -> str:
    """What the comparison with FriBidi looks at: NFKC letters, no harakat,
    no U+FEFF filler, no outer spaces. A lam-alef ligature reads as its two
    letters in visual order (alef, then lam), so that a ligature on one side
    and two letters on the other (FriBidi makes none across a shadda,
    إلّا) compare equal."""
    out = []
    for ch in text:
        if "\ufef5" <= ch <= "\ufefc":
            out.append(unicodedata.normalize("NFKC", ch)[::-1])
        else:
            out.append(unicodedata.normalize("NFKC", ch))
    return "".join(c for c in "".join(out) if unicodedata.category(c) != "Mn" and c != "\ufeff").strip()


def fribidi(lines: list[str]) -> list[str]:
    """Each line as GNU FriBidi lays it out (visual order, no padding or breaks)."""
    r = subprocess.run([FRIBIDI, "--nopad", "--nobreak"], input="\n".join(lines) + "\n", capture_output=True, text=True)
    return r.stdout.split("\n")[: len(lines)]


# --- a generated corpus, for what only shows at scale ------------------------------------

WORDS = ("السعودية الرياض النفط اليمن التعليم الحكومة الوزير المملكة العربية الاقتصاد الأسواق الأسعار "
         "المدينة الطلاب المدارس الجامعة الصحة المستشفى الاتفاق النووي إيران سوريا العراق الحوثيين "
         "الملك سلمان ولي العهد الأمير محمد المشروع التنمية الرؤية الشركات الاستثمار البنك").split()
AUTHORS = ("خالد العتيبي", "سارة القحطاني", "محمد الشمري")
PLACES = ("جدة", "الدمام", "مكة", "الطائف")


def make_news(folder: Path, count: int, seed: int = 7) -> Path:
    """count short articles from a small vocabulary: a third exact copies of
    others (equal scores), most of one length band (near-equal scores), some
    with a byline, a place or the phrase ولي العهد."""
    import random

    rng = random.Random(seed)
    texts: list[str] = []
    for i in range(count):
        if texts and rng.random() < 0.33:
            text = rng.choice(texts)
        else:
            title = " ".join(rng.sample(WORDS, 3))
            byline = f"بقلم {rng.choice(AUTHORS)}\n" if rng.random() < 0.2 else ""
            body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 26)))
            place = f"وقال مسؤولون في مدينة {rng.choice(PLACES)} إن العمل مستمر." if rng.random() < 0.5 else ""
            if rng.random() < 0.4:
                place += " وأكد ولي العهد أن المشروع ماض."
            text = f"{title}\n\n{byline}{body}.\n{place}\n"
        texts.append(text)
        write(folder / f"a{i:05d}.txt", text)
    return folder


def script(name: str):
    """A module of scripts/ (the model's tools, not part of the install) loaded
    from its file under its own name, as `python scripts/NAME.py` imports its
    siblings; those it imports are loaded first."""
    import importlib.util

    if name not in sys.modules:
        path = ROOT / "scripts" / f"{name}.py"
        for sibling in re.findall(r"^from (ner_\w+) import", path.read_text("utf-8"), re.M):
            script(sibling)
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def engine_search(ix, query: str, snippets: int | None = None, **options):
    """The engine's search of an open Whoosh index, asked as the core asks
    it (one index.request.Request built from the query's text and options)."""
    from reader.index.engine.search import search
    from reader.index.request import Request
    from reader.index.snippets import MAX_SNIPPETS

    return search(ix, Request.of(query, **options), MAX_SNIPPETS if snippets is None else snippets)
