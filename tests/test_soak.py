"""The soak: an archive edited at random for many rounds, indexed after each
(incrementally), a SIGKILL at a random moment in one round of ten, searches
running beside it all. After every round the index holds exactly what the
folder holds, nothing lost and nothing twice; every hundred rounds it also
answers as a fresh build of the same folder does (issue 25).

READER_SOAK_ROUNDS sets the rounds (1,000 by default)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from conftest import write
from reader.index.files.corpus import Document, iter_documents, make_roots
from conftest import engine_search as search
from reader.index.engine.store import IndexStore

ROUNDS = int(os.environ.get("READER_SOAK_ROUNDS", "1000"))
WORDS = ("الرياض جدة النفط اليمن الحكومة الوزير المملكة الاقتصاد الأسواق الأسعار الطلاب المدارس "
         "الجامعة الصحة الاتفاق إيران سوريا العراق الملك الأمير المشروع التنمية الشركات البنك").split()
PROBES = ("النفط", "الطلاب", "إيران", "المشروع", "البنك")

# A process searching the index over and over while the rounds go on: every
# answer must come without an error and name no document twice.
SEARCHER = r"""
import sys
from pathlib import Path
from reader.core.library import Library
lib = Library.of([Path(sys.argv[1])], base=Path(sys.argv[3]), notify=lambda line: print("said:", line, flush=True))
stop, n = Path(sys.argv[2]), 0
while not stop.exists():
    for word in ("النفط", "الطلاب", "إيران"):
        ids = [h.id for h in lib.search(word, limit=None, group=False).hits]
        if len(ids) != len(set(ids)):
            print("twice:", word, sorted(ids), flush=True)
    n += 1
print("searches:", n, flush=True)
"""


def _article(rng: random.Random, tag: str) -> str:
    title = " ".join(rng.sample(WORDS, 3))
    body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(15, 40)))
    return f"{title}\n\n{body} {tag}.\n"


def _export(rng: random.Random, n: int) -> str:
    return "".join(json.dumps({"title": " ".join(rng.sample(WORDS, 2)), "text": _article(rng, f"سجل{i}")},
                              ensure_ascii=False) + "\n" for i in range(n))


def _mutate(folder: Path, rng: random.Random, serial: list[int]) -> None:
    """One to four random edits: add, edit, rename (to another folder too), delete, an export's records."""
    for _ in range(rng.randint(1, 4)):
        files = sorted(p for p in folder.rglob("*") if p.is_file())
        op = rng.choice(("add", "add", "edit", "edit", "rename", "delete", "export"))
        serial[0] += 1
        tag = f"وسم{serial[0]}"
        if op == "add" or not files:
            write(folder / rng.choice(("", "a", "b/c")) / f"n{serial[0]}.txt", _article(rng, tag))
        elif op == "edit":
            victim = rng.choice(files)
            if victim.suffix == ".jsonl":
                victim.write_text(_export(rng, rng.randint(1, 5)), "utf-8")
            else:
                victim.write_text(_article(rng, tag), "utf-8")
        elif op == "rename":
            victim = rng.choice(files)
            dest = folder / rng.choice(("", "a", "b")) / f"r{serial[0]}{victim.suffix}"
            dest.parent.mkdir(parents=True, exist_ok=True)
            victim.rename(dest)
        elif op == "delete" and len(files) > 3:
            rng.choice(files).unlink()
        elif op == "export":
            write(folder / f"e{serial[0]}.jsonl", _export(rng, rng.randint(1, 4)))


def _on_disk(roots) -> Counter:
    return Counter((d.id, d.hash) for d in iter_documents(roots) if isinstance(d, Document))


def _in_index(st: IndexStore) -> Counter:
    ix = st.open()
    try:
        with ix.searcher() as s:
            return Counter((f["id"], f["hash"]) for f in s.all_stored_fields())
    finally:
        ix.close()


def _answers(st: IndexStore) -> dict[str, list[str]]:
    ix = st.open()
    try:
        return {w: sorted(h.id for h in search(ix, w, limit=None, snippets=0).hits) for w in PROBES}
    finally:
        ix.close()


def _update_killed(st: IndexStore, rng: random.Random) -> None:
    """An update in a child process, SIGKILLed at a random moment of it."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            st.update()
        finally:
            os._exit(0)
    time.sleep(rng.uniform(0, 0.12))  # killed at a random moment of the update: the time must pass
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def test_a_thousand_rounds_of_edits_updates_and_kills(tmp_path):
    rng = random.Random(2026)
    folder = tmp_path / "archive"
    for i in range(25):
        write(folder / ("a" if i % 3 else "") / f"s{i}.txt", _article(rng, f"بذرة{i}"))
    write(folder / "export.jsonl", _export(rng, 4))
    roots = make_roots([folder])
    st = IndexStore(roots, base=tmp_path / "cache", workers=1)
    st.update()
    stop = tmp_path / "stop"
    searcher = subprocess.Popen([sys.executable, "-P", "-c", SEARCHER, str(folder), str(stop), str(tmp_path / "cache")], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env={**os.environ})
    serial, kills = [0], 0
    try:
        for n in range(1, ROUNDS + 1):
            _mutate(folder, rng, serial)
            if rng.random() < 0.1:
                _update_killed(st, rng)
                kills += 1
            report = st.update()
            assert not report.rebuilt_because, f"round {n}: {report.rebuilt_because}"
            held, wanted = _in_index(st), _on_disk(roots)
            assert held == wanted, f"round {n}: twice {[k for k, c in held.items() if c > 1]}, " \
                                   f"lost {sorted(wanted - held)}, stale {sorted(held - wanted)}"
            if n % 100 == 0 or n == ROUNDS:
                fresh = IndexStore(roots, base=tmp_path / f"fresh{n}", workers=1)
                fresh.update()
                assert _answers(st) == _answers(fresh), f"round {n}"
    finally:
        stop.touch()
        out, err = searcher.communicate(timeout=60)
    assert searcher.returncode == 0, err
    assert "twice" not in out and "said:" not in out, out  # nothing twice, nothing found damaged
    assert int(out.split("searches:")[1]) > ROUNDS // 10, out  # it did search throughout
    assert kills >= ROUNDS // 20
    leftovers = [p.name for p in st.current.resolve().iterdir()
                 if p.name.endswith(".tmp") or (p.name.startswith("_MAIN_") and not p.name.endswith(".toc"))]
    assert not leftovers
