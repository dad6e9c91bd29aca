"""Running reader where file permissions hold, root or not."""

from __future__ import annotations

import os
import subprocess

import pytest

from conftest import READER


def as_plain_user() -> list[str]:
    """A command prefix under which permissions hold: none for a plain user;
    for root (who reads and writes through chmod), a user namespace where
    root's files are our own but no capability overrides their mode."""
    if os.geteuid() != 0:
        return []
    prefix = ["unshare", "--user", "--map-user=1000", "--map-group=1000"]
    try:
        ok = subprocess.run([*prefix, "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        ok = False
    if not ok:
        pytest.skip("running as root without user namespaces: chmod stops neither reads nor writes")
    return prefix


def run_plain(*args: str) -> subprocess.CompletedProcess:
    """`reader ARGS` as a user whom file permissions stop."""
    env = dict(os.environ)
    return subprocess.run([*as_plain_user(), READER, *args], capture_output=True, text=True,
                          env=env, timeout=120, stdin=subprocess.DEVNULL)
