#!/usr/bin/env python3
"""A/B: the same figures for two builds, measured alternately in the same minutes.

usage: ./x bench --ab REV [--rounds N] [--native]

A is the commit REV, B the working tree (what `./x build` put in dist/ and the CLI as it is
now). On a shared machine a whole run's figures move by 1.5x from hour to hour with the
load; two builds run one after the other, round after round (A B, then B A, ...), see the same
load, so their ratio can answer "did this change make it slower?" where two separate runs of
`./x bench` cannot. Prints min / median of each figure for A and B and the ratio of the
medians (B / A: under 1 is faster), and "B slower" or "B faster" only when every round of one
lies beyond every round of the other (else "same within the spread"); the last line is JSON.
CERTLENS_BENCH_ONLY=debian (bench/chromium.mjs's bundle keys) measures fewer bundles, so
more rounds fit.

Figures: the first visit's and the worker's gzip bytes (once: they do not move with the load);
natively, `certlens --json` on 10,000 generated leaves (wall time, process start
included); unless --native, in headless Chromium (bench/chromium.mjs, certlens alone, one
fresh page per bundle and round) a single chain's settings change (painted, to its DOM),
Debian's CA bundle drop -> rendered, 10,000 leaves drop -> listed.

A's sources are `git archive REV` in $TARGET/certlens-ab/REV, built with a target directory of
their own (the first A/B against a commit builds it cold: about as long as `./x build` and the
native CLI from nothing; later ones reuse it).
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
WORK = TARGET / "certlens-bench"
DEBIAN = "/etc/ssl/certs/ca-certificates.crt"


def run(cmd, **kw):
    print("  $ " + " ".join(str(c) for c in cmd), file=sys.stderr)
    return subprocess.run(cmd, check=True, **kw)


def args():
    rev, rounds, native = None, 5, False
    it = iter(sys.argv[1:])
    for a in it:
        if a == "--rounds":
            rounds = int(next(it))
        elif a == "--native":
            native = True
        elif a == "--ab":
            continue
        elif rev is None and not a.startswith("-"):
            rev = a
        else:
            sys.exit(f"ab.py: unknown argument {a!r}\n{__doc__}")
    if rev is None:
        sys.exit(__doc__)
    return rev, rounds, native


def tree_of(rev):
    """A's sources: `git archive` of the commit (no work tree, nothing of this one's changes)."""
    sha = subprocess.run(["git", "rev-parse", "--verify", rev + "^{commit}"], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
    base = TARGET / "certlens-ab"
    src = base / sha[:12]
    if not (src / "Cargo.toml").exists():
        src.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", sha], cwd=ROOT, check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(src)], input=archive, check=True)
    # The release build's post-build hook minifies with the esbuild ./x setup installed here.
    modules = src / "tests" / "e2e" / "node_modules"
    if not modules.exists():
        modules.symlink_to(ROOT / "tests" / "e2e" / "node_modules")
    return sha, src, base / "target"


def build(src, target, web):
    # What ./x puts in the environment, also when this script is run by itself: the tools
    # ./x setup installed (wasm-opt among the e2e suite's node modules, trunk), offline.
    path = f"{ROOT}/tests/e2e/node_modules/.bin:{Path.home()}/.cargo/bin:{os.environ.get('PATH', '')}"
    env = dict(os.environ, CARGO_TARGET_DIR=str(target), PATH=path, TRUNK_OFFLINE="true", TRUNK_SKIP_VERSION_CHECK="true")
    run(["cargo", "build", "--quiet", "--profile", "native", "--bin", "certlens"], cwd=src, env=env)
    if web and not (src / "dist" / "index.html").exists():
        run([str(src / "scripts" / "release-build.sh")], cwd=src, env=dict(env, RUSTUP_TOOLCHAIN="certlens-wasm"))
    return target / "native" / "certlens"


def native_ms(cli, pem):
    t0 = time.perf_counter()
    with open(os.devnull, "wb") as null:
        subprocess.run([str(cli), "--json", str(pem)], stdout=null, stderr=null, check=False)
    return (time.perf_counter() - t0) * 1000


def chromium(dist, tenk):
    env = dict(os.environ, CERTLENS_DIST=str(dist), CERTLENS_BENCH_NO_PEERS="1")
    out = subprocess.run(["node", "bench/chromium.mjs", DEBIAN, str(tenk), "-", "1"], cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout
    r = json.loads(out.strip().splitlines()[-1])
    med = lambda key, field: (r.get(key) or {}).get(field, {}).get("median")
    return {
        "chain settings change painted (ms)": med("chain", "settings"),
        "chain settings change to DOM (ms)": med("chain", "settings_dom"),
        "Debian drop -> rendered (ms)": med("debian", "rendered"),
        "10,000 leaves drop -> listed (ms)": med("tenk", "listed"),
    }


def main():
    rev, rounds, native_only = args()
    sha, src, target = tree_of(rev)
    print(f"== A/B: A = {rev} ({sha[:12]}), B = the working tree; {rounds} rounds, alternated")
    print("== building")
    a_cli = build(src, target, not native_only)
    run(["cargo", "build", "--quiet", "--profile", "native", "--bin", "certlens"], cwd=ROOT)
    b_cli = TARGET / "native" / "certlens"
    if not native_only and not (ROOT / "dist" / "index.html").exists():
        sys.exit("ab.py: no dist/ for B: run ./x build first")
    tenk = WORK / "leaves-10000.pem"
    if not tenk.exists():
        WORK.mkdir(parents=True, exist_ok=True)
        run(["python3", "bench/gen_bundle.py", "10000", str(tenk)], cwd=ROOT)
    sides = {"A": (a_cli, src / "dist"), "B": (b_cli, ROOT / "dist")}
    sizes = {}
    if not native_only:
        # Bytes do not move with the load: once each.
        for side, (_, dist) in sides.items():
            out = subprocess.run(["node", "bench/sizes.mjs", str(dist), "--json"], cwd=ROOT, check=True, capture_output=True, text=True).stdout
            s = json.loads(out)
            sizes[side] = {"first visit (gzip B)": s["first_visit"]["gzip"], "worker (gzip B)": s["worker"]["gzip"]}
    figures = {"A": {}, "B": {}}
    load_start = os.getloadavg()[0]
    print("== measuring")
    for i in range(rounds):
        order = ["A", "B"] if i % 2 == 0 else ["B", "A"]
        for side in order:
            cli, dist = sides[side]
            got = {"native --json, 10,000 leaves (ms)": native_ms(cli, tenk)}
            if not native_only:
                got.update(chromium(dist, tenk))
            for k, v in got.items():
                if v is not None:
                    figures[side].setdefault(k, []).append(v)
            print(f"  round {i + 1} {side}: " + ", ".join(f"{k.split(' (')[0]} {v:.0f}" for k, v in got.items() if v is not None), flush=True)
    load_end = os.getloadavg()[0]
    print(f"\n== A/B ({rounds} rounds; load {load_start:.2f} at the start, {load_end:.2f} at the end): min / median")
    summary = {"a": sha, "rounds": rounds, "load_start": load_start, "load_end": load_end, "figures": {}, "sizes": sizes}
    for k in sizes.get("A", {}):
        a, b = sizes["A"][k], sizes["B"][k]
        print(f"  {k:40} A {a:15,}   B {b:15,}   B-A {b - a:+,}")
    for k in figures["A"]:
        a, b = figures["A"].get(k, []), figures["B"].get(k, [])
        if not a or not b:
            continue
        ma, mb = statistics.median(a), statistics.median(b)
        ratio = mb / ma if ma else float("nan")
        # Only when every B lies beyond every A is it a difference; overlapping runs are the
        # machine's spread (4 rounds once gave Debian B/A 1.21, which 8 rounds put at 1.01).
        # With n rounds each, two builds of the same speed still fall apart by chance with
        # probability 2 / C(2n, n): 1 in 3 for 2 rounds (seen: "to DOM" B/A 2.32 in 2 rounds,
        # 0.80 in 8), under 1 % from 5.
        if min(len(a), len(b)) < 5:
            verdict = "too few rounds to tell (5 or more)"
        else:
            verdict = "B slower" if min(b) > max(a) else "B faster" if max(b) < min(a) else "same within the spread"
        print(f"  {k:40} A {min(a):7.0f} / {ma:7.0f}   B {min(b):7.0f} / {mb:7.0f}   B/A {ratio:.2f}   {verdict}")
        summary["figures"][k] = {"a": a, "b": b, "ratio": ratio, "verdict": verdict}
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
