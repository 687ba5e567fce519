#!/usr/bin/env bash
# Installs what building and testing Switchyard needs from Debian's packages and npm.
# Idempotent: a package already present is not installed again; `apt-get update` runs first
# only when something is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need=(g++ cmake ninja-build pkg-config libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
      libssl-dev libsqlite3-dev sqlite3 libpq-dev libgtest-dev libgmock-dev libbenchmark-dev curl jq
      ccache)
if [[ "${1:-}" == "--test" ]]; then
  # The store tests run every case on PostgreSQL too, against a throw-away server they start
  # themselves (scripts/test-postgres.sh): only the binaries are needed, not a running cluster.
  # The multi-node test (scripts/multi-node-test.sh) puts nginx in front of three nodes.
  need+=(postgresql nginx-light)
  # checkout.feature drives the checkout in Debian's headless Chromium (playwright-core never
  # downloads a browser).
  need+=(chromium)
  # test-all.sh ends with the short fuzz runs (scripts/fuzz.sh): clang's libFuzzer.
  need+=(clang)
fi
if [[ "${1:-}" == "--bench" ]]; then
  # make bench: micro-benchmarks, the nginx HTTP ceiling, the JSON report (jq), the latency plot
  # (gnuplot), the table (column, from bsdextrautils) and the PostgreSQL runs (postgresql).
  need+=(libbenchmark-dev nginx-light jq gnuplot-nox bsdextrautils postgresql)
fi
if [[ "${1:-}" == "--fuzz" ]]; then
  # scripts/fuzz.sh: libFuzzer targets need clang (Debian's clang ships libFuzzer and the sanitizers).
  need+=(clang)
fi
# Node.js and npm: whatever provides the commands (Debian's packages, or the machine's own build)
# will do; installing Debian's npm next to another nodejs would fight over it.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  need+=(nodejs npm)
fi
missing=()
for p in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [[ "${1:-}" == "--test" ]]; then
  # Cucumber features and the OpenAPI contract validator live in features/package.json.
  if [[ ! -d features/node_modules ]] || [[ features/package-lock.json -nt features/node_modules ]]; then
    echo "install-deps: npm ci in features/"
    (cd features && npm ci --no-audit --no-fund --loglevel=error)
    touch features/node_modules
  fi
fi
