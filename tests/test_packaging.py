"""What pyproject.toml promises an installer: the name, the command, the licences, the dependencies."""

from __future__ import annotations

import ast
import sys
import tomllib
from importlib.metadata import packages_distributions, version

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
PROJECT = PYPROJECT["project"]
# What installs as the package reader (pyproject's package-dir).
RUNTIME_SOURCES = ("reader", "index", "entities")


def _requirements(specs: list[str]) -> dict[str, Requirement]:
    return {canonicalize_name(r.name): r for r in map(Requirement, specs)}


RUNTIME = _requirements(PROJECT["dependencies"])


def test_the_distribution_is_not_the_unrelated_reader_on_pypi():
    # `reader` on PyPI is a feed reader: pip would offer to "upgrade" us to it.
    assert canonicalize_name(PROJECT["name"]) != "reader"
    assert PROJECT["scripts"] == {"reader": "reader.cli:main"}


def test_licence_metadata_names_both_licences_and_their_files():
    # ANERcorp's BY-SA, SaudiNewsNet's BY-NC-SA through the clusters, GeoNames' BY in places.tsv
    assert PROJECT["license"] == "MIT AND CC-BY-SA-4.0 AND CC-BY-NC-SA-4.0 AND CC-BY-4.0"
    assert "License ::" not in str(PROJECT.get("classifiers", []))  # PEP 639: the expression alone
    files = PROJECT["license-files"]
    assert all((ROOT / f).is_file() for f in files), files
    texts = {f: (ROOT / f).read_text("utf-8") for f in files}
    assert any(t.startswith("MIT License") and "the reader authors" in t for t in texts.values())
    model = next(t for t in texts.values() if "CC BY-SA 4.0" in t)
    for needed in ("ner.npz", "clusters.tsv", "Benajiba", "CAMeL", "Obeid", "SaudiNewsNet", "changed",
                   "CC-BY-NC-SA-4.0", "non-commercial", "places.tsv", "GeoNames", "CC-BY-4.0", "CLDR"):
        assert needed in model, needed
    build = _requirements(PYPROJECT["build-system"]["requires"])
    # Older setuptools rejects license-files or writes no License-Expression.
    assert not build["setuptools"].specifier.contains("76.9")


def _imported_top_names() -> set[str]:
    names = set()
    for top in RUNTIME_SOURCES:
        for path in (ROOT / top).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.Import):
                    names |= {a.name.split(".")[0] for a in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"reader", "__future__"}


def test_runtime_dependencies_are_exactly_what_the_package_imports():
    # Imports inside functions count: a lazy import still needs its package.
    dists = packages_distributions()
    imported = {canonicalize_name(dists[name][0]) for name in _imported_top_names()}
    assert imported | set(FOR_A_DEPENDENCY) == set(RUNTIME), "declared but not imported, or imported but not declared"


# Declared for a dependency that imports it without declaring it.
FOR_A_DEPENDENCY = {"lxml-html-clean": "jusText (trafilatura's) imports lxml.html.clean"}


def test_what_we_declare_for_a_dependency_is_what_it_really_imports():
    import importlib

    importlib.import_module("lxml.html.clean")  # fails where lxml_html_clean is missing
    assert set(FOR_A_DEPENDENCY) <= set(RUNTIME)


def test_a_dependency_whose_internals_we_import_is_capped_to_the_major_in_use():
    # reader.display.shaping imports arabic_reshaper.ligatures, no public API.
    req = RUNTIME["arabic-reshaper"]
    installed = Version(version("arabic-reshaper"))
    assert req.specifier.contains(installed)
    assert not req.specifier.contains(Version(f"{installed.major + 1}.0"))
