#!/usr/bin/env bash
# SIGHUP reloads the configuration without a restart: a bad file is reported with its line
# number and the running configuration stays; a good one is applied; the viewer exits 0.
set -u
. "$(dirname "$0")/lib.sh"
viewer=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf '[globe]\nglobe-style = dark\n' >"$dir/c.ini"
"$viewer" --headless --quiet --config "$dir/c.ini" --duration 30 --fps 20 --stats "$dir/stats" \
  2>"$dir/err" &
pid=$!
# SIGHUP before the viewer has set its handler would end it: wait for its first stats line.
for i in $(seq 100); do [ -s "$dir/stats" ] && break; sleep 0.1; done
sleep 0.3
printf '[globe]\nglobe-style = dark\n\n[alerts]\nalert-expire = never\n' >"$dir/c.ini"
kill -HUP $pid
sleep 0.6
printf '[globe]\nglobe-style = night\npalette = tol\n' >"$dir/c.ini"
kill -HUP $pid
sleep 2.2
kill -TERM $pid
wait $pid; rc=$?
cat "$dir/err"
check "[ $rc -eq 0 ]"
check "grep -q 'c.ini:5: alert-expire' '$dir/err'"
check "grep -q 'reload refused' '$dir/err'"
check "grep -q 'configuration reloaded' '$dir/err'"
check "[ \$(wc -l <'$dir/stats') -ge 3 ]"
exit $fail
