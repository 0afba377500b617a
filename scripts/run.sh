#!/usr/bin/env bash
# Builds Pendamping (release) and runs it on the embedded SQLite database at
# data/pendamping.db, loading the demo data set when the database holds no application.
# Installs what is missing first. Settings: DATABASE_URL, PENDAMPING_ADDR (see README).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo leptos build --release
export LEPTOS_SITE_ROOT=${LEPTOS_SITE_ROOT:-target/site}
exec target/release/pendamping serve --demo-if-empty
