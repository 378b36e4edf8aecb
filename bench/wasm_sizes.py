#!/usr/bin/env python3
"""Code bytes of a wasm file by crate (from its name section), largest first.

usage: wasm_sizes.py FILE.wasm [TOP] [--functions]

Reads the code section (each function body's size) and the `name` custom section (function
names, Rust-mangled: the legacy `_ZN` scheme or v0 `_R`, which current toolchains write);
groups by the crate of the name (for a trait impl, its self type's crate). Read cargo's
target/wasm32-unknown-unknown/release/*.wasm, which keeps the names (wasm-bindgen and
wasm-opt drop them: a file without names is refused rather than reported as one lump).
"""
import re
import sys
from collections import Counter


def leb(data, pos):
    result = shift = 0
    while True:
        b = data[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return result, pos


def sections(data):
    pos = 8
    while pos < len(data):
        sid = data[pos]
        size, pos = leb(data, pos + 1)
        yield sid, data[pos:pos + size]
        pos += size


def demangle(name):
    # Legacy Rust mangling: _ZN <len><ident>... E
    m = re.match(r"_ZN((?:\d+[^\d][^E]*?)+)E$", name)
    if not name.startswith("_ZN"):
        return name
    parts, s, pos = [], name[3:], 0
    while pos < len(s) and s[pos].isdigit():
        n = re.match(r"\d+", s[pos:]).group(0)
        pos += len(n)
        parts.append(s[pos:pos + int(n)])
        pos += int(n)
    return "::".join(parts)


def v0_readable(name):
    """A v0 symbol (RFC 2603) as the identifiers it names, joined by `::` (kinds, back-references and
    basic types left out: enough to tell functions apart)."""
    s, i, parts = name, 2, []

    def skip_to_underscore(j):
        k = s.find("_", j)
        return len(s) if k < 0 else k + 1

    while i < len(s):
        c = s[i]
        if c == "N":  # a namespace: N, its kind, the path, then the identifier
            i += 2
        elif c in "BsX" and i + 1 < len(s) and (s[i + 1].isalnum() or s[i + 1] == "_"):
            # a back-reference or a disambiguator: base62 digits up to `_` (X: an impl's)
            i = skip_to_underscore(i + 1) if c != "X" or s[i + 1] == "s" else i + 1
        elif c == "C":  # a crate root: an optional disambiguator, then its name
            i += 1
            if i < len(s) and s[i] == "s":
                i = skip_to_underscore(i)
        elif c.isdigit():
            j = i
            while j < len(s) and s[j].isdigit():
                j += 1
            n = int(s[i:j])
            if j < len(s) and s[j] == "_":
                j += 1
            if n:
                parts.append(s[j:j + n])
            i = j + n
        else:
            i += 1
    return "::".join(parts) or name


def crate_of(name):
    if name.startswith("_R"):
        # A v0 path starts at its crate root (an impl's: its self type's).
        return v0_readable(name).split("::")[0]
    d = demangle(name)
    d = d.replace("$LT$", "<").replace("$GT$", ">").replace("$u20$", " ").replace("..", "::")
    if d.startswith("_<") or d.startswith("<"):
        inner = d.lstrip("_<")
        for seg in re.split(r"[\s<>&*,]+", inner):
            if seg and seg not in ("mut", "dyn", "const", "as", "impl"):
                return seg.split("::")[0]
    return d.split("::")[0] if "::" in d else "(other)"


def main():
    args = [a for a in sys.argv[1:] if a != "--functions"]
    if not args:
        sys.exit(__doc__)
    path = args.pop(0)
    top = int(args[0]) if args and args[0].isdigit() else 30
    data = open(path, "rb").read()
    imported = 0
    bodies = []
    names = {}
    for sid, body in sections(data):
        if sid == 2:  # imports: count function imports
            n, p = leb(body, 0)
            for _ in range(n):
                for _ in range(2):
                    ln, p = leb(body, p)
                    p += ln
                kind = body[p]
                p += 1
                if kind == 0:
                    _, p = leb(body, p)
                    imported += 1
                elif kind == 1:
                    p += 1
                    flags, p = leb(body, p)
                    _, p = leb(body, p)
                    if flags & 1:
                        _, p = leb(body, p)
                elif kind == 2:
                    flags, p = leb(body, p)
                    _, p = leb(body, p)
                    if flags & 1:
                        _, p = leb(body, p)
                elif kind == 3:
                    p += 2
        elif sid == 10:
            n, p = leb(body, 0)
            for _ in range(n):
                size, p2 = leb(body, p)
                bodies.append(size + (p2 - p))
                p = p2 + size
        elif sid == 0:
            ln, p = leb(body, 0)
            if body[p:p + ln] != b"name":
                continue
            p += ln
            while p < len(body):
                sub = body[p]
                size, p = leb(body, p + 1)
                if sub == 1:
                    q = p
                    n, q = leb(body, q)
                    for _ in range(n):
                        idx, q = leb(body, q)
                        ln2, q = leb(body, q)
                        names[idx] = body[q:q + ln2].decode("utf-8", "replace")
                        q += ln2
                p += size
    if not names:
        sys.exit(f"{path}: no function names (no `name` section; wasm-bindgen and wasm-opt drop it): "
                 "read cargo's target/wasm32-unknown-unknown/release/*.wasm")
    by_crate = Counter()
    by_fn = []
    for i, size in enumerate(bodies):
        name = names.get(imported + i, f"func{imported + i}")
        by_crate[crate_of(name)] += size
        by_fn.append((size, v0_readable(name) if name.startswith("_R") else demangle(name)))
    total = sum(bodies)
    print(f"{path}: {len(data)} B, code {total} B in {len(bodies)} functions")
    for crate, size in by_crate.most_common(top):
        print(f"  {size:9d} B  {100 * size / total:5.1f} %  {crate}")
    if "--functions" in sys.argv:
        for size, name in sorted(by_fn, reverse=True)[:top]:
            print(f"  {size:9d} B  {name[:140]}")


if __name__ == "__main__":
    main()
