#!/usr/bin/env bash
# leak.sh - LeakSanitizer over the headless viewer after LEAK_SECONDS (60) of synthetic
# feed over tcp loopback at LEAK_RATE (20000) packets/s, and over the feed itself. Both
# binaries must come from a -DDG_SANITIZE=ON build (ASan+UBSan+LSan). Leaks from Mesa,
# llvmpipe, SDL and the X/driver stack are suppressed by tests/lsan.supp (each entry says
# why); any other leak fails. Usage: leak.sh VIEWER FEED   (ctest: leak_viewer)
set -u
viewer=${1:?usage: leak.sh VIEWER FEED} feed=${2:?usage: leak.sh VIEWER FEED}
secs=${LEAK_SECONDS:-60} rate=${LEAK_RATE:-20000}
[ -n "$secs" ] || secs=60
here=$(cd "$(dirname "$0")" && pwd)
if ! nm -an "$viewer" 2>/dev/null | grep -q __asan_init; then
  echo "leak.sh: $viewer is not built with -DDG_SANITIZE=ON" >&2
  exit 2
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export SDL_VIDEODRIVER=offscreen
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:${ASAN_OPTIONS:-}
export LSAN_OPTIONS=suppressions=$here/lsan.supp:print_suppressions=1:${LSAN_OPTIONS:-}
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}
port=$((30000 + RANDOM % 20000))

"$viewer" --headless --quiet --connect "tcp://127.0.0.1:$port" --duration $((secs + 5)) \
  --fps 30 --stats "$dir/stats.jsonl" 2>"$dir/viewer.err" &
vpid=$!
"$feed" --bind "tcp://127.0.0.1:$port" --rate "$rate" --duration "$secs" --delay 2 -q \
  2>"$dir/feed.err"
frc=$?
wait "$vpid"
vrc=$?

fail=0
for who in viewer feed; do
  rc=$vrc; [ $who = feed ] && rc=$frc
  if grep -q "ERROR: \(LeakSanitizer\|AddressSanitizer\)\|runtime error" "$dir/$who.err" || [ "$rc" -ne 0 ]; then
    echo "leak.sh: $who FAILED (exit $rc):"
    cat "$dir/$who.err"
    fail=1
  fi
done
rx=$(tail -n 1 "$dir/stats.jsonl" 2>/dev/null | sed -n 's/.*"rx_pkts":\([0-9]*\).*/\1/p')
if [ -z "$rx" ] || [ "$rx" -eq 0 ]; then
  echo "leak.sh: the viewer received nothing; the check proves nothing"
  fail=1
fi
# What was suppressed, so a reader sees the check ran and what it discounted.
grep -A30 "Suppressions used" "$dir/viewer.err" | grep -v "^-*$" || true
[ $fail -eq 0 ] && echo "leak.sh: no leaks from our code after ${secs}s (${rx} packets received)"
exit $fail
