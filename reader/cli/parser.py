"""The command line's grammar: every command, option and help text."""

from __future__ import annotations

import argparse

from reader import __version__


def _corpus_option(parser: argparse.ArgumentParser, default) -> None:
    parser.add_argument(
        "--corpus",
        action="append",
        metavar="DIR",
        default=default,
        help="a folder of .txt/.md articles (repeatable); default: READER_CORPUS, "
        "the config file, else the bundled seeds",
    )


class _Parser(argparse.ArgumentParser):
    """argparse, but a dash before an Arabic word is the query's NOT
    (`reader search داعش -العراق`), never an unknown option."""

    def _parse_optional(self, arg_string):
        if len(arg_string) > 1 and arg_string[0] == "-" and not arg_string[1].isascii():
            return None
        return super()._parse_optional(arg_string)


def build_parser() -> argparse.ArgumentParser:
    # --corpus works before or after the command; SUPPRESS keeps a
    # subcommand's absent option from overwriting one given before it.
    common = argparse.ArgumentParser(add_help=False)
    _corpus_option(common, argparse.SUPPRESS)
    parser = _Parser(prog="reader", description="Read and search Arabic news in a terminal.")
    _corpus_option(parser, None)
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("index", parents=[common], help="index the corpus (only what changed)")
    p.add_argument("--rebuild", action="store_true", help="rebuild the whole index")
    p.add_argument(
        "--entities-only",
        action="store_true",
        help="only find the entities of what the index holds (the text index as it is)",
    )

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
    p.add_argument(
        "-l",
        "--files-with-matches",
        action="store_true",
        help="print the path of every matching document, one per line, best first (as rg -l)",
    )

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
    p.add_argument("--salvage", action="store_true",
                   help="read a damaged store read-only and export every bookmark still readable")


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, not {value!r}")
    return n
