#!/usr/bin/env bash
# The README's terminal screenshots (docs/terminals/*.png), 80x24, on an
# Xvfb of their own: VTE (GNOME Terminal's engine) through vte_shot.py,
# xterm, mlterm and kitty grabbed with ImageMagick's import.
#   tests/terminals/screenshots.sh            (from the repository's top)
# Needs Xvfb, Debian's python3 with gi and Vte 2.91, xterm, mlterm, kitty, import.
set -euo pipefail
cd "$(dirname "$0")/../.."
top=$(pwd)
out=$top/docs/terminals
work=$(mktemp -d)
trap 'kill "$xvfb" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$out"
for var in XDG_CACHE_HOME XDG_DATA_HOME XDG_CONFIG_HOME XDG_STATE_HOME; do export "$var=$work/${var,,}"; done
export HOME=$work READER_BACKGROUND=0 LANG=C.UTF-8 NO_AT_BRIDGE=1 GDK_BACKEND=x11
unset READER_SHAPE READER_CORPUS READER_PAGER PAGER NO_COLOR FORCE_COLOR
reader="$top/.venv/bin/reader"
doc=000_4988a48e5e8b9510.txt
cp -r seeds "$work/seeds"
$reader index --corpus "$work/seeds" >/dev/null 2>&1

mkfifo "$work/display"
Xvfb -displayfd 3 -screen 0 2600x1100x24 -nolisten tcp 3>"$work/display" 2>/dev/null & xvfb=$!
read -r -t 10 number <"$work/display"
export DISPLAY=:$number

# The first page of `reader show`, as reader printed it before it switched
# VTE's reordering off: shaped, visual order, and VTE reordering it again.
$reader show $doc --corpus "$work/seeds" --shape always --color always --width 80 --no-pager | head -23 > "$work/before.txt"

show="$reader show $doc --corpus $work/seeds"
tui_steps='[{"wait": "type a query", "keys": "داعش"}, {"wait": "\ufeb6", "keys": "\r"}, {"wait": "documents match", "keys": "\r"}]'
cat > "$work/jobs.json" <<EOF
[{"name": "vte", "argv": ["sh", "-c", "$show"], "until": "stable", "expect": "(file ", "png": "$out/vte.png"},
 {"name": "vte-ssh", "argv": ["env", "-u", "VTE_VERSION", "sh", "-c", "$show"], "until": "stable", "expect": "(file ",
  "png": "$out/vte-ssh.png"},
 {"name": "vte-before", "argv": ["sh", "-c", "cat $work/before.txt; sleep 30"], "until": "stable", "expect": "(file ",
  "png": "$out/vte-before.png"},
 {"name": "vte-tui", "argv": ["sh", "-c", "$reader --corpus $work/seeds"], "steps": $tui_steps,
  "until": "stable", "expect": "(file ", "timeout": 60, "png": "$out/vte-tui.png"}]
EOF
timeout 120 /usr/bin/python3 tests/terminals/vte_shot.py "$work/jobs.json" 2>/dev/null | /usr/bin/python3 -c '
import json, sys
for name, r in json.load(sys.stdin).items():
    print(name, r["png"] if r["error"] is None else "FAILED: " + r["error"])'

# grab NAME CMD...: run an X terminal whose shell writes $WINDOWID, grab it
# once reader has drawn (the pager holds the first page).
grab() {
  local name=$1; shift
  rm -f "$work/wid"
  "$@" & local pid=$!
  for _ in $(seq 100); do [ -s "$work/wid" ] && break; sleep 0.1; done
  sleep 4
  if [ -s "$work/wid" ]; then
    import -window "$(cat "$work/wid")" "$out/$name.png" && echo "$name $out/$name.png"
  else
    echo "$name FAILED: no window"
  fi
  kill "$pid" 2>/dev/null || true
}
first="echo \$WINDOWID > $work/wid"
grab xterm xterm -geometry 80x24+0+0 -fa "DejaVu Sans Mono" -fs 12 -b 0 +sb -e sh -c "$first; $show"
# mlterm reorders by itself and sets MLTERM: reader's auto gives it logical text.
grab mlterm mlterm --geometry=80x24+0+0 --aa --fontsize=16 --sb=false --bg=white --fg=black \
  -e sh -c "$first; $show"
# kitty draws each Arabic word right to left itself: reader's auto gives it
# the words in visual order, each word's letters as written.
grab kitty kitty -o 'font_family=DejaVu Sans Mono' -o font_size=12 -o window_padding_width=0 \
  -o remember_window_size=no -o initial_window_width=80c -o initial_window_height=24c \
  -o background=white -o foreground=black sh -c "$first; $show"
