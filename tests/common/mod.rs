//! What the command-line suites (`cli`, `server_cli`, `share_cli`) share: the
//! evaluation time of the fixtures, their paths, and running the `certlens` binary.
// Each suite uses a part of it.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

/// The fixtures' evaluation time.
pub const AT: &str = "2026-11-23T00:00:00Z";

/// The path of a committed fixture, `rel` below `tests/fixtures/`.
pub fn fixture(rel: &str) -> String {
    let p: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "fixtures", rel].iter().collect();
    p.to_string_lossy().into_owned()
}

/// Run `certlens` with these arguments.
pub fn certlens(args: &[&str]) -> Output {
    certlens_env(args, &[])
}

/// Run `certlens` with these arguments and environment variables.
pub fn certlens_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_certlens")).args(args).envs(env.iter().copied()).output().unwrap()
}

/// Bytes as text (lossy).
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    text(&o.stdout)
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    text(&o.stderr)
}

/// Run with `args` (which include `--json`) and parse standard output.
pub fn json(args: &[&str]) -> (serde_json::Value, Output) {
    let out = certlens(args);
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("--json output does not parse ({e}):\n{}\n{}", stdout(&out), stderr(&out)));
    (v, out)
}
