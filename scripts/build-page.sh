#!/usr/bin/env bash
# Builds the release page into dist/ with Trunk, offline (tools come from PATH).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
trunk build --release --offline "$@"
