"""`reader` alone: the TUI, the only command that imports Textual."""

from __future__ import annotations

import signal
import sys

from reader.cli.common import fail


def run_tui(args) -> int:
    from reader.cli.common import config, display_mode, entities_on
    from reader.display.terminal import layout

    cfg = config(args)
    folders = cfg.corpus(args.corpus).folders
    options, aliases, latin, backend = cfg.read_options(), cfg.outlet_aliases(), cfg.latin_names(), cfg.backend()
    entities, skip = entities_on(args), cfg.with_skip()
    if not sys.stdout.isatty():
        return fail("the reader TUI needs a terminal; use `reader search`, `reader show` or `reader docs` in scripts")
    lay = layout(display_mode(args), tty=True)
    from reader.tui.app import ReaderApp
    from reader.tui.driver import reordering_off

    def library():
        """Made once the first screen is drawn: a Library imports the whole
        index package, Whoosh included, which the query box need not wait for."""
        from reader.core.library import Library

        return Library.of(folders, options=options, outlet_aliases=aliases, latin_names=latin, backend=backend,
                          entities=entities, with_skip=skip)

    app = ReaderApp(library, shape=lay.shape)
    if lay.switch:
        app.driver_class = reordering_off(app.driver_class)
    # Ctrl+Z stops the TUI and fg resumes it by SIGCONT: a mask inherited
    # from a job runner that blocks it would leave the screen stopped
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTSTP, signal.SIGCONT})
    app.run()
    return 0
