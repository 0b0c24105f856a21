#!/usr/bin/env bash
# Installs what darkglobe needs to build, run and test on Debian 12, then fetches
# the DB-IP Lite City database into data/. Idempotent: a second run changes nothing.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

pkgs=(
  build-essential cmake pkg-config clang libclang-rt-14-dev
  libsdl2-dev libglew-dev libcglm-dev libgl-dev libegl-dev libegl-mesa0 libgl1-mesa-dri
  libmaxminddb-dev mmdb-bin libmaxmind-db-writer-perl
  libnanomsg-dev nanomsg-utils
  libpcap-dev zlib1g-dev libstb-dev libcjson-dev libsodium-dev librdkafka-dev
  libbz2-dev liblzma-dev libzstd-dev libavro-dev nfdump gzip bzip2 xz-utils zstd
  fonts-dejavu-core fonts-noto-cjk xplanet-images xvfb xauth bc
  curl ca-certificates python3
)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

"$here/scripts/fetch-geoip.sh" || echo "setup: warning: no geolocation database fetched; the viewer runs without one" >&2
