"""The formats archives hold beyond plain text: each module here turns one
file's bytes into Records, and the corpus (index.files.corpus) makes Documents of
them. Plain text and Markdown are read by index.files.corpus itself.

    html      saved web pages: the article's main text and its metadata
    pdf       PDFs with a text layer, brought back to logical order
    ocr       scanned PDFs (no text layer), read by Tesseract
    docx      Word files: paragraphs and the document's properties
    feeds     RSS and Atom: one record per item
    exports   JSON and JSON Lines: one record per article

A module's read(data, path, options) returns a list whose items are a
Record, or a str: the reason one record of the file was skipped (a JSON line
that does not parse), which the corpus reports and counts. A file that
cannot be read at all raises FormatError with a one-line reason. The
libraries a format needs are imported inside its module, when a file of
that format is first read: a search never imports any of them.
"""

from __future__ import annotations

import importlib
from collections import namedtuple
from pathlib import Path

# date: as the format gives it (ISO 8601, RFC 822, a docx datetime's
# isoformat()); index.files.dates makes a day of it. outlet: the site or source
# name; url: where the article was published; key: the article's own id
# in a file of several (an export's "id"), which its document id keeps;
# via: "ocr" for text read off a page's image (index.files.formats.ocr), else "".
Record = namedtuple("Record", "text title author date outlet url key via", defaults=("", "", "", "", "", "", ""))


class FormatError(ValueError):
    """The whole file cannot be read: str(e) says why, in one line."""


class ReadOptions(namedtuple("ReadOptions", "json_fields folder_outlets metadata table file_days ocr",
                             defaults=(None, True, (), None, False, True))):
    """What config.toml sets about reading. json_fields: {"title": [...],
    "text": [...], "date": [...], "source": [...], "url": [...]}, the names
    tried first, before the common ones. folder_outlets: an article whose
    metadata name no outlet takes its first folder under the corpus root.
    metadata: the paths of metadata tables (index.files.metadata); table: those
    tables read, a MetadataTable, when the index is built. file_days: a
    file's modification time counts as its documents' publication day.
    ocr: a PDF without a text layer is read by OCR when Tesseract is installed."""

    __slots__ = ()


# Lower-case file name endings and the module reading them.
MODULES = {
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
    ".xml": "feeds", ".rss": "feeds", ".atom": "feeds",
    ".json": "exports", ".jsonl": "exports", ".ndjson": "exports",
}
# Formats whose every file holds several documents: their ids are
# "file#1", "file#2"... even when a file holds one.
MULTI = frozenset({"feeds", "exports"})


def module_for(name: str) -> str | None:
    """The module reading a file of this name, or None (plain text, or unsupported)."""
    dot = name.rfind(".")
    return MODULES.get(name[dot:].lower()) if dot > 0 else None


def read_records(module: str, data: bytes, path: Path, options: ReadOptions | None = None) -> list:
    """The records of a file (see the module docstring); FormatError if none can be read."""
    mod = importlib.import_module(f"reader.index.files.formats.{module}")
    return mod.read(data, path, options or ReadOptions())
