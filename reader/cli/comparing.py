"""`reader compare DOC1 DOC2`: two versions of a story, passage by passage;
`reader related DOC`: the documents most like one, and how much each shares."""

from __future__ import annotations

import sys

from reader.cli.common import EXIT_NO_MATCH, EXIT_OK, display_mode, library
from reader.display.safe import dumps_json

_GUTTER = 11  # "  3 ~ 87%  " before a passage's first line


def cmd_compare(args) -> int:
    from reader.core.alignment import compare
    from reader.cli.reading import read_doc

    lib = library(args, open_it=False)
    a, b = read_doc(lib, args.doc1), read_doc(lib, args.doc2)
    result = compare(a.text, b.text)
    if args.json:
        print(dumps_json(comparison_json(a, b, result)))
    else:
        from reader.cli.output import output_for

        out = output_for(sys.stdout, display_mode(args), args.color, args.width)
        print_comparison(a, b, result, sys.stdout, out)
    return EXIT_OK


def comparison_json(a, b, result) -> dict:
    """Both documents, every passage with its pair's number (1, 2 ...; the
    same on both sides) or null, offsets into each text as written."""

    def side(doc, passages, name) -> dict:
        return {"id": doc.id, "title": doc.title, "outlet": doc.outlet, "date": doc.date,
                "shared": round(result.shared_share(name), 3),
                "passages": [{"start": p.start, "end": p.end, "text": doc.text[p.start : p.end],
                              "pair": p.pair, "similarity": round(p.similarity, 3)} for p in passages]}

    return {"format": 1, "summary": result.summary(), "pairs": result.pairs,
            "a": side(a, result.a, "a"), "b": side(b, result.b, "b")}


def print_comparison(a, b, result, stream, out) -> None:
    """The summary, then each document whole: a shared passage marked with
    its pair's number, "=" or how alike the two are ("~ 87%"), a passage
    only this one has with "+"."""
    from reader.cli.output import code, dated, painted, paragraph_lines
    from reader.display.safe import clean_line

    print(result.summary(), file=stream)
    for label, doc, passages in (("1", a, result.a), ("2", b, result.b)):
        print(file=stream)
        where = "  ".join(x for x in (clean_line(doc.outlet), dated(doc.date, doc.date_from, doc.file_date), clean_line(doc.id)) if x)
        for i, line in enumerate(paragraph_lines(doc.title, out, max(10, out.width - 4), base=code("title", out.color))):
            print(f"[{label}] {line}" if i == 0 else f"    {line}", file=stream)
        print(f"    {where}", file=stream)
        for i, p in enumerate(passages):
            if i == 0 and _title_line(doc, p):
                continue  # shown above already
            k = p.pair
            if k is None:
                mark = "    +"
            else:  # "= " the same once the spelling is folded; "~ 87%" alike
                mark = f"{k:>3} =" if p.similarity >= 1 else f"{k:>3} ~{p.similarity:4.0%}"
            lines = paragraph_lines(doc.text[p.start : p.end], out, max(10, out.width - _GUTTER))
            for n, line in enumerate(lines):  # cyan: in both; yellow: in this one only
                gutter = f"{mark:<{_GUTTER}}" if n == 0 else " " * _GUTTER
                print(painted(gutter, "shared" if k else "own", out.color) + line, file=stream)


def _title_line(doc, passage) -> bool:
    """Whether a passage is the document's first paragraph, its title."""
    if not doc.paragraphs:
        return False
    start, end = doc.paragraphs[0]
    return passage.end <= end and " ".join(doc.text[start:end].split()) == doc.title


def cmd_related(args) -> int:
    from reader.core.alignment import compare
    from reader.cli.reading import read_doc, results_json
    from reader.display.safe import clean_line

    lib = library(args)
    doc = read_doc(lib, args.doc)
    results = lib.related(doc, limit=args.limit)
    # how much of this document each one shares, passage by passage: a wire
    # copy shares most of it, a story on the same event little
    shared = {}
    for hit in results.hits:
        other = lib.document(hit.id)
        if other is not None:
            shared[hit.id] = compare(doc.text, other.text).shared_share("a")
    if args.json:
        data = results_json(results)
        data["of"] = doc.id
        for h in data["hits"]:
            h["shared"] = round(shared.get(h["id"], 0.0), 3)
        print(dumps_json(data))
    elif results.hits:
        from reader.cli.output import output_for, print_results

        out = output_for(sys.stdout, display_mode(args), args.color, args.width)
        heading = f"{len(results.hits)} documents most like {clean_line(doc.id)}, {results.seconds * 1000:.0f} ms"
        notes = {k: f"shares {v:.0%} of its passages' words" for k, v in shared.items() if v}
        print_results(results, sys.stdout, out, heading, notes)
    if not results.hits:
        from reader.cli.common import say

        say(f"no document is like {clean_line(doc.id)}: it shares no telling word with another")
        return EXIT_NO_MATCH
    return EXIT_OK


def cmd_dupes(args) -> int:
    from reader.cli.progress import ProgressBar

    lib = library(args)
    groups = lib.copy_groups()
    if groups is None:  # the copies pass has not seen the index as it is: seconds
        with ProgressBar(sys.stderr) as bar:
            lib.find_copies(progress=bar.update, wait=True)
        groups = lib.copy_groups() or []
    copies = sum(len(c) for _hit, c in groups)
    shown = groups[: args.limit] if args.limit else groups
    if args.json:
        print(dumps_json({"format": 1, "groups": len(groups), "copies": copies,
                          "shown": [h._replace(copies=tuple(c)).as_json() for h, c in shown]}))
    elif shown:
        from reader.cli.output import output_for, print_hits

        n = len(groups)
        print(f"{n} group{'' if n == 1 else 's'} of copies: {n + copies} documents, {copies} of them copies"
              f" of the first of their group (its oldest); the largest groups first")
        out = output_for(sys.stdout, display_mode(args), args.color)
        print_hits([h._replace(copies=tuple(c)) for h, c in shown], sys.stdout, out, scores=False)
    if not groups:
        from reader.cli.common import say

        say("no document of this corpus is a copy of another (70% of its wording or more)")
        return EXIT_NO_MATCH
    return EXIT_OK
