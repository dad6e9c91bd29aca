"""Long output through a pager, as git does it.

When stdout is a terminal, what a command prints goes through
READER_PAGER, else PAGER, else `less`, run by the shell; LESS=FRX is set
when LESS is not, so less quits at once when everything fits on one screen
(-F), passes colour through (-R) and leaves the text on the screen (-X).
An empty pager, `cat`, --no-pager, or stdout that is not a terminal: no
pager.

The pager starts at the first write, not before: a progress bar drawn
while indexing, or an error that comes first, is seen on the terminal and
does not start a pager for nothing.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess


def pager_command(env=os.environ) -> str | None:
    """The pager to run, or None for none."""
    for name in ("READER_PAGER", "PAGER"):
        if name in env:
            command = env[name].strip()
            return None if command in ("", "cat") else command
    return "less" if shutil.which("less") else None


class Pager:
    """A text stream that starts the pager at the first write; what it
    says of itself (isatty, encoding) is the terminal's, for whom the
    output is made."""

    def __init__(self, terminal, command: str):
        self._terminal = terminal
        self._command = command
        self._process: subprocess.Popen | None = None
        self._stream = None

    def _start(self):
        env = dict(os.environ)
        env.setdefault("LESS", "FRX")
        env.setdefault("LV", "-c")
        self._terminal.flush()
        try:
            self._process = subprocess.Popen(self._command, shell=True, stdin=subprocess.PIPE, env=env)
        except OSError:  # no shell to run it: the terminal, unpaged
            self._stream = self._terminal
            return self._stream
        self._stream = io.TextIOWrapper(self._process.stdin, encoding="utf-8", errors="backslashreplace",
                                        line_buffering=False)
        return self._stream

    def write(self, text: str) -> int:
        return (self._stream or self._start()).write(text)

    def writelines(self, lines) -> None:
        (self._stream or self._start()).writelines(lines)

    def flush(self) -> None:
        if self._stream is not None:
            self._stream.flush()

    def fileno(self) -> int:
        return (self._stream or self._terminal).fileno()

    def isatty(self) -> bool:
        return True

    @property
    def encoding(self) -> str:
        return "utf-8"

    def close(self) -> None:
        """End of the output: wait for the person to leave the pager.
        Ctrl+C belongs to the pager meanwhile (less uses it to stop a
        search); leaving it with the pager still reading the terminal
        would break the shell's prompt."""
        if self._process is None:
            return
        try:
            self._stream.close()
        except OSError:  # the pager quit before reading everything
            pass
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            # Polled, not one blocking waitpid: a signal the kernel gives
            # another thread (Ctrl+Z's SIGTSTP) has its handler run in this
            # one only when it comes back to Python, which a blocking wait
            # put off until the pager quit (the terminal's reordering then
            # stayed off while reader was stopped).
            while True:
                try:
                    self._process.wait(timeout=0.1)
                    break
                except subprocess.TimeoutExpired:
                    continue
        finally:
            signal.signal(signal.SIGINT, previous)


def paged(stream, enabled: bool, env=os.environ):
    """stream, or a Pager in front of it when it is a terminal and a pager
    is wanted."""
    if not enabled:
        return stream
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    command = pager_command(env) if tty else None
    return Pager(stream, command) if command else stream
