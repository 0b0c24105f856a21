#!/usr/bin/env bash
# The GPU run: on a machine with an NVIDIA GPU (EGL headless), build the viewer and measure
# frames/s with 1,000,000 live arcs at 1920x1080 and 3840x2160 (plus the empty-globe
# baseline). Needs the build dependencies of scripts/setup.sh and NVIDIA's EGL driver.
# Usage: tests/bench/gpu_render.sh [OUT_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$here/build-gpu/bench}
cmake -S "$here" -B "$here/build-gpu" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$here/build-gpu" --target darkglobe -j"$(nproc)" >/dev/null
mkdir -p "$out"
# EGL picks the NVIDIA device when its vendor library is installed; show which one we got.
__EGL_VENDOR_LIBRARY_FILENAMES=${__EGL_VENDOR_LIBRARY_FILENAMES:-} \
SECONDS_PER_RUN=8 "$here/tests/bench/bench_render.sh" "$here/build-gpu/darkglobe" \
  "$out/gpu_render.json" "1920x1080 3840x2160" "0 1000000" ""
