#!/usr/bin/env bash
# Runs every test suite against each build directory given (default: build): the GoogleTest units
# through CTest (the store's on SQLite and on a throw-away PostgreSQL), then the Gherkin features
# against that build's real binary (every response validated against the Primer spec); then the
# multi-node test (scripts/multi-node-test.sh) against the first build, the processor contract
# checks and the short fuzz runs (scripts/fuzz.sh). Ends with one line "N passed, N failed" over
# everything, after the names of whatever failed (so that the tail of a CI log says what to fix).
set -uo pipefail
cd "$(dirname "$0")/.."
# One throw-away PostgreSQL server for every test process (the store tests run each case on SQLite
# and on PostgreSQL); torn down when this script ends. Fails here, loudly, without PostgreSQL.
if [[ -z "${SWITCHYARD_TEST_POSTGRES_URL:-}" ]]; then
  exec scripts/test-postgres.sh run "$(pwd)/scripts/test-all.sh" "$@"
fi
echo "== PostgreSQL for the store tests: $SWITCHYARD_TEST_POSTGRES_URL"
builds=("$@"); [[ ${#builds[@]} -eq 0 ]] && builds=(build)
total_pass=0; total_fail=0
log=$(mktemp)
failures=$(mktemp)  # one line per failed test, scenario or step, printed again at the end

for build in "${builds[@]}"; do
  echo "== unit tests in $build (ctest)"
  (cd "$build" && ctest --output-on-failure -j "$(nproc)" 2>&1) | tee "$log"
  line=$(grep -E 'tests passed, [0-9]+ tests failed out of [0-9]+' "$log" | tail -1)
  if [[ -n "$line" ]]; then
    failed=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\1/' <<<"$line")
    all=$(sed -E 's/.* tests failed out of ([0-9]+).*/\1/' <<<"$line")
    total_pass=$((total_pass + all - failed)); total_fail=$((total_fail + failed))
    sed -n '/The following tests FAILED:/,/^$/p' "$log" | grep -E '^\s+[0-9]+ - ' |
      sed -E "s|^\s+|ctest ($build): |" >> "$failures"
  else
    echo "ctest in $build did not report a summary"; total_fail=$((total_fail + 1))
    echo "ctest ($build): no summary" >> "$failures"
  fi

  echo "== features against $build/switchyard (cucumber)"
  # Every server's database and logs are kept for the card data scan below.
  keep=$(mktemp -d)
  (cd features && SWITCHYARD_FEATURES_KEEP_DIR="$keep" SWITCHYARD_BIN="$(cd .. && pwd)/$build/switchyard" npx cucumber-js 2>&1) | tee "$log"
  rc=${PIPESTATUS[0]}
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
  if [[ -n "$line" ]]; then
    p=$(sed -E 's/^([0-9]+) passed.*/\1/' <<<"$line")
    f=$(sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/' <<<"$line")
    total_pass=$((total_pass + p)); total_fail=$((total_fail + f))
    if [[ $rc -ne 0 && $f -eq 0 ]]; then total_fail=$((total_fail + 1)); fi
    grep -E '^[0-9]+\) Scenario: ' "$log" | sed -E "s|^[0-9]+\) |features ($build): |" >> "$failures"
  else
    echo "cucumber against $build did not report a summary (exit $rc)"; total_fail=$((total_fail + 1))
    echo "features ($build): no summary (exit $rc)" >> "$failures"
  fi
  # The PostgreSQL databases move_to_postgres.feature copied stores into live on the throw-away
  # server, not under $keep: dumped as text beside the rest for the scan, then dropped.
  for db in $(psql "$SWITCHYARD_TEST_POSTGRES_URL" -Atqc \
                "SELECT datname FROM pg_database WHERE datname LIKE 'sy\\_move\\_%'" 2>/dev/null); do
    if ! pg_dump "${SWITCHYARD_TEST_POSTGRES_URL%/*}/$db" > "$keep/postgres-$db.sql"; then
      total_fail=$((total_fail + 1)); echo "FAILED: pg_dump of $db for the card data scan" | tee -a "$failures"
    fi
    psql "$SWITCHYARD_TEST_POSTGRES_URL" -qc "DROP DATABASE $db" >/dev/null 2>&1 || true
  done
  echo "== no clear card number or CVV in the databases and logs the features wrote ($build)"
  if node scripts/scan-card-data.js "$keep" features > "$log" 2>&1; then
    total_pass=$((total_pass + 1)); tail -1 "$log"
  else
    total_fail=$((total_fail + 1)); tail -40 "$log"; echo "FAILED: scripts/scan-card-data.js" | tee -a "$failures"
  fi
  rm -rf "$keep"
done
echo "== several nodes: three nodes on PostgreSQL behind nginx, one killed, the database restarted"
if scripts/multi-node-test.sh "${builds[0]}" > "$log" 2>&1; then
  total_pass=$((total_pass + 1)); grep -E '^(verify|load):|\[multi-node' "$log" | grep -v '^{' | tail -6
else
  total_fail=$((total_fail + 1)); grep -v '^{"ts"' "$log" | tail -60; echo "FAILED: scripts/multi-node-test.sh" | tee -a "$failures"
fi
echo "== chaos suite: seeded faults and kill -9 against the emulators' ledgers (scripts/chaos.sh, CI seeds)"
if scripts/chaos.sh "${builds[0]}" > "$log" 2>&1; then
  total_pass=$((total_pass + 1)); grep -E '^chaos:' "$log"
else
  total_fail=$((total_fail + 1)); grep -v '^{"ts"' "$log" | tail -80; echo "FAILED: scripts/chaos.sh" | tee -a "$failures"
fi
echo "== processor contracts: recorded connector requests and emulator responses against ../shared/specs"
for check in src/connectors/*/contract_check.js; do
  if node "$check" > "$log" 2>&1; then
    total_pass=$((total_pass + 1)); tail -1 "$log"
  else
    total_fail=$((total_fail + 1)); cat "$log"; echo "FAILED: $check" | tee -a "$failures"
  fi
done
echo "== fuzzing: every libFuzzer target for ${FUZZ_SECONDS:-20} s (scripts/fuzz.sh, clang in build-fuzz)"
if scripts/fuzz.sh > "$log" 2>&1; then
  total_pass=$((total_pass + 1)); grep '^fuzz: ' "$log"
else
  total_fail=$((total_fail + 1)); tail -80 "$log"; echo "FAILED: scripts/fuzz.sh" | tee -a "$failures"
fi
rm -f "$log"

echo
if [[ -s "$failures" ]]; then
  echo "failed:"; sed 's/^/  /' "$failures"
fi
rm -f "$failures"
echo "total: $total_pass passed, $total_fail failed"
[[ $total_fail -eq 0 ]]
