"""Scanned PDFs (no text layer) read by Tesseract's Arabic model, marked as
OCR text; skipped with what to install when it is not there; under a clock
of their own; never read twice."""

from __future__ import annotations

import time
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, run_reader, write
from reader.index.files.formats import FormatError, ReadOptions, read_records

SEED = sorted((ROOT / "seeds").glob("*.txt"))[0]
FONTS = ["/usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Regular.ttf",
         "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf"]
INSTALL = "install tesseract-ocr, tesseract-ocr-ara and poppler-utils to read it by OCR"


def _ocr_installed() -> bool:
    if not shutil.which("tesseract") or not shutil.which("pdftoppm"):
        return False
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split()
    return "ara" in langs


needs_ocr = pytest.mark.skipif(not _ocr_installed(), reason="apt-get install tesseract-ocr tesseract-ocr-ara poppler-utils")


def _words(text: str) -> list[str]:
    """Arabic words without harakat, the hamza seats and final yaa folded:
    what a search matches, and what OCR most often confuses."""
    text = re.sub("[\u064b-\u065f\u0670\u0640]", "", text)
    text = re.sub("[أإآ]", "ا", text).replace("ى", "ي").replace("ة", "ه")
    return re.findall("[\u0621-\u064a]{2,}", text)


def scanned_pdf(path: Path, paragraphs: list[str], pages: int = 1, title: str = "") -> Path:
    """The paragraphs drawn on pages (fpdf2, shaped and in visual order),
    made images (pdftoppm, 300 dpi) and put back in a PDF of images alone,
    as a scanner makes it; a CreationDate that is the day of scanning."""
    fpdf = pytest.importorskip("fpdf")
    import arabic_reshaper
    from PIL import Image

    bidi = pytest.importorskip("bidi.algorithm")
    font = next((f for f in FONTS if Path(f).is_file()), None)
    if font is None:
        pytest.skip("no Arabic TTF font (apt-get install fonts-hosny-amiri)")
    pdf = fpdf.FPDF()
    pdf.add_font("Arabic", fname=font)
    per_page = -(-len(paragraphs) // pages)
    for start in range(0, len(paragraphs), per_page):
        pdf.add_page()
        pdf.set_font("Arabic", size=14)
        for p in paragraphs[start:start + per_page]:
            lines, cur = [], ""
            for w in p.split():
                if pdf.get_string_width(arabic_reshaper.reshape(f"{cur} {w}")) > 175:
                    lines.append(cur)
                    cur = w
                else:
                    cur = f"{cur} {w}".strip()
            lines.append(cur)
            for line in lines:
                pdf.cell(0, 9, bidi.get_display(arabic_reshaper.reshape(line)), align="R", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(6)
    text_pdf = path.with_suffix(".text.pdf")
    pdf.output(str(text_pdf))
    subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", str(text_pdf), str(path.with_suffix(""))], check=True)
    text_pdf.unlink()
    images = sorted(path.parent.glob(path.stem + "-*.png"))
    first, *rest = [Image.open(p) for p in images]
    first.save(path, save_all=True, append_images=rest, resolution=300, title=title or path.stem,
               creationDate=time.strptime("2026-11-20", "%Y-%m-%d"))
    for p in images:
        p.unlink()
    return path


@pytest.fixture(scope="module")
def paragraphs() -> list[str]:
    return [p.strip() for p in SEED.read_text(encoding="utf-8").split("\n") if p.strip()][:6]


@pytest.fixture(scope="module")
def scan(tmp_path_factory, paragraphs) -> Path:
    if not shutil.which("pdftoppm"):
        pytest.skip("apt-get install poppler-utils")
    return scanned_pdf(tmp_path_factory.mktemp("scans") / "scan0001.pdf", paragraphs, pages=3)


@needs_ocr
def test_a_scanned_pdf_is_read_by_ocr(scan, paragraphs):
    [rec] = read_records("pdf", scan.read_bytes(), scan)
    assert rec.via == "ocr"
    want, got = _words("\n".join(paragraphs)), set(_words(rec.text))
    found = sum(w in got for w in want) / len(want)
    assert found >= 0.9, f"{found:.0%} of the words read"
    # The pages in order, each paragraph its own.
    first, last = _words(paragraphs[0])[:3], _words(paragraphs[-1])[-3:]
    text = " ".join(_words(rec.text))
    assert text.find(" ".join(first)) < text.rfind(" ".join(last))
    assert len(rec.text.split("\n\n")) >= len(paragraphs) - 1
    assert rec.date == ""  # the day of scanning is not the article's
    assert rec.title == ""  # "scan0001" names the file, not the article


def test_tesseracts_output_made_paragraphs():
    """Blocks are paragraphs, their lines joined; the Latin comma, semicolon
    and question mark the Arabic model reads after an Arabic word are
    Arabic's; Latin text and numbers keep theirs; page numbers and the
    bidi marks Tesseract puts around Latin runs go."""
    from reader.index.files.formats.ocr import paragraphs

    out = paragraphs("أعلن الرئيس اليوم, في\nبيان رسمي; هل جاء?\n\n\u200eReuters, Inc\u200f قال 2,000 ريال\n\n12\n\x0c")
    assert out == ["أعلن الرئيس اليوم، في بيان رسمي؛ هل جاء؟", "Reuters, Inc قال 2,000 ريال"]


def test_without_tesseract_a_scanned_pdf_says_what_to_install(tmp_path, scan):
    root = tmp_path / "news"
    root.mkdir()
    shutil.copy(scan, root / "scan.pdf")
    write(root / "a.txt", "خبر\n\nنص عن النفط.\n")
    empty = tmp_path / "bin"
    empty.mkdir()
    r = run_reader("index", "--corpus", str(root), env={"PATH": str(empty)})
    assert r.returncode == 0, r.stderr
    assert f"scan.pdf: no text layer (a scanned PDF?): not indexed; {INSTALL}" in r.stderr
    assert "1 document indexed" in r.stderr
    r = run_reader("config", env={"PATH": str(empty)})
    assert re.search(r"^ocr +no +\(not installed: " + re.escape(INSTALL), r.stdout, re.M), r.stdout

    # Tesseract there, its Arabic model not: only the model is named.
    write(empty / "tesseract", '#!/bin/sh\necho "List of available languages (2):"; echo eng; echo osd\n').chmod(0o755)
    if shutil.which("pdftoppm"):
        os.symlink(shutil.which("pdftoppm"), empty / "pdftoppm")
        r = run_reader("index", "--corpus", str(root), env={"PATH": str(empty)})
        assert "scan.pdf: no text layer (a scanned PDF?): not indexed; install tesseract-ocr-ara to read it by OCR" \
            in r.stderr, r.stderr


@needs_ocr
def test_ocr_false_in_config_leaves_scans_unread(tmp_path, scan):
    with pytest.raises(FormatError, match=r"^no text layer \(a scanned PDF\?\): not indexed \(ocr = false in config.toml\)$"):
        read_records("pdf", scan.read_bytes(), scan, ReadOptions(ocr=False))
    root = tmp_path / "news"
    root.mkdir()
    shutil.copy(scan, root / "scan.pdf")
    write(Path(os.environ["XDG_CONFIG_HOME"]) / "reader" / "config.toml", "ocr = false\n")
    r = run_reader("index", "--corpus", str(root))
    assert "(ocr = false in config.toml)" in r.stderr
    assert re.search(r"^ocr +no ", run_reader("config").stdout, re.M)


@needs_ocr
def test_a_scan_is_searchable_marked_and_read_once(tmp_path, scan, paragraphs):
    root = tmp_path / "news"
    root.mkdir()
    shutil.copy(scan, root / "scan.pdf")
    # A tesseract that counts its runs before it does the real work.
    bin_dir, log = tmp_path / "bin", tmp_path / "runs.log"
    write(bin_dir / "tesseract", f'#!/bin/sh\n[ "$1" = --list-langs ] || [ "$1" = --version ] || echo run >> {log}\n'
                                 f'exec {shutil.which("tesseract")} "$@"\n').chmod(0o755)
    env = {"PATH": f"{bin_dir}:{os.environ['PATH']}"}
    r = run_reader("index", "--corpus", str(root), env=env)
    assert r.returncode == 0 and "1 read by OCR" in r.stderr, r.stderr
    runs = log.read_text().count("run")
    assert runs == 3  # a run a page

    word = max(_words(paragraphs[2]), key=len)
    r = run_reader("search", word, "--json", "--corpus", str(root), env=env)
    assert [h["id"] for h in json.loads(r.stdout)["hits"]] == ["scan.pdf"], r.stderr
    r = run_reader("show", "scan.pdf", "--corpus", str(root), "--shape", "never", env=env)
    assert "text read by OCR" in r.stdout
    [doc] = json.loads(run_reader("docs", "--json", "--corpus", str(root), env=env).stdout)
    assert doc["ocr"] is True and doc["date"] == ""

    r = run_reader("index", "--rebuild", "--corpus", str(root), env=env)
    assert "1 read by OCR" in r.stderr
    assert log.read_text().count("run") == runs  # read from the cache: no page read twice


@needs_ocr
def test_ocr_has_a_clock_of_its_own(tmp_path, scan):
    """A text file's clock (READER_READ_SECONDS) does not cut OCR, which
    takes seconds a page; READER_OCR_SECONDS does, and the line says so."""
    root = tmp_path / "news"
    root.mkdir()
    shutil.copy(scan, root / "scan.pdf")
    r = run_reader("index", "--corpus", str(root), env={"READER_READ_SECONDS": "0.2"})
    assert "1 read by OCR" in r.stderr and "skipped" not in r.stderr, r.stderr

    root2 = tmp_path / "news2"
    root2.mkdir()
    shutil.copy(scan, root2 / "scan.pdf")
    r = run_reader("index", "--corpus", str(root2), "--rebuild", env={"READER_OCR_SECONDS": "0.5",
                                                                       "XDG_CACHE_HOME": str(tmp_path / "cold")})
    assert re.search(r"not read: OCR took over 0\.4 s \(limit 0\.5 s: set READER_OCR_SECONDS to raise it\)", r.stderr), r.stderr
