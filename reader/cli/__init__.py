"""The `reader` command line: index, search, read and list a corpus from any shell.

Every command works through the core (reader.library.Library). Imports stay
inside the commands: `reader search` costs the standard library, Whoosh and
our own modules, never Textual.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    from reader.cli.common import EXIT_OK, fail
    from reader.cli.parser import build_parser
    from reader.errors import ReaderError

    args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            from reader.cli.tui import run_tui

            return run_tui(args)
        return _command(args.command)(args)
    except ReaderError as e:
        return fail(str(e))
    except KeyboardInterrupt:
        print("reader: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `reader search … | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _command(name: str):
    if name == "bookmarks":
        from reader.cli.bookmarks import run
    elif name == "entities":
        from reader.cli.entities import run
    else:
        from reader.cli import reading

        run = getattr(reading, f"cmd_{name}")
    return run
