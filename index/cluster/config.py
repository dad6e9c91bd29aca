"""The engine's configuration: a shard's real-time index, the aggregator's
distributed index over the shards, and each searchd's own settings.

Each shard answers SphinxQL on one port and the aggregator's agent
protocol on the next one up: reader finds the shards from the aggregator
(DESCRIBE) and writes to each on its agent port - 1. The README shows the
same layout for Manticore on real machines.
"""

from __future__ import annotations

from pathlib import Path

from reader.index.cluster.tokens import CHARSET, FIELDS

INDEX = "reader"  # the index's name, on every shard and on the aggregator
# Bump when the fields or attributes change: a cluster of another version is
# rebuilt, as the embedded index is.
CLUSTER_SCHEMA = 4
# Attributes kept with each document: what a hit, a listing and a reading show.
STRINGS = ("doc_id", "path", "title", "author", "encoding", "hash", "file", "date_from", "outlet", "url", "text")
NUMBERS = ("day", "file_day")
# Prefix searches (سعود*) ask for at most this many words, the most frequent
# (as the embedded index does: index.engine.ranking.MAX_EXPANSION).
EXPANSION = 100


def shard_config(folder: Path, sql_port: int, api_port: int) -> str:
    lines = ["index " + INDEX, "{", "    type = rt", f"    path = {folder / 'data' / INDEX}"]
    lines += [f"    rt_field = {f}" for f in FIELDS]
    lines += [f"    rt_attr_string = {a}" for a in STRINGS]
    lines += [f"    rt_attr_uint = {a}" for a in NUMBERS]
    lines += [
        "    dict = keywords",  # keyword statistics, prefixes expanded at query time
        "    min_word_len = 1",
        "    min_prefix_len = 1",
        f"    charset_table = {CHARSET}",
        "    index_field_lengths = 1",  # each field's length, for BM25
        "    rt_mem_limit = 256M",
        "}",
    ]
    return "\n".join(lines + _searchd(folder, [f"127.0.0.1:{sql_port}:mysql41", f"127.0.0.1:{api_port}"])) + "\n"


def aggregator_config(folder: Path, sql_port: int, agents: list[int]) -> str:
    lines = ["index " + INDEX, "{", "    type = distributed"]
    lines += [f"    agent = 127.0.0.1:{port}:{INDEX}" for port in agents]
    lines += ["    agent_connect_timeout = 1000", "    agent_query_timeout = 30000", "}"]
    return "\n".join(lines + _searchd(folder, [f"127.0.0.1:{sql_port}:mysql41"])) + "\n"


def _searchd(folder: Path, listen: list[str]) -> list[str]:
    return ["searchd", "{", *[f"    listen = {a}" for a in listen],
            f"    log = {folder / 'searchd.log'}", f"    query_log = {folder / 'query.log'}",
            f"    pid_file = {folder / 'searchd.pid'}", f"    binlog_path = {folder / 'binlog'}",
            "    workers = threads", f"    expansion_limit = {EXPANSION}",
            "    max_packet_size = 128M", "    read_timeout = 30", "}"]
