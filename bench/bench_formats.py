"""Benchmark: reading other formats, speed and metadata recovery, beside plain text.

Run from the repository root with the project's venv (an installed `reader`
beside the venv's python is what the index figures run)::

    python bench/bench_formats.py                    # /tmp/snn if there, else unpacks the shared tarball
    python bench/bench_formats.py --count 300 --repeat 1 --pdf-count 10   # a smoke run
    python bench/bench_formats.py --json figures.json

N articles of SaudiNewsNet (default 700, taken evenly over the corpus so
that every outlet is in) are written in each format with the real metadata
of the manifest (outlet, crawl time as the publication time, URL, title) by
the libraries users' files come from:

    txt          the files as they are, flat, modification time of the copy: the anchor
    txt-manifest the same flat files and the rows of the archive's own manifest for
                 them (file, source, date_extracted, url, title), given as a user
                 gives it: metadata = [...] and [json_fields] date = ["date_extracted"]
    txt-folders  the same files in outlet folders (<source>/snn_x.txt)
    html         saved pages (lxml): site menu, "most read" sidebar, comments, footer
                 around the article; og:site_name, og:url, canonical link,
                 article:published_time (+03:00) and <title> in <head>; four
                 layouts, one per outlet (HTML5, div soup, WordPress, tables)
    docx         python-docx: core properties title and created; in outlet folders
                 (a .docx has no property for its outlet)
    pdf          the first --pdf-count docx made PDFs by LibreOffice headless (one
                 soffice call), in outlet folders; its anchor is txt of the same articles
    rss          RSS 2.0 feeds (lxml) of 100 items, one outlet each: channel title,
                 item pubDate (RFC 822, +0300), link, description (HTML paragraphs)
    jsonl        one export of N lines: headline, body, published, source, url

Per format it prints, medians over --repeat runs:

  speed     `reader --corpus D index` (the real CLI, fresh XDG folders, entities
            included), documents/s and the ratio to txt measured in the same run
            (the runs go round-robin over the formats); the text index's own
            seconds as the CLI reports them; reading alone, in process
            (index.files.corpus walk + read of every file), documents/s and ratio;
  recovery  from `reader --corpus D docs --json`, against the manifest: the
            share of the N articles listed, whose day is the manifest's (exact,
            and within a day), whose outlet is the source, whose title is the
            manifest's; where the days came from (metadata / text / file, from
            the in-process read); the share whose whole body text was kept, and
            for html the share where some boilerplate got into the text.

Everything it writes lives in one temporary folder, removed at the end
(--keep keeps it and prints where).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import email.utils
import html
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
import unicodedata
import zlib
from pathlib import Path

import anchors
from bench_index import TARBALL, say
from harness import record, record_option, row

DEFAULT_CORPUS = Path("/tmp/snn/saudinewsnet")
FORMATS = ("txt", "txt-manifest", "txt-folders", "html", "docx", "pdf", "rss", "jsonl")
# The manifest's date column, named as a user names it in config.toml.
MANIFEST_FIELDS = {"date": ["date_extracted"]}
FEED_ITEMS = 100
SAUDI = dt.timezone(dt.timedelta(hours=3))

NAV = ["الرئيسية", "محليات", "اقتصاد", "رياضة", "دوليات", "ثقافة وفنون", "الرأي", "تقارير", "فيديو", "صور",
       "كتاب الموقع", "اتصل بنا"]
COMMENTS = [("أبو فهد", "مقال ممتاز، شكرا للكاتب على هذا الطرح المتوازن والمفيد."),
            ("سارة العتيبي", "نتمنى من الجهات المعنية متابعة هذا الموضوع بجدية أكبر في الأيام القادمة."),
            ("محمد الغامدي", "الله يحفظ بلادنا ويديم علينا نعمة الأمن والأمان."),
            ("زائر", "أين دور الرقابة في مثل هذه الحالات؟ الموضوع يحتاج إلى توضيح من المسؤولين.")]
FOOTER = "جميع الحقوق محفوظة © 2015 — يمنع النسخ أو إعادة النشر دون إذن مسبق من إدارة الموقع"
# Boilerplate that must stay out of an html document's text (the headlines of the sidebar are other articles' titles).
BOILER = (FOOTER, COMMENTS[0][1], COMMENTS[2][1], "الأكثر قراءة")


# --- the articles ------------------------------------------------------------------------


class Article:
    __slots__ = ("file", "source", "when", "url", "title", "body")

    def __init__(self, file: str, source: str, when: dt.datetime, url: str, title: str, body: list[str]):
        self.file, self.source, self.when, self.url, self.title, self.body = file, source, when, url, title, body

    @property
    def stem(self) -> str:
        return self.file.rsplit(".", 1)[0]

    @property
    def day(self) -> str:
        return self.when.date().isoformat()


_XML_BAD_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def corpus_and_manifest(args, work: Path) -> tuple[Path, Path]:
    if args.corpus:
        corpus = Path(args.corpus).resolve()
    elif DEFAULT_CORPUS.is_dir() and (DEFAULT_CORPUS.parent / "saudinewsnet_manifest.tsv").is_file():
        corpus = DEFAULT_CORPUS
    else:
        archive = Path(args.archive or TARBALL).resolve()
        say(f"unpacking {archive} …")
        subprocess.run(["tar", "-xJf", str(archive), "-C", str(work)], check=True)
        corpus = work / "saudinewsnet"
    manifest = Path(args.manifest) if args.manifest else corpus.parent / "saudinewsnet_manifest.tsv"
    if not manifest.is_file():
        sys.exit(f"bench: no manifest at {manifest} (--manifest FILE)")
    return corpus, manifest


def articles(corpus: Path, manifest: Path, count: int) -> list[Article]:
    """count articles spread evenly over the manifest (every outlet gets its share)."""
    with open(manifest, encoding="utf-8", newline="") as f:
        rows = sorted(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE), key=lambda r: r["file"])
    rows = [r for r in rows if (corpus / r["file"]).is_file()]
    step = max(1, len(rows) // count)
    out = []
    for r in rows[::step][:count]:
        text = (corpus / r["file"]).read_text("utf-8")
        first, _, rest = text.partition("\n")
        # XML cannot carry control characters (92 files of the corpus hold U+001A)
        body = [" ".join(_XML_BAD_RE.sub(" ", p).split()) for p in re.split(r"\n\s*\n", rest)]
        when = dt.datetime.strptime(r["date_extracted"], "%Y-%m-%d %H:%M:%S")
        # the manifest's titles carry HTML entities (&quot;): the article's title is the text they stand for
        title = html.unescape(r["title"]).strip() or first.strip()
        out.append(Article(r["file"], r["source"], when, r["url"], title,
                           [p for p in body if p]))
    return out


# --- writing each format -------------------------------------------------------------------
# Each writer fills its folder and returns {document id (or file id for a
# single-document file): the Article}; ids of several-article files are "f#n".


def write_txt(arts: list[Article], corpus: Path, dest: Path, folders: bool) -> dict:
    truth = {}
    for a in arts:
        rel = f"{a.source}/{a.file}" if folders else a.file
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(corpus / a.file, dest / rel)  # a fresh modification time, as a copy gets
        truth[rel] = a
    return truth


def _layout(source: str) -> int:
    return zlib.crc32(source.encode()) % 4


def html_page(a: Article, others: list[Article]) -> bytes:
    import lxml.html
    from lxml.html import builder as E

    layout = _layout(a.source)
    iso = a.when.replace(tzinfo=SAUDI).isoformat()
    site = f"http://{a.url.split('/')[2]}" if a.url.count("/") >= 2 else "http://example.com"
    head = E.HEAD(
        E.META(charset="utf-8"),
        E.TITLE(f"{a.title} | {a.source}"),
        E.META(name="viewport", content="width=device-width, initial-scale=1"),
        E.META(property="og:site_name", content=a.source),
        E.META(property="og:type", content="article"),
        E.META(property="og:title", content=a.title),
        E.META(property="og:url", content=a.url),
        E.META(property="article:published_time", content=iso),
        E.LINK(rel="canonical", href=a.url),
        E.LINK(rel="stylesheet", href=f"{site}/static/css/main.css"),
        E.SCRIPT("window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}"),
    )
    nav_links = [E.A(word, href=f"{site}/section/{i}") for i, word in enumerate(NAV)]
    most_read = [E.LI(E.A(o.title, href=o.url)) for o in others]
    comments = [(E.DIV(E.SPAN(name, **{"class": "author"}), E.P(text), **{"class": "comment"})) for name, text in COMMENTS]
    paras = [E.P(p) for p in a.body]
    stamp = a.when.strftime("%Y-%m-%d %H:%M")
    footer_links = [E.A(w, href=f"{site}/p/{w}") for w in ("من نحن", "سياسة الخصوصية", "اعلن معنا", "خريطة الموقع")]
    if layout == 0:  # semantic HTML5
        body = E.BODY(
            E.HEADER(E.DIV(E.A(a.source, href=site), **{"class": "logo"}), E.NAV(E.UL(*[E.LI(x) for x in nav_links]))),
            E.MAIN(E.ARTICLE(E.H1(a.title), E.TIME(stamp, datetime=iso), *paras),
                   E.SECTION(E.H3("التعليقات"), *comments, **{"class": "comments"})),
            E.ASIDE(E.H3("الأكثر قراءة"), E.OL(*most_read)),
            E.FOOTER(E.P(*footer_links), E.P(FOOTER)))
    elif layout == 1:  # div soup
        body = E.BODY(
            E.DIV(E.DIV(*nav_links, **{"class": "menu"}), id="header"),
            E.DIV(E.DIV(E.DIV(a.title, **{"class": "title"}), E.DIV(stamp, **{"class": "date"}),
                        E.DIV(*[E.DIV(p, **{"class": "para"}) for p in a.body], **{"class": "text"}), **{"class": "post"}),
                  E.DIV(E.DIV("التعليقات", **{"class": "h"}), *comments, id="comments"), id="content"),
            E.DIV(E.DIV("الأكثر قراءة", **{"class": "h"}), E.UL(*most_read), id="sidebar"),
            E.DIV(*footer_links, E.DIV(FOOTER), id="footer"))
    elif layout == 2:  # WordPress
        body = E.BODY(
            E.DIV(E.DIV(E.A(a.source, href=site), **{"class": "site-branding"}),
                  E.NAV(E.UL(*[E.LI(x, **{"class": "menu-item"}) for x in nav_links]), **{"class": "main-navigation"}),
                  **{"class": "site-header"}),
            E.DIV(E.ARTICLE(E.HEADER(E.H1(a.title, **{"class": "entry-title"}),
                                     E.SPAN(stamp, **{"class": "posted-on"}), **{"class": "entry-header"}),
                            E.DIV(*paras, E.P("اقرأ أيضا: ", E.A(others[0].title, href=others[0].url)),
                                  **{"class": "entry-content"}), **{"class": "post type-post"}),
                  E.DIV(E.H2("اترك تعليقاً", **{"class": "comments-title"}),
                        E.OL(*[E.LI(c, **{"class": "comment"}) for c in comments], **{"class": "comment-list"}),
                        id="comments", **{"class": "comments-area"}),
                  id="primary", **{"class": "content-area"}),
            E.ASIDE(E.SECTION(E.H2("الأكثر قراءة", **{"class": "widget-title"}), E.UL(*most_read), **{"class": "widget"}),
                    id="secondary", **{"class": "widget-area"}),
            E.FOOTER(E.DIV(*footer_links), E.DIV(FOOTER, **{"class": "site-info"}), **{"class": "site-footer"}),
            **{"class": "single single-post"})
    else:  # an old table layout
        body = E.BODY(E.TABLE(
            E.TR(E.TD(*[E.SPAN(x, " | ") for x in nav_links], colspan="2")),
            E.TR(E.TD(E.H2(a.title), E.FONT(stamp, size="1"), *paras, E.HR(), E.B("التعليقات"), *comments, width="70%",
                      valign="top"),
                 E.TD(E.B("الأكثر قراءة"), E.BR(), *[E.DIV(E.A(o.title, href=o.url)) for o in others], width="30%",
                      valign="top")),
            E.TR(E.TD(*footer_links, E.BR(), FOOTER, colspan="2")),
            width="100%", border="0"))
    page = E.HTML(head, body, lang="ar", dir="rtl")
    return lxml.html.tostring(page, doctype="<!DOCTYPE html>", encoding="utf-8", pretty_print=True)


def write_html(arts: list[Article], dest: Path) -> dict:
    by_source: dict[str, list[Article]] = {}
    for a in arts:
        by_source.setdefault(a.source, []).append(a)
    truth = {}
    for i, a in enumerate(arts):
        same = [o for o in by_source[a.source] if o is not a]
        pool = same if len(same) >= 8 else same + [o for o in arts if o is not a and o not in same]
        start = i % max(1, len(pool))
        others = (pool[start:] + pool[:start])[:8]
        rel = f"{a.stem}.html"
        (dest / rel).write_bytes(html_page(a, others))
        truth[rel] = a
    return truth


def _rtl(paragraph) -> None:
    from docx.oxml import OxmlElement

    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert_element_before(OxmlElement("w:bidi"), "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
                              "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc")
    for run in paragraph.runs:
        run._r.get_or_add_rPr().append(OxmlElement("w:rtl"))


def write_docx(arts: list[Article], dest: Path) -> dict:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    truth = {}
    for a in arts:
        d = docx.Document()
        _rtl(d.add_heading(a.title, level=1))
        for p in a.body:
            para = d.add_paragraph(p)
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _rtl(para)
        props = d.core_properties
        props.title, props.author, props.created = a.title, "", a.when
        props.modified = a.when
        rel = f"{a.source}/{a.stem}.docx"
        (dest / a.source).mkdir(parents=True, exist_ok=True)
        d.save(dest / rel)
        truth[rel] = a
    return truth


def write_pdf(docx_dir: Path, docx_truth: dict, count: int, dest: Path, work: Path) -> dict:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise Skip("pdf skipped: no soffice (apt-get install libreoffice-writer)")
    chosen = list(docx_truth.items())
    chosen = chosen[:: max(1, len(chosen) // count)][:count]
    flat = work / "pdf-flat"
    flat.mkdir()
    profile = (work / "lo-profile").as_uri()  # its own profile: a running LibreOffice is left alone
    cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(flat),
           *[str(docx_dir / rel) for rel, _ in chosen]]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    truth = {}
    for rel, a in chosen:
        made = flat / f"{a.stem}.pdf"
        if made.is_file():
            (dest / a.source).mkdir(parents=True, exist_ok=True)
            made.rename(dest / a.source / made.name)
            truth[f"{a.source}/{made.name}"] = a
    if not truth:
        raise Skip(f"pdf: soffice made no PDF (exit {r.returncode}): {(r.stderr or r.stdout).strip()[-200:]}")
    return truth


def write_rss(arts: list[Article], dest: Path) -> dict:
    from lxml import etree
    from lxml.html import builder as H
    import lxml.html

    by_source: dict[str, list[Article]] = {}
    for a in arts:
        by_source.setdefault(a.source, []).append(a)
    truth = {}
    for source, items in sorted(by_source.items()):
        for k in range(0, len(items), FEED_ITEMS):
            chunk = items[k:k + FEED_ITEMS]
            rss = etree.Element("rss", version="2.0")
            ch = etree.SubElement(rss, "channel")
            site = f"http://{chunk[0].url.split('/')[2]}" if chunk[0].url.count("/") >= 2 else "http://example.com"
            for tag, value in (("title", source), ("link", site), ("description", f"آخر أخبار {source}"),
                               ("language", "ar")):
                etree.SubElement(ch, tag).text = value
            name = f"{source}-{k // FEED_ITEMS + 1}.xml"
            for n, a in enumerate(chunk, 1):
                item = etree.SubElement(ch, "item")
                etree.SubElement(item, "title").text = a.title
                etree.SubElement(item, "link").text = a.url
                etree.SubElement(item, "guid", isPermaLink="true").text = a.url
                etree.SubElement(item, "pubDate").text = email.utils.format_datetime(a.when.replace(tzinfo=SAUDI))
                markup = "".join(lxml.html.tostring(H.P(p), encoding="unicode") for p in a.body)
                etree.SubElement(item, "description").text = markup  # escaped HTML, as feeds carry it
                truth[f"{name}#{n}"] = a
            (dest / name).write_bytes(etree.tostring(rss, xml_declaration=True, encoding="utf-8", pretty_print=True))
    return truth


def write_jsonl(arts: list[Article], dest: Path) -> dict:
    truth = {}
    with open(dest / "export.jsonl", "w", encoding="utf-8") as f:
        for n, a in enumerate(arts, 1):
            rec = {"headline": a.title, "body": "\n\n".join(a.body), "published": a.when.strftime("%Y-%m-%d %H:%M:%S"),
                   "source": a.source, "url": a.url}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
            truth[f"export.jsonl#{n}"] = a
    return truth


class Skip(Exception):
    """A format that cannot be made here: its line is printed, the others go on."""


def manifest_of(folder: Path) -> Path:
    """Where a corpus's manifest is kept: beside it, as archives ship it."""
    return folder.parent / f"{folder.name}.manifest.tsv"


def manifest_rows(args, files: set[str]) -> list[dict]:
    with open(args.manifest_path, encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE) if r["file"] in files]


def write_manifest(path: Path, rows: list[dict]) -> None:
    """The rows as the archive's own manifest has them: tab-separated, no quoting."""
    lines = ["\t".join(rows[0])] + ["\t".join(r.values()) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def options_for(folder: Path):
    """The reading options of a format (a manifest's, for txt-manifest), or None."""
    manifest = manifest_of(folder)
    if not manifest.is_file():
        return None
    from reader.index.files.formats import ReadOptions
    from reader.index.files.metadata import read_metadata

    return ReadOptions(json_fields=MANIFEST_FIELDS, metadata=(str(manifest),),
                       table=read_metadata([manifest], MANIFEST_FIELDS))


def config_for(folder: Path, env: dict) -> None:
    """config.toml in a run's fresh XDG folders: the manifest, when the format has one."""
    manifest = manifest_of(folder)
    if manifest.is_file():
        conf = Path(env["XDG_CONFIG_HOME"]) / "reader" / "config.toml"
        conf.parent.mkdir(parents=True, exist_ok=True)
        conf.write_text(f'metadata = ["{manifest}"]\n\n[json_fields]\ndate = ["date_extracted"]\n', "utf-8")


def convert(fmt: str, arts: list[Article], corpus: Path, work: Path, made: dict, args) -> tuple[Path, dict]:
    dest = work / "formats" / fmt
    dest.mkdir(parents=True)
    if fmt in ("txt", "txt-folders"):
        return dest, write_txt(arts, corpus, dest, folders=fmt == "txt-folders")
    if fmt == "txt-manifest":
        truth = write_txt(arts, corpus, dest, folders=False)
        write_manifest(manifest_of(dest), manifest_rows(args, set(truth)))
        return dest, truth
    if fmt == "html":
        return dest, write_html(arts, dest)
    if fmt == "docx":
        return dest, write_docx(arts, dest)
    if fmt == "pdf":
        if "docx" not in made:
            raise Skip("pdf skipped: it is made from the docx, which failed")
        return dest, write_pdf(made["docx"][0], made["docx"][1], args.pdf_count, dest, work)
    if fmt == "rss":
        return dest, write_rss(arts, dest)
    if fmt == "jsonl":
        return dest, write_jsonl(arts, dest)
    raise Skip(f"{fmt}: unknown format")


# --- measuring ---------------------------------------------------------------------------------


def fresh_env(work: Path, name: str) -> dict:
    env = dict(os.environ)
    for var, sub in (("XDG_CACHE_HOME", "cache"), ("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                     ("XDG_STATE_HOME", "state")):
        env[var] = str(work / "xdg" / name / sub)
    env.pop("READER_CORPUS", None)
    env["READER_BACKGROUND"] = "0"
    env["PYTHONWARNINGS"] = "ignore"
    return env


_TEXT_S_RE = re.compile(r"documents? indexed;.*?([\d.]+)\s*s\s*$", re.M)
_ENT_S_RE = re.compile(r"entities of .*?([\d.]+)\s*s\s*$", re.M)


def build(reader: str, folder: Path, env: dict) -> dict:
    """One `reader --corpus folder index` in fresh XDG folders."""
    t = time.perf_counter()
    r = subprocess.run([reader, "--corpus", str(folder), "index"], env=env, capture_output=True, text=True, timeout=1800)
    seconds = time.perf_counter() - t
    if r.returncode:
        last = (r.stderr.strip().splitlines() or [f"exit {r.returncode}"])[-1]
        raise RuntimeError(f"reader index failed (exit {r.returncode}): {last[:300]}")
    m, e = _TEXT_S_RE.search(r.stderr), _ENT_S_RE.search(r.stderr)
    return {"seconds": seconds, "text_s": float(m.group(1)) if m else None, "entities_s": float(e.group(1)) if e else None,
            "skipped_lines": sum(1 for line in r.stderr.splitlines() if "skipped" in line)}


def listed(reader: str, folder: Path, env: dict) -> list[dict]:
    r = subprocess.run([reader, "--corpus", str(folder), "docs", "--json"], env=env, capture_output=True, text=True,
                       timeout=600)
    if r.returncode not in (0, 1):
        last = (r.stderr.strip().splitlines() or [f"exit {r.returncode}"])[-1]
        raise RuntimeError(f"reader docs --json failed (exit {r.returncode}): {last[:300]}")
    return json.loads(r.stdout or "[]")


def read_alone(folder: Path, repeat: int, truth: dict) -> dict:
    """index.files.corpus walk + read of every file, in process: median seconds;
    per document of the last pass what recovery() needs (not the documents:
    a few thousand of them with their texts weigh hundreds of MB)."""
    from reader.index.files.corpus import Document, make_roots, read, walk

    roots = make_roots([folder])
    files, skipped = walk(roots)
    options = options_for(folder)
    if files:
        read(files[0], options=options)  # untimed: the format's libraries are imported here
    times, found = [], []
    for _ in range(repeat):
        found = []
        t = time.perf_counter()
        found = [x for entry in files for x in read(entry, options=options)]
        times.append(time.perf_counter() - t)
    seen = {}
    for d in found:
        if isinstance(d, Document) and d.id in truth:
            a, text = truth[d.id], _flat(d.text)
            seen[d.id] = {"date": d.date, "date_from": d.date_from or "none",
                          "whole": all(_flat(p) in text for p in a.body),
                          "boiler": any(_flat(m) in text for m in BOILER)}
    docs = sum(1 for x in found if isinstance(x, Document))
    reasons = [x.reason for x in found if not isinstance(x, Document)] + [s.reason for s in skipped]
    return {"seconds": statistics.median(times), "docs": docs, "seen": seen, "skipped": reasons}


def _flat(s: str) -> str:
    """Text to compare: no spaces, no controls, no bidi marks (U+200F, U+202D…: the extractors drop them), NFKC."""
    s = unicodedata.normalize("NFKC", _XML_BAD_RE.sub(" ", s))
    return "".join(c for c in s if not c.isspace() and unicodedata.category(c) != "Cf")


def recovery(truth: dict, listing: list[dict], seen: dict) -> dict:
    """Shares of the articles of `truth` that came back right: from the CLI's
    listing (day, outlet, title) and from the in-process read (where the day
    came from, the text kept whole, boilerplate in it)."""
    by_id = {d["id"]: d for d in listing}
    n = len(truth)
    c = dict.fromkeys(("listed", "day", "day1", "outlet", "title", "whole", "boiler", "manifest", "metadata", "text", "file",
                       "none", "text_right", "cli_vs_read"), 0)
    for doc_id, a in truth.items():
        d, r = by_id.get(doc_id), seen.get(doc_id)
        if r is not None:
            c[r["date_from"]] += 1
            c["text_right"] += r["date_from"] == "text" and r["date"] == a.day
            c["whole"] += r["whole"]
            c["boiler"] += r["boiler"]
        if d is None:
            continue
        c["listed"] += 1
        c["cli_vs_read"] += r is not None and d["date"] != r["date"]
        c["day"] += d["date"] == a.day
        if d["date"]:
            c["day1"] += abs((dt.date.fromisoformat(d["date"]) - a.when.date()).days) <= 1
        c["outlet"] += d["outlet"] == a.source
        c["title"] += " ".join(d["title"].split()) == " ".join(a.title.split())
    share = {k: (v / n if n else 0.0) for k, v in c.items() if k not in ("cli_vs_read", "text_right")}
    share["text_dates"], share["text_right"], share["cli_vs_read"] = c["text"], c["text_right"], c["cli_vs_read"]
    share["articles"] = n
    return share


# --- the run --------------------------------------------------------------------------------------


def run(args, work: Path) -> dict:
    started = time.perf_counter()
    reader = shutil.which("reader", path=str(Path(sys.executable).parent))
    if reader is None:
        sys.exit("bench: no `reader` beside this python: pip install -e . first")
    corpus, manifest = corpus_and_manifest(args, work)
    args.manifest_path = manifest
    arts = articles(corpus, manifest, args.count)
    wanted = [f for f in FORMATS if f in args.formats]
    fig: dict = {"articles": len(arts), "outlets": len({a.source for a in arts}), "cores": os.cpu_count(),
                 "repeat": args.repeat, "pdf_count": args.pdf_count, "formats": {}, "notes": []}

    made: dict[str, tuple[Path, dict]] = {}
    for fmt in wanted:
        say(f"writing {fmt} …")
        t = time.perf_counter()
        try:
            made[fmt] = convert(fmt, arts, corpus, work, made, args)
        except Skip as e:
            fig["notes"].append(str(e))
            say(str(e))
            continue
        except Exception as e:  # noqa: BLE001 - one format's failure must not stop the others
            line = f"{fmt}: writing failed: {type(e).__name__}: {e}"
            fig["notes"].append(line)
            say(line)
            if args.debug:
                traceback.print_exc(file=sys.stderr)
            continue
        folder, truth = made[fmt]
        fig["formats"][fmt] = {"articles": len(truth), "write_s": time.perf_counter() - t,
                               "size_mb": anchors.dir_mb(folder), "files": sum(1 for p in folder.rglob("*") if p.is_file())}
    # the pdf's anchor: plain text of the same articles
    if "pdf" in made and "txt" in wanted:
        pdf_arts = list(made["pdf"][1].values())
        made["txt-pdf"] = _txt_of(pdf_arts, corpus, work / "formats" / "txt-pdf")
        fig["formats"]["txt-pdf"] = {"articles": len(pdf_arts), "anchor_only": True}

    # reading alone, in process
    reads: dict[str, dict] = {}
    for fmt, (folder, truth) in made.items():
        say(f"reading {fmt} in process …")
        try:
            reads[fmt] = read_alone(folder, args.repeat, truth)
        except Exception as e:  # noqa: BLE001
            _fail(fig, fmt, f"reading failed: {type(e).__name__}: {e}")
            continue
        r, f = reads[fmt], fig["formats"][fmt]
        f["read_s"] = r["seconds"]
        f["read_docs"] = r["docs"]
        f["read_docs_per_s"] = r["docs"] / r["seconds"] if r["seconds"] else 0.0
        f["skipped"] = _counted(r["skipped"])

    # the index, round-robin over the formats so that drift hits them all alike
    builds: dict[str, list[dict]] = {fmt: [] for fmt in made}
    for rep in range(args.repeat):
        for fmt, (folder, _truth) in made.items():
            if fig["formats"][fmt].get("error"):
                continue
            say(f"reader index, {fmt}, run {rep + 1} of {args.repeat} …")
            name = f"{fmt}-{rep}"
            config_for(folder, fresh_env(work, name))
            try:
                builds[fmt].append(build(reader, folder, fresh_env(work, name)))
            except Exception as e:  # noqa: BLE001
                _fail(fig, fmt, str(e))
                continue
            if rep == args.repeat - 1:
                try:
                    fig["formats"][fmt]["listing"] = listed(reader, folder, fresh_env(work, name))
                except Exception as e:  # noqa: BLE001
                    _fail(fig, fmt, str(e))
            shutil.rmtree(work / "xdg" / name, ignore_errors=True)
    for fmt, runs in builds.items():
        f = fig["formats"][fmt]
        if not runs or f.get("error"):
            continue
        f["index_s"] = statistics.median(r["seconds"] for r in runs)
        texts = [r["text_s"] for r in runs if r["text_s"] is not None]
        f["text_index_s"] = statistics.median(texts) if texts else None
        ents = [r["entities_s"] for r in runs if r["entities_s"] is not None]
        f["entities_s"] = statistics.median(ents) if ents else None
        f["index_runs"] = [r["seconds"] for r in runs]

    # ratios to the anchor, recovery
    for fmt, f in fig["formats"].items():
        anchor = fig["formats"].get("txt-pdf" if fmt in ("pdf", "txt-pdf") else "txt", {})
        n = f["articles"]
        if "index_s" in f:
            f["index_docs_per_s"] = n / f["index_s"]
            runs, base = f["index_runs"], anchor.get("index_runs") or []
            if base and len(base) == len(runs):  # the ratio in each round, then their median: drift cancels
                f["index_ratio"] = statistics.median((n / r) / (anchor["articles"] / b) for r, b in zip(runs, base))
        if anchor.get("read_docs_per_s") and f.get("read_docs_per_s"):
            f["read_ratio"] = f["read_docs_per_s"] / anchor["read_docs_per_s"]
        listing = f.pop("listing", None)
        if listing is not None and fmt in reads:
            f["recovery"] = recovery(made[fmt][1], listing, reads[fmt]["seen"])
    fig["seconds"] = time.perf_counter() - started
    return fig


def _txt_of(arts: list[Article], corpus: Path, dest: Path) -> tuple[Path, dict]:
    dest.mkdir(parents=True)
    return dest, write_txt(arts, corpus, dest, folders=False)


def _fail(fig: dict, fmt: str, line: str) -> None:
    fig["formats"][fmt]["error"] = line
    fig["notes"].append(f"{fmt}: {line}")
    say(f"{fmt}: {line}")


def _counted(reasons: list[str]) -> dict:
    out: dict[str, int] = {}
    for r in reasons:
        key = re.sub(r"\d+", "N", r)[:120]
        out[key] = out.get(key, 0) + 1
    return out


def report(fig: dict) -> str:
    lines = [f"reader formats benchmark: {fig['articles']} SaudiNewsNet articles of {fig['outlets']} outlets, "
             f"{fig['cores']} cores, medians of {fig['repeat']} (pdf: {fig['formats'].get('pdf', {}).get('articles', 0)} "
             f"articles, beside txt of the same ones)", ""]

    def num(v, fmt="{:.1f}"):
        return fmt.format(v) if isinstance(v, (int, float)) else "-"

    def ratio(v):
        return "-" if v is None else f"{v:.2f}" if v >= 0.1 else f"{v:.3f}"

    lines.append(f"{'speed':12}{'docs':>6}{'reader index s':>16}{'docs/s':>8}{'x txt':>7}{'text idx s':>11}"
                 f"{'read docs/s':>13}{'x txt':>7}{'MB':>7}")
    for fmt, f in fig["formats"].items():
        if f.get("anchor_only"):
            label = "txt, pdf's"
        else:
            label = fmt
        if f.get("error") and "index_s" not in f:
            lines.append(f"{label:12}  {f['error']}")
            continue
        lines.append(f"{label:12}{f['articles']:>6}{num(f.get('index_s')):>16}{num(f.get('index_docs_per_s'), '{:.0f}'):>8}"
                     f"{ratio(f.get('index_ratio')):>7}{num(f.get('text_index_s')):>11}"
                     f"{num(f.get('read_docs_per_s'), '{:.0f}'):>13}{ratio(f.get('read_ratio')):>7}"
                     f"{num(f.get('size_mb')):>7}")
    lines += ["", f"{'recovery':12}{'listed':>7}{'day':>6}{'±1 day':>7}{'outlet':>7}{'title':>7}   "
                  f"{'days from meta/text/file':>24}{'text whole':>11}{'boiler':>7}"]
    pct = lambda v: f"{100 * v:.0f}%"  # noqa: E731
    for fmt, f in fig["formats"].items():
        rec = f.get("recovery")
        if f.get("anchor_only") or rec is None:
            continue
        # meta: a metadata table's rows, or the format's own
        src = f"{pct(rec['metadata'] + rec['manifest'])} / {pct(rec['text'])} / {pct(rec['file'])}"
        lines.append(f"{fmt:12}{pct(rec['listed']):>7}{pct(rec['day']):>6}{pct(rec['day1']):>7}{pct(rec['outlet']):>7}"
                     f"{pct(rec['title']):>7}   {src:>24}{pct(rec['whole']):>11}{pct(rec['boiler']):>7}")
    txt = fig["formats"].get("txt", {}).get("recovery")
    if txt:
        lines += ["", f"flat txt: the text gave a date for {txt['text_dates']} of {txt['articles']} articles, "
                      f"{txt['text_right']} of them the manifest's day; the rest fall back to the copy's mtime."]
    for fmt, f in fig["formats"].items():
        for reason, n in (f.get("skipped") or {}).items():
            lines.append(f"  {fmt}: skipped {n}: {reason}")
        rec = f.get("recovery") or {}
        if rec.get("cli_vs_read"):
            lines.append(f"  {fmt}: {rec['cli_vs_read']} days differ between `docs --json` and the in-process read")
    lines += [f"  note: {n}" for n in fig["notes"]]
    lines.append(f"(whole run: {fig['seconds']:.0f} s)")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\nEverything")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", metavar="DIR", help=f"folder of snn_*.txt (default {DEFAULT_CORPUS} if there, else unpack --archive)")
    ap.add_argument("--manifest", metavar="FILE", help="the manifest TSV (default: saudinewsnet_manifest.tsv beside the corpus)")
    ap.add_argument("--archive", metavar="FILE", help=f"the tarball to unpack when there is no corpus (default {TARBALL.resolve()})")
    ap.add_argument("--count", type=int, default=700, metavar="N",
                    help="articles per format (default 700: the run stays near 6 minutes on 2 cores; 1000 takes about 9)")
    ap.add_argument("--pdf-count", type=int, default=50, metavar="N", help="of them made PDFs by LibreOffice (default 50)")
    ap.add_argument("--repeat", type=int, default=3, metavar="R", help="runs of each measure, medians (default 3)")
    ap.add_argument("--formats", default=",".join(FORMATS), metavar="LIST",
                    help=f"comma-separated, of {','.join(FORMATS)} (default all; txt is the anchor)")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    ap.add_argument("--debug", action="store_true", help="print the traceback of a format that fails to be written")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder (the converted corpora) and say where")
    record_option(ap)
    args = ap.parse_args()
    args.formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = [f for f in args.formats if f not in FORMATS]
    if unknown:
        ap.error(f"unknown formats: {', '.join(unknown)}")
    work = Path(tempfile.mkdtemp(prefix="reader-bench-formats-"))
    try:
        figures = run(args, work)
    finally:
        if args.keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(report(figures))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, ensure_ascii=False, indent=1), "utf-8")
    if args.record:
        record("formats", args.record, [r for fmt, f in figures["formats"].items() for r in format_rows(fmt, f)], args.note)
    return 0


def format_rows(fmt: str, f: dict) -> list[dict]:
    """One format's figures as bench/runs/formats.json keeps them, rounded as the report prints them."""
    if "index_s" not in f:
        return []  # it failed: the report and the notes say why
    to = "txt-pdf" if fmt in ("pdf", "txt-pdf") else "txt"
    ratio = lambda v: None if v is None else round(v, 2 if v >= 0.1 else 3)  # noqa: E731
    rows = [row("documents", f["articles"], "docs", case=fmt), row("reader index", round(f["index_s"], 1), "s", case=fmt),
            row("reader index rate", round(f["index_docs_per_s"]), "docs/s", case=fmt, ratio=ratio(f.get("index_ratio")),
                ratio_to=to),
            row("text index", round(f["text_index_s"], 1) if f.get("text_index_s") is not None else None, "s", case=fmt),
            row("read rate", round(f["read_docs_per_s"]) if "read_docs_per_s" in f else None, "docs/s", case=fmt,
                ratio=ratio(f.get("read_ratio")), ratio_to=to),
            row("size", round(f["size_mb"], 1) if f.get("size_mb") is not None else None, "MB", case=fmt)]
    rows = [r for r in rows if r["value"] is not None]
    rec = f.get("recovery")
    if rec and not f.get("anchor_only"):
        pct = lambda v: round(100 * v)  # noqa: E731
        shares = {"listed": rec["listed"], "day": rec["day"], "day ±1": rec["day1"], "outlet": rec["outlet"],
                  "title": rec["title"], "days from metadata": rec["metadata"] + rec["manifest"],
                  "days from text": rec["text"], "days from file": rec["file"], "text whole": rec["whole"],
                  "boilerplate": rec["boiler"]}
        rows += [row(name, pct(v), "%", case=fmt) for name, v in shares.items()]
    return rows


if __name__ == "__main__":
    sys.exit(main())
