#!/usr/bin/env bash
# Overload measurement (docs/performance.md, "Overload"): create+authorize from far more clients
# than the node can serve — closed loop on OVERLOAD_CONNS keep-alive connections, each sending its
# next payment as soon as it has an answer, so the latency is the server's own (no client-side
# queue) — once with admission control on (the defaults) and once with it off. Reports what was
# admitted and shed, the latency of each, and that the node serves normally right afterwards.
#
#   bench/overload.sh [BUILD_DIR]    BUILD_DIR holds switchyard and loadgen (default build)
#
# Environment: OVERLOAD_CONNS (default 1000), OVERLOAD_SECONDS (default 5), OVERLOAD_TOKENS
# (card tokens made ahead per case, default 30000; a shed request uses one up too).
# Writes bench/results/overload.json and prints a table. Not part of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=${1:-build}
SY=$BUILD/switchyard
LG=$BUILD/loadgen
CONNS=${OVERLOAD_CONNS:-1000}
SECS=${OVERLOAD_SECONDS:-5}
TOKENS=${OVERLOAD_TOKENS:-30000}
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

run_case() {  # label, then env assignments for the server
  local label=$1; shift
  local data=$TMP/$label
  env "$@" "$SY" serve --listen 127.0.0.1:0 --data-dir "$data" --demo >"$data.out" 2>"$data.log" &
  SERVER_PID=$!
  for _ in $(seq 1 200); do [[ -s $data/listening ]] && break; sleep 0.05; done
  [[ -s $data/listening ]] || { say "server did not start"; cat "$data.log" >&2; exit 1; }
  local url key
  url="http://$(cat "$data/listening")"
  key=$(cat "$data/demo-api-key")
  say "$label: pre-create $TOKENS card tokens"
  "$LG" tokens --target "$url" --api-key "$key" --count "$TOKENS" --conns 8 --out "$data.tokens" >/dev/null
  say "$label: $CONNS connections in a closed loop for ${SECS}s"
  "$LG" run --label "$label" --target "$url" --scenario create --mode closed --conns "$CONNS" \
    --duration "$SECS" --warmup 1 --api-key "$key" --tokens "$data.tokens" --pid "$SERVER_PID" \
    --shed-ok 1 > "$TMP/$label.json"
  # Right afterwards the node serves normally: 50 payments/s, nothing shed, nothing failed.
  "$LG" tokens --target "$url" --api-key "$key" --count 400 --conns 4 --out "$data.after" >/dev/null
  "$LG" run --label "$label-after" --target "$url" --scenario create --mode open --rate 50 \
    --conns 8 --duration 5 --warmup 1 --api-key "$key" --tokens "$data.after" \
    --pid "$SERVER_PID" --shed-ok 1 > "$TMP/$label-after.json"
  kill "$SERVER_PID" && wait "$SERVER_PID" || true
  SERVER_PID=""
}

LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
run_case admission-on
run_case admission-off SWITCHYARD_MAX_IN_FLIGHT_REQUESTS=0 SWITCHYARD_OVERLOAD_QUEUE_TARGET_MS=0

mkdir -p bench/results
jq -s --arg load "$LOAD" --arg conns "$CONNS" \
  '{loadavg_at_start: $load, connections: ($conns|tonumber), runs: .}' \
  "$TMP/admission-on.json" "$TMP/admission-on-after.json" \
  "$TMP/admission-off.json" "$TMP/admission-off-after.json" > bench/results/overload.json
jq -r '
  def row(r): [r.label, r.throughput_per_s, r.ok, (r.shed // 0), r.failed,
               r.latency.p50_ms, r.latency.p99_ms, r.latency.max_ms,
               (r.latency_shed.p50_ms // 0), (r.latency_shed.p99_ms // 0)] | @tsv;
  "run\tadmitted/s\tok\tshed\tfailed\tok p50\tok p99\tok max\tshed p50\tshed p99",
  (.runs[] | row(.))' bench/results/overload.json
