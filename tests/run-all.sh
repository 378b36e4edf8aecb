#!/usr/bin/env bash
# Every certlens test suite, in this order (`./x test` runs it after `./x setup`):
#
#   native       cargo test --all-targets (certlens and sig/), then the doc tests (rustup stable, x86_64)
#   clippy       cargo clippy --all-targets -- -D warnings, natively and for wasm32 (the lib and
#                the web app's two bins, as trunk builds them) (one check)
#   wasm-node    tests/wasm_core.rs as wasm32 under node      (cargo test --target wasm32, runner:
#                wasm-bindgen-test-runner)
#   wasm-chrome  tests/wasm_core.rs as wasm32 in Chromium      (the same, WASM_BINDGEN_USE_BROWSER=1)
#   e2e          release build (trunk), served on a free loopback port, driven in Debian's
#                Chromium by playwright-core: node --test tests/e2e/
#
# A failing suite does not stop the others. Each suite prints its own line, then one summary
# line `certlens: N passed, N failed`; the exit status is non-zero when anything failed, when a
# suite could not run, or when a suite ran zero tests. Nothing is ever skipped: a missing
# Chromium or chromedriver is a failure.
#
#   tests/run-all.sh                  all suites
#   tests/run-all.sh wasm-node e2e    only these (same summary)
#
# Full output of each suite: $LOG_DIR/<suite>.log (printed at the end).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

WASM_TOOLCHAIN="certlens-wasm"
CHROMIUM=/usr/bin/chromium
CHROMEDRIVER_BIN=/usr/bin/chromedriver
export PATH="$HOME/.cargo/bin:$ROOT/tests/e2e/node_modules/.bin:$PATH"
export TRUNK_OFFLINE=true TRUNK_SKIP_VERSION_CHECK=true
LOG_DIR="${CARGO_TARGET_DIR:-$ROOT/target}/certlens-test-logs"
mkdir -p "$LOG_DIR"

ALL_SUITES=(native clippy wasm-node wasm-chrome e2e)
# The first visit (what index.html loads: wasm + js + css), gzip -9 bytes (issue 11).
FIRST_VISIT_BUDGET=250000
# The analysis worker (loader + glue + wasm), gzip -9 bytes: not part of the first visit, but
# every first drop waits for it (on a 10 Mbit/s link ~0.5 s). Set ~2 % above what it measures,
# so that growth is a decision, not a drift.
WORKER_BUDGET=660000
if [ $# -gt 0 ]; then SUITES=("$@"); else SUITES=("${ALL_SUITES[@]}"); fi

TOTAL_PASSED=0
TOTAL_FAILED=0
SUMMARY_LINES=()

banner() { printf '\n\033[1m==> [%s] %s\033[0m\n' "$1" "$2"; }

# record SUITE PASSED FAILED [NOTE]
record() {
  local suite="$1" passed="$2" failed="$3" note="${4:-}"
  TOTAL_PASSED=$((TOTAL_PASSED + passed))
  TOTAL_FAILED=$((TOTAL_FAILED + failed))
  local line
  line="$(printf '  %-12s %5d passed, %d failed' "$suite" "$passed" "$failed")"
  [ -n "$note" ] && line="$line  ($note)"
  SUMMARY_LINES+=("$line")
  if [ "$failed" -gt 0 ]; then
    printf '\033[31m[%s] %d passed, %d failed %s\033[0m\n' "$suite" "$passed" "$failed" "$note"
  else
    printf '\033[32m[%s] %d passed %s\033[0m\n' "$suite" "$passed" "$note"
  fi
}

# run LOG CMD...: run a command, its output both on the terminal and in LOG; returns its status.
run() {
  local log="$1"; shift
  printf '$ %s\n' "$*" | tee -a "$log"
  "$@" 2>&1 | tee -a "$log"
  return "${PIPESTATUS[0]}"
}

# Sum the libtest-style lines `test result: ok. N passed; M failed; ...` of a log
# (cargo test and wasm-bindgen-test-runner both print them). Prints "PASSED FAILED".
libtest_counts() {
  sed 's/\x1b\[[0-9;]*m//g' "$1" | awk '
    /test result: / {
      for (i = 1; i <= NF; i++) {
        if ($(i+1) ~ /^passed;?$/) p += $i
        if ($(i+1) ~ /^failed;?$/) f += $i
      }
    }
    END { printf "%d %d\n", p, f }'
}

# Turn a command status and parsed counts into a recorded result: a non-zero status with no
# failing test counted (build error, crash, timeout) is one failure; zero tests is a failure.
record_counts() {
  local suite="$1" status="$2" passed="$3" failed="$4" note="${5:-}"
  if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    failed=1; note="${note:+$note; }exit status $status, see $LOG_DIR/$suite.log"
  fi
  if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
    failed=1; note="${note:+$note; }zero tests ran"
  fi
  record "$suite" "$passed" "$failed" "$note"
}

suite_native() {
  local log="$LOG_DIR/native.log" status=0
  banner native "cargo test --all-targets (rustup stable, $(rustc --version 2>/dev/null | cut -d' ' -f2))"
  run "$log" cargo test -p certlens -p certlens-sig --all-targets --no-fail-fast || status=$?
  banner native "cargo test --doc"
  run "$log" cargo test --doc --no-fail-fast || status=$?
  read -r p f < <(libtest_counts "$log")
  record_counts native "$status" "$p" "$f"
}

suite_clippy() {
  local log="$LOG_DIR/clippy.log" status=0
  banner clippy "cargo clippy --all-targets -- -D warnings (native, then wasm32: lib and bins)"
  run "$log" cargo clippy -p certlens -p certlens-sig --all-targets -- -D warnings || status=$?
  # The page and the worker compile code behind cfg(target_arch = "wasm32") that the native
  # run never sees.
  RUSTUP_TOOLCHAIN="$WASM_TOOLCHAIN" run "$log" cargo clippy -p certlens --target wasm32-unknown-unknown --lib --bins -- -D warnings || status=$?
  if [ "$status" -eq 0 ]; then record clippy 1 0; else record clippy 0 1 "warnings or errors, see $log"; fi
}

# The core's wasm suite (tests/wasm_core.rs, the test target of the small package tests/wasm, so
# that only it and the library are compiled for wasm32), built with Debian's rustc through the
# rustup toolchain certlens-wasm and run by the installed wasm-bindgen-test-runner (cargo's
# target runner): under node, or in headless Chromium through /usr/bin/chromedriver. Nothing is
# downloaded. Both suites share one wasm32 build (target/wasm32-unknown-unknown/debug).
have_wasm_tools() {
  local missing=()
  command -v wasm-bindgen-test-runner >/dev/null || missing+=(wasm-bindgen-test-runner)
  cargo "+$WASM_TOOLCHAIN" --version 2>/dev/null | grep -q '1\.9[6-9]' || missing+=("toolchain $WASM_TOOLCHAIN")
  if [ ${#missing[@]} -gt 0 ]; then
    echo "MISSING: ${missing[*]} (run ./x setup)" >&2
    return 1
  fi
}

WASM_TEST=(env CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
           cargo "+$WASM_TOOLCHAIN" test --target wasm32-unknown-unknown
           -p certlens-wasm-tests --test wasm_core)

suite_wasm_node() {
  local log="$LOG_DIR/wasm-node.log" status=0
  banner wasm-node "cargo test --target wasm32-unknown-unknown (tests/wasm_core.rs under node $(node --version 2>/dev/null))"
  if ! have_wasm_tools 2>&1 | tee -a "$log"; then record wasm-node 0 1 "tools missing"; return; fi
  run "$log" "${WASM_TEST[@]}" || status=$?
  read -r p f < <(libtest_counts "$log")
  record_counts wasm-node "$status" "$p" "$f"
}

suite_wasm_chrome() {
  local log="$LOG_DIR/wasm-chrome.log" status=0
  banner wasm-chrome "cargo test --target wasm32-unknown-unknown (tests/wasm_core.rs in headless Chromium)"
  local missing=""
  [ -x "$CHROMIUM" ] || missing="$missing $CHROMIUM"
  [ -x "$CHROMEDRIVER_BIN" ] || missing="$missing $CHROMEDRIVER_BIN"
  if [ -n "$missing" ]; then
    echo "FAILED: not installed:$missing (Debian packages chromium chromium-driver; run ./x setup)" | tee -a "$log"
    record wasm-chrome 0 1 "Chromium or chromedriver missing"; return
  fi
  if ! have_wasm_tools 2>&1 | tee -a "$log"; then record wasm-chrome 0 1 "tools missing"; return; fi
  # Without WASM_BINDGEN_USE_BROWSER the runner would run suites not marked run_in_browser in node.
  run "$log" timeout 1800 env WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER="$CHROMEDRIVER_BIN" \
    "${WASM_TEST[@]}" || status=$?
  read -r p f < <(libtest_counts "$log")
  # The runner announces where it runs; make sure it was really Chromium.
  if ! grep -qi 'headless tests in chrome' "$log"; then
    record_counts wasm-chrome "$status" 0 $((f + 1)) "the runner did not report running in Chrome"
    return
  fi
  record_counts wasm-chrome "$status" "$p" "$f"
}

suite_e2e() {
  local log="$LOG_DIR/e2e.log" tap="$LOG_DIR/e2e.tap" status=0
  banner e2e "release build, then node --test tests/e2e/ in $CHROMIUM (playwright-core)"
  local missing=""
  [ -x "$CHROMIUM" ] || missing="$missing $CHROMIUM"
  [ -d tests/e2e/node_modules/playwright-core ] || missing="$missing tests/e2e/node_modules/playwright-core"
  if [ -n "$missing" ]; then
    echo "FAILED: not installed:$missing (run ./x setup)" | tee -a "$log"
    record e2e 0 1 "not installed:$missing"; return
  fi
  if ! RUSTUP_TOOLCHAIN="$WASM_TOOLCHAIN" run "$log" scripts/release-build.sh; then
    record e2e 0 1 "release build failed, see $log"; return
  fi
  # The sizes, from this same build (bench/sizes.mjs), against their budgets:
  # FIRST_VISIT_BUDGET bytes of gzip for wasm + js + css, WORKER_BUDGET for the analysis
  # worker (loaded with the first file). Over a budget, the e2e suite fails (one failure
  # more, named in the summary). ENFORCE_FIRST_VISIT_BUDGET=0 only prints them (for trying
  # out something large locally; CI never sets it).
  local over_budget=0
  if ! run "$log" node bench/sizes.mjs dist --budget "$FIRST_VISIT_BUDGET" --worker-budget "$WORKER_BUDGET"; then
    if [ "${ENFORCE_FIRST_VISIT_BUDGET:-1}" = 0 ]; then
      echo "(ENFORCE_FIRST_VISIT_BUDGET=0: the size budgets ($FIRST_VISIT_BUDGET B gzip for the first visit, $WORKER_BUDGET B for the worker) are not enforced in this run)" | tee -a "$log"
    else
      over_budget=1
    fi
  fi
  rm -f "$tap"
  # Each test file starts its own server (tests/e2e/serve.py, port 0 = a free loopback port)
  # and browser through tests/e2e/lib.mjs.
  CERTLENS_DIST="$ROOT/dist" run "$log" timeout 1200 node --test \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$tap" \
    tests/e2e/ || status=$?
  local p f c s
  p=$(awk '/^# pass /{print $3}' "$tap" 2>/dev/null | tail -1)
  f=$(awk '/^# fail /{print $3}' "$tap" 2>/dev/null | tail -1)
  c=$(awk '/^# cancelled /{print $3}' "$tap" 2>/dev/null | tail -1)
  s=$(awk '/^# (skipped|todo) /{n += $3} END {print n + 0}' "$tap" 2>/dev/null)
  p=${p:-0}; f=$(( ${f:-0} + ${c:-0} + ${s:-0} ))
  local note=""
  [ "${s:-0}" -gt 0 ] && note="$s skipped or todo: e2e tests never skip"
  if [ "$over_budget" = 1 ]; then
    f=$((f + 1)); note="${note:+$note; }a size is over its budget (first visit $FIRST_VISIT_BUDGET B gzip, worker $WORKER_BUDGET B gzip: the log says which)"
  fi
  record_counts e2e "$status" "$p" "$f" "$note"
  ls tests/e2e/out/*.png >/dev/null 2>&1 && echo "screenshots: $(ls tests/e2e/out/*.png | tr '\n' ' ')"
}

T0=$SECONDS
for suite in "${SUITES[@]}"; do
  : > "$LOG_DIR/$suite.log"
  case "$suite" in
    native) suite_native ;;
    clippy) suite_clippy ;;
    wasm-node) suite_wasm_node ;;
    wasm-chrome) suite_wasm_chrome ;;
    e2e) suite_e2e ;;
    *) echo "unknown suite $suite (known: ${ALL_SUITES[*]})" >&2; record "$suite" 0 1 "unknown suite" ;;
  esac
done

printf '\n\033[1m==> summary (%d s; logs in %s)\033[0m\n' "$((SECONDS - T0))" "$LOG_DIR"
printf '%s\n' "${SUMMARY_LINES[@]}"
echo "certlens: $TOTAL_PASSED passed, $TOTAL_FAILED failed"
[ "$TOTAL_FAILED" -eq 0 ]
