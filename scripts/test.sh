#!/usr/bin/env bash
# Runs every test of Pendamping: style and lints, unit tests, the database and HTTP suites on
# SQLite and on PostgreSQL, and the end-to-end tests in Debian's Chromium. Installs what is
# missing first. Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
step() { printf '\n\033[1;34m==> %s\033[0m (%ss)\n' "$*" "$(( $(date +%s) - started ))"; }

step "tools"
scripts/setup.sh --test
step "PostgreSQL"
scripts/postgres.sh
# cargo-leptos compiles with this set; setting it here too lets the test builds reuse its work.
export LEPTOS_OUTPUT_NAME=pendamping
export PENDAMPING_TEST_POSTGRES_URL=${PENDAMPING_TEST_POSTGRES_URL:-postgres://pendamping:pendamping@127.0.0.1:5432/postgres}

step "format (cargo fmt --check)"
cargo fmt --all --check

step "lints, server side (clippy -D warnings)"
cargo clippy -p app -p server --all-targets --features app/test-support -- -D warnings
step "lints, browser side (clippy -D warnings, wasm32)"
cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

step "unit, database and HTTP tests on SQLite"
PENDAMPING_TEST_BACKEND=sqlite cargo test -p app -p server --features app/test-support
step "database and HTTP tests on PostgreSQL"
PENDAMPING_TEST_BACKEND=postgres cargo test -p app -p server --features app/test-support --test db --test http

step "build (cargo leptos build)"
cargo leptos build
step "end-to-end tests in Chromium"
(cd end2end && { [ -d node_modules/@playwright/test ] || npm ci --no-audit --no-fund; } && npx playwright test)

step "all tests passed in $(( ($(date +%s) - started) / 60 )) min"
