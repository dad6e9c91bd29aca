"""Word files (.docx) with python-docx: the paragraphs in document order
(tables' cells too, one paragraph a row), and the core properties: title,
author, created (or modified) as ISO 8601."""

from __future__ import annotations

import io
import re
from pathlib import Path

from reader.index.files.formats import FormatError, ReadOptions, Record, limits
from reader.index.files.formats.limits import LimitExceeded

_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _one_line(value: str) -> str:
    return " ".join(_CONTROL_RE.sub(" ", value or "").split())


def read(data: bytes, path: Path, options: ReadOptions) -> list:
    import zipfile

    if not data.startswith(b"PK"):
        raise FormatError("not a .docx file (not a zip archive)")
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as e:  # pragma: no cover - a broken install
        raise FormatError(f"python-docx is not installed ({e})")
    try:
        _check_inflated(zipfile.ZipFile(io.BytesIO(data)))
        document = docx.Document(io.BytesIO(data))
    except zipfile.BadZipFile as e:
        raise FormatError(f"broken .docx (a truncated or damaged zip: {_one_line(str(e))})")
    except PackageNotFoundError:
        raise FormatError("not a .docx file (no Word document inside the zip)")
    except KeyError as e:
        if "Content_Types" in str(e) or "document" in str(e):
            raise FormatError("not a .docx file (a zip without a Word document)")
        raise FormatError(f"broken .docx (missing part {_one_line(str(e))})")
    except (ValueError, OSError, EOFError, zipfile.LargeZipFile) as e:
        raise FormatError(f"broken .docx ({_one_line(str(e)) or type(e).__name__})")
    except LimitExceeded:
        raise
    except Exception as e:  # lxml's XMLSyntaxError and whatever else a damaged part raises
        raise FormatError(f"broken .docx ({type(e).__name__}: {_one_line(str(e))[:120]})")
    try:
        paragraphs = _paragraphs(document)
        props = document.core_properties
        title, author = props.title or "", props.author or ""
        when = props.created or props.modified
    except Exception as e:
        raise FormatError(f"broken .docx ({type(e).__name__}: {_one_line(str(e))[:120]})")
    if not paragraphs:
        raise FormatError("no text in the document")
    date = when.isoformat() if when is not None else ""
    if date.endswith("+00:00"):
        date = date[:-6] + "Z"
    return [Record(text="\n\n".join(paragraphs), title=_one_line(title), author=_one_line(author), date=date)]


def _check_inflated(zf) -> None:
    """LimitExceeded if the zip's members inflate past the limit, all
    together: by what their headers say, and, as headers can lie, by
    inflating each (a chunk at a time, kept by nobody) no further than its
    header says: a member that holds more fails its checksum, a broken zip."""
    cap = limits.current().inflate_bytes
    left = cap
    for info in zf.infolist():
        left -= info.file_size
        if left < 0:
            raise LimitExceeded(limits.inflate_line("its zip's parts"))
    for info in zf.infolist():
        if info.compress_size * _MAX_RATIO <= cap:
            continue  # whatever its header says, it cannot hold more than that
        with zf.open(info) as f:
            while f.read(1 << 20):  # ZipExtFile.read(n) inflates at most n bytes
                pass


_MAX_RATIO = 1032  # what deflate can inflate a byte to, at most


def _paragraphs(document) -> list[str]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = " ".join(Paragraph(child, document).text.split())
            if text:
                out.append(text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = " ".join(cell.text.split())
                    if text and (not cells or cells[-1] != text):  # merged cells repeat
                        cells.append(text)
                if cells:
                    out.append(" | ".join(cells))
    return out
