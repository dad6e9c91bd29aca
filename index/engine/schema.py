"""The Whoosh schema: a stemmed field for recall, an exact one for precision.

``body`` holds stems with positions (phrases match any form of each word);
``exact`` holds normalized unstemmed words, boosted at query time so exact
forms rank above conflated ones. Titles get the same pair. The original text
is kept in a column of its own (read for the few hits shown, never with the
small stored fields a listing reads); its analysis is done once per document
and shared by both fields (ArabicField.index), which is most of what makes
indexing fast.

The name index (index.engine.names) has a schema of its own: one stemmed field per
entity type, filled by the core with what the entity wing found.
"""

from __future__ import annotations

from collections import defaultdict

from whoosh import columns, fields, formats
from whoosh.system import pack_uint

from reader.index.engine.analyzer import ArabicAnalyzer
from reader.index.files.outlets import outlet_key
from reader.index.language.arabic import analyses

# Bump when the fields change: the index rebuilds itself when it differs.
SCHEMA_VERSION = 12
INDEX_NAME = "MAIN"  # Whoosh's name for the index in a generation's folder
WRITER_MB = 512  # Whoosh's in-memory posting pools, shared out among the writer processes
MAX_WORKERS = 4  # more processes than this only divide the memory further

_memo: dict[int, tuple[str, list]] = {}


def _analysed(text: str) -> list:
    """Analyses of the non-stop tokens of text, one per position (memoized)."""
    # Keyed by identity, a few at a time: Whoosh indexes fields in name
    # order, so body, date, exact... alternate between the text and names.
    hit = _memo.get(id(text))
    if hit is None or hit[0] is not text:
        if len(_memo) > 8:
            _memo.clear()
        hit = _memo[id(text)] = (text, analyses(text))
    return hit[1]


class ArabicField(fields.TEXT):
    """A TEXT field whose index() reads the shared per-document analysis.

    The result equals running ``self.analyzer`` through Whoosh's format
    (tests check this); it only skips the token-object machinery.
    """

    def __init__(self, stemmed: bool, positions: bool, stored: bool = False):
        super().__init__(analyzer=ArabicAnalyzer(stemmed), phrase=positions, stored=stored)
        self.stemmed = stemmed

    def index(self, value, **kwargs):
        poses = self._positions(value)
        fmt = self.format
        fb = fmt.field_boost
        with_positions = isinstance(fmt, formats.Positions)
        for word, plist in poses.items():
            n = len(plist)
            vbytes = fmt.encode(plist) if with_positions else pack_uint(n)
            yield word.encode("utf-8"), n, n * fb, vbytes

    def _positions(self, value: str, start: int = 0) -> dict[str, list[int]]:
        """{term: its positions} of a text, from start."""
        poses: dict[str, list[int]] = defaultdict(list)
        if self.stemmed:
            for pos, a in enumerate(_analysed(value), start):
                for s in a.stems:
                    poses[s].append(pos)
        else:
            for pos, a in enumerate(_analysed(value), start):
                poses[a.norm].append(pos)
        return poses


# Between the names of one type in a document of the name index (index.engine.names).
NAME_SEPARATOR = " ، "
_NAME_GAP = 10  # positions left empty between two names


class NameListField(ArabicField):
    """A name index field: several names, NAME_SEPARATOR between them, each
    its own run of positions, so a phrase never joins the end of one name to
    the start of the next (علي ، عبدالله ، صالح are three people)."""

    def _positions(self, value: str, start: int = 0) -> dict[str, list[int]]:
        poses: dict[str, list[int]] = defaultdict(list)
        for name in value.split(NAME_SEPARATOR):
            for term, plist in super()._positions(name, start).items():
                poses[term].extend(plist)
            start += len(_analysed(name)) + _NAME_GAP
        return poses


class NameField(fields.ID):
    """An ID field for file names and paths, which need not be UTF-8.

    Python gives a name's undecodable bytes as lone surrogates
    (surrogateescape); Whoosh would encode them strictly and fail. Here
    they become the name's own bytes in the index and come back as the
    same string, so the id still opens its file.
    """

    def index(self, value, **kwargs):
        yield value.encode("utf-8", "surrogateescape"), 1, self.format.field_boost, b""

    def to_bytes(self, value):
        return value if isinstance(value, bytes) else value.encode("utf-8", "surrogateescape")

    def from_bytes(self, bs):
        return bs.decode("utf-8", "surrogateescape")


def make_schema() -> fields.Schema:
    return fields.Schema(
        # sortable: a column of ids, read whole when names are searched
        id=NameField(stored=True, unique=True, sortable=True),
        path=NameField(stored=True, sortable=True),  # a column too, for reader search -l
        title=fields.STORED,
        author=fields.STORED,
        encoding=fields.STORED,
        hash=fields.STORED,  # of the text: entities are kept by it
        text=fields.COLUMN(columns.CompressedBytesColumn()),
        body=ArabicField(stemmed=True, positions=True),
        exact=ArabicField(stemmed=False, positions=False),
        title_stem=ArabicField(stemmed=True, positions=False),
        title_exact=ArabicField(stemmed=False, positions=False),
        author_exact=ArabicField(stemmed=False, positions=False),
        # The file an article came from (a feed's "feed.xml" for
        # "feed.xml#3"): an update deletes a changed file's every article by it.
        file=NameField(),
        # Publication day YYYYMMDD (0: unknown) and the outlet's key:
        # columns, read whole to filter (date:, source:) and sort by date.
        day=fields.COLUMN(columns.NumericColumn("I", default=0)),
        source=fields.COLUMN(columns.RefBytesColumn()),
        date_from=fields.STORED,
        file_day=fields.STORED,  # a file's day kept apart from its publication day (see corpus.Document)
        outlet=fields.STORED,
        url=fields.STORED,
    )


def document_fields(doc) -> dict:
    """The add_document() arguments for a corpus Document."""
    return dict(
        id=doc.id,
        path=str(doc.path),
        title=doc.title,
        author=doc.author,
        encoding=doc.encoding,
        hash=doc.hash,
        text=doc.text.encode("utf-8", "surrogatepass"),
        body=doc.text,
        exact=doc.text,
        title_stem=doc.title,
        title_exact=doc.title,
        author_exact=doc.author,
        file=doc.file,
        day=doc.day,
        source=outlet_key(doc.outlet).encode("utf-8"),
        date_from=doc.date_from,
        file_day=doc.file_day,
        outlet=doc.outlet,
        url=doc.url,
    )
