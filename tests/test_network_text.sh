#!/usr/bin/env bash
# Network text (issue 12): bidirectional overrides and zero-width characters in an alert's
# text never reach the screen or the alerts log (removed with the control characters); and
# the newest of a burst of rate-limited warnings is printed, so every refused message shows
# up in the warnings' accounting.
set -u
. "$(dirname "$0")/lib.sh"
viewer=$1 pub=$2
dir=$(mktemp -d)
trap 'kill $ncpid 2>/dev/null; rm -rf "$dir"' EXIT

url="tcp://127.0.0.1:$(free_port)"
"$viewer" --headless --connect "$url" --duration 3 --fps 30 --no-detect --quiet \
  --alerts-log "$dir/alerts.jsonl" &
vpid=$!
# U+202E (right-to-left override), U+200B (zero-width space), U+200D (zero-width joiner),
# U+FEFF (byte-order mark), U+2066/U+2069 (isolate), U+200F (right-to-left mark)
title=$(printf 'invoice\xe2\x80\xaegpj.exe z\xe2\x80\x8bw\xe2\x80\x8dj\xef\xbb\xbf!')
org=$(printf 'Exa\xe2\x81\xa6mple\xe2\x81\xa9\xe2\x80\x8fOrg')
nanocat --pub --bind "$url" --interval 0.2 \
  --data "alert {\"severity\":\"high\",\"title\":\"$title\",\"org\":\"$org\"}" &
ncpid=$!
wait $vpid
kill $ncpid 2>/dev/null
line=$(head -n 1 "$dir/alerts.jsonl")
echo "logged: $line"
check "[ -n '$line' ]"
for seq in '\xe2\x80\xae' '\xe2\x80\x8b' '\xe2\x80\x8d' '\xef\xbb\xbf' '\xe2\x81\xa6' '\xe2\x81\xa9' \
           '\xe2\x80\x8f'; do
  check "! grep -q \"\$(printf '$seq')\" '$dir/alerts.jsonl'"
done
check "grep -q '\"title\":\"invoicegpj.exe zwj!\"' '$dir/alerts.jsonl'"
check "grep -q '\"org\":\"ExampleOrg\"' '$dir/alerts.jsonl'"

# A burst of malformed messages in well under a second: one line at once, the newest of the
# rest within a second ("the last of N suppressed"); printed lines plus the suppressed counts
# account for every one the viewer counted.
url="tcp://127.0.0.1:$(free_port)"
"$viewer" --headless --connect "$url" --duration 4 --fps 30 --no-detect --stats "$dir/stats" \
  2>"$dir/err" &
vpid=$!
"$pub" "$url" junk 200 >/dev/null
wait $vpid
grep 'malformed message' "$dir/err"
last=$(tail -n 1 "$dir/stats")
shown=$(grep -c 'malformed message' "$dir/err")
hidden=$(sed -n 's/.*(\([0-9]*\) similar suppressed)$/\1/p; s/.*(the last of \([0-9]*\) suppressed)$/\1/p' \
         "$dir/err" | awk '{ s += $1 } END { print s + 0 }')
lastof=$(grep -c 'the last of' "$dir/err")
echo "malformed $(field malformed "$last"): $shown lines shown, $hidden suppressed, $lastof 'last of'"
check "[ $(field malformed "$last") -eq 200 ] && [ $(field bad_elements "$last") -eq 0 ]"
check "[ $lastof -ge 1 ]"
check "[ $((shown - lastof + hidden)) -eq $(field malformed "$last") ]"
exit $fail
