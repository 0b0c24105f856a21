#!/usr/bin/env bash
# Signals (issue 11), with the real programs: SIGINT/SIGTERM end darkglobe and darkglobe-feed
# within a second under load, with exit status 0, the final stats line written and the
# recording closed (it reads back whole). Loads: the Marx log at --speed max published into a
# live viewer (when the data set is present, else a synthetic flood), a synthetic flood with
# the viewer's detectors, a replay, and the feed's pacing sleep, --delay, an idle stdin and its
# recorder. The viewer's detectors run in every Marx case: they once walked every port slot
# for each window the log's gaps of days stepped over, which held frames and exits for seconds.
set -u
. "$(dirname "$0")/lib.sh"
viewer=$1 feed=$2
marx=${3:-$(dirname "$0")/../../shared/datasets/marx/marx.csv.gz}
dir=$(mktemp -d)
pids=
trap 'for p in $pids; do kill -9 $p 2>/dev/null; done; rm -rf "$dir"' EXIT
if [ -r "$marx" ]; then load=(--csv "$marx" --speed max --loop); else load=(--rate 2000000); fi

# stop NAME PID SIGNAL: signals PID (a child), waits for it, checks it took under a second and
# exited 0. A watchdog kills it after 5 s so a hang fails instead of blocking the test.
stop() {
  local name=$1 pid=$2 sig=$3 t0 t1 rc
  (sleep 5; kill -9 $pid 2>/dev/null) &
  local dog=$!
  t0=$(date +%s%N)
  kill -$sig $pid
  wait $pid; rc=$?
  t1=$(date +%s%N)
  kill $dog 2>/dev/null; wait $dog 2>/dev/null
  local ms=$(((t1 - t0) / 1000000))
  echo "$name: SIG$sig -> exit $rc after $ms ms"
  check "[ $rc -eq 0 ]"
  check "[ $ms -lt 1000 ]"
  signalled_at=$(awk "BEGIN{printf \"%.3f\", $t0 / 1e9}")
}

start_viewer() { # URL ARGS...: a viewer on URL, pid in $vpid
  local url=$1
  shift
  "$viewer" --headless --quiet --connect "$url" --size 960x540 "$@" 2>>"$dir/viewer.err" &
  vpid=$!
  pids="$pids $vpid"
}

start_feed() { # ARGS...: a feed, pid in $fpid
  "$feed" "$@" --quiet >/dev/null 2>>"$dir/feed.err" &
  fpid=$!
  pids="$pids $fpid"
}

# 1. The viewer under the Marx flood, recording: final stats line = what was recorded.
url="tcp://127.0.0.1:$(free_port)"
start_viewer "$url" --record "$dir/rec.pcapng" --stats "$dir/v1" \
  --sensor-file "$(dirname "$0")/../assets/marx-sensors.conf"
sleep 1
start_feed "${load[@]}" --bind "$url"
sleep 2.5
stop "viewer, flood, recording" $vpid INT
last=$(tail -n 1 "$dir/v1")
t=$(field t "$last")
check "awk 'BEGIN{exit !($t >= $signalled_at)}'" # the final line came after the signal
rx=$(field rx_pkts "$last")
stop "feed into a stopped viewer" $fpid TERM
"$feed" --replay "$dir/rec.pcapng" --speed max --bind "ipc://$dir/replay" --quiet \
  --stats "$dir/replayed" >/dev/null 2>&1
check "[ $? -eq 0 ]"
tx=$(field tx_pkts "$(tail -n 1 "$dir/replayed")")
echo "viewer received $rx packets, the recording holds $tx"
check "[ ${rx:-0} -gt 10000 ] && [ '$rx' = '$tx' ]"

# 2. The viewer with its detectors under a synthetic flood.
url="tcp://127.0.0.1:$(free_port)"
start_viewer "$url" --stats "$dir/v2"
sleep 1
start_feed --rate 2000000 --bind "$url"
sleep 2.5
stop "viewer with detectors, synthetic flood" $vpid TERM
check "awk 'BEGIN{exit !($(field t "$(tail -n 1 "$dir/v2")") >= $signalled_at)}'"
kill $fpid; wait $fpid

# 3. The feed publishing the flood into a live viewer; the viewer lives on.
url="tcp://127.0.0.1:$(free_port)"
start_viewer "$url" --sensor-file "$(dirname "$0")/../assets/marx-sensors.conf"
sleep 1
start_feed "${load[@]}" --bind "$url" --stats "$dir/f3"
sleep 2.5
stop "feed, flood into a live viewer" $fpid TERM
check "grep -q '\"final\":true' '$dir/f3'"
check "kill -0 $vpid"
stop "viewer after its feed" $vpid INT

# 4. The feed's own detectors on the scenario at full speed.
start_feed --scenario mirai-2017-jp --detect --speed max --rate 200000 --bind "ipc://$dir/f4"
sleep 2
stop "feed --detect --speed max" $fpid INT

# 5. Pacing sleep, --delay, an idle stdin.
start_feed --rate 1000 --speed 1 --bind "ipc://$dir/f5" --stats "$dir/f5.stats"
sleep 1.5
stop "feed pacing" $fpid INT
check "grep -q '\"final\":true' '$dir/f5.stats'"
start_feed --delay 60 --bind "ipc://$dir/f6"
sleep 1
stop "feed --delay" $fpid INT
mkfifo "$dir/stdin"
"$feed" --pcap - --bind "ipc://$dir/f7" --quiet <>"$dir/stdin" >/dev/null 2>>"$dir/feed.err" &
fpid=$!
pids="$pids $fpid"
sleep 1
stop "feed --pcap - on an idle stdin" $fpid INT

# 6. The feed's recorder under a flood: the recording reads back.
url="tcp://127.0.0.1:$(free_port)"
start_feed --connect "$url" --record "$dir/feedrec.pcapng"
rpid=$fpid
start_feed --rate 500000 --bind "$url"
sleep 2.5
stop "feed recorder under a flood" $rpid INT
kill $fpid; wait $fpid
"$feed" --replay "$dir/feedrec.pcapng" --speed max --bind "ipc://$dir/replay2" --quiet \
  --stats "$dir/replayed2" >/dev/null 2>&1
check "[ $? -eq 0 ]"
check "[ $(field tx_pkts "$(tail -n 1 "$dir/replayed2")") -gt 10000 ]"

# 7. A replay in the viewer.
if [ -r "$marx" ]; then
  "$viewer" --headless --quiet --replay "$marx" --speed 100000 --size 960x540 \
    --stats "$dir/v7" 2>/dev/null &
  vpid=$!
  pids="$pids $vpid"
  sleep 2.5
  stop "viewer --replay Marx" $vpid INT
  check "awk 'BEGIN{exit !($(field t "$(tail -n 1 "$dir/v7")") >= $signalled_at)}'"
fi
cat "$dir/viewer.err" "$dir/feed.err"
exit $fail
