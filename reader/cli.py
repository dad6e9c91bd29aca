"""The `reader` command line: index, search and list a corpus from any shell.

Imports stay inside the commands: `reader search` costs the standard
library, Whoosh and our own modules, never Textual.
"""

from __future__ import annotations

import argparse
import os
import sys

from reader import __version__
from reader.safe import dumps_json

EXIT_OK, EXIT_NO_MATCH, EXIT_ERROR = 0, 1, 2


def _corpus_option(parser: argparse.ArgumentParser, default) -> None:
    parser.add_argument(
        "--corpus",
        action="append",
        metavar="DIR",
        default=default,
        help="a folder of .txt/.md articles (repeatable); default: READER_CORPUS, "
        "the config file, else the bundled seeds",
    )


def build_parser() -> argparse.ArgumentParser:
    # --corpus works before or after the command; SUPPRESS keeps a
    # subcommand's absent option from overwriting one given before it.
    common = argparse.ArgumentParser(add_help=False)
    _corpus_option(common, argparse.SUPPRESS)
    parser = argparse.ArgumentParser(prog="reader", description="Read and search Arabic news in a terminal.")
    _corpus_option(parser, None)
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("index", parents=[common], help="index the corpus (only what changed)")
    p.add_argument("--rebuild", action="store_true", help="rebuild the whole index")

    shaping = argparse.ArgumentParser(add_help=False)
    shaping.add_argument(
        "--shape",
        choices=("auto", "always", "never"),
        help="join and reorder Arabic for terminals that do not (default: READER_SHAPE, "
        "the config file, else auto)",
    )

    p = sub.add_parser("search", parents=[common, shaping], help="search the corpus")
    p.add_argument("query", nargs="+", metavar="QUERY", help="words, OR, NOT, \"a phrase\", prefix*")
    p.add_argument("--limit", type=_positive, default=10, metavar="N", help="hits per page (default 10)")
    p.add_argument("--page", type=_positive, default=1, metavar="P", help="page of hits (default 1)")
    p.add_argument("--json", action="store_true", help="print one JSON array of hits")

    p = sub.add_parser("docs", parents=[common], help="list the documents of the corpus")
    p.add_argument("--json", action="store_true", help="print one JSON array")

    _bookmark_parsers(sub, common, shaping)

    p = sub.add_parser(
        "entities",
        parents=[common, shaping],
        help="people, places, organisations, dates and numbers of a document; corrections; CoNLL tagging",
        usage="%(prog)s DOC [--json] | add TEXT TYPE | rm TEXT | list | tag FILE",
        description="DOC: the entities of a document (an id or a file's path), grouped by type with counts. "
        "add TEXT TYPE / rm TEXT: your corrections (TYPE: PERS LOC ORG MISC DATE NUM, or NONE for never an entity), "
        "used from the next `reader index`. list: your corrections. "
        "tag FILE: a CoNLL file's tokens (first column) tagged B-/I-/O by the model alone, FILE or - for stdin.",
    )
    p.add_argument("words", nargs="+", metavar="ARG")
    p.add_argument("--json", action="store_true", help="print JSON (DOC: text, type, start, end, name per entity)")

    p = sub.add_parser("show", parents=[common, shaping], help="print a document, wrapped and shaped")
    p.add_argument("doc", metavar="DOC", help="a document id (reader docs) or the path of a text file")
    p.add_argument("--width", type=_positive, metavar="N", help="cells per line (default: the terminal's width)")
    p.add_argument("--query", metavar="Q", help="highlight the words of this query")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour hits (auto: on a terminal, unless NO_COLOR)")
    return parser


def _bookmark_parsers(sub, common, shaping) -> None:
    bm = sub.add_parser("bookmarks", help="passages kept with notes, exported as citations")
    bsub = bm.add_subparsers(dest="bookmarks_command", metavar="ACTION", required=True)
    p = bsub.add_parser("add", parents=[common], help="bookmark a passage of a document")
    p.add_argument("doc", metavar="DOC", help="a document id (reader docs) or a file's path")
    p.add_argument("--start", type=int, metavar="S", help="offset of the passage's first character")
    p.add_argument("--end", type=int, metavar="E", help="offset just after its last character")
    p.add_argument("--quote", metavar="TEXT", help="bookmark the first occurrence of this text instead")
    p.add_argument("--note", default="", metavar="TEXT")
    p.add_argument("--tag", action="append", default=[], metavar="T", help="repeatable")
    p = bsub.add_parser("list", parents=[common, shaping], help="list bookmarks (re-anchored to the documents as they are now)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--tag", metavar="T")
    p.add_argument("--doc", metavar="DOC")
    p = bsub.add_parser("rm", help="delete a bookmark")
    p.add_argument("id", type=int, metavar="ID")
    p = bsub.add_parser("note", help="set a bookmark's note")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("text", metavar="TEXT")
    p = bsub.add_parser("export", help="bookmarks as a citation list")
    p.add_argument("--format", choices=("md", "json", "csv"), default="md")
    p.add_argument("--output", metavar="FILE", help="write here (atomically) instead of stdout")


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, not {value!r}")
    return n


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        return run_tui(args)
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        print("reader: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `reader search … | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as e:
        if isinstance(e, _users_to_fix()):
            return fail(str(e))
        raise


def _users_to_fix() -> tuple[type, ...]:
    """The errors a user can fix, reported in one line. Imported only when
    one is raised: a search does not load the bookmark or entity modules."""
    from reader.entities.gazetteer import GazetteerError
    from reader.index.query import QueryError
    from reader.index.store import IndexProblem
    from reader.bookmarks import StoreError
    from reader.config import ConfigError
    from reader.entity_cli import EntityError

    return (QueryError, ConfigError, IndexProblem, StoreError, EntityError, GazetteerError)


def run_tui(args) -> int:
    """`reader` alone: the TUI (the only path that imports Textual)."""
    from reader.config import ConfigError, shape_mode

    try:
        store = open_store(args)
        shape = shape_mode(None) != "never"
    except ConfigError as e:
        return fail(str(e))
    if not sys.stdout.isatty():
        return fail("the reader TUI needs a terminal; use `reader search`, `reader show` or `reader docs` in scripts")
    from reader.tui.app import ReaderApp

    ReaderApp(store, shape=shape).run()
    return EXIT_OK


def fail(message: str) -> int:
    from reader.safe import clean_line

    print(f"reader: error: {clean_line(message)}", file=sys.stderr)
    return EXIT_ERROR


# --- opening the index -------------------------------------------------------------


def open_store(args):
    from reader.index.corpus import make_roots
    from reader.index.store import IndexStore
    from reader.config import choose_corpus

    choice = choose_corpus(args.corpus)
    return IndexStore(make_roots(choice.folders))


def open_index(store):
    """The live index, building or repairing it first when needed."""
    from reader.index.store import IndexCorrupt, NoIndex

    try:
        return store.open()
    except NoIndex:
        _say("reader: this corpus has no index yet; indexing it first")
        run_update(store, wait=True)
    except IndexCorrupt as e:
        _say(f"reader: the index is damaged ({e}); rebuilding it")
        run_update(store, rebuild=True, wait=True)
    return store.open()


def run_update(store, rebuild: bool = False, wait: bool = False):
    from reader.progress import ProgressBar

    with ProgressBar(sys.stderr) as bar:
        report = store.update(
            progress=bar.update, rebuild=rebuild, wait=wait, on_wait=lambda why: _say(f"reader: {why}")
        )
    from reader.safe import clean_line

    for s in report.skipped:
        print(clean_line(s.line()), file=sys.stderr)
    _say(summary(report))
    return report


def summary(report) -> str:
    parts = [f"{report.indexed} documents indexed"]
    if report.rebuilt_because:
        parts.append(f"full build ({report.rebuilt_because})")
    else:
        parts.append(f"{report.added} new, {report.updated} changed, {report.removed} removed, {report.unchanged} unchanged")
    if report.skipped:
        parts.append(f"{len(report.skipped)} skipped")
    return f"reader: {'; '.join(parts)}; {report.seconds:.1f}s"


def _say(line: str) -> None:
    print(line, file=sys.stderr)


# --- commands ------------------------------------------------------------------------


def cmd_index(args) -> int:
    store = open_store(args)
    run_update(store, rebuild=args.rebuild)
    return EXIT_OK


def read_index(store, fn):
    """fn(index) on the live index; rebuilt first if damaged.

    A read that fails is tried once more on a fresh open (an indexer may
    have replaced files in between) before the index counts as damaged.
    """
    from reader.index.store import IndexCorrupt

    try:
        return fn(open_index(store))
    except IndexCorrupt:
        pass
    try:
        return fn(store.open())
    except IndexCorrupt as e:
        _say(f"reader: the index is damaged ({e}); rebuilding it")
    run_update(store, rebuild=True, wait=True)
    return fn(store.open())


def cmd_search(args) -> int:
    from reader.index.compiler import compile_query
    from reader.index.search import search

    text = " ".join(args.query)
    compile_query(text)  # a bad query fails before any indexing
    results = read_index(open_store(args), lambda ix: search(ix, text, limit=args.limit, page=args.page))
    if args.json:
        print(dumps_json([h.as_json() for h in results.hits]))
    else:
        from reader.config import shape_mode
        from reader.plain import output_for, print_results

        print_results(results, sys.stdout, output_for(sys.stdout, shape_mode(args.shape)))
    return EXIT_OK if results.total else EXIT_NO_MATCH


def cmd_docs(args) -> int:
    from reader.index.search import list_documents

    docs = read_index(open_store(args), list_documents)
    if args.json:
        print(dumps_json(docs))
    else:
        from reader.plain import print_docs

        print_docs(docs, sys.stdout)
    return EXIT_OK


def cmd_show(args) -> int:
    from reader.config import shape_mode
    from reader.plain import output_for, print_document

    out = output_for(sys.stdout, shape_mode(args.shape), args.color, args.width)
    doc = find_document(args)
    hits = []
    if args.query:
        from reader.index.compiler import compile_query
        from reader.index.snippets import highlight_spans

        comp = compile_query(args.query)
        hits = [(m.start, m.end) for m in highlight_spans(doc.text, comp.words, comp.phrases)]
    print_document(doc, sys.stdout, out, hits)
    return EXIT_OK


def find_document(args):
    """DOC as a file path, else as an id in the corpus's index."""
    return find_stored(args, args.doc)[0]


def find_stored(args, doc_arg: str):
    """(Document, its stored fields) for DOC: a file path is read (no stored
    fields: None), an id is looked up in the corpus's index."""
    from pathlib import Path

    from reader.index.corpus import Skipped, parse, read_path
    from reader.config import ConfigError

    path = Path(doc_arg).expanduser()
    if path.is_file():
        doc = read_path(path)
        if isinstance(doc, Skipped):
            raise ConfigError(f"cannot read {doc_arg}: {doc.reason}")
        return doc, None
    from reader.index.search import stored_document

    found = read_index(open_store(args), lambda ix: stored_document(ix, doc_arg))
    if found is None:
        raise ConfigError(f"no document {doc_arg!r}: give an id from `reader docs` or the path of a file")
    return parse(found["id"], Path(found["path"]), found["text"], found.get("encoding", "utf-8")), found


def cmd_entities(args) -> int:
    from reader import entity_cli

    return entity_cli.run(args)


def cmd_bookmarks(args) -> int:
    from reader import bookmark_cli

    return bookmark_cli.run(args)


COMMANDS = {"index": cmd_index, "search": cmd_search, "docs": cmd_docs, "show": cmd_show, "bookmarks": cmd_bookmarks, "entities": cmd_entities}
