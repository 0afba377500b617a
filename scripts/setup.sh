#!/usr/bin/env bash
# Installs what a fresh machine lacks to build, run and test Pendamping. Idempotent: skips what is present.
set -euo pipefail
log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
WANT_TEST=${1:-}

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

apt_pkgs=()
if [ "$WANT_TEST" = "--test" ]; then
  command -v chromium >/dev/null || apt_pkgs+=(chromium)
  command -v pg_ctlcluster >/dev/null && [ -x /usr/lib/postgresql/15/bin/postgres ] || apt_pkgs+=(postgresql)
  command -v pdftotext >/dev/null || apt_pkgs+=(poppler-utils)
fi
if [ ${#apt_pkgs[@]} -gt 0 ]; then
  log "apt-get install ${apt_pkgs[*]}"
  $SUDO apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${apt_pkgs[@]}" >/dev/null
fi

if [ "$WANT_TEST" = "--test" ] && ! python3 -c "import aiosmtpd, icalendar" 2>/dev/null; then
  log "pip install aiosmtpd icalendar (a real SMTP server and an independent iCalendar parser for the tests)"
  python3 -m pip install -q --disable-pip-version-check aiosmtpd icalendar 2>/dev/null \
    || python3 -m pip install -q --disable-pip-version-check --break-system-packages aiosmtpd icalendar
fi

if ! rustup target list --installed | grep -q wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if ! command -v wasm-opt >/dev/null; then
  log "npm i -g binaryen@132 (wasm-opt)"
  npm i -g binaryen@132 >/dev/null
fi

# The two tools are built once per machine. Their own release profiles ask for full LTO and one
# codegen unit; a lighter profile builds them in about half the time and they run just as well.
export CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_OPT_LEVEL=1

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "0.2.130" ]; then
  log "cargo install wasm-bindgen-cli 0.2.130 (a few minutes, once per machine)"
  cargo install wasm-bindgen-cli --version 0.2.130 --force
fi

if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "0.3.10" ]; then
  log "cargo install cargo-leptos 0.3.10 (about 11 minutes, once per machine)"
  cargo install cargo-leptos --version 0.3.10 --locked --features no_downloads --force
fi
log "tools ready"
