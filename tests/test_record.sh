#!/usr/bin/env bash
# darkglobe --record writes everything received (packets and alerts); darkglobe-feed replays
# the recording and publishes exactly as many packets as the viewer received.
set -u
. "$(dirname "$0")/lib.sh"
viewer=$1 feed=$2
dir=$(mktemp -d)
trap 'kill $ncpid 2>/dev/null; rm -rf "$dir"' EXIT
url="tcp://127.0.0.1:$(free_port)"
nanocat --pub --bind "$url" --interval 0.3 \
  --data 'alert {"severity":"high","kind":"watchlist","title":"Host in ExampleOrg scanning 23/TCP","src":"133.243.3.34","org":"ExampleOrg"}' &
ncpid=$!
"$viewer" --headless --demo --rate 3000 --connect "$url" --duration 4 --fps 30 \
  --record "$dir/rec.pcapng" --stats "$dir/stats"
check "[ $? -eq 0 ]"
kill $ncpid
last=$(tail -n 1 "$dir/stats")
"$feed" --replay "$dir/rec.pcapng" --speed max --quiet --bind "tcp://127.0.0.1:$(free_port)" \
  --stats "$dir/fstats"
check "[ $? -eq 0 ]"
flast=$(tail -n 1 "$dir/fstats")
echo "viewer: $last"; echo "feed: $flast"
check "[ '$(field rx_pkts "$last")' = '$(field tx_pkts "$flast")' ]"
check "[ $(field alerts_total "$last") -ge 3 ]"
exit $fail
