#!/usr/bin/env bash
# Timestamps are range-checked at every source (issue 12): a classic pcap past 2038 reads
# whole (its 32-bit seconds are unsigned); one impossible time (a pcapng record past 2^63 ns,
# a CSV epoch past 2262, 31 February, a JSON "ts" of 1e10) is counted in bad_ts and skipped
# alone - the rest of its batch is published and the paced clock is not sent centuries ahead.
set -u
. "$(dirname "$0")/lib.sh"
viewer=$1 feed=$2
mk="python3 $(dirname "$0")/mkcaptures.py"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
$mk pcap2038 "$dir/2040.pcap" 2000
$mk pcapng-huge "$dir/huge.pcapng" 5000 2500
$mk csv-huge "$dir/huge.csv" 5000 2500
printf '2017-02-28 23:59:59,tokyo,1032051418,TCP,,6000,23\n2017-02-31 00:00:00,tokyo,1032051419,TCP,,6000,23\n2017-03-01 00:00:01,tokyo,1032051420,TCP,,6000,23\n' >"$dir/feb31.csv"
awk 'BEGIN { for (i = 0; i < 100; i++)
  printf "{\"ts\":%s,\"src\":\"61.0.0.%d\",\"dst\":\"203.0.113.5\",\"proto\":\"tcp\"}\n",
         (i == 50 ? "1e10" : 1500000000 + i), i }' >"$dir/huge.jsonl"
cols=ts=0,src=1,dst=2,proto=3,sport=4,dport=5,tsformat=epoch

# runs the feed (20 s at most: a paced replay waiting for year 2286 would hang) and
# prints "exit tx_pkts bad_ts tx_refused tx_drops"
publish() {
  timeout 20 "$feed" "$@" --quiet --bind "tcp://127.0.0.1:$(free_port)" --stats "$dir/fs" \
    2>>"$dir/err"
  local rc=$? last
  last=$(tail -n 1 "$dir/fs")
  echo "$rc $(field tx_pkts "$last") $(field bad_ts "$last") $(field tx_refused "$last")" \
       "$(field tx_drops "$last")"
}
expect() { # expect "WANT" ARGS...: the feed's figures for ARGS
  local want=$1 got
  shift
  got=$(publish "$@")
  echo "feed $*: $got"
  check "[ '$got' = '$want' ]"
}
expect "0 2000 0 0 0" --pcap "$dir/2040.pcap" --speed max
expect "0 2000 0 0 0" --replay "$dir/2040.pcap" --speed max
expect "0 4999 1 0 0" --pcap "$dir/huge.pcapng" --speed max
expect "0 4999 1 0 0" --replay "$dir/huge.pcapng" --speed max
expect "0 4999 1 0 0" --replay "$dir/huge.pcapng" --speed 100
expect "0 4999 1 0 0" --csv "$dir/huge.csv" --columns "$cols" --speed max
expect "0 4999 1 0 0" --csv "$dir/huge.csv" --columns "$cols" --speed 100
expect "0 2 1 0 0" --csv "$dir/feb31.csv" --speed max
expect "0 99 1 0 0" --json "$dir/huge.jsonl" --speed max
check "grep -q 'huge.csv:2501: impossible timestamp' '$dir/err'"

# The viewer's replay: the same records arrive, the impossible one is in its bad_ts.
view() {
  rm -f "$dir/vs"
  timeout 30 "$viewer" --headless --replay "$1" --speed max --duration 2 --fps 30 --quiet \
    --stats "$dir/vs"
  local rc=$? last
  last=$(tail -n 1 "$dir/vs")
  echo "$rc $(field rx_pkts "$last") $(field bad_ts "$last") $(field replay_refused "$last")"
}
got=$(view "$dir/2040.pcap"); echo "viewer 2040.pcap: $got"; check "[ '$got' = '0 2000 0 0' ]"
got=$(view "$dir/huge.pcapng"); echo "viewer huge.pcapng: $got"; check "[ '$got' = '0 4999 1 0' ]"
exit $fail
