#!/usr/bin/env bash
# The chaos suite (docs/reliability.md, "Chaos suite"): scripts/chaos/chaos.js once per seed.
#   scripts/chaos.sh [BUILD_DIR] [SEEDS] [PAYMENTS] [KILLS]
#     defaults: build, "1 2 3", 200 payments, 3 kills (the CI set; a few minutes on 2 cores)
#   make chaos SEED=42 PAYMENTS=10000 KILLS=40   (one long run)
# Exits non-zero when any seed breaks an invariant; each failure names its seed.
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
SEEDS=${2:-"1 2 3"}
PAYMENTS=${3:-200}
KILLS=${4:-3}
[[ -x $BUILD/switchyard ]] || { echo "chaos: no $BUILD/switchyard (build first)" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "chaos: sqlite3 is not installed (scripts/install-deps.sh --test)" >&2; exit 2; }
rc=0
for seed in $SEEDS; do
  node scripts/chaos/chaos.js --bin "$BUILD/switchyard" --seed "$seed" --payments "$PAYMENTS" \
    --kills "$KILLS" --workers "${CHAOS_WORKERS:-8}" || rc=1
done
exit $rc
