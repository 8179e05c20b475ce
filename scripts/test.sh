#!/usr/bin/env bash
# Every test: installs what is missing, then runs native unit tests (both crates), lint,
# the release build, and the browser tests in headless Chromium against real local servers.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --browser
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

echo "== formatting and lints"
cargo fmt --all -- --check
cargo clippy --target wasm32-unknown-unknown -p solidarity -- -D warnings
cargo clippy -p solidarity-server --all-targets -- -D warnings

echo "== native tests (pure logic and the server)"
cargo test --workspace

echo "== release build of the page"
scripts/build-page.sh
cargo build --release -p solidarity-server

echo "== browser tests (headless Chromium)"
node --test --test-concurrency=1 tests/browser/
