"""Metadata tables: the manifest an archive comes with, one row per
article, naming its file and its title, author, day, outlet and URL.

A table is CSV, TSV (by its ending, else by its header line) or JSON
Lines. Its header names the columns, by the names a JSON export's fields
take (index.files.formats.exports.FIELDS, after those config.toml's
[json_fields] gives: `date = ["date_extracted"]`), and one column names the
file: file, path, filename or file_name. A row is matched to a document by
the document's id (its path under the corpus folder, `news.jsonl#3` for an
export's record), else its file's path under the folder, else the file's
name; a row's values win over the format's metadata, the text and the file.

Rows that cannot be used are counted and named by their line: a bad day
(2019-02-30, year 0), no file named, a file named twice. Rows that match no
document are counted by the index build (Manifest.unmatched).
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import re
from collections import namedtuple
from pathlib import Path, PurePosixPath

from reader.errors import ReaderError
from reader.index.files import dates

FILE_COLUMNS = ("file", "path", "filename", "file_name")
MAX_BYTES = 256 * 1024 * 1024  # a manifest of millions of rows is a few hundred MB at most
SHOWN = 5  # bad rows named in a message; the rest counted


class MetadataError(ReaderError):
    """A table that cannot be read at all (missing, no header, no file column): one line."""


class Row(namedtuple("Row", "where title author day outlet url")):
    """A manifest row: where it is ("manifest.tsv line 17"), its values;
    day is YYYYMMDD or 0."""

    __slots__ = ()


class MetadataTable:
    """The rows of one or more manifests, found by a document's id; what
    was wrong with the rows not used; a digest of the manifests' content
    (a changed manifest has the corpus read again)."""

    def __init__(self) -> None:
        self.by_path: dict[str, Row] = {}  # as the manifest names the file: a path under a folder, or a name
        self.by_name: dict[str, Row | None] = {}  # a file's name -> its row (None: two files of that name)
        self.count = 0
        self.bad: list[str] = []  # "manifest.tsv line 17: a bad day '2019-02-30'"
        self.sources: list[str] = []
        self.digest = ""

    def row_for(self, doc_id: str) -> Row | None:
        """A document's row: by its id (an export's record: news.jsonl#3),
        its file's path under the corpus folder, else its file's name."""
        path = doc_id.partition("#")[0]
        return self.by_path.get(doc_id) or self.by_path.get(path) or self.by_name.get(PurePosixPath(path).name)

    def summary(self, file_ids) -> str:
        """One line for the build's report: the rows, how many name a file
        of the corpus, those that name none and those not used, by line."""
        names = {PurePosixPath(f).name for f in file_ids}
        paths = set(file_ids) | {f.split("/", 1)[1] for f in file_ids if "/" in f}
        missing = [r.where for key, r in self.by_path.items()
                   if key.partition("#")[0] not in paths and ("/" in key or key not in names)]
        line = f"metadata {', '.join(self.sources)}: {_rows(self.count)}, {self.count - len(missing):,} matched a file"
        for what, rows in (("matched none", missing), ("not used", self.bad)):
            if rows:
                more = f"; {len(rows) - SHOWN:,} more" if len(rows) > SHOWN else ""
                shown = [r.partition(" ")[2] if len(self.sources) == 1 else r for r in rows[:SHOWN]]  # "line 17: …"
                line += f", {_rows(len(rows)) if what == 'not used' else f'{len(rows):,}'} {what} ({'; '.join(shown)}{more})"
        return line


def _rows(n: int) -> str:
    return f"{n:,} row{'' if n == 1 else 's'}"


def read_metadata(paths: list[Path], json_fields: dict | None = None) -> MetadataTable:
    """The rows of every manifest given; MetadataError if one cannot be read."""
    table, digest = MetadataTable(), hashlib.blake2b(digest_size=16)
    for path in paths:
        data = _bytes(path)
        digest.update(str(path).encode("utf-8", "surrogateescape") + b"\0" + data)
        table.sources.append(path.name)
        _read_one(table, path, data, json_fields)
    table.digest = digest.hexdigest()
    return table


def _bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise MetadataError(f"{path}: {size / 2**20:.0f} MiB, more than a manifest holds ({MAX_BYTES // 2**20} MiB)")
        return path.read_bytes()
    except OSError as e:
        raise MetadataError(f"cannot read the manifest {path}: {e.strerror or e}") from e


def _read_one(table: MetadataTable, path: Path, data: bytes, json_fields: dict | None) -> None:
    from reader.index.files.formats.exports import _names

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise MetadataError(f"{path}: not UTF-8 (byte {e.start})") from e
    names = _names(json_fields)
    records = _json_lines(path, text) if path.suffix.lower() in (".jsonl", ".ndjson") else _table(path, text)
    header_seen = False
    for line, fields in records:
        if fields is None:  # a line that does not parse
            table.bad.append(f"{path.name} line {line}: not a JSON object")
            continue
        lower = {k.strip().lower(): v for k, v in fields.items() if isinstance(k, str)}
        if not header_seen:
            header_seen = True
            if not any(c in lower for c in FILE_COLUMNS):
                raise MetadataError(f"{path}: no column names the file (one of {', '.join(FILE_COLUMNS)}); "
                                    f"its header has {', '.join(sorted(lower)) or 'nothing'}")
        _add(table, path, line, lower, names)
    if not header_seen:
        raise MetadataError(f"{path}: no header line naming its columns")


def _table(path: Path, text: str):
    """(line number, {column: value}) of a CSV or TSV file, the header's names as keys."""
    first = text.split("\n", 1)[0]
    tsv = path.suffix.lower() == ".tsv" or ("\t" in first and path.suffix.lower() != ".csv")
    # A TSV has no quoting (IANA's text/tab-separated-values; SaudiNewsNet's
    # titles open with a quote: "جمل سائب" يتسبب ...): only a cell quoted
    # whole, as Python's csv writes one, is unquoted.
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter="\t" if tsv else ",",
                            quoting=csv.QUOTE_NONE if tsv else csv.QUOTE_MINIMAL)
    if not reader.fieldnames:
        return
    try:
        for row in reader:
            yield reader.line_num, {_unquoted(k) if tsv else k: _unquoted(v) if tsv else v
                                    for k, v in row.items() if k is not None}
    except csv.Error as e:
        raise MetadataError(f"{path} line {reader.line_num}: {e}") from e


_QUOTED_RE = re.compile(r'"((?:[^"]|"")*)"')


def _unquoted(cell):
    if isinstance(cell, str):
        m = _QUOTED_RE.fullmatch(cell)
        if m:
            return m.group(1).replace('""', '"')
    return cell


def _json_lines(path: Path, text: str):
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError:
            obj = None
        yield n, obj if isinstance(obj, dict) else None


def _value(lower: dict, names) -> str:
    """The first of the columns names has, on one line, without controls
    (untrusted text); HTML's character references, which manifests made
    from crawled pages carry (&quot; in 224 of SaudiNewsNet's titles), as
    the characters they stand for."""
    for name in names:
        v = lower.get(name.lower())
        if isinstance(v, (str, int, float)) and not isinstance(v, bool) and str(v).strip():
            v = str(v)
            if "&" in v:
                v = html.unescape(v)
            return " ".join(_CONTROL_RE.sub(" ", v).split())[:2000]
    return ""


_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _add(table: MetadataTable, path: Path, line: int, lower: dict, names: dict) -> None:
    where = f"{path.name} line {line}"
    file = _value(lower, FILE_COLUMNS).replace("\\", "/")
    if not file:
        table.bad.append(f"{where}: no file named")
        return
    day = 0
    written = _value(lower, names["date"])
    if written:
        day = dates.parse_date(written)
        if not day:
            table.bad.append(f"{where}: a bad day {written[:40]!r}")
            return
    key = file.lstrip("/") if not file.startswith("./") else file[2:]
    if key in table.by_path:
        table.bad.append(f"{where}: {file[:80]} named again ({table.by_path[key].where} kept)")
        return
    row = Row(where, _value(lower, names["title"]), _value(lower, names["author"]), day,
              _value(lower, names["source"]), _value(lower, names["url"]))
    table.by_path[key] = row
    name = PurePosixPath(key).name
    table.by_name[name] = None if name in table.by_name else row  # two of one name: by path only
    table.count += 1
