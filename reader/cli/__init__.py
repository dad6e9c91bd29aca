"""The `reader` command line: index, search, read and list a corpus from any shell.

Every command works through the core (reader.core.library.Library). Imports stay
inside the commands: `reader search` costs the standard library, Whoosh and
our own modules, never Textual.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    from reader.cli.common import EXIT_OK, config, fail
    from reader.cli.parser import build_parser, entity_shorthand
    from reader.errors import ReaderError

    _encodable_output()
    parser = build_parser()
    args = parser.parse_args(entity_shorthand(sys.argv[1:] if argv is None else list(argv)))
    stdout = sys.stdout
    switch = None
    try:
        if args.completion or args.man:
            from reader.cli.docs import print_completion_or_man

            return print_completion_or_man(parser, args)
        config(args)  # a bad setting is named before any work starts
        if args.command is None:
            from reader.cli.tui import run_tui

            return run_tui(args)
        switch = _reordering_off(args, stdout)
        sys.stdout = _Output(_paged(args, sys.stdout))
        code = _command(args.command)(args)
        sys.stdout.flush()  # a full or closed stdout fails here, inside the try
        return code
    except ReaderError as e:
        return fail(str(e))
    except KeyboardInterrupt:
        print("reader: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `reader search … | head`, or q in the pager
        _drop_stdout()
        return EXIT_OK
    except OutputFailed as e:  # stdout on a full disk, /dev/full, a dead terminal
        _drop_stdout()
        return fail(f"cannot write the output: {e.args[0]}")
    except OSError as e:
        return _os_failure(e)
    except Exception as e:  # noqa: BLE001 - a bug: one line, its traceback kept
        return _crash(e)
    finally:
        if isinstance(sys.stdout, _Output):
            _end_pager(sys.stdout)
            sys.stdout = stdout  # main() run in process (tests)
        if switch is not None:
            _flush_quietly(stdout)
            switch.stop()


# The commands whose output a person reads, paged when it is long.
_PAGED = {"search", "timeline", "docs", "outlets", "show", "compare", "related", "dupes", "kwic", "entities", "bookmarks", "config"}


def _paged(args, stream):
    from reader.cli.pager import paged

    return paged(stream, args.command in _PAGED and not args.no_pager)


def _reordering_off(args, stream):
    """The terminal's own reordering switched off while a command writes
    shaped text to it (reader.display.terminal), the pager included: less does not
    pass the switch on, so it goes to the terminal before less starts."""
    from reader.cli.common import display_mode
    from reader.display.terminal import Switch, layout

    try:
        tty, fd = stream.isatty(), stream.fileno()
    except (AttributeError, ValueError, OSError):  # a stream without a descriptor (tests)
        return None
    if not layout(display_mode(args), tty).switch:
        return None
    _flush_quietly(stream)
    return Switch(fd).start()


def _flush_quietly(stream) -> None:
    try:
        stream.flush()
    except (OSError, ValueError):
        pass


def _end_pager(out) -> None:
    from reader.cli.pager import Pager

    if isinstance(out._stream, Pager):
        out._stream.close()


class OutputFailed(Exception):
    """Writing to stdout failed (not a broken pipe): the why in args[0]."""


class _Output:
    """stdout, whose write errors are told apart from those of other files
    (a write to a full disk says no file name either way)."""

    def __init__(self, stream):
        self._stream = stream

    def _guard(self, fn, *args):
        try:
            return fn(*args)
        except BrokenPipeError:
            raise
        except OSError as e:
            raise OutputFailed(e.strerror or str(e)) from e

    def write(self, text):
        return self._guard(self._stream.write, text)

    def writelines(self, lines):
        return self._guard(self._stream.writelines, lines)

    def flush(self):
        return self._guard(self._stream.flush)

    def __getattr__(self, name):
        return getattr(self._stream, name)


def _encodable_output() -> None:
    """Where the locale cannot encode Arabic (LANG=en_US.ISO-8859-1), what it
    cannot show is printed as escapes rather than failing the command."""
    for stream in (sys.stdout, sys.stderr):
        enc = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
        if enc != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def _drop_stdout() -> None:
    """Send what is left of stdout nowhere: Python would fail again at exit."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except OSError:
        pass


def _os_failure(e: OSError) -> int:
    import errno

    from reader.cli.common import fail

    where = f" {e.filename}" if e.filename else ""
    hint = {errno.ENOSPC: "; free some space and run it again (nothing was lost)",
            errno.EROFS: "; the folder is read-only", errno.EACCES: "; check its permissions",
            errno.EDQUOT: "; the disk quota is used up"}.get(e.errno, "")
    return fail(f"cannot write or read{where}: {e.strerror or e}{hint}")


def _crash(e: Exception) -> int:
    import traceback

    from reader.cli.common import EXIT_CRASH
    from reader.display.safe import clean_line

    where = "stderr only"
    try:
        from reader.paths import crash_log

        log = crash_log()
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "a", encoding="utf-8", errors="backslashreplace") as f:
            f.write("".join(traceback.format_exception(e)) + "\n")
        where = str(log)
    except Exception:  # noqa: BLE001 - nowhere to keep it: the line still goes out
        pass
    print(f"reader: internal error (a bug in reader): {clean_line(f'{type(e).__name__}: {e}')}; "
          f"traceback in {clean_line(where)}", file=sys.stderr)
    return EXIT_CRASH


def _command(name: str):
    if name == "bookmarks":
        from reader.cli.bookmarks import run
    elif name == "entities":
        from reader.cli.entities import run
    elif name == "compare":
        from reader.cli.comparing import cmd_compare as run
    elif name == "related":
        from reader.cli.comparing import cmd_related as run
    elif name == "dupes":
        from reader.cli.comparing import cmd_dupes as run
    elif name == "kwic":
        from reader.cli.concordance import cmd_kwic as run
    elif name == "terminal":
        from reader.cli.terminal import cmd_terminal as run
    elif name == "cluster":
        from reader.cli.cluster import run
    else:
        from reader.cli import reading

        run = getattr(reading, f"cmd_{name}")
    return run
