// Signature verification cost per algorithm in headless Chromium, not a test (./x bench runs
// it; by hand: node bench/verify-chromium.mjs DIR, DIR holding verify_wasm.js and its wasm as
// wasm-bindgen --target web wrote them, and bench/gen_signers.py's certificates in DIR/signers).
//
// examples/verify_wasm.rs is the core's `chain::verify::verify` built as the web app's worker
// is (release profile, wasm-opt -Oz); here it runs on a page's main thread, which V8 compiles
// as it does the worker. Each algorithm: calls for 20 ms set the batch, then the fastest
// batch's mean over ~0.3 s, timed by performance.now. Prints µs per verification and, with
// $NATIVE_JSON (examples/verify_bench.rs's last line), the ratio to the native figure; the last
// line is JSON with verify_wasm_us_<algorithm>.

import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser } from '../tests/e2e/lib.mjs';

const ALGORITHMS = ['rsa2048', 'rsa4096', 'p256', 'p384', 'ed25519'];
const dir = process.argv[2];
if (!dir || !existsSync(join(dir, 'verify_wasm.js'))) {
  console.error('usage: node bench/verify-chromium.mjs DIR   (DIR/verify_wasm.js: see ./x bench)');
  process.exit(2);
}
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>verify_wasm</title>\n');
const native = process.env.NATIVE_JSON && existsSync(process.env.NATIVE_JSON) ? JSON.parse(readFileSync(process.env.NATIVE_JSON, 'utf8').trim().split('\n').pop()) : {};

const server = await startServer(dir);
const browser = await launchBrowser();
const out = {};
try {
  const page = await browser.newPage();
  await page.goto(server.url);
  const figures = await page.evaluate(async (algorithms) => {
    const m = await import('./verify_wasm.js');
    await m.default();
    const bytes = async (name) => new Uint8Array(await (await fetch(`signers/${name}.der`)).arrayBuffer());
    const result = {};
    for (const alg of algorithms) {
      try {
        result[alg] = m.verify_us(await bytes(`${alg}-leaf`), await bytes(`${alg}-ca`), () => performance.now());
      } catch (e) {
        result[alg] = String(e);
      }
    }
    return result;
  }, ALGORITHMS);
  for (const alg of ALGORITHMS) {
    const us = figures[alg];
    if (typeof us !== 'number') {
      console.error(`verify-chromium: ${alg}: ${us}`);
      process.exitCode = 1;
      continue;
    }
    out[`verify_wasm_us_${alg}`] = Math.round(us * 10) / 10;
    const n = native[`verify_us_${alg}`];
    const ratio = n ? `  (${(us / n).toFixed(1)}× the native figure, ${n} µs)` : '';
    console.log(`  ${alg.padEnd(8)} ${us.toFixed(1).padStart(9)} µs per verification in Chromium${ratio}`);
  }
} finally {
  await browser.close();
  await server.stop();
}
console.log(JSON.stringify(out));
