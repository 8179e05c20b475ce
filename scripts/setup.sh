#!/usr/bin/env bash
# Installs whatever is missing to build the page (and, with --browser, to test it in
# headless Chromium). Uses only the package registries: crates.io, npm and Debian.
# Safe to run again: each step checks first.
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=false
[ "${1:-}" = "--browser" ] && want_browser=true

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  log "installing trunk $TRUNK_VERSION (takes several minutes)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (matches Cargo.lock)"
  # Not --locked: one of its locked dependencies is no longer on crates.io.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm tools (binaryen's wasm-opt, playwright-core, axe-core)"
  npm ci --no-audit --no-fund
fi

if $want_browser && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
  log "installing Debian's chromium and chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q chromium chromium-driver
fi

# The deployment tests (server/tests/deploy_proxies.rs) put the server behind Debian's
# nginx and Caddy with the files in deploy/, using openssl for a test certificate.
if ! { [ -x /usr/sbin/nginx ] && [ -x /usr/bin/caddy ] && command -v openssl >/dev/null; }; then
  log "installing Debian's nginx-light, caddy and openssl (for the deploy tests)"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends nginx-light caddy openssl
fi

log "fetching crates (so the offline Trunk build has them)"
cargo fetch --quiet

# The PostgreSQL leg of the tests (scripts/test.sh, scripts/pg-test-server.sh) runs Debian's
# server binaries in a temporary cluster. No service is enabled or relied on: if the package
# started its own cluster, it is stopped again.
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  log "installing Debian's postgresql (for the PostgreSQL leg of the tests)"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends postgresql
  if command -v pg_lsclusters >/dev/null; then
    pg_lsclusters --no-header 2>/dev/null | while read -r version name _port status _rest; do
      if [ "$status" = online ]; then
        log "stopping the cluster $version/$name the package started"
        $SUDO pg_ctlcluster "$version" "$name" stop || true
      fi
    done
  fi
fi
