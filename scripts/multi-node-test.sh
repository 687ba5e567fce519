#!/usr/bin/env bash
# Several stateless nodes on one PostgreSQL, behind nginx, under load, with faults:
#   1. a throw-away PostgreSQL (scripts/test-postgres.sh), the schema, a merchant, its API key and
#      a TEST_PROCESSOR connection made with the CLI;
#   2. the processor's emulator on its own (`switchyard sandbox`): it outlives every node, so its
#      ledger is the truth about what was charged whichever node dies;
#   3. three `switchyard serve` nodes on OS-chosen loopback ports, the same database_url and vault
#      key, short leases (lease_ttl_ms) and a frequent recovery sweep;
#   4. nginx on loopback with deploy/nginx/switchyard.conf (its upstream and listen lines rewritten
#      to the test's ports);
#   5. scripts/multi-node/load.js drives payments through nginx, retrying with the same
#      idempotency key; meanwhile node 2 is killed with SIGKILL while it holds payments in flight,
#      and PostgreSQL is crashed (immediate shutdown) and restarted;
#   6. load.js verify: every payment stored once, every key answered and replayed with one payment,
#      the emulator's charges equal the authorized payments, nothing left unresolved (node 2's
#      payments finished by the others' sweep).
#
#   scripts/multi-node-test.sh [BUILD_DIR] (default build; MULTI_NODE_PAYMENTS, default 240)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUILD=${1:-build}
SY="$ROOT/$BUILD/switchyard"
PAYMENTS=${MULTI_NODE_PAYMENTS:-240}
WORKERS=8
[[ -x $SY ]] || { echo "multi-node: no $SY (build first)" >&2; exit 2; }
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || { echo "multi-node: nginx is not installed (scripts/install-deps.sh --test)" >&2; exit 2; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

TMP=$(mktemp -d "${TMPDIR:-/tmp}/sy-multi-node-XXXXXX")
chmod 755 "$TMP"  # nginx's workers (an unprivileged user when started as root) use files in it
PIDS=()
say() { echo "[multi-node $(date +%T)] $*"; }
cleanup() {
  local rc=$?
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  [[ -n ${MULTI_NODE_KEEP:-} ]] || scripts/test-postgres.sh stop "$TMP/pg" || true
  if [[ $rc -ne 0 ]]; then
    say "FAILED (exit $rc); the last lines of each node's log:"
    for n in 1 2 3; do echo "--- node$n"; tail -n 15 "$TMP/node$n.log" 2>/dev/null | cut -c1-400; done
    echo "--- nginx"; tail -n 10 "$TMP/nginx/error.log" 2>/dev/null || true
  fi
  if [[ -n ${MULTI_NODE_KEEP:-} ]]; then say "kept $TMP"; else rm -rf "$TMP"; fi
  exit "$rc"
}
trap cleanup EXIT

# 1. The database and the merchant.
say "start PostgreSQL"
DB=$(scripts/test-postgres.sh start "$TMP/pg" $$)
export SWITCHYARD_DATABASE_URL="$DB"
export SWITCHYARD_VAULT_KEY="multi-node-test-vault-key"
export SWITCHYARD_DATA_DIR="$TMP/cli"
export SWITCHYARD_LOG_LEVEL=warn
"$SY" migrate >/dev/null

# 2. The emulator, alone.
"$SY" sandbox --listen 127.0.0.1:0 >"$TMP/sandbox.out" 2>"$TMP/sandbox.log" &
PIDS+=($!)
for _ in $(seq 1 100); do grep -q '^TEST_PROCESSOR sandbox listening on' "$TMP/sandbox.out" && break; sleep 0.05; done
EMU=$(sed -n 's/^TEST_PROCESSOR sandbox listening on //p' "$TMP/sandbox.out")
[[ -n $EMU ]] || { echo "the sandbox did not start"; cat "$TMP/sandbox.log"; exit 1; }
# Calls take a while, so that a node always has some in flight when it is killed.
curl -sf -X POST "$EMU/v1/_control" -H 'Authorization: Bearer multi-node' \
  -H 'Content-Type: application/json' -d '{"latencyMs": 300}' >/dev/null

MERCHANT=$("$SY" merchant create --name "Multi-node Shop")
KEY=$("$SY" key create --merchant "$MERCHANT" 2>/dev/null)
"$SY" connection create --merchant "$MERCHANT" --processor TEST_PROCESSOR --name tp \
  --base-url "$EMU" --credentials '{"apiKey":"multi-node"}' >/dev/null
say "database $DB, emulator $EMU, merchant $MERCHANT"

# 3. Three nodes.
start_node() {  # n
  local n=$1 dir="$TMP/node$1"
  mkdir -p "$dir"
  SWITCHYARD_LOG_LEVEL=info "$SY" serve --listen 127.0.0.1:0 --data-dir "$dir" --node-id "node$n" \
    --processor-timeout-ms 3000 --lease-ttl-ms 5000 --recovery-interval-ms 1000 --threads 2 \
    >"$TMP/node$n.out" 2>"$TMP/node$n.log" &
  PIDS+=($!)
  eval "NODE${n}_PID=$!"
}
for n in 1 2 3; do start_node "$n"; done
for n in 1 2 3; do
  for _ in $(seq 1 200); do [[ -s $TMP/node$n/listening ]] && break; sleep 0.05; done
  [[ -s $TMP/node$n/listening ]] || { echo "node$n did not start"; exit 1; }
done
say "nodes on $(cat "$TMP"/node{1,2,3}/listening | tr '\n' ' ')"

# 4. nginx with the repository's configuration.
mkdir -p "$TMP/nginx"/{body,proxy,fastcgi,uwsgi,scgi}
chmod -R 777 "$TMP/nginx"
PORT=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => {
  console.log(s.address().port); s.close(); })')
awk -v a="$(cat "$TMP/node1/listening")" -v b="$(cat "$TMP/node2/listening")" \
    -v c="$(cat "$TMP/node3/listening")" -v port="$PORT" '
  /^ *server 10\.0\.0\.11:8080/ { sub(/10\.0\.0\.11:8080/, a) }
  /^ *server 10\.0\.0\.12:8080/ { sub(/10\.0\.0\.12:8080/, b) }
  /^ *server 10\.0\.0\.13:8080/ { sub(/10\.0\.0\.13:8080/, c) }
  /^ *listen 443 ssl;/ { sub(/listen 443 ssl;/, "listen 127.0.0.1:" port ";") }
  /^ *ssl_/ { next }
  { print }' deploy/nginx/switchyard.conf >"$TMP/nginx/switchyard.conf"
grep -q "127.0.0.1:$PORT" "$TMP/nginx/switchyard.conf" || { echo "deploy/nginx/switchyard.conf changed shape"; exit 1; }
cat >"$TMP/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $TMP/nginx/body;
  proxy_temp_path $TMP/nginx/proxy;
  fastcgi_temp_path $TMP/nginx/fastcgi;
  uwsgi_temp_path $TMP/nginx/uwsgi;
  scgi_temp_path $TMP/nginx/scgi;
  include $TMP/nginx/switchyard.conf;
}
EOF
"$NGINX" -p "$TMP/nginx" -e "$TMP/nginx/error.log" -c "$TMP/nginx/nginx.conf" -g 'daemon off;' &
PIDS+=($!)
TARGET="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do curl -sf "$TARGET/healthz" >/dev/null && break; sleep 0.05; done
curl -sf "$TARGET/healthz" >/dev/null || { echo "nginx does not reach the nodes"; exit 1; }

# 5. Load, a node killed, the database restarted.
say "load: $PAYMENTS payments, $WORKERS at a time, through nginx $TARGET"
node scripts/multi-node/load.js run --target "$TARGET" --api-key "$KEY" --payments "$PAYMENTS" \
  --workers "$WORKERS" --progress "$TMP/progress" --out "$TMP/results.json" &
LOAD_PID=$!
acked() { cat "$TMP/progress" 2>/dev/null || echo 0; }
wait_acked() {  # n
  while (( $(acked) < $1 )); do
    kill -0 "$LOAD_PID" 2>/dev/null || { echo "the load ended early"; exit 1; }
    sleep 0.1
  done
}
leases_of() {  # node id: its unexpired leases
  psql "$DB" -Atqc "SELECT count(*) FROM work_leases WHERE holder = '$1'
                    AND expires_at > (extract(epoch from clock_timestamp()) * 1000000)::bigint"
}

wait_acked $((PAYMENTS / 4))
# Kill node 2 while it has payments at the processor (it does most of the time under this load).
for _ in $(seq 1 200); do (( $(leases_of node2) > 0 )) && break; sleep 0.02; done
kill -9 "$NODE2_PID"
wait "$NODE2_PID" 2>/dev/null || true
LEFT=$(leases_of node2)
say "killed node2 (kill -9) after $(acked) acknowledged payments; it left $LEFT payment(s) in flight"
(( LEFT > 0 )) || { echo "node2 had no payment in flight when killed: the test proved nothing"; exit 1; }

wait_acked $((PAYMENTS / 2))
say "crash PostgreSQL (immediate shutdown) after $(acked) acknowledged payments, then restart it"
scripts/test-postgres.sh crash "$TMP/pg"
sleep 1
scripts/test-postgres.sh restart "$TMP/pg"

LOAD_RC=0
wait "$LOAD_PID" || LOAD_RC=$?
[[ $LOAD_RC -eq 0 ]] || { echo "the load did not get an answer for every payment"; exit 1; }

# 6. Verify.
say "verify"
node scripts/multi-node/load.js verify --target "$TARGET" --api-key "$KEY" --emulator "$EMU" \
  --database-url "$DB" --results "$TMP/results.json"
TAKEN=$(grep -h '"resolved call"' "$TMP/node1.log" "$TMP/node3.log" | wc -l)
# A lease taken over changes holder and is deleted once its payment is resolved.
REMAINING=$(psql "$DB" -Atqc "SELECT count(*) FROM work_leases WHERE holder = 'node2'")
say "node2's payments: $LEFT in flight at the kill, $REMAINING never taken over; the sweeps of node1/node3 resolved $TAKEN call(s)"
(( REMAINING == 0 )) || { echo "node2's leases were not taken over"; exit 1; }
(( TAKEN >= LEFT )) || { echo "fewer calls resolved by the other nodes than node2 left in flight"; exit 1; }
say "PASSED"
