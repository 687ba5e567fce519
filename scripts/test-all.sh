#!/usr/bin/env bash
# Runs every test suite against the build in $1 (default: build): GoogleTest units through CTest,
# then the Gherkin features against the real binary (with Primer contract validation).
# Prints one closing line "N passed, N failed" over all suites.
set -uo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
total_pass=0; total_fail=0

echo "== unit tests (ctest)"
ctest_log=$(mktemp)
(cd "$build" && ctest --output-on-failure -j "$(nproc)" 2>&1) | tee "$ctest_log"
if grep -qE 'tests passed, [0-9]+ tests failed out of' "$ctest_log"; then
  line=$(grep -E 'tests passed, [0-9]+ tests failed out of' "$ctest_log" | tail -1)
  failed=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\1/' <<<"$line")
  all=$(sed -E 's/.* tests failed out of ([0-9]+).*/\1/' <<<"$line")
  total_pass=$((total_pass + all - failed)); total_fail=$((total_fail + failed))
else
  echo "ctest did not report a summary"; total_fail=$((total_fail + 1))
fi

echo "== features (cucumber against build/switchyard)"
feat_log=$(mktemp)
(cd features && SWITCHYARD_BIN="$(cd .. && pwd)/$build/switchyard" npx cucumber-js 2>&1) | tee "$feat_log"
feat_rc=${PIPESTATUS[0]}
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$feat_log" | tail -1)
if [[ -n "$line" ]]; then
  p=$(sed -E 's/^([0-9]+) passed.*/\1/' <<<"$line"); f=$(sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/' <<<"$line")
  total_pass=$((total_pass + p)); total_fail=$((total_fail + f))
  [[ $feat_rc -ne 0 && $f -eq 0 ]] && total_fail=$((total_fail + 1))
else
  echo "cucumber did not report a summary (exit $feat_rc)"; total_fail=$((total_fail + 1))
fi

rm -f "$ctest_log" "$feat_log"
echo
echo "all suites: $total_pass passed, $total_fail failed"
echo "$total_pass passed, $total_fail failed"
[[ $total_fail -eq 0 ]]
