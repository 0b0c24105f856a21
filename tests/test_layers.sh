#!/usr/bin/env bash
# test_layers.sh - the layer check (check_layers.py) passes on the tree and fails, naming the
# include, on a copy where net/base reaches up into net/geo and where net/wire includes a
# viewer header.
set -u
src=${1:?source dir}
here=$(dirname "$0")
python3 "$here/check_layers.py" "$src" || { echo "FAIL: the tree breaks the layer order"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cp -r "$src/net" "$src/viewer" "$src/CMakeLists.txt" "$tmp/"
printf '#include "geo.h"\n' > "$tmp/net/base/reach_up.c"
out=$(python3 "$here/check_layers.py" "$tmp") && { echo "FAIL: base including geo.h passed"; exit 1; }
grep -q 'net/base/reach_up.c: includes "geo.h"' <<<"$out" || { echo "FAIL: not named: $out"; exit 1; }
rm "$tmp/net/base/reach_up.c"
printf '#include "model.h"\n' > "$tmp/net/wire/viewer_dep.h"
out=$(python3 "$here/check_layers.py" "$tmp") && { echo "FAIL: wire including model.h passed"; exit 1; }
grep -q 'viewer_dep.h: includes "model.h" (viewer' <<<"$out" || { echo "FAIL: not named: $out"; exit 1; }
rm "$tmp/net/wire/viewer_dep.h"
sed -i 's/dg_layer(dg_geo geo dg_base/dg_layer(dg_geo geo dg_sources/' "$tmp/CMakeLists.txt"
out=$(python3 "$here/check_layers.py" "$tmp") && { echo "FAIL: geo linking sources passed"; exit 1; }
grep -q 'dg_geo links' <<<"$out" || { echo "FAIL: link order not named: $out"; exit 1; }
echo "PASS: layer order holds and its check catches includes and links out of order"
