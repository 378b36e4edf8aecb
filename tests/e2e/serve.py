#!/usr/bin/env python3
"""Serve a built certlens (dist/) on the loopback interface.

usage: serve.py DIST [PORT] [--prefix /tools/certlens/] [--csp] [--frame-ancestors SOURCES] [--log FILE]

PORT 0 (or none) picks a free port. The first line on stdout is always
`certlens: serving DIST on http://127.0.0.1:PORT/PREFIX` so that callers (./x serve,
tests/e2e/lib.mjs) can read the URL. Only 127.0.0.1 is bound: the app never
needs to be reachable from elsewhere.

--prefix P  serve DIST under the path P (as a host would put certlens in a sub-folder);
            other paths answer 404, so an absolute asset URL would fail.
--csp       send the headers the README recommends for hosts: Content-Security-Policy
            (strict: no inline script, connect-src 'self', frame-ancestors),
            X-Content-Type-Options, Referrer-Policy.
--frame-ancestors SOURCES  who may embed the page (with --csp), e.g. "https://wiki.example";
            'self' and the loopback origins are always allowed.
--log FILE  append every request line (method, path, status) to FILE. Browsers never send
            the #fragment of a URL; the end-to-end tests check the log for that.
"""

import argparse
import functools
import http.server
import sys

# The policy a host should send (README, "Hosting"). frame-ancestors: who may embed the page
# in an iframe; 'self' plus the loopback origins, plus --frame-ancestors.
CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'self' http://127.0.0.1:* http://localhost:*"
)


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

    def translate_path(self, path):
        prefix = self.server.prefix
        if prefix != "/":
            if not path.startswith(prefix):
                return "/nonexistent-outside-prefix"
            path = "/" + path[len(prefix):]
        return super().translate_path(path)

    def send_head(self):
        prefix = self.server.prefix
        if prefix != "/" and self.path.split("?")[0] == prefix.rstrip("/"):
            # /tools/certlens → /tools/certlens/ (as static servers do for folders).
            self.send_response(301)
            self.send_header("Location", prefix)
            self.end_headers()
            return None
        if prefix != "/" and not self.path.startswith(prefix):
            self.send_error(404, "outside the served prefix")
            return None
        return super().send_head()

    def end_headers(self):
        # Always serve the latest build; no stale wasm after a rebuild.
        self.send_header("Cache-Control", "no-store")
        if self.server.csp:
            extra = (" " + self.server.frame_ancestors) if self.server.frame_ancestors else ""
            self.send_header("Content-Security-Policy", CSP + extra)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 (stdlib signature)
        if self.server.log:
            with open(self.server.log, "a", encoding="utf-8") as f:
                f.write("%s\n" % (format % args))
        if self.server.verbose:
            super().log_message(format, *args)


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("dist")
    parser.add_argument("port", nargs="?", type=int, default=0)
    parser.add_argument("--prefix", default="/")
    parser.add_argument("--csp", action="store_true")
    parser.add_argument("--log")
    parser.add_argument("--frame-ancestors", default="")
    args = parser.parse_args()
    prefix = "/" + args.prefix.strip("/") + "/" if args.prefix.strip("/") else "/"
    handler = functools.partial(Handler, directory=args.dist)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    server.verbose = False
    server.prefix = prefix
    server.csp = args.csp
    server.log = args.log
    server.frame_ancestors = args.frame_ancestors
    print(f"certlens: serving {args.dist} on http://127.0.0.1:{server.server_address[1]}{prefix}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
