#!/usr/bin/env bash
# Performance benchmark of the Solidarity page: builds the release page (unless --no-build),
# then measures it in headless Chromium over loopback (bench/bench.mjs) and prints a table
# and a final JSON line. Exit 0 even when over budget (it is a report); non-zero only when
# the build or the measurement failed.
#
#   scripts/bench.sh [--no-build] [--runs N] [--slow-runs N] [--no-slow] [--toggles N] [--warmup N]
#                    [--dist DIR] [--only f1k,f10k,...]   (--only: a quick look at some scenarios)
#
# It also shows where the wasm bytes go with twiggy, installed from crates.io on first use
# (a bench-only tool, so not in scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
args=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    -h|--help)
      sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
      exit 0 ;;
    *) args+=("$arg") ;;
  esac
done

TWIGGY_VERSION=0.8.0
export PATH="$HOME/.cargo/bin:$PATH"
if ! twiggy --version 2>/dev/null | grep -q "$TWIGGY_VERSION"; then
  echo "bench: installing twiggy $TWIGGY_VERSION from crates.io (once; shows where the wasm bytes go)…" >&2
  cargo install twiggy --version "$TWIGGY_VERSION" --locked >&2 \
    || echo "bench: twiggy could not be installed; the wasm split is left out" >&2
fi

if [[ $build == 1 ]]; then
  echo "bench: building the release page (scripts/build-page.sh)…" >&2
  scripts/build-page.sh >&2
fi
if [[ ! -f dist/index.html ]]; then
  echo "bench: dist/index.html is missing; run without --no-build" >&2
  exit 1
fi
if [[ ! -d node_modules/playwright-core ]]; then
  echo "bench: node_modules/playwright-core is missing (npm ci)" >&2
  exit 1
fi

# Hard stop in case something wedges despite the bench's own bounded waits and watchdog.
exec timeout --kill-after=15s 45m node bench/bench.mjs "${args[@]+"${args[@]}"}"
