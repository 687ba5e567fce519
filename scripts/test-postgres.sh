#!/usr/bin/env bash
# A throw-away PostgreSQL server for tests, from Debian's postgresql package: initdb in a private
# directory, listening only on a free 127.0.0.1 port and a Unix socket inside that directory,
# fsync on (the store's durability tests rely on it), trust authentication (nothing but this
# machine's loopback can reach it). No system-wide cluster is used or needed.
#
#   scripts/test-postgres.sh start DIR [OWNER_PID]
#                                         start a server in DIR (created if absent) and print its
#                                         admin URL (postgresql://postgres@127.0.0.1:PORT/postgres);
#                                         with OWNER_PID, a watcher stops it once that process is
#                                         gone, even if it crashed or was killed
#   scripts/test-postgres.sh stop DIR     stop it and delete DIR
#   scripts/test-postgres.sh crash DIR    stop it the way a crash would (immediate shutdown: no
#                                         checkpoint, WAL replay at the next start)
#   scripts/test-postgres.sh restart DIR  start it again on its port
#   scripts/test-postgres.sh run CMD...   start one in a temporary directory, run CMD with
#                                         SWITCHYARD_TEST_POSTGRES_URL set to its URL, stop it;
#                                         exits with CMD's status
#
# initdb refuses to run as root; as root the server runs as the package's `postgres` user.
set -euo pipefail

pg_bin() {
  local d=${SWITCHYARD_PG_BIN:-}  # the directory of initdb and pg_ctl, if not Debian's newest
  [[ -n $d ]] || d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [[ -z "$d" || ! -x "$d/initdb" ]]; then
    echo "test-postgres: PostgreSQL is not installed (no initdb in ${d:-/usr/lib/postgresql/*/bin});" \
         "install it with: apt-get install -y postgresql  (or run scripts/install-deps.sh)" >&2
    return 1
  fi
  echo "$d"
}

# Runs a PostgreSQL program as the user who owns the data directory.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_start() {  # bin dir port
  as_owner "$1/pg_ctl" -D "$2/data" -l "$2/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $3 -c unix_socket_directories='$2' -c fsync=on -c synchronous_commit=on -c max_connections=200" \
    start >/dev/null 2>&1
}

start() {
  local dir=$1 owner=${2:-} bin port log
  bin=$(pg_bin)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || { echo "test-postgres: no 'postgres' user to run the server as" >&2; return 1; }
    chown postgres: "$dir"
    chmod 700 "$dir"
  fi
  as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
    --no-instructions >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; return 1; }
  log="$dir/server.log"
  # A port is free when the server manages to bind it: try a few random ones.
  for _ in $(seq 1 20); do
    port=$((20000 + RANDOM % 40000))
    if pg_start "$bin" "$dir" "$port"; then
      echo "$port" >"$dir/port"
      if [[ -n $owner ]]; then
        # Detached, and off the caller's stdout (a caller reading it to EOF would wait forever).
        nohup bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; "$2" stop "$3"' \
          watcher "$owner" "$0" "$dir" </dev/null >/dev/null 2>&1 &
      fi
      echo "postgresql://postgres@127.0.0.1:$port/postgres"
      return 0
    fi
    grep -q "could not bind\|could not create listen socket\|Address already in use" "$log" 2>/dev/null \
      || { cat "$log" >&2; return 1; }
  done
  echo "test-postgres: found no free port" >&2
  return 1
}

stop() {
  local dir=$1 bin
  [[ -d "$dir" ]] || return 0
  bin=$(pg_bin)
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 \
      || as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

crash() {
  local dir=$1 bin
  bin=$(pg_bin)
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null
}

restart() {
  local dir=$1 bin
  bin=$(pg_bin)
  pg_start "$bin" "$dir" "$(cat "$dir/port")" || { cat "$dir/server.log" >&2; return 1; }
}

case "${1:-}" in
  start) [[ $# -eq 2 || $# -eq 3 ]] || { echo "usage: $0 start DIR [OWNER_PID]" >&2; exit 2; }
    start "$2" "${3:-}" ;;
  stop) [[ $# -eq 2 ]] || { echo "usage: $0 stop DIR" >&2; exit 2; }; stop "$2" ;;
  crash) [[ $# -eq 2 ]] || { echo "usage: $0 crash DIR" >&2; exit 2; }; crash "$2" ;;
  restart) [[ $# -eq 2 ]] || { echo "usage: $0 restart DIR" >&2; exit 2; }; restart "$2" ;;
  run)
    shift
    [[ $# -ge 1 ]] || { echo "usage: $0 run CMD..." >&2; exit 2; }
    dir=$(mktemp -d "${TMPDIR:-/tmp}/sy-postgres-XXXXXX")
    trap 'stop "$dir"' EXIT
    url=$(start "$dir" $$)
    rc=0
    SWITCHYARD_TEST_POSTGRES_URL="$url" "$@" || rc=$?
    exit "$rc"
    ;;
  *) sed -n '2,23p' "$0" >&2; exit 2 ;;
esac
