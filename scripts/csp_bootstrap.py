#!/usr/bin/env python3
"""Trunk post-build hook: move trunk's inline bootstrap into a file, for a strict CSP.

trunk 0.21 writes the wasm loader as an inline <script type="module"> into index.html; a page
whose Content-Security-Policy has no 'unsafe-inline' in script-src would not run it. This hook
(Trunk.toml [[hooks]] stage = "post_build", run in TRUNK_STAGING_DIR before trunk moves the
build to dist/) writes the script's body to boot-<sha256 prefix>.js next to the other assets,
makes its asset URLs relative to the script itself (import.meta.url), so the app works from
any sub-path, and replaces the inline script with <script type="module" src="./boot-….js">.

It also gives the analysis worker (index.html's <link data-trunk rel="rust" data-type="worker">,
which trunk names certlens-worker.js, certlens-worker_bg.wasm and certlens-worker_loader.js
without a hash) hashed names like the other assets, so that a page never talks to a worker of
another build, and writes the loader's relative address into
<meta name="certlens-worker" content="./certlens-worker-<hash>_loader.js"> for the page
(src/ui/bridge.rs), which starts the worker with the first file.

usage: csp_bootstrap.py [DIR]   (DIR defaults to $TRUNK_STAGING_DIR)
"""

import hashlib
import os
import re
import sys


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("TRUNK_STAGING_DIR")
    if not out_dir:
        print("csp_bootstrap.py: no directory given and TRUNK_STAGING_DIR is not set", file=sys.stderr)
        return 2
    index = os.path.join(out_dir, "index.html")
    with open(index, encoding="utf-8") as f:
        html = f.read()
    # trunk's minifier may drop attribute quotes: <script type=module>.
    inline = re.compile(r"""<script\s+type=["']?module["']?(?:\s+nonce=["']?[^"'>\s]*["']?)?\s*>(.*?)</script>""", re.S)
    scripts = inline.findall(html)
    if len(scripts) != 1:
        print(f"csp_bootstrap.py: expected one inline module script in {index}, found {len(scripts)}", file=sys.stderr)
        return 1
    body = scripts[0].strip() + "\n"
    # Paths trunk wrote ("/x.js", "./x.js" or "x.js") become relative to the script's own URL.
    body = re.sub(r"""from\s*['"](?:\.?/)?([\w.-]+\.js)['"]""", r"from './\1'", body)
    body = re.sub(
        r"""['"](?:\.?/)?([\w.-]+_bg\.wasm)['"]""",
        r"new URL('./\1', import.meta.url)",
        body,
    )
    name = f"boot-{hashlib.sha256(body.encode()).hexdigest()[:16]}.js"
    with open(os.path.join(out_dir, name), "w", encoding="utf-8") as f:
        f.write(body)
    html = inline.sub(lambda _m: f'<script type="module" src="./{name}"></script>', html, count=1)
    worker = hash_worker(out_dir, "certlens-worker")
    if worker is None:
        print("csp_bootstrap.py: no analysis worker (certlens-worker_loader.js) in the build", file=sys.stderr)
        return 1
    meta = f'<meta name="certlens-worker" content="./{worker}">'
    html, n = re.subn(r"<title", lambda _m: meta + "<title", html, count=1)
    if n != 1:
        print("csp_bootstrap.py: index.html has no <title> to put the worker's address before", file=sys.stderr)
        return 1
    if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html):
        print("csp_bootstrap.py: index.html still has an inline script", file=sys.stderr)
        return 1
    with open(index, "w", encoding="utf-8") as f:
        f.write(html)
    print(f"csp_bootstrap.py: inline bootstrap moved to {name}; worker {worker}")
    return 0


def hash_worker(out_dir, bin_name):
    """Rename BIN.js, BIN_bg.wasm and BIN_loader.js to BIN-<hash>…; the loader's name, or None."""
    js, wasm, loader = (os.path.join(out_dir, f"{bin_name}{suffix}") for suffix in (".js", "_bg.wasm", "_loader.js"))
    if not all(os.path.isfile(p) for p in (js, wasm, loader)):
        return None
    digest = hashlib.sha256()
    for path in (js, wasm):
        with open(path, "rb") as f:
            digest.update(f.read())
    base = f"{bin_name}-{digest.hexdigest()[:16]}"
    os.replace(js, os.path.join(out_dir, f"{base}.js"))
    os.replace(wasm, os.path.join(out_dir, f"{base}_bg.wasm"))
    # trunk's shim: importScripts("./BIN.js");wasm_bindgen("./BIN_bg.wasm"); (relative to the
    # worker script's own address).
    with open(loader, encoding="utf-8") as f:
        shim = f.read()
    shim = shim.replace(f"./{bin_name}_bg.wasm", f"./{base}_bg.wasm").replace(f"./{bin_name}.js", f"./{base}.js")
    if f"./{base}.js" not in shim or f"./{base}_bg.wasm" not in shim:
        print(f"csp_bootstrap.py: unexpected worker loader: {shim!r}", file=sys.stderr)
        return None
    os.remove(loader)
    name = f"{base}_loader.js"
    with open(os.path.join(out_dir, name), "w", encoding="utf-8") as f:
        f.write(shim)
    return name


if __name__ == "__main__":
    sys.exit(main())
