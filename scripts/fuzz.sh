#!/usr/bin/env bash
# Builds a libFuzzer target with clang (-fsanitize=fuzzer,address,undefined) and runs it.
#
#   scripts/fuzz.sh workflow_document [SECONDS]      default 60 s
#
# Target NAME is fuzz/NAME_fuzzer.cc; it starts from the committed seed corpus
# fuzz/corpus/NAME/ and adds what it discovers to build-fuzz/corpus/NAME/ (not committed). A crash
# leaves build-fuzz/crash-*; turn it into a regression test beside the code, and add the input to
# the seed corpus. Outside the CMake build, so `make test` never needs clang.
set -euo pipefail
cd "$(dirname "$0")/.."

name=${1:?usage: scripts/fuzz.sh TARGET [SECONDS]}
seconds=${2:-60}
command -v clang++ >/dev/null || { echo "fuzz: clang++ missing (scripts/install-deps.sh --fuzz)"; exit 1; }

# Sources per target: the module under test and what it links, without tests.
case "$name" in
  workflow_document)
    sources=$(ls src/workflows/*.cc | grep -v '_test\.cc$')
    sources+=" src/domain/status_reason.cc src/domain/payment.cc src/common/money.cc src/common/json_path.cc"
    ;;
  *) echo "fuzz: unknown target $name"; exit 1 ;;
esac

out=build-fuzz
mkdir -p "$out/corpus/$name"
binary="$out/${name}_fuzzer"
flags=(-std=c++20 -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined
       -fno-sanitize-recover=undefined -Isrc -DBOOST_JSON_NO_LIB -DBOOST_CONTAINER_NO_LIB)
echo "fuzz: building $binary"
# shellcheck disable=SC2086
nice clang++ "${flags[@]}" "fuzz/${name}_fuzzer.cc" $sources -o "$binary"

echo "fuzz: running $name for ${seconds}s"
(cd "$out" && "./${name}_fuzzer" -max_total_time="$seconds" -max_len=16384 -timeout=10 \
   -print_final_stats=1 "corpus/$name" "../fuzz/corpus/$name")
