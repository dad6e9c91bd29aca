"""The terminal's own reordering: switched off while reader writes shaped
text to it, left alone for terminals that reorder by themselves, turned
back at every way out (reader.display.terminal, reader.tui.driver).

VTE itself is tried under Xvfb in tests/test_terminals.py; these tests read
the bytes reader writes to a pseudo-terminal."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import signal
import struct
import subprocess
import termios
import time

import pytest

from conftest import READER, PRESENTATION, run_reader, run_tty, wait_for
from reader.display.layout import Paragraph
from reader.display.terminal import REORDER_OFF, REORDER_ON, WORDS, Mode, layout, reordering

DOC = "001_4842e351d2c85202.txt"


# --- who reorders ----------------------------------------------------------------------------------


@pytest.mark.parametrize("env, name", [({"KONSOLE_VERSION": "230804"}, "Konsole"), ({"MLTERM": "3.9.3"}, "mlterm"),
                                       ({"TERM_PROGRAM": "Apple_Terminal"}, "Terminal.app")])
def test_terminals_that_reorder_by_themselves_get_logical_text_and_no_switch(env, name):
    lay = layout("auto", True, env)
    assert (lay.shape, lay.switch) == (False, False) and name in lay.rule
    # over SSH their variables are not passed: the person says so in the config (reader terminal)
    lay = layout(Mode("auto", "default", "terminal", "config.toml"), True, {})
    assert (lay.shape, lay.switch) == (False, False) and "config.toml" in lay.rule


def test_other_terminals_get_shaped_text_with_the_switch_and_pipes_neither():
    for env in ({}, {"VTE_VERSION": "7006"}, {"TERM_PROGRAM": "tmux", "TMUX": "/tmp/t,1,0"},
                {"SSH_CONNECTION": "1 2 3 4", "SSH_TTY": "/dev/pts/1"}):
        assert layout("auto", True, env)[:2] == (True, True), env
    assert layout("auto", False, {"VTE_VERSION": "7006"})[:2] == (False, False)  # reader search | grep
    assert layout("auto", False, {"SSH_CONNECTION": "1 2 3 4"})[:2] == (True, True)  # ssh host reader search
    assert layout("always", False, {})[:2] == (True, False)  # shaped into a file, no escape in it
    assert layout("never", True, {})[:2] == (False, False)
    assert layout(Mode("auto", "default", "reader", "READER_BIDI"), True, {"KONSOLE_VERSION": "1"})[:2] == (True, True)


def test_kitty_gets_the_words_ordered_and_each_word_as_written_without_the_switch():
    for env in ({"KITTY_WINDOW_ID": "1"}, {"TERM": "xterm-kitty"}):
        lay = layout("auto", True, env)
        assert (lay.shape, lay.switch) == (WORDS, False) and "kitty" in lay.rule
    assert layout("auto", False, {"KITTY_WINDOW_ID": "1"})[:2] == (False, False)  # a pipe: as written
    assert layout("always", True, {"KITTY_WINDOW_ID": "1"})[:2] == (True, True)  # asked for: visual order
    # over SSH kitty's variables are not passed (TERM is, unless the host lacks its terminfo)
    lay = layout(Mode("auto", "default", "words", "READER_BIDI"), True, {})
    assert (lay.shape, lay.switch) == (WORDS, False) and "READER_BIDI" in lay.rule


def test_kitty_on_a_terminal_gets_words_as_written_in_visual_order(indexed):
    screen, _o, _e, code = run_tty("show", DOC, "--no-pager", "--corpus", str(indexed), env={"KITTY_WINDOW_ID": "3"})
    assert code == 0 and "\x1b[8" not in screen and PRESENTATION.search(screen)
    title = "انتهت دولة 'الخلافة' وبقي خطرها عابرا للحدود"
    words, visual = (Paragraph(title, 0, shape).lines(80)[0].text.strip() for shape in (WORDS, True))
    assert words in screen and visual not in screen and words != visual


def test_inside_tmux_or_screen_the_switch_is_also_passed_through_and_the_console_gets_bdsm_alone():
    assert reordering(True, {}) == REORDER_OFF == "\x1b[8l\x1b[1 k"
    tmux = reordering(True, {"TMUX": "/tmp/tmux-0/default,1,0"})
    assert tmux == REORDER_OFF + "\x1bPtmux;" + REORDER_OFF.replace("\x1b", "\x1b\x1b") + "\x1b\\"
    assert reordering(False, {"STY": "1.pts-0"}) == REORDER_ON + "\x1bP" + REORDER_ON + "\x1b\\"
    # the Linux console would print the k of CSI 1 SP k
    assert reordering(True, {"TERM": "linux"}) == "\x1b[8l" and reordering(False, {"TERM": "linux"}) == "\x1b[8h"


# --- the CLI ---------------------------------------------------------------------------------------


def test_a_terminal_gets_the_switch_around_shaped_text(indexed):
    screen, _o, _e, code = run_tty("show", DOC, "--no-pager", "--corpus", str(indexed))
    assert code == 0 and PRESENTATION.search(screen)
    assert screen.startswith(REORDER_OFF) and screen.rstrip("\n").endswith(REORDER_ON)
    assert screen.count(REORDER_OFF) == 1 and screen.count(REORDER_ON) == 1


def test_a_pipe_or_a_file_gets_no_switch(indexed):
    r = run_reader("show", DOC, "--corpus", str(indexed))
    assert r.returncode == 0 and "\x1b" not in r.stdout
    r = run_reader("show", DOC, "--shape", "always", "--corpus", str(indexed))
    assert PRESENTATION.search(r.stdout) and "\x1b" not in r.stdout


def test_konsole_gets_logical_text_and_no_switch(indexed):
    screen, *_ = run_tty("show", DOC, "--no-pager", "--corpus", str(indexed), env={"KONSOLE_VERSION": "230804"})
    assert "\x1b[8" not in screen and not PRESENTATION.search(screen) and "الخلافة" in screen


def test_the_pager_never_sees_the_switch_the_terminal_does(indexed, tmp_path):
    got = tmp_path / "paged.txt"
    screen, _o, _e, code = run_tty("show", DOC, "--corpus", str(indexed), env={"READER_PAGER": f"cat > {got}"})
    paged = got.read_text(encoding="utf-8")
    assert code == 0 and PRESENTATION.search(paged) and "\x1b[8" not in paged and "\x1b[1 k" not in paged
    assert screen.startswith(REORDER_OFF) and screen.endswith(REORDER_ON)


def test_reader_config_says_which_rule_decided():
    screen, *_ = run_tty("config", "--no-pager", env={"KONSOLE_VERSION": "230804"})
    assert re.search(r"shaped here\s+no\s+\(Konsole \(KONSOLE_VERSION=230804\) reorders by itself", screen)
    screen, *_ = run_tty("config", "--no-pager", env={"VTE_VERSION": "7006"})
    assert re.search(r"shaped here\s+yes\s+\(VTE_VERSION: .*switched off\)", screen)


class Pty:
    """reader on a pseudo-terminal, its bytes read as they come."""

    def __init__(self, *args, env=None, stdin=None, blocked=()):
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        full = {**os.environ, "TERM": "xterm-256color", **(env or {})}
        self.proc = subprocess.Popen([READER, *args], stdin=stdin if stdin else slave,
                                     stdout=slave, stderr=slave, env=full, start_new_session=True,
                                     preexec_fn=(lambda: signal.pthread_sigmask(signal.SIG_BLOCK, blocked)) if blocked else None)
        os.close(slave)
        self.master, self.seen = master, b""

    def wait_for(self, data: bytes, timeout: float = 60, after: int = 0) -> int:
        """Read until data shows up after offset `after`; where it is."""
        end = time.monotonic() + timeout
        while (at := self.seen.find(data, after)) < 0:
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{data!r} never came; the last bytes: {self.seen[-300:]!r}")
            if select.select([self.master], [], [], min(left, 0.2))[0]:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    chunk = b""
                if not chunk and self.proc.poll() is not None:
                    raise AssertionError(f"reader ended before {data!r}: {self.seen[-300:]!r}")
                self.seen += chunk
        return at

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def settled(self) -> bool:
        """reader has the switch's signal handlers in place (they come just
        after it writes OFF) and sleeps: reading its input, or waiting for its
        pager. A signal sent before the handlers would find the default action."""
        with open(f"/proc/{self.proc.pid}/status", encoding="utf-8") as f:
            fields = dict(line.split(":", 1) for line in f if ":" in line)
        caught = int(fields["SigCgt"], 16)
        handled = all(caught >> (sig - 1) & 1 for sig in (signal.SIGTSTP, signal.SIGCONT, signal.SIGTERM, signal.SIGHUP))
        return handled and fields["State"].split()[0] == "S"

    def raw(self) -> bool:
        """The terminal is in the TUI's raw mode: no line editing, and Ctrl+Q
        is a key for reader, not the terminal's XON."""
        iflag, _oflag, _cflag, lflag, *_ = termios.tcgetattr(self.master)
        return not (lflag & termios.ICANON) and not (iflag & termios.IXON)

    def close(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)
        os.close(self.master)


OFF, ON = REORDER_OFF.encode(), REORDER_ON.encode()


# some job runners (a CI's) start processes with SIGCONT blocked: fg must still turn it off again
@pytest.mark.parametrize("blocked", [(), (signal.SIGCONT,)], ids=["", "sigcont-blocked"])
def test_ctrl_z_turns_it_back_and_fg_off_again(indexed, blocked):
    # a pager that waits keeps reader running while it is stopped and woken
    t = Pty("show", DOC, "--corpus", str(indexed), env={"READER_PAGER": "sleep 30"}, blocked=blocked)
    try:
        t.wait_for(OFF)
        wait_for(t.settled, what="reader waiting for its pager, its signal handlers in place")
        os.kill(t.proc.pid, signal.SIGTSTP)
        on = t.wait_for(ON)
        _fg(t, after=on)
    finally:
        t.close()


def _fg(t, after: int) -> int:
    """SIGCONT, as a shell's fg, until the switch is off again and reader
    runs; where. A shell sends it once the job has stopped; here (a session
    of its own, an orphaned process group) the handler's own SIGTSTP is
    discarded, and a SIGCONT that comes between the handler's ON and that
    SIGTSTP is flushed by it, so one is sent again until it lands after.
    One that lands inside the stop handler, before its SIGSTOP, resumes the
    screen and is then stopped: sent again too."""
    end = time.monotonic() + 60
    while True:
        os.kill(t.proc.pid, signal.SIGCONT)
        try:
            back = t.wait_for(OFF, timeout=0.5, after=after)
        except AssertionError:
            if time.monotonic() > end or t.proc.poll() is not None:
                raise
            continue
        # the SIGSTOP, if one follows, comes microseconds after the resume
        settled = time.monotonic() + 0.3
        while time.monotonic() < settled and not _stopped(t.proc.pid):
            time.sleep(0.02)
        if not _stopped(t.proc.pid):
            return back
        after = back


def _stopped(pid: int) -> bool:
    """Whether the process is stopped (state T in /proc/PID/stat)."""
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()[0] == "T"


@pytest.mark.parametrize("how", ["SIGINT", "SIGTERM"])
def test_ctrl_c_or_a_kill_turns_it_back(indexed, how):
    # `reader show -` waits for its standard input: stopped there
    r, w = os.pipe()
    t = Pty("show", "-", "--corpus", str(indexed), stdin=r)
    os.close(r)
    try:
        t.wait_for(OFF)
        wait_for(t.settled, what="reader waiting for its input, its signal handlers in place")
        os.kill(t.proc.pid, getattr(signal, how))
        t.wait_for(ON, after=t.seen.find(OFF))
        assert t.proc.wait(20) in (130, -signal.SIGTERM)
    finally:
        os.close(w)
        t.close()


# --- the TUI ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("blocked", [(), (signal.SIGCONT,)], ids=["", "sigcont-blocked"])
def test_the_tui_switches_it_off_before_its_screen_and_back_after_around_ctrl_z(indexed, blocked):
    t = Pty("--corpus", str(indexed), blocked=blocked)
    try:
        off = t.wait_for(OFF)
        alt = t.wait_for(b"\x1b[?1049h")
        assert off < alt  # before the alternate screen's rows are made
        t.wait_for(b"search", after=alt)
        t.send(b"\x1a")  # Ctrl+Z
        left = t.wait_for(b"\x1b[?1049l", after=alt)
        on = t.wait_for(ON, after=left)
        back = _fg(t, after=on)
        again = t.wait_for(b"\x1b[?1049h", after=back)
        t.wait_for(b"type a query", after=again)  # the whole screen drawn again, the status line too
        wait_for(t.raw, what="the terminal back in the TUI's raw mode")
        t.send(b"\x11")  # Ctrl+Q
        t.wait_for(ON, after=t.wait_for(b"\x1b[?1049l", after=back))
        assert t.proc.wait(20) == 0
    finally:
        t.close()


def test_the_tui_in_konsole_draws_logical_text_without_the_switch(indexed):
    t = Pty("--corpus", str(indexed), env={"KONSOLE_VERSION": "230804"})
    try:
        t.wait_for(b"\x1b[?1049h")
        t.wait_for(b"search")
        t.send(b"\x11")
        assert t.proc.wait(20) == 0
        assert b"\x1b[8l" not in t.seen
    finally:
        t.close()


# --- reader terminal -------------------------------------------------------------------------------


def test_reader_terminal_shows_each_way_and_keeps_the_answer(tmp_path):
    from reader import paths

    t = Pty("terminal")
    try:
        t.wait_for(b"1, 2 or 3")
        out = t.seen.decode("utf-8", "replace")
        one, two = out.index("1  reader reorders"), out.index("2  the terminal reorders")
        three = out.index("3  reader orders the words")
        assert PRESENTATION.search(out[three:]) and out.index(REORDER_OFF, three) > three
        # line 1 shaped with the terminal's reordering off, line 2 as written with it on
        assert out.index(REORDER_OFF, one) < two and PRESENTATION.search(out[one:two])
        assert out.index(REORDER_ON, two) > two and "رؤية السعودية 2030" in out[two:]
        t.send(b"2\r")
        t.wait_for(b"written to")
        assert t.proc.wait(20) == 0
    finally:
        t.close()
    config = run_reader("config", "--json")
    assert json.loads(config.stdout)["bidi"] == {"value": "terminal", "source": str(paths.config_file())}
    screen, *_ = run_tty("config", "--no-pager")
    assert re.search(r"shaped here\s+no\s+\(bidi terminal \(", screen)


def test_reader_terminal_set_keeps_the_rest_of_the_config(tmp_path):
    from reader import paths

    cfg = paths.config_file()
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text('# mine\ncorpus = ["/tmp"]\nbidi = "terminal"\n\n[limits]\nread_seconds = 60\n', encoding="utf-8")
    r = run_reader("terminal", "--set", "reader")
    assert r.returncode == 0
    assert cfg.read_text(encoding="utf-8") == '# mine\ncorpus = ["/tmp"]\nbidi = "reader"\n\n[limits]\nread_seconds = 60\n'
    cfg.write_text("[limits]\nread_seconds = 60\n", encoding="utf-8")
    assert run_reader("terminal", "--set", "terminal").returncode == 0
    assert cfg.read_text(encoding="utf-8") == 'bidi = "terminal"\n[limits]\nread_seconds = 60\n'
    r = run_reader("terminal")  # no terminal to ask on
    assert r.returncode == 2 and "--set" in r.stderr


def test_a_bad_bidi_setting_is_named():
    r = run_reader("config", env={"READER_BIDI": "sideways"})
    assert r.returncode == 2 and "bidi 'sideways' (READER_BIDI) is not one of auto, reader, terminal" in r.stderr
