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

from reader.index.files.formats import FormatError, ReadOptions, Record, limits
from reader.index.files.formats.limits import LimitExceeded
from reader.display.mirroring import MIRRORED

# A page's content streams, in bytes, per MiB of the memory a file may take
# to read: pdfminer makes an object of some 300 bytes of each glyph, so a
# page drawing 8 MiB of text needs gigabytes (a news page draws 10-50 KiB).
PAGE_CONTENT_PER_MB = 4096
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_MARK_CLASSES = {"NSM"}
_LTR_CLASSES = {"L", "EN", "AN"}
_RTL_CLASSES = {"R", "AL"}
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


def _cat(unit: str) -> str:
    """A unit's part in reordering: R (Arabic, Hebrew), L, D (a digit), C (a
    separator a number keeps inside: CS), S (space), N (other neutral)."""
    b = _bidi(unit)
    if b in _RTL_CLASSES:
        return "R"
    if b == "L":
        return "L"
    if b in ("EN", "AN"):
        return "D"
    if b == "CS":
        return "C"
    if b == "WS":
        return "S"
    return "N"


def _number_runs(cats: list[str], lo: int, hi: int) -> list[tuple[int, int]]:
    """The numbers in cats[lo:hi]: digits, with a single separator (CS: , . /
    :) between two digits kept inside (bidi rule W4)."""
    runs = []
    i = lo
    while i < hi:
        if cats[i] != "D":
            i += 1
            continue
        j = i
        while j + 1 < hi and (cats[j + 1] == "D" or (cats[j + 1] == "C" and j + 2 < hi and cats[j + 2] == "D")):
            j += 1
        runs.append((i, j))
        i = j + 1
    return runs


_NUMBERISH = {"D", "C", "S"}


def _reorder(units: list[str], rtl: bool) -> list[tuple[str, bool]]:
    """A line's units, left to right as on the page, in logical order, each
    with whether it stands at an odd (right-to-left) level, as the Unicode
    bidi algorithm would have put them for a paragraph of that direction.

    Right-to-left: all is reversed but the left-to-right runs, which are (1)
    the stretches from a Latin letter to the last one before any Arabic
    letter, neutrals between taking the letters' direction (N1), and the
    numbers touching them (W7: after a Latin word a number is Latin); (2)
    the numbers elsewhere: digits with a single separator between two of
    them (W4); "5+1" or "50%" beside Arabic text are three and two runs (W2
    makes the digits Arabic numbers, before which W4 and W5 do not join "+"
    or "%"), so their reversal is what puts them back. Left-to-right: only
    the Arabic stretches are reversed (from an Arabic letter to the last one
    before a Latin letter, with the numbers right after them on the page,
    which are logically their first), numbers in them kept left to right."""
    n = len(units)
    if not rtl:
        cats = [_cat(u) for u in units]
        out: list[tuple[str, bool]] = []
        i = 0
        while i < n:
            if cats[i] != "R":
                out.append((units[i], False))
                i += 1
                continue
            j = i
            k = i
            while k < n and cats[k] != "L":
                if cats[k] == "R":
                    j = k
                k += 1
            # numbers on the right of the Arabic stretch are its logical start
            k = j + 1
            while k < n and cats[k] in _NUMBERISH:
                if cats[k] == "D":
                    j = k
                k += 1
            span = units[i : j + 1][::-1]
            scats = cats[i : j + 1][::-1]
            keep = set()
            for a, b in _number_runs(scats, 0, len(span)):
                span[a : b + 1] = span[a : b + 1][::-1]
                keep.update(range(a, b + 1))
            out.extend((u, idx not in keep) for idx, u in enumerate(span))
            i = j + 1
        return out
    s = units[::-1]
    cats = [_cat(u) for u in s]
    ltr = [False] * n
    runs: list[tuple[int, int]] = []
    i = 0
    while i < n:
        if cats[i] != "L":
            i += 1
            continue
        a, b, k = i, i, i
        while k < n and cats[k] != "R":
            if cats[k] == "L":
                b = k
            k += 1
        k = a - 1
        while k >= 0 and cats[k] in _NUMBERISH and not ltr[k]:
            if cats[k] == "D":
                a = k
            k -= 1
        k = b + 1
        while k < n and cats[k] in _NUMBERISH:
            if cats[k] == "D":
                b = k
            k += 1
        runs.append((a, b))
        for x in range(a, b + 1):
            ltr[x] = True
        i = b + 1
    # numbers outside them
    i = 0
    while i < n:
        if ltr[i]:
            i += 1
            continue
        j = i
        while j < n and not ltr[j]:
            j += 1
        runs.extend(_number_runs(cats, i, j))
        i = j
    for a, b in runs:
        s[a : b + 1] = s[a : b + 1][::-1]
        for x in range(a, b + 1):
            ltr[x] = True
    return [(u, not ltr[idx]) for idx, u in enumerate(s)]


def _units(glyphs: list) -> list[str]:
    """A line's glyphs (x0, x1, text, size) made units in their left-to-right
    order on the page: sorted by their place, a mark joined to the letter it
    sits on (the next glyph drawn but a space: generators draw a line's
    glyphs left to right, a mark just before its letter; a mark's own place
    says little, its box has no width), a space put where a gap is a word's
    and the generator drew no space glyph."""
    bases: list[list] = []  # [x0, x1, text, marks before, marks after, size]
    pending: list[str] = []
    for x0, x1, text, size in glyphs:
        if _is_mark(text):
            pending.append(text)
            continue
        if pending and text.isspace():
            bases.append([x0, x1, text, [], [], size])
            continue
        bases.append([x0, x1, text, pending, [], size])
        pending = []
    if pending:
        for b in reversed(bases):
            if not b[2].isspace():
                b[4].extend(pending)
                break
    bases.sort(key=lambda b: (b[0] + b[1]) / 2)
    units: list[str] = []
    prev = None
    for x0, x1, text, before, after, size in bases:
        if prev is not None and x0 - prev[1] > 0.2 * size and not text.isspace() and not prev[2].isspace():
            units.append(" ")
        units.append(text + "".join(before[::-1]) + "".join(after))
        prev = (x0, x1, text)
    # a space drawn twice (the glyph and a gap beside it) once
    out = []
    for u in units:
        if u.isspace() and out and out[-1].isspace():
            continue
        out.append(u)
    return out


def _merge_segments(lines: list[dict]) -> list[dict]:
    """One line of the page that the extractor cut in pieces (at a number,
    a Latin word: each a text box of its own) made whole again: the pieces
    on the same baseline, side by side (again until none is left: pieces
    far apart are joined by those that come between them)."""
    while True:
        merged = _merge_pass(lines)
        if len(merged) == len(lines):
            return merged
        lines = merged


def _merge_pass(lines: list[dict]) -> list[dict]:
    out: list[dict] = []
    for ln in sorted(lines, key=lambda l: -l["y0"]):
        h = ln["y1"] - ln["y0"] or 1.0
        for m in reversed(out[-8:]):
            hh = min(h, m["y1"] - m["y0"]) or 1.0
            overlap = min(ln["y1"], m["y1"]) - max(ln["y0"], m["y0"])
            near = max(ln["x0"] - m["x1"], m["x0"] - ln["x1"]) < 3 * hh
            if overlap > 0.6 * hh and near:
                m["y0"], m["y1"] = min(m["y0"], ln["y0"]), max(m["y1"], ln["y1"])
                m["x0"], m["x1"] = min(m["x0"], ln["x0"]), max(m["x1"], ln["x1"])
                m["glyphs"] += ln["glyphs"]
                m["stream"] += [" "] + ln["stream"]
                m["sizes"] += ln["sizes"]
                m["order"] = min(m["order"], ln["order"])
                break
        else:
            out.append(dict(ln, glyphs=list(ln["glyphs"]), stream=list(ln["stream"]), sizes=list(ln["sizes"])))
    return out


def _page_order(lines: list[dict]) -> list[dict]:
    """The page's lines in reading order: top to bottom when they stand in
    one column (the extractor's boxes put a line holding digits, a box of
    its own, out of its paragraph); in the extractor's box order when the
    page has columns side by side."""
    n = len(lines)
    parent = list(range(n))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    spans = sorted(range(n), key=lambda i: lines[i]["x0"])
    reach, top = None, None
    for i in spans:  # lines whose x-ranges overlap are in one column
        if reach is not None and lines[i]["x0"] < reach:
            parent[find(i)] = find(top)
            reach = max(reach, lines[i]["x1"])
        else:
            top, reach = i, lines[i]["x1"]
    if len({find(i) for i in range(n)}) > 1:
        return sorted(lines, key=lambda l: l["order"])
    return sorted(lines, key=lambda l: (-l["y0"], l["x0"]))


_OPEN, _CLOSE = "([{«‹", ")]}»›"


def _bracket_errors(text: str) -> int:
    """Brackets in an order no text has: a closing one before its opening."""
    bad = 0
    depth = dict.fromkeys(_OPEN, 0)
    for c in text:
        if c in depth:
            depth[c] += 1
        else:
            k = _CLOSE.find(c)
            if k >= 0:
                if depth[_OPEN[k]]:
                    depth[_OPEN[k]] -= 1
                else:
                    bad += 1
    return bad + sum(depth.values())


def _mirror(unit: str) -> str:
    return "".join(MIRRORED.get(c, c) for c in unit)


_FINAL_PUNCT = set(".!?؟:،؛…")


def _direction_evidence(units: list[str]) -> int:
    """+1 when a paragraph's last line says it is right-to-left (its final
    stop on the left of the Arabic), -1 left-to-right (on the right), 0 when
    it does not say."""
    core = [u for u in units if not u.isspace()]
    if len(core) < 2:
        return 0
    strong = [_cat(u) for u in core if _cat(u) in ("R", "L", "D")]
    if not strong:
        return 0
    if core[0] in _FINAL_PUNCT and strong[0] == "R" and core[-1] not in _FINAL_PUNCT:
        return 1
    if core[-1] in _FINAL_PUNCT and strong[-1] == "R" and core[0] not in _FINAL_PUNCT:
        return -1
    return 0


def _is_mark(text: str) -> bool:
    return bool(text) and all(unicodedata.bidirectional(c) == "NSM" for c in text)


def read(data: bytes, path: Path, options: ReadOptions) -> list:
    """The PDF's one record, and a line for each part of it left out (pages
    over a limit)."""
    with _bounded_streams():
        return _read(data, path, options)


def _read(data: bytes, path: Path, options: ReadOptions) -> list:
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
    device = _aggregator()(rsrc, laparams=LAParams())
    interpreter = PDFPageInterpreter(rsrc, device)
    pages: list[list[dict]] = []
    page_sizes: list[tuple[float, float]] = []  # in points, for OCR
    notes: list[str] = []  # the pages left out, and why
    unmapped = glyphs = 0
    budget = limits.current()
    page_cap = int(budget.memory_mb * PAGE_CONTENT_PER_MB)
    try:
        for number, page in enumerate(PDFPage.create_pages(doc)):
            if number >= budget.pdf_pages:
                notes.append(limits.over("pdf_pages", f"pages after page {budget.pdf_pages} not read"))
                break
            if limits.out_of_time():
                notes.append(limits.time_cut(f"pages after page {number}"))
                break
            if limits.short_of_memory():
                notes.append(limits.over("memory_mb", f"pages after page {number} not read: they need over "
                                                      f"{budget.memory_mb:g} MiB of memory"))
                break
            size = _content_size(page)
            if size > page_cap:
                notes.append(limits.over("memory_mb", f"page {number + 1} not read: it draws {size / 1048576:.1f} MiB, "
                                                      f"which needs over {budget.memory_mb:g} MiB of memory"))
                continue
            page_sizes.append(_size(page))
            interpreter.process_page(page)
            layout = device.get_result()
            lines = []
            for box in layout:
                if not isinstance(box, LTTextBox):
                    continue
                for line in box:
                    if not isinstance(line, LTTextLine):
                        continue
                    glyphs_here, stream, sizes = [], [], []
                    for ch in line:
                        t = ch.get_text()
                        if isinstance(ch, LTChar):
                            glyphs += 1
                            if t.startswith("(cid:"):
                                unmapped += 1
                                continue
                            t = unicodedata.normalize("NFKC", t)
                            if t:
                                glyphs_here.append((ch.x0, ch.x1, t, ch.size))
                                if not t.isspace():
                                    sizes.append(round(ch.size, 1))
                        else:
                            t = unicodedata.normalize("NFKC", t.replace("\n", " "))
                        stream.append(t)
                    if glyphs_here and "".join(stream).strip():
                        lines.append({"y0": line.y0, "y1": line.y1, "x0": line.x0, "x1": line.x1, "glyphs": glyphs_here,
                                      "stream": stream, "sizes": sizes, "order": len(lines)})
            pages.append(lines)
    except FormatError:
        raise
    except Exception as e:
        raise FormatError(f"broken PDF ({_reason(e)})")
    if (glyphs == 0 or not any(pages)) and notes:
        raise LimitExceeded(notes[0])
    if glyphs == 0 or not any(pages):
        return _by_ocr(data, doc, page_sizes, options, "no text layer (a scanned PDF?)")
    if unmapped > 0.5 * glyphs:
        return _by_ocr(data, doc, page_sizes, options, "no usable text layer (its fonts map no glyph to a letter)")

    # Lines in reading order, grouped into paragraphs by their gaps and sizes.
    doc_paras: list[list[list[dict]]] = []
    for lines in pages:
        lines = _page_order(_merge_segments(lines))
        for ln in lines:
            ln["size"] = statistics.median(ln["sizes"]) if ln["sizes"] else ln["y1"] - ln["y0"]
            ln["units"] = _units(ln["glyphs"])
        pitches = [a["y0"] - b["y0"] for a, b in zip(lines, lines[1:])
                   if 0 < a["y0"] - b["y0"] < 3 * max(a["size"], 1) and abs(a["size"] - b["size"]) < 0.1 * a["size"]]
        pitch = statistics.median(pitches) if pitches else None
        paras: list[list[dict]] = []
        prev = None
        for ln in lines:
            if prev is None or (
                pitch is None or not 0 < prev["y0"] - ln["y0"] <= 1.3 * pitch
                or ln["x0"] > prev["x1"] or ln["x1"] < prev["x0"]  # another column
                or abs(ln["size"] - prev["size"]) > 0.1 * max(ln["size"], prev["size"])  # a heading's size
            ):
                paras.append([])
            paras[-1].append(ln)
            prev = ln
        doc_paras.append(paras)

    # Each paragraph's direction: the letters', unless where its last line's
    # final stop stands says otherwise (a paragraph not marked right-to-left
    # has it on the right), then the document's.
    evidence = [[_direction_evidence(p[-1]["units"]) for p in paras] for paras in doc_paras]
    doc_evidence = sum(e for page in evidence for e in page)
    found = []  # per line: (page, para, plain, mirrored, as given)
    for pi, paras in enumerate(doc_paras):
        for qi, para in enumerate(paras):
            plain_text = "".join(u for ln in para for u in ln["units"])
            rtl = len(_ARABIC_WORD_RE.findall(plain_text)) >= len(re.findall(r"[A-Za-z]+", plain_text)) and bool(
                _ARABIC_WORD_RE.search(plain_text))
            ev = evidence[pi][qi] or (1 if doc_evidence > 0 else -1 if doc_evidence < 0 else 0)
            if rtl and ev < 0:
                rtl = False
            for ln in para:
                logical = _reorder(ln["units"], rtl)
                found.append((pi, qi, "".join(u for u, _odd in logical),
                              "".join(_mirror(u) if odd else u for u, odd in logical), "".join(ln["stream"])))
    # Whether the generator stored the mirrored glyphs' own characters (a
    # bidi library's visual order does) or the text's (LibreOffice): what
    # puts the brackets in an order that reads, line by line and overall.
    errors = [(_bracket_errors(a), _bracket_errors(b)) for _p, _q, a, b, _s in found]
    doc_mirrored = sum(a - b for a, b in errors) > 0
    texts: dict[tuple[int, int], list[str]] = {}
    for (pi, qi, plain, mirrored, as_given), (ea, eb) in zip(found, errors):
        text = mirrored if (eb < ea or (eb == ea and doc_mirrored)) else plain
        lg1, vs1 = _order_votes(text)
        lg2, vs2 = _order_votes(as_given)
        if (lg2 - vs2) > (lg1 - vs1) + 1:
            text = as_given  # the letters say the extractor's own order reads better
        # Spaces the extractor put beside a mark drawn as a glyph of its own.
        text = " ".join(re.sub(r"\s+(?=[\u064b-\u065f\u0670])", "", text).split())
        if text:
            texts.setdefault((pi, qi), []).append(text)

    paragraphs: list[str] = []
    for pi, paras in enumerate(doc_paras):
        page_paras = [" ".join(texts[(pi, qi)]) for qi in range(len(paras)) if (pi, qi) in texts]
        # Page numbers alone on their line.
        page_paras = [p for p in page_paras if not re.fullmatch(r"[\d\u0660-\u0669\s\-–/]+", p)]
        if paragraphs and page_paras and not _END_RE.search(paragraphs[-1]):
            paragraphs[-1] += " " + page_paras.pop(0)  # a paragraph going on over the page
        paragraphs.extend(page_paras)
    paragraphs = [p for p in paragraphs if p.strip()]
    if not paragraphs:
        raise FormatError("no text layer (a scanned PDF?): not indexed")
    title, author, date = _metadata(doc)
    return [Record(text="\n\n".join(paragraphs), title=title, author=author, date=date), *notes]


def _size(page) -> tuple[float, float]:
    try:
        x0, y0, x1, y1 = (float(v) for v in page.mediabox)
        return abs(x1 - x0), abs(y1 - y0)
    except (TypeError, ValueError):
        return 612.0, 792.0  # US Letter, pdfminer's own default


def _by_ocr(data: bytes, doc, page_sizes: list, options: ReadOptions, why: str) -> list:
    """A PDF whose text cannot be taken from it, read off its pages'
    images (index.files.formats.ocr), marked so; else FormatError saying why."""
    from reader.index.files.formats import ocr

    if not options.ocr:
        raise FormatError(f"{why}: not indexed (ocr = false in config.toml)")
    if not ocr.available():
        raise FormatError(f"{why}: not indexed; {ocr.missing_line()}")
    limits.allow("ocr_seconds")
    paragraphs, notes = ocr.read_pages(data, page_sizes)
    if not paragraphs:
        raise FormatError(notes[0] if notes else f"{why}: OCR found no text in it")
    # No day from its metadata: a scanned PDF was made the day it was scanned.
    title, author, _scanned = _metadata(doc)
    return [Record(text="\n\n".join(paragraphs), title=title, author=author, via="ocr"), *notes]


def _content_size(page) -> int:
    """The bytes of a page's content streams, inflated (pdfminer keeps them
    for drawing the page); 0 when they cannot be read (drawing it says why)."""
    from pdfminer.pdftypes import PDFStream, resolve1

    size = 0
    try:
        for ref in page.contents:
            stream = resolve1(ref)
            if isinstance(stream, PDFStream):
                size += len(stream.get_data())
    except LimitExceeded:
        raise
    except Exception:  # noqa: BLE001
        return size
    return size


# pdfminer orders a page's text boxes by grouping the nearest two, again and
# again: time quadratic in their number (1,000 boxes, 11 s; a page of an
# article has tens). Over this many, they are read top to bottom instead.
MAX_GROUPED_BOXES = 400


def _aggregator():
    """pdfminer's PDFPageAggregator, whose pages order too many text boxes
    by their place rather than by grouping them."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTPage, LTTextGroupLRTB

    class Page(LTPage):
        def group_textboxes(self, laparams, boxes):
            if len(boxes) <= MAX_GROUPED_BOXES:
                return super().group_textboxes(laparams, boxes)
            return [LTTextGroupLRTB(boxes)]

    class Aggregator(PDFPageAggregator):
        def begin_page(self, page, ctm):
            super().begin_page(page, ctm)
            self.cur_item = Page(self.cur_item.pageid, self.cur_item.bbox, self.cur_item.rotate)

    return Aggregator


class _BoundedZlib:
    """Stands for zlib in pdfminer.pdftypes while a file is read: what its
    FlateDecode streams inflate to, all together, is capped (a 1 MB PDF
    can hold a stream of gigabytes). A stream whose checksum is wrong gives
    what it holds (raw deflate, as pdfminer's own fallback does, which
    feeds the stream byte by byte, in time quadratic in its length)."""

    error = __import__("zlib").error

    def __init__(self, cap: int):
        self.left = cap

    def decompress(self, data: bytes) -> bytes:
        import zlib

        try:
            return self._inflate(zlib.decompressobj(), data)
        except zlib.error:
            pass
        try:
            return self._inflate(zlib.decompressobj(-15), data[2:], partial=True)
        except zlib.error:
            return b""

    def _inflate(self, d, data: bytes, partial: bool = False) -> bytes:
        out = d.decompress(data, self.left + 1)
        if len(out) > self.left:
            raise LimitExceeded(limits.inflate_line("its streams"))
        if not d.eof and not partial:
            raise self.error("incomplete stream")
        self.left -= len(out)
        return out


class _bounded_streams:
    """While a PDF is read, pdfminer inflates its streams through _BoundedZlib."""

    def __enter__(self):
        from pdfminer import pdftypes

        self.saved = pdftypes.zlib
        pdftypes.zlib = _BoundedZlib(limits.current().inflate_bytes)

    def __exit__(self, *exc):
        from pdfminer import pdftypes

        pdftypes.zlib = self.saved


_JUNK_TITLE_RE = re.compile(
    r"(?i)^(untitled|sans titre|document\d*|microsoft (word|powerpoint) - .*|.*\.(docx?|pdf|rtf|odt|txt|indd|qxd|png|jpe?g|tiff?)"
    r"|scan(ned)?( document| image)?[ _-]?\d*|img[ _-]?\d+|image[ _-]?\d*|page[ _-]?\d+)$"
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
    if _CONVERTER_RE.search(get("Producer") + " " + get("Creator")):
        return title, author, ""  # the day a converter ran, not the article's
    return title, author, _pdf_date(get("CreationDate") or get("ModDate"))


# Programs that turn a document or a page into a PDF and set CreationDate
# to the day they ran (a Word file's, a web page's day does not survive).
_CONVERTER_RE = re.compile(
    r"(?i)libreoffice|openoffice|microsoft.{0,3} (?:word|office|print to pdf)|skia/pdf|chrom(?:e|ium)|wkhtmltopdf"
    r"|ghostscript|gpl ghostscript|cairo|quartz pdfcontext|mac os x|pdftex|xetex|luatex|prince|weasyprint|pandoc"
    r"|pdfcreator|cutepdf|primopdf|nitro|foxit (?:phantom|pdf creator|reader)|img2pdf|ocrmypdf|tesseract")


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
