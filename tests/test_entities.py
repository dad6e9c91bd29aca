"""Entities: the recognizer, the user's corrections, the index, the CLI, the model files."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import READER, script, ROOT, SEEDS, run_reader, wait_for, write

from reader.entities.conll import spans
from reader.index.files.corpus import make_roots
from reader.entities.grouping import group_entities
from reader.entities.recognizer import Recognizer, find_entities
from reader.entities.types import Entity, stored_entities
from reader.entities.gazetteer import Gazetteer, GazetteerError
from reader.entities.tagger import MODEL, Tagger, tagger
from reader.entities.features import CLUSTERS
from reader.core.library import Library


def found(text: str) -> list[tuple[str, str]]:
    return [(e.type, e.text) for e in find_entities(text)]


def seed_entities() -> dict[str, set[tuple[str, str]]]:
    out = {}
    for p in sorted(SEEDS.glob("*.txt")):
        text = p.read_text("utf-8")
        out[p.name] = {(e.type, e.name) for e in find_entities(text)}
    return out


# --- the seeds: names a reader expects ----------------------------------------------------------


# ترامب … مارس /آذار 2019 come from the model and the rules; غوتيريش, الباغوز and
# قوات سوريا الديمقراطية rose after the model's data and come from the shipped names.
@pytest.mark.parametrize(
    "kind, name",
    [
        ("PERS", "دونالد ترامب"),  # ترامب alone is linked to the full name (issue 15)
        ("PERS", "انطونيو غوتيريش"),
        ("PERS", "مكرم محمد أحمد"),  # the rare first name kept
        ("PERS", "فلورانس بارل"),  # ف of فلورانس is no conjunction
        ("LOC", "الموصل"),
        ("LOC", "الرقة"),
        ("LOC", "الباغوز"),
        ("ORG", "الأمم المتحدة"),
        ("ORG", "قوات سوريا الديمقراطية"),
        ("DATE", "2017"),
        ("DATE", "مارس /آذار 2019"),
    ],
)
def test_seed_names_come_out_right(kind, name):
    every = set().union(*seed_entities().values())
    assert (kind, name) in every
    wrong = {k for k, n in every if n == name and k != kind}
    assert not wrong, f"{name} also tagged {wrong}"


@pytest.mark.parametrize(
    "kind, name",
    [("PERS", "دونالد ترامب"), ("PERS", "مكرم محمد أحمد"), ("PERS", "فلورانس بارل"), ("LOC", "الموصل"), ("LOC", "الرقة"), ("ORG", "الأمم المتحدة"), ("DATE", "2017"), ("DATE", "مارس /آذار 2019")],
)
def test_seed_names_from_the_model_and_rules_alone(kind, name):
    r = Recognizer(tagger(), shipped=False)
    every = set()
    for p in SEEDS.glob("*.txt"):
        text = p.read_text("utf-8")
        every |= {(e.type, e.name) for e in r.find(text)}
    assert (kind, name) in every


def test_shipped_names_hold_only_what_the_model_misses_and_the_user_wins(tmp_path):
    text = "سيطرت قوات سوريا الديمقراطية على الباغوز."
    assert ("ORG", "قوات سوريا الديمقراطية") in [(e.type, e.text) for e in Recognizer(tagger()).find(text)]
    assert ("ORG", "قوات سوريا الديمقراطية") not in [(e.type, e.text) for e in Recognizer(tagger(), shipped=False).find(text)]
    g = Gazetteer(tmp_path / "e.tsv")
    g.add("الباغوز", "NONE")
    assert "الباغوز" not in [e.text for e in Recognizer(tagger(), g).find(text)]


def test_baghdadi_is_inside_a_person_name():
    every = set().union(*seed_entities().values())
    names = [n for k, n in every if k == "PERS" and "البغدادي" in n.replace("ى", "ي")]
    assert names and all(n.startswith("أبو") for n in names)  # أبو بكر البغدادي, أبوبكر البغدادي


# --- names kept whole and consistent ---------------------------------------------------------


class FixedTagger:
    """The model's tags given by hand (token -> tag, O for the rest), over
    the real word counts: the rules after the model, tested alone."""

    def __init__(self, tags: dict[str, str]):
        self.clusters = tagger().clusters
        self.tags = tags

    def tag(self, tokens: list[str]) -> list[str]:
        return [self.tags.get(t, "O") for t in tokens]

    def tag_all(self, sentences: list[list[str]]) -> list[list[str]]:
        return [self.tag(tokens) for tokens in sentences]


def names_of(tags: dict[str, str], text: str) -> list[tuple[str, str, str]]:
    return [(e.type, e.text, e.name) for e in Recognizer(FixedTagger(tags), shipped=False).find(text)]


NAMES_WHOLE = [  # (the model's tags, text, entities that must come out, texts that must not)
    ({"على": "B-PERS", "داعش": "I-PERS"}, "أعلن الحرب على داعش أمس.", [], ["على داعش", "داعش"]),
    ({"عَلَى": "B-PERS", "داعش": "I-PERS"}, "أعلن الحرب عَلَى داعش أمس.", [], ["عَلَى داعش", "داعش"]),  # with harakat
    ({"على": "B-PERS", "داعش": "I-PERS", "تنظيم": "O"}, "الحرب على داعش. وهاجم تنظيم داعش المدينة.",
     [], ["على داعش"]),
    ({"محمد": "B-PERS", "أحمد": "I-PERS"}, "قال مكرم محمد أحمد إن الأمر انتهى.", [("PERS", "مكرم محمد أحمد")], []),
    ({"الرئيس": "O", "محمد": "B-PERS", "أحمد": "I-PERS"}, "قال الرئيس محمد أحمد إن الأمر انتهى.",
     [("PERS", "محمد أحمد")], ["الرئيس محمد أحمد"]),  # a known word before the name stays out
    ({"فلورانس": "B-PERS", "بارل": "I-PERS"}, "قالت فلورانس بارل إن الأمر انتهى.", [("PERS", "فلورانس بارل")], []),
    ({"وترامب": "B-PERS"}, "التقى الوزير وترامب أمس.", [("PERS", "ترامب")], ["وترامب"]),
]


@pytest.mark.parametrize("tags, text, wanted, unwanted", NAMES_WHOLE)
def test_names_are_kept_whole(tags, text, wanted, unwanted):
    got = names_of(tags, text)
    for kind, surface in wanted:
        assert (kind, surface) in [(k, t) for k, t, _n in got]
    for surface in unwanted:
        assert surface not in [t for _k, t, _n in got if _k == "PERS"]


def test_a_name_takes_one_type_in_a_document():
    text = "هاجم داعش المدينة. وقال إن داعش انسحب. ثم عاد داعش."
    model = FixedTagger({})
    model.tag = lambda toks, n=iter(["B-LOC", "B-ORG", "B-ORG"]): ["O" if t != "داعش" else next(n) for t in toks]
    kinds = [e.type for e in Recognizer(model, shipped=False).find(text) if e.text == "داعش"]
    assert kinds == ["ORG", "ORG", "ORG"]


def test_what_is_left_of_a_person_after_ala_takes_the_others_type():
    text = "الحرب على داعش. وهاجم داعش المدينة."
    model = FixedTagger({})
    model.tag = lambda toks: ["B-PERS" if t == "على" else "I-PERS" if t == "داعش" and "على" in toks
                              else "B-ORG" if t == "داعش" else "O" for t in toks]
    assert [(e.type, e.text) for e in Recognizer(model, shipped=False).find(text)] == [("ORG", "داعش"), ("ORG", "داعش")]


def test_a_surname_alone_is_linked_to_the_full_name():
    text = "قال دونالد ترامب إن الاتفاق انتهى. وأضاف ترامب أن الرد سيأتي."
    got = names_of({"دونالد": "B-PERS", "ترامب": "I-PERS"}, text)
    assert ("PERS", "ترامب", "دونالد ترامب") in got
    groups = group_entities(Recognizer(FixedTagger({"دونالد": "B-PERS", "ترامب": "I-PERS"}), shipped=False).find(text))
    assert [(g.name, len(g.mentions)) for g in groups["PERS"]] == [("دونالد ترامب", 2)]


def test_a_surname_two_people_share_is_linked_to_neither():
    text = "التقى علي صالح وأحمد صالح. وقال صالح إن الأمر انتهى."
    tags = {"علي": "B-PERS", "وأحمد": "B-PERS", "صالح": "I-PERS"}
    model = FixedTagger(tags)
    model.tag = lambda toks: ["B-PERS" if t == "صالح" and i and toks[i - 1] == "وقال" else tags.get(t, "O")
                              for i, t in enumerate(toks)]
    alone = [e for e in Recognizer(model, shipped=False).find(text) if e.text == "صالح"]
    assert alone and alone[0].name == "صالح"


# --- spans: clitics, offsets ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("عاد الوفد من بغداد وسوريا أمس.", ("LOC", "سوريا")),
        ("قال مسؤول عسكري إن القوات دخلت بالعراق مرة أخرى.", ("LOC", "العراق")),
        ("عقد مؤتمر صحفي في لبنان أمس.", ("LOC", "لبنان")),  # ل is the name's own letter
    ],
)
def test_proclitics_stay_outside_the_span(text, expected):
    assert expected in found(text)


def test_lam_article_span_and_name():
    text = "وجه الأمين العام رسالة للأمم المتحدة أمس."
    ents = [e for e in find_entities(text) if e.type == "ORG"]
    assert len(ents) == 1
    e = ents[0]
    assert text[e.start : e.end] == "لأمم المتحدة"  # the first ل is the clitic
    assert e.name == "الأمم المتحدة"


def test_offsets_are_into_the_text_as_written():
    text = "قال الرئيسُ الأمريكى دونالد ترامـــب إن قوات التحالف\u00a0دخلت الموصل في ١٥ يناير ٢٠١٧."
    ents = find_entities(text)
    assert all(text[e.start : e.end] == e.text for e in ents)
    assert ("PERS", "دونالد ترامـــب") in [(e.type, e.text) for e in ents]
    assert ("DATE", "١٥ يناير ٢٠١٧") in [(e.type, e.text) for e in ents]


def test_entities_never_overlap_and_are_sorted():
    for p in SEEDS.glob("*.txt"):
        ents = find_entities(p.read_text("utf-8"))
        assert all(a.end <= b.start for a, b in zip(ents, ents[1:])), p.name


def _marked(text: str, *marks: tuple[str, str, int]) -> list[Entity]:
    """Entities at the n-th occurrence of each (type, text, n)."""
    out = []
    for kind, name, n in marks:
        at = -1
        for _ in range(n):
            at = text.index(name, at + 1)
        out.append(Entity(at, at + len(name), kind, name, name))
    return sorted(out)


def test_a_name_keeps_its_own_lam():
    # ل + لبنان: the clitic is cut, and nothing is put back.
    text = "وجه الرئيس رسالة للبنان ولسوريا أمس."
    names = {e.text: e.name for e in find_entities(text)}
    assert names.get("لبنان") == "لبنان"


def test_grouping_counts_mentions_of_one_name():
    text = "قال ترامب إن ترامپ سيزور سوريا وإن ترامب يحب سوريا والعراق."
    ents = _marked(text, ("PERS", "ترامب", 1), ("PERS", "ترامب", 2), ("LOC", "سوريا", 1), ("LOC", "سوريا", 2), ("LOC", "العراق", 1))
    groups = group_entities(ents)
    assert list(groups) == ["PERS", "LOC"]
    assert [(g.name, len(g.mentions)) for g in groups["PERS"]] == [("ترامب", 2)]
    assert [(g.name, len(g.mentions)) for g in groups["LOC"]] == [("سوريا", 2), ("العراق", 1)]


def test_grouping_folds_spelling_and_names_by_the_commonest_form():
    text = "الأمم المتحدة، ثم الامم المتحدة، ثم الأمم المتحدة."
    ents = _marked(text, ("ORG", "الأمم المتحدة", 1), ("ORG", "الامم المتحدة", 1), ("ORG", "الأمم المتحدة", 2))
    [group] = group_entities(ents)["ORG"]
    assert (group.name, len(group.mentions)) == ("الأمم المتحدة", 3)


def test_stored_entities_drop_what_does_not_fit():
    text = "سوريا ولأمم"
    got = stored_entities(text, [(0, 5, "LOC"), (7, 11, "ORG", "الأمم"), (3, 99, "LOC"), ("a", 2, "LOC"), (0, 2, "BAD"), None, (0, 5, "LOC", 7)])
    assert got == [Entity(0, 5, "LOC", "سوريا", "سوريا"), Entity(7, 11, "ORG", "لأمم", "الأمم"), Entity(0, 5, "LOC", "سوريا", "سوريا")]


# --- the user's gazetteer ---------------------------------------------------------------------


def test_gazetteer_adds_overrides_and_suppresses(tmp_path):
    path = tmp_path / "entities.tsv"
    g = Gazetteer(path)
    g.add("حمدان الكبير", "person")
    g.add("سوريا", "ORG")  # override the model's LOC
    g.add("عمان", "NONE")
    g.save()
    r = Recognizer(tagger(), Gazetteer(path))
    text = "التقى حمدان الكبير بوفد من سوريا في عمان، ثم عاد لسوريا."
    got = [(e.type, e.text) for e in r.find(text)]
    assert ("PERS", "حمدان الكبير") in got
    assert got.count(("ORG", "سوريا")) == 2  # also with its proclitic ل outside
    assert not any(t == "عمان" for _k, t in got)


def test_gazetteer_matches_spelling_variants(tmp_path):
    g = Gazetteer(tmp_path / "e.tsv")
    g.add("أبو محمد العدناني", "PERS")
    r = Recognizer(tagger(), g)
    assert ("PERS", "ابو محمد العدنانى") in [(e.type, e.text) for e in r.find("قتل ابو محمد العدنانى في غارة.")]


def test_gazetteer_rm_and_file_round_trip(tmp_path):
    path = tmp_path / "e.tsv"
    g = Gazetteer(path)
    g.add("داعش", "ORG")
    g.add("الرقة", "LOC")
    g.save()
    g2 = Gazetteer(path)
    assert g2.entries == {"داعش": "ORG", "الرقة": "LOC"}
    assert g2.remove("دَاعِش")  # removed whatever its spelling
    assert not g2.remove("داعش")
    g2.save()
    assert Gazetteer(path).entries == {"الرقة": "LOC"}


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        ("داعش\tBANANA\n".encode(), "unknown entity type"),
        ("داعش ORG\n".encode(), "expected `text<TAB>type`"),
    ],
)
def test_bad_gazetteer_is_one_clear_error(tmp_path, content, message):
    path = tmp_path / "e.tsv"
    path.write_bytes(content)
    with pytest.raises(GazetteerError, match=message):
        Gazetteer(path)


def _library(folder) -> Library:
    lib = Library(make_roots([folder]))
    lib.update()
    lib.find_entities()
    return lib


def ids(lib, query: str) -> set[str]:
    return {h.id for h in lib.search(query, limit=50).hits}


@pytest.fixture
def counted(monkeypatch):
    """How many texts the model reads and the lists re-tag, pass by pass."""
    from reader.entities.recognizer import Recognizer

    calls = {"model": 0, "lists": 0}
    bases, overlay = Recognizer.bases, Recognizer.overlay

    def counting_bases(self, texts):
        calls["model"] += len(texts)
        return bases(self, texts)

    def counting_overlay(self, text, spans, *rest):
        calls["lists"] += 1
        return overlay(self, text, spans, *rest)

    monkeypatch.setattr(Recognizer, "bases", counting_bases)
    monkeypatch.setattr(Recognizer, "overlay", counting_overlay)
    return calls


def test_an_entity_list_edit_retags_only_the_documents_with_the_name(seeds, home, counted):
    lib = _library(seeds)
    assert counted == {"model": 5, "lists": 5}
    assert ids(lib, "person:الباغوز") == set()
    g = Gazetteer()
    g.add("الباغوز", "PERS")
    g.save()
    assert ids(lib, "person:الباغوز") == set()  # searches go on with the old entities
    counted.update(model=0, lists=0)
    report = lib.find_entities()
    holding = {"001_4842e351d2c85202.txt", "003_135ca1c0598dfef5.txt", "004_6a18982ae2c37ec8.txt"}
    assert ids(lib, "الباغوز") == holding  # the documents that hold the name
    assert counted == {"model": 0, "lists": 3} and (report.recognized, report.retagged) == (0, 3)
    assert ids(lib, "person:الباغوز") == holding
    assert lib.find_entities().retagged == 0  # once only
    g.remove("الباغوز")
    g.save()
    assert lib.find_entities().retagged == 3
    assert ids(lib, "person:الباغوز") == set()


def test_an_analysis_change_rebuilds_the_text_but_never_rereads_it_for_entities(seeds, counted, monkeypatch):
    from reader.index.engine import names, store
    from reader.index.language import arabic

    lib = _library(seeds)
    assert counted["model"] == 5
    counted.update(model=0, lists=0)
    monkeypatch.setattr(store, "ANALYSIS_VERSION", store.ANALYSIS_VERSION + 1)
    monkeypatch.setattr(names, "ANALYSIS_VERSION", arabic.ANALYSIS_VERSION + 1)
    assert "another version" in lib.update().rebuilt_because
    report = lib.find_entities()
    assert "analysis" in report.rebuilt_because and report.written == 5
    assert counted == {"model": 0, "lists": 0}  # every text's entities were kept by its hash
    assert ids(lib, "place:الموصل") == {"002_248ac03b830f8f86.txt"}


def test_a_changed_document_is_read_again_and_only_it(seeds, counted):
    lib = _library(seeds)
    counted.update(model=0, lists=0)
    doc = seeds / "000_4988a48e5e8b9510.txt"
    doc.write_text(doc.read_text("utf-8") + "\nوزار الرئيس ماكرون مدينة حلب.\n", "utf-8")
    (seeds / "copy.txt").write_text((seeds / "002_248ac03b830f8f86.txt").read_text("utf-8"), "utf-8")
    lib.update()
    report = lib.find_entities()
    assert counted["model"] == 1 and report.written == 2  # the copy's text was seen already
    assert "000_4988a48e5e8b9510.txt" in ids(lib, "place:حلب")
    assert "copy.txt" in ids(lib, "place:الموصل")


def test_a_search_by_entity_type_says_when_entities_are_not_all_found(seeds):
    lib = Library(make_roots([seeds]))
    lib.update()
    r = lib.search("place:الموصل")
    assert r.total == 0 and "0 of 5" in r.notice and "may miss" in r.notice
    assert lib.search("الموصل").notice == ""  # plain words are all there
    lib.find_entities()
    assert lib.search("place:الموصل").notice == ""
    (seeds / "new.txt").write_text("خبر\n\nوصلت القوات إلى الموصل.", "utf-8")
    lib.update()
    assert "5 of 6" in lib.search("place:الموصل").notice


def test_a_first_search_finds_the_entities_in_the_background(seeds):
    r = run_reader("search", "الموصل", "--corpus", str(seeds), env={"READER_BACKGROUND": "1"})
    assert r.returncode == 0 and "5 documents indexed" in r.stderr

    def searched_with_every_entity():  # the shell has its prompt back; a process of its own goes on
        r = run_reader("search", "place:الموصل", "--corpus", str(seeds))
        return r if "may miss" not in r.stderr else None

    r = wait_for(searched_with_every_entity, timeout=120, interval=0.1,
                 what="a search by entity type with the background pass's entities all found")
    assert r.returncode == 0 and "002_248ac03b830f8f86.txt" in r.stdout


def test_the_cli_says_so_in_one_line(seeds):
    r = run_reader("index", "--corpus", str(seeds))
    assert r.returncode == 0 and "entities of 5 documents" in r.stderr
    r = run_reader("search", "place:الموصل", "--corpus", str(seeds))
    assert r.returncode == 0 and "may miss" not in r.stderr


# --- in the index: searching by type ------------------------------------------------------------


@pytest.fixture
def hamas(tmp_path):
    corpus = tmp_path / "c"
    write(corpus / "group.txt", "بيان\n\nقالت حركة حماس في بيان إن الهدنة انتهت.")
    write(corpus / "football.txt", "مباراة\n\nاستقبل الجمهور الفريق بحماس كبير في الملعب.")
    write(corpus / "mosul.txt", "الموصل\n\nقال مسؤولون إن القوات العراقية استعادت مدينة الموصل من التنظيم.")
    return _library(corpus)


def test_entity_field_finds_the_name_not_the_word(hamas):
    assert ids(hamas, "حماس") == {"group.txt", "football.txt"}
    assert ids(hamas, "org:حماس") == {"group.txt"}
    assert ids(hamas, "place:الموصل") == {"mosul.txt"}
    assert ids(hamas, "person:الموصل") == set()


def test_entity_field_uses_the_arabic_analysis(hamas):
    # Another spelling, a clitic, harakat: the same analysis as plain words.
    assert ids(hamas, "place:بالمَوْصل") == {"mosul.txt"}
    assert ids(hamas, "org:حما*") == {"group.txt"}
    assert ids(hamas, "place:الموصل OR org:حماس") == {"mosul.txt", "group.txt"}
    assert ids(hamas, "حماس -org:حماس") == {"football.txt"}


def test_entity_phrase_and_date_fields(seeds):
    lib = _library(seeds)
    assert ids(lib, 'org:"الأمم المتحدة"') >= {"001_4842e351d2c85202.txt", "004_6a18982ae2c37ec8.txt"}
    # date:2019 is the publication date now; quoted, a year is a date the text names
    assert ids(lib, 'date:"2019"') == {"003_135ca1c0598dfef5.txt"}
    assert ids(lib, "date:آذار") == {"003_135ca1c0598dfef5.txt"}


@pytest.mark.parametrize("query", ["place:", "place: الموصل", "person:"])
def test_a_field_with_nothing_after_it_is_one_line(seeds, query):
    r = run_reader("search", query, "--corpus", str(seeds))
    assert r.returncode == 2 and "needs its word right after the colon" in r.stderr and r.stderr.count("\n") == 1


def test_unknown_field_lists_the_entity_fields(seeds):
    r = run_reader("search", "people:ترامب", "--corpus", str(seeds))
    assert r.returncode == 2
    assert "person:" in r.stderr and "place:" in r.stderr and len(r.stderr.strip().splitlines()) == 1


# --- the CLI ----------------------------------------------------------------------------------


def test_entities_json_has_offsets_into_the_text(seeds):
    r = run_reader("entities", "001_4842e351d2c85202.txt", "--json", "--corpus", str(seeds))
    assert r.returncode == 0, r.stderr
    ents = json.loads(r.stdout)
    text = (seeds / "001_4842e351d2c85202.txt").read_text("utf-8")
    assert ents and all(text[e["start"] : e["end"]] == e["text"] for e in ents)
    assert {"text", "type", "start", "end"} <= set(ents[0])
    assert {"type": "PERS", "text": "غوتيريش"}.items() <= next(e for e in ents if e["text"] == "غوتيريش").items()


def test_entities_of_a_file_path_match_the_stored_ones(seeds):
    by_id = run_reader("entities", "003_135ca1c0598dfef5.txt", "--json", "--corpus", str(seeds))
    by_path = run_reader("entities", str(seeds / "003_135ca1c0598dfef5.txt"), "--json", "--corpus", str(seeds))
    assert by_id.returncode == by_path.returncode == 0
    assert json.loads(by_id.stdout) == json.loads(by_path.stdout)


def test_entities_plain_output_groups_with_counts(seeds):
    r = run_reader("entities", "003_135ca1c0598dfef5.txt", "--shape", "never", "--corpus", str(seeds))
    assert r.returncode == 0, r.stderr
    text = (seeds / "003_135ca1c0598dfef5.txt").read_text("utf-8")
    daesh = text.count("داعش")
    assert f"{daesh:4d}  داعش" in r.stdout
    assert "ORG organisations:" in r.stdout and "DATE dates:" in r.stdout
    assert r.stdout.index("LOC places") < r.stdout.index("ORG organisations") < r.stdout.index("DATE dates")


def test_entities_add_rm_list_from_the_cli(seeds, home):
    assert run_reader("entities", "add", "حمدان", "الكبير", "PERS").returncode == 0
    listed = run_reader("entities", "list", "--json")
    assert json.loads(listed.stdout) == [{"text": "حمدان الكبير", "type": "PERS"}]
    bad = run_reader("entities", "add", "حمدان", "PERSONNE")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "unknown entity type" in bad.stderr
    assert run_reader("entities", "rm", "حمدان الكبير").returncode == 0
    assert run_reader("entities", "rm", "حمدان الكبير").returncode == 1
    assert json.loads(run_reader("entities", "list", "--json").stdout) == []


def test_entities_of_a_missing_document_is_one_line(seeds):
    assert run_reader("index", "--corpus", str(seeds)).returncode == 0
    r = run_reader("entities", "nope.txt", "--corpus", str(seeds))
    assert r.returncode == 2 and "no document 'nope.txt'" in r.stderr and r.stderr.count("\n") == 1


# --- CoNLL tagging and scoring --------------------------------------------------------------------

CONLL = "قال O\nالرئيس O\nدونالد B-PERS\nترامب I-PERS\nفي O\nواشنطن B-LOC\n. O\n\nزار O\nالعراق B-LOC\n\n"


def test_tag_writes_the_same_tokens_with_bio_tags(tmp_path):
    path = write(tmp_path / "gold.conll", CONLL)
    r = run_reader("entities", "tag", str(path))
    assert r.returncode == 0, r.stderr
    sents = [s.splitlines() for s in r.stdout.strip("\n").split("\n\n")]
    gold = [s.splitlines() for s in CONLL.strip("\n").split("\n\n")]
    assert [[line.split(" ")[0] for line in s] for s in sents] == [[line.split(" ")[0] for line in s] for s in gold]
    tags = [line.split(" ")[1] for s in sents for line in s]
    assert all(t == "O" or t[:2] in ("B-", "I-") for t in tags)
    assert "B-PERS" in tags and "B-LOC" in tags


def test_tag_reads_stdin_and_bare_tokens(tmp_path):
    r = subprocess.run([READER, "entities", "tag", "-"], input="زار\nالعراق\n", capture_output=True, text=True, env={})
    assert r.returncode == 0, r.stderr
    assert r.stdout == "زار O\nالعراق B-LOC\n\n"


@pytest.mark.parametrize("content, message", [(b"\x00\x01\x02", "binary"), (b"\xff\xfe\xfa x", "not UTF-8")])
def test_tag_bad_file_is_one_line(tmp_path, content, message):
    path = tmp_path / "bad.conll"
    path.write_bytes(content)
    r = run_reader("entities", "tag", str(path))
    assert r.returncode == 2 and message in r.stderr and r.stderr.count("\n") == 1


def test_bio_spans_conll_style():
    assert spans(["B-PERS", "I-PERS", "O", "I-LOC", "I-LOC", "B-LOC", "I-ORG"]) == {
        (0, 2, "PERS"),
        (3, 5, "LOC"),  # an I- without a B- starts an entity
        (5, 6, "LOC"),
        (6, 7, "ORG"),
    }


def test_score_script_counts_exact_span_and_type(tmp_path):
    gold = write(tmp_path / "g.conll", "أ B-PERS\nب I-PERS\nج O\nد B-LOC\n\nه B-ORG\n\n")
    pred = write(tmp_path / "p.conll", "أ B-PERS\nب O\nج O\nد B-LOC\n\nه B-LOC\n\n")
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "ner_score.py"), str(gold), "--pred", str(pred)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    rows = {line.split()[0]: line.split()[1:] for line in r.stdout.splitlines()[1:]}
    # gold: PERS(0-2) LOC(3) ORG(4); predicted: PERS(0-1) wrong span, LOC(3) right, LOC(4) wrong type.
    assert rows["ALL"] == ["33.3", "33.3", "33.3", "3"]
    assert rows["LOC"] == ["50.0", "100.0", "66.7", "1"]
    assert rows["PERS"][:3] == ["0.0", "0.0", "0.0"]


# --- the shipped model ----------------------------------------------------------------------------


def test_model_files_are_small_and_licensed():
    assert MODEL.stat().st_size < 20_000_000
    assert Gazetteer(MODEL.parent / "names.tsv").entries  # the shipped names parse
    assert CLUSTERS.stat().st_size < 5_000_000
    licence = (MODEL.parent / "LICENSE.md").read_text("utf-8")
    assert "CC BY-SA 4.0" in licence and "Benajiba" in licence and "Obeid" in licence
    assert "scripts/ner_train.py" in (MODEL.parent / "README.md").read_text("utf-8")


# --- the decoder: crfsuite's answers, faster ---------------------------------------------------------


def _seed_sentences() -> list[list[str]]:
    from reader.entities.features import tokens_of
    from reader.entities.recognizer import _sentences

    out = []
    for p in sorted(SEEDS.glob("*.txt")):
        text = p.read_text("utf-8")
        out += [[t for _s, _e, t in sent] for sent in _sentences(text, list(tokens_of(text)))]
    # a listed place after a proclitic, a "|" token (pair features split on |), a one-word sentence
    return out + [["وصل", "الوفد", "بالموصل", "ثم", "دير", "الزور", "|", "غدا", "."], ["سوريا"]]


def test_viterbi_finds_the_best_tags_of_sentences_of_any_length_decoded_side_by_side():
    import itertools

    import numpy as np

    from reader.entities.crf import viterbi

    rng = np.random.default_rng(7)
    transitions = rng.normal(size=(3, 3))
    lengths = [1, 4, 2, 5, 3, 4]
    scores = rng.normal(size=(sum(lengths), 3))
    got = viterbi(scores, lengths, transitions).tolist()
    at = 0
    for n in lengths:
        s = scores[at : at + n]

        def total(tags):
            return sum(s[i, t] for i, t in enumerate(tags)) + sum(transitions[a, b] for a, b in zip(tags, tags[1:]))

        assert got[at : at + n] == list(max(itertools.product(range(3), repeat=n), key=total))
        at += n


def test_emissions_are_the_weights_of_the_features_the_model_was_trained_on(monkeypatch):
    import numpy as np

    import reader.entities.emissions as emissions

    tg = Tagger()
    index, state = tg.weights.index, tg.weights.state
    sentences = _seed_sentences()
    features = [tg.features.sentence(s) for s in sentences]
    expected = np.array([sum((state[index[f]] for f in fs if f in index), np.zeros(state.shape[1]))
                         for sent in features for fs in sent])
    # the test reaches what it means to: listed places and known pairs both occur
    assert any("gz=B" in fs for sent in features for fs in sent)
    assert any(f.startswith(("bi=", "bic=", "bi+=")) and f in index for sent in features for fs in sent for f in fs)
    # the tagger's own: its features and weights, summed by an Emissions
    assert np.allclose(emissions.Emissions(tg.features, tg.weights).of(sentences), expected)
    # again with a word table that fills up and starts over in between
    monkeypatch.setattr(emissions, "_MAX_WORDS", 50)
    small = emissions.Emissions(tg.features, tg.weights)
    half = len(sentences) // 2
    got = np.concatenate([small.of(sentences[:half]), small.of(sentences[half:]), small.of(sentences[:half])])
    n = sum(len(s) for s in sentences[:half])
    assert np.allclose(got, np.concatenate([expected, expected[:n]]))


def test_the_tagger_decodes_as_crfsuite_does_a_model_crfsuite_trained(tmp_path):
    import pycrfsuite

    export = script("ner_train").export

    sentences = _seed_sentences()
    gold = Tagger().tag_all(sentences)
    feats = Tagger().features
    trainer = pycrfsuite.Trainer(verbose=False)
    for sent, tags in zip(sentences, gold):
        trainer.append(feats.sentence(sent), tags)
    trainer.set_params({"c1": 0.01, "c2": 0.01, "max_iterations": 40, "feature.possible_transitions": True})
    trainer.train(str(tmp_path / "m.crfsuite"))
    export(tmp_path / "m.crfsuite", tmp_path / "m.npz")
    crf = pycrfsuite.Tagger()
    crf.open(str(tmp_path / "m.crfsuite"))
    ours = Tagger(tmp_path / "m.npz")
    other = [["قال", "الرئيس", "إيمانويل", "ماكرون", "في", "باريس", "إن", "فرنسا", "ستعمل", "."]]
    for sents in (sentences, other):
        assert ours.tag_all(sents) == [crf.tag(feats.sentence(s)) for s in sents]
    assert len({t for tags in ours.tag_all(sentences) for t in tags}) > 3  # it tags more than O


def test_model_tags_a_sentence_it_never_saw():
    tags = Tagger().tag("وقال وزير الخارجية الأمريكي مايك بومبيو في بغداد".split())
    assert tags[-1] == "B-LOC"
    assert tags[4:6] == ["B-PERS", "I-PERS"]


def test_bad_gazetteer_stops_the_entity_pass_in_one_line_and_loses_nothing(seeds, home):
    assert run_reader("index", "--corpus", str(seeds)).returncode == 0
    path = home / "config" / "reader" / "entities.tsv"
    write(path, "داعش\tBANANA\n")
    (seeds / "new.txt").write_text("خبر\n\nكلمةجديدة عن داعش.", "utf-8")
    r = run_reader("index", "--corpus", str(seeds))
    # The text is indexed all the same; the entities wait for the fix.
    assert r.returncode == 2 and "1 new" in r.stderr
    errors = [line for line in r.stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and "unknown entity type 'BANANA'" in errors[0]
    assert "new.txt" in run_reader("search", "كلمةجديدة", "--corpus", str(seeds)).stdout
    assert path.read_text("utf-8") == "داعش\tBANANA\n"  # left for the user to fix
    s = run_reader("search", "داعش", "--corpus", str(seeds))  # searching goes on
    assert s.returncode == 0, s.stderr


def test_entity_output_cannot_drive_the_terminal(tmp_path):
    body = (SEEDS / "001_4842e351d2c85202.txt").read_text("utf-8")  # enough text not to read as binary
    path = write(tmp_path / "evil.txt", f"عنوان\n\nقال الرئيس دونالد ترامب\x1b[2J\x1b]0;x\x07 في واشنطن\u202e اليوم.\n{body}")
    for args in ([], ["--json"]):
        r = run_reader("entities", str(path), "--shape", "always", *args)
        assert r.returncode == 0, r.stderr
        assert "\x1b" not in r.stdout and "\x07" not in r.stdout and "\u202e" not in r.stdout
    conll = write(tmp_path / "evil.conll", "ترامب\x1b[31m O\n")
    r = run_reader("entities", "tag", str(conll))
    assert r.returncode == 0 and "\x1b" not in r.stdout


def test_places_are_found_by_longest_match_with_a_proclitic_on_the_first_word(tmp_path):
    from reader.entities.features import Featurizer, Places, tokens_of

    path = tmp_path / "places.tsv"
    path.write_text("# test\nدير الزور\tcity\nالموصل\tcity\nالمملكة العربية السعودية\tcountry\nالمملكة\tcity\n", "utf-8")
    places = Places(path)
    feats = Featurizer(tagger().clusters, places)
    text = "وصل الوفد بالموصل ثم ودير الزور قادما من المملكة العربية السعودية"
    words = [feats.values(t) for _s, _e, t in tokens_of(text)]  # (values by name, readings as a first word)
    tags = places.tags([firsts for _f, firsts in words], [f["n"] for f, _firsts in words])
    assert tags == ["O", "O", "B", "O", "B", "I", "O", "O", "B", "I", "I"]
    assert "gz=B" in feats.sentence([t for _s, _e, t in tokens_of(text)])[2]


def test_the_shipped_place_list_holds_cities_countries_and_no_common_words():
    from reader.entities.features import PLACES

    names = {line.split("\t")[0] for line in PLACES.read_text("utf-8").splitlines() if "\t" in line}
    assert {"حمص", "كركوك", "بنغازي", "مارسيليا", "الموصل", "فرنسا"} <= names
    assert not {"كان", "بيان", "دور", "الخميس"} & names


def test_cross_validation_folds_cover_every_sentence_once():
    folds = script("ner_cv").folds

    cuts = folds(list(range(3973)), 8)
    assert cuts[0][0] == 0 and cuts[-1][1] == 3973
    assert all(a[1] == b[0] for a, b in zip(cuts, cuts[1:]))


def test_the_place_list_keys_are_what_the_features_compute():
    # places.tsv carries each name's key so that loading it costs no
    # analysis; a change of the spelling folding must remake the file.
    from reader.entities.features import PLACES, name_key

    rows = [line.split("\t") for line in PLACES.read_text("utf-8").splitlines() if "\t" in line]
    assert rows and all(tuple(r[2].split(" ")) == name_key(r[0]) for r in rows)


# --- issue 16: who appears with whom ---------------------------------------------------------------


def _dated_news(tmp_path):
    import json as _json

    rows = [
        {"title": "لقاء", "date": "2019-03-02", "text": "التقى الرئيس دونالد ترامب في واشنطن رئيس وزراء اليابان شينزو آبي."},
        {"title": "تصريح", "date": "2019-04-10", "text": "قال ترامب في واشنطن إن الاتفاق مع الصين قريب."},
        {"title": "زيارة", "date": "2019-04-20", "text": "زار ترامب اليابان والتقى شينزو آبي في طوكيو."},
        {"title": "رياضة", "date": "2019-04-21", "text": "فاز فريق الهلال على النصر في الرياض."},
    ]
    path = tmp_path / "news" / "feed.jsonl"
    path.parent.mkdir(parents=True)
    path.write_text("\n".join(_json.dumps(r, ensure_ascii=False) for r in rows) + "\n", "utf-8")
    return path.parent


def test_the_names_found_with_a_name_are_counted_by_document_and_month(tmp_path):
    corpus = _dated_news(tmp_path)
    lib = _library(corpus)
    count, found, _notice = lib.companions("ترامب")
    assert count == 3
    names = {(c.type, c.name): c for c in found}
    assert ("PERS", "دونالد ترامب") not in names and ("PERS", "ترامب") not in names  # the name itself
    washington = names[("LOC", "واشنطن")]
    assert washington.documents == 2 and washington.months == {"2019-03": 1, "2019-04": 1}
    assert found[0].documents >= found[-1].documents
    assert not any(c.name == "الهلال" for c in found)  # not in a document that names ترامب


def test_a_name_is_counted_in_documents_as_its_search_counts_them(tmp_path):
    # Wire copies: the search folds them under one row but counts each
    # document; --with counts the same documents (issue 31).
    story = ("التقى الرئيس دونالد ترامب في واشنطن رئيس وزراء اليابان شينزو آبي وبحثا التجارة والأمن في آسيا "
             "واتفقا على لقاء جديد في طوكيو الشهر المقبل لبحث الاتفاق التجاري بين البلدين.")
    for i in range(3):
        write(tmp_path / "c" / f"copy{i}.txt", f"خبر {i}\n\n{story}")
    write(tmp_path / "c" / "other.txt", "خبر آخر\n\nقال ترامب في واشنطن إن الاتفاق مع الصين قريب.")
    lib = _library(tmp_path / "c")
    lib.find_copies()
    searched = lib.search("person:ترامب")
    assert searched.folded == 2 and len(searched.hits) == 2  # the copies folded: two rows
    count, found, _notice = lib.companions("ترامب")
    assert count == searched.total + searched.folded == 4  # "4 documents match, 2 of them copies"
    assert {c.name: c.documents for c in found}["واشنطن"] == 4


def test_reader_entities_with_a_name_lists_its_companions(tmp_path):
    corpus = _dated_news(tmp_path)
    early = run_reader("entities", "--with", "ترامب", "--corpus", str(corpus))  # entities not found yet: it says so
    assert early.returncode == 1 and "entities are not all found yet" in early.stderr
    assert run_reader("index", "--corpus", str(corpus)).returncode == 0
    r = run_reader("entities", "--with", "ترامب", "--corpus", str(corpus), "--shape", "never")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("3 documents name ترامب")
    assert "واشنطن  2019-03 … 2019-04" in r.stdout
    data = json.loads(run_reader("entities", "with", "ترامب", "--corpus", str(corpus), "--json").stdout)
    assert data["documents"] == 3 and {"type": "LOC", "name": "واشنطن", "documents": 2,
                                       "months": {"2019-03": 1, "2019-04": 1}} in data["names"]
    none = run_reader("entities", "--with", "غائبتماما", "--corpus", str(corpus))
    assert none.returncode == 1 and "no document names غائبتماما" in none.stderr
    one = run_reader("entities", "--with", "الصين", "--corpus", str(corpus), "--shape", "never")
    assert one.stdout.startswith("1 document names الصين")
    quotes = run_reader("entities", "--with", '"', "--corpus", str(corpus))  # nothing left of the name
    assert quotes.returncode == 2 and quotes.stderr.strip() == "reader: error: give a name: reader entities --with NAME"


# --- a name typed without quotes ------------------------------------------------------------------


@pytest.fixture
def saleh(tmp_path):
    corpus = tmp_path / "c"
    # Short, the three words many times over, none of them side by side:
    # by the words alone this ranks first.
    write(corpus / "scattered.txt", "صالح وعلي\n\nقال صالح إن عبدالله سافر مع علي. صالح وعلي أصدقاء، وعبدالله معهما.")
    write(corpus / "named1.txt", "اليمن\n\nقال الرئيس اليمني السابق علي عبدالله صالح في خطاب متلفز إن الحرب ستطول، وأضاف"
          " أن قواته ستقاتل في كل المحافظات وأن الحوار مع الحكومة متوقف منذ أشهر طويلة.")
    write(corpus / "named2.txt", "صنعاء\n\nاتهمت الحكومة اليمنية الرئيس المخلوع علي عبدالله صالح بدعم الحوثيين بالسلاح"
          " والمال، وقالت إن أنصاره يسيطرون على معسكرات في العاصمة صنعاء منذ العام الماضي.")
    return corpus


def order(lib, query: str) -> list[str]:
    return [h.id for h in lib.search(query, limit=10).hits]


def test_a_run_of_words_the_name_index_knows_ranks_first(saleh):
    lib = Library(make_roots([saleh]))
    lib.update()
    assert order(lib, "علي عبدالله صالح")[0] == "scattered.txt"  # no names found yet: the words alone
    lib.find_entities()
    assert order(lib, "علي عبدالله صالح")[2] == "scattered.txt"  # the name as written, first
    assert order(lib, "علي عبدالله صالح اليمن") == ["named1.txt"]  # the other words still ANDed
    assert set(order(lib, "صالح علي")) == {"scattered.txt", "named1.txt", "named2.txt"}  # no such name: as before


def test_a_name_phrase_never_spans_two_names(tmp_path):
    from reader.index.compiler import name_plan
    from reader.index.engine.names import NameIndex

    names = NameIndex(tmp_path / "names")
    w = names.writer()
    w.add("three.txt", "h1", {"person": ["علي", "عبدالله", "صالح"]})  # three people, side by side in the field
    w.commit()
    plan = name_plan("علي عبدالله صالح")
    with names.known(1) as known:
        assert not known(plan)
    w = names.writer()
    w.add("one.txt", "h2", {"person": ["علي عبدالله صالح"]})
    w.commit()
    with names.known(1) as known:
        assert known(plan) and known(name_plan("عبدالله صالح"))
    with names.known(2) as known:
        assert not known(plan)  # one document names him


def test_pages_of_a_name_ranked_first_agree_with_one_long_page(tmp_path, monkeypatch):
    # The name's articles are looked for best first, a few at a time, until a
    # page is filled: page k must still be rows (k-1)*L+1 .. k*L of one list.
    from reader.index.engine import ranking

    corpus = tmp_path / "c"
    for i in range(12):
        filler = " ".join(["وأضاف أن الحوار متوقف."] * (i % 4))
        write(corpus / f"named{i:02}.txt", f"اليمن {i}\n\nقال الرئيس اليمني السابق علي عبدالله صالح في خطاب إن الحرب ستطول. {filler}")
        write(corpus / f"scattered{i:02}.txt", f"صالح {i}\n\nقال صالح إن عبدالله سافر مع علي. صالح وعلي أصدقاء. {filler}")
    lib = _library(corpus)
    monkeypatch.setattr(ranking, "_SOME", 2)
    whole = order(lib, "علي عبدالله صالح") + [h.id for h in lib.search("علي عبدالله صالح", limit=10, page=2).hits] \
        + [h.id for h in lib.search("علي عبدالله صالح", limit=10, page=3).hits]
    long = [h.id for h in lib.search("علي عبدالله صالح", limit=30).hits]
    assert whole == long and len(long) == 24
    assert all(d.startswith("named") for d in long[:12])
    paged = [h.id for p in range(1, 7) for h in lib.search("علي عبدالله صالح", limit=4, page=p).hits]
    assert paged == long


# --- issue 31: names an analyst expects ------------------------------------------------------------


def test_god_in_set_phrases_is_no_name_but_names_holding_it_are():
    from reader.entities.recognizer import find_entities

    found = find_entities("وقال الوزير إن شاء الله ستنتهي الأزمة، وصلى الله عليه وسلم. والحمد لله. "
                          "وقال الملك عبد الله الثاني إن حزب الله يهدد لبنان.")
    names = {(e.type, e.name) for e in found}
    assert not any(e.name in ("الله", "لله") for e in found)
    assert ("ORG", "حزب الله") in names and any(e.type == "PERS" and "عبد الله" in e.name for e in found)


def test_an_initialism_written_with_dots_is_one_name():
    from reader.entities.recognizer import find_entities

    orgs = [e.text for e in find_entities("وقالت شبكة ام.اس.ان.بي.سي الأمريكية إن الاتفاق قريب.") if e.type == "ORG"]
    assert len(orgs) == 1 and orgs[0].endswith("ام.اس.ان.بي.سي")
    # a dot between sentences still ends one; a number keeps its point
    found = find_entities("بلغت النسبة 3.5 في المئة. ثم عادت")
    assert [e.text[:3] for e in found] == ["3.5"] and "." not in found[0].text[3:]


@pytest.mark.parametrize("text, name", [
    ("استهدف الحوثيين مواقع في عدن", "الحوثيين"),
    ("وقالت جماعة الحوثي في بيان", "جماعة الحوثي"),
    ("وأعلن الحوثيون سيطرتهم", "الحوثيون"),
    ("صنفت الحكومة جماعة الإخوان المسلمين منظمة إرهابية", "جماعة الإخوان المسلمين"),
    ("وقال إن للإخوان صلة بالهجوم", "الإخوان"),
])
def test_groups_named_by_their_followers_are_organisations(text, name):
    from reader.entities.recognizer import find_entities

    assert ("ORG", name) in {(e.type, e.name) for e in find_entities(text)}


def test_one_name_whatever_its_particles_and_hamza_seats():
    from reader.entities.features import name_id
    from reader.entities.grouping import group_entities
    from reader.entities.types import Entity

    assert name_id("عبدالله صالح") == name_id("عبد الله صالح") != name_id("علي عبد الله صالح")
    assert name_id("أبو ظبي") == name_id("ابوظبي") and name_id("فيس بوك") == name_id("فيسبوك")
    assert name_id("مؤسسة النقد") == name_id("موسسة النقد")
    mentions = [Entity(0, 12, "PERS", "عبدالله صالح", "عبدالله صالح"),
                Entity(20, 33, "PERS", "عبد الله صالح", "عبد الله صالح"),
                Entity(40, 53, "PERS", "عبد الله صالح", "عبد الله صالح")]
    groups = group_entities(mentions)["PERS"]
    assert len(groups) == 1 and groups[0].name == "عبد الله صالح" and len(groups[0].mentions) == 3


def test_reader_entities_export_every_mention_as_csv_and_json_lines(tmp_path):
    import csv as _csv
    import io

    corpus = _dated_news(tmp_path)
    env = {"READER_BACKGROUND": "0"}
    assert run_reader("index", "--corpus", str(corpus), env=env).returncode == 0
    r = run_reader("entities", "export", "--corpus", str(corpus), env=env)
    assert r.returncode == 0 and r.stdout.startswith("\ufeff"), r.stderr
    rows = list(_csv.DictReader(io.StringIO(r.stdout[1:])))
    assert {"id", "outlet", "date", "type", "start", "end", "text", "name", "key"} <= set(rows[0])
    shown = json.loads(run_reader("entities", "show", "--json", rows[0]["id"], "--corpus", str(corpus), env=env).stdout)
    mine = [(int(x["start"]), int(x["end"]), x["type"], x["text"]) for x in rows if x["id"] == rows[0]["id"]]
    assert mine == [(e["start"], e["end"], e["type"], e["text"]) for e in shown]  # the offsets of the text
    assert {x["date"] for x in rows} == {"2019-03-02", "2019-04-10", "2019-04-20", "2019-04-21"}
    trump = [x for x in rows if "ترامب" in x["text"]]
    assert trump and all(x["key"].endswith("ترامب") for x in trump)
    places = run_reader("entities", "export", "--type", "LOC", "--format", "jsonl", "--since", "2019-04",
                        "--corpus", str(corpus), env=env)
    got = [json.loads(line) for line in places.stdout.splitlines()]
    assert got and {g["type"] for g in got} == {"LOC"} and min(g["date"] for g in got) >= "2019-04-01"
    queried = run_reader("entities", "export", "--format", "jsonl", "الهلال", "--corpus", str(corpus), env=env)
    assert {json.loads(line)["date"] for line in queried.stdout.splitlines()} == {"2019-04-21"}
    out = tmp_path / "names.csv"
    written = run_reader("entities", "export", "--output", str(out), "--corpus", str(corpus), env=env)
    assert written.returncode == 0 and out.read_text("utf-8") == r.stdout and "written to" in written.stderr
    bad = run_reader("entities", "export", "--since", "2019-13", "--corpus", str(corpus), env=env)
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1 and "--since" in bad.stderr


def test_the_names_found_with_a_name_leave_out_the_agencies_or_what_the_user_lists(tmp_path):
    from reader.core.library import Library

    for i, city in enumerate(("واشنطن", "نيويورك", "واشنطن")):
        write(tmp_path / "c" / f"n{i}.txt", f"خبر {i}\n\nوقال ترامب لوكالة رويترز في {city} إن الاتفاق قريب.")
    shipped = Library(make_roots([tmp_path / "c"]), base=tmp_path / "i")
    shipped.update()
    shipped.find_entities()
    names = {c.name for c in shipped.companions("ترامب")[1]}
    assert "واشنطن" in names and "رويترز" not in names  # an agency's byline is found with everything
    mine = Library(make_roots([tmp_path / "c"]), base=tmp_path / "i", with_skip=("واشنطن",))
    names = {c.name for c in mine.companions("ترامب")[1]}
    assert "رويترز" in names and "واشنطن" not in names and "نيويورك" in names
    from reader import paths

    paths.config_file().parent.mkdir(parents=True, exist_ok=True)
    paths.config_file().write_text('with_skip = ["نيويورك"]\n', "utf-8")
    assert run_reader("index", "--corpus", str(tmp_path / "c"), env={"READER_BACKGROUND": "0"}).returncode == 0
    r = run_reader("entities", "--with", "ترامب", "--corpus", str(tmp_path / "c"), "--shape", "never",
                   env={"READER_BACKGROUND": "0"})
    assert "رويترز" in r.stdout and "نيويورك" not in r.stdout and "واشنطن" in r.stdout, r.stderr
    paths.config_file().write_text('with_skip = "نيويورك"\n', "utf-8")
    bad = run_reader("config")
    assert bad.returncode == 2 and "with_skip must be a list" in bad.stderr


def test_another_entity_model_is_a_folder_the_user_names(tmp_path, monkeypatch):
    import shutil

    from reader.entities.features import MODEL_DIR

    folder = tmp_path / "model"
    folder.mkdir()
    shutil.copy(MODEL_DIR / "ner.npz", folder / "ner.npz")
    (folder / "clusters.tsv").write_text("ترامب\t9\t1\t2\t3\n", "utf-8")
    monkeypatch.setenv("READER_ENTITY_MODEL", str(folder))
    assert Tagger().clusters.table == {"ترامب": (9, "1", "2", "3")}
    monkeypatch.delenv("READER_ENTITY_MODEL")
    assert len(Tagger().clusters.table) > 1000
    from reader import paths

    paths.config_file().parent.mkdir(parents=True, exist_ok=True)
    paths.config_file().write_text(f'entity_model = "{folder}"\n', "utf-8")
    shown = run_reader("config")
    assert shown.returncode == 0 and any(line.startswith("entity model") and str(folder) in line
                                         and str(paths.config_file()) in line for line in shown.stdout.splitlines())
    # what the CLI runs, every command alike: the folder is handed on in the environment
    from reader.cli.common import config
    from reader.cli.parser import build_parser

    config(build_parser().parse_args(["entities", "list"]))
    assert Tagger().clusters.table == {"ترامب": (9, "1", "2", "3")}
    monkeypatch.delenv("READER_ENTITY_MODEL")
    (folder / "clusters.tsv").unlink()
    bad = run_reader("config")
    assert bad.returncode == 2 and "no clusters.tsv there" in bad.stderr
