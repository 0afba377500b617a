#!/usr/bin/env bash
# Makes sure a local PostgreSQL runs with the role the tests use: pendamping / pendamping,
# allowed to create databases. Installs PostgreSQL from Debian when it is missing.
set -euo pipefail
log() { printf '\033[1m[postgres]\033[0m %s\n' "$*"; }
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  log "apt-get install postgresql"
  $SUDO apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
  log "creating cluster $version main"
  $SUDO pg_createcluster "$version" main >/dev/null
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  log "starting cluster $version main"
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start
fi
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 0.5
done
as_postgres() { if [ "$(id -u)" -eq 0 ]; then su postgres -c "$1"; else sudo -u postgres sh -c "$1"; fi; }
if ! as_postgres "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='pendamping'\"" | grep -q 1; then
  log "creating role pendamping"
  as_postgres "psql -q -c \"CREATE ROLE pendamping LOGIN PASSWORD 'pendamping' CREATEDB\""
fi
# Test databases left behind by an interrupted run.
as_postgres "psql -tAc \"SELECT datname FROM pg_database WHERE datname LIKE 'pendamping_test_%'\"" | while read -r db; do
  [ -n "$db" ] && as_postgres "psql -q -c 'DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)'"
done
log "ready on 127.0.0.1:5432 (role pendamping)"
