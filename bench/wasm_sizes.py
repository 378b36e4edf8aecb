#!/usr/bin/env python3
"""Code bytes of a wasm file by crate (from its name section), largest first.

usage: wasm_sizes.py FILE.wasm [TOP] [--functions]

Reads the code section (each function body's size) and the `name` custom section (function
names, Rust-mangled); groups by the first path segment of the demangled name (the crate, or
`<impl>` for trait impls, grouped by their self type's crate). Build without stripping
(cargo's target/wasm32-unknown-unknown/release/*.wasm keeps the names; wasm-opt drops them).
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


def crate_of(name):
    d = demangle(name)
    d = d.replace("$LT$", "<").replace("$GT$", ">").replace("$u20$", " ").replace("..", "::")
    if d.startswith("_<") or d.startswith("<"):
        inner = d.lstrip("_<")
        for seg in re.split(r"[\s<>&*,]+", inner):
            if seg and seg not in ("mut", "dyn", "const", "as", "impl"):
                return seg.split("::")[0]
    return d.split("::")[0] if "::" in d else "(other)"


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2].isdigit() else 30
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
    by_crate = Counter()
    by_fn = []
    for i, size in enumerate(bodies):
        name = names.get(imported + i, f"func{imported + i}")
        by_crate[crate_of(name)] += size
        by_fn.append((size, demangle(name)))
    total = sum(bodies)
    print(f"{path}: {len(data)} B, code {total} B in {len(bodies)} functions")
    for crate, size in by_crate.most_common(top):
        print(f"  {size:9d} B  {100 * size / total:5.1f} %  {crate}")
    if "--functions" in sys.argv:
        for size, name in sorted(by_fn, reverse=True)[:top]:
            print(f"  {size:9d} B  {name[:140]}")


if __name__ == "__main__":
    main()
