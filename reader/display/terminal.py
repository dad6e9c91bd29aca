"""What the terminal at the other end does with right-to-left text.

Terminals split three ways (the README's terminal table names them):

- those that show cells in the order given: xterm, tmux, the Linux
  console, and VTE (GNOME Terminal, Tilix, xfce4-terminal,
  Terminator) or mintty once they are told to. reader shapes and reorders
  Arabic itself (reader.display.layout) and, while it writes, switches their own
  reordering off: ECMA-48's BDSM reset (``CSI 8 l``, explicit mode) and
  an explicit left-to-right presentation (``CSI 1 SP k``), as "BiDi in
  Terminal Emulators" (terminal-wg) specifies; ``CSI 0 SP k``, ``CSI 8 h``
  give the terminal its own way back. Terminals without bidi ignore both.
  VTE keeps the mode a row was written in with the row, so what was
  printed stays right after the switch is turned back.
- those that reorder by themselves and cannot be told not to: Konsole,
  mlterm and macOS Terminal.app, known by the variables they set
  (KONSOLE_VERSION, MLTERM, TERM_PROGRAM=Apple_Terminal). They get logical
  text, as written, and do the rest.
- kitty, which does no bidi but draws each Arabic word right to left
  itself (HarfBuzz): reader orders the words and leaves each word's
  letters as written (display.WORDS). Known by KITTY_WINDOW_ID or
  TERM=xterm-kitty; it has no reordering to switch off.
- the unknown: over SSH those variables are not passed. reader takes the
  first kind; `reader terminal` asks the person which reads right and
  writes the answer into config.toml.

Nothing here imports Textual: the CLI writes the switch itself, the TUI's
driver (reader.tui.driver) writes the same sequences.
"""

from __future__ import annotations

import os
import signal
from collections import namedtuple

# Reordering off (BDSM reset: explicit mode; SCP: left-to-right
# presentation) and back on (default presentation, implicit mode).
BDSM_OFF, BDSM_ON = "\x1b[8l", "\x1b[8h"
SCP_LTR, SCP_DEFAULT = "\x1b[1 k", "\x1b[0 k"
REORDER_OFF = BDSM_OFF + SCP_LTR
REORDER_ON = SCP_DEFAULT + BDSM_ON

# (variable, value or None for any, name): terminals that reorder by
# themselves and have no switch to stop it.
SELF_REORDERING = (
    ("KONSOLE_VERSION", None, "Konsole"),
    ("MLTERM", None, "mlterm"),
    ("TERM_PROGRAM", "Apple_Terminal", "Terminal.app"),
)

# The settings that decide: shape (auto, always, never) and bidi (auto,
# reader, terminal, words), each with where it was set.
Mode = namedtuple("Mode", "shape shape_source bidi bidi_source", defaults=("default", "auto", "default"))

# shape: reader shapes and reorders (else logical text, as written; WORDS:
# the words reordered, each one's letters as written);
# switch: it turns the terminal's own reordering off while it writes;
# rule: why, in words, for `reader config`.
Layout = namedtuple("Layout", "shape switch rule")
# The shape for kitty: reader.display.layout orders the words, each word's letters as written.
WORDS = "words"


def layout(mode: Mode | str, tty: bool, env=os.environ) -> Layout:
    """How to write Arabic to stdout, tty telling whether it is a terminal."""
    mode = Mode(mode) if isinstance(mode, str) else mode
    if mode.shape == "never":
        return Layout(False, False, f"shape never ({mode.shape_source}): logical text, as written")
    to_terminal = tty or over_ssh_without_terminal(env)
    if mode.shape == "always":
        return Layout(True, to_terminal, f"shape always ({mode.shape_source})"
                      + ("" if to_terminal else ": shaped into a pipe or a file"))
    if not to_terminal:
        return Layout(False, False, "stdout is not a terminal: logical text, as written")
    where = "ssh without a terminal; " if not tty else ""
    if mode.bidi == "terminal":
        return Layout(False, False, f"{where}bidi terminal ({mode.bidi_source}): logical text, the terminal reorders")
    if mode.bidi == "reader":
        return Layout(True, True, f"{where}bidi reader ({mode.bidi_source}): {_READER_REORDERS}")
    if mode.bidi == "words":
        return Layout(WORDS, False, f"{where}bidi words ({mode.bidi_source}): {_WORDS}")
    reorders = self_reordering(env)
    if reorders:
        return Layout(False, False, f"{where}{reorders} reorders by itself: logical text")
    kitty = _kitty(env)
    if kitty:
        return Layout(WORDS, False, f"{where}kitty ({kitty}): {_WORDS}")
    vte = "VTE_VERSION: GNOME Terminal or kin; " if env.get("VTE_VERSION") else ""
    return Layout(True, True, f"{where}{vte}a terminal: {_READER_REORDERS}")


_READER_REORDERS = "reader reorders, the terminal's own reordering switched off"
_WORDS = "reader orders the words, the terminal draws each word's letters"


def _kitty(env) -> str | None:
    """The variable that says the terminal is kitty, with its value."""
    if env.get("KITTY_WINDOW_ID"):
        return f"KITTY_WINDOW_ID={env['KITTY_WINDOW_ID']}"
    if env.get("TERM") == "xterm-kitty":
        return "TERM=xterm-kitty"
    return None


def self_reordering(env=os.environ) -> str | None:
    """The terminal's name and the variable that told, when it is one that
    reorders by itself; else None."""
    for name, value, terminal in SELF_REORDERING:
        have = env.get(name)
        if have and (value is None or have == value):
            return f"{terminal} ({name}={have})"
    return None


def over_ssh_without_terminal(env=os.environ) -> bool:
    """`ssh host reader …` with no -t: a pipe here, a person at the other end."""
    return bool(env.get("SSH_CONNECTION")) and not env.get("SSH_TTY")


def reordering(off: bool, env=os.environ) -> str:
    """What to write to turn the terminal's own reordering off (or back on):
    the switch, and again wrapped for the terminal outside tmux or GNU
    screen, which drop what they do not know (tmux passes the wrapped copy
    on with `allow-passthrough on`, tmux 3.3 and later). The Linux console
    does not parse CSI 1 SP k and would print its k: it gets BDSM alone."""
    if env.get("TERM", "").startswith("linux"):
        sequence = BDSM_OFF if off else BDSM_ON
    else:
        sequence = REORDER_OFF if off else REORDER_ON
    escaped = sequence.replace("\x1b", "\x1b\x1b")
    if env.get("TMUX"):
        return f"{sequence}\x1bPtmux;{escaped}\x1b\\"
    if env.get("STY"):
        return f"{sequence}\x1bP{sequence}\x1b\\"
    return sequence


class Switch:
    """The terminal's reordering off from start() to stop(), and back on
    while the process is stopped (Ctrl+Z), when it is terminated (SIGTERM,
    SIGHUP) and at exit. Writes to the file descriptor itself: a signal may
    come in the middle of a buffered write."""

    def __init__(self, fd: int, env=os.environ) -> None:
        self.fd = fd
        self.off = reordering(True, env).encode()
        self.on = reordering(False, env).encode()
        self._handlers: dict[int, object] = {}
        self._blocked: set[int] = set()  # blocked when started: blocked again when stopped
        self.active = False

    def start(self) -> "Switch":
        self._write(self.off)
        self.active = True
        handlers = {signal.SIGTSTP: self._suspend, signal.SIGCONT: self._resume,
                    signal.SIGTERM: self._terminate, signal.SIGHUP: self._terminate}
        for sig, handler in handlers.items():
            try:
                self._handlers[sig] = signal.signal(sig, handler)
            except (ValueError, OSError):  # not the main thread: the caller restores by stop()
                pass
        # a mask inherited from the parent (some job runners block SIGCONT)
        # would hold the handlers back: fg would leave the reordering off
        self._blocked = signal.pthread_sigmask(signal.SIG_UNBLOCK, self._handlers) & set(self._handlers)
        import atexit

        atexit.register(self.stop)
        return self

    def stop(self) -> None:
        for sig, previous in self._handlers.items():
            try:
                signal.signal(sig, previous)
            except (ValueError, OSError, TypeError):
                pass
        self._handlers.clear()
        if self._blocked:
            signal.pthread_sigmask(signal.SIG_BLOCK, self._blocked)
            self._blocked = set()
        if self.active:
            self.active = False
            self._write(self.on)

    def __enter__(self) -> "Switch":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _write(self, data: bytes) -> None:
        try:
            os.write(self.fd, data)
        except OSError:  # the terminal is gone: nothing to switch
            pass

    def _suspend(self, signum, frame) -> None:
        self._write(self.on)
        signal.signal(signal.SIGTSTP, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTSTP)  # stops here until SIGCONT

    def _resume(self, signum, frame) -> None:
        signal.signal(signal.SIGTSTP, self._suspend)
        if self.active:
            self._write(self.off)

    def _terminate(self, signum, frame) -> None:
        self.stop()
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
