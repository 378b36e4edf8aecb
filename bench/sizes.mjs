// What a browser downloads from a release build (dist/), raw, gzip -9 and brotli (q 11):
// the first visit (everything index.html loads: the boot script, the page's JS and wasm,
// the style sheets) and, apart, the analysis worker (loaded with the first file).
//
//   node bench/sizes.mjs [DIST] [--json] [--budget BYTES] [--worker-budget BYTES]
//
// --budget: exit 1 when the first visit's gzip bytes (wasm + js + css) exceed BYTES.
// --worker-budget: exit 1 when the worker's gzip bytes (its loader, glue and wasm) exceed
// BYTES: it is not part of the first visit, but every first drop waits for it to arrive.
// The files are found from index.html, not by pattern, so a file the page does not load
// does not count, and one it loads is never missed.

import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const args = process.argv.slice(2);
const json = args.includes('--json');
const budgetAt = args.indexOf('--budget');
const budget = budgetAt >= 0 ? Number(args[budgetAt + 1]) : null;
const workerBudgetAt = args.indexOf('--worker-budget');
const workerBudget = workerBudgetAt >= 0 ? Number(args[workerBudgetAt + 1]) : null;
const dist = args.find((a, i) => !a.startsWith('--') && !['--budget', '--worker-budget'].includes(args[i - 1])) ?? 'dist';

function measure(name) {
  const bytes = readFileSync(join(dist, name));
  return {
    file: name,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const local = (url) => url.replace(/^\.?\//, '');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const first = new Set();
for (const m of html.matchAll(/<script[^>]*\ssrc=["']?([^"'\s>]+)/g)) first.add(local(m[1]));
for (const m of html.matchAll(/<link[^>]*>/g)) {
  const tag = m[0];
  const href = tag.match(/\shref=["']?([^"'\s>]+)/)?.[1];
  if (href && /rel=["']?(stylesheet|modulepreload|preload)/.test(tag)) first.add(local(href));
}
// The boot script imports the page's JS, which loads its wasm.
for (const name of [...first]) {
  if (!name.endsWith('.js') || !existsSync(join(dist, name))) continue;
  const text = readFileSync(join(dist, name), 'utf8');
  for (const m of text.matchAll(/['"]\.?\/?([\w.-]+\.(?:js|wasm))['"]/g)) if (existsSync(join(dist, m[1]))) first.add(m[1]);
}
for (const name of [...first]) {
  const wasm = name.replace(/\.js$/, '_bg.wasm');
  if (name.endsWith('.js') && existsSync(join(dist, wasm))) first.add(wasm);
}
const worker = [];
const loader = html.match(/name=["']?certlens-worker["']?\s+content=["']?([^"'\s>]+)/)?.[1]
  ?? html.match(/content=["']?([^"'\s>]+)["']?\s+name=["']?certlens-worker/)?.[1];
if (loader) {
  const l = local(loader);
  worker.push(l);
  const text = readFileSync(join(dist, l), 'utf8');
  for (const m of text.matchAll(/["']\.\/([\w.-]+\.(?:js|wasm))["']/g)) worker.push(m[1]);
}

const counted = (f) => /\.(wasm|js|css)$/.test(f);
const sum = (list) => list.reduce((a, f) => ({ raw: a.raw + f.raw, gzip: a.gzip + f.gzip, brotli: a.brotli + f.brotli }), { raw: 0, gzip: 0, brotli: 0 });
const firstFiles = [...first].filter((f) => counted(f) && existsSync(join(dist, f))).map(measure);
const workerFiles = worker.filter((f) => existsSync(join(dist, f))).map(measure);
const out = { first_visit: sum(firstFiles), worker: sum(workerFiles), files: { first_visit: firstFiles, worker: workerFiles } };

if (json) {
  console.log(JSON.stringify(out));
} else {
  const row = (label, f) => console.log(`  ${label.padEnd(52)} ${String(f.raw).padStart(9)} B raw ${String(f.gzip).padStart(8)} B gzip ${String(f.brotli).padStart(8)} B brotli`);
  console.log('first visit (what index.html loads):');
  for (const f of firstFiles) row(f.file, f);
  row('total', out.first_visit);
  console.log('analysis worker (loaded with the first file):');
  for (const f of workerFiles) row(f.file, f);
  row('total', out.worker);
}
let over = false;
const check = (label, gz, limit) => {
  const verdict = gz <= limit ? `within (${limit - gz} B to spare)` : `OVER by ${gz - limit} B`;
  console.error(`${label}: ${gz} B gzip, budget ${limit} B: ${verdict}`);
  over ||= gz > limit;
};
if (budget !== null) check('first visit (wasm + js + css)', out.first_visit.gzip, budget);
if (workerBudget !== null) check('analysis worker (loader, js, wasm)', out.worker.gzip, workerBudget);
if (over) process.exit(1);
