#!/usr/bin/env bash
# The load figures of server/README.md ("Load"), side by side: examples/load.rs against
# SQLite (one instance), PostgreSQL (one instance) and PostgreSQL (two instances, one
# database, requests in turn). Release build; everything on 127.0.0.1, bounded in time
# and count; the PostgreSQL cluster is a throwaway one (fsync on, like SQLite's
# synchronous=FULL) stopped on exit.
#
#   scripts/load.sh [--clients N] [--duration SECONDS] [--no-build] [--debug]
# (--debug: the debug binaries `cargo test` left, no build; for a quick look, not figures)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

clients=32 duration=10 build=true profile=release
while [ $# -gt 0 ]; do
  case $1 in
    --clients) clients=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --no-build) build=false; shift ;;
    --debug) build=false profile=debug; shift ;;
    *) echo "usage: $0 [--clients N] [--duration SECONDS] [--no-build] [--debug]" >&2; exit 2 ;;
  esac
done

$build && cargo build --release -p solidarity-server --bin solidarity-server --example load
bin=target/$profile/solidarity-server
load=target/$profile/examples/load

work=$(mktemp -d)
chmod 711 "$work"
cleanup() {
  local pid
  for pid in "$work"/*.pid; do [ -f "$pid" ] && kill "$(cat "$pid")" 2>/dev/null || true; done
  scripts/pg-test-server.sh stop "$work" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# serve NAME STORE-FLAGS...: starts an instance (its pid in $work/NAME.pid), waits for its
# address and prints its URL. Runs in $(...), so it keeps nothing in shell variables.
serve() {
  local name=$1
  shift
  "$bin" serve --port 0 --dist "$work/dist" --rate-per-minute 0 \
    --global-writes-per-minute 0 --thread-comments-per-minute 0 "$@" \
    >"$work/$name.out" 2>"$work/$name.err" &
  echo $! >"$work/$name.pid"
  local i
  for i in $(seq 1 200); do
    if grep -q '^listening on ' "$work/$name.out"; then
      sed -n 's/^listening on //p' "$work/$name.out" | head -n 1
      return 0
    fi
    sleep 0.1
  done
  echo "$name did not start:" >&2
  cat "$work/$name.err" >&2
  exit 1
}

run() { # LABEL URLS
  echo "== $1"
  "$load" --url "$2" --clients "$clients" --duration "$duration" --max-requests 200000 \
    | tee "$work/result"
  local rate p50 p99
  rate=$(sed -n 's/^sustained: \([0-9]*\) posts\/sec/\1/p' "$work/result")
  p50=$(sed -n 's/.*p50 \([0-9.]*\) ms.*/\1/p' "$work/result")
  p99=$(sed -n 's/.*p99 \([0-9.]*\) ms.*/\1/p' "$work/result")
  rows+=("| $1 | $rate | $p50 | $p99 |")
}

rows=()
run "SQLite, one instance" "$(serve sqlite --db "$work/load.sqlite")"
stop() { kill "$(cat "$work/$1.pid")"; rm "$work/$1.pid"; }
stop sqlite

base=$(PG_TEST_FSYNC=on scripts/pg-test-server.sh start "$work/pg")
psql -X -q -d "$base/postgres" -c "CREATE DATABASE load_one" -c "CREATE DATABASE load_two"
run "PostgreSQL, one instance" "$(serve pg1 --database "$base/load_one")"
stop pg1
a=$(serve pg2a --database "$base/load_two")
b=$(serve pg2b --database "$base/load_two")
run "PostgreSQL, two instances" "$a,$b"

echo
echo "$profile build, $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)), $clients clients, $duration s each:"
echo "| Set-up | posts/s | p50 ms | p99 ms |"
echo "|---|---|---|---|"
printf '%s\n' "${rows[@]}"
