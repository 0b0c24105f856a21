#!/usr/bin/env bash
# darkglobe-feed and darkglobe on the operators' formats, end to end: every input gives the
# exact packet total in the feed's tx_pkts (an aggregated record counts all its packets),
# compressed captures by content and streamed on stdin, --replay by content in both
# programs, a file of another format refused with exit 2 naming the option, a missing file
# exit 1, EVE alerts published as alerts. Fixtures: mkfixtures (libpcap, libavro, EVE and
# Zeek text), gzip/bzip2/xz/zstd, nfpcapd.
set -u
. "$(dirname "$0")/lib.sh"
feed=$1 viewer=$2 mkfix=$3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
read -r recs pkts < <("$mkfix" "$dir" 1000)
[ -n "${pkts:-}" ] || { echo "FAIL: mkfixtures wrote no fixtures"; exit 1; }
echo "fixtures: $recs records, $pkts packets in the aggregated formats"

# run NAME ARGS...: the feed at full speed; its final tx_pkts in $tx, alerts in $atx, rc in $rc
run() {
  local name=$1
  shift
  "$feed" --bind "ipc://$dir/feed.ipc" --speed max --quiet --stats "$dir/$name.stats" "$@" \
    2>"$dir/$name.err"
  rc=$?
  local last
  last=$(tail -n 1 "$dir/$name.stats" 2>/dev/null)
  tx=$(field tx_pkts "$last")
  atx=$(field alerts_tx "$last")
}

expect() { # expect NAME WANT ARGS...
  local name=$1 want=$2
  shift 2
  run "$name" "$@"
  check "[ $rc -eq 0 ] && [ '$tx' = '$want' ]"
  [ "$rc" -eq 0 ] && [ "$tx" = "$want" ] || { echo "$name: rc $rc tx_pkts '$tx' (want $want)"; cat "$dir/$name.err"; }
}

expect pcap "$recs" --pcap "$dir/cap.pcap"
for z in "gzip gz" "bzip2 bz2" "xz xz" "zstd zst"; do
  set -- $z
  $1 -q -c "$dir/cap.pcap" >"$dir/cap.pcap.$2" 2>/dev/null || $1 -c "$dir/cap.pcap" >"$dir/cap.pcap.$2"
  expect "pcap-$2" "$recs" --pcap "$dir/cap.pcap.$2"
  expect "replay-$2" "$recs" --replay "$dir/cap.pcap.$2"
done
zstd -q -c "$dir/cap.pcap" | expect pcap-stdin "$recs" --pcap -
# a pipe cannot be checked from here (the subshell): read the stats file instead
check "[ \"\$(field tx_pkts \"\$(tail -n 1 $dir/pcap-stdin.stats)\")\" = '$recs' ]"

expect eve "$pkts" --eve "$dir/eve.json"
expect eve-stdin "$pkts" --eve - <"$dir/eve.json"
expect zeek-tsv "$pkts" --zeek "$dir/conn.log"
expect zeek-json "$pkts" --zeek "$dir/conn.json"
expect flowtuple "$pkts" --flowtuple "$dir/ft.avro"
for f in eve.json conn.log conn.json ft.avro; do
  expect "replay-$f" "$pkts" --replay "$dir/$f"
done

mkdir -p "$dir/nf"
if nfpcapd -r "$dir/cap.pcap" -w "$dir/nf" >/dev/null 2>&1; then
  nf=$(ls "$dir"/nf/nfcapd.* | head -n 1)
  expect nfdump "$recs" --nfdump "$nf"
  expect replay-nfcapd "$recs" --replay "$nf"
  # a cut nfcapd file: nfdump 1.7 reads none of it, and the report says why
  head -c $(($(stat -c %s "$nf") / 2)) "$nf" >"$dir/cut.nf"
  run nfdump-cut --nfdump "$dir/cut.nf"
  check "[ $rc -eq 0 ] && grep -q 'the file is cut' '$dir/nfdump-cut.err'"
else
  check "false # nfpcapd could not make the fixture"
fi

# EVE alerts go out as alerts, before the flows after them
{
  echo '{"timestamp":"2017-10-31T00:00:00.000000+0000","event_type":"alert","src_ip":"192.0.2.1","src_port":1,"dest_ip":"203.0.113.1","dest_port":23,"proto":"TCP","alert":{"signature_id":1,"signature":"test alert","category":"test","severity":1}}'
  cat "$dir/eve.json"
} >"$dir/alerts.json"
run eve-alerts --eve "$dir/alerts.json"
check "[ $rc -eq 0 ] && [ '$tx' = '$pkts' ] && [ '$atx' = 1 ]"

# another format: exit 2, naming the option and what the file looks like
for pair in "eve cap.pcap" "zeek eve.json" "nfdump conn.log" "flowtuple eve.json"; do
  set -- $pair
  "$feed" --"$1" "$dir/$2" --quiet 2>"$dir/bad.err"
  code=$?
  check "[ $code -eq 2 ]"
  check "grep -q -- '--$1: $dir/$2: not ' '$dir/bad.err'"
done
"$feed" --eve /nonexistent/eve.json --quiet 2>"$dir/missing.err"
check "[ $? -eq 2 ]" # a missing input file is a bad value, as in every option
check "grep -q 'nonexistent' '$dir/missing.err'"
"$feed" --help | grep -q -- '--flowtuple FILE'
check "[ $? -eq 0 ]"

# the viewer's --replay reaches every format through the same sources
for f in ft.avro eve.json conn.log; do
  "$viewer" --headless --quiet --no-detect --replay "$dir/$f" --speed 1000 --duration 2 \
    --fps 20 --stats "$dir/view-$f.stats" 2>"$dir/view-$f.err"
  code=$?
  last=$(tail -n 1 "$dir/view-$f.stats")
  check "[ $code -eq 0 ] && [ '$(field rx_pkts "$last")' = '$pkts' ]"
  [ "$code" -eq 0 ] || cat "$dir/view-$f.err"
done
# (longer: the alert must have reached the overlay before the last stats line, also under load)
"$viewer" --headless --quiet --no-detect --replay "$dir/alerts.json" --speed 1000 --duration 5 \
  --fps 20 --stats "$dir/view-alerts.stats" 2>/dev/null
last=$(tail -n 1 "$dir/view-alerts.stats")
check "[ '$(field rx_pkts "$last")' = '$pkts' ] && [ '$(field alerts_total "$last")' = 1 ]"
[ "$(field alerts_total "$last")" = 1 ] || echo "viewer alerts: $last"
exit $fail
