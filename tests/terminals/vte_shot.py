"""Run commands in VTE terminals (GNOME Terminal's engine) and take screenshots.

Run with a Python that has PyGObject and Vte 2.91 (Debian: /usr/bin/python3
with python3-gi, gir1.2-vte-2.91, gir1.2-gtk-3.0), on an X display (Xvfb):

    python3 vte_shot.py JOBS.json

JOBS.json is a list of jobs, all run at once, each in its own 80x24 window
(the windows are laid side by side, never overlapping, so each one's pixels
can be read back from the X server). A job:

    {"name": "show-on", "argv": [...], "env": {"K": "V"}, "cwd": "/tmp",
     "bidi": true,                 # VTE's own reordering (on by default in VTE)
     "steps": [{"wait": "text", "keys": "typed\\r"}, ...],
     "until": "exit" | "stable",   # the child has exited / the screen is still
     "expect": "text",             # with "stable": wait for this text too
     "png": "/path/shot.png", "timeout": 30}

VTE adds VTE_VERSION to every child's environment itself; run the command
under `env -u VTE_VERSION` to be as a terminal at the far end of SSH.

Prints one JSON object: name -> {"png", "cell": [w, h], "origin": [x, y],
"rows": a digest of each text row's pixels, top to bottom, "lines": each
row's text, "error": null or why the job failed}.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time

import gi

gi.require_version("Gdk", "3.0")
gi.require_version("Gtk", "3.0")
gi.require_version("Vte", "2.91")
from gi.repository import Gdk, GLib, Gtk, Pango, Vte  # noqa: E402

COLS, ROWS = 80, 24
FONT = "DejaVu Sans Mono 12"
STILL = 1.0  # seconds without a change before a screen counts as drawn


def screen_lines(term: Vte.Terminal) -> list[str]:
    """The screen's rows as written (logical cells, whatever the display
    order). Rows are never soft-wrapped here: every command writes lines of
    80 cells at most, or places them (the TUI)."""
    if hasattr(term, "get_text_format"):  # VTE 0.76 and later
        text = term.get_text_format(Vte.Format.TEXT) or ""
    else:
        text = term.get_text(None, None)[0] or ""
    lines = text.split("\n")[:ROWS]
    return lines + [""] * (ROWS - len(lines))


def screen_text(term: Vte.Terminal) -> str:
    return "\n".join(screen_lines(term))


def row_digests(shot, top: int, cell_height: int) -> list[str]:
    """A digest of each text row's band of pixels, the padding's columns included."""
    pixels, stride = shot.get_pixels(), shot.get_rowstride()
    return [hashlib.sha1(pixels[(top + r * cell_height) * stride:(top + (r + 1) * cell_height) * stride]).hexdigest()[:16]
            for r in range(ROWS)]


class Job:
    def __init__(self, spec: dict, x: int, y: int, done):
        self.spec, self.done = spec, done
        self.result = {"png": spec.get("png"), "error": None}
        self.steps = list(spec.get("steps", []))
        self.changed = time.monotonic()
        self.exited = False
        self.deadline = time.monotonic() + spec.get("timeout", 30)
        self.finished = False

        self.win = Gtk.Window(title=spec["name"])
        self.win.move(x, y)
        self.term = term = Vte.Terminal()
        term.set_font(Pango.FontDescription(FONT))
        term.set_size(COLS, ROWS)
        term.set_cursor_blink_mode(Vte.CursorBlinkMode.OFF)
        term.set_scrollback_lines(0)
        term.set_enable_bidi(bool(spec.get("bidi", True)))
        term.set_enable_shaping(bool(spec.get("bidi", True)))
        term.connect("contents-changed", self._changed)
        term.connect("child-exited", self._exited)
        self.win.add(term)
        self.win.show_all()

        env = [f"{k}={v}" for k, v in spec.get("env", {}).items()]
        term.spawn_async(Vte.PtyFlags.DEFAULT, spec.get("cwd"), spec["argv"], env,
                         GLib.SpawnFlags.DEFAULT, None, None, -1, None, self._spawned)
        GLib.timeout_add(100, self._tick)

    def _spawned(self, term, pid, error, *user):
        if error is not None:
            self._finish(f"could not start {self.spec['argv'][0]}: {error}")

    def _changed(self, *a):
        self.changed = time.monotonic()

    def _exited(self, term, status):
        self.exited = True
        self.result["status"] = status

    def _tick(self) -> bool:
        if self.finished:
            return False
        now = time.monotonic()
        if now > self.deadline:
            self._finish("timed out; the screen was:\n" + screen_text(self.term))
            return False
        text = screen_text(self.term)
        if self.steps:
            step = self.steps[0]
            if step.get("wait", "") in text and now - self.changed >= step.get("still", 0.3):
                self.steps.pop(0)
                self.term.feed_child(step["keys"].encode())
                self.changed = now
            return True
        still = now - self.changed >= STILL
        if self.spec.get("until", "exit") == "exit":
            ready = self.exited and still
        else:
            ready = still and self.spec.get("expect", "") in text
        if ready:
            # The cursor sits where the text ended, drawn as focus has it: hide it.
            self.term.feed(b"\x1b[?25l")
            self.term.queue_draw()
            GLib.timeout_add(300, self._shoot)
            return False
        return True

    def _shoot(self) -> bool:
        term = self.term
        alloc = term.get_allocation()
        shot = Gdk.pixbuf_get_from_window(self.win.get_window(), alloc.x, alloc.y, alloc.width, alloc.height)
        if shot is None:
            self._finish("no pixels from the window")
            return False
        shot.savev(self.spec["png"], "png", [], [])
        pad = term.get_style_context().get_padding(Gtk.StateFlags.NORMAL)
        self.result.update(cell=[term.get_char_width(), term.get_char_height()], origin=[pad.left, pad.top],
                           rows=row_digests(shot, pad.top, term.get_char_height()), lines=screen_lines(term))
        self._finish(None)
        return False

    def _finish(self, error):
        if self.finished:
            return
        self.finished = True
        self.result["error"] = error
        self.done()


def main() -> int:
    specs = json.load(open(sys.argv[1], encoding="utf-8"))
    remaining = [len(specs)]

    def done():
        remaining[0] -= 1
        if remaining[0] == 0:
            Gtk.main_quit()

    screen = Gdk.Display.get_default().get_monitor(0).get_geometry()
    per_row = max(1, screen.width // 860)
    if len(specs) > per_row * max(1, screen.height // 500):
        sys.exit(f"vte_shot: {len(specs)} windows do not fit side by side on a {screen.width}x{screen.height} screen")
    jobs = [Job(s, 860 * (i % per_row), 500 * (i // per_row), done) for i, s in enumerate(specs)]
    if jobs:
        Gtk.main()
    json.dump({j.spec["name"]: j.result for j in jobs}, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
