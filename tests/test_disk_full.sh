#!/usr/bin/env bash
# Recording onto a full disk (issue 12): the first failed write stops the recording at once
# with a message naming the error, the program exits 1 (the viewer too), the file is cut back
# to its last whole block and `recorded` counts exactly what a replay of it reads back.
# A file size limit (ulimit -f: EFBIG, SIGXFSZ ignored by both programs) and /dev/full
# (ENOSPC) are real write failures that need no privileges.
set -u
. "$(dirname "$0")/lib.sh"
viewer=$1 feed=$2
dir=$(mktemp -d)
trap 'kill $ppid 2>/dev/null; rm -rf "$dir"' EXIT
url="tcp://127.0.0.1:$(free_port)"
"$feed" --bind "$url" --rate 20000 --quiet &
ppid=$!

# readable FILE: records and alerts a replay of FILE publishes, "torn" if its tail is torn
readable() {
  "$feed" --replay "$1" --speed max --quiet --bind "tcp://127.0.0.1:$(free_port)" \
    --stats "$dir/rs" 2>"$dir/rerr"
  local last
  last=$(tail -n 1 "$dir/rs")
  echo "$(($(field tx_pkts "$last") + $(field alerts_tx "$last")))$(grep -q torn "$dir/rerr" && echo ' torn')"
}

# The recorder: 256 KiB fill in well under a second at 20,000 packets/s.
start=$(date +%s)
(ulimit -f 256; exec timeout 20 "$feed" --connect "$url" --record "$dir/rec.pcapng" \
  --stats "$dir/fstats" 2>"$dir/ferr")
rc=$?
took=$(($(date +%s) - start))
last=$(tail -n 1 "$dir/fstats")
echo "recorder: exit $rc after ${took}s; $last"; cat "$dir/ferr"
check "[ $rc -eq 1 ] && [ $took -lt 10 ]"
check "grep -q 'rec.pcapng: write failed: File too large; recording stopped with' '$dir/ferr'"
check "[ '$(field final "$last")' = true ] && [ $(field write_errors "$last") -ge 1 ]"
rec=$(field recorded "$last") back=$(readable "$dir/rec.pcapng")
echo "recorded $rec, readable $back"
check "[ $rec -gt 1000 ] && [ '$back' = '$rec' ]"

# The viewer records what it receives; it stops at the first failed write and exits 1.
start=$(date +%s)
(ulimit -f 256; exec "$viewer" --headless --connect "$url" --duration 20 --fps 30 --no-detect \
  --quiet --record "$dir/vrec.pcapng" --stats "$dir/vstats" 2>"$dir/verr")
rc=$?
took=$(($(date +%s) - start))
last=$(tail -n 1 "$dir/vstats")
echo "viewer: exit $rc after ${took}s"; cat "$dir/verr"
check "[ $rc -eq 1 ] && [ $took -lt 10 ]"
check "grep -q 'vrec.pcapng: write failed: File too large' '$dir/verr'"
rec=$(field recorded "$last") back=$(readable "$dir/vrec.pcapng")
echo "viewer recorded $rec (record_errors $(field record_errors "$last")), readable $back"
check "[ $rec -gt 1000 ] && [ '$back' = '$rec' ] && [ $(field record_errors "$last") -ge 1 ]"

# A device that is always full: refused at the start, exit 1, in both programs.
timeout 20 "$feed" --connect "$url" --record /dev/full 2>"$dir/err"
rc=$?; cat "$dir/err"
check "[ $rc -eq 1 ] && grep -q 'No space left on device' '$dir/err'"
"$viewer" --headless --connect "$url" --duration 5 --quiet --record /dev/full 2>"$dir/err"
rc=$?; cat "$dir/err"
check "[ $rc -eq 1 ] && grep -q 'No space left on device' '$dir/err'"
exit $fail
