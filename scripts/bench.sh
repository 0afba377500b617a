#!/usr/bin/env bash
# The benchmark (issue 8): Pendamping at the scale of a whole country, measured from outside the
# process, on SQLite and on PostgreSQL. Run on purpose, not by the test command; it takes about
# 25 minutes on 2 cores. Writes target/bench/results.md (copied into BENCHMARKS.md by hand).
#   ./scripts/bench.sh            scale 100: 3,000 applications, 100,000 meetings, 5,000 accounts
#   SCALE=10 ./scripts/bench.sh   a quicker look
#   BACKENDS=sqlite ./scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE=${SCALE:-100}
BACKENDS=${BACKENDS:-"sqlite postgres"}
DURATION=${DURATION:-10s}
PORT=${PORT:-3900}
log() { printf '\033[1m[bench]\033[0m %s\n' "$*" >&2; }

scripts/setup.sh --test
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v brotli >/dev/null || missing+=(brotli)
if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
scripts/postgres.sh >&2
(cd end2end && { [ -d node_modules/@playwright/test ] || npm ci --no-audit --no-fund; })
log "cargo leptos build --release"
cargo leptos build --release >&2
bin=$PWD/target/release/pendamping
out=$PWD/target/bench
mkdir -p "$out"
export LEPTOS_SITE_ROOT=$PWD/target/site
base="http://127.0.0.1:$PORT"
# A Kasi of the generated data (every 50th account from the 47th) sees every application.
kasi=pengguna00046@skala.pendamping.demo
password=skala-pendamping-2026
year=$(( $(date +%Y) - 1 ))
report=$out/results.md
{
  echo "# Benchmark run of $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)."
  echo "Scale $SCALE; wrk runs of $DURATION with 2 threads (1 for 1 connection); release build (\`cargo leptos build --release\`)."
} > "$report"

database_url() {
  case $1 in
    sqlite) echo "sqlite://$out/$2.db" ;;
    postgres) echo "postgres://pendamping:pendamping@127.0.0.1:5432/$2" ;;
  esac
}
fresh_database() {
  case $1 in
    sqlite) rm -f "$out/$2.db" "$out/$2.db-wal" "$out/$2.db-shm" ;;
    postgres)
      su postgres -c "psql -q -c 'DROP DATABASE IF EXISTS $2 WITH (FORCE)'" >&2
      su postgres -c "psql -q -c 'CREATE DATABASE $2 OWNER pendamping'" >&2 ;;
  esac
}
seconds() { python3 -c "import time; print(f'{time.time():.3f}')"; }

# One wrk run: "rps p50_ms p99_ms non2xx".
load() {
  local conns=$1 url=$2 cookie=$3 text threads=2
  # wrk wants a connection per thread at least.
  [ "$conns" -lt "$threads" ] && threads=$conns
  text=$(wrk -t"$threads" -c"$conns" -d"$DURATION" --timeout 10s --latency -H "Cookie: $cookie" "$url")
  python3 - "$text" <<'PY'
import re, sys
t = sys.argv[1]
def ms(label):
    m = re.search(r'^\s*' + label + r'\s+([\d.]+)(us|ms|s)\s*$', t, re.M)
    v, u = float(m.group(1)), m.group(2)
    return v / 1000 if u == 'us' else v * 1000 if u == 's' else v
rps = float(re.search(r'Requests/sec:\s+([\d.]+)', t).group(1))
bad = re.search(r'Non-2xx or 3xx responses:\s+(\d+)', t)
errors = re.search(r'Socket errors: (.*)', t)
print(f"{rps:.0f} {ms('50%'):.2f} {ms('99%'):.2f} {bad.group(1) if bad else 0}{' ' + errors.group(1).replace(' ', '') if errors else ''}")
PY
}

for backend in $BACKENDS; do
  log "== $backend"
  url=$(database_url "$backend" pendamping_bench)
  fresh_database "$backend" pendamping_bench
  "$bin" --database-url "$url" migrate >&2
  t0=$(seconds)
  "$bin" --database-url "$url" demo --scale "$SCALE" >&2
  t1=$(seconds)
  made=$(python3 -c "print(f'{$t1 - $t0:.1f}')")
  # PostgreSQL's autovacuum would otherwise process the freshly loaded tables during the runs.
  if [ "$backend" = postgres ]; then
    su postgres -c "psql -q -d pendamping_bench -c 'VACUUM ANALYZE'" >&2
  fi

  "$bin" --database-url "$url" --addr "127.0.0.1:$PORT" serve > "$out/server-$backend.log" 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null || true' EXIT
  for _ in $(seq 1 120); do curl -sf -o /dev/null "$base/masuk" && break; sleep 0.5; done
  jar=$out/cookies-$backend.txt
  rm -f "$jar"
  curl -sf -c "$jar" -o /dev/null -H "Origin: $base" \
    --data-urlencode "form[email]=$kasi" --data-urlencode "form[password]=$password" --data-urlencode "form[next]=/" \
    "$base/api/login"
  # curl writes an HttpOnly cookie (the session) as a line starting with "#HttpOnly_".
  cookie=$(sed 's/^#HttpOnly_//' "$jar" | awk '!/^#/ && NF >= 7 {print $6"="$7}' | paste -sd';' | sed 's/;/; /g')
  [ -n "$cookie" ] || { echo "login failed"; exit 1; }

  {
    echo
    echo "## $backend"
    echo
    echo "Data set made by \`pendamping demo --scale $SCALE\` in $made s."
    echo
    echo "### Pages as rendered HTML, against a static file of the same size from the same server"
    echo
    echo "| page | size | connections | req/s | p50 ms | p99 ms | non-2xx, socket errors | static req/s | static p50 ms | static p99 ms | page/static req/s |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
  } >> "$report"
  for page in "/" "/kpi?tahun=$year"; do
    size=$(curl -s -o "$out/page.html" -w '%{size_download}' -H "Cookie: $cookie" "$base$page")
    name=$(echo "$page" | tr -c 'a-z0-9' '-')
    static=$LEPTOS_SITE_ROOT/pkg/bench-static$name.html
    # A static file of the same size (wrk asks for no compression, so its content does not matter).
    python3 -c "import base64, os, sys; n = int(sys.argv[1]); sys.stdout.write(base64.encodebytes(os.urandom(n))[:n].decode())" "$size" > "$static"
    for c in 1 8 64; do
      log "$page at $c connections"
      read -r rps p50 p99 bad errors <<< "$(load "$c" "$base$page" "$cookie")"
      read -r srps sp50 sp99 _ <<< "$(load "$c" "$base/pkg/bench-static$name.html" "$cookie")"
      ratio=$(python3 -c "print(f'{$rps / $srps:.2f}')")
      echo "| \`$page\` | $((size / 1024)) KB | $c | $rps | $p50 | $p99 | $bad ${errors:-} | $srps | $sp50 | $sp99 | $ratio |" >> "$report"
    done
    rm -f "$static"
  done

  log "KPI aggregation"
  {
    echo
    echo "### KPI aggregation of $year, as the Kasi sees it (server time, 20 runs each)"
    echo
    "$bin" --database-url "$url" bench kpi --year "$year" --email "$kasi" --runs 20 | sed 's/^/- /'
  } >> "$report"

  log "import of a 10,000-row workbook"
  import_url=$(database_url "$backend" pendamping_bench_import)
  fresh_database "$backend" pendamping_bench_import
  "$bin" --database-url "$import_url" migrate >&2
  "$bin" --database-url "$import_url" bench workbook "$out/impor-10000.xlsx" --rows 10000 >&2
  t0=$(seconds)
  "$bin" --database-url "$import_url" import "$out/impor-10000.xlsx" | tail -2 >&2
  t1=$(seconds)
  {
    echo
    echo "### Import"
    echo
    echo "- \`pendamping import\` of a 10,000-row workbook (200 sheets of FRM-DINKOMINFO-020, $(( $(stat -c %s "$out/impor-10000.xlsx") / 1024 )) KB) into an empty database: $(python3 -c "print(f'{$t1 - $t0:.2f}')") s, the whole process (start, read, check, write)."
  } >> "$report"

  if [ "$backend" = sqlite ]; then
    log "first page in Chromium"
    (cd end2end && node bench/first-page.mjs "$base" "$kasi" "$password") > "$out/first-page.json"
    {
      echo
      echo "### What a browser downloads for the first page (the dashboard)"
      echo
      echo "| file | raw | gzip | brotli | sent by the server |"
      echo "|---|---|---|---|---|"
      # The page itself and the files it names under /pkg (style, script, WebAssembly).
      assets=$(curl -s -H "Cookie: $cookie" "$base/" | grep -o '/pkg/[^"]*\.\(css\|js\|wasm\)' | sort -u)
      for path in / $assets; do
        curl -s -o "$out/file" -H "Cookie: $cookie" "$base$path"
        raw=$(stat -c %s "$out/file")
        gz=$(gzip -9 -c "$out/file" | wc -c)
        br=$(brotli -c -q 11 "$out/file" | wc -c)
        sent=$(curl -s -o /dev/null -w '%{size_download}' -H "Cookie: $cookie" -H 'Accept-Encoding: br, gzip' "$base$path")
        enc=$(curl -s -D - -o /dev/null -H "Cookie: $cookie" -H 'Accept-Encoding: br, gzip' "$base$path" | awk -F': ' 'tolower($1)=="content-encoding" {print $2}' | tr -d '\r')
        echo "| \`$path\` | $raw | $gz | $br | $sent (${enc:-identity}) |"
        echo "$raw $gz $br $sent" >> "$out/sizes"
      done
      python3 - "$out/first-page.json" "$out/sizes" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
sums = [sum(int(line.split()[i]) for line in open(sys.argv[2])) for i in range(4)]
print(f"| **all** | {sums[0]} | {sums[1]} | {sums[2]} | {sums[3]} |")
print()
print(f"First page, compressed: {sums[2] / 1024:.0f} KB with brotli, {sums[1] / 1024:.0f} KB with gzip, {sums[3] / 1024:.0f} KB as this server sends it (target: under 400 KB).")
print()
print(f"Time until the dashboard is interactive (hydrated) in Chromium on the same machine, median of 5 loads: {d['interactive_ms_median']} ms.")
PY
    } >> "$report"
    rm -f "$out/sizes" "$out/file"
  fi

  rss=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")
  echo >> "$report"
  echo "Server peak memory (VmHWM) over all of the above: $((rss / 1024)) MB." >> "$report"
  kill "$server"; wait "$server" 2>/dev/null || true
  trap - EXIT
done
cat "$report"
