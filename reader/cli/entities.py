"""`reader entities DOC | add | rm | list | tag`."""

from __future__ import annotations

import sys
from pathlib import Path

from reader.display.safe import clean_line, dumps_json

from reader.cli.common import EXIT_NO_MATCH, EXIT_OK, display_mode
from reader.errors import ReaderError


class EntityError(ReaderError):
    pass


def run(args) -> int:
    if args.action == "add":
        return _add(args.text, args.type)
    if args.action == "rm":
        return _rm(args.text)
    if args.action == "list":
        return _list(args.json)
    if args.action == "tag":
        return _tag(args.file)
    if args.action == "with":
        return _with(args)
    if args.action == "export":
        return _export(args)
    return _show(args, args.doc)


# --- who appears with whom ------------------------------------------------------------


def _with(args) -> int:
    from reader.cli.common import library, say
    from reader.cli.output import output_for
    from reader.display.layout import one_line

    name = " ".join(args.name)
    lib = library(args)
    count, found, notice = lib.companions(name)
    if notice:
        say(notice)
    shown = found[: args.limit]
    if args.json:
        print(dumps_json({"format": 1, "name": name, "documents": count, "names": [c.as_json() for c in shown]}))
    elif shown:
        out = output_for(sys.stdout, display_mode(args), args.color)
        print(f"{count:,} document{'s' if count != 1 else ''} name{'s' if count == 1 else ''} "
              f"{one_line(name, out.shape)}; the names most often with it:")
        for c in shown:
            months = list(c.months)
            when = (months[0] if len(months) == 1 else f"{months[0]} … {months[-1]}") if months else ""
            print(f"{c.documents:>6,}  {c.type:<4}  {one_line(c.name, out.shape)}{'  ' + when if when else ''}")
    if not count:
        say(f"no document names {clean_line(name)} (its entities may not all be found yet: reader index)")
    return EXIT_OK if count else EXIT_NO_MATCH


# --- every entity, for other tools ----------------------------------------------------------


def _export(args) -> int:
    import csv
    import io

    from reader.atomic import NotRegularFile, write_atomic
    from reader.cli.common import library, say
    from reader.core.entity_export import FIELDS
    from reader.display.safe import clean

    lib = library(args)
    found, notice = lib.entity_rows(" ".join(args.query), frozenset(args.type or ()), args.since, args.until)
    if notice:
        say(notice)
    out = io.StringIO() if args.output else sys.stdout  # to stdout as they come: a corpus has millions
    n = 0
    if args.format == "csv":
        out.write("\ufeff")  # Excel reads UTF-8 as the local code page without it
        w = csv.writer(out)
        w.writerow(FIELDS)
        for n, row in enumerate(found, 1):
            w.writerow([clean(str(v)) for v in row])
    else:
        for n, row in enumerate(found, 1):
            out.write(dumps_json(row.as_json(), indent=None) + "\n")
    if args.output:
        try:
            write_atomic(Path(args.output), out.getvalue())
        except NotRegularFile as e:
            raise EntityError(f"not written: {e}") from None
        except OSError as e:
            raise EntityError(f"cannot write {args.output}: {e.strerror or e}") from None
        say(f"{n:,} entities written to {args.output}")
    return EXIT_OK if n else EXIT_NO_MATCH


# --- the user's corrections ---------------------------------------------------------


def _add(words: list[str], kind: str) -> int:
    from reader.entities.gazetteer import entity_type
    from reader.core.library import Library

    kind = entity_type(kind)
    text = " ".join(words)
    g = Library.entity_list()
    g.add(text, kind)
    g.save()
    print(f"reader: {clean_line(text)} is now {kind} in {g.path}; it takes effect at the next `reader index`", file=sys.stderr)
    return EXIT_OK


def _rm(words: list[str]) -> int:
    from reader.core.library import Library

    text = " ".join(words)
    g = Library.entity_list()
    if not g.remove(text):
        print(f"reader: {clean_line(text)} is not in {g.path}", file=sys.stderr)
        return EXIT_NO_MATCH
    g.save()
    print(f"reader: removed {clean_line(text)}; it takes effect at the next `reader index`", file=sys.stderr)
    return EXIT_OK


def _list(as_json: bool) -> int:
    from reader.core.library import Library

    g = Library.entity_list()
    if as_json:
        print(dumps_json([{"text": t, "type": k} for t, k in g.entries.items()]))
    else:
        print(f"reader: {len(g.entries)} entries in {g.path}", file=sys.stderr)
        for t, k in g.entries.items():
            print(f"{k:5} {clean_line(t)}")
    return EXIT_OK


# --- tagging CoNLL --------------------------------------------------------------------


def _tag(name: str) -> int:
    from reader.entities.conll import format_conll, parse_conll
    from reader.entities.tagger import tagger

    model = tagger()
    sentences = [[t for t, _gold in sent] for sent in parse_conll(_conll_lines(name))]
    for at in range(0, len(sentences), _BATCH):
        batch = sentences[at : at + _BATCH]
        for tokens, tags in zip(batch, model.tag_all(batch)):
            sys.stdout.writelines(format_conll([list(zip(map(clean_line, tokens), tags))]))
    return EXIT_OK


# Sentences tagged at once: the decoder steps through them side by side.
_BATCH = 256


def _conll_lines(name: str) -> list[str]:
    try:
        data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as e:
        raise EntityError(f"cannot read {name}: {e.strerror}") from None
    if b"\0" in data:
        raise EntityError(f"{name} is a binary file, not CoNLL text")
    try:
        return data.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as e:
        raise EntityError(f"{name} is not UTF-8 (byte {e.start}); convert it first") from None


# --- one document ---------------------------------------------------------------------


def _show(args, doc_arg: str) -> int:
    from reader.cli.common import library
    from reader.cli.reading import read_doc
    from reader.entities.grouping import group_entities
    from reader.entities.types import LABELS

    lib = library(args, open_it=False)
    doc = read_doc(lib, doc_arg)
    entities = lib.entities(doc)
    if args.json:
        print(dumps_json([
            {"text": e.text, "type": e.type, "start": e.start, "end": e.end, "name": e.name}
            for e in entities
        ]))  # fmt: skip
        return EXIT_OK
    from reader.cli.output import output_for, paragraph_lines

    out = output_for(sys.stdout, display_mode(args), args.color)

    def visual(text: str) -> str:
        return " ".join(line.strip() for line in paragraph_lines(text, out, max(10, out.width - 8)))

    print(visual(doc.title))
    groups = group_entities(entities)
    if not groups:
        print("no entities found")
    for kind, names in groups.items():
        total = sum(len(g.mentions) for g in names)
        print(f"\n{kind} {LABELS[kind]}: {len(names)} names, {total} mentions")
        for g in names:
            print(f"  {len(g.mentions):4d}  {visual(g.name)}")
    return EXIT_OK
