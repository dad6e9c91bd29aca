"""`reader terminal`: which way Arabic reads right on this terminal, asked
of the person who sees it, and kept in config.toml (bidi = ...).

Over SSH reader cannot tell the terminal at the other end by its variables
(reader.display.terminal); the person can, by looking at three lines.
"""

from __future__ import annotations

import os
import sys

from reader.cli.common import EXIT_ERROR, EXIT_OK, config, fail
from reader.display.layout import Paragraph
from reader.display.terminal import WORDS, reordering

SAMPLE = "رؤية السعودية 2030 (Vision) تبدأ اليوم، وهي خطة للاقتصاد."
ANSWERS = {"1": "reader", "2": "terminal", "3": "words"}


def cmd_terminal(args) -> int:
    cfg = config(args)
    if args.set_bidi:
        return _save(cfg, args.set_bidi)
    if not (sys.stdout.isatty() and sys.stdin.isatty()):
        return fail("reader terminal shows three lines and asks which reads right: run it in the terminal "
                    "(over ssh: ssh -t), or give the answer with --set reader|terminal|words")
    width = min(os.get_terminal_size(sys.stdout.fileno()).columns, 80)
    print("Which line reads right: the sentence from the right edge, its letters joined,")
    print("2030 and (Vision) left to right as usual?")
    _show("1  reader reorders (xterm, GNOME Terminal and other VTE terminals, tmux):", True, SAMPLE, True, width)
    _show("2  the terminal reorders (Konsole, mlterm, Terminal.app):", False, SAMPLE, False, width)
    _show("3  reader orders the words, the terminal each word's letters (kitty):", True, SAMPLE, WORDS, width)
    print()
    try:
        answer = input("1, 2 or 3 (Enter: none; nothing is written): ").strip()
    except EOFError:
        answer = ""
    if answer not in ANSWERS:
        print("Nothing written. If none reads right, the terminal or its font lacks Arabic;"
              " `reader config` shows what reader does now.")
        return EXIT_OK
    return _save(cfg, ANSWERS[answer])


def _show(label: str, off: bool, text: str, shape: bool | str, width: int) -> None:
    """A label, then text laid out one way, written with the terminal's own
    reordering switched as that way needs (VTE keeps the mode with the row)."""
    print()
    print(label)
    sys.stdout.flush()
    os.write(sys.stdout.fileno(), reordering(off).encode())
    for line in Paragraph(text, shape=shape).lines(width):
        print(line.text)
    sys.stdout.flush()


def _save(cfg, bidi: str) -> int:
    from reader.userdata.config import ConfigError, write_setting

    try:
        write_setting(cfg.path, "bidi", bidi)
    except ConfigError as e:
        fail(str(e))
        return EXIT_ERROR
    print(f'bidi = "{bidi}" written to {cfg.path}' + ("" if not os.environ.get("READER_BIDI") else
          " (READER_BIDI, set here, still wins)"))
    return EXIT_OK
