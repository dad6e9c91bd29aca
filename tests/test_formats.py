"""The formats beyond plain text (index/formats): real files made with real
tools (python-docx, LibreOffice, fpdf2, lxml-parsed pages), read back."""

from __future__ import annotations

import datetime
import html
import json
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from reader.index.files.formats import FormatError, ReadOptions, Record, module_for, read_records

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_4988a48e5e8b9510.txt"
SEED_PARAS = [p.strip() for p in SEED.read_text(encoding="utf-8").split("\n") if p.strip()]
HARAKAT = re.compile("[\u064b-\u065f\u0670]")


def bare(text: str) -> str:
    """Text without harakat, with single spaces: what is compared."""
    return " ".join(HARAKAT.sub("", unicodedata.normalize("NFKC", text)).split())


def read(module: str, data: bytes, name: str, options: ReadOptions | None = None) -> list:
    assert module_for(name) == module
    return read_records(module, data, Path(name), options)


# ---------------------------------------------------------------- web pages

NAV = ["الرئيسية", "محليات", "اقتصاد", "رياضة", "اتصل بنا"]
COMMENT = "مقال رائع وشكرا للكاتب على هذا الطرح المميز"
FOOTER = "جميع الحقوق محفوظة"
SIDEBAR = "الأكثر قراءة"


def page_modern(title: str, paras: list[str]) -> bytes:
    ld = {"@type": "NewsArticle", "headline": title, "datePublished": "2019-03-15T10:20:00+03:00",
          "author": {"@type": "Person", "name": "محمد العتيبي"}, "publisher": {"name": "صحيفة الوئام"}}
    e = html.escape
    body = "".join(f"<p>{e(p)}</p>" for p in paras)
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{e(title)} | صحيفة الوئام</title>
<meta property="og:site_name" content="صحيفة الوئام"><meta property="og:url" content="https://example.sa/news/1">
<meta property="article:published_time" content="2019-03-15T10:20:00+03:00"><meta name="author" content="محمد العتيبي">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script></head><body>
<header><nav><ul>{''.join(f'<li><a href="/c">{n}</a></li>' for n in NAV)}</ul></nav></header>
<main><article><h1>{e(title)}</h1>{body}<div class="share">شارك على تويتر</div></article>
<aside><h3>{SIDEBAR}</h3><ul><li><a href="/1">خبر آخر عن الطقس في الرياض اليوم</a></li><li><a href="/2">نتائج مباريات الدوري</a></li></ul></aside></main>
<section id="comments"><h3>التعليقات</h3><div class="comment"><p>{COMMENT}</p></div><div class="comment"><p>الله يحفظ بلادنا</p></div></section>
<footer><p>{FOOTER} 2019</p></footer></body></html>""".encode("utf-8")


def page_table_cp1256(title: str, paras: list[str]) -> bytes:
    e = html.escape
    body = "".join(f"<p align=right>{e(p)}" for p in paras)
    return f"""<HTML><HEAD><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=windows-1256"><TITLE>{e(title)}</TITLE></HEAD>
<BODY><TABLE width=100%><TR><TD colspan=2>{' - '.join(NAV)}</TD></TR><TR><TD width=25%><b>{SIDEBAR}</b><br>
<a href=/1>خبر آخر عن الطقس في الرياض اليوم</a><br><a href=/2>نتائج مباريات الدوري</a></TD>
<TD><FONT size=4><B>{e(title)}</B></FONT><BR>{body}<HR>أرسل الخبر لصديق | طباعة</TD></TR>
<TR><TD colspan=2 align=center>{FOOTER} للصحيفة</TD></TR></TABLE></BODY></HTML>""".encode("cp1256")


@pytest.mark.parametrize("make", [page_modern, page_table_cp1256])
def test_html_article_without_boilerplate(make):
    title, paras = "انتهت دولة الخلافة وبقي خطرها", SEED_PARAS[:5]
    [rec] = read("html", make(title, paras), "page.html")
    assert isinstance(rec, Record)
    for p in paras:
        assert " ".join(p.split()) in rec.text
    assert rec.text.split("\n\n")[0] == " ".join(paras[0].split())  # the title is not in the body
    for word in (*NAV[:1], COMMENT, FOOTER, SIDEBAR, "نتائج مباريات الدوري", "طباعة"):
        assert word not in rec.text
    assert rec.title == title


def test_html_metadata():
    [rec] = read("html", page_modern("عنوان الخبر هنا", SEED_PARAS[:4]), "a.htm")
    assert rec.title == "عنوان الخبر هنا"
    assert rec.author == "محمد العتيبي"
    assert rec.date == "2019-03-15T10:20:00+03:00"
    assert rec.outlet == "صحيفة الوئام"
    assert rec.url == "https://example.sa/news/1"


def test_html_title_and_site_from_the_title_tag():
    paras = SEED_PARAS[1:4]
    page = f"""<html><head><meta charset="windows-1256"><title>جريدة الرياض - عنوان مختلف للخبر</title></head>
<body><div class="menu">{' | '.join(NAV)}</div><div class="news"><b>عنوان مختلف للخبر</b>
<div class="body">{'<br><br>'.join(html.escape(p) for p in paras)}</div></div></body></html>""".encode("cp1256")
    [rec] = read("html", page, "b.html")
    assert rec.title == "عنوان مختلف للخبر"
    assert rec.outlet == "جريدة الرياض"
    assert " ".join(paras[0].split()) in rec.text


def test_html_malformed_gives_a_record_or_a_format_error():
    paras = SEED_PARAS[:3]
    broken = ("<html><head><title>خبر</title><body><div><p>" + "<p>".join(paras) + "<div><table><tr><td>"
              "</b></i><<>>&&#xZZ;</html></html><script>").encode("utf-8")
    [rec] = read("html", broken, "m.html")
    assert bare(paras[1]) in bare(rec.text)
    for junk in (b"", b"\x00\x01\x02garbage", b"<html><body><nav>" + "الرئيسية".encode() + b"</nav></body></html>",
                 b"<<<<>>>>", b"\xff\xfe<\x00h\x00"):
        try:
            out = read("html", junk, "j.html")
        except FormatError as e:
            assert "\n" not in str(e) and str(e)
        else:
            assert all(isinstance(r, Record) and r.text for r in out)


def test_html_no_article_text():
    page = ("<html><head><title>الرئيسية</title></head><body><nav><a href='/'>الرئيسية</a> <a href='/x'>اتصل بنا</a>"
            "</nav><footer>جميع الحقوق محفوظة</footer></body></html>").encode("utf-8")
    with pytest.raises(FormatError, match="no article text found"):
        read("html", page, "empty.html")


# ---------------------------------------------------------------- docx

DOC_TITLE = "تنظيم الدولة بعد الهزائم"


def make_docx(path: Path) -> Path:
    docx = pytest.importorskip("docx")
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement

    d = docx.Document()
    d.core_properties.title = DOC_TITLE
    d.core_properties.author = "فريق التحرير"
    d.core_properties.created = datetime.datetime(2019, 3, 15, 10, 20, 0)
    d.add_heading(DOC_TITLE, 1)
    for p in SEED_PARAS[:6] + ["في عام 2019 زار 25 صحفيا مدينة الموصل مع وكالة Reuters للأنباء."]:
        para = d.add_paragraph(p)
        para.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        para._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
        for run in para.runs:
            run._r.get_or_add_rPr().append(OxmlElement("w:rtl"))
        d.add_paragraph("")  # a blank paragraph, dropped on reading
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "المدينة", "عدد السكان"
    table.cell(1, 0).text, table.cell(1, 1).text = "الموصل", "مليون ونصف"
    d.save(path)
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("formats")


@pytest.fixture(scope="module")
def docx_file(files) -> Path:
    return make_docx(files / "article.docx")


def test_docx(docx_file):
    [rec] = read("docx", docx_file.read_bytes(), "article.docx")
    paras = rec.text.split("\n\n")
    assert paras[0] == DOC_TITLE  # the heading is the body's own
    assert " ".join(SEED_PARAS[2].split()) in paras
    assert "" not in paras
    assert "المدينة | عدد السكان" in paras and "الموصل | مليون ونصف" in paras
    assert (rec.title, rec.author) == (DOC_TITLE, "فريق التحرير")
    assert rec.date.startswith("2019-03-15T10:20:00")


def test_docx_broken(docx_file):
    data = docx_file.read_bytes()
    with pytest.raises(FormatError, match="broken|not a .docx"):
        read("docx", data[: len(data) // 2], "cut.docx")
    with pytest.raises(FormatError, match="not a .docx"):
        read("docx", "نص عادي وليس ملف وورد".encode(), "plain.docx")
    import zipfile, io
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "not word")
    with pytest.raises(FormatError, match="not a .docx"):
        read("docx", buf.getvalue(), "zip.docx")


# ---------------------------------------------------------------- pdf


@pytest.fixture(scope="module")
def libreoffice_pdf(files, docx_file) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui fonts-noto-core")
    out = files / "lo"
    out.mkdir(exist_ok=True)
    profile = files / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(docx_file)], check=True, capture_output=True, timeout=180)
    pdf = out / "article.pdf"
    assert pdf.is_file()
    return pdf


def test_pdf_from_libreoffice_is_logical_order(libreoffice_pdf):
    [rec] = read("pdf", libreoffice_pdf.read_bytes(), "article.pdf")
    text = bare(rec.text)
    for p in SEED_PARAS[1:6]:
        assert bare(p) in text, p[:40]
    assert "الإسلامية" in text and "ةيملاسلإا" not in text
    assert not re.search("[\ufb50-\ufdff\ufe70-\ufeff]", rec.text)
    # Hard-wrapped lines are joined: a long paragraph is one paragraph.
    assert any(bare(SEED_PARAS[2]) == bare(p) for p in rec.text.split("\n\n"))
    assert "في عام 2019 زار 25 صحفيا مدينة الموصل مع وكالة Reuters للأنباء" in text
    assert (rec.title, rec.author) == (DOC_TITLE, "فريق التحرير")
    assert rec.date == ""  # LibreOffice's CreationDate is the day it converted, not the article's


BIDI_TITLE = "عنوان المقال"
BIDI_FILLER = "وقال المتحدث إن الحكومة ستواصل العمل على تنفيذ الخطط المعلنة في الموعد المحدد دون تأخير."
BIDI_PARA = " ".join([BIDI_FILLER] * 2 + ["وذكرت صحيفة «الشرق الأوسط» اليوم (الاثنين) أن مجموعة 5+1 وقعت الاتفاق "
                                         "بمبلغ 17 مليون ريال، وارتفعت الأسعار 50% منذ عام 2019 بحسب Reuters."]
                     + [BIDI_FILLER] * 2)


@pytest.fixture(scope="module")
def libreoffice_bidi_pdfs(files) -> dict:
    """A heading and a paragraph with brackets, guillemets, 5+1, 17 and a
    final stop, once as a right-to-left (w:bidi) paragraph and once as
    python-docx writes it (left-to-right), made PDFs by one soffice call."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui fonts-noto-core")
    docx = pytest.importorskip("docx")
    from docx.oxml import OxmlElement

    out = files / "lo-bidi"
    out.mkdir(exist_ok=True)
    paths = {}
    for name, rtl in (("bidi-rtl", True), ("bidi-ltr", False)):
        d = docx.Document()
        paras = [d.add_heading(BIDI_TITLE, level=1), d.add_paragraph(BIDI_PARA), d.add_paragraph(BIDI_FILLER)]
        if rtl:
            for para in paras:
                para._p.get_or_add_pPr().insert(0, OxmlElement("w:bidi"))
                for run in para.runs:
                    run._r.get_or_add_rPr().append(OxmlElement("w:rtl"))
        d.save(out / f"{name}.docx")
        paths[name] = out / f"{name}.pdf"
    profile = files / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), *[str(out / f"{n}.docx") for n in paths]],
                   check=True, capture_output=True, timeout=180)
    for pdf in paths.values():
        assert pdf.is_file()
    return paths


@pytest.mark.parametrize("name", ["bidi-rtl", "bidi-ltr"])
def test_pdf_libreoffice_bidi_runs(libreoffice_bidi_pdfs, name):
    [rec] = read("pdf", libreoffice_bidi_pdfs[name].read_bytes(), f"{name}.pdf")
    paras = rec.text.split("\n\n")
    # (d) the heading is a paragraph of its own, not joined to the first one
    assert paras[0] == BIDI_TITLE
    # (a) brackets and guillemets as written, not mirrored
    assert "«الشرق الأوسط»" in rec.text and "(الاثنين)" in rec.text
    assert "»" + "الشرق" not in rec.text and ")الاثنين(" not in rec.text
    # (b) runs of digits and Latin whole and in place; the final stop at the end
    assert "مجموعة 5+1 وقعت" in rec.text and "17 مليون" in rec.text and "50%" in rec.text
    assert "بحسب Reuters." in rec.text
    # (c) the lines holding digits stay in their paragraph, in order
    assert paras[1:] == [BIDI_PARA, BIDI_FILLER]


ARABIC_FONTS = [
    "/usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
]


def arabic_font() -> str:
    for f in ARABIC_FONTS:
        if Path(f).is_file():
            return f
    pytest.skip("no Arabic TTF font (apt-get install fonts-hosny-amiri or fonts-noto-core)")


VISUAL_PARAS = SEED_PARAS[:3] + ["في عام 2019 زار 25 صحفيا مدينة الموصل مع وكالة Reuters للأنباء."]


@pytest.fixture(scope="module")
def visual_pdf(files) -> Path:
    """Text drawn as many Arabic generators do: shaped into presentation
    forms, put in visual order (python-bidi), line by line."""
    fpdf = pytest.importorskip("fpdf")
    import arabic_reshaper
    bidi = pytest.importorskip("bidi.algorithm")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.add_font("Arabic", fname=arabic_font())
    pdf.set_font("Arabic", size=14)
    pdf.set_title("تنظيم الدولة")
    pdf.set_author("فريق التحرير")
    pdf.set_creation_date(datetime.datetime(2019, 3, 15, 10, 20, tzinfo=datetime.timezone(datetime.timedelta(hours=3))))
    for p in VISUAL_PARAS:
        lines, cur = [], ""
        for w in p.split():
            if len(cur) + len(w) > 55:
                lines.append(cur)
                cur = w
            else:
                cur = (cur + " " + w).strip()
        lines.append(cur)
        for line in lines:
            pdf.cell(0, 9, bidi.get_display(arabic_reshaper.reshape(line)), align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(6)
    path = files / "visual.pdf"
    pdf.output(str(path))
    return path


def test_pdf_visual_order_presentation_forms(visual_pdf):
    from pdfminer.high_level import extract_text

    raw = extract_text(str(visual_pdf))
    assert re.search("[\ufe70-\ufeff]", raw)  # what the extractor gives: presentation forms...
    assert "ﻢﻏﺭ" in raw  # ...in visual order (رغم reversed)
    [rec] = read("pdf", visual_pdf.read_bytes(), "visual.pdf")
    paras = rec.text.split("\n\n")
    assert [bare(p) for p in paras] == [bare(p) for p in VISUAL_PARAS]
    assert not re.search("[\ufb50-\ufdff\ufe70-\ufeff]", rec.text)
    assert (rec.title, rec.author) == ("تنظيم الدولة", "فريق التحرير")
    assert rec.date == "2019-03-15T10:20:00+03:00"


@pytest.mark.parametrize("producer", ["LibreOffice 7.4", "Skia/PDF m119", "Microsoft® Word for Microsoft 365",
                                      "wkhtmltopdf 0.12.6", "GPL Ghostscript 10.0"])
def test_a_converters_pdf_day_is_not_a_publication_day(files, producer):
    """A converter writes the day it ran into CreationDate; a PDF made by
    anything else (a publisher's software) keeps its day (above)."""
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.add_font("Arabic", fname=arabic_font())
    pdf.set_font("Arabic", size=14)
    pdf.set_producer(producer)
    pdf.set_creation_date(datetime.datetime(2019, 3, 15, 10, 20, tzinfo=datetime.timezone.utc))
    pdf.cell(0, 9, "نص الخبر")
    [rec] = read("pdf", bytes(pdf.output()), "converted.pdf")
    assert rec.date == ""


def test_pdf_encrypted_scanned_broken(files):
    fpdf = pytest.importorskip("fpdf")
    from PIL import Image

    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.add_font("Arabic", fname=arabic_font())
    pdf.set_font("Arabic", size=14)
    pdf.cell(0, 10, "secret text")
    pdf.set_encryption(owner_password="owner", user_password="reader")
    encrypted = bytes(pdf.output())
    with pytest.raises(FormatError, match="^encrypted PDF: not indexed$"):
        read("pdf", encrypted, "locked.pdf")

    img = files / "scan.png"
    Image.new("L", (200, 100), 255).save(img)
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.image(str(img), x=10, y=10, w=150)
    with pytest.raises(FormatError, match=r"^no text layer \(a scanned PDF\?\): not indexed \(ocr = false in config.toml\)$"):
        read("pdf", bytes(pdf.output()), "scan.pdf", ReadOptions(ocr=False))

    good = bytes(pdf.output())
    for broken in (good[: len(good) // 3], b"%PDF-1.4\n" + b"\x00garbage" * 20, b"not a pdf at all"):
        with pytest.raises(FormatError) as e:
            read("pdf", broken, "broken.pdf")
        assert str(e.value) and "\n" not in str(e.value)


def test_pdf_dates():
    from reader.index.files.formats.pdf import _pdf_date

    assert _pdf_date("D:20190315102000+03'00'") == "2019-03-15T10:20:00+03:00"
    assert _pdf_date("D:20190315102000Z") == "2019-03-15T10:20:00Z"
    assert _pdf_date("D:2019") == "2019"
    assert _pdf_date("junk") == "" and _pdf_date("D:00000000") == ""


# ---------------------------------------------------------------- feeds

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>صحيفة الوئام</title><link>https://example.sa</link>
<item><title>الرئيس يعين محافظا لعدن</title><link>https://example.sa/1</link>
<pubDate>Fri, 15 Mar 2019 10:20:00 +0300</pubDate><author>محمد العتيبي</author>
<description>&lt;p&gt;أصدر الرئيس قرارا &lt;b&gt;بتعيين&lt;/b&gt; محافظ جديد.&lt;/p&gt;&lt;p&gt;وقال مصدر إن القرار نهائي &amp;amp; فوري.&lt;/p&gt;</description></item>
<item><title>خبر ثان</title><link>https://example.sa/2</link><source url="https://other.sa/rss">وكالة الأنباء</source>
<description>نص الخبر الثاني عن الاقتصاد</description></item>
<item><title>بلا نص</title></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>الشرق الأوسط</title><id>urn:x</id><updated>2019-03-15T10:20:00Z</updated>
<entry><title>بريطانيا: أربعة محاور لاستراتيجية جديدة</title><id>urn:1</id><link href="https://example.com/a"/>
<published>2019-03-15T10:20:00+03:00</published><author><name>سارة القحطاني</name></author>
<content type="html">&lt;div&gt;حدد رئيس الوزراء البريطاني ملامح استراتيجية.&lt;br/&gt;سطر ثان&lt;/div&gt;</content></entry>
</feed>"""


def test_rss():
    recs = read("feeds", RSS.encode(), "news.rss")
    first, second, skipped = recs
    assert first.title == "الرئيس يعين محافظا لعدن"
    assert first.text == "أصدر الرئيس قرارا بتعيين محافظ جديد.\n\nوقال مصدر إن القرار نهائي & فوري."
    assert first.date == "Fri, 15 Mar 2019 10:20:00 +0300"  # as written: its own day, not UTC's
    assert first.url == "https://example.sa/1" and first.outlet == "صحيفة الوئام"
    assert first.author == "محمد العتيبي"
    assert second.outlet == "وكالة الأنباء" and second.text == "نص الخبر الثاني عن الاقتصاد"
    assert isinstance(skipped, str) and "no text" in skipped


def test_atom():
    [rec] = read("feeds", ATOM.encode(), "news.atom")
    assert rec.text == "حدد رئيس الوزراء البريطاني ملامح استراتيجية.\n\nسطر ثان"
    assert (rec.title, rec.author, rec.outlet, rec.url) == (
        "بريطانيا: أربعة محاور لاستراتيجية جديدة", "سارة القحطاني", "الشرق الأوسط", "https://example.com/a")
    assert rec.date == "2019-03-15T10:20:00+03:00"


def test_feed_with_a_small_error_keeps_its_entries():
    damaged = RSS.replace("</channel></rss>", "<item><title>غير مغلق</title><description>نص &nbsp; ناقص")
    recs = [r for r in read("feeds", damaged.encode(), "d.xml") if isinstance(r, Record)]
    assert recs and recs[0].title == "الرئيس يعين محافظا لعدن"


@pytest.mark.parametrize("data", [
    b'<?xml version="1.0"?><config><setting name="a">1</setting></config>',
    "ليس ملف XML على الإطلاق".encode(),
    b"",
    b"<html><body><p>page</p></body></html>",
])
def test_not_a_feed(data):
    with pytest.raises(FormatError, match="not an RSS or Atom feed"):
        read("feeds", data, "settings.xml")


# ---------------------------------------------------------------- exports


def test_jsonl_with_a_bad_line():
    lines = [
        json.dumps({"Title": "خبر أول", "Body": "نص الخبر الأول", "published_at": "2019-03-15", "Source": {"name": "عكاظ"},
                    "link": "https://okaz.sa/1", "byline": "محمد"}, ensure_ascii=False),
        '{"title": "مكسور", "text": ',
        "",
        json.dumps({"headline": "خبر بلا نص"}, ensure_ascii=False),
        json.dumps({"name": "ثالث", "content": "<p>فقرة أولى</p><p>فقرة &amp; ثانية</p>"}, ensure_ascii=False),
    ]
    recs = read("exports", ("\n".join(lines)).encode("utf-8-sig"), "dump.jsonl")
    assert len(recs) == 4
    assert recs[0] == Record("نص الخبر الأول", "خبر أول", "محمد", "2019-03-15", "عكاظ", "https://okaz.sa/1")
    assert recs[1].startswith("line 2: not JSON (")
    assert recs[2].startswith("line 4: no text")
    assert recs[3].text == "فقرة أولى\n\nفقرة & ثانية"


def test_an_exports_single_newlines_are_paragraphs_only_where_it_has_no_blank_lines():
    lines = [json.dumps({"text": "الفقرة الأولى.\nالفقرة الثانية.\r\nالفقرة الثالثة."}, ensure_ascii=False),
             json.dumps({"text": "فقرة\nملفوفة في سطرين.\n\nفقرة ثانية."}, ensure_ascii=False)]
    one, two = read("exports", "\n".join(lines).encode(), "dump.jsonl")
    assert one.text.split("\n\n") == ["الفقرة الأولى.", "الفقرة الثانية.", "الفقرة الثالثة."]
    assert two.text.split("\n\n") == ["فقرة ملفوفة في سطرين.", "فقرة ثانية."]  # blank lines mark them: a line wrap joins


def test_json_shapes_and_configured_fields():
    arts = [{"عنوان": "خبر", "نص": "نص عربي", "تاريخ": "2020-01-01", "المصدر": "الرياض", "رابط": "u", "كاتب": "ع"}]
    opts = ReadOptions(json_fields={"title": ["عنوان"], "text": ["نص"], "date": ["تاريخ"], "source": ["المصدر"],
                                    "url": ["رابط"], "author": ["كاتب"]})
    for doc in (arts, {"meta": {"count": 1}, "articles": arts}, arts[0]):
        [rec] = read("exports", json.dumps(doc, ensure_ascii=False).encode("utf-16"), "a.json", opts)
        assert rec == Record("نص عربي", "خبر", "ع", "2020-01-01", "الرياض", "u")
    [rec] = read("exports", json.dumps({"data": {"items": [{"TEXT": "نص", "Date": "d"}]}}).encode(), "b.json")
    assert (rec.text, rec.date) == ("نص", "d")


@pytest.mark.parametrize("data,name", [
    (b"{not json", "a.json"), ("نص".encode("cp1256"), "a.json"), (b'{"count": 3}', "a.json"),
    (b"not json\nnor this", "a.jsonl"), (b"", "a.ndjson"),
])
def test_exports_unreadable(data, name):
    with pytest.raises(FormatError) as e:
        read("exports", data, name)
    assert str(e.value) and "\n" not in str(e.value)


# ---------------------------------------------------------------- imports


def test_reading_formats_imports_no_library_before_it_is_needed():
    code = ("import sys; import reader.index.files.formats as f; import reader.index.files.corpus; "
            "bad = [m for m in ('trafilatura', 'lxml', 'pdfminer', 'docx', 'feedparser') if m in sys.modules]; "
            "print(bad); sys.exit(1 if bad else 0)")
    r = subprocess.run([sys.executable, "-P", "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_an_exports_own_ids_are_kept_in_the_document_ids(tmp_path):
    """An article added at the top of tomorrow's export leaves the others'
    ids (and so their bookmarks) as they were; without an id for every
    article, or with one twice, the ids are the articles' places."""
    from reader.index.files.corpus import from_bytes, split_record

    def ids(records):
        data = "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode()
        return [d.id for d in from_bytes("news.jsonl", tmp_path / "news.jsonl", data)]

    today = [{"id": "a-4521", "text": "خبر أول"}, {"id": 4522, "text": "خبر ثان"}]
    tomorrow = [{"id": "a-4600", "text": "خبر جديد"}, *today]
    assert ids(today) == ["news.jsonl#a-4521", "news.jsonl#4522"]
    assert ids(tomorrow)[1:] == ids(today)
    assert split_record("news.jsonl#a-4521") == ("news.jsonl", "a-4521")
    assert ids([{"id": "x", "text": "أ"}, {"text": "ب"}]) == ["news.jsonl#1", "news.jsonl#2"]  # one without
    assert ids([{"id": "x", "text": "أ"}, {"id": "x", "text": "ب"}]) == ["news.jsonl#1", "news.jsonl#2"]  # twice
    assert ids([{"id": "../../etc", "text": "أ"}, {"id": "a b", "text": "ب"}]) == ["news.jsonl#1", "news.jsonl#2"]


def test_an_article_of_an_export_is_shown_and_bookmarked_by_its_own_id(tmp_path):
    from conftest import run_reader, write

    root = tmp_path / "news"
    export = root / "news.jsonl"
    write(export, json.dumps({"id": "a-4521", "title": "خبر أول", "text": "نص الخبر الأول عن النفط"}, ensure_ascii=False))
    assert run_reader("index", "--corpus", str(root)).returncode == 0
    shown = run_reader("show", "news.jsonl#a-4521", "--corpus", str(root), "--shape", "never")
    assert shown.returncode == 0 and "نص الخبر الأول" in shown.stdout
    assert run_reader("bookmarks", "add", "news.jsonl#a-4521", "--quote", "النفط", "--corpus", str(root)).returncode == 0
    # tomorrow's export: a new article on top; the bookmark's article keeps its id
    write(export, json.dumps({"id": "a-4600", "text": "خبر جديد"}, ensure_ascii=False) + "\n" + export.read_text("utf-8"))
    assert run_reader("index", "--corpus", str(root)).returncode == 0
    marks = json.loads(run_reader("bookmarks", "export", "--format", "json", "--corpus", str(root)).stdout)
    assert [(m["doc"], m["status"], m["quote"]) for m in marks] == [("news.jsonl#a-4521", "ok", "النفط")]
