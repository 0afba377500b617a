#!/usr/bin/env bash
# Fuzzes the sheet parsers (fuzz/, cargo-fuzz + libFuzzer) for SECONDS per target, default 200.
# Run on purpose, not by scripts/test.sh:  scripts/fuzz.sh [SECONDS] [TARGET...]
# Targets: sheet_csv, sheet_xlsx, dates. The first build takes a long time (see fuzz/README.md).
#
# Stable Rust is enough: `-s none` drops AddressSanitizer, the one part of cargo-fuzz that needs
# nightly (-Zsanitizer); the coverage instrumentation uses stable flags only. Should a later
# cargo-fuzz refuse stable, prefix the command with RUSTC_BOOTSTRAP=1.
#
# A failing input is saved under fuzz/artifacts/<target>/ and the script stops; replay it with
#   cargo fuzz run -s none <target> fuzz/artifacts/<target>/<file>
# then fix the parser and keep the input as a test in app/tests/fuzz_regressions.rs.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_FUZZ_VERSION=0.13.2
seconds=${1:-200}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(sheet_csv sheet_xlsx dates)
fi

if ! command -v cargo-fuzz >/dev/null; then
  cargo install cargo-fuzz --locked --version "$CARGO_FUZZ_VERSION"
fi

# Leptos reads the site's name at build time, as in scripts/test.sh.
export LEPTOS_OUTPUT_NAME=pendamping

for target in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$target"
  echo "== $target: ${seconds}s"
  # The corpus grows in fuzz/corpus/<target> (git-ignored); fuzz/seeds/<target> is only read.
  # -timeout catches a hang (seconds per input), -rss_limit_mb a memory blow-up.
  cargo fuzz run -s none --codegen-units 16 "$target" "fuzz/corpus/$target" "fuzz/seeds/$target" -- \
    -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1
done
