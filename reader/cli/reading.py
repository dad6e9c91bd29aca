"""`reader index | search | docs | show`: the corpus from a shell."""

from __future__ import annotations

import sys

from reader.cli.common import EXIT_NO_MATCH, EXIT_OK, display_mode, library, say
from reader.display.safe import dumps_json


def cmd_index(args) -> int:
    from reader.cli.progress import ProgressBar

    lib = library(args, open_it=False)
    if not args.entities_only:
        with ProgressBar(sys.stderr) as bar:
            lib.update(progress=bar.update, rebuild=args.rebuild)
    # The text is searchable from here on; its copies come next (seconds),
    # then the entities.
    from reader.errors import ReaderError

    try:
        with ProgressBar(sys.stderr) as bar:
            say(lib.find_copies(progress=bar.update, wait=args.entities_only).summary())
    except ReaderError as e:  # the results stay unfolded; the entities still come
        say(f"copies not found: {e}")
    if not lib.serves("entities"):
        say("entities are off (entities = false in config.toml, or --no-entities)" if not lib.entities_on
            else "entities are not found on the cluster backend yet: searching by words works as usual")
        return EXIT_OK
    with ProgressBar(sys.stderr) as bar:
        report = lib.find_entities(progress=bar.update, wait=args.entities_only)
    for doc_id, why in report.failed:
        say(f"no entities for {doc_id}: {why}")
    say(report.summary())
    return EXIT_OK


def cmd_search(args) -> int:
    from reader.index.request import Request

    # Built, and so checked, before any indexing: a typo never builds an index.
    request = Request.of(" ".join(args.query), since=args.since, until=args.until, sort=args.sort, page=args.page,
                         limit=args.limit, group=not args.no_group, latin=not args.no_latin)
    lib = library(args)
    if args.files_with_matches:
        return _paths(lib, request)
    results = lib.search(request)
    if results.notice:
        say(results.notice)
    if args.json:
        print(dumps_json(results_json(results)))
    elif args.jsonl:
        sys.stdout.writelines(dumps_json(h.as_json(), indent=None) + "\n" for h in results.hits)
    elif results.hits or results.also:
        from reader.cli.output import output_for, print_also, print_results

        out = output_for(sys.stdout, display_mode(args), args.color)
        if results.hits:
            print_results(results, sys.stdout, out)
        print_also(results.also, sys.stdout, out)
    if not results.hits:
        say(_no_hits(results))
    if results.suggestion:
        from reader.display.safe import clean_line

        say(f"did you mean: {clean_line(results.suggestion)}")
    return EXIT_OK if results.hits else EXIT_NO_MATCH


def results_json(results) -> dict:
    """One page as JSON. The keys stay: new ones may come, none is renamed
    or dropped (`format` would change first). Pages are slices of one
    ranking (score, then the index's order), so page 2 at --limit 10 holds
    hits 11-20 of page 1 at --limit 20. total counts the matching
    documents; rows, what the pages hold once copies are folded under the
    hits (grouped), each hit's copies in its "copies"; did_you_mean, the
    query respelt as the corpus writes it when it found almost nothing;
    also, when every word found less than a page, the articles holding all
    the words but one, each naming the word it lacks in "missing"."""
    return {"format": 1, "query": results.query, "total": results.total + results.folded, "page": results.page,
            "pages": results.pages, "limit": results.limit, "rows": results.total, "grouped": results.grouped,
            "hits": [h.as_json() for h in results.hits], "did_you_mean": results.suggestion,
            "also": [h.as_json() for h in results.also]}


def _no_hits(results) -> str:
    from reader.display.safe import clean_line

    if not results.total:
        return f"no documents match {clean_line(results.query)}"
    pages = f"{results.pages} page" + ("s" if results.pages > 1 else "")
    return (f"page {results.page} is past the end: {results.total} documents match, "
            f"{pages} of {results.limit} (--page 1 to {results.pages})")


def _paths(lib, request) -> int:
    """Every matching document's path, best first, one per line (rg -l)."""
    from reader.display.safe import clean_line

    paths, notice = lib.paths(request)
    if notice:
        say(notice)
    sys.stdout.writelines(clean_line(p) + "\n" for p in paths)
    return EXIT_OK if paths else EXIT_NO_MATCH


def cmd_timeline(args) -> int:
    from reader.index.request import Request

    request = Request.of(" ".join(args.query), since=args.since, until=args.until)
    text = request.text
    periods, undated = library(args).timeline(request, by=args.by)
    if args.json:
        print(dumps_json({"format": 1, "query": text, "by": args.by, "total": sum(n for _p, n in periods) + undated,
                          "undated": undated, "periods": [{"period": p, "count": n} for p, n in periods]}))
    elif periods:
        from reader.cli.output import output_for, print_timeline

        print_timeline(periods, undated, sys.stdout, output_for(sys.stdout, "never", args.color, args.width))
    if undated and not args.json:
        say(f"{undated} matching articles have no date")
    if not periods and not undated:
        say(f"no documents match {text}")
    return EXIT_OK if periods or undated else EXIT_NO_MATCH


def cmd_docs(args) -> int:
    docs = library(args).documents()
    if args.json:
        print(dumps_json([d.as_json() for d in docs]))
    else:
        from reader.cli.output import output_for, print_docs

        print_docs(docs, sys.stdout, output_for(sys.stdout, display_mode(args), args.color))
    return EXIT_OK


def cmd_outlets(args) -> int:
    outlets = library(args).outlets()
    if args.json:
        print(dumps_json([{"outlet": name, "documents": n, "spellings": dict(seen)} for name, n, seen in outlets]))
        return EXIT_OK
    from reader.cli.output import output_for, print_outlets

    print_outlets(outlets, sys.stdout, output_for(sys.stdout, display_mode(args), args.color))
    return EXIT_OK


def cmd_show(args) -> int:
    from reader.cli.output import output_for, print_document

    out = output_for(sys.stdout, display_mode(args), args.color, args.width)
    lib = library(args, open_it=False)
    doc = read_doc(lib, args.doc)
    hits = lib.highlights(args.query, doc.text) if args.query else []
    print_document(doc, sys.stdout, out, hits)
    return EXIT_OK


def read_doc(lib, arg: str):
    """DOC as every command takes it: an id, a file's path, or - for stdin."""
    return lib.from_stream(sys.stdin.buffer) if arg == "-" else lib.resolve(arg)


def cmd_config(args) -> int:
    from reader.cli.settings import print_settings

    return print_settings(args)
