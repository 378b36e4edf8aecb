#!/usr/bin/env python3
"""Serve a built certlens (dist/) on the loopback interface.

usage: serve.py DIST [PORT]

PORT 0 (or none) picks a free port. The first line on stdout is always
`certlens: serving DIST on http://127.0.0.1:PORT/` so that callers (./x serve,
tests/e2e/lib.mjs) can read the URL. Only 127.0.0.1 is bound: the app never
needs to be reachable from elsewhere.
"""

import functools
import http.server
import sys


class Handler(http.server.SimpleHTTPRequestHandler):
    # Browsers refuse WebAssembly.instantiateStreaming without this type.
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".css": "text/css",
        ".html": "text/html; charset=utf-8",
        ".svg": "image/svg+xml",
        ".json": "application/json",
    }

    def end_headers(self):
        # Always serve the latest build; no stale wasm after a rebuild.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 (stdlib signature)
        if self.server.verbose:
            super().log_message(format, *args)


def main():
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 2
    dist = sys.argv[1]
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    handler = functools.partial(Handler, directory=dist)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.verbose = False
    print(f"certlens: serving {dist} on http://127.0.0.1:{server.server_address[1]}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
