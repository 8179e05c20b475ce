#!/usr/bin/env bash
# Every test: installs what is missing, then runs native unit tests (both crates), the
# server's tests on SQLite and again on PostgreSQL, lint, the release build, and the
# browser tests in headless Chromium against real local servers.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --browser
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

echo "== formatting and lints"
cargo fmt --all -- --check
cargo clippy --target wasm32-unknown-unknown -p solidarity --features hydrate -- -D warnings
cargo clippy -p solidarity --features ssr --all-targets -- -D warnings
cargo clippy -p solidarity-server --all-targets -- -D warnings

echo "== native tests (pure logic, and the server on SQLite)"
cargo test --workspace

echo "== the server's tests again on PostgreSQL (a throwaway cluster on a free loopback port)"
# Debian's postgresql in a temp dir, stopped on any exit (with every cluster a test made
# under it: pg_fleet.rs restarts a database of its own). Each test makes a fresh database.
pg_root=$(mktemp -d)
chmod 711 "$pg_root"
trap 'scripts/pg-test-server.sh stop "$pg_root"; rm -rf "$pg_root"' EXIT
pg_started=$SECONDS
SOLIDARITY_TEST_DATABASE=$(scripts/pg-test-server.sh start "$pg_root/main") \
  SOLIDARITY_TEST_PG_ROOT="$pg_root" cargo test -p solidarity-server
scripts/pg-test-server.sh stop "$pg_root"
echo "PostgreSQL leg: $((SECONDS - pg_started)) s"
node --test bench/ scripts/
# The build-time prerender (native, Leptos' ssr feature).
cargo test -p solidarity --features ssr --lib prerender

echo "== release build of the page (and its prerendered index.html, ru/index.html)"
scripts/build-page.sh
cargo build --release -p solidarity-server

echo "== browser tests (headless Chromium)"
node --test --test-concurrency=1 tests/browser/
