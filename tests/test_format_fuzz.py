"""A format fuzzer: malformed web pages, feeds, JSON, Word files and PDFs
made by hypothesis from real ones, read by the format modules. Whatever a
file holds, a reader gives records and one-line reasons, or raises
FormatError with one line: never another exception.

Bounded for CI (40 inputs a test, derandomized: the same each run, about
10 s); READER_FUZZ_EXAMPLES=2000 runs that many new ones. The crashes found
are the regression tests at the end, each with its minimal input."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hostile as h
from reader.index.files.corpus import Document, Skipped, from_bytes
from reader.index.files.formats import FormatError, Record, read_records

EXAMPLES = int(os.environ.get("READER_FUZZ_EXAMPLES", "40"))
fuzz = settings(max_examples=EXAMPLES, deadline=None, derandomize="READER_FUZZ_EXAMPLES" not in os.environ, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def check(module: str, data: bytes, name: str) -> None:
    """What a reader may do with any bytes (see the module docstring)."""
    try:
        records = read_records(module, data, Path(name))
    except FormatError as e:
        assert "\n" not in str(e), str(e)
        return
    assert all(isinstance(r, (Record, str)) for r in records)
    assert all("\n" not in r for r in records if isinstance(r, str))
    # and the corpus makes documents of them, or says why not
    for d in from_bytes(name, Path(name), data):
        assert isinstance(d, (Document, Skipped)) and "\n" not in getattr(d, "reason", "")


def mutated(data: bytes, draw) -> bytes:
    """data cut, with bytes flipped, inserted or removed."""
    data = bytearray(data)
    for _ in range(draw(st.integers(0, 4))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        kind = draw(st.sampled_from(["flip", "insert", "delete", "cut"]))
        if kind == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        else:
            del data[at:]
    return bytes(data)


# --- text formats, made from pieces of the real thing --------------------------------

TEXT = st.text(st.sampled_from("ابت ثجحخ<>&;\"'=/\\#\x00\x1b\ufeff\u202e\U0001f600xyz 0123456789\n\t."), max_size=40)
HTML_PIECES = st.sampled_from([
    "<html>", "</html>", "<head>", "<body>", "<p>", "</p>", "<div>", "<table><tr><td>", "</td></tr></table>",
    "<article>", "<title>", "</title>", "<meta charset='windows-1256'>", "<meta charset='x-nonsense'>",
    "<meta charset='utf-16'>", "<meta property='og:title' content='", "'>", "<script type='application/ld+json'>",
    "</script>", '{"@type": "NewsArticle", "headline": ', '"عنوان"', "[", "]", "{", "}", "<!--", "-->", "<![CDATA[",
    "&amp;", "&#0;", "&#x110000;", "&nbsp;", "<?xml version='1.0' encoding='latin-1'?>", "<time datetime='", "<a href='x'>",
    "</a>", "<br>", "<h1>", "</h1>", "<li>", h.ARTICLE,
])
FEED_PIECES = st.sampled_from([
    "<?xml version='1.0' encoding='utf-8'?>", "<rss version='2.0'>", "</rss>", "<channel>", "</channel>", "<item>",
    "</item>", "<title>", "</title>", "<description>", "</description>", "<pubDate>", "</pubDate>",
    "Sun, 15 Mar 2015 10:20:00 +0300", "<feed xmlns='http://www.w3.org/2005/Atom'>", "</feed>", "<entry>", "</entry>",
    "<content type='html'>", "</content>", "<![CDATA[<p>", "]]>", "<!DOCTYPE x [<!ENTITY a 'aaaa'>]>", "&a;", "&lt;p&gt;",
    "<source>", "</source>", "<link>", "</link>", "<author><name>", "</name></author>", h.ARTICLE,
])


@st.composite
def pieced(draw, pieces, encodings=("utf-8",)) -> bytes:
    text = "".join(draw(st.lists(st.one_of(pieces, TEXT), max_size=40)))
    return mutated(text.encode(draw(st.sampled_from(encodings)), "replace"), draw)


@fuzz
@given(pieced(HTML_PIECES, ("utf-8", "cp1256", "utf-16", "utf-8-sig", "latin-1")))
def test_html_pages(data):
    check("html", data, "a.html")


@fuzz
@given(pieced(FEED_PIECES, ("utf-8", "utf-16")))
def test_feeds(data):
    check("feeds", data, "a.xml")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXT
    | st.sampled_from(["2015-03-15", "Sun, 15 Mar 2015", h.ARTICLE, "<p>نص</p>", "9" * 5000]),
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(
        st.sampled_from(["text", "title", "body", "date", "source", "url", "author", "articles", "data", "name", "x"]),
        kids, max_size=5),
    max_leaves=20,
)


@st.composite
def json_files(draw) -> bytes:
    value = draw(JSON_VALUES)
    depth = draw(st.sampled_from([0, 0, 0, 1200]))  # deeper than Python's recursion limit
    text = json.dumps(value, ensure_ascii=draw(st.booleans()))
    if depth:
        text = "[" * depth + text + "]" * depth
    return mutated(text.encode(draw(st.sampled_from(["utf-8", "utf-16", "utf-8-sig"]))), draw)


@fuzz
@given(json_files(), st.sampled_from(["a.json", "a.jsonl"]))
def test_json_exports(data, name):
    check("exports", data, name)


@fuzz
@given(st.lists(json_files(), max_size=5))
def test_json_lines(lines):
    check("exports", b"\n".join(lines), "a.jsonl")


# --- Word files: a real one, its members replaced or broken ---------------------------------

GOOD_DOCX = h.docx_bytes([h.ARTICLE, "فقرة ثانية"], title="عنوان")
XML_PIECES = st.sampled_from([
    "<w:p>", "</w:p>", "<w:r>", "</w:r>", "<w:t>", "</w:t>", "<w:tbl><w:tr><w:tc>", "</w:tc></w:tr></w:tbl>", "نص",
    "<!DOCTYPE x [<!ENTITY a SYSTEM 'file:///etc/passwd'>]>", "&a;", "<w:body>", "</w:body>", "<?xml version='1.0'?>",
    "<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'>", "</w:document>",
])


@st.composite
def docx_files(draw) -> bytes:
    good = zipfile.ZipFile(io.BytesIO(GOOD_DOCX))
    names = [i.filename for i in good.infolist()]
    target = draw(st.sampled_from(names))
    action = draw(st.sampled_from(["drop", "replace", "mutate", "whole"]))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", draw(st.sampled_from([zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED]))) as z:
        for name in names:
            body = good.read(name)
            if name == target:
                if action == "drop":
                    continue
                if action == "replace":
                    body = "".join(draw(st.lists(st.one_of(XML_PIECES, TEXT), max_size=30))).encode()
                elif action == "mutate":
                    body = mutated(body, draw)
            z.writestr(name, body)
    data = out.getvalue()
    return mutated(data, draw) if action == "whole" else data


@fuzz
@given(docx_files())
def test_word_files(data):
    check("docx", data, "a.docx")


# --- PDFs: written by hand, their objects and content broken ---------------------------------

OPS = st.sampled_from([
    b"BT", b"ET", b"/F1 12 Tf", b"/F9 12 Tf", b"72 700 Td", b"(Hello) Tj", b"(\\376\\377) Tj", b"[(A) -200 (B)] TJ",
    b"<feff0627> Tj", b"12 TL", b"T*", b"q", b"Q", b"1 0 0 1 0 0 cm", b"0 0 0 0 0 0 cm", b"1e308 1e308 Td",
    b"/Im1 Do", b"BI /W 1 /H 1 ID x EI", b"(unclosed", b"<<", b">>", b"[", b"]", b"-", b"9" * 40, b"'", b"\"",
])


@st.composite
def pdf_files(draw) -> bytes:
    pages = [b"\n".join(draw(st.lists(OPS, max_size=30))) for _ in range(draw(st.integers(1, 3)))]
    data = h.pdf_bytes(pages)
    if draw(st.booleans()):  # an object's body replaced
        objs = [i for i in range(len(data)) if data.startswith(b" 0 obj\n", i)]
        at = draw(st.sampled_from(objs)) + 7
        end = data.index(b"\nendobj", at)
        body = draw(st.sampled_from([b"<< /Type /Pages /Kids [1 0 R] /Count 1 >>", b"<< /Length -5 >>\nstream\nx\nendstream",
                                     b"<< /Filter /LZWDecode /Length 3 >>\nstream\nabc\nendstream", b"[ 1 0 R ]", b"(",
                                     b"<< /Contents 4 0 R /Parent 1 0 R /Type /Page >>", b"null"]))
        data = data[:at] + body + data[end:]
    return mutated(data, draw)


@fuzz
@given(pdf_files())
def test_pdfs(data):
    check("pdf", data, "a.pdf")
