#!/usr/bin/env bash
# darkglobe's command line: --help lists every option and exits 0; bad options exit 2
# with a message; a headless run writes stats lines with every contracted field.
set -u
bin=$1
fail=0
check() { if ! eval "$1"; then echo "FAIL: $1" >&2; fail=1; fi; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

"$bin" --help >"$out/help"; check '[ $? -eq 0 ]'
for opt in connect demo rate seed size headless duration frames fps fixed-dt screenshot stats \
           globe-style globe-texture night-texture sensor port-scale max-arcs geoip; do
  check "grep -q -- '--$opt' '$out/help'"
done
"$bin" --frames 2>"$out/err"; check '[ $? -eq 2 ]'
check "grep -q 'missing value' '$out/err'"
"$bin" --size big 2>"$out/err"; check '[ $? -eq 2 ]'
check "grep -q -- '--size' '$out/err'"
"$bin" --no-such-option 2>"$out/err"; check '[ $? -eq 2 ]'

export SDL_VIDEODRIVER=offscreen
"$bin" --headless --frames 30 --fps 0 --stats "$out/stats" --screenshot "$out/shot.png"
check '[ $? -eq 0 ]'
check "[ -s '$out/shot.png' ]"
last=$(tail -n 1 "$out/stats")
for f in t uptime_s feed_connected rx_msgs rx_pkts malformed dropped geo_hits geo_misses \
         arcs_live fps alerts_active alerts_total mirai_pkts mirai_hosts; do
  check "echo '$last' | grep -q '\"$f\":'"
done
exit $fail
