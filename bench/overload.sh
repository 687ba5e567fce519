#!/usr/bin/env bash
# Overload measurement (docs/performance.md, "Overload"): create+authorize offered far beyond
# what the node can serve, open loop (each request due at a fixed rate, latency from when it was
# due), with admission control on (the defaults) — how many requests are shed, the latency of
# those admitted and of the rejections, and that the node serves normally right afterwards.
#
#   bench/overload.sh [BUILD_DIR]    BUILD_DIR holds switchyard and loadgen (default build)
#
# Environment: OVERLOAD_RATE (offered payments/s, default 6000), OVERLOAD_SECONDS (default 10),
# OVERLOAD_CONNS (default 512), OVERLOAD_FLAGS (extra `serve` flags). Writes
# bench/results/overload.json and prints a short table. Not part of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=${1:-build}
SY=$BUILD/switchyard
LG=$BUILD/loadgen
RATE=${OVERLOAD_RATE:-6000}
SECS=${OVERLOAD_SECONDS:-10}
CONNS=${OVERLOAD_CONNS:-512}
for bin in "$SY" "$LG"; do
  [[ -x $bin ]] || { echo "overload: $bin missing (cmake --build $BUILD --target switchyard loadgen)" >&2; exit 1; }
done
command -v jq >/dev/null || { echo "overload: jq missing" >&2; exit 1; }
ulimit -n 8192 2>/dev/null || true

TMP=$(mktemp -d /tmp/switchyard-overload.XXXXXX)
SERVER_PID=""
cleanup() {
  [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT
say() { printf '%s\n' "overload: $*" >&2; }

# shellcheck disable=SC2086  # OVERLOAD_FLAGS: extra serve flags
"$SY" serve --listen 127.0.0.1:0 --data-dir "$TMP/data" --demo ${OVERLOAD_FLAGS:-} \
  >"$TMP/out" 2>"$TMP/log" &
SERVER_PID=$!
for _ in $(seq 1 200); do [[ -s $TMP/data/listening ]] && break; sleep 0.05; done
[[ -s $TMP/data/listening ]] || { say "server did not start"; cat "$TMP/log" >&2; exit 1; }
URL="http://$(cat "$TMP/data/listening")"
KEY=$(cat "$TMP/data/demo-api-key")

TOKENS=$(( RATE * (SECS + 2) + 1000 ))
say "pre-create $TOKENS card tokens"
"$LG" tokens --target "$URL" --api-key "$KEY" --count "$TOKENS" --conns 8 --out "$TMP/tokens.txt" >/dev/null
say "offer $RATE create+authorize/s for ${SECS}s on up to $CONNS connections"
LOAD=$(uptime | sed 's/.*load average: //')
"$LG" run --label overload-open --target "$URL" --scenario create --mode open --rate "$RATE" \
  --conns "$CONNS" --duration "$SECS" --warmup 1 --api-key "$KEY" --tokens "$TMP/tokens.txt" \
  --pid "$SERVER_PID" --shed-ok 1 > "$TMP/overload.json"

# Right afterwards the node serves normally: a payment at 50/s, nothing shed, nothing failed.
"$LG" tokens --target "$URL" --api-key "$KEY" --count 400 --conns 4 --out "$TMP/after.txt" >/dev/null
"$LG" run --label after --target "$URL" --scenario create --mode open --rate 50 --conns 8 \
  --duration 5 --warmup 1 --api-key "$KEY" --tokens "$TMP/after.txt" --pid "$SERVER_PID" \
  --shed-ok 1 > "$TMP/after.json"

mkdir -p bench/results
jq -s --arg load "$LOAD" --arg rate "$RATE" \
  '{loadavg_at_start: $load, offered_per_s: ($rate|tonumber), overload: .[0], after: .[1]}' \
  "$TMP/overload.json" "$TMP/after.json" > bench/results/overload.json
jq -r '
  def row(r): [r.label, r.target_rate, r.throughput_per_s, r.ok, r.shed, r.failed,
               r.latency.p50_ms, r.latency.p99_ms, r.latency.max_ms,
               r.latency_shed.p50_ms, r.latency_shed.p99_ms, r.latency_shed.max_ms] | @tsv;
  "run\toffered/s\tadmitted/s\tok\tshed\tfailed\tok p50\tok p99\tok max\tshed p50\tshed p99\tshed max",
  row(.overload), row(.after)' bench/results/overload.json
