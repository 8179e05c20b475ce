#!/usr/bin/env bash
# Every test: installs what is missing, then runs native unit tests (both crates), lint,
# the release build, and the browser tests in headless Chromium against real local servers.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --browser
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

echo "== formatting and lints"
cargo fmt --all -- --check
cargo clippy --target wasm32-unknown-unknown -p solidarity --features hydrate -- -D warnings
cargo clippy -p solidarity --features ssr --all-targets -- -D warnings
cargo clippy -p solidarity-server --all-targets -- -D warnings

echo "== native tests (pure logic and the server)"
cargo test --workspace
node --test bench/
# The build-time prerender (native, Leptos' ssr feature).
cargo test -p solidarity --features ssr --lib prerender

echo "== release build of the page (and its prerendered index.html, ru/index.html)"
scripts/build-page.sh
cargo build --release -p solidarity-server

echo "== browser tests (headless Chromium)"
node --test --test-concurrency=1 tests/browser/
