"""`reader` alone: the TUI, the only command that imports Textual."""

from __future__ import annotations

import sys

from reader.cli.common import fail


def run_tui(args) -> int:
    from reader.cli.common import config
    from reader.library import Library

    cfg = config(args)
    lib = Library.of(cfg.corpus(args.corpus).folders)
    shape = cfg.shape(None) != "never"
    if not sys.stdout.isatty():
        return fail("the reader TUI needs a terminal; use `reader search`, `reader show` or `reader docs` in scripts")
    from reader.tui.app import ReaderApp

    ReaderApp(lib, shape=shape).run()
    return 0
