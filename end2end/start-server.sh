#!/bin/sh
# Starts the built server for the end-to-end tests on a fresh SQLite database with the office's
# sheets imported. The database lives in a temporary folder that is removed when the server stops.
set -eu
port=${1:-3999}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
bin=${PENDAMPING_BIN:-$root/target/debug/pendamping}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT INT TERM
export DATABASE_URL="sqlite://$dir/e2e.db"
export PENDAMPING_ADDR="127.0.0.1:$port"
export LEPTOS_SITE_ROOT="$root/target/site"
"$bin" import "$root/app/tests/data/log-progress-2025-2026.xlsx" "$root/app/tests/data/log-progress-simpeg.csv" >/dev/null
exec "$bin" serve
