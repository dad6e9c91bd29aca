"""The benchmark's tables in docs/benchmark.md are what bench/runs/*.json gives (bench/tables.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLES = ROOT / "bench" / "tables.py"


def check(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(TABLES), "--check", *args], capture_output=True, text=True)


def copies(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the runs and of the doc, to change."""
    runs, doc = tmp_path / "runs", tmp_path / "benchmark.md"
    shutil.copytree(ROOT / "bench" / "runs", runs)
    shutil.copy(ROOT / "docs" / "benchmark.md", doc)
    return runs, doc


def test_the_doc_is_what_the_data_gives():
    r = check()
    assert r.returncode == 0, r.stderr


def test_a_changed_figure_names_its_table(tmp_path):
    runs, doc = copies(tmp_path)
    assert check("--runs", str(runs), "--doc", str(doc)).returncode == 0
    path = runs / "index.json"
    data = json.loads(path.read_text("utf-8"))
    run3 = next(r for r in data if r["label"] == "run 3")
    row = next(r for r in run3["rows"] if r["metric"] == "(b) entities complete")
    row["value"] = 227.9  # 227.8 s in the doc
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    r = check("--runs", str(runs), "--doc", str(doc))
    assert r.returncode == 1
    assert "table index/runs-1-3 differs" in r.stderr
    assert "index/run-4" not in r.stderr  # only the table that shows the figure
    assert "**227.9 s**" in r.stderr  # the diff shows what the data now says


def test_a_recorded_run_is_kept_and_measured_again_replaces(tmp_path):
    """harness.record: a new run at the end, its figures replaced when the label comes again; the doc's tables stay."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("harness", ROOT / "bench" / "harness.py")
    harness = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(harness)
    runs, doc = copies(tmp_path)
    before = json.loads((runs / "updates.json").read_text("utf-8"))
    for value in (1.5, 1.25):
        harness.record("updates", "test run", [harness.row("the text index updated", value, "s", ratio=0.5)],
                       note="a fake run", runs=runs)
    after = json.loads((runs / "updates.json").read_text("utf-8"))
    assert after[:-1] == before
    assert after[-1]["label"] == "test run" and after[-1]["note"] == "a fake run"
    assert after[-1]["rows"] == [{"metric": "the text index updated", "value": 1.25, "unit": "s", "ratio": 0.5}]
    assert check("--runs", str(runs), "--doc", str(doc)).returncode == 0
