"""One outlet whatever its spelling: folded keys, [outlet_aliases],
folders named after a format, and `reader outlets`."""

from __future__ import annotations

import json

import pytest

from conftest import run_reader, write


@pytest.mark.parametrize("spellings, key", [
    (["Al Riyadh", "alriyadh", "https://www.alriyadh.com/article/1", "AlRiyadh.com.sa"], "alriyadh"),
    (["صحيفة عكاظ", "عكاظ", "جريدة عكاظ", "موقع  عكاظ"], "عكاظ"),
    (["Okaz Newspaper", "okaz", "www.okaz.com.sa", "OKAZ"], "okaz"),
    (["صحيفة سبق الإلكترونية", "سبق"], "سبق"),
    (["الشرق الأوسط", "الشرق الاوسط"], "الشرقالاوسط"),  # hamza on the alef folded
    (["News"], "news"),  # an outlet called News keeps its name
])
def test_spellings_of_one_outlet_fold_to_one_key(spellings, key):
    from reader.index.files.outlets import outlet_key

    assert {outlet_key(s) for s in spellings} == {key}


def _corpus(tmp_path):
    root = tmp_path / "news"
    records = [{"title": "خبر من عكاظ", "text": "نص عن الميزانية", "source": "صحيفة عكاظ"},
               {"title": "خبر آخر", "text": "نص عن الميزانية مرة أخرى", "source": "Okaz Newspaper"},
               {"title": "خبر ثالث", "text": "نص عن الميزانية كذلك", "source": "okaz"},
               {"title": "خبر من الرياض", "text": "نص عن الميزانية في الرياض", "source": "www.alriyadh.com"}]
    write(root / "exports" / "all.jsonl", "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
    write(root / "pdf" / "a.txt", "خبر في مجلد صيغة\n\nنص عن الميزانية أيضا.\n")
    write(root / "sabq" / "b.txt", "خبر في مجلد صحيفة\n\nنص عن الميزانية أخيرا.\n")
    return root


def _config(text: str):
    from reader import paths

    return write(paths.config_file(), text)


def test_aliases_join_spellings_for_source_and_reader_outlets_lists_them(tmp_path):
    root = _corpus(tmp_path)
    _config('[outlet_aliases]\nokaz = ["صحيفة عكاظ", "Okaz Newspaper"]\n')
    assert run_reader("index", "--corpus", str(root)).returncode == 0

    def found(query):
        r = run_reader("search", query, "--json", "--limit", "20", "--corpus", str(root))
        assert r.returncode == 0, r.stderr
        return {h["id"] for h in json.loads(r.stdout)["hits"]}

    okaz = {"exports/all.jsonl#1", "exports/all.jsonl#2", "exports/all.jsonl#3"}
    assert found("الميزانية source:okaz") == okaz
    assert found("الميزانية source:عكاظ") == okaz  # any spelling names the outlet
    assert found("الميزانية source:alriyadh") == {"exports/all.jsonl#4"}
    assert okaz.isdisjoint(found("الميزانية -source:okaz"))
    r = run_reader("outlets", "--json", "--corpus", str(root))
    outlets = {o["outlet"]: o for o in json.loads(r.stdout)}
    assert outlets["okaz"]["documents"] == 3
    assert outlets["okaz"]["spellings"] == {"صحيفة عكاظ": 1, "Okaz Newspaper": 1, "okaz": 1}
    assert outlets["sabq"]["documents"] == 1 and "pdf" not in outlets  # a format's folder is no outlet
    plain = run_reader("outlets", "--corpus", str(root), "--shape", "never").stdout.splitlines()
    assert plain[0].startswith("3\tokaz\t") and "Okaz Newspaper (1)" in plain[0]
    assert json.loads(run_reader("config", "--json").stdout)["outlet aliases"]["value"] == "okaz"


def test_without_aliases_scripts_stay_apart_and_a_bad_alias_table_is_named(tmp_path):
    root = _corpus(tmp_path)
    assert run_reader("index", "--corpus", str(root)).returncode == 0
    outlets = {o["outlet"]: o["documents"] for o in json.loads(run_reader("outlets", "--json", "--corpus", str(root)).stdout)}
    assert outlets.get("صحيفة عكاظ") == 1 and sum(n for name, n in outlets.items() if "kaz" in name.lower()) == 2
    _config("[outlet_aliases]\nokaz = 3\n")
    r = run_reader("outlets", "--corpus", str(root))
    assert r.returncode != 0 and "outlet_aliases.okaz must be a spelling or a list of them" in r.stderr
