#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/NAME_fuzzer.cc, with clang in build-fuzz: CMake with
# -DSWITCHYARD_FUZZ=ON, ccache) and runs them; docs/reliability.md, "Fuzzing".
#
#   scripts/fuzz.sh                    every target for FUZZ_SECONDS (default 20) each: make fuzz, CI
#   scripts/fuzz.sh TARGET [SECONDS]   one target, default 600 s: make fuzz-long TARGET=.. SECONDS=..
#
# Each run starts from the committed seed corpus fuzz/corpus/NAME/ (and fuzz/NAME.dict when there
# is one) and keeps what it discovers in build-fuzz/corpus/NAME/ (not committed). A crash, a
# sanitizer report, a leak or a timeout fails the run and leaves the input in
# build-fuzz/artifacts/; turn it into a regression test beside the code and add it to the seed
# corpus. Prints one line per target: runs, execs/s, coverage (cov) and features (ft).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${FUZZ_BUILD:-build-fuzz}
command -v clang++ >/dev/null || { echo "fuzz: clang++ missing (scripts/install-deps.sh --fuzz)"; exit 1; }

all=$(ls fuzz/*_fuzzer.cc | sed -E 's|fuzz/(.*)_fuzzer\.cc|\1|')
if [[ $# -ge 1 ]]; then
  targets=$1; seconds=${2:-600}
  grep -qx "$targets" <<<"$all" || { echo "fuzz: unknown target $targets; one of:" $all; exit 1; }
else
  targets=$all; seconds=${FUZZ_SECONDS:-20}
fi

if [[ ! -f $build/build.ninja ]]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
    -DSWITCHYARD_FUZZ=ON >/dev/null
fi
# shellcheck disable=SC2086
cmake --build "$build" -j "${JOBS:-$(nproc)}" --target $(sed 's/$/_fuzzer/' <<<"$targets")

mkdir -p "$build/artifacts"
failed=0
for name in $targets; do
  mkdir -p "$build/corpus/$name"
  dict=(); [[ -f fuzz/$name.dict ]] && dict=(-dict="fuzz/$name.dict")
  log="$build/$name.log"
  if "$build/${name}_fuzzer" -max_total_time="$seconds" -max_len=16384 -timeout=10 \
       -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$build/artifacts/$name-" \
       "${dict[@]}" "$build/corpus/$name" "fuzz/corpus/$name" >"$log" 2>&1; then
    result=ok
  else
    result=FAILED; failed=$((failed + 1))
  fi
  runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "$log")
  rate=$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+)/\1/p' "$log")
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
  printf 'fuzz: %-24s %s  %ss  %s runs  %s exec/s  %s\n' "$name" "$result" "$seconds" \
    "${runs:-?}" "${rate:-?}" "${cov:-}"
  if [[ $result != ok ]]; then
    grep -E 'ERROR|SUMMARY|runtime error|Test unit written|deadly signal' "$log" | head -20
    echo "fuzz: full log in $log"
  fi
done
[[ $failed -eq 0 ]]
