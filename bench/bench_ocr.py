"""Benchmark: scanned PDFs read by OCR (index/files/formats/ocr.py), quality and speed.

Run from the repository root with the project's venv (rapidfuzz, from the
bench extra, measures the edit distances)::

    python bench/bench_ocr.py                  # /tmp/snn if there, else unpacks the shared tarball
    python bench/bench_ocr.py --count 5        # a smoke run
    python bench/bench_ocr.py --json figures.json

N articles of SaudiNewsNet (default 30, taken evenly over the corpus) are
printed as a publisher would: Word files (python-docx, right-to-left
paragraphs) made PDFs by LibreOffice headless. Each PDF is then scanned two
ways, its pages made images by pdftoppm and put back in a PDF of images
alone (Pillow):

    clean     300 dpi, grey: a scan of a clean print
    office    200 dpi, turned 0.8 degrees, grey speckle, blurred, JPEG at 60:
              an office scanner's copy

and read by reader's PDF reader (the same function the index calls), with
an empty OCR cache. Per variant, medians over the articles:

  CER         characters wrong (edit distance over the article's length), on
              the text with spaces squeezed; "letters": on the words as
              search folds them (index.language.arabic.normalize: hamza seats, alef
              forms, taa marbuta, harakat), what a search sees;
  words       the share of the article's words (as search folds them, stop
              words out) that OCR's text has: what a search can still find;
  CPU s/page  the CPU seconds of pdftoppm and tesseract a page, beside the
              anchor: tesseract alone on the same page image, run by hand;
              the ratio of the two per page, then its median.

The text layer of the printed PDFs, read by pdfminer (no OCR), is measured
the same way: what a PDF with text gives, for comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

from bench_formats import Skip, articles, corpus_and_manifest, write_docx, write_pdf
from bench_index import say
from harness import anchor, record, record_option, row

VARIANTS = ("clean", "office")


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def scan(pdf: Path, variant: str, dest: Path) -> tuple[Path, list[Path]]:
    """The PDF as a scan of one variant, and its page images (for the anchor)."""
    from PIL import Image, ImageFilter

    prefix = dest / pdf.stem
    dpi = 300 if variant == "clean" else 200
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(prefix)], check=True)
    pngs = sorted(dest.glob(f"{pdf.stem}-*.png"))
    pages = []
    for p in pngs:
        img = Image.open(p).convert("L")
        if variant == "office":
            img = img.rotate(0.8, resample=Image.BICUBIC, expand=True, fillcolor=255)
            img = Image.blend(img, Image.effect_noise(img.size, 40), 0.12)  # speckle: paper and sensor
            img = img.filter(ImageFilter.GaussianBlur(0.6))
            img.save(p, format="PNG")
        pages.append(img)
    out = dest / f"{pdf.stem}.{variant}.pdf"
    first, *rest = pages
    # Pillow puts a grey page in a PDF as a JPEG: a scanner's own choice.
    first.save(out, save_all=True, append_images=rest, resolution=dpi, quality=95 if variant == "clean" else 60)
    return out, pngs


def flat(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return " ".join(text.split())


def folded_words(text: str) -> list[str]:
    from reader.index.language.arabic import WORD_RE, fold_hamza, is_stop, normalize

    out = []
    for w in WORD_RE.findall(text):
        n = fold_hamza(normalize(w))
        if n and not is_stop(n):
            out.append(n)
    return out


def measure(truth: str, got: str) -> dict:
    from rapidfuzz.distance import Levenshtein

    a, b = flat(truth), flat(got)
    fa, fb = folded_words(truth), folded_words(got)
    letters_a, letters_b = " ".join(fa), " ".join(fb)
    have = set(fb)
    return {"cer": Levenshtein.distance(a, b) / max(1, len(a)),
            "cer_letters": Levenshtein.distance(letters_a, letters_b) / max(1, len(letters_a)),
            "words": sum(w in have for w in fa) / max(1, len(fa))}


def read_pdf(path: Path) -> tuple[str, bool]:
    from reader.index.files.formats import Record, read_records

    recs = [r for r in read_records("pdf", path.read_bytes(), path) if isinstance(r, Record)]
    return "\n\n".join(r.text for r in recs), any(r.via == "ocr" for r in recs)


def tesseract_alone(png: Path) -> float:
    """CPU seconds of the anchor: tesseract on a page image, by hand."""
    before = _children_cpu()
    subprocess.run(["tesseract", str(png), "-", "-l", "ara", "--psm", "3"], capture_output=True, check=True,
                   env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    return _children_cpu() - before


def run(args, work: Path) -> dict:
    for tool in ("pdftoppm", "tesseract"):
        if not shutil.which(tool):
            sys.exit(f"bench: no {tool}: apt-get install tesseract-ocr tesseract-ocr-ara poppler-utils")
    os.environ["XDG_CACHE_HOME"] = str(work / "cache")  # reader's OCR cache: empty, every page read
    corpus, manifest = corpus_and_manifest(args, work)
    arts = articles(corpus, manifest, args.count)
    say(f"printing {len(arts)} articles (python-docx, LibreOffice) …")
    (work / "docx").mkdir()
    (work / "pdf").mkdir()
    docx_truth = write_docx(arts, work / "docx")
    try:
        pdf_truth = write_pdf(work / "docx", docx_truth, len(arts), work / "pdf", work)
    except Skip as e:
        sys.exit(f"bench: {e}")
    fig: dict = {"articles": len(pdf_truth), "variants": {}, "text_layer": {}}
    rows: dict[str, list[dict]] = {v: [] for v in ("text_layer", *VARIANTS)}
    for n, (rel, a) in enumerate(sorted(pdf_truth.items()), 1):
        say(f"article {n} of {len(pdf_truth)} …")
        truth = "\n\n".join([a.title, *a.body])
        pdf = work / "pdf" / rel
        text, _ocr = read_pdf(pdf)
        rows["text_layer"].append(measure(truth, text) | {"file": rel})
        for variant in VARIANTS:
            dest = work / "scans" / variant / Path(rel).parent
            dest.mkdir(parents=True, exist_ok=True)
            scanned, pngs = scan(pdf, variant, dest)
            before, t = _children_cpu(), time.perf_counter()
            text, by_ocr = read_pdf(scanned)
            cpu, wall = _children_cpu() - before, time.perf_counter() - t
            anchor = sum(tesseract_alone(p) for p in pngs)
            row = measure(truth, text) | {"pages": len(pngs), "cpu_per_page": cpu / len(pngs),
                                          "wall_per_page": wall / len(pngs), "anchor_per_page": anchor / len(pngs),
                                          "ratio": cpu / anchor if anchor else None, "ocr": by_ocr, "file": rel}
            rows[variant].append(row)
    for name, rs in rows.items():
        if not rs:
            continue
        med = {k: statistics.median(r[k] for r in rs if r.get(k) is not None)
               for k in rs[0] if isinstance(rs[0][k], float)}
        worst = max(rs, key=lambda r: r["cer"])
        med["worst_cer"], med["worst_file"] = worst["cer"], worst["file"]
        if name != "text_layer":
            med["pages"] = sum(r["pages"] for r in rs)
            med["read_by_ocr"] = sum(r["ocr"] for r in rs)
            fig["variants"][name] = med
        else:
            fig["text_layer"] = med
    return fig


def report(fig: dict) -> str:
    pct = lambda v: f"{100 * v:.1f}%"  # noqa: E731
    lines = [f"reader OCR benchmark: {fig['articles']} SaudiNewsNet articles printed by LibreOffice, scanned; "
             f"medians over the articles", "",
             f"{'':12}{'pages':>6}{'by OCR':>8}{'CER':>8}{'letters':>9}{'worst':>8}{'words':>8}"
             f"{'CPU s/pg':>10}{'anchor':>8}{'x':>6}"]
    t = fig["text_layer"]
    lines.append(f"{'text layer':12}{'':>6}{'':>8}{pct(t['cer']):>8}{pct(t['cer_letters']):>9}{pct(t['worst_cer']):>8}"
                 f"{pct(t['words']):>8}")
    for name, v in fig["variants"].items():
        lines.append(f"{name:12}{v['pages']:>6}{v['read_by_ocr']:>8}{pct(v['cer']):>8}{pct(v['cer_letters']):>9}"
                     f"{pct(v['worst_cer']):>8}{pct(v['words']):>8}{v['cpu_per_page']:>10.2f}"
                     f"{v['anchor_per_page']:>8.2f}{v['ratio']:>6.2f}")
    lines.append("worst: " + ", ".join(f"{name} {v['worst_file']}" for name, v in
                                       [("text layer", fig["text_layer"]), *fig["variants"].items()]))
    lines.append(f"(whole run: {fig['seconds']:.0f} s)")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\nThe text layer")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", metavar="DIR", help="folder of snn_*.txt (default /tmp/snn/saudinewsnet if there)")
    ap.add_argument("--manifest", metavar="FILE", help="the manifest TSV (default: beside the corpus)")
    ap.add_argument("--archive", metavar="FILE", help="the tarball to unpack when there is no corpus")
    ap.add_argument("--count", type=int, default=30, metavar="N", help="articles (default 30)")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder and say where")
    record_option(ap)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reader-bench-ocr-"))
    started = time.perf_counter()
    try:
        fig = run(args, work)
    finally:
        if args.keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    fig["seconds"] = time.perf_counter() - started
    print(report(fig))
    if args.json:
        Path(args.json).write_text(json.dumps(fig, indent=1), "utf-8")
    if args.record:
        record("ocr", args.record, ocr_rows(fig), args.note)
    return 0


def ocr_rows(fig: dict) -> list[dict]:
    """The medians as bench/runs/ocr.json keeps them, rounded as the report prints them."""
    pct = lambda v: round(100 * v, 1)  # noqa: E731
    rows = []
    for name, v in [("text layer", fig["text_layer"]), *fig["variants"].items()]:
        if "pages" in v:
            rows += [row("pages", v["pages"], "pages", case=name), row("read by OCR", v["read_by_ocr"], "articles", case=name)]
        rows += [row("CER", pct(v["cer"]), "%", case=name), row("CER, letters", pct(v["cer_letters"]), "%", case=name),
                 row("worst CER", pct(v["worst_cer"]), "%", case=name, note=v["worst_file"]),
                 row("words", pct(v["words"]), "%", case=name)]
        if "cpu_per_page" in v:
            rows.append(row("CPU", round(v["cpu_per_page"], 2), "s/page", case=name, ratio=round(v["ratio"], 2),
                            ratio_to="Tesseract alone", anchors=[anchor("Tesseract alone", round(v["anchor_per_page"], 2),
                                                                        "s/page")]))
    return rows


if __name__ == "__main__":
    sys.exit(main())
