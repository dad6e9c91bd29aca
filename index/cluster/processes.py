"""`reader cluster`: searchd shards and an aggregator on loopback, for trying
a cluster, for the tests and for CI.

    DIR/cluster.json          shards, ports
    DIR/shard-<i>/            searchd.conf, data/, searchd.pid, logs
    DIR/aggregator/           searchd.conf, searchd.pid, logs

The aggregator answers SphinxQL on PORT; shard i on PORT + 1 + 2i, and its
agent protocol one port up (index.cluster.config). Each searchd runs as a
daemon of its own and writes its pid file; stop() asks each to stop and
waits for it.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

from reader.index.cluster.config import aggregator_config, shard_config
from reader.index.errors import ClusterError

DEFAULT_PORT = 9306
START_SECONDS = 20.0
MAX_SHARDS = 64


def searchd() -> str:
    """The searchd program: READER_SEARCHD, else the one on PATH."""
    found = os.environ.get("READER_SEARCHD") or shutil.which("searchd")
    if not found:
        raise ClusterError("searchd is not installed: install Debian's sphinxsearch (apt install sphinxsearch) "
                           "or Manticore Search, or set READER_SEARCHD to its path")
    return found


def layout(folder: Path, shards: int, port: int) -> list[tuple[str, Path, list[int]]]:
    """(name, folder, [SphinxQL port, agent port]) of the aggregator and each shard."""
    out = [("aggregator", folder / "aggregator", [port])]
    out += [(f"shard-{i}", folder / f"shard-{i}", [port + 1 + 2 * i, port + 2 + 2 * i]) for i in range(shards)]
    return out


def start(folder: Path, shards: int = 2, port: int = DEFAULT_PORT) -> str:
    """Start a cluster under folder; its SphinxQL address (sphinx://127.0.0.1:PORT).
    When some of its searchd are running, those that are not are started
    again, as cluster.json lays them out (a shard that crashed)."""
    program = searchd()
    folder = folder.expanduser().resolve()
    if _running(folder):
        conf = _conf(folder)
        parts = layout(folder, conf["shards"], conf["port"])
        down = [part for part in parts if _pid(part[1]) is None]
        if not down:
            raise ClusterError(f"a cluster is already running in {folder}: reader cluster stop --dir {folder}")
        _launch(program, folder, sorted(down, key=lambda part: part[0] == "aggregator"), stop_all=False)
        return f"sphinx://127.0.0.1:{conf['port']}"
    if not 1 <= shards <= MAX_SHARDS:
        raise ClusterError(f"--shards must be 1 to {MAX_SHARDS}")
    if not 1024 <= port <= 65535 - 2 * shards - 2:
        raise ClusterError(f"--port must leave room for {2 * shards + 1} ports between 1024 and 65535")
    parts = layout(folder, shards, port)
    busy = [p for _n, _f, ports in parts for p in ports if _in_use(p)]
    if busy:
        raise ClusterError(f"port {busy[0]} is in use: choose another with --port")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "cluster.json").write_text(json.dumps({"shards": shards, "port": port}), "utf-8")
        for name, where, ports in parts:
            (where / "data").mkdir(parents=True, exist_ok=True)
            (where / "binlog").mkdir(exist_ok=True)
            text = (aggregator_config(where, ports[0], [p[1] for _n, _f, p in parts[1:]]) if name == "aggregator"
                    else shard_config(where, *ports))
            (where / "searchd.conf").write_text(text, "utf-8")
    except OSError as e:
        raise ClusterError(f"cannot write the cluster's files in {folder}: {e.strerror or e}") from e
    _launch(program, folder, parts[1:] + parts[:1], stop_all=True)  # the shards first: the aggregator's agents are up
    return f"sphinx://127.0.0.1:{port}"


def _launch(program: str, folder: Path, parts, stop_all: bool) -> None:
    """Start each searchd and wait until it answers; on a failure, stop the
    cluster (a new one) and say why in one line."""
    for name, where, ports in parts:
        r = subprocess.run([program, "--config", str(where / "searchd.conf")], capture_output=True, text=True,
                           stdin=subprocess.DEVNULL)
        if r.returncode != 0 or not _answers(ports[0]):
            if stop_all:
                stop(folder)
            raise ClusterError(f"{name} did not start: {_last_error(where, r.stdout + r.stderr)}")


def stop(folder: Path) -> list[str]:
    """Stop every searchd of the cluster under folder; the names of those that were running."""
    folder = folder.expanduser().resolve()
    conf = _conf(folder)
    if conf is None:
        raise ClusterError(f"no cluster in {folder} (no cluster.json)")
    stopped = []
    for name, where, _ports in layout(folder, conf["shards"], conf["port"]):
        pid = _pid(where)
        if pid is None:
            continue
        try:
            os.kill(pid, 15)
        except ProcessLookupError:
            continue
        stopped.append(name)
        deadline = time.monotonic() + START_SECONDS
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
    return stopped


def status(folder: Path) -> list[tuple[str, int | None, int, bool]]:
    """(name, pid or None, SphinxQL port, answering) of each process of the cluster."""
    folder = folder.expanduser().resolve()
    conf = _conf(folder)
    if conf is None:
        raise ClusterError(f"no cluster in {folder} (no cluster.json)")
    return [(name, _pid(where), ports[0], _answers(ports[0], wait=0.0))
            for name, where, ports in layout(folder, conf["shards"], conf["port"])]


def _conf(folder: Path) -> dict | None:
    try:
        conf = json.loads((folder / "cluster.json").read_text("utf-8"))
        return conf if isinstance(conf.get("shards"), int) and isinstance(conf.get("port"), int) else None
    except (OSError, ValueError, AttributeError):
        return None


def _running(folder: Path) -> bool:
    conf = _conf(folder)
    return conf is not None and any(_pid(where) for _n, where, _p in layout(folder, conf["shards"], conf["port"]))


def _pid(where: Path) -> int | None:
    """The pid in a searchd's pid file, when that process is alive."""
    try:
        pid = int((where / "searchd.pid").read_text().strip())
    except (OSError, ValueError):
        return None
    return pid if _alive(pid) else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie (our own child, not yet reaped) is no server
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ", 1)[1][:1] != "Z"
    except OSError:
        return True


def _in_use(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a port just closed (TIME_WAIT) is free
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


def _answers(port: int, wait: float = START_SECONDS) -> bool:
    """Whether something accepts connections on the port (within wait seconds)."""
    deadline = time.monotonic() + wait
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1.0):
                return True
        except OSError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)


def _last_error(where: Path, said: str) -> str:
    """The last FATAL or ERROR line searchd wrote, or what it printed."""
    try:
        lines = (where / "searchd.log").read_text("utf-8", errors="replace").splitlines()
    except OSError:
        lines = []
    for line in reversed(lines + said.splitlines()):
        if "FATAL" in line or "ERROR" in line:
            return line.split("]", 1)[-1].strip()[:300]
    return (said or "no reason given (see its searchd.log)")[:300]
