"""Shared fixtures: every test runs in a temporary home, never the user's."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def home(tmp_path_factory, monkeypatch):
    """XDG directories in a temporary folder; no READER_* from the caller."""
    h = tmp_path_factory.mktemp("home")
    for var, sub in (("XDG_CACHE_HOME", "cache"), ("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("XDG_STATE_HOME", "state")):
        monkeypatch.setenv(var, str(h / sub))
    monkeypatch.setenv("HOME", str(h))
    for var in ("READER_CORPUS", "READER_SHAPE", "READER_PAGER", "PAGER", "NO_COLOR", "FORCE_COLOR",
                "SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"):
        monkeypatch.delenv(var, raising=False)
    # No entity pass left running in the background after a test's first
    # search (test_entities.py turns it on where it checks it).
    monkeypatch.setenv("READER_BACKGROUND", "0")
    return h


@pytest.fixture
def seeds(tmp_path) -> Path:
    """A private copy of the five seed articles."""
    dest = tmp_path / "seeds"
    shutil.copytree(SEEDS, dest)
    return dest


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


async def wait_until(pilot, ready, what: str):
    """Pause a Pilot until ready() (about 10 s at most): on a loaded machine
    a worker's result takes a while."""
    for _ in range(200):
        if ready():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"{what} never happened")


def run_reader(*args: str, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """`reader ARGS` in a fresh interpreter, as a user's shell runs it."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    full_env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


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
