"""Bookmarks as citations: Markdown, JSON or CSV, written atomically.

Arabic stays in logical order: an export is a file, not a screen.
"""

from __future__ import annotations

import csv
import io
import json

from reader.display.safe import clean

FORMATS = ("md", "json", "csv")
FIELDS = ("id", "doc", "path", "title", "author", "outlet", "published", "url", "start", "end", "quote", "note", "tags",
          "status", "created", "updated")


def render(bookmarks, fmt: str) -> str:
    if fmt == "json":
        return json.dumps([fields(b) for b in bookmarks], ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        # A byte order mark first: without it Excel reads UTF-8 as the
        # local code page and garbles the Arabic; lines end CRLF (RFC 4180).
        out = io.StringIO()
        out.write("\ufeff")
        w = csv.DictWriter(out, fieldnames=FIELDS)
        w.writeheader()
        for b in bookmarks:
            row = fields(b)
            row["tags"] = " ".join(row["tags"])
            w.writerow({k: clean(str(v)) for k, v in row.items()})
        return out.getvalue()
    return markdown(bookmarks)


def fields(b) -> dict:
    d = b.as_json()
    return {k: d[k] for k in FIELDS}


def markdown(bookmarks) -> str:
    """A citation list: title and author; outlet, day and URL; the path; the
    passage quoted; the note."""
    parts = ["# Bookmarks\n"]
    for b in bookmarks:
        head = clean(b.title or b.doc)
        if b.author:
            head += f" — {clean(b.author)}"
        parts.append(f"## {head}\n")
        source = ", ".join(clean(v) for v in (b.outlet, b.published) if v)
        if b.url:
            source += (", " if source else "") + f"<{clean(b.url)}>"
        if source:
            parts.append(source + "\n")
        where = f"`{clean(b.path)}`, characters {b.start}–{b.end}"
        if b.status != "ok":
            where += f" ({b.status})"
        parts.append(where + "\n")
        quote = "\n".join("> " + line for line in clean(b.exact).split("\n"))
        parts.append(quote + "\n")
        if b.note:
            parts.append(f"Note: {clean(b.note)}\n")
        if b.tags:
            parts.append("Tags: " + ", ".join(clean(t) for t in b.tags) + "\n")
    return "\n".join(parts)
