"""A real archive: a folder of mixed formats, searched by date and outlet,
through the command line as a user runs it."""

from __future__ import annotations

import json
import os
import time

import pytest

from conftest import run_reader, write

pytest.importorskip("docx")

QUERY = "الباغوز"
RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Al Riyadh</title><link>https://www.alriyadh.com</link>
<description>أخبار</description>
<item><title>معركة الباغوز الأخيرة</title><link>https://www.alriyadh.com/1</link>
<pubDate>Sun, 10 Mar 2019 08:00:00 +0300</pubDate>
<description>&lt;p&gt;تواصلت المعارك في الباغوز شرق سوريا حيث يتحصن آخر مقاتلي التنظيم.&lt;/p&gt;</description></item>
<item><title>اقتصاد المملكة ينمو</title><link>https://www.alriyadh.com/2</link>
<pubDate>Wed, 15 May 2019 08:00:00 +0300</pubDate>
<description>سجل الاقتصاد السعودي نموا في الربع الأول من العام.</description></item>
<item><title>عودة النازحين إلى الباغوز</title><link>https://www.alriyadh.com/3</link>
<pubDate>Mon, 20 May 2019 01:30:00 +0300</pubDate>
<description>بدأ النازحون العودة إلى بلدة الباغوز بعد انتهاء المعارك فيها.</description></item>
</channel></rss>
"""
PAGE = """<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>سقوط آخر جيوب التنظيم في الباغوز | سبق</title>
<meta property="og:site_name" content="سبق"><meta property="og:url" content="https://sabq.org/x/1">
<meta property="article:published_time" content="2019-03-23T12:00:00+03:00">
</head><body><nav><a href="/">الرئيسية</a> <a href="/s">رياضة</a> <a href="/e">اقتصاد</a> <a href="/t">تقنية</a></nav>
<article><h1>سقوط آخر جيوب التنظيم في الباغوز</h1>
<p>أعلنت قوات سوريا الديمقراطية اليوم السبت سقوط آخر جيوب التنظيم في بلدة الباغوز شرق سوريا بعد أسابيع من المعارك العنيفة.</p>
<p>وقال المتحدث باسم القوات إن العمليات العسكرية انتهت وإن فرق الهندسة بدأت تمشيط البلدة من الألغام التي خلفها المقاتلون.</p>
<p>وكانت البلدة قد شهدت خلال الأسابيع الماضية خروج آلاف المدنيين والمقاتلين وعائلاتهم نحو المخيمات في شمال شرق البلاد.</p>
</article><footer>جميع الحقوق محفوظة لصحيفة سبق الإلكترونية</footer></body></html>
"""


def _docx(path, title: str, paragraphs: list[str], created) -> None:
    import docx

    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    d.core_properties.title = title
    d.core_properties.created = created
    path.parent.mkdir(parents=True, exist_ok=True)
    d.save(str(path))


@pytest.fixture
def archive(tmp_path):
    """okaz/ and alyaum/ are outlets by folder; the page and the feed name theirs."""
    from datetime import datetime

    c = tmp_path / "archive"
    write(c / "okaz" / "dateline.txt", "الباغوز تحت الحصار\n\nدير الزور - 5 مارس 2019: تحاصر القوات بلدة الباغوز منذ أيام.\n")
    undated = write(c / "okaz" / "undated.txt", "خبر بلا تاريخ\n\nتقرير عن الباغوز لم يذكر فيه يوم نشره.\n")
    t = time.mktime((2020, 6, 1, 12, 0, 0, 0, 0, -1))
    os.utime(undated, (t, t))
    write(c / "sabq" / "page.html", PAGE)
    _docx(c / "alyaum" / "report.docx", "تقرير عن الباغوز", [
        "تقرير عن الباغوز",
        "زار وفد من المنظمات الإنسانية بلدة الباغوز للاطلاع على أوضاع السكان بعد المعارك.",
        "وقدم الوفد مساعدات غذائية وطبية للعائلات التي عادت إلى منازلها المدمرة.",
    ], datetime(2019, 4, 2, 9, 0))
    write(c / "feeds" / "riyadh.xml", RSS)
    write(c / "export.jsonl", "\n".join([
        json.dumps({"headline": "الباغوز بعد عام", "body": "بعد عام على المعركة ما زالت الباغوز مدمرة.", "published": "2020-03-23",
                    "source": {"name": "الشرق الأوسط"}, "url": "https://aawsat.com/1"}, ensure_ascii=False),
        "{ not json",
        json.dumps({"title": "خبر رياضي", "text": "فاز الفريق في المباراة.", "date": "2019-03-30", "site": "aawsat"},
                   ensure_ascii=False),
    ]) + "\n")
    write(c / "pictures" / "photo.jpg", "not a picture")
    write(c / "notes.odt", "not read")
    (c / "broken.docx").write_bytes(b"PK\x03\x04 cut short")
    write(c / "feeds" / "notafeed.xml", "<config><value>1</value></config>")
    return c


def _reader(archive, *args, **kw):
    return run_reader("--corpus", str(archive), *args, **kw)


def _json(archive, *args) -> dict:
    r = _reader(archive, "search", *args, "--json")
    assert r.returncode in (0, 1), r.stderr
    return json.loads(r.stdout)


def test_a_mixed_folder_is_indexed_and_every_bad_file_is_told(archive):
    r = _reader(archive, "index")
    assert r.returncode == 0, r.stderr
    # 2 texts, the page, the docx, 3 feed items, 2 export lines
    assert "9 documents indexed" in r.stderr
    assert "skipped 2 files of unsupported types: .jpg 1, .odt 1" in r.stderr
    lines = r.stderr.splitlines()
    for name, why in (("broken.docx", ""), ("notafeed.xml", "not an RSS or Atom feed"), ("export.jsonl", "line 2: not JSON")):
        said = [line for line in lines if line.startswith("reader: skipped") and name in line]
        assert len(said) == 1 and why in said[0], (name, lines)
    ids = {d["id"] for d in json.loads(_reader(archive, "docs", "--json").stdout)}
    assert {"feeds/riyadh.xml#1", "feeds/riyadh.xml#3", "export.jsonl#1", "export.jsonl#3", "sabq/page.html",
            "alyaum/report.docx"} <= ids
    assert "export.jsonl#2" not in ids


def test_each_document_has_its_day_and_outlet(archive):
    docs = {d["id"]: d for d in json.loads(_reader(archive, "docs", "--json").stdout)}
    expected = {
        "okaz/dateline.txt": ("2019-03-05", "okaz"),  # the dateline; the folder
        "okaz/undated.txt": ("", "okaz"),  # the file's time is no publication day
        "sabq/page.html": ("2019-03-23", "سبق"),  # the page's metadata
        "alyaum/report.docx": ("2019-04-02", "alyaum"),  # the docx's properties; the folder
        "feeds/riyadh.xml#1": ("2019-03-10", "Al Riyadh"),  # the item; the channel
        "export.jsonl#1": ("2020-03-23", "الشرق الأوسط"),
        "export.jsonl#3": ("2019-03-30", "aawsat"),
    }
    assert {k: (docs[k]["date"], docs[k]["outlet"]) for k in expected} == expected
    hit = next(h for h in _json(archive, "عام", "الباغوز")["hits"] if h["id"] == "export.jsonl#1")
    assert (hit["url"], hit["date_from"]) == ("https://aawsat.com/1", "metadata")
    undated = next(h for h in _json(archive, "يوم", "نشره")["hits"])
    assert (undated["date"], undated["date_from"], undated["file_date"]) == ("", "file", "2020-06-01")
    assert docs["okaz/undated.txt"]["file_date"] == "2020-06-01"


def test_since_until_and_sort_by_date(archive):
    march = _json(archive, QUERY, "--since", "2019-03", "--until", "2019-03", "--sort", "date")
    assert [h["date"] for h in march["hits"]] == ["2019-03-05", "2019-03-10", "2019-03-23"]
    newest = _json(archive, QUERY, "--sort", "-date")["hits"]
    days = [h["date"] for h in newest]
    assert days == sorted(days, reverse=True) and len(days) == 7
    # the same filters in the query language, and pages of one order
    assert [h["id"] for h in _json(archive, QUERY, "date:2019-03", "--sort", "date")["hits"]] == [h["id"] for h in march["hits"]]
    first = _json(archive, QUERY, "--sort", "-date", "--limit", "3")["hits"]
    second = _json(archive, QUERY, "--sort", "-date", "--limit", "3", "--page", "2")["hits"]
    assert [h["id"] for h in first + second] == [h["id"] for h in newest[:6]]


def test_search_by_outlet(archive):
    ids = lambda *q: {h["id"] for h in _json(archive, *q)["hits"]}  # noqa: E731
    assert ids("source:alriyadh") == ids('source:"Al Riyadh"') == {f"feeds/riyadh.xml#{n}" for n in (1, 2, 3)}
    assert ids(QUERY, "source:سبق") == {"sabq/page.html"}
    assert ids(QUERY, "-source:okaz", "date:2019") == {"sabq/page.html", "alyaum/report.docx", "feeds/riyadh.xml#1",
                                                        "feeds/riyadh.xml#3"}
    assert ids("source:al*", "date:2019-05") == {"feeds/riyadh.xml#2", "feeds/riyadh.xml#3"}
    bad = _reader(archive, "search", QUERY, "OR", "source:okaz")
    assert bad.returncode == 2 and "outside OR" in bad.stderr and bad.stderr.count("\n") == 1
    bad = _reader(archive, "search", QUERY, "--since", "2019-13")
    assert bad.returncode == 2 and "--since" in bad.stderr and bad.stderr.count("\n") == 1


def test_timeline(archive):
    r = _reader(archive, "timeline", QUERY, "--json")
    assert r.returncode == 0, r.stderr
    t = json.loads(r.stdout)
    by_month = {p["period"]: p["count"] for p in t["periods"]}
    assert by_month["2019-03"] == 3 and by_month["2019-04"] == 1 and by_month["2019-05"] == 1
    assert by_month["2019-06"] == 0  # the empty months are there
    assert list(by_month)[0] == "2019-03" and list(by_month)[-1] == "2020-03"
    assert t["total"] == 7 and t["undated"] == 1  # the file's time counts apart
    chart = _reader(archive, "timeline", QUERY, "--by", "year", "--width", "40").stdout.splitlines()
    assert [line.split()[:2] for line in chart] == [["2019", "5"], ["2020", "1"]]
    assert chart[0].count("█") > chart[1].count("█") > 0 and all(len(line) <= 40 for line in chart)
    assert _reader(archive, "timeline", "كلمةغائبة").returncode == 1


def test_an_article_of_a_feed_is_read_by_id_or_by_path(archive):
    r = _reader(archive, "show", "feeds/riyadh.xml#3", "--shape", "never")
    assert r.returncode == 0, r.stderr
    head = r.stdout.splitlines()[:4]
    assert head[0] == "عودة النازحين إلى الباغوز"
    assert "Al Riyadh  2019-05-20" in head and "https://www.alriyadh.com/3" in head
    by_path = _reader(archive, "show", str(archive / "feeds" / "riyadh.xml#3"), "--shape", "never")
    assert by_path.stdout == r.stdout
    whole = _reader(archive, "show", str(archive / "feeds" / "riyadh.xml"))
    assert whole.returncode == 2 and "holds 3 articles" in whole.stderr and "riyadh.xml#1" in whole.stderr


def test_a_bookmark_on_a_feed_article_cites_outlet_and_day_and_survives_an_update(archive):
    r = _reader(archive, "bookmarks", "add", "feeds/riyadh.xml#3", "--quote", "بلدة الباغوز")
    assert r.returncode == 0, r.stderr
    # the feed gets a new item on top: the numbers move, the bookmark follows its text
    (archive / "feeds" / "riyadh.xml").write_text(RSS.replace("<item>", "<item><title>جديد</title><description>خبر جديد</description></item><item>", 1), "utf-8")
    assert _reader(archive, "index").returncode == 0
    (bm,) = json.loads(_reader(archive, "bookmarks", "export", "--format", "json").stdout)
    assert (bm["outlet"], bm["published"], bm["status"]) == ("Al Riyadh", "2019-05-20", "moved")
    assert bm["doc"] == "feeds/riyadh.xml#4"
    md = _reader(archive, "bookmarks", "export", "--format", "md")
    assert md.returncode == 0, md.stderr
    assert "Al Riyadh, 2019-05-20, <https://www.alriyadh.com/3>" in md.stdout
    assert "> بلدة الباغوز" in md.stdout


def test_an_update_replaces_a_files_articles_and_keeps_what_went_bad(archive):
    assert _reader(archive, "index").returncode == 0
    feed = archive / "feeds" / "riyadh.xml"
    feed.write_text(RSS.replace("عودة النازحين إلى الباغوز", "عودة الأهالي"), "utf-8")
    report = archive / "alyaum" / "report.docx"
    good = report.read_bytes()
    report.write_bytes(good[: len(good) // 3])  # the docx breaks: its indexed version stays
    r = _reader(archive, "index")
    assert r.returncode == 0 and "skipped" in r.stderr and "report.docx" in r.stderr
    titles = {h["id"]: h["title"] for h in _json(archive, QUERY, "--limit", "50")["hits"]}
    assert titles["feeds/riyadh.xml#3"] == "عودة الأهالي"  # the changed feed's articles, as they are now
    assert "alyaum/report.docx" in titles
    feed.unlink()
    assert _reader(archive, "index").returncode == 0
    ids = {d["id"] for d in json.loads(_reader(archive, "docs", "--json").stdout)}
    assert not any(i.startswith("feeds/riyadh.xml") for i in ids) and "alyaum/report.docx" in ids


def test_config_names_the_export_fields_and_can_stop_folder_outlets(tmp_path, home):
    c = tmp_path / "c"
    write(c / "desk" / "a.jsonl", json.dumps({"عنوان": "خبر الباغوز", "نص": "نص عن الباغوز.", "تاريخ": "2019-03-01"},
                                             ensure_ascii=False) + "\n")
    write(home / "config" / "reader" / "config.toml",
          'outlet_folders = false\n[json_fields]\ntitle = ["عنوان"]\ntext = ["نص"]\ndate = ["تاريخ"]\n')
    (doc,) = json.loads(run_reader("--corpus", str(c), "docs", "--json").stdout)
    assert (doc["title"], doc["date"], doc["outlet"]) == ("خبر الباغوز", "2019-03-01", "")
    shown = json.loads(run_reader("config", "--json").stdout)
    assert shown["outlet folders"]["value"] == "no" and "title: عنوان" in shown["json fields"]["value"]
    write(home / "config" / "reader" / "config.toml", "outlet_folders = 3\n")
    r = run_reader("--corpus", str(c), "docs")
    assert r.returncode == 2 and "outlet_folders must be true or false" in r.stderr


def test_search_output_shows_day_and_outlet(archive):
    r = _reader(archive, "search", QUERY, "--shape", "never", "--sort", "date", "--limit", "2")
    assert r.returncode == 0, r.stderr
    assert "okaz/dateline.txt  2019-03-05  okaz  (score" in r.stdout
    docs = _reader(archive, "docs", "--shape", "never").stdout.splitlines()
    assert "okaz/undated.txt\tundated (file 2020-06-01)\tokaz\tخبر بلا تاريخ" in docs
    shown = _reader(archive, "show", "okaz/undated.txt", "--shape", "never").stdout.splitlines()
    assert "okaz  undated (file 2020-06-01)" in shown[:3]


def test_the_issues_folder_html_upper_case_txt_json_and_a_markdown_title(tmp_path):
    c = tmp_path / "c"
    write(c / "a.html", PAGE)
    write(c / "b.TXT", "خبر نصي\n\nنص عن الباغوز.\n")
    write(c / "c.json", json.dumps({"title": "خبر من تصدير", "text": "نص التصدير عن الباغوز."}, ensure_ascii=False))
    write(c / "d.md", "# عنوان بالماركداون\n\nنص عن الباغوز.\n")
    r = run_reader("--corpus", str(c), "index")
    assert "4 documents indexed" in r.stderr, r.stderr
    titles = {d["id"]: d["title"] for d in json.loads(run_reader("--corpus", str(c), "docs", "--json").stdout)}
    assert titles == {"a.html": "سقوط آخر جيوب التنظيم في الباغوز", "b.TXT": "خبر نصي", "c.json#1": "خبر من تصدير",
                      "d.md": "عنوان بالماركداون"}
    shown = run_reader("--corpus", str(c), "show", str(c / "a.html"), "--shape", "never").stdout
    assert "<" not in shown and "الرئيسية" not in shown and "سقوط آخر جيوب التنظيم" in shown


def test_a_pdfs_own_date_yields_to_a_dateline_and_titles_lose_trailing_punctuation(monkeypatch):
    """A PDF's CreationDate is the day it was made (LibreOffice writes the
    day it ran); a web page's published_time is the article's."""
    from pathlib import Path

    from reader.index.files import corpus
    from reader.index.files.formats import Record

    rec = Record(text="القاهرة - 2 يونيو 2019 - قال المتحدث إن الاجتماع انتهى.", title="النفس البشرية والأخلاق ..",
                 date="2026-12-01T10:00:00Z")
    monkeypatch.setattr(corpus, "read_records", lambda *a, **k: [rec])
    (pdf,) = corpus.from_bytes("a.pdf", Path("a.pdf"), b"")
    (page,) = corpus.from_bytes("a.html", Path("a.html"), b"")
    assert (pdf.date, pdf.date_from) == ("2019-06-02", "text")
    assert (page.date, page.date_from) == ("2026-12-01", "metadata")
    assert pdf.title == "النفس البشرية والأخلاق .."  # a title from metadata is kept as given
    assert corpus.title_and_author(["النفس البشرية والأخلاق ..", "", "نص"])[0] == "النفس البشرية والأخلاق"
