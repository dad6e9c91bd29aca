"""Focus that moves at once."""

from __future__ import annotations


def focus_now(widget) -> None:
    """Focus a widget now. Widget.focus() waits its turn behind the keys
    already queued, so keys sent at machine speed (a paste, tmux send-keys:
    "/", Ctrl+U, a query) went to the old focus and were lost."""
    widget.screen.set_focus(widget)
