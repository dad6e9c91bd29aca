"""The command line's grammar: every command, option and help text.

One parser makes the help, the shell completions (shtab) and the man page
(argparse-manpage), so the three never disagree.
"""

from __future__ import annotations

import argparse

from reader import __version__

QUERY_HELP = """\
query language:
  خلافة داعش             both words (AND is implied)
  داعش OR القاعدة        either
  داعش NOT العراق        not the second; also  داعش -العراق  (unquoted)
  "خلايا نائمة"           the words in this order; «خلايا نائمة» works too
  الحوثيين NEAR/5 عدن     within 5 words of each other, either order (NEAR: 10)
  "مجلس الأمن"~2          the phrase, up to 2 words between or moved
  خلاف*                  any word starting so (two letters at least)
  title:الخلافة          in titles only; also author:
  place:الموصل           as a named entity: person: place: org: misc: date:
  (داعش OR القاعدة) سوريا  parentheses group
  source:alriyadh        one outlet's articles (source:"Al Riyadh", source:alr*)
  date:2019-03           published then: 2019, 2019-03-15, 30d, 2019-03..2019-05,
                         >=2019-03, <2019; date:مارس or date:"2019" searches
                         the dates a text names. source: and date: may stand
                         alone (source:okaz date:2019), not inside OR
  Every form of a word matches (articles, prefixes, pronouns, harakat,
  tatweel, alef and yeh variants, Arabic-Indic digits). Words after `--`
  are query words whatever they start with."""

ENV_HELP = """\
environment:
  READER_CORPUS   corpus folders, separated by ':'
  READER_SHAPE    auto | always | never (as --shape)
  READER_BIDI     auto | reader | terminal | words: who reorders Arabic on a terminal
  READER_PAGER    the pager (else PAGER, else less; LESS=FRX when unset)
  NO_COLOR        no colour;  FORCE_COLOR  colour even into a pipe
  TERM=dumb       no colour
config file: {config}
  (`reader config` shows every setting in effect and where it came from)
exit codes: 0 found or done, 1 nothing matched, 2 an error (one line on
  stderr), 3 a crash (a bug: traceback in the crash log), 130 interrupted"""

ENTITY_TYPES = "PERS LOC ORG MISC DATE NUM, or NONE for never an entity"


class _Parser(argparse.ArgumentParser):
    """argparse with the habits of git and rg: a dash before a word is the
    query's NOT where a parser takes query words; "did you mean" for a
    mistyped command or option; an unknown option is told with the usage of
    the command it was given to."""

    dash_words = False  # "-word" is a query word here (reader search)

    def _parse_optional(self, arg_string):
        if _is_dash_word(arg_string) and (
            not arg_string[1].isascii() or (self.dash_words and arg_string not in self._option_string_actions)
        ):
            return None
        return super()._parse_optional(arg_string)

    def parse_known_args(self, args=None, namespace=None):
        namespace, extras = super().parse_known_args(args, namespace)
        if extras and getattr(self, "_subcommands", None) is not None:
            # Unknown options bubble up to the top: tell them with the
            # usage of the command they were given to, not reader's.
            owner = self._subcommands.get(_chosen(namespace), self)
            owner.error(_unknown(owner, extras))
        return namespace, extras

    def error(self, message: str):
        message = _did_you_mean(self, message)
        super().error(message)

    def format_help(self) -> str:
        return super().format_help().replace("{config}", _config_path())

    def _print_message(self, message, file=None):
        """argparse's, without swallowing a failed write: --help or --version
        into /dev/full is an error, told in one line (a closed pipe is not)."""
        import sys

        if not message:
            return
        file = file or sys.stderr
        try:
            file.write(message)
            file.flush()
        except BrokenPipeError:  # reader --help | head
            _drop(file)
        except OSError as e:
            _drop(file)
            if file is not sys.stderr:
                self.exit(2, f"reader: error: cannot write the output: {e.strerror or e}\n")


def _drop(stream) -> None:
    """Send what is left of a failed stream nowhere: Python would fail
    again flushing it at exit."""
    import os

    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _is_dash_word(arg: str) -> bool:
    return len(arg) > 2 and arg[0] == "-" and arg[1] != "-" and arg[1].isalpha()


def _chosen(namespace) -> str:
    parts = [getattr(namespace, "command", None), getattr(namespace, "action", None)]
    return " ".join(p for p in parts if p)


def _unknown(parser: argparse.ArgumentParser, extras: list[str]) -> str:
    message = f"unrecognized arguments: {' '.join(extras)}"
    options = [o for a in parser._actions for o in a.option_strings]
    for word in extras:
        hint = _closest(word.split("=")[0], options) if word.startswith("-") else None
        if hint:
            return f"{message} (did you mean {hint}?)"
    return message


def _did_you_mean(parser: argparse.ArgumentParser, message: str) -> str:
    import re

    m = re.match(r"argument (\S+): invalid choice: '([^']*)' \(choose from (.*)\)$", message)
    if m:
        choices = re.findall(r"'([^']*)'", m.group(3))
        hint = _closest(m.group(2), choices)
        if hint:
            return f"{message}; did you mean {hint!r}?"
    return message


def _closest(word: str, candidates: list[str]) -> str | None:
    import difflib

    found = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return found[0] if found else None


def _config_path() -> str:
    try:
        from reader.paths import config_file

        return str(config_file())
    except Exception:  # noqa: BLE001 - help must print whatever the platform says
        return "config.toml in the platform's config folder"


def _formatter(prog):
    return argparse.RawDescriptionHelpFormatter(prog, max_help_position=30)


def build_parser() -> argparse.ArgumentParser:
    # Options shared by the commands, given before or after the command;
    # SUPPRESS keeps a subcommand's absent option from overwriting one
    # given before it.
    common = argparse.ArgumentParser(add_help=False)
    _common_options(common, argparse.SUPPRESS)
    display = argparse.ArgumentParser(add_help=False)
    display.add_argument("--shape", choices=("auto", "always", "never"),
                         help="join and reorder Arabic for terminals that do not (auto: when stdout "
                         "is a terminal, or over ssh without one; default: READER_SHAPE, the config file, else auto)")
    display.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                         help="colour (auto: when stdout is a terminal, unless NO_COLOR or TERM=dumb; FORCE_COLOR forces it)")

    parser = _Parser(prog="reader", description="Read and search Arabic news in a terminal. "
                     "`reader` alone opens the TUI.", epilog=ENV_HELP, formatter_class=_formatter)
    _common_options(parser, None)
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    parser.add_argument("--completion", choices=("bash", "zsh", "fish"), metavar="SHELL",
                        help="print the shell completion script for bash, zsh or fish, and exit")
    parser.add_argument("--man", action="store_true", help="print the man page (roff), and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands: dict[str, argparse.ArgumentParser] = {}

    def command(name, parents=(common,), **kw):
        kw.setdefault("epilog", ENV_HELP)
        p = sub.add_parser(name, parents=list(parents), formatter_class=_formatter, **kw)
        commands[name] = p
        return p

    p = command("index", help="index the corpus (only what changed)",
                description="Index the corpus: what changed since the last run, then which documents are copies "
                "of which (seconds), then the entities of the new documents.")
    p.add_argument("--rebuild", action="store_true", help="rebuild the whole index")
    p.add_argument("--entities-only", action="store_true",
                   help="only find the copies and the entities of what the index holds (the text index as it is)")
    p.add_argument("--metadata", action="append", metavar="FILE",
                   help="a table of the articles' metadata (CSV, TSV or JSONL with a header: file or path, title, "
                   "author, date, source, url); its rows win over what the files say. Kept with the index; "
                   "repeat for several (default: metadata = [...] in the config file)")

    p = command("search", parents=(common, display), help="search the corpus",
                description="Search the corpus; hits ranked, the matched forms of the words lit.",
                epilog=QUERY_HELP + "\n\n" + ENV_HELP)
    p.dash_words = True
    p.add_argument("query", nargs="+", metavar="QUERY", help="the query, in words (see below)")
    p.add_argument("--limit", type=_positive, default=10, metavar="N", help="hits per page (default 10)")
    p.add_argument("--page", type=_positive, default=1, metavar="P", help="page of hits (default 1)")
    _period_options(p)
    from reader.index.query import SORTS

    p.add_argument("--sort", choices=SORTS, default="relevance",
                   help="relevance (default), date (oldest first) or -date (newest first)")
    p.add_argument("--no-latin", action="store_true",
                   help="a Latin-letter word searches itself only (default: Najran also finds نجران; "
                   "latin_names = false in config.toml)")
    p.add_argument("--no-group", action="store_true",
                   help="every matching document a hit of its own (default: a document's copies, 70%% or more of "
                   "its wording, are folded under the best placed one, \"+N copies\")")
    how = p.add_mutually_exclusive_group()
    how.add_argument("--json", action="store_true",
                     help="one JSON object: query, total, page, pages, limit and the page's hits")
    how.add_argument("--jsonl", action="store_true", help="one JSON hit per line, the page's hits")
    how.add_argument("-l", "--files-with-matches", action="store_true",
                     help="the path of every matching document, one per line, best first (as rg -l)")

    p = command("timeline", parents=(common, display), help="matching articles per day, week, month or year",
                description="How many articles match, period by period: a bar chart (or --json).",
                epilog=QUERY_HELP + "\n\n" + ENV_HELP)
    p.dash_words = True
    p.add_argument("query", nargs="+", metavar="QUERY", help="the query, in words (source:okaz or date:2019 alone too)")
    p.add_argument("--by", choices=("day", "week", "month", "year"), default="month", help="the period (default month)")
    _period_options(p)
    p.add_argument("--width", type=_positive, metavar="N", help="cells per line (default: the terminal's width)")
    p.add_argument("--json", action="store_true", help="one JSON object: the periods and their counts")

    p = command("docs", parents=(common, display), help="list the documents of the corpus")
    p.add_argument("--json", action="store_true", help="one JSON array")

    p = command("outlets", parents=(common, display), help="list the outlets, with their documents and spellings",
                description="Each outlet of the corpus, the most documents first, with every spelling met "
                "(folded: case, www. and domains, صحيفة/جريدة, Arabic variants; joined: [outlet_aliases] in the "
                "config file), so that you see what to alias and what source: finds.")
    p.add_argument("--json", action="store_true", help="one JSON array")

    p = command("show", parents=(common, display), help="print a document, wrapped and shaped",
                description="Print a document: its title, author and path, then its paragraphs.")
    p.add_argument("doc", metavar="DOC", help="a document id (reader docs), the path of a text file, or - for stdin")
    p.add_argument("--width", type=_positive, metavar="N", help="cells per line (default: the terminal's width)")
    p.add_argument("--query", metavar="Q", help="light the words of this query")

    p = command("kwic", parents=(common, display), help="a concordance: every occurrence of a query in its context",
                description="Keyword in context: each occurrence of the forms the query matches, one a line, "
                "with the words before and after it.", epilog=QUERY_HELP + "\n\n" + ENV_HELP)
    p.dash_words = True
    p.add_argument("query", nargs="+", metavar="QUERY", help="the query, in words (see below)")
    p.add_argument("--sort", choices=("doc", "left", "right", "before", "after"), default="doc",
                   help="doc: as the search ranks the documents (default); left (or before): by the words "
                   "before the form, nearest first, as concordancers' 1L (in Arabic they show on its right); "
                   "right (or after): by the words after it. Usages group together")
    p.add_argument("--all", action="store_true",
                   help="read every matching document (default: the first 1,000, well under a second)")
    _period_options(p)
    p.add_argument("--width", type=_positive, metavar="N", help="cells per line (default: the terminal's width)")
    p.add_argument("--json", action="store_true", help="one JSON object: every occurrence, logical order, offsets")

    p = command("related", parents=(common, display), help="the documents most like one: its story's other versions",
                description="The documents most like DOC, by the words it uses most that few others use "
                "(people, places and their words among them), each with how much of DOC it shares.")
    p.add_argument("doc", metavar="DOC", help="a document id (reader docs), the path of a text file, or - for stdin")
    p.add_argument("--limit", type=_positive, default=10, metavar="N", help="how many (default 10)")
    p.add_argument("--width", type=_positive, metavar="N", help="cells per line (default: the terminal's width)")
    p.add_argument("--json", action="store_true", help="one JSON object: the documents, each with its share")

    p = command("compare", parents=(common, display), help="two documents passage by passage: what they share",
                description="Compare two documents (two outlets' versions of a story): the passages they share, "
                "numbered alike in both, and those only one has (+).")
    p.add_argument("doc1", metavar="DOC1", help="a document id (reader docs), the path of a text file, or -")
    p.add_argument("doc2", metavar="DOC2", help="the other document")
    p.add_argument("--width", type=_positive, metavar="N", help="cells per line (default: the terminal's width)")
    p.add_argument("--json", action="store_true", help="one JSON object: both documents' passages and their pairs")

    p = command("dupes", parents=(common, display), help="the groups of copies: a story carried by several outlets",
                description="Every group of copies in the corpus, the largest first: its oldest document, then "
                "each copy with how much of its wording it shares (70% or more).")
    p.add_argument("--limit", type=_positive, metavar="N", help="the first N groups (default: all)")
    p.add_argument("--json", action="store_true", help="one JSON object: the groups, each with its copies")

    _entity_parsers(command("entities", parents=(), help="entities of a document; your corrections; CoNLL tagging",
                            description="People, places, organisations, dates and numbers.\n"
                            "`reader entities DOC` is short for `reader entities show DOC`."),
                    common, display, commands)
    _bookmark_parsers(command("bookmarks", parents=(), help="passages kept with notes, exported as citations"),
                      common, display, commands)

    p = command("terminal", parents=(), help="find out whether this terminal reorders Arabic, and remember it",
                description="Prints a test line each way: reordered by reader (the terminal's own reordering off), "
                "as written (the terminal reorders), and with the words reordered but each word's letters as "
                "written (kitty). Asks which reads right and writes the answer into config.toml as "
                "bidi = \"reader\", \"terminal\" or \"words\", which `--shape auto` follows on a terminal.")
    p.add_argument("--set", choices=("auto", "reader", "terminal", "words"), dest="set_bidi",
                   help="write this answer without asking (auto: by the terminal's variables)")

    _cluster_parsers(command("cluster", parents=(), help="search engine shards on this machine, to try a cluster",
                             description="Start, stop or look at a Sphinx/Manticore cluster on loopback: N searchd "
                             "shards and an aggregator, from configs written under DIR. Point reader at it with "
                             "backend = \"sphinx://127.0.0.1:PORT\" in config.toml or READER_BACKEND."), commands)

    p = command("config", help="print the effective settings and where each came from")
    p.add_argument("--json", action="store_true", help="one JSON object")
    parser._subcommands = commands
    return parser


def _period_options(p) -> None:
    p.add_argument("--since", metavar="DATE", help="published on or after: 2019, 2019-03, 2019-03-15, or 30d, 2w, 6m, 1y ago")
    p.add_argument("--until", metavar="DATE", help="published on or before (2019-03: to the end of March)")


def _common_options(parser, default) -> None:
    parser.add_argument("--corpus", action="append", metavar="DIR", default=default,
                        help="a folder of articles (repeatable); default: READER_CORPUS, the config file, "
                        "else the bundled seeds")
    parser.add_argument("--no-entities", action="store_true", default=default if default is not None else False,
                        help="no entity recognizer for this command (as entities = false in config.toml)")
    parser.add_argument("--no-pager", action="store_true", default=default if default is not None else False,
                        help="never page the output (default: long output to a terminal goes through "
                        "READER_PAGER, PAGER or less -FRX)")


def _actions(command, name: str, commands: dict):
    """A command's actions (reader bookmarks add …): a function that adds
    one, known by its full name for the errors' usage."""
    sub = command.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=_Parser)

    def action(verb, parents, **kw):
        p = sub.add_parser(verb, parents=list(parents), formatter_class=_formatter, **kw)
        commands[f"{name} {verb}"] = p
        return p

    return action


def _entity_parsers(entities, common, display, commands) -> None:
    action = _actions(entities, "entities", commands)
    p = action("show", (common, display), help="the entities of a document, grouped by type with counts")
    p.add_argument("doc", metavar="DOC", help="a document id, a file's path, or - for stdin")
    p.add_argument("--json", action="store_true", help="text, type, start, end and name of every entity")
    p = action("add", (common,), help="a correction: TEXT is always of TYPE (from the next reader index)")
    p.add_argument("text", nargs="+", metavar="TEXT")
    p.add_argument("type", metavar="TYPE", help=ENTITY_TYPES)
    p = action("rm", (common,), help="forget a correction")
    p.add_argument("text", nargs="+", metavar="TEXT")
    p = action("list", (common, display), help="your corrections")
    p.add_argument("--json", action="store_true", help="one JSON array of text and type")
    p = action("with", (common, display), help="the names found in the same documents as NAME, across the corpus",
               description="Who appears with whom: the names that share documents with NAME (a person, place, "
               "organisation or other name), most documents first, with the months they appear together. "
               "`reader entities --with NAME` says the same.")
    p.add_argument("name", nargs="+", metavar="NAME")
    p.add_argument("--limit", type=_positive, default=20, metavar="N", help="how many names (default 20)")
    p.add_argument("--json", action="store_true", help="one JSON object: every name with its documents by month")
    p = action("export", (common,), help="every entity of the corpus (or of a query's documents) as CSV or JSON lines",
               description="One row a mention: id, outlet, date, type, start, end (offsets in the document's "
               "text), text, name and key (the name's folded key: one for عبدالله and عبد الله).")
    p.add_argument("query", nargs="*", metavar="QUERY",
                   help="only the documents this query matches (source:okaz, date:2015-08, words ...)")
    p.add_argument("--type", action="append", choices=("PERS", "LOC", "ORG", "MISC", "DATE", "NUM"), metavar="TYPE",
                   help="only this type (repeatable): PERS LOC ORG MISC DATE NUM")
    p.add_argument("--since", metavar="DATE", help="only documents of this day or after (2015, 2015-08, 2015-08-03)")
    p.add_argument("--until", metavar="DATE", help="only documents of this day or before")
    p.add_argument("--format", choices=("csv", "jsonl"), default="csv",
                   help="csv (default; UTF-8 with a BOM, so Excel reads the Arabic) or jsonl (one JSON object a line)")
    p.add_argument("--output", metavar="FILE", help="write here (atomically) instead of stdout")
    p = action("tag", (common,), help="tag a CoNLL file's tokens B-/I-/O by the model alone")
    p.add_argument("file", metavar="FILE", help="a CoNLL file (tokens in the first column), or - for stdin")


ENTITY_ACTIONS = ("show", "add", "rm", "list", "tag", "with", "export")


def _cluster_parsers(cluster, commands) -> None:
    action = _actions(cluster, "cluster", commands)
    p = action("start", (), help="start the shards and the aggregator; the last word printed is the address")
    p.add_argument("--dir", required=True, metavar="DIR", help="where the configs, data, logs and pid files go")
    p.add_argument("--shards", type=_positive, default=2, metavar="N", help="how many shards (default 2)")
    p.add_argument("--port", type=_positive, default=9306, metavar="P",
                   help="the aggregator's SphinxQL port; the shards take the ports after it (default 9306)")
    p = action("stop", (), help="stop every searchd of the cluster in DIR")
    p.add_argument("--dir", required=True, metavar="DIR")
    p = action("status", (), help="each searchd of the cluster in DIR: its pid, port, and whether it answers")
    p.add_argument("--dir", required=True, metavar="DIR")
    p.add_argument("--json", action="store_true", help="one JSON array")


def _bookmark_parsers(bm, common, display, commands) -> None:
    action = _actions(bm, "bookmarks", commands)
    p = action("add", (common,), help="bookmark a passage of a document")
    p.add_argument("doc", metavar="DOC", help="a document id (reader docs) or a file's path")
    p.add_argument("--start", type=int, metavar="S", help="offset of the passage's first character (code points)")
    p.add_argument("--end", type=int, metavar="E", help="offset just after its last character (code points)")
    p.add_argument("--quote", metavar="TEXT", help="bookmark the first occurrence of this text instead")
    p.add_argument("--note", default="", metavar="TEXT", help="a note on the passage")
    p.add_argument("--tag", action="append", default=[], metavar="T", help="a tag (repeatable)")
    p = action("list", (common, display), help="list bookmarks (re-anchored to the documents as they are now)")
    p.add_argument("--json", action="store_true", help="one JSON array")
    p.add_argument("--tag", metavar="T", help="only the bookmarks with this tag")
    p.add_argument("--doc", metavar="DOC", help="only the bookmarks of this document (id or path)")
    p = action("rm", (), help="delete a bookmark")
    p.add_argument("id", type=int, metavar="ID", help="its number (reader bookmarks list)")
    p = action("note", (), help="set a bookmark's note")
    p.add_argument("id", type=int, metavar="ID", help="its number (reader bookmarks list)")
    p.add_argument("text", metavar="TEXT", help="the note (replaces the one there)")
    p = action("export", (common,), help="bookmarks as a citation list (Markdown, JSON or CSV)")
    p.add_argument("--format", choices=("md", "json", "csv"), default="md",
                   help="md (default), json, or csv (UTF-8 with a BOM, so Excel reads the Arabic)")
    p.add_argument("--output", metavar="FILE", help="write here (atomically) instead of stdout")
    p.add_argument("--salvage", action="store_true",
                   help="read a damaged store read-only and export every bookmark still readable")


def entity_shorthand(argv: list[str]) -> list[str]:
    """`reader entities DOC` stands for `reader entities show DOC`, and
    `reader entities --with NAME` for `reader entities with NAME`; a
    document whose id is `list` is `reader entities show list`."""
    words = _positionals(argv)
    if words and argv[words[0]] == "entities" and "--with" in argv:  # reader entities --with NAME
        at = argv.index("--with")
        return argv[: words[0] + 1] + ["with"] + argv[words[0] + 1 : at] + argv[at + 1 :]
    if len(words) >= 2 and argv[words[0]] == "entities" and argv[words[1]] not in ENTITY_ACTIONS:
        return argv[: words[1]] + ["show"] + argv[words[1]:]
    return argv


def _positionals(argv: list[str]) -> list[int]:
    """Where the words that are not options (nor --corpus's folder) are."""
    out, skip = [], False
    for i, word in enumerate(argv):
        if skip:
            skip = False
        elif word == "--":
            break
        elif word == "--corpus":
            skip = True
        elif not word.startswith("-") or _is_dash_word(word):
            out.append(i)
    return out


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, not {value!r}")
    return n
