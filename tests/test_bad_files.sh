#!/usr/bin/env bash
# Missing or corrupt geolocation database, texture and key: one clear message, then the
# best fallback (or, for what an option names - --geoip, a key - a clear refusal, exit 2);
# never a crash.
set -u
. "$(dirname "$0")/lib.sh"
viewer=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
head -c 100000 /dev/urandom >"$dir/corrupt.mmdb"
DARKGLOBE_GEOIP="$dir/corrupt.mmdb" "$viewer" --headless --frames 5 --stats "$dir/s1" \
  2>"$dir/err1"
check "[ $? -eq 0 ]"
check "grep -qi 'corrupt.mmdb' '$dir/err1'"
"$viewer" --headless --frames 5 --geoip "$dir/corrupt.mmdb" 2>>"$dir/err1"
check "[ $? -eq 2 ]"
check "grep -q 'darkglobe: --geoip: .*corrupt.mmdb: cannot open' '$dir/err1'"
echo "not a jpeg" >"$dir/bad.jpg"
"$viewer" --headless --frames 5 --globe-texture "$dir/bad.jpg" --screenshot "$dir/g.png" 2>"$dir/err2"
check "[ $? -eq 0 ]"
check "[ -s '$dir/g.png' ]"
echo short >"$dir/key"
"$viewer" --headless --frames 5 --feed-key "$dir/key" 2>"$dir/err3"
check "[ $? -ne 0 ] && [ $? -ne 139 ]"
check "grep -q 'at least 16 bytes' '$dir/err3'"
cat "$dir/err1" "$dir/err2" "$dir/err3"
exit $fail
