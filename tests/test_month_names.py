"""index/language/month_names.py: CLDR's names as Babel gives them, without Babel at run time."""

from __future__ import annotations

import importlib.util
import sys

from conftest import ROOT
from reader.entities import rules
from reader.index.language import month_names


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_table_is_what_babel_gives():
    locales, months, weekdays = _script("gen_month_names").collect()
    # On a failure after a Babel upgrade: python scripts/gen_month_names.py
    assert month_names.LOCALES == locales
    assert month_names.MONTHS == months
    assert month_names.WEEKDAYS == weekdays


def test_dates_are_found_without_babel(monkeypatch):
    monkeypatch.setitem(sys.modules, "babel", None)  # any `import babel` now fails
    rules._lexicon.cache_clear()
    try:
        text = "الأحد 15 يناير 2019 و3 كانون الثاني"
        found = [text[s:e] for s, e, kind in rules.find_dates_numbers(text) if kind == "DATE"]
    finally:
        rules._lexicon.cache_clear()  # the next test builds it with whatever it finds
    assert found == ["الأحد 15 يناير 2019", "3 كانون الثاني"]
