"""The one base of every error a user can act on.

Each layer raises its own subclass (a bad query, a damaged index, a locked
bookmark store, a bad config file); the CLI prints any of them as one line
and the TUI shows it in its status line. Anything else is a bug and keeps
its traceback.
"""

from __future__ import annotations


class ReaderError(Exception):
    """An error told in one line: what went wrong and what to do about it."""

    def __str__(self) -> str:
        return " ".join(super().__str__().split())


def reason(e: Exception) -> str:
    """One line for an error: its own message, or its kind if it has none
    (a bug's exception, shown in a status line rather than lost)."""
    return str(e) if isinstance(e, ReaderError) and str(e) else f"{type(e).__name__}: {e}".rstrip(": ")
