"""`reader index | search | docs | show`: the corpus from a shell."""

from __future__ import annotations

import sys

from reader.cli.common import EXIT_NO_MATCH, EXIT_OK, config, library, say
from reader.safe import dumps_json


def cmd_index(args) -> int:
    from reader.cli.progress import ProgressBar

    lib = library(args, open_it=False)
    if not args.entities_only:
        with ProgressBar(sys.stderr) as bar:
            lib.update(progress=bar.update, rebuild=args.rebuild)
    # The text is searchable from here on; the entities come next.
    with ProgressBar(sys.stderr) as bar:
        report = lib.find_entities(progress=bar.update, wait=args.entities_only)
    for doc_id, why in report.failed:
        say(f"no entities for {doc_id}: {why}")
    say(report.summary())
    return EXIT_OK


def cmd_search(args) -> int:
    from reader.index.query import parse

    text = " ".join(args.query)
    parse(text)  # a bad query fails before any indexing
    lib = library(args)
    if args.files_with_matches:
        return _paths(lib, text)
    results = lib.search(text, page=args.page, limit=args.limit)
    if results.notice:
        say(results.notice)
    if args.json:
        print(dumps_json([h.as_json() for h in results.hits]))
    else:
        from reader.cli.output import output_for, print_results

        print_results(results, sys.stdout, output_for(sys.stdout, config(args).shape(args.shape)))
    return EXIT_OK if results.total else EXIT_NO_MATCH


def _paths(lib, text: str) -> int:
    """Every matching document's path, best first, one per line (rg -l)."""
    from reader.safe import clean_line

    paths, notice = lib.paths(text)
    if notice:
        say(notice)
    sys.stdout.writelines(clean_line(p) + "\n" for p in paths)
    return EXIT_OK if paths else EXIT_NO_MATCH


def cmd_docs(args) -> int:
    docs = library(args).documents()
    if args.json:
        print(dumps_json([d.as_json() for d in docs]))
    else:
        from reader.cli.output import print_docs

        print_docs(docs, sys.stdout)
    return EXIT_OK


def cmd_show(args) -> int:
    from reader.cli.output import output_for, print_document

    out = output_for(sys.stdout, config(args).shape(args.shape), args.color, args.width)
    lib = library(args, open_it=False)
    doc = lib.resolve(args.doc)
    hits = lib.highlights(args.query, doc.text) if args.query else []
    print_document(doc, sys.stdout, out, hits)
    return EXIT_OK
