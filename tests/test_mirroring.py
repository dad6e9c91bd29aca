"""reader/display/mirroring.py: Unicode's mirrored-glyph pairs, a copy of python-bidi's."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from reader.display.layout import Paragraph
from reader.display.mirroring import MIRRORED


def test_the_table_is_python_bidis():
    mirror = pytest.importorskip("bidi.mirror")  # the test extra installs it
    # On a failure after a python-bidi upgrade: python scripts/gen_mirroring.py
    assert MIRRORED == mirror.MIRRORED


def test_the_table_agrees_with_unicodedata():
    assert len(MIRRORED) > 300
    assert all(unicodedata.mirrored(a) and unicodedata.mirrored(b) for a, b in MIRRORED.items())
    assert all(MIRRORED[b] == a for a, b in MIRRORED.items())  # every pair both ways
    for ch in "()[]{}<>«»":
        assert ch in MIRRORED


def test_the_display_mirrors_without_python_bidi(monkeypatch):
    monkeypatch.setitem(sys.modules, "bidi", None)  # any `import bidi...` now fails
    monkeypatch.setitem(sys.modules, "bidi.mirror", None)
    (line,) = Paragraph("هجوم (الباغوز) و«داعش»").lines(80)
    shown = "".join(line.chars)
    # Reading left to right on screen, an RTL bracket pair shows as ( … ).
    assert shown.index("(") < shown.index(")") and shown.index("«") < shown.index("»")
