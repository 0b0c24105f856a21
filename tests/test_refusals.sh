#!/usr/bin/env bash
# Every bad value is refused (issues 11 and 12): exit 2 and a message naming the option, in
# both programs alike - dates checked against the calendar, offsets with minutes and seconds
# below 60, endpoint URLs, networks with host bits, a --geoip that does not open, an unknown
# user, key files, and input files that are missing or not a capture, log or recording.
# What the documentation promises is accepted: --speed max in the viewer, a byte-order mark.
set -u
. "$(dirname "$0")/lib.sh"
viewer=$1 feed=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
port=$(free_port)
out="--quiet --count 1 --bind tcp://127.0.0.1:$port"

# refused PROG WORD ARGS...: PROG ARGS exits 2 with one message line naming WORD
refused() {
  local prog=$1 word=$2 rc
  shift 2
  timeout 20 "$prog" "$@" >/dev/null 2>"$dir/err"
  rc=$?
  if [ $rc -ne 2 ] || ! grep -q -- "$word" "$dir/err"; then
    echo "FAIL: $(basename "$prog") $*: exit $rc, wanted 2 naming '$word': $(cat "$dir/err")" >&2
    fail=1
  fi
}
# accepted PROG ARGS...: PROG ARGS exits 0
accepted() {
  local prog=$1 rc
  shift
  timeout 30 "$prog" "$@" >/dev/null 2>"$dir/err"
  rc=$?
  if [ $rc -ne 0 ]; then
    echo "FAIL: $(basename "$prog") $*: exit $rc, wanted 0: $(cat "$dir/err")" >&2
    fail=1
  fi
}
view="--headless --frames 2 --fps 0 --quiet"

# Files that are not what the option needs.
head -c 64 /dev/urandom >"$dir/key"; chmod 600 "$dir/key"
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0\x1f\xf3\xffa' >"$dir/pic.png"
cp "$(dirname "$0")/../README.md" "$dir/README.md"
printf 'when,host,src,proto,type,spt,dpt\nyesterday,h,1032051418,TCP,,6000,23\n' >"$dir/nots.csv"
printf 'just some text\n{"not":"a packet"}\n' >"$dir/notjson.jsonl"
printf '2013-03-03 21:53:59,h,1032051418,TCP,,6000,23\n' >"$dir/good.csv"
for f in README.md pic.png nots.csv; do
  refused "$feed" "$f" --replay "$dir/$f" $out
  refused "$viewer" "$f" --replay "$dir/$f" $view
done
refused "$feed" "not a CSV event log" --csv "$dir/README.md" $out
refused "$feed" "not JSON lines" --json "$dir/notjson.jsonl" $out
refused "$feed" "not a capture" --replay "$dir/pic.png" $out
refused "$viewer" "not a capture" --replay "$dir/pic.png" $view
refused "$feed" "No such file" --replay /nonexistent/x.pcap $out
refused "$feed" "No such file" --pcap /nonexistent/x.pcap $out
refused "$feed" "No such file" --csv /nonexistent/x.csv $out
refused "$viewer" "replay: /nonexistent" --replay /nonexistent/x.pcap $view
refused "$feed" "is a directory" --replay "$dir" $out
refused "$viewer" "is a directory" --replay "$dir" $view
accepted "$feed" --replay "$dir/good.csv" --speed max $out
accepted "$viewer" --replay "$dir/good.csv" --speed max $view

# Times: the calendar and the clock.
refused "$feed" "--start" --replay "$dir/good.csv" --start 2017-02-31T00:00:00Z $out
refused "$feed" "--end" --replay "$dir/good.csv" --end 2017-02-29T00:00:00Z $out
refused "$feed" "--start" --replay "$dir/good.csv" --start 1:99 $out
refused "$feed" "--start" --replay "$dir/good.csv" --start 0:99:99 $out
refused "$feed" "--end" --replay "$dir/good.csv" --end 25:00:00:00 $out
accepted "$feed" --replay "$dir/good.csv" --start 2013-03-03T00:00:00Z --end 99:59:59 --speed max $out

# Endpoints: scheme, address, port.
for opt in --connect --bind; do
  refused "$feed" "$opt: bad address" $opt tcp://256.0.0.1:1 --quiet --count 1
  refused "$feed" "supported: tcp://" $opt http://127.0.0.1:1 --quiet --count 1
  refused "$feed" "$opt" $opt tcp://127.0.0.1:70000 --quiet --count 1
  refused "$feed" "$opt" $opt tcp://127.0.0.1 --quiet --count 1
done
refused "$viewer" "--connect: bad address" --connect tcp://256.0.0.1:1 $view
refused "$viewer" "supported: tcp://" --connect http://127.0.0.1:1 $view
refused "$viewer" "--sync" --sync tcp://256.0.0.1:1 --tile 1x1:0 $view
accepted "$feed" --bind "tcp://*:$(free_port)" --quiet --count 1
accepted "$viewer" --connect "tcp://localhost:$(free_port)" $view

# Networks and the window.
refused "$feed" "--darknet" --darknet "" $out
refused "$feed" "--darknet" --darknet 1.2.3.4/99 $out
refused "$feed" "--darknet" --darknet 203.0.113.5/24 $out
refused "$feed" "host bits set in '203.0.113.5/24'" --sensor "x=1,2,203.0.113.5/24" $out
refused "$viewer" "host bits set in '203.0.113.5/24'" --sensor "x=1,2,203.0.113.5/24" $view
refused "$viewer" "--window" --window 100x100+99999999999+0 $view
refused "$viewer" "--window" --window 100x100+0 $view
accepted "$feed" --darknet 198.51.100.0/24 $out

# Named resources: no fallback, no exit 1 for the user's mistake.
refused "$feed" "--geoip: /nonexistent" --detect --geoip /nonexistent $out
refused "$viewer" "--geoip: /nonexistent" --geoip /nonexistent $view
check "[ $(grep -c nonexistent "$dir/err") -eq 1 ]"
refused "$feed" "--user: no such user" --iface lo --user nosuchuser-dg $out
for k in /nonexistent/key /dev/zero "$dir"; do
  refused "$feed" "--feed-key" --feed-key "$k" $out
  refused "$viewer" "--feed-key" --feed-key "$k" $view
done
refused "$feed" "--feed-key" --feed-key "$k" --connect "tcp://127.0.0.1:$port" --record "$dir/r"
accepted "$feed" --feed-key "$dir/key" $out

# Configuration files (the viewer's --config).
printf '[run]\nfps = 12\0 trailing\n' >"$dir/nul.ini"
refused "$viewer" "nul.ini:2: NUL byte" --config "$dir/nul.ini" $view
refused "$viewer" "is a directory" --config "$dir" $view
printf '\xef\xbb\xbf[run]\nfps = 12\n' >"$dir/bom.ini"
accepted "$viewer" --config "$dir/bom.ini" --save-config "$dir/saved.ini"
check "grep -q '^fps = 12$' '$dir/saved.ini'"

# Documented values.
accepted "$viewer" --replay "$dir/good.csv" --speed max $view
accepted "$viewer" --speed max --save-config "$dir/saved.ini"
check "grep -q '^speed = max$' '$dir/saved.ini'"
refused "$viewer" "--speed" --speed fast $view
exit $fail
