"""Talking to the engine: the aggregator for searches, each shard for writes.

Every failure leaves here as one ClusterError line: a server that does not
answer, one of another kind or version, a shard an answer lacks.
"""

from __future__ import annotations

import re

from reader.index.cluster.config import INDEX
from reader.index.errors import ClusterError

CONNECT_SECONDS = 5
READ_SECONDS = 120
# What the engine must be: Sphinx 2.2.x, or Manticore Search (its fork).
_VERSION_RE = re.compile(r"^(\d+)\.(\d+)")


def parse_spec(spec: str) -> tuple[str, int]:
    """(host, port) of sphinx://HOST:PORT; ClusterError if it is not one."""
    m = re.fullmatch(r"sphinx://([A-Za-z0-9.\-]+|\[[0-9a-fA-F:]+\]):(\d{1,5})/?", spec.strip())
    if not m or not 0 < int(m.group(2)) < 65536:
        raise ClusterError(f"backend {spec!r} is not sphinx://HOST:PORT (reader cluster start prints one)")
    return m.group(1).strip("[]"), int(m.group(2))


class Connection:
    """One SphinxQL connection; query() returns rows, or raises ClusterError."""

    def __init__(self, host: str, port: int, what: str):
        import pymysql

        self.what = what
        self.address = f"{host}:{port}"
        try:
            self._db = pymysql.connect(host=host, port=port, user="", autocommit=True, charset="utf8",
                                       connect_timeout=CONNECT_SECONDS, read_timeout=READ_SECONDS,
                                       write_timeout=READ_SECONDS)
        except pymysql.err.MySQLError as e:
            raise ClusterError(f"the {what} at {self.address} does not answer ({_reason(e)}): "
                               "is the cluster running? (reader cluster status)") from e
        self.version = self._db.get_server_info() or ""

    def query(self, sql: str, args=None) -> tuple:
        import pymysql

        try:
            with self._db.cursor() as cur:
                cur.execute(sql, args)
                return cur.fetchall()
        except pymysql.err.MySQLError as e:
            reason = _reason(e)
            if "agent" in reason and ("failed" in reason or "timed out" in reason):
                raise ClusterError(f"no shard of the cluster at {self.address} answered ({reason}): "
                                   "reader cluster status says which are down") from e
            raise ClusterError(f"the {self.what} at {self.address} failed: {reason}") from e

    def many(self, sql: str, rows: list) -> None:
        """One statement over many rows (pymysql sends REPLACE ... VALUES in batches)."""
        import pymysql

        try:
            with self._db.cursor() as cur:
                cur.executemany(sql, rows)
        except pymysql.err.MySQLError as e:
            raise ClusterError(f"the {self.what} at {self.address} failed: {_reason(e)}") from e

    def meta(self) -> dict[str, str]:
        """SHOW META of the last query: totals and each keyword's statistics."""
        return dict(self.query("SHOW META"))

    def warnings(self) -> list[str]:
        return [row[2] for row in self.query("SHOW WARNINGS")]

    def close(self) -> None:
        try:
            self._db.close()
        except Exception:  # noqa: BLE001 - a connection already lost
            pass


def _reason(e) -> str:
    args = getattr(e, "args", ())
    text = str(args[1] if len(args) > 1 else e)
    return " ".join(text.replace("\x00", "").split())[:300] or type(e).__name__


def check_version(conn: Connection) -> None:
    """ClusterError unless the server is Sphinx 2.2 or later, or Manticore."""
    m = _VERSION_RE.match(conn.version)
    if m is None or (int(m.group(1)), int(m.group(2))) < (2, 2):
        raise ClusterError(f"the server at {conn.address} is {conn.version or 'of an unknown version'}: "
                           "reader needs Sphinx 2.2 or Manticore Search")


def shard_addresses(aggregator: Connection) -> list[tuple[str, int]]:
    """(host, SphinxQL port) of each shard of the aggregator's distributed index:
    its agent's port - 1 (index.cluster.config)."""
    rows = aggregator.query(f"DESCRIBE {INDEX}")
    agents = [r[0] for r in rows if len(r) > 1 and str(r[1]).startswith(("remote", "local"))]
    if not agents:
        raise ClusterError(f"the aggregator at {aggregator.address} has no distributed index {INDEX!r} "
                           "with agents (see the README's cluster configuration)")
    out = []
    for agent in agents:
        host, port, _index = (agent.rsplit(":", 2) + ["", ""])[:3]
        if not port.isdigit():
            raise ClusterError(f"the aggregator's agent {agent!r} is not HOST:PORT:INDEX")
        out.append((host, int(port) - 1))
    return out
