#!/usr/bin/env bash
# Display modes on a real X server (Xvfb, 1600x900): --fullscreen fills the screen, --span
# covers all displays, --window sets the size, --frameless works, and a display that does
# not exist is a clear error. Skips (77) where xvfb-run is missing.
set -u
viewer=$1
command -v xvfb-run >/dev/null || { echo "xvfb-run missing: skipped"; exit 77; }
fail=0
check() { if ! eval "$1"; then echo "FAIL: $1" >&2; fail=1; fi; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
x() { SDL_VIDEODRIVER=x11 xvfb-run -a -s "-screen 0 1600x900x24" "$viewer" --quiet --frames 10 "$@"; }
size() { od -An -tu1 -j16 -N8 "$1" | awk '{print $1*16777216+$2*65536+$3*256+$4 "x" $5*16777216+$6*65536+$7*256+$8}'; }
x --fullscreen --screenshot "$dir/full.png"; check "[ $? -eq 0 ]"
check "[ '$(size "$dir/full.png")' = 1600x900 ]"
x --span --screenshot "$dir/span.png"; check "[ $? -eq 0 ]"
check "[ '$(size "$dir/span.png")' = 1600x900 ]"
x --window 800x450+10+10 --frameless --screenshot "$dir/win.png"; check "[ $? -eq 0 ]"
check "[ '$(size "$dir/win.png")' = 800x450 ]"
x --display 3 2>"$dir/err"; check "[ $? -eq 1 ]"
check "grep -q 'display 3' '$dir/err'"
exit $fail
