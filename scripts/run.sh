#!/usr/bin/env bash
# The whole product on http://127.0.0.1:8080: installs what is missing, builds the page,
# starts the reference server (page + API + SQLite). Extra arguments go to the server.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build-page.sh
exec cargo run --release -p solidarity-server -- serve --dist dist "$@"
