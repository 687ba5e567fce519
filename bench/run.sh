#!/usr/bin/env bash
# The benchmark of `make bench` (docs/performance.md explains the method and the figures).
#
#   bench/run.sh [BUILD_DIR]        BUILD_DIR holds switchyard, loadgen, microbench (Release)
#
# Starts the real server (--demo: SQLite in a temp dir, the in-process test-processor emulator;
# then again on a throw-away PostgreSQL from scripts/test-postgres.sh) and nginx serving a static
# JSON body, on loopback, drives them with BUILD_DIR/loadgen, and writes
# a table on stdout, bench/results/latest.json and bench/results/latency.png.
# Environment: BENCH_SCALE=0.5 halves every measured phase (a quick look); BENCH_SKIP_MICRO=1;
# BENCH_SERVE_FLAGS="--threads 1" adds flags to every `switchyard serve`; BENCH_NICE=0.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=${1:-build-release}
SY=$BUILD/switchyard
LG=$BUILD/loadgen
MICRO=$BUILD/microbench
RESULTS=bench/results
SCALE=${BENCH_SCALE:-1}
RATE=1000  # payments/s of the overhead measurement (the issue's target load)
mkdir -p "$RESULTS"
for bin in "$SY" "$LG"; do
  [[ -x $bin ]] || { echo "bench: $bin missing; run 'make bench'" >&2; exit 1; }
done
for tool in jq nginx gnuplot; do
  command -v "$tool" >/dev/null || { echo "bench: $tool missing (scripts/install-deps.sh --bench)" >&2; exit 1; }
done

TMP=$(mktemp -d /tmp/switchyard-bench.XXXXXX)
SERVER_PID=""
NGINX_PID=""
PG_DIR=""
cleanup() {
  [[ -n $PG_DIR ]] && scripts/test-postgres.sh stop "$PG_DIR" || true
  [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  [[ -n $NGINX_PID ]] && kill -QUIT "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT

# The harness's processes run at a higher priority when it can (root): a build going on in the
# same machine then disturbs the measurement less. BENCH_NICE=0 turns this off.
NICE="nice -n ${BENCH_NICE:--10}"
[[ $(id -u) -eq 0 ]] || NICE=""
secs() { awk -v s="$1" -v k="$SCALE" 'BEGIN { v = s * k; if (v < 1) v = 1; print v }'; }
say() { printf '%s\n' "bench: $*" >&2; }
ulimit -n 8192 2>/dev/null || true

# ---------------------------------------------------------------------------------------------
say "machine"
MACHINE=$(jq -n --arg nproc "$(nproc)" \
  --arg model "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')" \
  --arg mem "$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)" \
  --arg kernel "$(uname -r)" --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" \
  --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  --arg commit "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  --arg flags "${BENCH_SERVE_FLAGS:-}" --arg nice "${NICE:-none}" \
  '{nproc: ($nproc|tonumber), cpu: $model, memory: $mem, kernel: $kernel,
    loadavg_at_start: $load, date: $date, commit: $commit, extra_serve_flags: $flags,
    priority: $nice}')

# The disk's durable-commit latency right now: every synchronous=FULL commit waits for one.
FSYNC=$("$LG" fsync --dir "$TMP" --count 100)
MACHINE=$(jq --argjson f "$FSYNC" '. + {fdatasync_4k_ms: {p50: $f.p50_ms, p99: $f.p99_ms}}' <<<"$MACHINE")

# ---------------------------------------------------------------------------------------------
MICRO_JSON='[]'
if [[ -x $MICRO && -z ${BENCH_SKIP_MICRO:-} ]]; then
  say "micro-benchmarks"
  "$MICRO" --benchmark_min_time=0.2 --benchmark_format=json --benchmark_out="$TMP/micro.json" \
    --benchmark_out_format=json >/dev/null
  MICRO_JSON=$(jq '[.benchmarks[] | {name, ns_per_op: (.real_time * 100 | round / 100),
                    items_per_s: (1e9 / .real_time | round)}]' "$TMP/micro.json")
fi

# ---------------------------------------------------------------------------------------------
say "start-up to first served request"
startup() {  # $1: data dir
  $NICE "$LG" startup --timeout 10 --log "$TMP/startup.log" -- "$SY" serve --listen '127.0.0.1:{PORT}' \
    --data-dir "$1" --demo | jq .startup_ms
}
COLD=(); WARM=()
for i in 1 2 3 4 5; do
  COLD+=("$(startup "$TMP/startup-$i")")   # a new data dir: creates the database and the demo merchant
  WARM+=("$(startup "$TMP/startup-$i")")   # the same dir again: opens an existing database
done
STARTUP=$(jq -n --argjson c "[$(IFS=,; echo "${COLD[*]}")]" --argjson w "[$(IFS=,; echo "${WARM[*]}")]" \
  '{cold_ms: ($c|sort|.[2]), warm_ms: ($w|sort|.[2]), cold_runs_ms: $c, warm_runs_ms: $w}')

# ---------------------------------------------------------------------------------------------
say "start nginx (static JSON body)"
NGINX_PORT=$("$LG" freeport)
mkdir -p "$TMP/nginx/logs"
BODY=$(tr -d '\n' < bench/static-payment.json)
cat > "$TMP/nginx/nginx.conf" <<EOF
worker_processes auto;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 10000000;
  keepalive_timeout 120s;
  client_body_temp_path $TMP/nginx/body;
  proxy_temp_path $TMP/nginx/proxy;
  fastcgi_temp_path $TMP/nginx/fastcgi;
  uwsgi_temp_path $TMP/nginx/uwsgi;
  scgi_temp_path $TMP/nginx/scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location = /payment.json { default_type application/json; return 200 '$BODY'; }
  }
}
EOF
$NICE nginx -p "$TMP/nginx" -e "$TMP/nginx/logs/error.log" -c "$TMP/nginx/nginx.conf" \
  -g 'daemon off;' &
NGINX_PID=$!

NGINX_URL="http://127.0.0.1:$NGINX_PORT"
for _ in $(seq 1 100); do curl -sf "$NGINX_URL/payment.json" >/dev/null && break; sleep 0.05; done

start_server() {  # data dir, then extra serve flags; sets SERVER_PID SY_URL KEY EMU_URL
  local data=$1; shift
  say "start switchyard serve --demo $*"
  # shellcheck disable=SC2086  # BENCH_SERVE_FLAGS: extra flags for every server, e.g. "--threads 1"
  $NICE "$SY" serve --listen 127.0.0.1:0 --data-dir "$data" --demo ${BENCH_SERVE_FLAGS:-} "$@" \
    >"$data.out" 2>"$data.log" &
  SERVER_PID=$!
  for _ in $(seq 1 200); do [[ -s $data/listening ]] && break; sleep 0.05; done
  [[ -s $data/listening ]] || { say "server did not start"; cat "$data.log" >&2; exit 1; }
  SY_URL="http://$(cat "$data/listening")"
  KEY=$(cat "$data/demo-api-key")
  EMU_URL=$(grep -m1 '"sandbox started"' "$data.log" | jq -r .url)
  say "switchyard $SY_URL (pid $SERVER_PID), its emulator $EMU_URL, nginx $NGINX_URL"
}
stop_server() {
  kill "$SERVER_PID" && wait "$SERVER_PID" || true
  SERVER_PID=""
}
run() {  # label, then loadgen run options; keeps the JSON line in $TMP/<label>.json
  local label=$1; shift
  say "run $label"
  $NICE "$LG" run --label "$label" --dist "$TMP/$label.dist" "$@" > "$TMP/$label.json"
}
tokens() {  # file, count: SINGLE_USE card tokens made ahead (each pays once)
  $NICE "$LG" tokens --target "$SY_URL" --api-key "$KEY" --count "$2" --conns 8 --out "$1" \
    > "$1.json"
}
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

OPEN_TOKENS=$(awk -v r=$RATE -v d="$(secs 10)" 'BEGIN { print int(r * (d + 1) * 1.05) + 200 }')
CLOSED_TOKENS=${BENCH_CLOSED_TOKENS:-$(awk -v d="$(secs 5)" 'BEGIN { print int(5000 * (d + 1)) }')}

# ---------------------------------------------------------------------------------------------
# Part 1: the default configuration (synchronous=FULL: every commit fsynced).
start_server "$TMP/data"
RSS_IDLE=$(rss_kb "$SERVER_PID")
say "1,000 keep-alive connections"
$NICE "$LG" hold --target "$SY_URL" --conns 1000 --hold 2 --pid "$SERVER_PID" > "$TMP/hold-fresh.json"

# The HTTP ceiling: the same generator against nginx, and against Switchyard's /healthz.
run nginx-closed --target "$NGINX_URL" --scenario get --path /payment.json --mode closed \
  --conns 16 --duration "$(secs 5)" --warmup 1
run nginx-open --target "$NGINX_URL" --scenario get --path /payment.json --mode open \
  --rate $RATE --duration "$(secs 10)" --warmup 1
run healthz-closed --target "$SY_URL" --scenario get --path /healthz --mode closed \
  --conns 16 --duration "$(secs 5)" --warmup 1 --pid "$SERVER_PID"

# The emulator called directly with the connector's request: the baseline of the overhead.
run emulator-closed --target "$EMU_URL" --scenario emulator --mode closed --conns 16 \
  --duration "$(secs 5)" --warmup 1 --pid "$SERVER_PID"
run emulator-open --target "$EMU_URL" --scenario emulator --mode open --rate $RATE \
  --duration "$(secs 10)" --warmup 1 --pid "$SERVER_PID"

say "pre-create $OPEN_TOKENS + $CLOSED_TOKENS card tokens"
tokens "$TMP/tokens-open.txt" "$OPEN_TOKENS"
tokens "$TMP/tokens-closed.txt" "$CLOSED_TOKENS"
run create-open --target "$SY_URL" --scenario create --mode open --rate $RATE --conns 128 \
  --duration "$(secs 10)" --warmup 1 --api-key "$KEY" --tokens "$TMP/tokens-open.txt" \
  --pid "$SERVER_PID"
run create-closed --target "$SY_URL" --scenario create --mode closed --conns 64 \
  --duration "$(secs 5)" --warmup 1 --api-key "$KEY" --tokens "$TMP/tokens-closed.txt" \
  --pid "$SERVER_PID"

# The whole merchant flow: client session, tokenize, create+authorize, capture, refund, GET.
run flow-closed --target "$SY_URL" --scenario flow --mode closed --conns 32 \
  --duration "$(secs 5)" --warmup 1 --api-key "$KEY" --pid "$SERVER_PID"
run flow-open --target "$SY_URL" --scenario flow --mode open --rate 100 \
  --duration "$(secs 10)" --warmup 1 --api-key "$KEY" --pid "$SERVER_PID"

say "1,000 keep-alive connections, after the load"
$NICE "$LG" hold --target "$SY_URL" --conns 1000 --hold 2 --pid "$SERVER_PID" > "$TMP/hold-after.json"
RSS_END=$(rss_kb "$SERVER_PID")
stop_server

# ---------------------------------------------------------------------------------------------
# Parts 2 and 3 repeat the overhead and throughput runs on another store configuration; the run
# names get the suffix $1 (emulator-open$1, create-open$1, create-closed$1).
store_variant_runs() {
  local s=$1
  tokens "$TMP/tokens-open$s.txt" "$OPEN_TOKENS"
  tokens "$TMP/tokens-closed$s.txt" "$CLOSED_TOKENS"
  run "emulator-open$s" --target "$EMU_URL" --scenario emulator --mode open --rate $RATE \
    --duration "$(secs 10)" --warmup 1 --pid "$SERVER_PID"
  run "create-open$s" --target "$SY_URL" --scenario create --mode open --rate $RATE --conns 128 \
    --duration "$(secs 10)" --warmup 1 --api-key "$KEY" --tokens "$TMP/tokens-open$s.txt" \
    --pid "$SERVER_PID"
  run "create-closed$s" --target "$SY_URL" --scenario create --mode closed --conns 64 \
    --duration "$(secs 5)" --warmup 1 --api-key "$KEY" --tokens "$TMP/tokens-closed$s.txt" \
    --pid "$SERVER_PID"
}

# Part 2: --sqlite-synchronous normal (commits survive kill -9, not a power cut), to separate the
# disk's fsync from Switchyard's own cost.
start_server "$TMP/data-normal" --sqlite-synchronous normal
store_variant_runs -normal
stop_server

# Part 3: PostgreSQL (database_url) on this machine, a throw-away server with fsync on (in its own
# directory: the server runs as the postgres user, which cannot enter $TMP).
PG_DIR=$(mktemp -d /tmp/switchyard-bench-pg.XXXXXX)
say "start PostgreSQL"
PG_URL=$(scripts/test-postgres.sh start "$PG_DIR")
start_server "$TMP/data-postgres" --database-url "$PG_URL"
store_variant_runs -postgres
stop_server
scripts/test-postgres.sh stop "$PG_DIR"
PG_DIR=""

# ---------------------------------------------------------------------------------------------
say "plot"
PNG=$RESULTS/latency.png
gnuplot <<EOF
set terminal pngcairo size 1000,600 font ",10"
set output "$PNG"
set title "Latency by percentile at $RATE requests/s, open loop, from each request's intended send time"
set logscale x
set logscale y
set xlabel "percentile"
set ylabel "latency (ms)"
set xtics ("0%%" 1, "90%%" 10, "99%%" 100, "99.9%%" 1000, "99.99%%" 10000)
set grid
set key top left
plot "$TMP/create-open.dist" using 3:2 with lines lw 2 title "Switchyard create+authorize (synchronous=FULL, default)", \
     "$TMP/create-open-normal.dist" using 3:2 with lines lw 2 title "Switchyard create+authorize (synchronous=NORMAL)", \
     "$TMP/emulator-open.dist" using 3:2 with lines lw 2 title "test-processor emulator called directly", \
     "$TMP/nginx-open.dist" using 3:2 with lines lw 2 title "nginx, static JSON body"
EOF

# ---------------------------------------------------------------------------------------------
runs='{}'
for f in "$TMP"/*.json; do
  name=$(basename "$f" .json)
  case $name in hold-*|*.txt) continue ;; esac
  runs=$(jq --arg n "$name" --slurpfile r "$f" '. + {($n): $r[0]}' <<<"$runs")
done
RESULT=$(jq -n \
  --argjson machine "$MACHINE" --argjson micro "$MICRO_JSON" --argjson startup "$STARTUP" \
  --argjson runs "$runs" \
  --slurpfile holdFresh "$TMP/hold-fresh.json" --slurpfile holdAfter "$TMP/hold-after.json" \
  --slurpfile tokOpen "$TMP/tokens-open.txt.json" --slurpfile tokClosed "$TMP/tokens-closed.txt.json" \
  --arg rssIdle "$RSS_IDLE" --arg rssEnd "$RSS_END" --arg rate "$RATE" '
  def r3: . * 1000 | round / 1000;
  def overhead(sy; emu): {
      p50_ms: ((sy.latency.p50_ms - emu.latency.p50_ms) | r3),
      p90_ms: ((sy.latency.p90_ms - emu.latency.p90_ms) | r3),
      p99_ms: ((sy.latency.p99_ms - emu.latency.p99_ms) | r3),
      p999_ms: ((sy.latency.p999_ms - emu.latency.p999_ms) | r3),
      server_cpu_ms_per_payment_without_emulator:
        ((sy.server_cpu_ms_per_iteration - emu.server_cpu_ms_per_iteration) | r3) };
  {
    machine: $machine,
    overhead_at_rate: ({rate_per_s: ($rate|tonumber)}
      + overhead($runs["create-open"]; $runs["emulator-open"])),
    overhead_at_rate_sync_normal: ({rate_per_s: ($rate|tonumber)}
      + overhead($runs["create-open-normal"]; $runs["emulator-open-normal"])),
    overhead_at_rate_postgres: ({rate_per_s: ($rate|tonumber)}
      + overhead($runs["create-open-postgres"]; $runs["emulator-open-postgres"])),
    ceiling: {
      nginx_per_s: $runs["nginx-closed"].throughput_per_s,
      create_authorize_fraction_of_nginx:
        ($runs["create-closed"].throughput_per_s / $runs["nginx-closed"].throughput_per_s | r3),
      flow_requests_fraction_of_nginx:
        ($runs["flow-closed"].throughput_per_s * 6 / $runs["nginx-closed"].throughput_per_s | r3)
    },
    memory: {
      rss_idle_kb: ($rssIdle|tonumber),
      rss_with_1000_connections_kb: $holdFresh[0].rss_with_connections_kb,
      rss_per_connection_kb: $holdFresh[0].rss_per_connection_kb,
      rss_after_load_kb: ($rssEnd|tonumber),
      rss_after_load_with_1000_connections_kb: $holdAfter[0].rss_with_connections_kb,
      hold_fresh: $holdFresh[0], hold_after_load: $holdAfter[0]
    },
    startup: $startup,
    runs: $runs,
    token_pools: {open: $tokOpen[0], closed: $tokClosed[0]},
    microbench: $micro
  }
  | .targets = {
      overhead_p50_le_0_5ms: (.overhead_at_rate.p50_ms <= 0.5),
      overhead_p99_le_2ms: (.overhead_at_rate.p99_ms <= 2),
      create_authorize_ge_5000_per_s: ($runs["create-closed"].throughput_per_s >= 5000),
      rss_le_64mb_with_1000_connections: (.memory.rss_with_1000_connections_kb <= 65536),
      startup_lt_100ms: (.startup.cold_ms < 100 and .startup.warm_ms < 100)
    }')
echo "$RESULT" > "$RESULTS/latest.json"

# ---------------------------------------------------------------------------------------------
echo "$RESULT" | jq -r '"machine: \(.machine.nproc) cores, \(.machine.cpu), \(.machine.memory); load average at start \(.machine.loadavg_at_start); fdatasync of 4 KiB p50 \(.machine.fdatasync_4k_ms.p50) ms, p99 \(.machine.fdatasync_4k_ms.p99) ms", ""'
echo "$RESULT" | jq -r '
  def f: if . == null then "-" else tostring end;
  def row(name; r): [name, (r.mode + (if r.target_rate then "_" + (r.target_rate|tostring) + "/s" else "_c=" + (r.connections|tostring) end)),
     (r.throughput_per_s|f), (r.latency.p50_ms|f), (r.latency.p90_ms|f), (r.latency.p99_ms|f),
     (r.latency.p999_ms|f), (r.server_cpu_ms_per_iteration|f), (r.server_context_switches_per_iteration|f),
     (if r.server_rss_kb then (r.server_rss_kb / 1024 | floor) else null end | f),
     ((r.failed + (r.missed // 0))|f)] | @tsv;
  (["run", "mode", "per_s", "p50_ms", "p90_ms", "p99_ms", "p99.9_ms", "cpu_ms/op", "ctxsw/op", "rss_MB", "errors"] | @tsv),
  row("nginx_static_JSON"; .runs["nginx-closed"]),
  row("nginx_static_JSON"; .runs["nginx-open"]),
  row("switchyard_GET_/healthz"; .runs["healthz-closed"]),
  row("emulator_direct"; .runs["emulator-closed"]),
  row("emulator_direct"; .runs["emulator-open"]),
  row("create+authorize"; .runs["create-closed"]),
  row("create+authorize"; .runs["create-open"]),
  row("full_flow_(6_requests)"; .runs["flow-closed"]),
  row("full_flow_(6_requests)"; .runs["flow-open"]),
  row("emulator_direct[normal]"; .runs["emulator-open-normal"]),
  row("create+authorize[normal]"; .runs["create-closed-normal"]),
  row("create+authorize[normal]"; .runs["create-open-normal"]),
  row("emulator_direct[postgres]"; .runs["emulator-open-postgres"]),
  row("create+authorize[postgres]"; .runs["create-closed-postgres"]),
  row("create+authorize[postgres]"; .runs["create-open-postgres"])
' | column -t -s $'\t'
echo "$RESULT" | jq -r '
  "",
  "[normal] = server started with --sqlite-synchronous normal (survives kill -9, not a power cut)",
  "overhead at \(.overhead_at_rate.rate_per_s)/s (Switchyard minus the emulator called directly): p50 \(.overhead_at_rate.p50_ms) ms, p99 \(.overhead_at_rate.p99_ms) ms; [normal] p50 \(.overhead_at_rate_sync_normal.p50_ms) ms, p99 \(.overhead_at_rate_sync_normal.p99_ms) ms (targets 0.5 / 2)",
  "[postgres] = server started with --database-url on a local PostgreSQL (fsync on, synchronous_commit on)",
  "create+authorize, closed loop: \(.runs["create-closed"].throughput_per_s)/s = \(.ceiling.create_authorize_fraction_of_nginx * 100 | round)% of the nginx ceiling; [normal] \(.runs["create-closed-normal"].throughput_per_s)/s; [postgres] \(.runs["create-closed-postgres"].throughput_per_s)/s (target 5000/s)",
  "overhead at \(.overhead_at_rate_postgres.rate_per_s)/s on PostgreSQL: p50 \(.overhead_at_rate_postgres.p50_ms) ms, p99 \(.overhead_at_rate_postgres.p99_ms) ms",
  "full flow: \(.runs["flow-closed"].throughput_per_s) flows/s; step p50 ms: \(.runs["flow-closed"].steps | to_entries | map("\(.key) \(.value.p50_ms)") | join(", "))",
  "RSS: idle \(.memory.rss_idle_kb/1024|floor) MB, with 1000 keep-alive connections \(.memory.rss_with_1000_connections_kb/1024|floor) MB (target 64), after the load \(.memory.rss_after_load_kb/1024|floor) MB",
  "start-up to first served request: \(.startup.cold_ms) ms with a new data dir, \(.startup.warm_ms) ms with an existing one (target 100)",
  "targets met: \(.targets | to_entries | map("\(.key)=\(.value)") | join(" "))",
  "",
  "micro-benchmarks (ns/op):",
  (.microbench[] | "  \(.name)  \(.ns_per_op)")
'
say "wrote $RESULTS/latest.json and $PNG"
