#!/usr/bin/env bash
# Takes the pictures the README links to (end2end/screenshots/): the KPI page, the print view of
# form FRM-DINKOMINFO-020 and the first page of its PDF. Run after `cargo leptos build`; not part
# of the test command.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
cd end2end
[ -d node_modules/@playwright/test ] || npm ci --no-audit --no-fund
npx playwright test --config screenshots.config.ts
