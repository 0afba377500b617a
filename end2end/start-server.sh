#!/bin/sh
# Starts the built server for the end-to-end tests on a fresh SQLite database with the office's
# sheets imported and three accounts. The database lives in a temporary folder that is removed
# when the server stops; the server's log (at debug level) goes to target/e2e-server.log, which
# the test command searches for passwords.
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
export RUST_LOG="debug,hyper=info,h2=info"
log="$root/target/e2e-server.log"
: > "$log"
sheets="$root/app/tests/data/log-progress-2025-2026.xlsx $root/app/tests/data/log-progress-simpeg.csv"
# The pictures for the README (screenshots.config.ts) show the survey answers too.
[ "${2:-}" = "--surveys" ] && sheets="$sheets $root/app/tests/data/survei-kepuasan-opd.csv"
# shellcheck disable=SC2086
"$bin" import $sheets >/dev/null 2>>"$log"
# The accounts the tests sign in with (see tests/accounts.ts).
echo "sandi-admin-e2e" | "$bin" user add --role admin --email admin@e2e.madiunkota.go.id --name "Admin E2E" >/dev/null 2>>"$log"
echo "sandi-pic-e2e" | "$bin" user add --role pic --email bayu@e2e.madiunkota.go.id --name "Bayu Saputra" >/dev/null 2>>"$log"
echo "sandi-opd-e2e" | "$bin" user add --role klien --agency Dinkes --email agus@e2e.madiunkota.go.id --name "Agus Prasetyo" >/dev/null 2>>"$log"
echo "sandi-kasi-e2e" | "$bin" user add --role kasi --email kasi@e2e.madiunkota.go.id --name "Sri Wahyuni" >/dev/null 2>>"$log"
echo "sandi-sd-e2e" | "$bin" user add --role service_desk --email sd@e2e.madiunkota.go.id --name "Andi Pratama" >/dev/null 2>>"$log"
echo "sandi-vendor-e2e" | "$bin" user add --role pihak_ketiga --vendor "PT. Cipta Karya Digital" --email cipta@e2e.madiunkota.go.id --name "Rekan Cipta" >/dev/null 2>>"$log"
echo "sandi-bkpsdm-e2e" | "$bin" user add --role klien --agency BKPSDM --email yuliana@e2e.madiunkota.go.id --name "Yuliana Putri" >/dev/null 2>>"$log"
echo "sandi-pimpinan-e2e" | "$bin" user add --role pimpinan --email pimpinan@e2e.madiunkota.go.id --name "Haryanto" >/dev/null 2>>"$log"
echo "sandi-bahasa-e2e" | "$bin" user add --role pimpinan --email dewi@e2e.madiunkota.go.id --name "Dewi Lestari" >/dev/null 2>>"$log"
# A real SMTP server; the tests read what it received (tests/mail.ts).
mail="$root/target/e2e-mail"
rm -rf "$mail"
mailport=$((port + 25))
python3 -m aiosmtpd -n -l "127.0.0.1:$mailport" -c aiosmtpd.handlers.Mailbox "$mail" >/dev/null 2>&1 &
smtp=$!
trap 'kill $smtp 2>/dev/null; rm -rf "$dir"' EXIT INT TERM
"$bin" serve --public-url "http://127.0.0.1:$port" --smtp-host 127.0.0.1 --smtp-port "$mailport" --smtp-tls none \
  --outbox-poll-ms 200 --retry-base-ms 500 2>>"$log"
