#!/usr/bin/env bash
# Size and speed figures, no pass/fail (`./x bench [N]`, N certificates, default 1000):
#   1. the release web app in dist/: raw and gzip -9 size of the wasm, js and css it serves;
#   2. native speed: the release CLI analysing a PEM bundle of N certificates built from the
#      committed fixtures (`certlens --json`, median of 5 runs, process start included).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
N="${1:-1000}"
export PATH="$HOME/.cargo/bin:$ROOT/tests/e2e/node_modules/.bin:$PATH"
export TRUNK_OFFLINE=true TRUNK_SKIP_VERSION_CHECK=true
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
WORK="$TARGET/certlens-bench"
mkdir -p "$WORK"

echo "== release web app (trunk build --release; opt-level from Cargo.toml, wasm-opt -Oz)"
if ! RUSTUP_TOOLCHAIN=certlens-wasm trunk build --release > "$WORK/trunk.log" 2>&1; then
  tail -30 "$WORK/trunk.log"; echo "release build failed (log: $WORK/trunk.log)" >&2; exit 1
fi
total_raw=0; total_gz=0
for f in dist/*.wasm dist/*.js dist/*.css; do
  [ -f "$f" ] || continue
  raw=$(stat -c %s "$f"); gz=$(gzip -9c "$f" | wc -c)
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
  printf '  %-10s %9d B raw %9d B gzip   %s\n' "${f##*.}" "$raw" "$gz" "$(basename "$f")"
done
printf '  %-10s %9d B raw %9d B gzip\n' total "$total_raw" "$total_gz"

echo
echo "== native: certlens --json on $N certificates"
cargo build --release --quiet --bin certlens
python3 - "$ROOT/tests/fixtures" "$N" "$WORK/bundle-$N.pem" "$TARGET/release/certlens" <<'PY'
import base64, json, os, statistics, subprocess, sys, textwrap, time

fixtures, n, bundle, exe = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
manifest = json.load(open(os.path.join(fixtures, "manifest.json")))
ders = []
for f in manifest["files"]:
    if f.get("kind") == "certificate" and f.get("format") == "der":
        ders.append(open(os.path.join(fixtures, f["path"]), "rb").read())
pems = []
for i in range(n):
    b64 = base64.b64encode(ders[i % len(ders)]).decode()
    pems.append("-----BEGIN CERTIFICATE-----\n" + "\n".join(textwrap.wrap(b64, 64))
                + "\n-----END CERTIFICATE-----\n")
with open(bundle, "w") as fh:
    fh.write("".join(pems))
size = os.path.getsize(bundle)
times = []
for _ in range(5):
    t0 = time.perf_counter()
    out = subprocess.run([exe, "--json", "--at", "2026-11-23T00:00:00Z", bundle],
                         capture_output=True, check=False)
    times.append(time.perf_counter() - t0)
report = json.loads(out.stdout)
med = statistics.median(times)
print(f"  bundle       {n} certificates ({len(ders)} distinct fixtures repeated), {size / 1024:.0f} KiB PEM")
print(f"  report       {len(report['certificates'])} distinct certificates, {len(out.stdout) / 1024:.0f} KiB JSON")
print(f"  wall time    median {med * 1000:.0f} ms, min {min(times) * 1000:.0f} ms (5 runs)")
print(f"  per cert     {med / n * 1e6:.0f} µs ({n / med:,.0f} certificates/s)")
PY
