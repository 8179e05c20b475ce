#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests: Debian's server binaries, a cluster in DIR/data, its
# socket in DIR, listening on a free 127.0.0.1 port with trust only on loopback.
#
#   scripts/pg-test-server.sh start DIR    # prints the base URL (postgres://postgres@127.0.0.1:PORT)
#   scripts/pg-test-server.sh restart DIR  # stop (fast) and start again on the same port
#   scripts/pg-test-server.sh stop DIR     # stops DIR's cluster and any DIR/*/ cluster under it
#
# As root (CI), initdb and postgres run as the `postgres` user. PG_TEST_FSYNC=on keeps fsync
# (the load figures use it); the tests turn it off, which only matters if the machine crashes.
set -euo pipefail

usage() { echo "usage: $0 start|restart|stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
action=$1
dir=$2

bindir=$(pg_config --bindir 2>/dev/null || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/postgres" ]; then
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
fi
[ -n "$bindir" ] && [ -x "$bindir/postgres" ] || { echo "PostgreSQL server binaries not found (run scripts/setup.sh)" >&2; exit 1; }

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_ctl_in() { # pg_ctl on the cluster in $1 with the remaining arguments
  local data=$1/data
  shift
  as_pg "$bindir/pg_ctl" -D "$data" -l "$data/../postgres.log" -w -t 30 "$@"
}

start() {
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
  chmod 700 "$dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_pg "$bindir/initdb" -D "$dir/data" -U postgres -A trust --no-instructions \
      --encoding UTF8 --locale C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    # Trust only on loopback and the socket in DIR (mode 0700): nothing else may connect.
    as_pg tee "$dir/data/pg_hba.conf" >/dev/null <<EOF
local all all trust
host all all 127.0.0.1/32 trust
EOF
  fi
  local attempt port
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    port=$((20000 + RANDOM % 40000))
    as_pg tee "$dir/data/postgresql.auto.conf" >/dev/null <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 300
fsync = ${PG_TEST_FSYNC:-off}
full_page_writes = ${PG_TEST_FSYNC:-off}
EOF
    if pg_ctl_in "$dir" start >/dev/null 2>&1; then
      echo "postgres://postgres@127.0.0.1:$port" | tee "$dir/url"
      return 0
    fi
    [ "$attempt" -lt 10 ] || break
  done
  echo "PostgreSQL did not start; its log:" >&2
  tail -n 20 "$dir/postgres.log" >&2 || true
  exit 1
}

stop_one() {
  if [ -f "$1/data/postmaster.pid" ]; then
    pg_ctl_in "$1" stop -m fast >/dev/null 2>&1 \
      || pg_ctl_in "$1" stop -m immediate >/dev/null 2>&1 || true
  fi
}

case $action in
  start) start ;;
  restart) pg_ctl_in "$dir" restart -m fast >/dev/null ;;
  stop)
    for cluster in "$dir" "$dir"/*/; do stop_one "${cluster%/}"; done
    ;;
  *) usage ;;
esac
