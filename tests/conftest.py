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
    for var in ("READER_CORPUS", "READER_SHAPE", "NO_COLOR", "SSH_CONNECTION", "SSH_CLIENT"):
        monkeypatch.delenv(var, raising=False)
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
