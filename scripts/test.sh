#!/usr/bin/env bash
# Sets up (Debian packages, geolocation database), builds and runs the whole test suite.
# Extra arguments go to ctest (e.g. -L codec, -R render).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/setup.sh"
build="${DARKGLOBE_BUILD:-$here/build}"
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo ${DARKGLOBE_CMAKE_ARGS:-}
cmake --build "$build" -j"$(nproc)"
cd "$build"
SDL_VIDEODRIVER=offscreen ctest --output-on-failure -j"$(nproc)" "$@"
