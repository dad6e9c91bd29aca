"""`reader` alone: the TUI, the only command that imports Textual."""

from __future__ import annotations

import sys

from reader.cli.common import fail


def run_tui(args) -> int:
    from reader.cli.common import config

    cfg = config(args)
    folders = cfg.corpus(args.corpus).folders
    options = cfg.read_options()
    shape = cfg.shape(None) != "never"
    if not sys.stdout.isatty():
        return fail("the reader TUI needs a terminal; use `reader search`, `reader show` or `reader docs` in scripts")
    from reader.tui.app import ReaderApp

    def library():
        """Made once the first screen is drawn: a Library imports the whole
        index package, Whoosh included, which the query box need not wait for."""
        from reader.library import Library

        return Library.of(folders, options=options)

    ReaderApp(library, shape=shape).run()
    return 0
