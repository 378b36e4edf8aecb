//! Signature verification cost per algorithm (a benchmark that prints figures, not a test):
//! µs per call of the core's `chain::verify::verify` on a leaf and its issuer's public key.
//!
//!     python3 bench/gen_signers.py DIR
//!     cargo run --release --example verify_bench -- DIR
//!
//! Native release build (Cargo.toml's release profile: the crypto crates at opt-level 3).
//! Each algorithm: one untimed warm-up, then batches of calls for about 0.3 s; the figure is
//! the fastest batch's mean (the machine is shared). The last line is one JSON object with
//! `verify_us_rsa2048`, `verify_us_rsa4096`, `verify_us_p256`, `verify_us_p384`,
//! `verify_us_ed25519` (bench/run.sh adds them to `./x bench --json`).

use std::time::{Duration, Instant};

use certlens::chain::verify::{split_signed, verify};

const ALGORITHMS: [&str; 5] = ["rsa2048", "rsa4096", "p256", "p384", "ed25519"];

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: verify_bench DIR   (DIR from: python3 bench/gen_signers.py DIR)");
        std::process::exit(2);
    };
    let mut json = Vec::new();
    for alg in ALGORITHMS {
        match time(&dir, alg) {
            Ok((us, calls, name)) => {
                println!("  {alg:<8} {us:9.1} µs per verification  ({name}; fastest batch mean, {calls} calls)");
                json.push(format!("\"verify_us_{alg}\": {us:.1}"));
            }
            Err(e) => {
                eprintln!("verify_bench: {alg}: {e}");
                std::process::exit(1);
            }
        }
    }
    println!("{{{}}}", json.join(", "));
}

/// Mean µs per verification of DIR/ALG-leaf.der with DIR/ALG-ca.der's key; the number of
/// calls timed; the algorithm's name as the core reports it.
fn time(dir: &str, alg: &str) -> Result<(f64, u64, String), String> {
    let read = |role: &str| {
        let path = format!("{dir}/{alg}-{role}.der");
        std::fs::read(&path).map_err(|e| format!("{path}: {e}"))
    };
    let (leaf, ca) = (read("leaf")?, read("ca")?);
    let (_, issuer) = x509_parser::parse_x509_certificate(&ca).map_err(|e| format!("{alg}-ca.der: {e}"))?;
    let spki = issuer.tbs_certificate.subject_pki.raw;
    let signed = split_signed(&leaf).ok_or("the leaf is not a signed structure")?;
    let check = verify(&signed, spki);
    if !check.ok() {
        return Err(format!("not verified: {:?} {}", check.status, check.detail));
    }
    // Batches of a size that takes ~20 ms, for ~0.3 s in all.
    let t0 = Instant::now();
    let _ = verify(&signed, spki);
    let one = t0.elapsed().max(Duration::from_nanos(100));
    let batch = (Duration::from_millis(20).as_nanos() / one.as_nanos()).clamp(1, 100_000) as u64;
    let (mut best, mut calls, start) = (f64::INFINITY, 0, Instant::now());
    while start.elapsed() < Duration::from_millis(300) || calls < 3 * batch {
        let t = Instant::now();
        for _ in 0..batch {
            std::hint::black_box(verify(std::hint::black_box(&signed), std::hint::black_box(spki)));
        }
        best = best.min(t.elapsed().as_secs_f64() * 1e6 / batch as f64);
        calls += batch;
    }
    Ok((best, calls, check.algorithm))
}
