"""JSON and JSON Lines exports: one record per article object.

.json holds an array of objects, an object holding one array of article
objects ({"articles": [...]}, {"data": {"items": [...]}}), or one article
object. .jsonl / .ndjson hold one object a line; a line that does not parse
is skipped with its reason, the others are read. Fields are found by their
common names, case-insensitively, after the names options.json_fields gives.
"""

from __future__ import annotations

import codecs
import json
import re
from pathlib import Path

from reader.index.files.formats import FormatError, ReadOptions, Record

FIELDS = {
    "title": ("title", "headline", "name"),
    "text": ("text", "body", "content", "article", "description"),
    "date": ("date", "published", "published_at", "pubdate", "datetime", "created_at"),
    "source": ("source", "site", "outlet", "publisher", "site_name"),
    "url": ("url", "link", "permalink"),
    "author": ("author", "byline", "creator"),
    "key": ("id", "_id", "article_id", "doc_id", "uuid", "guid"),
}
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_HTML_RE = re.compile(r"<\s*/?\s*(?:p|br|div|span|a|b|i|em|strong|li|ul|ol|h[1-6])\b[^>]*>", re.I)


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        data, enc = data[3:], "utf-8"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        enc = "utf-16"
    else:
        enc = "utf-8"
    try:
        return data.decode(enc)
    except UnicodeDecodeError as e:
        raise FormatError(f"not {enc.upper()} (bad byte at {e.start}): JSON exports must be UTF-8 or UTF-16 with a BOM")


def _one_line(value: str) -> str:
    return " ".join(_CONTROL_RE.sub(" ", value).split())


def _reason(e: json.JSONDecodeError) -> str:
    return e.msg


def _int(digits: str):
    """A JSON integer; one too long for int() (4,300 digits: Python's guard
    against quadratic conversion) kept as its digits, not failing the file."""
    return int(digits) if len(digits) < 4000 else digits


def loads(text: str):
    """json.loads, big integers kept as their digits (see _int)."""
    return json.loads(text, parse_int=_int)


def read(data: bytes, path: Path, options: ReadOptions) -> list:
    text = _decode(data)
    names = _names(options.json_fields)
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        out: list = []
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                obj = loads(line)
            except json.JSONDecodeError as e:
                out.append(f"line {n}: not JSON ({_reason(e)})")
                continue
            except RecursionError:
                out.append(f"line {n}: not JSON (nested too deep)")
                continue
            out.append(_record(obj, names, f"line {n}"))
        if not out:
            raise FormatError("no JSON lines in the file")
        if not any(isinstance(x, Record) for x in out) and all("not JSON" in x for x in out):
            raise FormatError(f"not JSON Lines ({out[0]})")
        return out
    try:
        obj = loads(text)
    except json.JSONDecodeError as e:
        raise FormatError(f"not JSON (line {e.lineno}: {_reason(e)})")
    except RecursionError:
        raise FormatError("not JSON (nested too deep)")
    items = _articles(obj, names["text"])
    if items is None:
        raise FormatError("no articles in the JSON (an array of objects, or an object holding one, was expected)")
    return [_record(item, names, f"item {n}") for n, item in enumerate(items, 1)]


def _articles(obj, text_names, depth: int = 0):
    """The list of article objects a JSON document holds, or None."""
    if isinstance(obj, list):
        return obj
    if not isinstance(obj, dict) or depth > 3:
        return None
    lists = [v for v in obj.values() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
    if len(lists) == 1:
        return lists[0]
    if len(lists) > 1:  # the longest list of objects that have a text field
        lists.sort(key=len, reverse=True)
        return lists[0]
    if _find(obj, text_names) is not None:
        return [obj]
    for v in obj.values():
        if isinstance(v, dict):
            found = _articles(v, text_names, depth + 1)
            if found is not None:
                return found
    return None


def _names(json_fields) -> dict:
    names = {}
    for key, common in FIELDS.items():
        first = list((json_fields or {}).get(key) or [])
        names[key] = tuple(first) + tuple(n for n in common if n not in first)
    return names


def _lowered(obj: dict) -> dict:
    """An object's fields by their lower-case names."""
    return {k.lower(): v for k, v in obj.items() if isinstance(k, str)}


def _find(obj: dict, names, lower: dict | None = None):
    """The first of the fields names has, case-insensitively (lower: the
    object _lowered, when it is looked in more than once)."""
    lower = _lowered(obj) if lower is None else lower
    for name in names:
        v = lower.get(name.lower())
        if v not in (None, "", [], {}):
            return v
    return None


def _string(value) -> str:
    if isinstance(value, dict):
        value = value.get("name") or value.get("title") or value.get("text") or value.get("value") or ""
    if isinstance(value, list):
        return ", ".join(s for s in (_string(v) for v in value) if s)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return _one_line(value) if isinstance(value, str) else ""


def _body(value) -> str:
    if isinstance(value, list):
        value = "\n\n".join(v for v in value if isinstance(v, str))
    if isinstance(value, dict):
        value = _string(value)
    if not isinstance(value, str):
        return ""
    if _HTML_RE.search(value):
        from reader.index.files.formats.feeds import plain_text

        return plain_text(value)
    value = _CONTROL_RE.sub(" ", value.replace("\r\n", "\n").replace("\r", "\n"))
    # paragraphs between blank lines; a text with none puts one a line
    breaks = r"\n\s*\n" if re.search(r"\n\s*\n", value.strip()) else r"\n"
    paragraphs = (" ".join(p.split()) for p in re.split(breaks, value))
    return "\n\n".join(p for p in paragraphs if p)


def _record(obj, names: dict, where: str):
    """A Record of an article object, or the reason it is none; one
    article's fault (fields nested too deep) costs only that article."""
    try:
        return _fields(obj, names, where)
    except RecursionError:
        return f"{where}: nested too deep"


def _fields(obj, names: dict, where: str):
    if not isinstance(obj, dict):
        return f"{where}: not an object"
    lower = _lowered(obj)
    text = _body(_find(obj, names["text"], lower))
    if not text:
        return f"{where}: no text (none of the fields {', '.join(names['text'][:6])})"
    return Record(
        text=text,
        title=_string(_find(obj, names["title"], lower)),
        author=_string(_find(obj, names["author"], lower)),
        date=_string(_find(obj, names["date"], lower)),
        outlet=_string(_find(obj, names["source"], lower)),
        url=_string(_find(obj, names["url"], lower)),
        key=_string(_find(obj, names["key"], lower)),
    )
