"""The corpus: folders of text files, read the way users really have them.

A document keeps its text exactly as written (only newlines normalized) so
that offsets into it stay valid for display, highlights and bookmarks.
Files that cannot be read are reported as Skipped, never raised: one bad
file must not stop an indexing run.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections import namedtuple
from collections.abc import Iterator
from pathlib import Path

EXTENSIONS = (".txt", ".md")
MAX_FILE_BYTES = 10 * 1024 * 1024  # news articles are kilobytes; 10 MiB is not an article


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
        """The file of a document id of this root, or None if the id is not its."""
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
    """A text of the corpus as read: offsets into ``text`` stay valid."""

    __slots__ = ("id", "path", "text", "title", "author", "encoding", "paragraphs", "hash", "entities")

    def __init__(self, id: str, path: Path, text: str, title: str, author: str = "", encoding: str = "utf-8",
                 paragraphs: list[tuple[int, int]] | None = None, hash: str = "", entities: list | None = None):
        self.id, self.path, self.text, self.title, self.author = id, path, text, title, author
        self.encoding = encoding
        self.paragraphs = paragraphs if paragraphs is not None else []
        self.hash = hash  # of the text as read: what entities are kept by
        # Its named entities once they are found (reader.entities.Entity, in
        # text order); None until then. The search layer never fills it.
        self.entities = entities

    def __repr__(self) -> str:
        return f"Document({self.id!r}, {self.title!r})"


class Skipped(namedtuple("Skipped", "path reason")):
    """A file that could not be read, and why."""

    __slots__ = ()

    def line(self) -> str:
        return f"skipped {self.path}: {self.reason}"


class FileEntry:
    """A file found in the corpus, with what is needed to tell if it changed."""

    __slots__ = ("id", "path", "mtime_ns", "size")

    def __init__(self, id: str, path: Path, mtime_ns: int, size: int):
        self.id, self.path, self.mtime_ns, self.size = id, path, mtime_ns, size

    @property
    def stamp(self) -> tuple[int, int]:
        return (self.mtime_ns, self.size)


# --- walking -------------------------------------------------------------------


def walk(roots: list[Root], found=None) -> tuple[list[FileEntry], list[Skipped]]:
    """Every corpus file under the roots, recursively, following symlinks.

    Hidden files and folders are left out (as ripgrep does). A folder seen
    twice through symlinks is a loop and is reported once. found(n), if
    given, hears how many files are found so far, folder by folder.
    """
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
                files.append(FileEntry(doc_id, path, st.st_mtime_ns, st.st_size))
            stack.extend(reversed(subfolders))
            if found is not None:
                found(len(files))
    return files, skipped


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


# --- decoding ------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class DecodeError(ValueError):
    pass


def decode(data: bytes) -> tuple[str, str]:
    """Text and encoding name, or DecodeError with a reason a user can act on.

    BOMs first; then a NUL byte means binary; then strict UTF-8; then
    Windows-1256, accepted only when the result reads as Arabic text
    (cp1256 maps nearly every byte, so decoding alone proves nothing).
    """
    if not data:
        raise DecodeError("empty file")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc.replace("-sig", "")
            except UnicodeDecodeError as e:
                raise DecodeError(f"invalid {enc} after its byte order mark at byte {e.start}")
    if b"\x00" in data[:8192]:
        raise DecodeError("binary file (NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        utf8_error = e
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        text = None
    if text is not None and _reads_as_arabic(text):
        return text, "cp1256"
    raise DecodeError(
        f"not UTF-8 (bad byte at {utf8_error.start}) nor Windows-1256 Arabic"
    )


_ARABIC_RE = re.compile("[\u0600-\u06ff]")
_LETTER_RE = re.compile(r"[^\W\d_]")
# C0 and C1 controls but tab, newline, form feed and carriage return;
# surrogates and private use: what text files do not hold.
_JUNK_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff]")


def _reads_as_arabic(text: str) -> bool:
    """True when text is mostly Arabic letters, spaces and punctuation."""
    sample = text[:20000]
    arabic = len(_ARABIC_RE.findall(sample))
    letters = len(_LETTER_RE.findall(sample))
    junk = len(_JUNK_RE.findall(sample))
    return letters > 0 and arabic >= 0.5 * letters and junk <= 0.01 * len(sample)


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    return len(_JUNK_RE.findall(sample)) > 0.05 * len(sample)


# --- reading -------------------------------------------------------------------------------


def read(entry: FileEntry, max_bytes: int = MAX_FILE_BYTES) -> Document | Skipped:
    """A Document for the file, or Skipped with the reason."""
    path = entry.path
    if entry.size > max_bytes:
        return Skipped(path, f"too large ({entry.size / 1048576:.1f} MiB, limit {max_bytes / 1048576:.0f} MiB)")
    try:
        # O_NONBLOCK: opening a FIFO put where a file was (after the walk)
        # must not wait for a writer; fstat then tells what was opened.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with open(fd, "rb") as f:
            mode = os.fstat(fd).st_mode
            if not stat.S_ISREG(mode):
                return Skipped(path, _not_regular(mode))
            data = f.read(max_bytes + 1)
    except OSError as e:
        return Skipped(path, _os_reason(e))
    if len(data) > max_bytes:
        return Skipped(path, f"too large (over {max_bytes / 1048576:.0f} MiB)")
    return from_bytes(entry.id, path, data)


def from_bytes(doc_id: str, path: Path, data: bytes) -> Document | Skipped:
    """A Document from a file's bytes (or a pipe's), or Skipped with why."""
    try:
        text, encoding = decode(data)
    except DecodeError as e:
        return Skipped(path, str(e))
    text = normalize_newlines(text)
    if not text.strip():
        return Skipped(path, "empty file (only whitespace)")
    if _looks_binary(text):
        return Skipped(path, "binary file (control characters)")
    try:
        return parse(doc_id, path, text, encoding)
    except Exception as e:  # noqa: BLE001 - one document's fault must not stop the corpus
        return Skipped(path, f"reading failed ({type(e).__name__}: {e})")


def parse(doc_id: str, path: Path, text: str, encoding: str = "utf-8") -> Document:
    lines = text.split("\n")
    title, author = title_and_author(lines)
    return Document(doc_id, path, text, title, author, encoding, paragraphs(text), text_hash(text))


def text_hash(text: str) -> str:
    """A document's identity by content: the same text, the same hash."""
    import hashlib

    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- structure --------------------------------------------------------------------------------

_BYLINE_RE = re.compile(r"^\s*(?:بقلم|كتبت?)\s*[:：\-–—/]?\s*(?P<name>\S.*?)\s*$")
_BYLINE_MAX_WORDS = 6
_TITLE_MAX_WORDS = 15
_TITLE_MAX_CHARS = 150
# A title does not end a sentence the way body text does (؟ and ! are fine).
_SENTENCE_END = (".", "،", ",", ":", "؛", ";")
_OPENING_WORDS = 10


def _clean(line: str) -> str:
    return " ".join(line.split())  # also folds NBSP and tabs


def title_and_author(lines: list[str]) -> tuple[str, str]:
    """Title from the first line when it reads as one, else the opening words.

    A byline (بقلم / كتب / كتبت, then a short name) among the first lines
    becomes the author and is never the title.
    """
    author = ""
    content: list[str] = []
    for line in lines:
        clean = _clean(line)
        if not clean:
            continue
        m = _BYLINE_RE.match(clean)
        if not author and len(content) < 3 and m and len(m.group("name").split()) <= _BYLINE_MAX_WORDS:
            author = m.group("name").strip(" :-–—")
            continue
        content.append(clean)
        if len(content) >= 2:
            break
    if not content:
        return "", author
    first = content[0]
    words = first.split()
    if (
        len(words) <= _TITLE_MAX_WORDS
        and len(first) <= _TITLE_MAX_CHARS
        and not first.endswith(_SENTENCE_END)
    ):
        return first, author
    opening = " ".join(words[:_OPENING_WORDS]).rstrip("".join(_SENTENCE_END))
    return opening + ("…" if len(words) > _OPENING_WORDS else ""), author


# PDF extraction wraps lines at a fixed width: most lines then have nearly
# the same length. In such a file a full-width line that does not end a
# sentence runs on into the next one.
_PARA_END = (".", "!", "?", "؟", ":", '"', "»", "'", ")")
_WRAP_MIN_MEDIAN = 60  # characters; shorter lines are headings or lists
_WRAP_MAX_MEDIAN = 130  # longer lines were written as whole paragraphs
_WRAP_SHARE = 0.6  # share of lines within 15% of the median length


def _wrap_width(lines: list[str]) -> int | None:
    """The fixed width a hard-wrapped text was cut at, or None."""
    lengths = sorted(len(s) for s in (line.strip() for line in lines) if s)
    if len(lengths) < 4:
        return None
    median = lengths[len(lengths) // 2]
    if not _WRAP_MIN_MEDIAN <= median <= _WRAP_MAX_MEDIAN:
        return None
    near = sum(1 for n in lengths if abs(n - median) <= 0.15 * median)
    return median if near >= _WRAP_SHARE * len(lengths) else None


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraphs as (start, end) offsets into text, whitespace trimmed.

    Blank lines separate blocks; inside a block every line is a paragraph
    (news files put one per line) unless the file is hard-wrapped.
    """
    lines = text.split("\n")
    width = _wrap_width(lines)
    spans: list[tuple[int, int]] = []
    start = None  # start of the paragraph being built
    end = 0
    pos = 0
    for line in lines:
        line_start = pos
        pos += len(line) + 1
        stripped = line.strip()
        if not stripped:
            if start is not None:
                spans.append((start, end))
                start = None
            continue
        if start is None:
            start = line_start + len(line) - len(line.lstrip())
        end = line_start + len(line.rstrip())
        runs_on = (
            width is not None
            and len(stripped) >= 0.75 * width
            and not stripped.endswith(_PARA_END)
        )
        if not runs_on:
            spans.append((start, end))
            start = None
    if start is not None:
        spans.append((start, end))
    return spans


def read_path(path: Path) -> Document | Skipped:
    """Read any text file by path (outside a corpus: its id is its name)."""
    try:
        st = path.stat()
    except OSError as e:
        return Skipped(path, _os_reason(e))
    return read(FileEntry(path.name, path, st.st_mtime_ns, st.st_size))


def iter_documents(roots: list[Root]) -> Iterator[Document | Skipped]:
    files, skipped = walk(roots)
    yield from skipped
    for entry in files:
        yield read(entry)
