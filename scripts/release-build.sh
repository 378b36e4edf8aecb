#!/usr/bin/env bash
# The web app's release build into dist/ (trunk, wasm-opt), the one ./x build and ./x serve,
# the end-to-end tests and ./x bench make: `scripts/release-build.sh [trunk build options]`.
#
# The crates' sources are named by a short, fixed prefix in what the build keeps of their
# paths (the panic locations in the wasm: "/c/yew-0.21.0/src/…" instead of
# "/home/…/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/yew-0.21.0/src/…"), so the
# first visit's size, which CI holds to its budget, is the same wherever the machine keeps
# its cargo home (and 122 B gzip smaller with /root/.cargo). The flags never change between
# builds: a change would rebuild every crate.
set -euo pipefail
cd "$(dirname "$0")/.."
src="${CARGO_HOME:-$HOME/.cargo}/registry/src"
# The last matching prefix wins: crates.io's own directory (/c), else any other registry's (/r).
# One letter each: every character of a prefix is kept once per location (~30 in the page's
# wasm): "/crates" instead of "/c" cost the first visit 46 B gzip.
remap="--remap-path-prefix=$src=/r --remap-path-prefix=$src/index.crates.io-1949cf8c6b5b557f=/c"
# A panic traps at once (-Cpanic=immediate-abort, unstable: RUSTC_BOOTSTRAP, as ./x setup's
# std build), against the std built the same way in a sysroot of its own (./x setup): no code
# formats a panic's message and location, which the browser never shows (wasm32 has no
# stderr). The first visit 249,979 → 236,180 B gzip, the worker 570,985 → 551,251 B (2026-12-04).
# Only the wasm32 crates get these flags (cargo applies RUSTFLAGS to the target with --target).
sysroot="${LEAN_SYSROOT:-${CERTLENS_TOOLS:-$HOME/.local/share/certlens}/sysroot-immediate-abort}"
ls "$sysroot/lib/rustlib/wasm32-unknown-unknown/lib"/libstd-*.rlib >/dev/null 2>&1 \
  || { echo "release-build.sh: no std for the release build in $sysroot: run ./x setup" >&2; exit 1; }
lean="--sysroot=$sysroot -Zunstable-options -Cpanic=immediate-abort"
RUSTC_BOOTSTRAP=1 RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }$remap $lean" RUSTUP_TOOLCHAIN="${RUSTUP_TOOLCHAIN:-certlens-wasm}" exec trunk build --release "$@"
