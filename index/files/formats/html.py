"""Saved web pages: the article's main text (trafilatura) and its metadata.

trafilatura was measured against readability-lxml on 40 Arabic pages made of
SaudiNewsNet articles inside four layouts (semantic HTML5, div soup in
windows-1256, WordPress with comments, an old table layout): same speed
(about 4 ms a page), both keep the whole article, but trafilatura leaves
out the boilerplate more often and recovers the date, author, URL and site
name, where readability gives the title only (see /tmp/formats_notes.md at
the time of writing, and the commit that added this module).

Before extraction: the bytes are decoded by their BOM, their declared
charset (<meta charset>, http-equiv) or index.files.encodings; layout tables
(cells holding paragraphs or other tables) become plain blocks, so the
extractor can tell the article's cell from the menus' and sidebars'; the
"read also" links inside an article are dropped.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from reader.index.files.formats import FormatError, ReadOptions, Record
from reader.index.files.formats.exports import loads

_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# Paragraphs that only point elsewhere: "read also", "see also"...
_READ_ALSO_RE = re.compile(
    r"^\s*[\(\[«]?\s*(?:[إا]قرأ\s+(?:أيض|ايض|المزيد)|شاهد\s+(?:أيض|ايض)|ذات\s+صلة|مواضيع\s+ذات\s+صلة|"
    r"read\s+(?:also|more)|see\s+also|related\s*:)"
)
_TITLE_SEP_RE = re.compile(r"\s+[|\-\u2013\u2014:«»]{1,2}\s+")
_DATE_RE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/-]\d{1,2}[/-]\d{2,4}")
_LATIN_CHARSETS = {"iso-8859-1", "latin-1", "latin1", "windows-1252", "cp1252", "us-ascii", "ascii"}


def _decode(data: bytes) -> tuple[str, str]:
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc
    m = _CHARSET_RE.search(data[:4096])
    declared = m.group(1).decode("ascii", "replace").lower() if m else ""
    if declared:
        try:
            name = codecs.lookup(declared).name
        except LookupError:
            name = ""
        # Old Arabic sites often declare a Latin charset for cp1256 bytes:
        # trust such a declaration only when the bytes do not read as Arabic.
        if name and name not in {codecs.lookup(c).name for c in _LATIN_CHARSETS}:
            try:
                return data.decode(name), name
            except (UnicodeDecodeError, LookupError):
                pass
    from reader.index.files.encodings import DecodeError, decode

    try:
        return decode(data)
    except DecodeError:
        pass
    return data.decode("utf-8", errors="replace"), "utf-8 (with replacements)"


def _meta(tree) -> dict:
    """What the page's <head> says: OpenGraph, article:*, <meta name>, JSON-LD."""
    found: dict[str, str] = {}

    def put(key, value):
        value = " ".join((value or "").split())
        if value and key not in found:
            found[key] = value

    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = el.get("content")
        if key in ("article:published_time", "og:article:published_time", "datepublished", "pubdate",
                   "publishdate", "date", "dc.date.issued", "dc.date", "sailthru.date", "parsely-pub-date"):
            put("date", content)
        elif key in ("og:site_name", "application-name"):
            put("outlet", content)
        elif key in ("author", "article:author", "dc.creator", "byl", "parsely-author"):
            if content and not content.startswith("http"):
                put("author", content)
        elif key == "og:url":
            put("url", content)
        elif key in ("og:title", "twitter:title"):
            put("title", content)
    for el in tree.iter("link"):
        if (el.get("rel") or "").lower() == "canonical":
            put("url", el.get("href"))
    for el in tree.iter("script"):
        if (el.get("type") or "").lower() != "application/ld+json" or not el.text:
            continue
        try:
            data = loads(el.text)
        except (ValueError, RecursionError):  # a page's metadata, not its text: left out
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
                continue
            if not isinstance(item, dict):
                continue
            if "@graph" in item:
                stack.append(item["@graph"])
            kind = item.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if not any(isinstance(k, str) and (k.endswith("Article") or k in ("BlogPosting", "Report")) for k in kinds):
                continue
            put("date", item.get("datePublished") if isinstance(item.get("datePublished"), str) else "")
            put("title", item.get("headline") if isinstance(item.get("headline"), str) else "")
            for key, field in (("author", "author"), ("outlet", "publisher")):
                v = item.get(field)
                v = v[0] if isinstance(v, list) and v else v
                put(key, v.get("name") if isinstance(v, dict) and isinstance(v.get("name"), str) else v if isinstance(v, str) else "")
    for el in tree.iter("time"):
        if el.get("datetime") and (el.get("pubdate") is not None or "publish" in (el.get("class") or "") or "date" not in found):
            put("date", el.get("datetime"))
            break
    return found


def _prepare(tree) -> None:
    """Layout tables become blocks; "read also" paragraphs go."""
    for table in list(tree.iter("table")):
        cells = [c for c in table.iter("td", "th")]
        layout = any(c.find(".//table") is not None or c.find(".//p") is not None
                     or len(c.text_content()) > 400 for c in cells)
        if layout:
            for el in [table, *table.iter("tbody", "thead", "tfoot", "tr", "td", "th")]:
                el.tag = "div"
                for attr in ("width", "valign", "colspan", "rowspan"):
                    el.attrib.pop(attr, None)
    for el in list(tree.iter("p", "li", "div", "strong", "b", "h3", "h4")):
        text = el.text_content()
        if len(text) < 200 and _READ_ALSO_RE.match(text):
            parent = el.getparent()
            if parent is not None:
                el.drop_tree()


def read(data: bytes, path: Path, options: ReadOptions) -> list:
    text, _encoding = _decode(data)
    from reader.index.files.encodings import looks_binary

    if looks_binary(text):
        raise FormatError("binary file (control characters), not a web page")
    # lxml makes a NUL U+FFFD: a page of them was read as a title of "�"
    text = _XML_DECL_RE.sub("", text.replace("\x00", ""), count=1)
    if not text.strip():
        raise FormatError("empty page")
    import lxml.etree
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as e:
        raise FormatError(f"not an HTML page ({_one_line(e)})")
    meta = _meta(tree)
    _prepare(tree)
    import trafilatura

    doc = None
    for kw in ({"favor_precision": True}, {}, {"favor_recall": True}):
        try:
            doc = trafilatura.bare_extraction(tree, include_comments=False, with_metadata=True, include_tables=True, **kw)
        except Exception as e:  # the extractor's own errors on odd trees
            raise FormatError(f"the page could not be parsed ({_one_line(e)})")
        if doc is not None and (getattr(doc, "text", None) or "").strip():
            break
    body = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not body:
        raise FormatError("no article text found")
    paragraphs = [" ".join(line.split()) for line in body.split("\n")]
    paragraphs = [p for p in paragraphs if p]
    # Menus the extractor kept: short paragraphs made only of link words.
    link_words = set()
    for a in tree.iter("a"):
        link_words.update(a.text_content().split())
    paragraphs = [p for p in paragraphs if len(p) > 80 or not set(p.replace("|", " ").split()) <= link_words]
    if not paragraphs:
        raise FormatError("no article text found")
    title = meta.get("title") or ""
    outlet = meta.get("outlet") or ""
    if not title:
        # <title> is often "Headline | Site" or "Site - Headline": the part
        # the body starts with is the headline, the other the site.
        head = tree.find(".//title")
        full = _clean(head.text_content()) if head is not None else ""
        parts = [x.strip() for x in _TITLE_SEP_RE.split(full) if x.strip()]
        if len(parts) > 1 and paragraphs and paragraphs[0] in parts:
            title = paragraphs[0]
            outlet = outlet or " - ".join(x for x in parts if x != title)
        else:
            title = doc.title or full
            outlet = outlet or doc.sitename or ""
    outlet = outlet or doc.sitename or ""
    # The extractor may keep the headline as the first line of the body.
    while paragraphs and title and paragraphs[0] in (title, doc.title or ""):
        paragraphs.pop(0)
    # A dateline alone above the text ("نشر في 2015-07-21").
    while paragraphs and len(paragraphs[0]) < 60 and _DATE_RE.search(paragraphs[0]) and len(paragraphs) > 1:
        paragraphs.pop(0)
    if not paragraphs:
        raise FormatError("no article text found")
    return [Record(
        text="\n\n".join(paragraphs),
        title=_clean(title),
        author=_clean(meta.get("author") or doc.author or ""),
        date=_clean(meta.get("date") or doc.date or ""),
        outlet=_clean(outlet),
        url=_clean(meta.get("url") or doc.url or ""),
    )]


_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f]")


def _clean(value: str) -> str:
    return " ".join(_CONTROL_RE.sub(" ", value or "").split())


def _one_line(e: Exception) -> str:
    return _clean(str(e))[:160] or type(e).__name__
