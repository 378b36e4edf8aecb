#!/usr/bin/env bash
# Fuzz the input decoders, the command quoting, the URL classifier and the web app's worker with cargo-fuzz (libFuzzer), each target for a
# bounded time. Not part of `./x test`.
#
#   fuzz/run.sh                 every target, 60 s each
#   SECONDS_PER_TARGET=600 fuzz/run.sh decode decode_password
#
# Needs the nightly toolchain (`rustup toolchain install nightly`) and
# cargo-fuzz (`cargo install cargo-fuzz`). Seeds: fuzz/corpus/<target>/
# (committed); new corpus entries and crash artifacts stay uncommitted.
# A crash stops the run with its input in fuzz/artifacts/<target>/;
# replay it with `cargo +nightly fuzz run <target> <file>`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"
secs="${SECONDS_PER_TARGET:-60}"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then targets=(decode decode_password pem analyze sst quote url_link link worker); fi
command -v cargo-fuzz >/dev/null || { echo "cargo-fuzz missing: cargo install cargo-fuzz" >&2; exit 1; }
# Sanitizer builds must not share the main target directory.
export CARGO_TARGET_DIR="${FUZZ_TARGET_DIR:-$PWD/fuzz/target}"
for t in "${targets[@]}"; do
  echo "==> fuzzing $t for ${secs}s"
  cargo +nightly fuzz run "$t" "fuzz/corpus/$t" -- \
    -max_total_time="$secs" -max_len=16384 -timeout=20 -rss_limit_mb=2048 -print_final_stats=1
done
echo "==> no crashes in: ${targets[*]}"
