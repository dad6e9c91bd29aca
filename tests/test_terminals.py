"""Arabic in real terminals under Xvfb: VTE (GNOME Terminal's engine) and xterm.

VTE reorders right-to-left text by itself; reader's Arabic comes already
shaped and in visual order, so reader must switch that off while it writes
(reader.display.terminal). Each check draws the same thing twice and compares the
screenshots row by row (a digest of each text row's pixels):

- in VTE as it ships (its bidi on), the command as a user types it;
- in VTE with its bidi off (a terminal that shows cells in the order given):
  reader's visual order, which tests/test_display.py checks against GNU
  FriBidi, drawn as it is meant to look.

tests/terminals/vte_shot.py runs every VTE window at once, in one process
(with Debian's Python: python3-gi, gir1.2-vte-2.91), on an Xvfb started once
for this module. Skipped, with the reason, where Xvfb, gi or Vte is missing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from conftest import READER, ROOT, SEEDS, wait_for

SHOT = ROOT / "tests" / "terminals" / "vte_shot.py"
GI_PYTHON = os.environ.get("READER_GI_PYTHON", "/usr/bin/python3")
DOC = "000_4988a48e5e8b9510.txt"
QUERY = "داعش"
TIMING = re.compile(r"\d+ ms\b")  # a search's time: not the same twice


def _gi_missing() -> str | None:
    if not Path(GI_PYTHON).exists():
        return f"{GI_PYTHON} not found (READER_GI_PYTHON names a Python with gi and Vte)"
    probe = ("import gi; gi.require_version('Gtk', '3.0'); gi.require_version('Vte', '2.91');"
             "from gi.repository import Vte")
    r = subprocess.run([GI_PYTHON, "-c", probe], capture_output=True, text=True, timeout=30)
    if r.returncode:
        return ("no PyGObject with Vte 2.91 (apt-get install python3-gi gir1.2-vte-2.91 gir1.2-gtk-3.0; "
                f".ci/run installs them): {r.stderr.strip().splitlines()[-1:]}")
    return None


@pytest.fixture(scope="module")
def display():
    """An Xvfb of its own for this module: its number, as DISPLAY wants it."""
    if not shutil.which("Xvfb"):
        pytest.skip("Xvfb is not installed (apt-get install xvfb; .ci/run installs it)")
    read, write = os.pipe()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "3440x2500x24", "-nolisten", "tcp"],
                            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    os.close(write)
    with os.fdopen(read) as f:
        number = f.readline().strip()  # written once the server is ready
    if not number:
        proc.kill()
        pytest.skip(f"Xvfb could not start: {proc.communicate(timeout=10)[1].decode()[-300:]}")
    yield f":{number}"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A seeds copy, indexed, and the environment reader runs in there."""
    top = tmp_path_factory.mktemp("terminals")
    corpus = top / "seeds"
    shutil.copytree(SEEDS, corpus)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(top), "LANG": "C.UTF-8",
           "READER_BACKGROUND": "0", "NO_AT_BRIDGE": "1"}
    for var in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        env[var] = str(top / var.lower())
    reader = [READER]
    subprocess.run([*reader, "index", "--corpus", str(corpus)], env=env, check=True, capture_output=True, timeout=120)
    # reader's visual order for 80 columns, into a file: no escape sequences.
    visual = top / "visual.txt"
    with open(visual, "w", encoding="utf-8") as out:
        subprocess.run([*reader, "show", DOC, "--corpus", str(corpus), "--shape", "always", "--color", "never",
                        "--width", "80", "--no-pager"], env=env, stdout=out, check=True, timeout=120)
    return {"top": top, "corpus": corpus, "env": env, "reader": reader, "visual": visual}


def _vte_jobs(w) -> list[dict]:
    reader, corpus, top = w["reader"], str(w["corpus"]), w["top"]
    show = [*reader, "show", DOC, "--corpus", corpus]
    # Through the pager, which shows the first page and waits, where less is.
    paged = {"until": "stable", "expect": "(file "} if shutil.which("less") else {"until": "exit"}
    if not shutil.which("less"):
        show.append("--no-pager")
    search = [*reader, "search", QUERY, "--corpus", corpus, "--limit", "2", "--no-pager"]
    head = f"head -22 {w['visual']}"
    tui_steps = [{"wait": "type a query", "keys": QUERY}, {"wait": "\ufeb6", "keys": "\r"},  # ش, shaped
                 {"wait": "documents match", "keys": "\r"}]
    tui = {"steps": tui_steps, "until": "stable", "expect": "(file ", "timeout": 60}
    jobs = [
        # The harness itself: the switch makes bidi-on VTE draw as bidi-off
        # VTE does, and without it the two differ.
        {"name": "cat-switched", "argv": ["sh", "-c", f"printf '\\033[8l'; {head}"]},
        {"name": "cat-plain", "argv": ["sh", "-c", head]},
        {"name": "cat-ref", "argv": ["sh", "-c", head], "bidi": False},
        # What VTE passes its children, and `env -u VTE_VERSION` as over SSH.
        {"name": "var-vte", "argv": ["sh", "-c", "echo VTE_VERSION=${VTE_VERSION:-unset}"]},
        {"name": "var-ssh", "argv": ["env", "-u", "VTE_VERSION", "sh", "-c", "echo VTE_VERSION=${VTE_VERSION:-unset}"]},
        {"name": "show-vte", "argv": show, **paged},
        {"name": "show-ssh", "argv": ["env", "-u", "VTE_VERSION", *show], **paged},
        {"name": "show-ref", "argv": [*show, "--shape", "always"], "bidi": False, **paged},
        {"name": "search-vte", "argv": search},
        {"name": "search-ref", "argv": [*search, "--shape", "always"], "bidi": False},
        {"name": "tui-vte", "argv": [*reader, "--corpus", corpus], **tui},
        {"name": "tui-ssh", "argv": ["env", "-u", "VTE_VERSION", *reader, "--corpus", corpus], **tui},
        {"name": "tui-ref", "argv": [*reader, "--corpus", corpus], "bidi": False, **tui},
    ]
    for job in jobs:
        job.setdefault("png", str(top / f"{job['name']}.png"))
        job.setdefault("cwd", str(top))
        job.setdefault("env", w["env"])
    return jobs


@pytest.fixture(scope="module")
def vte(display, world):
    """Every VTE window's result, by name (see tests/terminals/vte_shot.py)."""
    missing = _gi_missing()
    if missing:
        pytest.skip(missing)
    jobs = world["top"] / "jobs.json"
    jobs.write_text(json.dumps(_vte_jobs(world), ensure_ascii=False), encoding="utf-8")
    env = {**world["env"], "DISPLAY": display, "GDK_BACKEND": "x11"}
    r = subprocess.run([GI_PYTHON, str(SHOT), str(jobs)], capture_output=True, text=True, env=env, timeout=150)
    assert r.returncode == 0, r.stderr[-2000:]
    return json.loads(r.stdout)


def _result(vte, name: str) -> dict:
    result = vte[name]
    assert result["error"] is None, f"{name}: {result['error']}"
    return result


def differing_rows(vte, name: str, ref: str) -> list[str]:
    """The rows of name's screenshot unlike ref's, each with its text; a row
    showing a search's time is left out (it is not the same twice)."""
    a, b = _result(vte, name), _result(vte, ref)
    return [f"row {i}: {a['lines'][i]!r}" for i in range(len(a["rows"]))
            if a["rows"][i] != b["rows"][i] and not TIMING.search(a["lines"][i] + b["lines"][i])]


def _explain(name: str, ref: str, vte, rows: list[str]) -> str:
    return (f"{name} is drawn unlike {ref} ({vte[name]['png']} vs {vte[ref]['png']}):\n" + "\n".join(rows[:8]))


def test_harness_tells_reversed_rows_from_right_ones(vte):
    # Without the switch VTE reverses every Arabic row: the check can fail.
    plain = differing_rows(vte, "cat-plain", "cat-ref")
    assert len(plain) >= 10, plain
    # With it, VTE draws the cells as given: the check can pass.
    assert differing_rows(vte, "cat-switched", "cat-ref") == []


def test_vte_passes_vte_version_and_env_takes_it_away(vte):
    assert re.fullmatch(r"VTE_VERSION=\d+", _result(vte, "var-vte")["lines"][0])
    assert _result(vte, "var-ssh")["lines"][0] == "VTE_VERSION=unset"


@pytest.mark.parametrize("name", ["show-vte", "show-ssh"])
def test_show_in_vte_reads_as_visual_order(vte, name):
    rows = differing_rows(vte, name, "show-ref")
    assert rows == [], _explain(name, "show-ref", vte, rows)
    assert any(re.search("[\ufe70-\ufeff]", line) for line in vte[name]["lines"])  # Arabic, shaped, was drawn


def test_search_in_vte_reads_as_visual_order(vte):
    rows = differing_rows(vte, "search-vte", "search-ref")
    assert rows == [], _explain("search-vte", "search-ref", vte, rows)


@pytest.mark.parametrize("name", ["tui-vte", "tui-ssh"])
def test_tui_in_vte_reads_as_visual_order(vte, name):
    rows = differing_rows(vte, name, "tui-ref")
    assert rows == [], _explain(name, "tui-ref", vte, rows)


# --- xterm: no bidi of its own; the switch must draw nothing there ----------------------

def _x_window_shot(display: str, argv: list[str], env: dict, marker: Path, timeout: float = 30) -> bytes:
    """Start an X terminal whose command ends by writing $WINDOWID to marker,
    and grab that window (PPM) once it is drawn and still."""
    proc = subprocess.Popen(argv, env={**env, "DISPLAY": display}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + timeout

        def window() -> str:
            if proc.poll() is not None:
                pytest.fail(f"{argv[0]} drew nothing: {proc.stderr.read().decode()[-300:]}")
            return marker.exists() and marker.read_text().strip()

        grab = ["import", "-display", display, "-window", wait_for(window, timeout=timeout, interval=0.1,
                                                                    what=f"{argv[0]}'s window"), "-depth", "8", "ppm:-"]
        last = b""
        while time.monotonic() < deadline:
            time.sleep(0.3)  # two shots this far apart alike: the window holds still
            shot = subprocess.run(grab, capture_output=True, timeout=30).stdout
            if shot and shot == last:
                return shot
            last = shot
        pytest.fail(f"{argv[0]}'s window never held still")
    finally:
        proc.kill()
        proc.wait(timeout=10)


def _ppm_rows(ppm: bytes, rows: int = 24) -> list[bytes]:
    """The image's pixels cut into `rows` bands of equal height (xterm -b 0: no border)."""
    magic, width, height, depth, pixels = ppm.split(maxsplit=4)
    assert magic == b"P6" and depth == b"255", ppm[:20]
    band = int(height) // rows * int(width) * 3
    return [pixels[i * band:(i + 1) * band] for i in range(rows)]


def test_xterm_draws_nothing_of_the_switch(display, world):
    if not shutil.which("xterm") or not shutil.which("import"):
        pytest.skip("xterm or ImageMagick's import is not installed (.ci/run installs xterm and imagemagick)")
    top, reader = world["top"], " ".join(world["reader"])
    show = f"{reader} show {DOC} --corpus {world['corpus']} --shape always --color never --width 80 --no-pager"
    shots = {}
    for name, cmd in (("reader", show), ("cat", f"cat {world['visual']}")):
        marker = top / f"xterm-{name}.wid"
        # Reverse video on and off: xterm paints every cell again, so how the
        # output came in chunks (a combining mark after its letter) leaves no trace.
        script = f"{cmd}; printf '\\033[?25l\\033[?5h'; sleep 0.2; printf '\\033[?5l'; echo $WINDOWID > {marker}; sleep 60"
        shot = _x_window_shot(display, ["xterm", "-geometry", "80x24+0+0", "-fa", "DejaVu Sans Mono", "-fs", "12",
                                        "-b", "0", "+sb", "-e", "sh", "-c", script], world["env"], marker)
        (top / f"xterm-{name}.ppm").write_bytes(shot)
        shots[name] = _ppm_rows(shot)
    differ = [i for i, (a, b) in enumerate(zip(shots["reader"], shots["cat"])) if a != b]
    assert differ == [], f"rows {differ} of reader show in xterm are unlike the same text from cat (xterm-*.ppm in {top})"


# --- kitty: no bidi, but each Arabic word drawn right to left by HarfBuzz ------------------

KITTY_LINE = "انتهت دولة وبقي خطرها عابرا للحدود"  # no lam-alef: one letter, one cell, either way


def test_kitty_draws_each_word_right_and_the_words_from_the_right(display, world):
    """In kitty (which sets KITTY_WINDOW_ID) reader's auto gives the words in
    visual order, each word's letters as written. The reference is drawn in
    the same window from nothing of reader's: each word as written (kitty
    shapes one word right), put at the cells a right-to-left line right-
    aligned at 80 columns gives it. Full visual order (--shape always) is
    drawn unlike it: kitty reverses each word's letters again."""
    if not shutil.which("kitty") or not shutil.which("import"):
        pytest.skip("kitty or ImageMagick's import is not installed (.ci/run installs kitty and imagemagick)")
    top, reader = world["top"], " ".join(world["reader"])
    line = top / "kitty-line.txt"
    line.write_text(KITTY_LINE + "\n", encoding="utf-8")
    place, col = "", 81
    for word in KITTY_LINE.split(" "):
        col -= len(word)
        place += f"\\033[{col}G{word}"
        col -= 1
    marker = top / "kitty.wid"
    show = f"{reader} show - --no-pager --color never < {line}"
    script = (f"printf '\\033[?25l'; {show}; printf '{place}\\n'; {show} --shape always; "
              f"echo $WINDOWID > {marker}; sleep 60")
    argv = ["kitty", "-o", "font_family=DejaVu Sans Mono", "-o", "font_size=12", "-o", "window_padding_width=0",
            "-o", "remember_window_size=no", "-o", "initial_window_width=80c", "-o", "initial_window_height=24c",
            "-o", "cursor_blink_interval=0", "-o", "background=white", "-o", "foreground=black",
            "sh", "-c", script]
    try:
        shot = _x_window_shot(display, argv, world["env"], marker)
    except pytest.fail.Exception as e:  # kitty draws with OpenGL 3.3: a machine without it cannot run kitty
        if "OpenGL" in str(e) or "GLFW" in str(e):
            pytest.skip(f"kitty cannot draw here: {e}")
        raise
    (top / "kitty.ppm").write_bytes(shot)
    rows = _ppm_rows(shot)
    assert len(set(rows[0])) > 1, f"kitty drew no text ({top / 'kitty.ppm'})"
    assert rows[0] == rows[1], f"reader's row in kitty is unlike each word placed as written ({top / 'kitty.ppm'})"
    assert rows[2] != rows[1]  # the full visual order reads backwards there: the check can fail


# --- mlterm: reorders by itself, with no switch: logical text ---------------------------------

def test_mlterm_gets_logical_text_and_draws_it_itself(display, world):
    """mlterm sets MLTERM and does its own bidi and shaping: reader's auto
    writes the text as written there, drawn as `--shape never` is; the
    visual order (--shape always) is drawn unlike it, reversed again."""
    if not shutil.which("mlterm") or not shutil.which("import"):
        pytest.skip("mlterm or ImageMagick's import is not installed (.ci/run installs mlterm and imagemagick)")
    top, reader = world["top"], " ".join(world["reader"])
    line = top / "mlterm-line.txt"
    line.write_text(KITTY_LINE + "\n", encoding="utf-8")
    shots = {}
    for name, flags in (("auto", ""), ("never", "--shape never"), ("always", "--shape always")):
        marker = top / f"mlterm-{name}.wid"
        script = (f"printf '\\033[?25l'; {reader} show - --no-pager --color never {flags} < {line}; "
                  f"echo $WINDOWID > {marker}; sleep 60")
        shot = _x_window_shot(display, ["mlterm", "--geometry=80x24+0+0", "--fontsize=16", "--sb=false",
                                        "--bg=white", "--fg=black", "-e", "sh", "-c", script], world["env"], marker)
        (top / f"mlterm-{name}.ppm").write_bytes(shot)
        shots[name] = _ppm_rows(shot)
    assert len(set(shots["auto"][0])) > 1, f"mlterm drew no text ({top / 'mlterm-auto.ppm'})"
    assert shots["auto"] == shots["never"], f"reader's auto in mlterm is not the text as written ({top})"
    assert shots["always"] != shots["never"]  # mlterm reverses reader's visual order again: the check can fail
