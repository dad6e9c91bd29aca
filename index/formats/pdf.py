"""PDFs with a text layer (pdfminer.six), brought back to logical order.

What the extractors really give for Arabic (measured on a LibreOffice PDF
of a python-docx file, and on an fpdf2 PDF of reshaped, bidi-reordered text
as many Arabic generators write): pdfminer gives each line's glyphs as they
stand on the page, left to right, so an Arabic line comes out reversed
(visual order), in presentation forms (U+FB50-U+FEFF) when the generator
drew those, with a lam-alef ligature's two letters inside one glyph in
logical order, and extra spaces next to marks placed as glyphs of their
own. pypdf reverses some right-to-left chunks itself but scrambles the
lines holding shadda or damma (their marks split a word into chunks that
it orders wrongly), so it was not chosen.

This module takes the glyphs one by one: NFKC on each (presentation forms
to letters, a ligature to its letters in their order), then, for a line in
visual order, reverses the glyphs while keeping each glyph's own letters,
and puts the runs of digits and Latin back in their left-to-right order.
Whether a line is in visual order is read from the letters (a word does not
start with ة or ى, and the article ال does not end one), for the document
as a whole and per line when a line says clearly. Lines are joined into
paragraphs by their vertical gaps: a gap wider than the line spacing starts
a new paragraph.
"""

from __future__ import annotations

import io
import re
import statistics
import unicodedata
from pathlib import Path

from reader.index.formats import FormatError, ReadOptions, Record

MAX_PAGES = 2000
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_MARK_CLASSES = {"NSM"}
_LTR_CLASSES = {"L", "EN", "AN"}
_RTL_CLASSES = {"R", "AL"}
_MIRROR = str.maketrans("()[]{}<>«»", ")(][}{><»«")
_ARABIC_WORD_RE = re.compile("[\u0621-\u064a\u0660-\u0669\u066e-\u06d3\u064b-\u065f\u0670]+")
_END_RE = re.compile(r"[.!?؟:»\"”…]$")


def _one_line(value: str) -> str:
    return " ".join(_CONTROL_RE.sub(" ", value or "").split())


def _order_votes(text: str) -> tuple[int, int]:
    """(logical, visual) evidence of the letters' order in a line."""
    logical = visual = 0
    for w in _ARABIC_WORD_RE.findall(text):
        w = "".join(c for c in w if unicodedata.bidirectional(c) != "NSM")
        if len(w) < 3:
            continue
        if w[0] in "ةى":
            visual += 1
        if w[-1] in "ةى":
            logical += 1
        if len(w) >= 4 and w.startswith("ال"):
            logical += 1
        if len(w) >= 4 and w.endswith("لا"):
            visual += 1
    return logical, visual


def _bidi(unit: str) -> str:
    for c in unit:
        b = unicodedata.bidirectional(c)
        if b != "NSM":
            return b
    return "NSM" if unit else "WS"


def _visual_to_logical(units: list[str], rtl: bool) -> str:
    """A line's glyphs, left to right as on the page, in logical order: in a
    right-to-left line all is reversed but the runs of digits and Latin
    (with the neutrals between them); in a left-to-right line only the
    Arabic runs are. A glyph's own letters (a ligature's) keep their order."""
    classes = [_bidi(u) for u in units]
    if rtl:
        units, classes = units[::-1], classes[::-1]
        keep, flip = _LTR_CLASSES, _RTL_CLASSES
    else:
        keep, flip = _RTL_CLASSES, _LTR_CLASSES
    out: list[str] = []
    i, n = 0, len(units)
    while i < n:
        if classes[i] in keep:
            # A run in the other direction: its glyphs and the neutrals between them.
            j, last = i, i
            while j < n and classes[j] not in flip:
                if classes[j] in keep:
                    last = j
                j += 1
            run = units[i : last + 1][::-1]
            out.extend(u.translate(_MIRROR) for u in run) if not rtl else out.extend(run)
            i = last + 1
        else:
            out.append(units[i].translate(_MIRROR) if rtl else units[i])
            i += 1
    return "".join(out)


def _visual_units(glyphs: list) -> list[str]:
    """Glyphs (x0, x1, text) in the extractor's order made units in their
    left-to-right order on the page. Generators draw a line in runs (one
    per bidi run, or per font); inside a run the glyphs follow each other,
    a mark just before the letter it sits on. A glyph drawn left of the
    previous one's start begins a new run; the runs are put in their order
    on the page."""
    runs: list[list] = []
    last_x0 = None
    for x0, x1, text in glyphs:
        if x0 is not None and not _is_mark(text) and (last_x0 is None or x0 < last_x0 - 0.5) and runs:
            runs.append([])
            last_x0 = None
        if not runs:
            runs.append([])
        runs[-1].append((x0, text))
        if x0 is not None and not _is_mark(text):
            last_x0 = x0
    def start(run):
        xs = [x for x, t in run if x is not None and not _is_mark(t)]
        return min(xs) if xs else float("inf")
    runs.sort(key=start)
    units: list[str] = []
    for run in runs:
        if units and not units[-1].isspace() and run and not run[0][1].isspace():
            pass
        units.extend(t for _x, t in run)
    return units


def _is_mark(text: str) -> bool:
    return bool(text) and all(unicodedata.bidirectional(c) == "NSM" for c in text)


def _line_text(glyphs: list, stream: list[str], doc_visual: bool) -> str:
    """The line in logical order: the glyphs by their place on the page,
    unless the letters say the extractor's own order reads better."""
    units = _visual_units(glyphs)
    plain = "".join(units)
    arabic = len(_ARABIC_WORD_RE.findall(plain))
    latin = len(re.findall(r"[A-Za-z]+", plain))
    placed = _visual_to_logical(units, rtl=arabic >= latin and arabic > 0)
    as_given = "".join(stream)
    lg1, vs1 = _order_votes(placed)
    lg2, vs2 = _order_votes(as_given)
    text = as_given if (lg2 - vs2) > (lg1 - vs1) + 1 else placed
    # Spaces the extractor put beside a mark drawn as a glyph of its own.
    text = re.sub(r"\s+(?=[\u064b-\u065f\u0670])", "", text)
    return " ".join(text.split())


def _merge_segments(lines: list) -> list:
    """One line of the page that the extractor cut in pieces (at a number,
    a Latin word) made whole again: the pieces on the same baseline, side by
    side, in their order on the page, where the first piece stood in the
    extractor's order."""
    out = [[y0, y1, x0, x1, [(x0, glyphs, stream)]] for y0, y1, x0, x1, (glyphs, stream) in lines]
    merged = True
    while merged:
        merged = False
        for i in range(len(out)):
            for j in range(i + 1, len(out)):
                a, b = out[i], out[j]
                h = min(a[1] - a[0], b[1] - b[0]) or 1.0
                overlap = min(a[1], b[1]) - max(a[0], b[0])
                near = max(b[2] - a[3], a[2] - b[3]) < 3 * h
                if overlap > 0.6 * h and near:
                    out[i] = [min(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), max(a[3], b[3]), a[4] + b[4]]
                    del out[j]
                    merged = True
                    break
            if merged:
                break
    result = []
    for y0, y1, x0, x1, pieces in out:
        pieces.sort(key=lambda p: p[0])
        glyphs: list = []
        stream: list = []
        for _x, g, st in pieces:
            if glyphs:
                glyphs.append((None, None, " "))
                stream.append(" ")
            glyphs.extend(g)
            stream.extend(st)
        result.append((y0, y1, x0, x1, (glyphs, stream)))
    return result


def read(data: bytes, path: Path, options: ReadOptions) -> list:
    head = data[:1024]
    if b"%PDF-" not in head:
        raise FormatError("not a PDF file")
    try:
        from pdfminer.layout import LAParams, LTChar, LTTextBox, LTTextLine
        from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdfparser import PDFParser
    except ImportError as e:  # pragma: no cover - a broken install
        raise FormatError(f"pdfminer.six is not installed ({e})")
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager

    try:
        doc = PDFDocument(PDFParser(io.BytesIO(data)), password="")
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise FormatError("encrypted PDF: not indexed")
    except Exception as e:
        if "password" in str(e).lower() or "encrypt" in type(e).__name__.lower():
            raise FormatError("encrypted PDF: not indexed")
        raise FormatError(f"broken PDF ({_reason(e)})")
    if doc.encryption is not None:
        # Opened with the empty password: readable, but an owner's choice to
        # encrypt it is respected all the same.
        raise FormatError("encrypted PDF: not indexed")

    rsrc = PDFResourceManager(caching=True)
    device = PDFPageAggregator(rsrc, laparams=LAParams())
    interpreter = PDFPageInterpreter(rsrc, device)
    pages: list[list[tuple[float, float, float, float, list[str]]]] = []
    unmapped = glyphs = 0
    try:
        for number, page in enumerate(PDFPage.create_pages(doc)):
            if number >= MAX_PAGES:
                break
            interpreter.process_page(page)
            layout = device.get_result()
            lines = []
            for box in layout:
                if not isinstance(box, LTTextBox):
                    continue
                for line in box:
                    if not isinstance(line, LTTextLine):
                        continue
                    glyphs_here, stream = [], []
                    for ch in line:
                        t = ch.get_text()
                        if isinstance(ch, LTChar):
                            glyphs += 1
                            if t.startswith("(cid:"):
                                unmapped += 1
                                continue
                            t = unicodedata.normalize("NFKC", t)
                            if t:
                                glyphs_here.append((ch.x0, ch.x1, t))
                        else:
                            t = unicodedata.normalize("NFKC", t.replace("\n", " "))
                            if t:
                                glyphs_here.append((None, None, t))
                        stream.append(t)
                    if "".join(stream).strip():
                        lines.append((line.y0, line.y1, line.x0, line.x1, (glyphs_here, stream)))
            pages.append(lines)
    except FormatError:
        raise
    except Exception as e:
        raise FormatError(f"broken PDF ({_reason(e)})")
    if glyphs == 0 or not any(pages):
        raise FormatError("no text layer (a scanned PDF?): not indexed")
    if unmapped > 0.5 * glyphs:
        raise FormatError("no usable text layer (its fonts map no glyph to a letter): not indexed")

    # The document's order, from all its lines; a line's own when it is clear.
    logical = visual = 0
    for lines in pages:
        for *_, (_glyphs, stream) in lines:
            lg, vs = _order_votes("".join(stream))
            logical, visual = logical + lg, visual + vs
    doc_visual = visual > logical

    paragraphs: list[str] = []
    for lines in pages:
        lines = _merge_segments(lines)
        pitches = [a[0] - b[0] for a, b in zip(lines, lines[1:]) if 0 < a[0] - b[0] < 3 * max(a[1] - a[0], 1)]
        pitch = statistics.median(pitches) if pitches else None
        current: list[str] = []
        prev = None
        page_paras: list[str] = []
        for y0, y1, x0, x1, (glyphs_here, stream) in lines:
            text = _line_text(glyphs_here, stream, doc_visual)
            if not text:
                continue
            if prev is not None:
                height, prev_height = y1 - y0, prev[1] - prev[0]
                step = prev[0] - y0  # baseline to baseline
                if (pitch is None or step > 1.3 * pitch or step <= 0
                        or x0 > prev[3] or x1 < prev[2]  # another column
                        or abs(height - prev_height) > 0.25 * max(height, prev_height)):  # a heading's size
                    page_paras.append(" ".join(current))
                    current = []
            current.append(text)
            prev = (y0, y1, x0, x1)
        if current:
            page_paras.append(" ".join(current))
        # Page numbers alone on their line.
        page_paras = [p for p in page_paras if not re.fullmatch(r"[\d\u0660-\u0669\s\-–/]+", p)]
        if paragraphs and page_paras and not _END_RE.search(paragraphs[-1]):
            paragraphs[-1] += " " + page_paras.pop(0)  # a paragraph going on over the page
        paragraphs.extend(page_paras)
    paragraphs = [p for p in paragraphs if p.strip()]
    if not paragraphs:
        raise FormatError("no text layer (a scanned PDF?): not indexed")
    title, author, date = _metadata(doc)
    return [Record(text="\n\n".join(paragraphs), title=title, author=author, date=date)]


_JUNK_TITLE_RE = re.compile(
    r"(?i)^(untitled|sans titre|document\d*|microsoft (word|powerpoint) - .*|.*\.(docx?|pdf|rtf|odt|txt|indd|qxd))$"
)
_JUNK_AUTHOR = {"user", "admin", "administrator", "owner", "author", "unknown", "pc", "windows user"}


def _metadata(doc) -> tuple[str, str, str]:
    from pdfminer.psparser import PSLiteral
    from pdfminer.utils import decode_text

    info: dict = {}
    try:
        for d in doc.info or []:
            info.update(d)
    except Exception:
        return "", "", ""

    def get(key):
        try:
            from pdfminer.pdftypes import resolve1

            v = resolve1(info.get(key))
        except Exception:
            return ""
        if isinstance(v, bytes):
            if v.startswith((b"\xfe\xff", b"\xff\xfe")):
                try:
                    v = v.decode("utf-16")
                except UnicodeDecodeError:
                    return ""
            else:
                v = decode_text(v)
        elif isinstance(v, PSLiteral):
            v = str(v.name)
        return _one_line(v) if isinstance(v, str) else ""

    title, author = get("Title"), get("Author")
    if _JUNK_TITLE_RE.match(title) or not any(c.isalpha() for c in title):
        title = ""
    if author.lower() in _JUNK_AUTHOR:
        author = ""
    return title, author, _pdf_date(get("CreationDate") or get("ModDate"))


_PDF_DATE_RE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*([Zz]|[+\-]\d{2}'?\d{2}'?)?")


def _pdf_date(value: str) -> str:
    """A PDF date (D:20190315102000+03'00') as ISO 8601; "" when it is none."""
    m = _PDF_DATE_RE.match(value.strip())
    if not m:
        return ""
    year, month, day, hour, minute, second, zone = m.groups()
    if not (1900 < int(year) < 2200) or (month and not 1 <= int(month) <= 12) or (day and not 1 <= int(day) <= 31):
        return ""
    out = year + (f"-{month}" if month else "") + (f"-{day}" if month and day else "")
    if day and hour:
        out += f"T{hour}:{minute or '00'}:{second or '00'}"
        if zone:
            zone = zone.replace("'", "")
            out += "Z" if zone in "Zz" else f"{zone[:3]}:{zone[3:5] or '00'}"
    return out


def _reason(e: Exception) -> str:
    return (_one_line(str(e))[:120] or type(e).__name__)
