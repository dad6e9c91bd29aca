"""RSS and Atom feeds with feedparser: one record per item, its HTML made
plain text (tags stripped, entities unescaped, paragraphs kept)."""

from __future__ import annotations

import html
import re
import time
from pathlib import Path

from reader.index.files.dates import parse_date
from reader.index.files.formats import FormatError, ReadOptions, Record

_BLOCK_RE = re.compile(r"(?i)<\s*(?:br|/p|/div|/li|/h[1-6]|/blockquote|/tr|p|div|li|h[1-6]|blockquote|tr)\b[^>]*>")
_TAG_RE = re.compile(r"(?s)<!--.*?-->|<\s*(script|style)\b.*?<\s*/\s*\1\s*>|<[^>]*>")
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def plain_text(value: str) -> str:
    """HTML (or plain text) made plain: paragraphs separated by a blank line."""
    value = _BLOCK_RE.sub("\n\n", value or "")
    value = html.unescape(_TAG_RE.sub(" ", value))
    value = _CONTROL_RE.sub(" ", value.replace("\r", "\n"))
    paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s*\n", value))
    return "\n\n".join(p for p in paragraphs if p)


def _line(value) -> str:
    return " ".join(_CONTROL_RE.sub(" ", html.unescape(str(value or ""))).split())


def _iso(struct: time.struct_time | None) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", struct) if struct else ""


def read(data: bytes, path: Path, options: ReadOptions) -> list:
    import feedparser

    try:
        feed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    except Exception as e:  # feedparser raises rarely, but a parser underneath may
        raise FormatError(f"not an RSS or Atom feed ({type(e).__name__})")
    version = feed.get("version") or ""
    entries = feed.get("entries") or []
    if not entries:
        if feed.get("bozo") or not version:
            raise FormatError("not an RSS or Atom feed")
        raise FormatError("a feed with no items")
    channel = feed.get("feed") or {}
    feed_title = _line(channel.get("title"))
    out: list = []
    for n, entry in enumerate(entries, 1):
        body = ""
        for content in entry.get("content") or []:
            if content.get("value"):
                body = content["value"]
                break
        body = plain_text(body or entry.get("summary") or entry.get("description") or "")
        title = _line(entry.get("title"))
        if not body:
            out.append(f"item {n}{' (' + title + ')' if title else ''}: no text")
            continue
        source = entry.get("source") or {}
        outlet = _line(source.get("title") if isinstance(source, dict) else "") or feed_title
        # The date as written first: it keeps the day of its own time zone
        # (feedparser's *_parsed are in UTC, so 02:51 +0300 was the day before).
        date = _line(entry.get("published") or entry.get("updated"))
        if not parse_date(date):
            date = _iso(entry.get("published_parsed") or entry.get("updated_parsed")) or date
        author = _line(entry.get("author"))
        if not author and entry.get("authors"):
            author = ", ".join(_line(a.get("name")) for a in entry["authors"] if a.get("name"))
        out.append(Record(text=body, title=title, author=author, date=date, outlet=outlet, url=_line(entry.get("link"))))
    return out
