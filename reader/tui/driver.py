"""The TUI's terminal driver, with the terminal's own reordering off.

The TUI draws Arabic shaped and in visual order (reader.display.layout), so a
terminal that reorders by itself (VTE) must be told not to, as the CLI
does (reader.display.terminal). The switch is written when application mode starts
and turned back when it stops: at start and exit, and around Ctrl+Z, which
Textual's driver handles by stopping and starting application mode again.
It goes before the alternate screen is entered: VTE keeps a row's mode
with the row.
"""

from __future__ import annotations

from reader.display.terminal import reordering


def reordering_off(base: type) -> type:
    """A driver class like base that switches the reordering off while the
    application runs."""

    class ReorderingOff(base):
        def start_application_mode(self) -> None:
            # The writer thread starts inside: straight to the terminal.
            try:
                self._file.write(reordering(off=True))
                self._file.flush()
            except (OSError, ValueError):  # the terminal is gone
                pass
            super().start_application_mode()

        def stop_application_mode(self) -> None:
            super().stop_application_mode()
            # Behind what is queued (leaving the alternate screen).
            self.write(reordering(off=False))
            self.flush()

    return ReorderingOff
