"""Metadata tables (index.files.metadata): the manifest an archive comes with,
its rows winning over what the files say, kept with the index."""

from __future__ import annotations

import json

from conftest import run_reader, write

ARTICLE = "عنوان في الملف\n\nالرياض - 15 مارس 2019 - نص الخبر عن السياسة في المنطقة.\n"


def _corpus(tmp_path):
    root = tmp_path / "news"
    write(root / "a.txt", ARTICLE)
    write(root / "okaz" / "b.txt", ARTICLE.replace("السياسة", "الاقتصاد"))
    write(root / "c.txt", "مقال بلا سطر تاريخ\n\nنص آخر عن الرياضة.\n")
    write(root / "export.jsonl", json.dumps({"title": "من التصدير", "text": "نص مصدر", "source": "sabq"},
                                            ensure_ascii=False) + "\n")
    return root


def _docs(root) -> dict:
    r = run_reader("docs", "--json", "--corpus", str(root))
    assert r.returncode == 0, r.stderr
    return {d["id"]: d for d in json.loads(r.stdout)}


def _config(text: str):
    from reader import paths

    return write(paths.config_file(), text)


def test_a_row_wins_over_the_text_the_file_and_the_format(tmp_path):
    root = _corpus(tmp_path)
    table = write(tmp_path / "manifest.tsv",
                  "file\tsource\tdate_extracted\turl\ttitle\n"
                  "a.txt\taawsat\t2015-07-21 02:51:32\thttp://aawsat.com/1\tعنوان من الجدول\n"
                  "okaz/b.txt\tokaz\t2015-07-22\t\t\n"
                  "export.jsonl#1\talriyadh\t2015-07-23\t\t\n")
    _config('[json_fields]\ndate = ["date_extracted"]\n')
    r = run_reader("index", "--corpus", str(root), "--metadata", str(table))
    assert r.returncode == 0, r.stderr
    assert "metadata manifest.tsv: 3 rows, 3 matched a file" in r.stderr
    docs = _docs(root)
    a, b, c, e = docs["a.txt"], docs["okaz/b.txt"], docs["c.txt"], docs["export.jsonl#1"]
    assert (a["date"], a["date_from"], a["outlet"], a["title"]) == ("2015-07-21", "manifest", "aawsat", "عنوان من الجدول")
    assert (b["date"], b["date_from"], b["outlet"]) == ("2015-07-22", "manifest", "okaz")  # over its dateline
    assert (e["date"], e["outlet"], e["title"]) == ("2015-07-23", "alriyadh", "من التصدير")  # over the export's source
    assert c["date_from"] == "file"  # no row: as before
    shown = run_reader("show", "a.txt", "--corpus", str(root), "--shape", "never")
    assert "http://aawsat.com/1" in shown.stdout and "aawsat" in shown.stdout


def test_rows_not_used_and_rows_for_no_file_are_counted_and_named_by_line(tmp_path):
    root = _corpus(tmp_path)
    table = write(tmp_path / "m.csv",
                  "path,outlet,date\n"
                  "a.txt,okaz,2019-02-30\n"  # no such day
                  ",okaz,2019-02-03\n"  # no file
                  "c.txt,okaz,0000-01-01\n"  # year 0
                  "gone.txt,okaz,2019-02-03\n"  # no such file
                  "okaz/b.txt,okaz,2019-02-04\n"
                  "okaz/b.txt,okaz,2019-02-05\n")  # named twice
    r = run_reader("index", "--corpus", str(root), "--metadata", str(table))
    assert r.returncode == 0, r.stderr
    line = next(x for x in r.stderr.splitlines() if "metadata m.csv" in x)
    assert "2 rows, 1 matched a file, 1 matched none (line 5)" in line
    assert "4 rows not used" in line and "line 2: a bad day '2019-02-30'" in line and "line 3: no file named" in line
    assert "line 4: a bad day '0000-01-01'" in line and "line 7: okaz/b.txt named again (m.csv line 6 kept)" in line
    docs = _docs(root)
    assert docs["okaz/b.txt"]["date"] == "2019-02-04" and docs["a.txt"]["date_from"] == "text"


def test_a_table_that_cannot_be_read_is_one_line_and_the_index_stays(tmp_path):
    root = _corpus(tmp_path)
    assert run_reader("index", "--corpus", str(root)).returncode == 0
    before = _docs(root)
    for name, text, said in (("no-file.tsv", "title\tdate\nx\t2019-01-01\n", "no column names the file"),
                             ("empty.csv", "", "no header line"),
                             ("latin1.csv", "file,title\na.txt,caf\xe9\n", "not UTF-8")):
        path = tmp_path / name
        path.write_bytes(text.encode("latin-1"))
        r = run_reader("index", "--corpus", str(root), "--metadata", str(path))
        assert r.returncode != 0 and said in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
        assert "Traceback" not in r.stderr
    r = run_reader("index", "--corpus", str(root), "--metadata", str(tmp_path / "missing.tsv"))
    assert r.returncode != 0 and "cannot read the manifest" in r.stderr
    assert _docs(root) == before


def test_a_table_stays_with_the_index_and_a_changed_one_reads_the_corpus_again(tmp_path):
    root = _corpus(tmp_path)
    table = write(tmp_path / "m.jsonl", '{"file": "c.txt", "source": "okaz", "date": "2016-01-02"}\n'
                  'not json\n')
    r = run_reader("index", "--corpus", str(root), "--metadata", str(table))
    assert "1 row not used (line 2: not a JSON object)" in r.stderr
    assert run_reader("index", "--corpus", str(root)).returncode == 0  # no --metadata: the index keeps its table
    assert _docs(root)["c.txt"]["date"] == "2016-01-02"
    write(table, '{"file": "c.txt", "source": "okaz", "date": "2016-01-03"}\n')
    r = run_reader("index", "--corpus", str(root))
    assert "full build (a metadata table changed)" in r.stderr
    assert _docs(root)["c.txt"]["date"] == "2016-01-03"


def test_the_config_names_tables_relative_to_its_folder_and_reader_config_shows_them(tmp_path):
    root = _corpus(tmp_path)
    cfg = _config('metadata = "manifest.tsv"\n')
    write(cfg.parent / "manifest.tsv", "filename\tpublisher\tpublished\nc.txt\tokaz\t2017-05-06\n")
    assert run_reader("index", "--corpus", str(root)).returncode == 0
    assert (_docs(root)["c.txt"]["date"], _docs(root)["c.txt"]["outlet"]) == ("2017-05-06", "okaz")
    shown = json.loads(run_reader("config", "--json").stdout)["metadata"]
    assert shown == {"value": str(cfg.parent / "manifest.tsv"), "source": str(cfg)}
    _config("metadata = 3\n")
    r = run_reader("index", "--corpus", str(root))
    assert r.returncode != 0 and "metadata must be a file or a list of files" in r.stderr


def test_hostile_values_are_cleaned_and_a_file_named_by_its_name_alone_is_found(tmp_path):
    root = _corpus(tmp_path)
    table = write(tmp_path / "m.tsv", "file\tsource\ttitle\nb.txt\tok\x1b[31maz\t\u202eعنوان\x07\n")
    assert run_reader("index", "--corpus", str(root), "--metadata", str(table)).returncode == 0
    b = _docs(root)["okaz/b.txt"]
    assert b["outlet"] == "ok [31maz" and "\x07" not in b["title"] and "\x1b" not in b["outlet"]


def test_a_tsv_has_no_quoting_and_html_references_are_characters(tmp_path):
    """SaudiNewsNet's manifest: titles that open with a quote, and &quot;
    from the crawled pages. A cell quoted whole (Python's csv writes TSV
    so) is unquoted; a CSV keeps its quoting."""
    from reader.index.files.metadata import read_metadata

    tsv = write(tmp_path / "m.tsv", "file\ttitle\tsource\n"
                                    'a.txt\t"جمل سائب" يتسبب في وفاة شاب\tokaz\n'
                                    'b.txt\tجهاز &quot;جلاكسي&quot; &#8220;الجديد&#8221;\t"sabq"\n'
                                    'c.txt\t"قال ""نعم"" أمس"\tal&#27;riyadh\n')
    table = read_metadata([tsv])
    assert table.row_for("a.txt").title == '"جمل سائب" يتسبب في وفاة شاب'
    assert table.row_for("b.txt").title == 'جهاز "جلاكسي" “الجديد”'
    assert table.row_for("b.txt").outlet == "sabq"
    assert table.row_for("c.txt").title == 'قال "نعم" أمس'
    assert table.row_for("c.txt").outlet == "alriyadh"  # a reference to a control is no control
    csv_file = write(tmp_path / "m.csv", 'file,title\nd.txt,"عنوان, بفاصلة"\n')
    assert read_metadata([csv_file]).row_for("d.txt").title == "عنوان, بفاصلة"
