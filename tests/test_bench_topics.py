"""The topic benchmark's judged set and measures (bench/bench_topics.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def bench(code: str):
    """What code prints, run with bench/ as the scripts there import each other."""
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT / "bench", capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_every_topic_is_judged_in_two_halves():
    got = bench("import json, bench_topics as B\n"
                "t, q = B.load_topics(), B.load_qrels()\n"
                "print(json.dumps({'ids': [x['id'] for x in t], 'words': [len(x['query'].split()) for x in t],"
                " 'halves': [B.half(x) for x in t], 'judged': {k: sorted(set(v.values())) for k, v in q.items()},"
                " 'sizes': [len(q.get(x['id'], {})) for x in t]}))")
    assert len(got["ids"]) == 50 and len(set(got["ids"])) == 50
    assert all(2 <= n <= 5 for n in got["words"])  # as analysts type a topic
    assert got["halves"].count("tune") == got["halves"].count("held") == 25
    assert sorted(int(k) for k in got["judged"]) == sorted(got["ids"])  # no topic unjudged, none unknown
    assert all(set(g) <= {0, 1, 2} for g in got["judged"].values())
    assert min(got["sizes"]) >= 20  # a pool of three systems' top 20


def test_ndcg_rewards_the_better_grade_first_and_counts_the_unjudged_as_nothing():
    got = bench("import json, bench_topics as B\n"
                "g = {'a': 2, 'b': 1, 'c': 0}\n"
                "print(json.dumps([B.ndcg(['a', 'b', 'c'], g), B.ndcg(['b', 'a'], g), B.ndcg(['x', 'y'], g),"
                " B.ndcg(['x', 'a', 'b'], g), B.precision(['a', 'c', 'x', 'b'], g, 4)]))")
    ideal, swapped, none, late, p = got
    assert ideal == 1.0 and 0 < swapped < 1 and none == 0.0 and 0 < late < swapped
    assert p == 0.5
