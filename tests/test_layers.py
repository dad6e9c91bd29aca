"""The architecture, enforced: import-linter's contracts (pyproject.toml) and no circles.

Both run on the source tree laid out as it installs (index/ as reader.index,
entities/ as reader.entities), so they check the code being changed, not an
installed copy.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

grimp = pytest.importorskip("grimp")


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    """The package as an install lays it out, Python files only."""
    top = tmp_path_factory.mktemp("layout")
    py = shutil.ignore_patterns("__pycache__", "*.tsv", "*.npz", "*.txt", "*.svg")
    shutil.copytree(ROOT / "reader", top / "reader", ignore=py)
    shutil.copytree(ROOT / "index", top / "reader" / "index", ignore=py)
    shutil.copytree(ROOT / "entities", top / "reader" / "entities", ignore=py)
    shutil.copy(ROOT / "pyproject.toml", top / "pyproject.toml")
    return top


def test_import_contracts_hold(tree):
    lint = Path(sys.executable).with_name("lint-imports")
    if not lint.exists():
        pytest.skip("lint-imports (import-linter) is not installed")
    r = subprocess.run([str(lint), str(tree / "pyproject.toml"), "--no-cache"], cwd=tree, capture_output=True,
                       text=True, env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"})
    assert r.returncode == 0, r.stdout + r.stderr
    kept = re.search(r"Contracts: (\d+) kept, 0 broken", r.stdout)
    assert kept and int(kept.group(1)) >= 5, r.stdout


def test_no_module_imports_itself_through_others(tree, monkeypatch):
    """No circle of imports anywhere in the package, counting imports made
    inside functions too: a lazy import is still a dependency."""
    monkeypatch.syspath_prepend(str(tree))
    for name in [m for m in sys.modules if m == "reader" or m.startswith("reader.")]:
        monkeypatch.delitem(sys.modules, name)
    graph = grimp.build_graph("reader", cache_dir=None)
    modules = sorted(graph.modules)
    assert "reader.index.engine.store" in modules and "reader.core.library" in modules
    circles = [chain for m in modules for chain in _circle_through(graph, m)]
    assert circles == []


def _circle_through(graph, module: str):
    """The shortest import chain that leaves module and comes back, if any."""
    for imported in graph.find_modules_directly_imported_by(module):
        if imported == module or not imported.startswith("reader"):
            continue
        back = graph.find_shortest_chain(importer=imported, imported=module)
        if back:
            yield (module, *back)
            return
