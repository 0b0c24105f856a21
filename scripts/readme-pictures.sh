#!/usr/bin/env bash
# Retakes the README's pictures from a build (default build/): the 2017 scenario with the
# Mirai-surge alert's card (docs/screenshot.png) and the Marx honeypot replay
# (docs/screenshot-marx.png). Headless; about a minute. Usage: scripts/readme-pictures.sh [BUILD]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
marx=${MARX:-$here/../shared/datasets/marx/marx.csv.gz}
export SDL_VIDEODRIVER=offscreen
port=$((20000 + RANDOM % 20000))

# 2017: the feed's detectors raise the alerts; the card of the high one opens by itself.
"$build/darkglobe-feed" --scenario mirai-2017-jp --detect --speed 60 --rate 3000 --delay 2 \
  --duration 1100 --bind "tcp://127.0.0.1:$port" --quiet &
fpid=$!
"$build/darkglobe" --connect "tcp://127.0.0.1:$port" --no-detect --max-arcs 5000 --headless \
  --auto-card --duration 19 --screenshot "$here/docs/screenshot.png" --quiet
kill $fpid 2>/dev/null || true
wait $fpid 2>/dev/null || true

# Marx: seven months of honeypot events at x100000 (top lists since start: a 10 min window is
# a blink at that speed), the timeline with its activity histogram.
if [ -r "$marx" ]; then
  "$build/darkglobe" --replay "$marx" --sensor-file "$here/assets/marx-sensors.conf" \
    --speed 100000 --hud-window all --headless --duration 22 --screenshot "$here/docs/screenshot-marx.png" --quiet
else
  echo "readme-pictures: $marx not found: the Marx picture is not retaken" >&2
fi
echo "readme-pictures: docs/screenshot.png docs/screenshot-marx.png"
