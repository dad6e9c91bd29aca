"""Scanned PDFs read by OCR: each page drawn as an image by poppler's
pdftoppm and read by Tesseract with its Arabic model (Debian's
poppler-utils, tesseract-ocr and tesseract-ocr-ara), both run as programs.

They run from the reader process (index.files.sandbox), so under its memory
limit (RLIMIT_AS passes to a program it starts) and its own clock,
READER_OCR_SECONDS, longer than a text file's: a page takes about 1.3
CPU seconds. Tesseract is told the language "ara" alone: "ara+eng" read
Arabic words as Latin garbage on the benchmark's pages. What it read is
kept in the cache by the file's bytes and the engine's version, so a
rebuild of the index never reads a page twice.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from reader.index.files.formats import limits

# Tesseract's own advice: 300 dpi. A page's longer side is kept to
# MAX_SIDE pixels all the same: a poster-sized page would draw gigabytes.
DPI = 300
MAX_SIDE = 5000
LANGUAGE = "ara"
PACKAGES = ("tesseract-ocr", "tesseract-ocr-ara", "poppler-utils")
# Tesseract's marks around Latin runs, and the controls no text keeps
# (a form feed, which ends a page, is read as a break first).
_JUNK_RE = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\x00-\x08\x0b\x0d-\x1f\x7f-\x9f]")
_PAGE_NUMBER_RE = re.compile(r"[\d\u0660-\u0669\s\-–/|]+")


@functools.lru_cache(maxsize=1)
def _found() -> tuple[str | None, tuple[str, ...]]:
    """(Tesseract's version line, or None; the Debian packages missing)."""
    tesseract, missing = shutil.which("tesseract"), []
    langs = version = ""
    if tesseract:
        try:
            langs = subprocess.run([tesseract, "--list-langs"], capture_output=True, text=True, timeout=20,
                                   env=_environment()).stdout
            version = subprocess.run([tesseract, "--version"], capture_output=True, text=True, timeout=20,
                                     env=_environment()).stdout
        except (OSError, subprocess.SubprocessError):
            tesseract = None
    if not tesseract:
        missing.append("tesseract-ocr")
    if LANGUAGE not in langs.split():
        missing.append("tesseract-ocr-ara")
    if not shutil.which("pdftoppm"):
        missing.append("poppler-utils")
    return (None if missing else (version.splitlines() or ["tesseract"])[0].strip()), tuple(missing)


def engine() -> str | None:
    """Tesseract's version line when it and pdftoppm can read Arabic, else None."""
    return _found()[0]


def available() -> bool:
    return engine() is not None


def missing_line() -> str:
    """What to install for a scanned PDF to be read."""
    missing = _found()[1] or PACKAGES
    names = missing[0] if len(missing) == 1 else f"{', '.join(missing[:-1])} and {missing[-1]}"
    return f"install {names} to read it by OCR"


def _environment() -> dict:
    # One thread: the build runs a reader per core already, and Tesseract's
    # OpenMP threads slow it on a shared machine (its own FAQ says so).
    return {**os.environ, "OMP_THREAD_LIMIT": "1", "LC_ALL": "C"}


def read_pages(data: bytes, page_sizes: list[tuple[float, float]]) -> tuple[list[str], list[str]]:
    """(paragraphs, notes): the text OCR reads on the pages of a PDF whose
    sizes (in points) are given; notes say what was left out and why. The
    file's clock is the one limits.allow("ocr_seconds") set."""
    cache = _cache_path(data)
    raw = _cached(cache)
    notes: list[str] = []
    if raw is None:
        raw, notes = _read(data, page_sizes)
        if not notes and raw.strip() and cache is not None:
            _keep(cache, raw)
    return paragraphs(raw), notes


def _read(data: bytes, page_sizes) -> tuple[str, list[str]]:
    """Tesseract's text of every page (a form feed after each), and what was not read."""
    pages: list[str] = []
    notes: list[str] = []
    try:
        with tempfile.TemporaryDirectory(prefix="reader-ocr-") as tmp:
            pdf = Path(tmp) / "in.pdf"
            pdf.write_bytes(data)
            for number, (width, height) in enumerate(page_sizes, 1):
                try:
                    pages.append(_page(pdf, number, _dpi(width, height)))
                except subprocess.TimeoutExpired:
                    left = f"page {number}" if number == len(page_sizes) else f"pages {number} to {len(page_sizes)}"
                    took = limits.SOFT_SHARE * limits.current().ocr_seconds
                    notes.append(limits.over("ocr_seconds", f"{left} not read: OCR took over {took:g} s"))
                    break
                except _PageFailed as e:
                    notes.append(f"page {number} not read by OCR ({e})")
    except OSError as e:  # a full or read-only temporary folder
        notes.append(f"not read by OCR: its pages could not be drawn in {tempfile.gettempdir()} ({e.strerror or e})")
    return "\x0c".join(pages), notes


class _PageFailed(Exception):
    pass


def _dpi(width: float, height: float) -> int:
    longest = max(width, height, 1.0) / 72  # inches
    return max(30, min(DPI, int(MAX_SIDE / longest)))


def _page(pdf: Path, number: int, dpi: int) -> str:
    image = pdf.with_name(f"page-{number}")
    # A grey PGM, not a PNG: compressing a scan's speckle took pdftoppm
    # 8 s a page, four times what Tesseract takes to read it.
    _run(["pdftoppm", "-f", str(number), "-l", str(number), "-r", str(dpi), "-gray", "-singlefile",
          str(pdf), str(image)])
    pgm = image.with_suffix(".pgm")
    try:
        out = _run(["tesseract", str(pgm), "-", "-l", LANGUAGE, "--dpi", str(dpi), "--psm", "3"])
    finally:
        pgm.unlink(missing_ok=True)
    return out.decode("utf-8", "replace")


def _run(argv: list[str]) -> bytes:
    """A program's output; TimeoutExpired once the file's clock has run out."""
    left = limits.seconds_left()
    if left is not None and left <= 0:
        raise subprocess.TimeoutExpired(argv[0], 0)
    try:
        done = subprocess.run(argv, capture_output=True, timeout=left, env=_environment(), stdin=subprocess.DEVNULL,
                              preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)
    except OSError as e:
        raise _PageFailed(f"{argv[0]}: {e.strerror or e}")
    if done.returncode != 0:
        why = " ".join(_JUNK_RE.sub(" ", done.stderr.decode("utf-8", "replace")).split())[:120]
        raise _PageFailed(f"{argv[0]} failed" + (f": {why}" if why else f" ({done.returncode})"))
    return done.stdout


def _die_with_parent() -> None:
    """In the program, before it starts: killed with the reader process
    (index.files.sandbox kills a reader over its clock or memory), never left
    running on its own."""
    import ctypes
    import signal

    ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


# Arabic's comma, semicolon and question mark, which the Arabic model
# reads as their Latin look-alikes: after an Arabic letter, before an
# Arabic word or the line's end.
_PUNCT = {",": "،", ";": "؛", "?": "؟"}
_LATIN_PUNCT_RE = re.compile(r"(?<=[\u0621-\u064a\u064b-\u0652\u0670])\s?([,;?])(?=\s*(?:[\u0621-\u064a«(]|$))")


def paragraphs(text: str) -> list[str]:
    """Tesseract's output as paragraphs: its blocks (blank lines between
    them; a form feed ends a page), their lines joined; a page number alone
    is left out."""
    out = []
    for block in re.split(r"\n\s*\n|\x0c", _JUNK_RE.sub("", text)):
        para = " ".join(block.split())
        para = _LATIN_PUNCT_RE.sub(lambda m: _PUNCT[m.group(1)], para)
        if para and not _PAGE_NUMBER_RE.fullmatch(para):
            out.append(para)
    return out


# --- what Tesseract read, kept ------------------------------------------------------
# Its own output, so that a change to paragraphs() applies to what is kept.


def _cache_path(data: bytes) -> Path | None:
    version = engine()
    if version is None:
        return None
    from reader.paths import cache_dir

    key = hashlib.sha256(f"{version}|{LANGUAGE}|{DPI}|{MAX_SIDE}\n".encode() + data).hexdigest()[:40]
    return cache_dir() / "ocr" / f"{key}.txt"


def _cached(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _keep(path: Path, raw: str) -> None:
    """Kept for the next build; a cache that cannot be written (a full or
    read-only disk) only costs the next build the time."""
    from reader.atomic import write_atomic

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, raw)
    except OSError:
        pass
