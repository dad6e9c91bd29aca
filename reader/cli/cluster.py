"""`reader cluster start | stop | status`: a cluster on this machine (index.cluster.processes)."""

from __future__ import annotations

from pathlib import Path

from reader.cli.common import EXIT_NO_MATCH, EXIT_OK, say
from reader.display.safe import clean_line, dumps_json


def run(args) -> int:
    from reader.index.cluster import processes

    folder = Path(args.dir)
    if args.action == "start":
        say(f"starting the cluster in {clean_line(str(folder))} (the searchd not running, when it has some)")
        address = processes.start(folder, args.shards, args.port)
        print(f"cluster running; search it with READER_BACKEND={address} or backend = \"{address}\" in config.toml; "
              f"address: {address}")
        return EXIT_OK
    if args.action == "stop":
        stopped = processes.stop(folder)
        say(f"stopped {', '.join(stopped)}" if stopped else "nothing was running")
        return EXIT_OK
    rows = processes.status(folder)
    if args.json:
        print(dumps_json([{"name": n, "pid": pid, "port": port, "answers": up} for n, pid, port, up in rows]))
    else:
        for name, pid, port, up in rows:
            print(f"{name:<12} {'pid ' + str(pid) if pid else 'not running':<12} port {port:<6} "
                  f"{'answers' if up else 'does not answer'}")
    return EXIT_OK if all(up for *_rest, up in rows) else EXIT_NO_MATCH
