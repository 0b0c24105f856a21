#!/usr/bin/env bash
# Sets up (Debian packages, geolocation database), builds and starts the demo: the viewer
# with its in-process synthetic darknet feed. Extra arguments go to darkglobe.
# Without a display it renders headless for 10 s and writes darkglobe-demo.png.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/setup.sh"
build="${DARKGLOBE_BUILD:-$here/build}"
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$build" -j"$(nproc)"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec "$build/darkglobe" --demo "$@"
fi
echo "demo: no display found; rendering headless for 10 s into darkglobe-demo.png"
SDL_VIDEODRIVER=offscreen "$build/darkglobe" --demo --headless --duration 10 \
  --screenshot darkglobe-demo.png --stats - "$@" | tail -n 1
