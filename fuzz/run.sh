#!/usr/bin/env bash
# Builds the libFuzzer targets (clang 14, AddressSanitizer + UndefinedBehaviorSanitizer) and runs
# each on a copy of its seed corpus for a bounded time, printing executions and crashes.
#
#   fuzz/run.sh [SECONDS_PER_TARGET=60] [TARGETS...=idx csv model gen model_semantic flags numpy onnx]
#   AXON_FUZZ_BUILD=DIR  build directory (default build-fuzz); one configured with -DAXON_FUZZ=ON
#                        is reused as it is
# Needs clang-14 and libclang-rt-14-dev. Exits 1 when a target crashed; the input that did is kept
# under DIR/crashes/ (reproduce: DIR/fuzz/fuzz_TARGET FILE).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(idx csv model gen model_semantic flags numpy onnx)
build="${AXON_FUZZ_BUILD:-$root/build-fuzz}"

mkdir -p "$build"
# A build directory already configured with AXON_FUZZ=ON (such as the sanitizer build of .ci/run,
# which adds -DAXON_FUZZ=ON) is used as it is; any other is configured for the fuzz targets alone.
if ! grep -qs '^AXON_FUZZ:BOOL=ON$' "$build/CMakeCache.txt"; then
  CC=clang-14 CXX=clang++-14 cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DAXON_FUZZ=ON -DAXON_BUILD_TESTS=OFF -DAXON_BUILD_EXAMPLES=OFF -DAXON_BUILD_CLI=OFF \
    -DAXON_WARNINGS_AS_ERRORS=OFF > "$build/configure.log" 2>&1 ||
    { tail -30 "$build/configure.log"; exit 2; }
fi
cmake --build "$build" -j"$(nproc)" --target "${targets[@]/#/fuzz_}" > "$build/build.log" 2>&1 ||
  { tail -40 "$build/build.log"; exit 2; }

failed=0
printf '%-15s %12s %10s %8s\n' target executions exec/s crashes
for t in "${targets[@]}"; do
  work="$build/corpus/$t" crashes="$build/crashes/$t"
  mkdir -p "$work" "$crashes"
  cp -n "$root/fuzz/corpus/$t/"* "$work/" 2> /dev/null || true
  log="$build/fuzz_$t.log"
  status=0
  ASAN_OPTIONS=detect_leaks=1 "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$crashes/" "$work" > "$log" 2>&1 ||
    status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  count=$(find "$crashes" -type f | wc -l)
  printf '%-15s %12s %10s %8s\n' "$t" "${runs:-?}" "${rate:-?}" "$count"
  if [ "$status" -ne 0 ] || [ "$count" -ne 0 ]; then
    failed=1
    echo "fuzz_$t failed (exit $status); last lines of $log:"
    tail -30 "$log"
  fi
done
exit "$failed"
