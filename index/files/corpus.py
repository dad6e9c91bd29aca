"""The corpus: folders of articles, read the way users really have them.

Plain text and Markdown are read here; web pages, PDFs, Word files, feeds
and exports through index.files.formats, whose records become Documents here. A
document keeps its text exactly as read (only newlines normalized) so that
offsets into it stay valid for display, highlights and bookmarks. A file
holding several articles (a feed, a JSON Lines export) gives a document per
article, "feed.xml#3". Every document has a day (its metadata, else a
dateline at the top of its text, else the file's modification time, marked
so) and an outlet (its metadata, else the first folder under the corpus
root). Files that cannot be read are reported as Skipped, never raised: one
bad file must not stop an indexing run.
"""

from __future__ import annotations

import os
import re
import stat
from collections import namedtuple
from collections.abc import Iterator
from pathlib import Path

from reader.index.files import dates, sandbox
from reader.index.files.encodings import DecodeError, decode, looks_binary
from reader.index.files.formats import MODULES, MULTI, FormatError, ReadOptions, limits, module_for, read_records
from reader.index.files.formats.limits import LimitExceeded
from reader.index.files.structure import paragraphs, squeeze, title_and_author

TEXT_EXTENSIONS = (".txt", ".md")
EXTENSIONS = TEXT_EXTENSIONS + tuple(MODULES)


# Named tuples and plain classes here and in the rest of the search path,
# not dataclasses: a cold `reader search` pays for every module it imports,
# and dataclasses brings inspect, ast and typing (about 15 ms).


class Root(namedtuple("Root", "path prefix", defaults=("",))):
    """One folder of the corpus (a Path) and the prefix its document ids
    carry ("" when the corpus has one folder)."""

    __slots__ = ()

    def doc_id(self, file: Path) -> str:
        rel = file.relative_to(self.path).as_posix()
        return f"{self.prefix}/{rel}" if self.prefix else rel

    def file_for(self, doc_id: str) -> Path | None:
        """The file of a document id of this root, or None if the id is not
        its; "feed.xml#3" is in the file feed.xml."""
        doc_id = split_record(doc_id)[0]
        if self.prefix:
            if not doc_id.startswith(self.prefix + "/"):
                return None
            doc_id = doc_id[len(self.prefix) + 1 :]
        if not doc_id or doc_id.startswith("/") or ".." in Path(doc_id).parts:
            return None
        return self.path / doc_id


def locate(roots: list[Root], doc_id: str) -> tuple[Root, Path] | None:
    """The root and file of a document id, if the file exists."""
    for root in roots:
        path = root.file_for(doc_id)
        if path is not None and path.is_file():
            return root, path
    return None


def make_roots(folders: list[Path]) -> list[Root]:
    """Roots for a list of folders; ids get a folder prefix when there are several."""
    paths: list[Path] = []
    for f in folders:
        p = Path(f).expanduser().resolve()
        if p not in paths:
            paths.append(p)
    if len(paths) == 1:
        return [Root(paths[0])]
    roots, used = [], set()
    for p in paths:
        name, n = p.name or "root", 2
        while name in used:
            name, n = f"{p.name}-{n}", n + 1
        used.add(name)
        roots.append(Root(p, name))
    return roots


class Document:
    """A text of the corpus as read: offsets into ``text`` stay valid.

    file: the id of the file it was read from (its own id, or "feed.xml"
    for "feed.xml#3"); day: YYYYMMDD or 0, and date_from where the day was
    found: "manifest" (a metadata table), "metadata" (the format's), "text"
    or "file". A file's modification time is no publication day: such a
    document has day 0 and its file's day in file_day (unless file_days is
    set: then it is its day too). outlet and url: "" when unknown."""

    __slots__ = ("id", "path", "text", "title", "author", "encoding", "paragraphs", "hash", "entities",
                 "file", "day", "date_from", "outlet", "url", "file_day")

    def __init__(self, id: str, path: Path, text: str, title: str, author: str = "", encoding: str = "utf-8",
                 paragraphs: list[tuple[int, int]] | None = None, hash: str = "", entities: list | None = None,
                 file: str = "", day: int = 0, date_from: str = "", outlet: str = "", url: str = "",
                 file_day: int = 0):
        self.id, self.path, self.text, self.title, self.author = id, path, text, title, author
        self.encoding = encoding
        self.paragraphs = paragraphs if paragraphs is not None else []
        self.hash = hash  # of the text as read: what entities are kept by
        # Its named entities once they are found (reader.entities.Entity, in
        # text order); None until then. The search layer never fills it.
        self.entities = entities
        self.file = file or id
        self.day, self.date_from, self.outlet, self.url = day, date_from, outlet, url
        self.file_day = file_day

    @property
    def date(self) -> str:
        """The day as 2019-03-15, or ""."""
        return dates.iso(self.day)

    @property
    def ocr(self) -> bool:
        """Whether its text was read off a scanned page's image (OCR errors and all)."""
        return self.encoding == "ocr"

    @property
    def file_date(self) -> str:
        """The file's day (its modification time) when that is all there is, or ""."""
        return dates.iso(self.file_day)

    def __repr__(self) -> str:
        return f"Document({self.id!r}, {self.title!r})"


class Skipped(namedtuple("Skipped", "path reason")):
    """A file that could not be read, and why."""

    __slots__ = ()

    def line(self) -> str:
        return f"skipped {self.path}: {self.reason}"


# Folders named after a format hold files of that kind, not an outlet's.
FORMAT_FOLDERS = frozenset({"pdf", "pdfs", "html", "htm", "pages", "web", "feeds", "feed", "rss", "atom", "xml", "json",
                            "jsonl", "exports", "export", "txt", "text", "texts", "docx", "doc", "docs", "word", "md",
                            "scans", "scanned", "ocr", "files", "articles", "data", "archive", "inbox", "new"})


class FileEntry:
    """A file found in the corpus, with what is needed to tell if it changed;
    folder: the first folder under the corpus root ("" at the top), the
    outlet of its articles when their metadata name none."""

    __slots__ = ("id", "path", "mtime_ns", "size", "folder")

    def __init__(self, id: str, path: Path, mtime_ns: int, size: int, folder: str = ""):
        self.id, self.path, self.mtime_ns, self.size, self.folder = id, path, mtime_ns, size, folder

    @property
    def stamp(self) -> tuple[int, int]:
        return (self.mtime_ns, self.size)


# --- walking -------------------------------------------------------------------


class Walk(tuple):
    """(files, skipped) of a walk, and the files of types reader does not
    read, counted by their ending: {".jpg": 10, "(none)": 1}."""

    unsupported: dict[str, int]


def walk(roots: list[Root], found=None) -> Walk:
    """Every corpus file under the roots, recursively, following symlinks.

    Hidden files and folders are left out (as ripgrep does). A folder seen
    twice through symlinks is a loop and is reported once. found(n), if
    given, hears how many files are found so far, folder by folder. Files
    of other types are counted, never silently dropped.
    """
    unsupported: dict[str, int] = {}
    files: list[FileEntry] = []
    skipped: list[Skipped] = []
    seen_ids: set[str] = set()
    for root in roots:
        if not root.path.is_dir():
            skipped.append(Skipped(root.path, "not a folder"))
            continue
        visited: set[tuple[int, int]] = set()
        stack = [root.path]
        while stack:
            folder = stack.pop()
            try:
                st = folder.stat()
            except OSError as e:
                skipped.append(Skipped(folder, _os_reason(e)))
                continue
            key = (st.st_dev, st.st_ino)
            if key in visited:
                skipped.append(Skipped(folder, "symlink loop (folder already read)"))
                continue
            visited.add(key)
            try:
                entries = sorted(os.scandir(folder), key=lambda e: e.name)
            except OSError as e:
                skipped.append(Skipped(folder, _os_reason(e)))
                continue
            subfolders = []
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                path = Path(entry.path)
                try:
                    if entry.is_dir():  # follows symlinks
                        subfolders.append(path)
                        continue
                    if not entry.name.lower().endswith(EXTENSIONS):
                        kind = _ending(entry.name)
                        unsupported[kind] = unsupported.get(kind, 0) + 1
                        continue
                    st = entry.stat()
                except OSError as e:
                    skipped.append(Skipped(path, _os_reason(e)))
                    continue
                if not stat.S_ISREG(st.st_mode):  # a FIFO would hang the read
                    skipped.append(Skipped(path, _not_regular(st.st_mode)))
                    continue
                doc_id = root.doc_id(path)
                if doc_id in seen_ids:
                    continue
                seen_ids.add(doc_id)
                rel = path.relative_to(root.path).parts
                folder = rel[0] if len(rel) > 1 and rel[0].casefold() not in FORMAT_FOLDERS else ""
                files.append(FileEntry(doc_id, path, st.st_mtime_ns, st.st_size, folder))
            stack.extend(reversed(subfolders))
            if found is not None:
                found(len(files))
    result = Walk((files, skipped))
    result.unsupported = unsupported
    return result


def _ending(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if 0 < dot < len(name) - 1 and len(name) - dot <= 10 else "(no type)"


def unsupported_line(counts: dict[str, int]) -> str:
    """"skipped 12 files of unsupported types: .jpg 10, .odt 2", or ""."""
    if not counts:
        return ""
    from reader.display.safe import clean_line

    total = sum(counts.values())
    kinds = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    shown = ", ".join(f"{clean_line(k)} {n}" for k, n in kinds[:8]) + (", …" if len(kinds) > 8 else "")
    return f"skipped {total} file{'s' if total != 1 else ''} of unsupported types: {shown}"


def _not_regular(mode: int) -> str:
    kind = ("FIFO" if stat.S_ISFIFO(mode) else "socket" if stat.S_ISSOCK(mode)
            else "device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "special file")
    return f"not a regular file ({kind})"


def _os_reason(e: OSError) -> str:
    if e.errno == 40:  # ELOOP: a symlink that points at itself
        return "symlink loop"
    if isinstance(e, FileNotFoundError):
        return "broken symlink or vanished file"
    if isinstance(e, PermissionError):
        return "permission denied"
    return e.strerror or str(e)


# --- reading -------------------------------------------------------------------------------


def read(entry: FileEntry, max_bytes: int | None = None, options: ReadOptions | None = None) -> list[Document | Skipped]:
    """The documents of a file (one, or one per article of a feed or an
    export), and a Skipped for each that could not be read; [Skipped] when
    the file itself cannot be. Files of the formats a library reads (web
    pages, PDFs, Word files, feeds, exports) are read in the reader process
    (index.files.sandbox), under the limits of index.files.formats.limits; plain text here."""
    if max_bytes is None:
        max_bytes = limits.current().file_bytes
    if entry.size > max_bytes:
        return [Skipped(entry.path, _too_large(f"{entry.size / 1048576:.1f} MiB"))]
    if module_for(entry.path.name) is None or not sandbox.available():
        return _read_file(entry, max_bytes, options)
    try:
        return sandbox.call(_read_file, entry, max_bytes, options)
    except LimitExceeded as e:
        return [Skipped(entry.path, str(e))]


def _too_large(size: str) -> str:
    return limits.over("file_mb", f"too large ({size})")


def _read_file(entry: FileEntry, max_bytes: int, options: ReadOptions | None) -> list[Document | Skipped]:
    limits.start_file(limits.current().seconds)
    try:
        return _read_bytes(entry, max_bytes, options)
    finally:
        limits.start_file(None)


def _read_bytes(entry: FileEntry, max_bytes: int, options: ReadOptions | None) -> list[Document | Skipped]:
    path = entry.path
    try:
        # O_NONBLOCK: opening a FIFO put where a file was (after the walk)
        # must not wait for a writer; fstat then tells what was opened.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with open(fd, "rb") as f:
            mode = os.fstat(fd).st_mode
            if not stat.S_ISREG(mode):
                return [Skipped(path, _not_regular(mode))]
            data = f.read(max_bytes + 1)
    except OSError as e:
        return [Skipped(path, _os_reason(e))]
    if len(data) > max_bytes:
        return [Skipped(path, _too_large(f"over {max_bytes / 1048576:.0f} MiB"))]
    folder = entry.folder if options is None or options.folder_outlets else ""
    return from_bytes(entry.id, path, data, options, entry.mtime_ns, folder)


def from_bytes(doc_id: str, path: Path, data: bytes, options: ReadOptions | None = None, mtime_ns: int = 0,
               folder: str = "") -> list[Document | Skipped]:
    """The documents of a file's bytes (or a pipe's), as read() gives them;
    mtime_ns: the file's, the day of last resort; folder: the outlet of last resort."""
    module = module_for(path.name)
    if module is None:
        return _settled([_text_document(doc_id, path, data, mtime_ns, folder)], options)
    try:
        records = read_records(module, data, path, options)
    except FormatError as e:
        return [Skipped(path, limits.reason(e) or str(e) or "unreadable")]
    except Exception as e:  # noqa: BLE001 - a library's fault on one file must not stop the corpus
        return [Skipped(path, limits.reason(e) or f"reading failed ({type(e).__name__}: {e})")]
    multi = module in MULTI
    keys = _record_keys(records) if multi else None
    out: list[Document | Skipped] = []
    for n, rec in enumerate(records, 1):
        if multi and limits.out_of_time() and n < len(records):
            out.append(Skipped(path, limits.time_cut(f"articles {n} to {len(records)}")))
            break
        if isinstance(rec, str):
            out.append(Skipped(path, f"article {n}: {rec}" if multi and not rec.startswith("line ") else rec))
            continue
        rid = f"{doc_id}#{keys[n - 1] if keys else n}" if multi else doc_id
        try:
            doc = _record_document(rid, doc_id, path, rec, module, mtime_ns, folder)
        except Exception as e:  # noqa: BLE001
            doc = Skipped(path, f"article {n}: reading failed ({type(e).__name__}: {e})")
        out.append(doc)
    if not out:
        out.append(Skipped(path, "no articles in it"))
    return _settled(out, options)


# An article's own id kept in its document id (news.jsonl#a-4521): the
# letters, digits, dots, dashes and underscores of one word, not too long.
_KEY_RE = re.compile(r"[^\W_][\w.\-]{0,63}")


def _record_keys(records: list) -> list[str] | None:
    """The records' own ids, when every article of the file has one and no
    two share it: an article added at the top of an export then leaves the
    others' ids (and bookmarks) as they were. Else None: ids by position."""
    keys = [getattr(r, "key", "") if not isinstance(r, str) else "" for r in records]
    articles = [k for r, k in zip(records, keys) if not isinstance(r, str)]
    if not articles or not all(_KEY_RE.fullmatch(k) for k in articles) or len(set(articles)) != len(articles):
        return None
    return [k or str(n) for n, k in enumerate(keys, 1)]


def _settled(docs: list, options: ReadOptions | None) -> list:
    """A metadata table's row (index.files.metadata) over what the file gave:
    the user's table wins over the format, the text and the file. Then a
    day that is only the file's time is kept apart: no publication day
    (unless options.file_days)."""
    table = options.table if options is not None else None
    if table is not None:
        _rows_over(docs, table)
    file_days = options is not None and options.file_days
    for doc in docs:
        if isinstance(doc, Document) and doc.date_from == "file":
            doc.file_day = doc.day
            doc.day = doc.day if file_days else 0
    return docs


def _rows_over(docs: list, table) -> None:
    for doc in docs:
        row = table.row_for(doc.id) if isinstance(doc, Document) else None
        if row is None:
            continue
        doc.title = row.title or doc.title
        doc.author = row.author or doc.author
        if row.day:
            doc.day, doc.date_from = row.day, "manifest"
        doc.outlet = row.outlet or doc.outlet
        doc.url = row.url or doc.url


def _text_document(doc_id: str, path: Path, data: bytes, mtime_ns: int, folder: str) -> Document | Skipped:
    try:
        text, encoding = decode(data)
    except DecodeError as e:
        return Skipped(path, str(e))
    text = normalize_newlines(text)
    if not text.strip():
        return Skipped(path, "empty file (only whitespace)")
    if looks_binary(text):
        return Skipped(path, "binary file (control characters)")
    try:
        doc = parse(doc_id, path, text, encoding)
    except Exception as e:  # noqa: BLE001 - one document's fault must not stop the corpus
        return Skipped(path, f"reading failed ({type(e).__name__}: {e})")
    _date_and_outlet(doc, "", "", mtime_ns, folder)
    return doc


# Controls but tab and newline, and lone surrogates: a library's text can
# carry them (a PDF's, a feed's), a document's never does.
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _record_document(doc_id: str, file_id: str, path: Path, rec, module: str, mtime_ns: int, folder: str):
    body = _CONTROL_RE.sub("", normalize_newlines(rec.text)).strip("\n")
    title = squeeze(_CONTROL_RE.sub(" ", rec.title))
    if not body.strip():
        return Skipped(path, "no text in it" if module not in MULTI else f"{doc_id.rpartition('#')[2]}: no text")
    # The title heads the text, as in a text file, unless the body has it.
    text = body if not title or squeeze(body[: len(title) + 40]).startswith(title) else f"{title}\n\n{body}"
    derived, byline = title_and_author(text.split("\n", 8)[:8])
    author = squeeze(_CONTROL_RE.sub(" ", rec.author)) or byline
    # encoding: how the text was had: the format's module, or "ocr".
    doc = Document(doc_id, path, text, title or derived, author, rec.via or module, paragraphs(text), text_hash(text),
                   file=file_id)
    # A PDF's date is when the PDF was made (a converter writes the day it
    # ran): a dateline in its text says more about the article.
    text_first = module == "pdf"
    _date_and_outlet(doc, rec.date, squeeze(_CONTROL_RE.sub(" ", rec.outlet)), mtime_ns, folder, rec.url, text_first)
    return doc


def _date_and_outlet(doc: Document, date: str, outlet: str, mtime_ns: int, folder: str, url: str = "",
                     text_first: bool = False) -> None:
    """The day: metadata, else a dateline (text_first: the other way
    round), else the file's time; the outlet: metadata, else the folder."""
    day, doc.date_from = (dates.date_in_text(doc.text), "text") if text_first else (0, "")
    if not day:
        day, doc.date_from = dates.parse_date(date), "metadata"
    if not day and not text_first:
        day, doc.date_from = dates.date_in_text(doc.text), "text"
    if not day and mtime_ns:
        day, doc.date_from = dates.from_timestamp(mtime_ns / 1e9), "file"
    if not day:
        doc.date_from = ""
    doc.day = day
    doc.outlet = outlet or folder
    doc.url = squeeze(_CONTROL_RE.sub("", url))[:2000]


_MD_HEADING_RE = re.compile(r"^#{1,6}\s+|\s+#+\s*$")


def parse(doc_id: str, path: Path, text: str, encoding: str = "utf-8") -> Document:
    lines = text.split("\n")
    title, author = title_and_author(lines)
    if path.suffix.lower() == ".md":  # "# عنوان" is the title عنوان
        title = _MD_HEADING_RE.sub("", title)
    return Document(doc_id, path, text, title, author, encoding, paragraphs(text), text_hash(text))


def text_hash(text: str) -> str:
    """A document's identity by content: the same text, the same hash."""
    import hashlib

    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_path(path: Path, doc_id: str | None = None) -> Document | Skipped:
    """Read a file by path, outside an index: its one document, or with
    doc_id "x/feed.xml#3" its third article; the document gets that id
    (else the file's name)."""
    try:
        st = path.stat()
    except OSError as e:
        return Skipped(path, _os_reason(e))
    found = read(FileEntry(path.name, path, st.st_mtime_ns, st.st_size))
    docs = [d for d in found if isinstance(d, Document)]
    file_part, n = split_record(doc_id or "")
    if n is not None:
        doc = next((d for d in docs if d.id == f"{path.name}#{n}"), None)
        if doc is None:
            return Skipped(path, f"it has no article {n}")
    elif len(docs) == 1 and docs[0].id == path.name:
        doc = docs[0]
    elif docs:
        return Skipped(path, f"it holds {len(docs)} article{'s' if len(docs) > 1 else ''}: name one, as {path.name}#1")
    else:
        return found[0]
    if doc_id:
        doc.id, doc.file = doc_id, file_part
    return doc


def split_record(doc_id: str) -> tuple[str, str | None]:
    """("feed.xml", "3") for "feed.xml#3", an article of a file holding
    several (its place, or an export's own id: "news.jsonl#a-4521");
    (doc_id, None) for any other id (a file's name may hold #)."""
    base, sep, n = doc_id.rpartition("#")
    if sep and (n.isdigit() or _KEY_RE.fullmatch(n)) and module_for(base) in MULTI:
        return base, n
    return doc_id, None


def iter_documents(roots: list[Root]) -> Iterator[Document | Skipped]:
    files, skipped = walk(roots)
    yield from skipped
    for entry in files:
        yield from read(entry)
