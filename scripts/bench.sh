#!/usr/bin/env bash
# Performance benchmark of the Solidarity page: builds the release page (unless --no-build),
# then measures it in headless Chromium over loopback (bench/bench.mjs) and prints a table
# and a final JSON line. Exit 0 even when over budget (it is a report); non-zero only when
# the build or the measurement failed.
#
#   scripts/bench.sh [--no-build] [--runs N] [--slow-runs N] [--no-slow] [--toggles N] [--warmup N]
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
args=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    -h|--help)
      sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
      exit 0 ;;
    *) args+=("$arg") ;;
  esac
done

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
