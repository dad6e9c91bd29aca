"""Files built to hurt a reader, made small on disk: the tests write them
rather than keep binaries. Each takes the size of what it blows up to, so a
test can make one just over a lowered limit and a measurement a full one."""

from __future__ import annotations

import io
import json
import zipfile
import zlib

ARTICLE = "قال المتحدث الرسمي إن المشروع الجديد سيبدأ العام المقبل في الرياض وجدة والدمام. " * 4


def docx_bytes(paragraphs: list[str], title: str = "") -> bytes:
    """A real Word file, made by python-docx."""
    import docx

    d = docx.Document()
    d.core_properties.title = title
    for p in paragraphs:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def docx_bomb(inflated: int, lie: bool = False) -> bytes:
    """A .docx whose word/document.xml inflates to about `inflated` bytes of
    paragraphs; lie: its zip headers say the part is 1 KB."""
    good = zipfile.ZipFile(io.BytesIO(docx_bytes(["x"])))
    out = io.BytesIO()
    para = b"<w:p><w:r><w:t>" + b"a" * 200 + b"</w:t></w:r></w:p>"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in good.infolist():
            if info.filename != "word/document.xml":
                z.writestr(info, good.read(info))
                continue
            head, _, tail = good.read(info).partition(b"<w:body>")
            with z.open(info.filename, "w", force_zip64=inflated > 1 << 30) as f:
                f.write(head + b"<w:body>")
                chunk = para * 4096
                for _ in range(max(1, inflated // len(chunk))):
                    f.write(chunk)
                f.write(b"<w:sectPr/></w:body></w:document>")
    data = out.getvalue()
    if lie:
        data = _lie_about_size(data, b"word/document.xml", 1024)
    return data


def _lie_about_size(data: bytes, name: bytes, size: int) -> bytes:
    """The zip's local and central headers of `name` made to say it
    inflates to `size` bytes."""
    buf = bytearray(data)
    at = 0
    while (at := buf.find(name, at)) >= 0:
        if buf[at - 46 : at - 42] == b"PK\x01\x02":  # central header: uncompressed size at +24
            buf[at - 46 + 24 : at - 46 + 28] = size.to_bytes(4, "little")
        elif buf[at - 30 : at - 26] == b"PK\x03\x04":  # local header: at +22
            buf[at - 30 + 22 : at - 30 + 26] = size.to_bytes(4, "little")
        at += len(name)
    return bytes(buf)


def pdf_bytes(contents: list[bytes], pages: int | None = None, shared: bool = False) -> bytes:
    """A PDF written by hand, each content stream FlateDecode'd. pages:
    how many pages (default, one per stream); shared: every page draws the
    first stream."""
    pages = pages if pages is not None else len(contents)
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    stream_ids = []
    for c in contents:
        packed = zlib.compress(c, 9)
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream")
        stream_ids.append(len(objects))
    kids = []
    for n in range(pages):
        sid = stream_ids[0] if shared else stream_ids[n % len(stream_ids)]
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
                       b"/Contents %d 0 R >>" % sid)
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % pages
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def text_content(lines: int, word: bytes = b"Hello world") -> bytes:
    """A content stream drawing `lines` lines of text."""
    ops = [b"BT /F1 10 Tf 72 760 Td 12 TL"]
    ops += [b"(" + word + b" %d.) '" % n for n in range(lines)]
    ops.append(b"ET")
    return b"\n".join(ops)


def zero_content(inflated: int) -> bytes:
    """A content stream of `inflated` bytes that draws nothing (spaces)."""
    return b"BT /F1 10 Tf 72 700 Td (Hello.) Tj ET\n" + b" " * inflated


def big_page(size: int) -> bytes:
    """A web page of about `size` bytes: an article among many div blocks."""
    block = "<div class='c'><a href='/x'>رابط</a> <span>نص جانبي قصير هنا</span></div>\n"
    filler = block * max(1, size // len(block.encode()))
    return (f"<html><head><meta charset='utf-8'><title>عنوان الخبر</title></head><body>"
            f"<article><h1>عنوان الخبر</h1><p>{ARTICLE}</p><p>{ARTICLE}</p></article>{filler}</body></html>").encode()


def feed(items: int) -> bytes:
    parts = ["<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>صحيفة</title>"]
    parts += [f"<item><title>خبر {n}</title><description>نص الخبر {n}</description></item>" for n in range(items)]
    parts.append("</channel></rss>")
    return "".join(parts).encode()


def export(items: int) -> bytes:
    return json.dumps([{"title": f"خبر {n}", "text": f"نص الخبر {n}", "date": "2015-03-15"} for n in range(items)],
                      ensure_ascii=False).encode()


def nested(depth: int) -> str:
    """A JSON value nested `depth` arrays deep."""
    return "[" * depth + "]" * depth
