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

In a release build (TRUNK_PROFILE=release, or --minify) it also minifies the JavaScript and CSS
with esbuild (npm, pinned in tests/e2e/package.json, installed by ./x setup) and brings the
Subresource Integrity hashes trunk wrote into index.html up to date. trunk 0.21's own minifier
(minify-js 0.5.6) cannot parse the `export { initSync, __wbg_init as default };` that
wasm-bindgen writes at the end of the app's module: it printed "Failed to minify JS" and shipped
the module unminified (54.7 KB raw, 8.9 KB gzip). Trunk.toml therefore sets minify = "never"
and this hook does it, for every file alike; index.html loses its comments and the whitespace
between the tags of <head> (what is inside <body> is left as written).

usage: csp_bootstrap.py [--minify] [DIR]   (DIR defaults to $TRUNK_STAGING_DIR)
"""

import base64
import hashlib
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    args = sys.argv[1:]
    minify = "--minify" in args or os.environ.get("TRUNK_PROFILE") == "release"
    args = [a for a in args if a != "--minify"]
    out_dir = args[0] if args else os.environ.get("TRUNK_STAGING_DIR")
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
    html = drop_fetch_preload_integrity(html)
    if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html):
        print("csp_bootstrap.py: index.html still has an inline script", file=sys.stderr)
        return 1
    if minify:
        esbuild = find_esbuild()
        if esbuild is None:
            # A working build beats a failed one (a worktree set up before esbuild was added):
            # say so loudly; ./x setup installs it.
            print("csp_bootstrap.py: WARNING: esbuild not found (tests/e2e/node_modules/.bin; run ./x setup): "
                  "the JS and CSS of this release build are NOT minified", file=sys.stderr)
        else:
            before, after = minify_assets(esbuild, out_dir)
            html = minify_head(html)
            html = refresh_integrity(html, out_dir)
            print(f"csp_bootstrap.py: JS and CSS minified by esbuild: {before} -> {after} bytes")
    with open(index, "w", encoding="utf-8") as f:
        f.write(html)
    print(f"csp_bootstrap.py: inline bootstrap moved to {name}; worker {worker}")
    return 0


def find_esbuild():
    """The esbuild of ./x setup (tests/e2e/node_modules), else one on PATH."""
    local = os.path.join(ROOT, "tests", "e2e", "node_modules", ".bin", "esbuild")
    if os.access(local, os.X_OK):
        return local
    return shutil.which("esbuild")


def minify_assets(esbuild, out_dir):
    """Minify every .js (ES modules: the app's module and the boot file; classic scripts: the
    worker's no-modules script and its loader) and .css in place; total bytes before, after."""
    before = after = 0
    for name in sorted(os.listdir(out_dir)):
        path = os.path.join(out_dir, name)
        if name.endswith(".css"):
            kind = ["--loader=css"]
        elif name.endswith(".js"):
            # The worker runs as a classic script (importScripts): its top-level
            # `wasm_bindgen` must keep its name; esbuild keeps top-level names without --format.
            module = not name.startswith("certlens-worker")
            kind = ["--loader=js"] + (["--format=esm"] if module else [])
        else:
            continue
        with open(path, "rb") as f:
            source = f.read()
        run = subprocess.run([esbuild, "--minify", "--log-level=warning", *kind], input=source, capture_output=True, check=False)
        if run.returncode != 0 or not run.stdout:
            sys.stderr.write(run.stderr.decode(errors="replace"))
            raise SystemExit(f"csp_bootstrap.py: esbuild could not minify {name}")
        before += len(source)
        after += len(run.stdout)
        with open(path, "wb") as f:
            f.write(run.stdout)
    return before, after


def minify_head(html):
    """Drop comments, and the whitespace between the tags of <head> (never rendered)."""
    html = re.sub(r"<!--.*?-->", "", html, flags=re.S)
    head = re.search(r"<head>(.*?)</head>", html, flags=re.S)
    if head is None:
        return html
    inner = re.sub(r">\s+<", "><", head.group(1).strip())
    inner = re.sub(r"\s*\n\s*", " ", inner)
    return html[: head.start(1)] + inner + html[head.end(1):]


def drop_fetch_preload_integrity(html):
    """The wasm's `<link rel=preload as=fetch>` without the `integrity` trunk writes on it.

    Chromium ignores `integrity` for that destination and says so in the console on every
    page load; the wasm-bindgen glue's own fetch of the wasm, which the preload serves, has
    none either. Nothing is checked either way; the warning goes.
    """

    def fix(m):
        tag = m.group(0)
        if not re.search(r"""\bas=["']?fetch\b""", tag):
            return tag
        return re.sub(r"""\s+integrity=["']?[\w+/=-]+["']?""", "", tag)

    return re.sub(r"<link\b[^>]*\brel=[\"']?preload\b[^>]*>", fix, html)


def refresh_integrity(html, out_dir):
    """Recompute each integrity="sha384-…" trunk wrote, for the file the same tag refers to."""

    def fix(m):
        tag = m.group(0)
        href = re.search(r"""href=["']?\.?/?([\w.-]+)""", tag)
        algo = re.search(r"""integrity=["']?(sha256|sha384|sha512)-""", tag)
        if href is None or algo is None:
            return tag
        path = os.path.join(out_dir, href.group(1))
        if not os.path.isfile(path):
            return tag
        with open(path, "rb") as f:
            digest = hashlib.new(algo.group(1), f.read()).digest()
        value = f"{algo.group(1)}-{base64.b64encode(digest).decode()}"
        return re.sub(r"""integrity=["']?[\w+/=-]+["']?""", f'integrity="{value}"', tag)

    return re.sub(r"<link\b[^>]*\bintegrity=[^>]*>", fix, html)


# The analysis worker's first script (BASE: its files' hashed stem). Unlike trunk's shim it
# (1) keeps the messages that come while the wasm loads in self.certlensEarly for the wasm's
# main (src/bin/certlens-worker.rs, early_messages), which handles them in order: the page
# posts a job at once instead of holding it until "ready" (640 B less in the page's wasm);
# (2) starts fetching the wasm before importScripts loads the glue;
# (3) passes the init options as one object (the string form is deprecated and warns).
WORKER_LOADER = """"use strict";
self.certlensEarly = [];
self.onmessage = function (e) { self.certlensEarly.push(e.data); };
var wasm = fetch("./BASE_bg.wasm");
importScripts("./BASE.js");
wasm_bindgen({ module_or_path: wasm });
"""


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
    # worker script's own address). It is replaced by WORKER_LOADER, which does the same with
    # the hashed names and more; an unexpected shim means trunk's worker support changed.
    with open(loader, encoding="utf-8") as f:
        shim = f.read()
    if f"./{bin_name}.js" not in shim or f"./{bin_name}_bg.wasm" not in shim:
        print(f"csp_bootstrap.py: unexpected worker loader: {shim!r}", file=sys.stderr)
        return None
    shim = WORKER_LOADER.replace("BASE", base)
    os.remove(loader)
    name = f"{base}_loader.js"
    with open(os.path.join(out_dir, name), "w", encoding="utf-8") as f:
        f.write(shim)
    return name


if __name__ == "__main__":
    sys.exit(main())
