#!/usr/bin/env bash
# sanitize.sh - the whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer +
# LeakSanitizer (gcc, build-asan, -DDG_SANITIZE=ON; includes the leak_viewer check), then
# the short libFuzzer runs (clang, build-fuzz, -DDG_FUZZ=ON, ctest -L fuzz).
# Usage: scripts/sanitize.sh [asan|fuzz]   (default: both)   See docs/reliability.md.
# Environment: JOBS (2, build), TEST_JOBS (1, the ASan ctest), DG_TIMEOUT_SCALE (3:
#              multiplies every test's TIMEOUT under ASan), LEAK_SECONDS (60),
#              CTEST_ARGS (extra ctest arguments, e.g. "-L codec").
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=${JOBS:-2}
# The suite's end-to-end tests time real processes; under ASan each runs 2-3x slower, so one
# test at a time keeps a 2-core machine from starving them (TEST_JOBS to change it).
test_jobs=${TEST_JOBS:-1}
what=${1:-all}
status=0

export ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:verify_asan_link_order=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$root/tests/lsan.supp:print_suppressions=0
export SDL_VIDEODRIVER=offscreen

if [ "$what" = all ] || [ "$what" = asan ]; then
  echo "== ASan+UBSan+LSan build: $root/build-asan"
  DG_TIMEOUT_SCALE=${DG_TIMEOUT_SCALE:-3} cmake -S "$root" -B "$root/build-asan" \
    -DDG_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$root/build-asan" -j"$jobs"
  # Mesa unloads its driver before LeakSanitizer runs, leaving unnamed "leaks" behind; with
  # dlclose made a no-op (tests/keep_dso.c) the driver's memory stays reachable and every
  # leak report left is ours.
  cc -shared -fPIC -o "$root/build-asan/keep_dso.so" "$root/tests/keep_dso.c"
  (cd "$root/build-asan" && LD_PRELOAD="$root/build-asan/keep_dso.so" \
     ctest --output-on-failure -j"$test_jobs" ${CTEST_ARGS:-}) || status=1
fi

if [ "$what" = all ] || [ "$what" = fuzz ]; then
  echo "== libFuzzer build (clang): $root/build-fuzz"
  CC=clang cmake -S "$root" -B "$root/build-fuzz" -DDG_FUZZ=ON -DCMAKE_C_COMPILER=clang \
    >/dev/null
  cmake --build "$root/build-fuzz" -j"$jobs" --target fuzz_decode fuzz_csv fuzz_pcap \
    fuzz_pktparse fuzz_opts fuzz_watchlist fuzz_sensors fuzz_recording fuzz_flowtuple
  # Only the libFuzzer runs: the replayers of this tree are the gcc build's business.
  (cd "$root/build-fuzz" && ctest --output-on-failure -R '^fuzz_.*_short$') || status=1
fi

[ $status -eq 0 ] && echo "sanitize.sh: all passed" || echo "sanitize.sh: FAILURES above"
exit $status
