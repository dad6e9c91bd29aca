"""The limits one file is read under, and the line that says which was hit.

A corpus can hold a file built to hurt (a zip bomb, a PDF whose pages all
draw one huge stream): reading any single file costs at most READ_SECONDS
and READ_MEMORY_MB (index.files.sandbox enforces them), what a compressed part
may inflate to is capped (a .docx's zip members, a PDF's streams), and a
file over a limit is skipped or cut with a line naming the limit and the
environment variable that raises it. Each limit is read from the
environment when a build starts, so the forked readers inherit it.
"""

from __future__ import annotations

import os
import time
from collections import namedtuple

from reader.errors import ReaderError
from reader.index.files.formats import FormatError

# name: (environment variable, default, unit in the messages, what it bounds)
SETTINGS = {
    "file_mb": ("READER_MAX_FILE_MB", 10, "MiB", "a file's size"),
    "inflate_mb": ("READER_MAX_INFLATE_MB", 100, "MiB", "what a file's compressed parts inflate to"),
    "seconds": ("READER_READ_SECONDS", 30, "s", "the time to read one file"),
    "ocr_seconds": ("READER_OCR_SECONDS", 600, "s", "the time to read one scanned PDF by OCR"),
    "memory_mb": ("READER_READ_MEMORY_MB", 500, "MiB", "the memory to read one file"),
    "pdf_pages": ("READER_PDF_PAGES", 2000, "pages", "the pages read of a PDF"),
}
# The share of the time left to a reader that can cut a file (a PDF between
# pages, an export between articles) before the reader is stopped outright;
# and of the memory (what is read so far is yet to be laid out).
SOFT_SHARE = 0.8
SOFT_MEMORY_SHARE = 0.6


class LimitError(ReaderError):
    """A limit set to something that is not a positive number."""


class LimitExceeded(FormatError):
    """A file over a limit: str(e) names the limit and how to raise it."""


class Limits(namedtuple("Limits", list(SETTINGS))):
    __slots__ = ()

    @property
    def file_bytes(self) -> int:
        return int(self.file_mb * 1048576)

    @property
    def inflate_bytes(self) -> int:
        return int(self.inflate_mb * 1048576)


def current() -> Limits:
    """The limits as the environment sets them; LimitError names a bad value."""
    values = []
    for name, (env, default, unit, _what) in SETTINGS.items():
        raw = os.environ.get(env, "").strip()
        if not raw:
            values.append(default)
            continue
        try:
            value = float(raw)
        except ValueError:
            value = 0.0
        if not value > 0 or value == float("inf"):
            raise LimitError(f"{env}={raw[:40]!r} is not a positive number ({unit}): it sets {SETTINGS[name][3]}")
        values.append(int(value) if name == "pdf_pages" else value)
    return Limits(*values)


def over(name: str, what: str) -> str:
    """"{what} (limit 30 s: set READER_READ_SECONDS to raise it)"."""
    env, _default, unit, _what = SETTINGS[name]
    value = getattr(current(), name)
    shown = f"{value:g}" if isinstance(value, float) else str(value)
    return f"{what} (limit {shown} {unit}: set {env} to raise it)"


# --- the time of the file being read -----------------------------------------------

_deadline: float | None = None  # time.monotonic() at which the file's reader is cut


def start_file(seconds: float | None) -> None:
    """The clock of a new file: readers that can cut one stop at SOFT_SHARE of it."""
    global _deadline
    _deadline = None if seconds is None else time.monotonic() + SOFT_SHARE * seconds


# Told the name of the clock a file is allowed (set by index.files.sandbox in a
# reader process, whose parent then waits that long).
clock_listener = None


def allow(name: str) -> None:
    """The file being read gets the time of another clock from now (a
    scanned PDF read by OCR: "ocr_seconds")."""
    start_file(getattr(current(), name))
    if clock_listener is not None:
        clock_listener(name)


def seconds_left() -> float | None:
    """What is left of the file's share of time (negative once it is
    used), or None when no clock runs (a file read outside the corpus)."""
    return None if _deadline is None else _deadline - time.monotonic()


def out_of_time() -> bool:
    """Whether the file being read has used its share of time (a reader
    that can stop part way then keeps what it has)."""
    return _deadline is not None and time.monotonic() > _deadline


def time_cut(what: str) -> str:
    """The line of a file cut for time: "{what} not read (reading took over 24 s ...)"."""
    seconds = f"{current().seconds * SOFT_SHARE:.1f}".removesuffix(".0")
    return over("seconds", f"{what} not read: reading took over {seconds} s")


# --- the memory of the file being read --------------------------------------------

# The address space at which a reader that can cut a file stops (set by the
# reader process, index.files.sandbox, under its RLIMIT_AS); None: not watched.
memory_soft: int | None = None


def address_space() -> int:
    """This process's address space in bytes (what RLIMIT_AS limits)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def short_of_memory() -> bool:
    """Whether the file being read has used its share of memory."""
    return memory_soft is not None and address_space() > memory_soft


# --- what went wrong --------------------------------------------------------------

memory_hit = False  # a MemoryError was met since the process started: a reader process starts afresh


def reason(e: BaseException) -> str | None:
    """The line for a file whose reading raised e if a limit was behind it
    (a format module wraps what a library raised in a FormatError: the
    cause is looked for down the chain), else None."""
    global memory_hit
    seen = 0
    while e is not None and seen < 20:
        if isinstance(e, LimitExceeded):
            return str(e)
        if isinstance(e, MemoryError):
            memory_hit = True
            return memory_line()
        e = e.__cause__ or e.__context__
        seen += 1
    return None


def memory_line() -> str:
    return over("memory_mb", f"reading needs over {current().memory_mb:g} MiB of memory")


def inflate_line(parts: str) -> str:
    """parts: "its streams", "its zip's parts"."""
    return over("inflate_mb", f"{parts} inflate past {current().inflate_mb:g} MiB")
