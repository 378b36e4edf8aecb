#!/usr/bin/env bash
# Size and speed figures, no pass/fail (`./x bench [--json] [--runs N] [--no-build] [--no-50k]`):
#   1. the release web app in dist/ (trunk build --release, unless --no-build): raw, gzip -9
#      and brotli bytes of the first visit (what index.html loads) and of the analysis worker
#      (loaded with the first file) — bench/sizes.mjs;
#   2. headless Chromium (bench/chromium.mjs): navigation → ready, drop → rendered, longest
#      main-thread task, JS heap, a settings change, for Debian's CA bundle
#      (/etc/ssl/certs/ca-certificates.crt) and a generated bundle of 10,000 leaves
#      (bench/gen_bundle.py), with @peculiar/x509 and pkijs (bench/package.json, pinned,
#      installed by npm ci, bundled by esbuild) parsing the same bundles in the same page; and
#      the 10,000 leaves with their 4 issuing CAs (every signature checked in the worker: drop
#      → final, the longest task, how often the progress bar moved; cold runs, no peers);
#   3. native: the CLI as built for native use (`cargo build --profile native`: the release
#      settings at opt-level 3; `certlens --json`, and the text output for 10,000 and 50,000) on 1,000 / 10,000 / 50,000 generated leaves
#      and on the 10,000 leaves with their 4 issuing CAs (every signature verified), wall time
#      and peak RSS; and the cost of one signature verification per algorithm (RSA-2048,
#      RSA-4096, P-256, P-384, Ed25519: examples/verify_bench.rs on bench/gen_signers.py's
#      certificates); and, unless --native, the same in headless Chromium
#      (examples/verify_wasm.rs built for wasm32 as the worker is: bench/verify-chromium.mjs).
# --native runs only part 3 (no build of the web app, no browser).
# --json prints one JSON object (last line) with size_gzip_bytes, debian_ms,
# debian_peculiar_ms, tenk_ms, tenk_longest_task_ms, tenk_heap_mb, settings_change_ms,
# native_10k_ms, native_10k_issuers_ms, native_50k_rss_mb, verify_us_rsa2048, verify_us_p256,
# verify_wasm_us_rsa2048, verify_wasm_us_p256
# (medians; null when not measured) and more, and `targets`: each performance target (first
# visit, Debian, 10,000 leaves, settings changes, native) with its value, its limit and whether
# this run met it (a table of the same ends the human-readable figures).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
JSON=0; RUNS=5; BUILD=1; FIFTY=1; BROWSER=1
while [ $# -gt 0 ]; do
  case "$1" in
    --json) JSON=1 ;;
    --runs) RUNS="$2"; shift ;;
    --no-build) BUILD=0 ;;
    --no-50k) FIFTY=0 ;;
    --native) BUILD=0; BROWSER=0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
export PATH="$HOME/.cargo/bin:$ROOT/tests/e2e/node_modules/.bin:$PATH"
export TRUNK_OFFLINE=true TRUNK_SKIP_VERSION_CHECK=true
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
WORK="$TARGET/certlens-bench"
mkdir -p "$WORK"
# Human-readable figures go to stderr with --json, so that stdout is the JSON object only.
if [ "$JSON" = 1 ]; then exec 3>&1 1>&2; else exec 3>&1; fi

echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg); $(/usr/bin/chromium --version 2>/dev/null || echo 'no chromium')"
if [ "$BUILD" = 1 ]; then
  echo "== release web app (scripts/release-build.sh: trunk build --release; opt-level from Cargo.toml, wasm-opt -Oz)"
  if ! RUSTUP_TOOLCHAIN=certlens-wasm scripts/release-build.sh > "$WORK/trunk.log" 2>&1; then
    tail -30 "$WORK/trunk.log"; echo "release build failed (log: $WORK/trunk.log)" >&2; exit 1
  fi
fi
rm -f "$WORK/sizes.json" "$WORK/chromium.json"
# The machine's load as the measuring starts and ends (1-minute averages, in the JSON as
# load_start / load_end): on a shared 2-core machine the same build's figures move by 20-35 %
# with it, so a run is read against its load (and against the peers of the same run).
cut -d' ' -f1 /proc/loadavg > "$WORK/load-start"
if [ "$BROWSER" = 1 ]; then
  node bench/sizes.mjs dist
  node bench/sizes.mjs dist --json > "$WORK/sizes.json"
fi

echo
echo "== inputs"
if [ "$BROWSER" = 1 ]; then
  [ -d bench/node_modules/@peculiar/x509 ] && [ bench/node_modules/.package-lock.json -nt bench/package-lock.json ] \
    || (cd bench && npm ci --no-audit --no-fund --loglevel=error)
  bench/node_modules/.bin/esbuild bench/peers.js --bundle --minify --format=iife --log-level=warning --outfile="$WORK/peers.js"
fi
# The generators need python's `cryptography`: a fresh machine may not have it. Installed from
# PyPI (pinned) into the tools directory, never into the system's python.
if ! python3 -c 'import cryptography' 2>/dev/null; then
  PYLIB="${CERTLENS_TOOLS:-$HOME/.local/share/certlens}/bench-pylib"
  if ! PYTHONPATH="$PYLIB" python3 -c 'import cryptography' 2>/dev/null; then
    echo "  installing python cryptography 48.0.0 (PyPI) into $PYLIB"
    python3 -m pip install --quiet --disable-pip-version-check --target "$PYLIB" "cryptography==48.0.0" \
      || { echo "could not install python's cryptography from PyPI (needed by bench/gen_bundle.py)" >&2; exit 1; }
  fi
  export PYTHONPATH="$PYLIB${PYTHONPATH:+:$PYTHONPATH}"
fi
for n in 1000 10000 50000; do
  [ "$n" = 50000 ] && [ "$FIFTY" = 0 ] && continue
  [ -s "$WORK/leaves-$n.pem" ] || { echo "  generating $n leaves"; python3 bench/gen_bundle.py "$n" "$WORK/leaves-$n.pem"; }
done
[ -s "$WORK/leaves-10000-issuers.pem" ] \
  || { echo "  generating 10000 leaves with their issuers"; python3 bench/gen_bundle.py 10000 "$WORK/leaves-10000-issuers.pem" --with-issuers; }
python3 bench/gen_signers.py "$WORK/signers"
DEBIAN=/etc/ssl/certs/ca-certificates.crt
[ -f "$DEBIAN" ] || { echo "$DEBIAN is missing (Debian package ca-certificates)" >&2; exit 1; }
echo "  $DEBIAN: $(grep -c 'BEGIN CERTIFICATE' "$DEBIAN") certificates; generated leaves in $WORK"

if [ "$BROWSER" = 1 ]; then
  echo
  echo "== headless Chromium (release build, 127.0.0.1)"
  node bench/chromium.mjs "$DEBIAN" "$WORK/leaves-10000.pem" "$WORK/peers.js" "$RUNS" "$WORK/leaves-10000-issuers.pem" | tee "$WORK/chromium.out"
  tail -1 "$WORK/chromium.out" > "$WORK/chromium.json"
fi

echo
echo "== native: certlens --json (the native CLI: cargo profile \"native\", release at opt-level 3; process start included)"
cargo build --profile native --quiet --bin certlens
python3 - "$TARGET/native/certlens" "$WORK" "$FIFTY" > "$WORK/native.json" <<'PY'
import json, os, subprocess, sys, time
exe, work, fifty = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
out = {}
for n in (1000, 10000, 50000, "10000-issuers"):
    if n == 50000 and not fifty:
        continue
    bundle = os.path.join(work, f"leaves-{n}.pem")
    # One file is read up to 20 MB (10,000 leaves are 12 MB of PEM): more go in files of 10,000.
    files = [bundle]
    if n == 50000:
        text = open(bundle).read()
        end = "-----END CERTIFICATE-----\n"
        certs = [c + end for c in text.split(end) if c.strip()]
        files = []
        for k in range(0, len(certs), 10000):
            part = os.path.join(work, f"leaves-{n}-part{k // 10000 + 1}.pem")
            with open(part, "w") as fh:
                fh.write("".join(certs[k:k + 10000]))
            files.append(part)
    # `--json` for each bundle; the text output (the CLI's default) too for 10,000 and 50,000.
    modes = [("--json", n)] + ([("", f"{n}-text")] if n in (10000, 50000) else [])
    for flag, key in modes:
        runs = 3
        times, rss, cpu = [], [], []
        for _ in range(runs):
            t0 = time.perf_counter()
            p = subprocess.Popen([exe, *([flag] if flag else []), "--at", "2026-11-23T00:00:00Z", *files], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(p.pid, 0)
            times.append((time.perf_counter() - t0) * 1000)
            rss.append(usage.ru_maxrss / 1024)
            # CPU time (user + system): on a busy machine, wall time includes waiting for a core.
            cpu.append((usage.ru_utime + usage.ru_stime) * 1000)
        times.sort()
        cpu.sort()
        out[key] = {"ms": times[len(times) // 2], "min_ms": times[0], "cpu_ms": cpu[len(cpu) // 2], "rss_mb": max(rss), "runs": runs}
        what = "10000 leaves + their 4 CAs (signatures verified)" if n == "10000-issuers" else f"{n:>6} leaves" + ("" if flag else ", text output")
        if status != 0 and os.WEXITSTATUS(status) not in (0, 1):
            print(f"  {what}: certlens failed (status {status})", file=sys.stderr)
        print(f"  {what}  {times[len(times) // 2]:8.0f} ms (min {times[0]:.0f}, {runs} runs, {len(files)} file(s); CPU {cpu[len(cpu) // 2]:.0f} ms)  peak RSS {max(rss):6.0f} MB", file=sys.stderr)
print(json.dumps(out))
PY

echo
echo "== native: one signature verification per algorithm (examples/verify_bench.rs, release)"
cargo run --release --quiet --example verify_bench -- "$WORK/signers" | tee "$WORK/verify.out"
tail -1 "$WORK/verify.out" > "$WORK/verify.json"

rm -f "$WORK/verify-wasm.json"
if [ "$BROWSER" = 1 ]; then
  echo
  echo "== headless Chromium: one signature verification per algorithm (examples/verify_wasm.rs: wasm32, release, wasm-opt -Oz)"
  RUSTUP_TOOLCHAIN=certlens-wasm cargo build --release --quiet --target wasm32-unknown-unknown --example verify_wasm
  VW="$WORK/verify-wasm"
  rm -rf "$VW" && mkdir -p "$VW" && cp -r "$WORK/signers" "$VW/"
  wasm-bindgen --target web --no-typescript --out-dir "$VW" "$TARGET/wasm32-unknown-unknown/release/examples/verify_wasm.wasm"
  wasm-opt -Oz "$VW/verify_wasm_bg.wasm" -o "$VW/verify_wasm_bg.wasm"
  NATIVE_JSON="$WORK/verify.json" node bench/verify-chromium.mjs "$VW" | tee "$WORK/verify-wasm.out"
  tail -1 "$WORK/verify-wasm.out" > "$WORK/verify-wasm.json"
fi

cut -d' ' -f1 /proc/loadavg > "$WORK/load-end"
echo "== load: $(cat "$WORK/load-start") as the measuring started, $(cat "$WORK/load-end") at its end (1-minute averages)"

# fd 4: where the human-readable lines go (the targets' table); stdout: the JSON object.
python3 - "$WORK" 4>&1 >&3 <<'PY' || true
import json, os, sys
work = sys.argv[1]
def load(name):
    path = os.path.join(work, name)
    return json.load(open(path)) if os.path.exists(path) else {}
sizes, chrome, native, verify = load("sizes.json"), load("chromium.json"), load("native.json"), load("verify.json")
verify_wasm = load("verify-wasm.json")
def loadavg(name):
    try:
        return float(open(os.path.join(work, name)).read().strip())
    except (OSError, ValueError):
        return None
med = lambda d, *ks: (lambda v: None if v is None else round(v, 1))(
    __import__("functools").reduce(lambda a, k: a.get(k) if isinstance(a, dict) else None, ks, d))
fig = {
    "size_gzip_bytes": med(sizes, "first_visit", "gzip"),
    "size_raw_bytes": med(sizes, "first_visit", "raw"),
    "size_brotli_bytes": med(sizes, "first_visit", "brotli"),
    "worker_gzip_bytes": med(sizes, "worker", "gzip"),
    "nav_ready_ms": med(chrome, "debian", "nav_ready", "median"),
    "debian_ms": med(chrome, "debian", "rendered", "median"),
    "debian_final_ms": med(chrome, "debian", "final", "median"),
    "debian_warm_ms": med(chrome, "debian", "warm_rendered", "median"),
    "debian_worker_start_ms": med(chrome, "debian", "phases", "ready", "median"),
    "debian_worker_analysis_ms": med(chrome, "debian", "phases", "analysis", "median"),
    "debian_page_render_ms": med(chrome, "debian", "phases", "page", "median"),
    "chain_ms": med(chrome, "chain", "rendered", "median"),
    "chain_warm_ms": med(chrome, "chain", "warm_rendered", "median"),
    "chain_settings_change_ms": med(chrome, "chain", "settings", "median"),
    "chain_settings_change_dom_ms": med(chrome, "chain", "settings_dom", "median"),
    "debian_longest_task_ms": med(chrome, "debian", "longest_task", "median"),
    "debian_peculiar_ms": med(chrome, "debian", "peculiar", "median"),
    "debian_pkijs_ms": med(chrome, "debian", "pkijs", "median"),
    "tenk_listed_ms": med(chrome, "tenk", "listed", "median"),
    "tenk_listing_worker_ms": med(chrome, "tenk", "phases", "listing", "median"),
    "tenk_listing_kb": med(chrome, "tenk", "phases", "listing_kb", "median"),
    "tenk_ms": med(chrome, "tenk", "rendered", "median"),
    "tenk_final_ms": med(chrome, "tenk", "final", "median"),
    "tenk_worker_analysis_ms": med(chrome, "tenk", "phases", "analysis", "median"),
    "tenk_page_render_ms": med(chrome, "tenk", "phases", "page", "median"),
    "tenk_longest_task_ms": med(chrome, "tenk", "longest_task", "median"),
    "tenk_blocked_ms": med(chrome, "tenk", "blocked", "median"),
    "tenk_heap_mb": med(chrome, "tenk", "heap_mb", "median"),
    "tenk_page_wasm_mb": med(chrome, "tenk", "page_wasm_mb", "median"),
    "tenk_worker_wasm_mb": med(chrome, "tenk", "worker_wasm_mb", "median"),
    "debian_worker_wasm_mb": med(chrome, "debian", "worker_wasm_mb", "median"),
    "tenk_peculiar_ms": med(chrome, "tenk", "peculiar", "median"),
    "tenk_pkijs_ms": med(chrome, "tenk", "pkijs", "median"),
    "settings_change_ms": med(chrome, "debian", "settings", "median"),
    "settings_change_dom_ms": med(chrome, "debian", "settings_dom", "median"),
    "tenk_settings_change_ms": med(chrome, "tenk", "settings", "median"),
    "tenk_issuers_listed_ms": med(chrome, "tenk_issuers", "listed", "median"),
    "tenk_issuers_final_ms": med(chrome, "tenk_issuers", "final", "median"),
    "tenk_issuers_longest_task_ms": med(chrome, "tenk_issuers", "longest_task", "median"),
    "tenk_issuers_progress_updates": med(chrome, "tenk_issuers", "progress_updates", "median"),
    "tenk_issuers_worker_wasm_mb": med(chrome, "tenk_issuers", "worker_wasm_mb", "median"),
    "tenk_issuers_page_wasm_mb": med(chrome, "tenk_issuers", "page_wasm_mb", "median"),
    "tenk_issuers_heap_mb": med(chrome, "tenk_issuers", "heap_mb", "median"),
    "tenk_issuers_helper_wasm_mb": med(chrome, "tenk_issuers", "helper_wasm_mb", "median"),
    "native_1k_ms": med(native, "1000", "ms"),
    "native_10k_ms": med(native, "10000", "ms"),
    "native_50k_ms": med(native, "50000", "ms"),
    "native_10k_cpu_ms": med(native, "10000", "cpu_ms"),
    "native_50k_cpu_ms": med(native, "50000", "cpu_ms"),
    "native_50k_rss_mb": med(native, "50000", "rss_mb"),
    "native_text_10k_ms": med(native, "10000-text", "ms"),
    "native_text_50k_ms": med(native, "50000-text", "ms"),
    "native_text_50k_rss_mb": med(native, "50000-text", "rss_mb"),
    "native_10k_issuers_ms": med(native, "10000-issuers", "ms"),
    "native_10k_issuers_rss_mb": med(native, "10000-issuers", "rss_mb"),
    **{k: verify.get(k) for k in ("verify_us_rsa2048", "verify_us_rsa4096", "verify_us_p256", "verify_us_p384", "verify_us_ed25519")},
    **{k: verify_wasm.get(k) for k in ("verify_wasm_us_rsa2048", "verify_wasm_us_rsa4096", "verify_wasm_us_p256", "verify_wasm_us_p384", "verify_wasm_us_ed25519")},
    "load_start": loadavg("load-start"),
    "load_end": loadavg("load-end"),
}

# The performance targets, each judged on this run's medians (a target is met or not in a run: on a
# shared machine a figure near its limit may be met in one run and not the next).
def ratio(a, b):
    return None if a is None or b is None or b == 0 else round(a / b, 1)
def total(*xs):
    return None if any(x is None for x in xs) else round(sum(xs), 1)
helper = fig["tenk_issuers_helper_wasm_mb"] or 0  # no helper: none started
rows = [
    ("first_visit", "first visit (gzip)", fig["size_gzip_bytes"], "<=", 250000, "B"),
    ("debian", "Debian bundle: drop → rendered (cold)", fig["debian_ms"], "<=", 50, "ms"),
    ("debian_ratio", "Debian bundle: times as fast as @peculiar/x509 parsing it", ratio(fig["debian_peculiar_ms"], fig["debian_ms"]), ">=", 10, "×"),
    ("tenk_listed", "10,000 leaves: drop → listed (cold)", fig["tenk_listed_ms"], "<=", 400, "ms"),
    ("tenk_ratio", "10,000 leaves: times as fast as @peculiar/x509 parsing them", ratio(fig["tenk_peculiar_ms"], fig["tenk_listed_ms"]), ">=", 30, "×"),
    ("tenk_longest_task", "10,000 leaves: longest main-thread task", fig["tenk_longest_task_ms"], "<=", 50, "ms"),
    ("tenk_issuers_longest_task", "10,000 with their CAs: longest main-thread task", fig["tenk_issuers_longest_task_ms"], "<=", 50, "ms"),
    ("tenk_issuers_final", "10,000 with their CAs: drop → every signature checked", fig["tenk_issuers_final_ms"], "<=", 6000, "ms"),
    ("tenk_memory", "10,000 leaves: memory (page JS + wasm, worker)", total(fig["tenk_heap_mb"], fig["tenk_page_wasm_mb"], fig["tenk_worker_wasm_mb"]), "<", 200, "MB"),
    ("tenk_issuers_memory", "10,000 with their CAs: memory (page, worker, helper)", total(fig["tenk_issuers_heap_mb"], fig["tenk_issuers_page_wasm_mb"], fig["tenk_issuers_worker_wasm_mb"], helper), "<", 200, "MB"),
    ("chain_settings", "single chain: settings change → painted", fig["chain_settings_change_ms"], "<=", 16, "ms"),
    ("debian_settings", "Debian bundle: settings change → painted", fig["settings_change_ms"], "<=", 100, "ms"),
    ("native_10k", "native: 10,000 leaves --json", fig["native_10k_ms"], "<=", 300, "ms"),
    ("native_50k", "native: 50,000 leaves --json", fig["native_50k_ms"], "<=", 1500, "ms"),
    ("native_50k_rss", "native: 50,000 leaves peak RSS", fig["native_50k_rss_mb"], "<=", 300, "MB"),
]
targets = {}
human = os.fdopen(4, "w", encoding="utf-8")
signs = {"<=": "≤", ">=": "≥", "<": "<"}
print("\n== targets, on this run's medians", file=human)
for key, what, value, op, limit, unit in rows:
    met = None if value is None else (value <= limit if op == "<=" else value >= limit if op == ">=" else value < limit)
    targets[key] = {"value": value, "target": f"{op} {limit}", "met": met}
    shown = "not measured" if value is None else f"{value:,.1f}×" if unit == "×" else f"{value:,.0f} {unit}"
    verdict = "n/a" if met is None else "met" if met else "NOT met"
    wanted = f"{signs[op]} {limit:,}×" if unit == "×" else f"{signs[op]} {limit:,} {unit}"
    print(f"  {what:<62} {shown:>14}   target {wanted:<12} {verdict}", file=human)
measured = [t for t in targets.values() if t["met"] is not None]
print(f"  {sum(t['met'] for t in measured)} of {len(measured)} measured targets met", file=human)
human.flush()
fig["targets"] = targets
print(json.dumps(fig))
PY
