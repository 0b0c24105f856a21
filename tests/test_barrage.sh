#!/usr/bin/env bash
# A malformed-message barrage (random bytes, truncated and oversized messages, broken
# JSON, wrong types, out-of-range values, a bad alert) interleaved with valid packets:
# every malformed message is counted, every valid packet arrives, the viewer exits 0.
# nanocat adds random bytes of its own from a second endpoint.
set -u
. "$(dirname "$0")/lib.sh"
viewer=$1 pub=$2
dir=$(mktemp -d)
trap 'kill $ncpid 2>/dev/null; rm -rf "$dir"' EXIT
p1=$(free_port); p2=$((p1 + 1))
head -c 300 /dev/urandom | tr '\000-\037' 'x' >"$dir/junk"
printf 'xx' | cat - "$dir/junk" >"$dir/junk2"
nanocat --pub --bind "tcp://127.0.0.1:$p2" --file "$dir/junk2" --interval 0.5 &
ncpid=$!
"$viewer" --headless --quiet --connect "tcp://127.0.0.1:$p1" --connect "tcp://127.0.0.1:$p2" \
  --duration 6 --fps 30 --stats "$dir/stats" &
vpid=$!
out=$("$pub" "tcp://127.0.0.1:$p1" barrage)
wait $vpid; rc=$?
kill $ncpid 2>/dev/null
last=$(tail -n 1 "$dir/stats")
echo "publisher: $out"; echo "viewer: $last"
sent=$(echo "$out" | sed -n 's/.*sent_pkts=\([0-9]*\).*/\1/p')
bad=$(echo "$out" | sed -n 's/.*malformed=\([0-9]*\).*/\1/p')
check "[ $rc -eq 0 ]"
check "[ '$(field rx_pkts "$last")' = '$sent' ]"
# nanocat's junk arrives every 0.5 s while the viewer runs: at least 3 more malformed.
m=$(field malformed "$last")
check "[ $m -ge $((bad + 3)) ] && [ $m -le $((bad + 16)) ]"
exit $fail
