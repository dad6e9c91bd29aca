"""Through a real SSH connection: `ssh host reader search` and the TUI under `ssh -t`.

A throwaway sshd listens on 127.0.0.1 with its own keys and config in a
temporary folder, and is stopped at the end. Skipped, with the reason,
where sshd cannot start (not installed, not root, no privilege separation
folder).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from conftest import PRESENTATION, READER, wait_for

SSHD = shutil.which("sshd") or "/usr/sbin/sshd"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def sshd(tmp_path):
    if not Path(SSHD).exists() or not shutil.which("ssh"):
        pytest.skip("openssh-server/client not installed (apt-get install openssh-server); .ci/run installs it")
    if os.geteuid() != 0:
        pytest.skip("a throwaway sshd needs root here (privilege separation)")
    Path("/run/sshd").mkdir(exist_ok=True)
    keys = tmp_path / "ssh"
    keys.mkdir()
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(keys / "host")], check=True)
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(keys / "user")], check=True)
    shutil.copy(keys / "user.pub", keys / "authorized_keys")
    port = _free_port()
    config = keys / "sshd_config"
    config.write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {keys / 'host'}\n"
        f"AuthorizedKeysFile {keys / 'authorized_keys'}\nPidFile {keys / 'sshd.pid'}\n"
        "PermitRootLogin prohibit-password\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n"
        "UsePAM no\nStrictModes no\nAcceptEnv LANG LC_*\n"
    )
    proc = subprocess.Popen([SSHD, "-D", "-e", "-f", str(config)], stderr=subprocess.PIPE, text=True)

    def listening() -> bool:
        if proc.poll() is not None:
            pytest.skip(f"sshd could not start: {proc.stderr.read().strip()[:200]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return True
        except OSError:
            return False

    try:
        wait_for(listening, interval=0.1, what="sshd listening")
    except AssertionError:
        proc.kill()
        pytest.skip("sshd did not listen in time")
    base = ["ssh", "-i", str(keys / "user"), "-p", str(port), "-o", "StrictHostKeyChecking=no",
            "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR"]
    yield base, "root@127.0.0.1"
    proc.terminate()
    proc.wait(timeout=10)


def _remote(command: list[str], home: Path) -> str:
    env = {"HOME": str(home), "XDG_CACHE_HOME": str(home / "cache"), "XDG_DATA_HOME": str(home / "data"),
           "XDG_STATE_HOME": str(home / "state"), "XDG_CONFIG_HOME": str(home / "config"),
           "PYTHONWARNINGS": "ignore", "LANG": "C.UTF-8"}
    quoted = " ".join(f"'{a}'" for a in command)
    return "env " + " ".join(f"{k}='{v}'" for k, v in env.items()) + f" {READER} {quoted}"


def test_reader_search_over_ssh_is_shaped_for_the_person_reading(sshd, seeds, tmp_path):
    ssh, host = sshd
    cmd = _remote(["search", "خلافته", "--corpus", str(seeds)], tmp_path)
    r = subprocess.run([*ssh, host, cmd], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "4 documents match" in r.stdout
    assert PRESENTATION.search(r.stdout)  # stdout is a pipe on the server, yet shaped: SSH_CONNECTION
    r = subprocess.run([*ssh, host, _remote(["search", "خلافته", "--corpus", str(seeds), "--json"], tmp_path)],
                       capture_output=True, text=True, timeout=120)
    assert '"id": "001_4842e351d2c85202.txt"' in r.stdout and not PRESENTATION.search(r.stdout)


def test_tui_over_ssh_t_in_tmux(sshd, seeds, tmp_path):
    if not shutil.which("tmux"):
        pytest.skip("tmux is not installed; .ci/run installs it")
    ssh, host = sshd
    session = f"reader-ssh-{os.getpid()}"
    cmd = _remote(["--corpus", str(seeds)], tmp_path)
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "80", "-y", "24",
                    *ssh, "-t", host, f"TERM=xterm-256color {cmd}"], check=True)

    def screen() -> str:
        return subprocess.run(["tmux", "capture-pane", "-t", session, "-p"], capture_output=True, text=True).stdout

    def shown(text: str) -> str:
        """The screen once it shows text."""

        def showing() -> str | None:
            now = screen()
            return now if text in now else None

        try:
            return wait_for(showing, timeout=60, interval=0.2, what=f"{text!r} on the screen")
        except AssertionError as e:
            raise AssertionError(f"{e}:\n{screen()}") from None

    try:
        shown("documents; type a query")
        subprocess.run(["tmux", "send-keys", "-t", session, "داعش"], check=True)
        shown("ﺶﻋﺍﺩ")
        subprocess.run(["tmux", "send-keys", "-t", session, "Enter"], check=True)
        s = shown("documents match")
        assert PRESENTATION.search(s) and "داعش" not in s
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
