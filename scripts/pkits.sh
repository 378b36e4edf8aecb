#!/bin/sh
# NIST PKITS conformance of the chain engine: prints the table
# (section, passed, failed, excepted), the exceptions with their reasons and any failure.
# Needs the PKITS data from `./x setup` (env CERTLENS_VECTORS).
set -e
cd "$(dirname "$0")/.."
cargo test --quiet --test pkits -- --nocapture 2>&1 | sed -n '/^PKITS conformance/,/^test result/p' | grep -v '^test result'
