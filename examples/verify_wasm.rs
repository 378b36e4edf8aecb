//! Signature verification cost per algorithm in the browser (a benchmark that prints figures,
//! not a test): the twin of `verify_bench.rs`, built for wasm32 with the release profile the
//! web app's worker is built with (the crypto crates at opt-level 3, wasm-opt -Oz), and run in
//! headless Chromium by `bench/verify-chromium.mjs` (`./x bench` does both).
//!
//! Each algorithm: calls for 20 ms (untimed but for their count, the batch), then batches for
//! ~0.3 s; the figure is the fastest batch's mean in µs (the machine is shared).
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

#[cfg(target_arch = "wasm32")]
mod wasm {
    use certlens::chain::verify::{split_signed, verify};
    use wasm_bindgen::prelude::*;

    /// Mean µs per verification of `leaf`'s signature with `ca`'s key (fastest batch), timed
    /// by `now` (the page's `performance.now`, in ms); an error when the certificates do not
    /// parse or the signature does not verify.
    #[wasm_bindgen]
    pub fn verify_us(leaf: &[u8], ca: &[u8], now: &js_sys::Function) -> Result<f64, String> {
        let (_, issuer) = x509_parser::parse_x509_certificate(ca).map_err(|e| format!("the CA: {e}"))?;
        let spki = issuer.tbs_certificate.subject_pki.raw;
        let signed = split_signed(leaf).ok_or("the leaf is not a signed structure")?;
        let check = verify(&signed, spki);
        if !check.ok() {
            return Err(format!("not verified: {:?} {}", check.status, check.detail));
        }
        let now = || now.call0(&JsValue::NULL).ok().and_then(|t| t.as_f64()).unwrap_or(0.0);
        // The batch: as many calls as take 20 ms.
        let (mut batch, t0) = (0u32, now());
        while now() - t0 < 20.0 {
            let _ = verify(&signed, spki);
            batch += 1;
        }
        let (mut best, start) = (f64::INFINITY, now());
        while now() - start < 300.0 {
            let t = now();
            for _ in 0..batch {
                let _ = verify(&signed, spki);
            }
            best = best.min((now() - t) * 1000.0 / f64::from(batch));
        }
        Ok(best)
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("verify_wasm is built for wasm32 and run in Chromium: ./x bench (bench/verify-chromium.mjs)");
}
